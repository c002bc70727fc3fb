"""Enrolling, listing and revoking a commune's users, and printing volunteers' sign-in cards:
what the console and the JSON API do for an officer. The CLI's ``users add`` and ``users
revoke`` call the same account functions; here is the officer's side of them (an officer
enrols and revokes the volunteers of their own commune, only an admin makes officers and
admins) and the cards, which meet the registry (fresh links) and ``plates`` (the PDF)."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlalchemy import Connection

from addrgen.vocab import ROLES
from gis.errors import Conflict, InvalidInput, NotFound
from gis.field.accounts import Forbidden, User, add_user, managed_communes, revoke_user
from gis.field.volunteers import account, list_volunteers, new_signin_link
from gis.registry.communes import Commune
from gis.storage.db import Registry
from plates.cards import SigninCard, write_cards_pdf

__all__ = ["Enrolled", "enrol", "revoke", "signin_cards", "signin_url"]

#: The time a card prints its expiry in: the commune's.
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class Enrolled:
    name: str
    role: str
    signin_url: str

    def as_dict(self) -> dict[str, str]:
        return {"name": self.name, "role": self.role, "signin_url": self.signin_url}


def signin_url(public_url: str, token: str) -> str:
    """The one-time link, as ``users add`` prints it."""
    return f"{public_url.rstrip('/')}/signin/{token}"


def enrol(
    registry: Registry,
    commune: Commune,
    *,
    by: User,
    role: str,
    names: Sequence[str],
    villages: Sequence[str],
    public_url: str,
) -> list[Enrolled]:
    """Make one user per name with ``role`` (the same villages for each), each with a one-time
    sign-in link. An officer makes volunteers only (:class:`Forbidden` otherwise). The names
    are made in order; a refused one (a name taken, a village unknown) stops there."""
    if role not in ROLES:  # before the right to make it: an unknown role is a typing error
        raise InvalidInput("user.bad_role", field="role", value=role, expected=", ".join(ROLES))
    if role != "volunteer" and by.role != "admin":
        raise Forbidden("auth.admins_only", user=by.name, role=role)
    _check_names(registry, names)
    out = []
    for name in names:
        new = add_user(
            registry, commune, name=name, role=role, village_names=villages, actor=by.actor
        )
        assert new.signin_token is not None  # without an API token everyone gets a link
        out.append(Enrolled(new.user.name, new.user.role, signin_url(public_url, new.signin_token)))
    return out


def _check_names(registry: Registry, names: Sequence[str]) -> None:
    """Refuse the whole list before making anyone: no name, a name twice, a name taken."""
    if not names:
        raise InvalidInput("user.none_given", field="names")
    seen: set[str] = set()
    with registry.read() as conn:
        for name in names:
            if name.strip() in seen or _exists(conn, name):
                raise Conflict("user.exists", field="name", value=name.strip())
            seen.add(name.strip())


def _exists(conn: Connection, name: str) -> bool:
    try:
        account(conn, name=name)
    except NotFound:
        return False
    return True


def _check_may_manage(registry: Registry, by: User, name: str) -> None:
    """An admin manages anyone; an officer the volunteers of their own commune."""
    if by.role == "admin":
        with registry.read() as conn:
            account(conn, name=name)  # NotFound for a name nobody has
        return
    with registry.read() as conn:
        mine = {c.id for c in managed_communes(conn, by)}
        target = account(conn, name=name)
    if target.role != "volunteer" or target.commune_id not in mine:
        raise Forbidden("auth.user_not_yours", user=by.name, name=target.name)


def revoke(registry: Registry, *, by: User, name: str) -> int:
    """Revoke a user as ``users revoke`` does, if ``by`` may; how many credentials ended."""
    _check_may_manage(registry, by, name)
    return revoke_user(registry, name=name, actor=by.actor)


def signin_cards(
    registry: Registry, commune: Commune, *, by: User, names: Sequence[str], public_url: str
) -> bytes:
    """The cards of ``names`` as one PDF, each with a fresh one-time link (the user's unused
    links end: only the newest card signs in). The links are written first, each in its own
    short transaction; the PDF is drawn after, outside any lock."""
    if not names:
        raise InvalidInput("user.none_given", field="names")
    for name in names:
        _check_may_manage(registry, by, name)
    with registry.read() as conn:
        places = {v.name: v.villages for v in list_volunteers(conn, commune=commune)}
    cards = []
    for name in names:
        token, expires = new_signin_link(registry, name=name, actor=by.actor)
        cards.append(
            SigninCard(
                name=name.strip(),
                villages=places.get(name.strip(), ()),
                signin_url=signin_url(public_url, token),
                expires=expires.astimezone(VIETNAM),
            )
        )
    out = io.BytesIO()
    write_cards_pdf(out, cards, commune=commune.name)
    return out.getvalue()
