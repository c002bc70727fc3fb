"""A commune's volunteers as their officer sees them: who they are, which villages they work
in, how many plates each has confirmed; a fresh one-time sign-in link for a printed card.

Only the officer's side of accounts lives here; making and revoking users is
:mod:`gis.field.accounts` (the CLI's ``users add`` and ``users revoke`` call the same)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, case, func, select, update

from gis.errors import NotFound
from gis.field.accounts import LINK_LIFETIME, _issue
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import credentials, installations, user_villages, users, villages

__all__ = ["Account", "Volunteer", "account", "list_volunteers", "new_signin_link"]


@dataclass(frozen=True)
class Account:
    """Whom a user belongs to, revoked or not (an officer's right to revoke depends on it)."""

    name: str
    role: str
    commune_id: int | None
    revoked: bool


@dataclass(frozen=True)
class Volunteer:
    name: str
    villages: tuple[str, ...]
    confirmed: int  # confirmations recorded (a retry is one)
    flagged: int  # of those, how many wait for the officer's review
    last_confirmed: datetime | None
    revoked: bool

    def as_dict(self) -> dict[str, object]:
        last = self.last_confirmed
        return {
            "name": self.name,
            "villages": list(self.villages),
            "confirmed": self.confirmed,
            "flagged": self.flagged,
            "last_confirmed": last.isoformat() if last else None,
            "revoked": self.revoked,
        }


def account(conn: Connection, *, name: str) -> Account:
    """The user named ``name``, revoked or not (:class:`NotFound` if none)."""
    row = conn.execute(select(users).where(users.c.name == name.strip())).first()
    if row is None:
        raise NotFound("user.not_found", field="name", value=name)
    return Account(row.name, row.role, row.commune_id, row.revoked_at is not None)


def list_volunteers(conn: Connection, *, commune: Commune) -> list[Volunteer]:
    """The commune's volunteers by name, the revoked ones too (their confirmations stay)."""
    rows = conn.execute(
        select(users.c.id, users.c.name, users.c.revoked_at)
        .where(users.c.commune_id == commune.id, users.c.role == "volunteer")
        .order_by(users.c.name)
    ).all()
    places: dict[int, list[str]] = {}
    for user_id, village in conn.execute(
        select(user_villages.c.user_id, villages.c.name)
        .join(villages, villages.c.id == user_villages.c.village_id)
        .where(villages.c.commune_id == commune.id)
        .order_by(villages.c.name)
    ):
        places.setdefault(user_id, []).append(village)
    done = {
        r.user_id: r
        for r in conn.execute(
            select(
                installations.c.user_id,
                func.count().label("n"),
                func.sum(case((installations.c.needs_review, 1), else_=0)).label("flagged"),
                func.max(installations.c.created_at).label("last"),
            )
            .where(installations.c.user_id.in_([r.id for r in rows]))
            .group_by(installations.c.user_id)
        )
    }
    out = []
    for r in rows:
        d = done.get(r.id)
        out.append(
            Volunteer(
                name=r.name,
                villages=tuple(places.get(r.id, ())),
                confirmed=int(d.n) if d else 0,
                flagged=int(d.flagged or 0) if d else 0,
                last_confirmed=d.last if d else None,
                revoked=r.revoked_at is not None,
            )
        )
    return out


def new_signin_link(registry: Registry, *, name: str, actor: str) -> tuple[str, datetime]:
    """A fresh one-time sign-in link for a card (its secret and when it expires). The user's
    links not yet used end: only the newest card signs in, so a lost one is worth nothing.
    Their sessions go on."""
    at = now()
    expires = at + LINK_LIFETIME
    with registry.write(shared=True) as conn:  # one user's rows: as spending a link
        row = conn.execute(select(users).where(users.c.name == name.strip())).first()
        if row is None or row.revoked_at is not None:
            raise NotFound("user.not_found", field="name", value=name)
        conn.execute(
            update(credentials)
            .where(
                credentials.c.user_id == row.id,
                credentials.c.kind == "link",
                credentials.c.spent_at.is_(None),
                credentials.c.revoked_at.is_(None),
            )
            .values(revoked_at=at)
        )
        token = _issue(conn, row.id, "link", at, expires)
        log_event(conn, actor=actor, action="user.link", entity="user", entity_id=row.id, at=at)
    return token, expires
