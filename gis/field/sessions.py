"""Browser sessions and API tokens over their life: a session ends after its lifetime or after
a time without use (a phone left signed in), is listed and ended by an officer; a token is
rotated (the new one shown once, the old one dead at once).

Making users and checking a secret is :mod:`gis.field.accounts`; this module builds on its
credential rows (``kind`` ``session`` and ``token``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, Connection, select, update

from gis.errors import NotFound
from gis.field.accounts import Unauthorized, User, _aware, _issue, _load, _verify
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import credentials, users

__all__ = [
    "SEEN_EVERY",
    "SessionCheck",
    "SessionInfo",
    "check_session",
    "end_sessions",
    "list_sessions",
    "rotate_token",
    "short_agent",
    "touch_session",
]

# A session's last_seen_at is written at most this often: every request of a signed-in page
# would otherwise be a write, and the idle timeout is counted in hours.
SEEN_EVERY = timedelta(minutes=5)


@dataclass(frozen=True)
class SessionCheck:
    user: User
    credential_id: int
    seen: datetime  # when it was last seen (its start if never since)

    def needs_touch(self, at: datetime) -> bool:
        return at - self.seen >= SEEN_EVERY


@dataclass(frozen=True)
class SessionInfo:
    id: int
    created_at: datetime
    last_seen_at: datetime
    expires_at: datetime
    user_agent: str | None

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "created_at": self.created_at.isoformat(),
            "last_seen_at": self.last_seen_at.isoformat(),
            "expires_at": self.expires_at.isoformat(),
            "user_agent": self.user_agent,
        }


def check_session(conn: Connection, session: str, *, idle: timedelta) -> SessionCheck:
    """The session's user, if it is good: not ended, not past its lifetime, and seen within
    ``idle`` (``auth.session_ended`` otherwise, as for any session that is over)."""
    row = _verify(conn, session, "session")
    seen = _aware(row.last_seen_at or row.created_at)
    if now() - seen >= idle:
        raise Unauthorized("auth.session_ended")
    return SessionCheck(_load(conn, row.user_id), int(row.id), seen)


def touch_session(registry: Registry, *, credential_id: int) -> None:
    """Mark the session seen now (its idle time starts again)."""
    with registry.write(shared=True) as conn:  # one row of one user: as spending a link
        conn.execute(
            update(credentials).where(credentials.c.id == credential_id).values(last_seen_at=now())
        )


def _user_row(conn: Connection, name: str) -> int:
    row = conn.execute(select(users.c.id, users.c.revoked_at).where(users.c.name == name.strip()))
    found = row.first()
    if found is None or found.revoked_at is not None:
        raise NotFound("user.not_found", field="name", value=name)
    return int(found.id)


def _live(user_id: int, kind: str, at: datetime) -> list[ColumnElement[bool]]:
    return [
        credentials.c.user_id == user_id,
        credentials.c.kind == kind,
        credentials.c.revoked_at.is_(None),
        (credentials.c.expires_at.is_(None)) | (credentials.c.expires_at > at),
    ]


def rotate_token(
    registry: Registry, *, name: str, lifetime: timedelta | None, actor: str
) -> tuple[str, datetime | None]:
    """A new API token for ``name`` (its secret and when it expires; ``lifetime`` None: never);
    every token of theirs still live ends now. Their sessions and links go on."""
    at = now()
    expires = None if lifetime is None else at + lifetime
    with registry.write(shared=True) as conn:
        user_id = _user_row(conn, name)
        ended = conn.execute(
            update(credentials).where(*_live(user_id, "token", at)).values(revoked_at=at)
        ).rowcount
        token = _issue(conn, user_id, "token", at, expires)
        log_event(
            conn,
            actor=actor,
            action="user.token_rotate",
            entity="user",
            entity_id=user_id,
            after={"tokens_ended": ended, "expires_at": expires},
            at=at,
        )
    return token, expires


def list_sessions(conn: Connection, *, name: str, idle: timedelta) -> list[SessionInfo]:
    """The user's live sessions, the oldest first: not ended, not past their lifetime, seen
    within ``idle``."""
    at = now()
    user_id = _user_row(conn, name)
    rows = conn.execute(
        select(credentials).where(*_live(user_id, "session", at)).order_by(credentials.c.id)
    ).all()
    out = []
    for r in rows:
        seen = _aware(r.last_seen_at or r.created_at)
        if at - seen < idle:
            created, expires = _aware(r.created_at), _aware(r.expires_at)
            out.append(SessionInfo(int(r.id), created, seen, expires, r.user_agent))
    return out


def end_sessions(
    registry: Registry, *, name: str, session_id: int | None = None, actor: str
) -> int:
    """End the user's live sessions now — every one, or the one numbered ``session_id`` (as
    :func:`list_sessions` numbers them; ``session.not_found`` when it is not theirs or is
    over). Returns how many ended."""
    at = now()
    with registry.write(shared=True) as conn:
        user_id = _user_row(conn, name)
        where = _live(user_id, "session", at)
        if session_id is not None:
            where.append(credentials.c.id == session_id)
        ended = int(conn.execute(update(credentials).where(*where).values(revoked_at=at)).rowcount)
        if session_id is not None and ended == 0:
            raise NotFound("session.not_found", field="session", value=session_id, user=name)
        log_event(
            conn,
            actor=actor,
            action="user.sessions_end",
            entity="user",
            entity_id=user_id,
            after={"ended": ended, "session": session_id},
            at=at,
        )
    return ended


# Browser and system in the order a User-Agent is read: the more specific names first (Zalo's
# and Samsung's browsers say "Chrome" too, Edge says "Chrome" and "Safari", Chrome "Safari").
_BROWSERS = (
    ("Zalo", r"Zalo"),
    ("Cốc Cốc", r"coc_coc_browser"),
    ("Samsung Internet", r"SamsungBrowser"),
    ("Edge", r"Edg/"),
    ("Firefox", r"Firefox/"),
    ("Chrome", r"Chrome/|CriOS/"),
    ("Safari", r"Safari/"),
)
_SYSTEMS = (
    ("Android", r"Android"),
    ("iPhone", r"iPhone|iPad"),
    ("Windows", r"Windows"),
    ("macOS", r"Macintosh"),
    ("Linux", r"Linux"),
)


def short_agent(agent: str | None) -> str:
    """A User-Agent as a person names it: "Chrome · Android"; what is not recognised, its
    first 40 characters; "" without one."""
    if not agent:
        return ""
    browser = next((n for n, p in _BROWSERS if re.search(p, agent)), None)
    system = next((n for n, p in _SYSTEMS if re.search(p, agent)), None)
    found = [part for part in (browser, system) if part]
    return " · ".join(found) if found else agent[:40]
