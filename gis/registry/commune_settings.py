"""The commune's own words on its documents — issuing unit, officer's title, Youth Union, phone —
set by the officer (`diachiso communes set`), one event in the log per change.

What each setting means and its default: :mod:`addrgen.commune_words`.
"""

from __future__ import annotations

from sqlalchemy import select, update

from addrgen.address import nfc
from addrgen.commune_words import MAX_PHONE, MAX_TEXT, PHONE_PATTERN
from gis.errors import InvalidInput
from gis.registry.communes import Commune, commune_from_row, get_commune
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import communes

__all__ = ["SETTINGS", "set_commune_settings"]

#: The settings, as the Commune record and the communes table name them.
SETTINGS = ("issuer", "officer_title", "youth_union", "phone")


def _checked(field: str, given: str) -> str | None:
    """The value to store: single-spaced, None (the default again) for an empty text."""
    text = " ".join(nfc(given).split())
    if not text:
        return None
    longest = MAX_PHONE if field == "phone" else MAX_TEXT
    if len(text) > longest:
        raise InvalidInput(
            "commune.setting_too_long",
            field=field,
            value=text,
            expected=str(longest),
            length=len(text),
        )
    if field == "phone" and not PHONE_PATTERN.fullmatch(text):
        raise InvalidInput("commune.bad_phone", field=field, value=text)
    return text


def set_commune_settings(
    registry: Registry,
    *,
    name: str,
    issuer: str | None = None,
    officer_title: str | None = None,
    youth_union: str | None = None,
    phone: str | None = None,
    actor: str,
) -> Commune:
    """Change the settings given (None: leave it; an empty text: back to the default) of the
    commune called ``name``; returns the commune as it now is."""
    given = {
        "issuer": issuer,
        "officer_title": officer_title,
        "youth_union": youth_union,
        "phone": phone,
    }
    wanted = {f: _checked(f, v) for f, v in given.items() if v is not None}
    if not wanted:
        raise InvalidInput("commune.nothing_to_set")
    with registry.write() as conn:
        old = get_commune(conn, name)
        before = {f: getattr(old, f) for f in wanted}
        changed = {f: v for f, v in wanted.items() if before[f] != v}
        if not changed:
            return old  # nothing new: no write, no event
        conn.execute(update(communes).where(communes.c.id == old.id).values(**changed))
        log_event(
            conn,
            actor=actor,
            action="commune.set",
            entity="commune",
            entity_id=old.id,
            before={f: before[f] for f in changed},
            after=changed,
            at=now(),
        )
        return commune_from_row(conn.execute(select(communes).where(communes.c.id == old.id)).one())
