"""Accounts: who may change the registry from the web, and how they prove it.

Roles: an *admin* may do everything; an *officer* everything in one commune; a *volunteer*
confirms plates and reports problems in the villages they are given. Every secret — a one-time
sign-in link, an API token, a browser session — is ``selector + secret``: the selector (public,
indexed) finds the row, and only an argon2 hash of the secret is stored, so a copy of the
database signs nobody in. Revoking a user ends every link, token and session of theirs at once.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Connection, insert, select, update

from gis.errors import Conflict, InvalidInput, NotFound, RegistryError
from gis.registry.communes import Commune, commune_from_row, get_commune
from gis.registry.village_lookup import unknown_village
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import ROLES, communes, credentials, user_villages, users, villages

__all__ = [
    "LINK_LIFETIME",
    "SESSION_LIFETIME",
    "Forbidden",
    "NewUser",
    "Unauthorized",
    "User",
    "add_user",
    "authenticate",
    "check_signin_link",
    "end_session",
    "get_user",
    "managed_commune",
    "managed_communes",
    "revoke_user",
    "spend_signin_link",
]

LINK_LIFETIME = timedelta(days=7)  # a sign-in link not used within a week is void
# The setting session_days's default, for callers without settings (the web passes its own).
SESSION_LIFETIME = timedelta(days=7)
SELECTOR_CHARS = 10  # public half: finds the row (50 bits, unique index)
SECRET_CHARS = 32  # secret half: 160 bits, stored only as an argon2 hash
# Base32 without padding: upper-case letters and digits only, so a sign-in link stays in a QR's
# alphanumeric mode when upper-cased, and nothing in it needs URL escaping.
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# OWASP's argon2id minimum (19 MiB, 2 passes): the secrets are random, not passwords, so the
# hash guards against a leaked database, not against guessing; a session check stays ~20 ms.
_HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


class Unauthorized(RegistryError):
    """No valid credential: signed out, expired, spent or revoked (codes ``auth.*``)."""


class Forbidden(RegistryError):
    """A valid user without the right to do this, e.g. a volunteer outside their villages
    (codes ``auth.*``)."""


@dataclass(frozen=True)
class User:
    id: int
    name: str
    role: str
    commune_id: int | None
    village_ids: frozenset[int]

    @property
    def actor(self) -> str:
        """How the event log names this user."""
        return f"user:{self.name}"

    @property
    def is_officer(self) -> bool:
        return self.role in ("admin", "officer")

    def may_work_on(self, *, commune_id: int, village_id: int) -> bool:
        """Whether this user may confirm or report a point of this village."""
        if self.role == "admin":
            return True
        if self.role == "officer":
            return self.commune_id == commune_id
        return village_id in self.village_ids

    def may_manage(self, *, commune_id: int) -> bool:
        """Whether this user may clear review flags and close reports in this commune."""
        return self.role == "admin" or (self.role == "officer" and self.commune_id == commune_id)


@dataclass(frozen=True)
class NewUser:
    user: User
    signin_token: str | None  # the one-time link's secret (everyone but a volunteer with a token)
    api_token: str | None  # for ``Authorization: Bearer`` (on request)


def add_user(
    registry: Registry,
    commune: Commune,
    *,
    name: str,
    role: str,
    village_names: Sequence[str] = (),
    token: bool = False,
    actor: str,
    link_lifetime: timedelta = LINK_LIFETIME,
    token_lifetime: timedelta | None = None,
) -> NewUser:
    """Make a user with a one-time sign-in link (officers and admins open the console with it,
    volunteers their phone's browser); ``token`` adds an API token for scripts — for a
    volunteer, instead of the link (the demo's and the tests' scripted confirmations), valid
    for ``token_lifetime`` (None: until revoked or rotated). The secrets are returned once and
    stored hashed."""
    name = name.strip()
    _check_new_user(name, role, village_names)
    at = now()
    with registry.write() as conn:
        if conn.execute(select(users.c.id).where(users.c.name == name)).first() is not None:
            raise Conflict("user.exists", field="name", value=name)
        village_ids = _village_ids(conn, commune, village_names)
        user_id = conn.execute(
            insert(users)
            .values(
                name=name,
                role=role,
                commune_id=None if role == "admin" else commune.id,
                created_at=at,
            )
            .returning(users.c.id)
        ).scalar_one()
        if village_ids:
            conn.execute(
                insert(user_villages), [{"user_id": user_id, "village_id": v} for v in village_ids]
            )
        wants_link = role != "volunteer" or not token
        link = _issue(conn, user_id, "link", at, at + link_lifetime) if wants_link else None
        expires = None if token_lifetime is None else at + token_lifetime
        api = _issue(conn, user_id, "token", at, expires) if token else None
        log_event(
            conn,
            actor=actor,
            action="user.add",
            entity="user",
            entity_id=user_id,
            after={"name": name, "role": role, "villages": list(village_names)},
            at=at,
        )
        user = _load(conn, user_id)
    return NewUser(user, link, api)


def _check_new_user(name: str, role: str, village_names: Sequence[str]) -> None:
    if not name:
        raise InvalidInput("user.name_empty", field="name", value=name)
    if role not in ROLES:
        raise InvalidInput("user.bad_role", field="role", value=role, expected=", ".join(ROLES))
    if role == "volunteer" and not village_names:
        raise InvalidInput("user.volunteer_needs_village", field="village_names")
    if role != "volunteer" and village_names:
        raise InvalidInput(
            "user.villages_for_volunteers",
            field="village_names",
            value=", ".join(village_names),
            role=role,
        )


def managed_communes(conn: Connection, user: User, name: str | None = None) -> list[Commune]:
    """The communes an officer or admin works on: an officer's own, an admin's every standing
    one; ``name`` picks one of them (:class:`Forbidden` outside an officer's own, and for a
    volunteer)."""
    if not user.is_officer:
        raise Forbidden("auth.officers_only", user=user.name)
    if name is not None:
        commune = get_commune(conn, name, field="commune")
        if not user.may_manage(commune_id=commune.id):
            raise Forbidden("auth.commune_not_allowed", user=user.name, commune=commune.name)
        return [commune]
    query = select(communes).order_by(communes.c.id)
    if user.role == "admin":  # communes merged into another no longer stand
        query = query.where(communes.c.successor_id.is_(None))
    else:
        query = query.where(communes.c.id == user.commune_id)
    return [commune_from_row(r) for r in conn.execute(query).all()]


def managed_commune(conn: Connection, user: User, name: str | None = None) -> Commune:
    """The one commune an officer or admin acts on: ``name``, else an officer's own, else the
    registry's only one (an admin of several names it)."""
    if name is None and user.role == "admin":
        return get_commune(conn, None, field="commune")
    found = managed_communes(conn, user, name)
    if not found:  # an officer whose commune was merged away: it no longer stands
        raise NotFound("registry.no_commune")
    return found[0]


def revoke_user(registry: Registry, *, name: str, actor: str) -> int:
    """Revoke a user: every link, token and session ends now. Returns how many were live."""
    at = now()
    with registry.write() as conn:
        row = conn.execute(select(users).where(users.c.name == name.strip())).first()
        if row is None:
            raise NotFound("user.not_found", field="name", value=name)
        ended = conn.execute(
            update(credentials)
            .where(credentials.c.user_id == row.id, credentials.c.revoked_at.is_(None))
            .values(revoked_at=at)
        ).rowcount
        conn.execute(update(users).where(users.c.id == row.id).values(revoked_at=at))
        log_event(
            conn,
            actor=actor,
            action="user.revoke",
            entity="user",
            entity_id=row.id,
            before={"revoked_at": None},
            after={"revoked_at": at, "credentials_ended": ended},
            at=at,
        )
    return int(ended)


def get_user(conn: Connection, name: str) -> User:
    row = conn.execute(select(users.c.id).where(users.c.name == name.strip())).first()
    if row is None:
        raise NotFound("user.not_found", field="name", value=name)
    return _load(conn, row.id)


def check_signin_link(conn: Connection, token: str) -> User:
    """The user a sign-in link is for, without spending it (a link preview must not)."""
    return _load(conn, _verify(conn, token, "link").user_id)


def spend_signin_link(
    registry: Registry,
    token: str,
    *,
    lifetime: timedelta = SESSION_LIFETIME,
    user_agent: str | None = None,
) -> tuple[User, str]:
    """Spend a one-time link: it can never be used again. Returns the user and a new session's
    secret (for the cookie), valid for ``lifetime``; ``user_agent`` names the browser (for
    ``users sessions``)."""
    at = now()
    # Shared: a volunteer signing in must not wait for (nor hold up) a commune's import; the
    # conditional UPDATE below is what makes the link single-use.
    with registry.write(shared=True) as conn:
        row = _verify(conn, token, "link")
        spent = conn.execute(
            update(credentials)
            .where(credentials.c.id == row.id, credentials.c.spent_at.is_(None))
            .values(spent_at=at)
        ).rowcount
        if spent != 1:  # a second request for the same link, waiting on the row lock
            raise Unauthorized("auth.link_spent")
        agent = None if user_agent is None else user_agent[:200]
        session = _issue(conn, row.user_id, "session", at, at + lifetime, user_agent=agent)
        user = _load(conn, row.user_id)
        log_event(
            conn, actor=user.actor, action="user.signin", entity="user", entity_id=user.id, at=at
        )
    return user, session


def end_session(registry: Registry, session: str) -> None:
    """Sign out: the browser session ``session`` ends now (the user's other sessions, links
    and tokens stay). A session that has already ended, or was never one, ends nothing."""
    at = now()
    with registry.write(shared=True) as conn:  # one row of one user: as spending a link
        try:
            row = _verify(conn, session, "session")
        except Unauthorized:
            return
        conn.execute(update(credentials).where(credentials.c.id == row.id).values(revoked_at=at))
        log_event(
            conn,
            actor=f"user:{_load_name(conn, row.user_id)}",
            action="user.signout",
            entity="user",
            entity_id=row.user_id,
            at=at,
        )


def _load_name(conn: Connection, user_id: int) -> str:
    return str(conn.execute(select(users.c.name).where(users.c.id == user_id)).scalar_one())


def authenticate(conn: Connection, token: str, kind: str) -> User:
    """The user behind an API token (``kind="token"``) or a session (``kind="session"``)."""
    return _load(conn, _verify(conn, token, kind).user_id)


def _issue(
    conn: Connection,
    user_id: int,
    kind: str,
    at: datetime,
    expires: datetime | None,
    *,
    user_agent: str | None = None,
) -> str:
    selector = "".join(secrets.choice(ALPHABET) for _ in range(SELECTOR_CHARS))
    secret = "".join(secrets.choice(ALPHABET) for _ in range(SECRET_CHARS))
    conn.execute(
        insert(credentials).values(
            user_id=user_id,
            kind=kind,
            selector=selector,
            secret_hash=_HASHER.hash(secret),
            created_at=at,
            expires_at=expires,
            user_agent=user_agent,
        )
    )
    return selector + secret


# Why a credential of each kind is refused when it is not (or no longer) good, without saying
# which part failed: a guess learns nothing.
_REFUSED = {
    "link": "auth.link_invalid",
    "token": "auth.token_invalid",
    "session": "auth.session_ended",
}


def _verify(conn: Connection, token: str, kind: str) -> Any:
    text = token.strip().upper()
    refused = Unauthorized(_REFUSED[kind])
    if len(text) != SELECTOR_CHARS + SECRET_CHARS or not set(text) <= set(ALPHABET):
        raise refused
    selector, secret = text[:SELECTOR_CHARS], text[SELECTOR_CHARS:]
    row = conn.execute(
        select(credentials).where(credentials.c.selector == selector, credentials.c.kind == kind)
    ).first()
    try:
        # An unknown selector still costs one hash, so the answer's time does not tell a guess
        # whose selector exists from one whose does not.
        _HASHER.verify(_dummy_hash() if row is None else row.secret_hash, secret)
        if row is None:
            raise refused
    except (VerificationError, InvalidHashError):
        raise refused from None
    if row.revoked_at is not None:
        raise Unauthorized("auth.revoked" if kind != "link" else _REFUSED["link"])
    if kind == "link" and row.spent_at is not None:
        raise Unauthorized("auth.link_spent")
    if row.expires_at is not None and _aware(row.expires_at) <= now():
        raise Unauthorized("auth.link_expired" if kind == "link" else _REFUSED[kind])
    return row


@functools.cache
def _dummy_hash() -> str:
    """A hash of no credential's secret, made once: what an unknown selector is checked
    against."""
    return _HASHER.hash(secrets.token_urlsafe(SECRET_CHARS))


def _aware(at: datetime) -> datetime:
    """SQLite hands timestamps back without their zone; they were written in UTC."""
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


def _village_ids(conn: Connection, commune: Commune, names: Sequence[str]) -> list[int]:
    rows = conn.execute(
        select(villages.c.id, villages.c.name).where(villages.c.commune_id == commune.id)
    ).all()
    by_name = {r.name: r.id for r in rows}
    out: list[int] = []
    for name in names:
        if name.strip() not in by_name:
            raise unknown_village(commune, name, by_name, field="village_names")
        out.append(by_name[name.strip()])
    return sorted(set(out))


def _load(conn: Connection, user_id: int) -> User:
    row = conn.execute(select(users).where(users.c.id == user_id)).one()
    if row.revoked_at is not None:
        raise Unauthorized("auth.revoked")
    ids = conn.execute(
        select(user_villages.c.village_id).where(user_villages.c.user_id == user_id)
    ).scalars()
    return User(row.id, row.name, row.role, row.commune_id, frozenset(int(v) for v in ids))
