"""The commune's own words on its documents — issuing unit, officer's title, Youth Union, phone,
and who signs its letters (name, title, TM./KT.) — and its plates' settings — the template, the
head's line — set by the officer (`diachiso communes set`), one event in the log per change.

What each word setting means and its default: :mod:`addrgen.commune_words`. The template's name
is checked against the templates there are by the caller (they are the renderer's files,
which the registry does not read); here only its shape.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select, update

from addrgen.address import nfc
from addrgen.commune_words import MAX_PHONE, MAX_TEXT, PHONE_PATTERN, SIGNER_AUTHORITIES
from gis.errors import InvalidInput
from gis.registry.communes import Commune, commune_from_row, get_commune
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import communes

__all__ = ["SETTINGS", "set_commune_settings"]

#: The settings, as the Commune record and the communes table name them.
SETTINGS = (
    "issuer",
    "officer_title",
    "youth_union",
    "phone",
    "plate_template",
    "plate_household_head",
    "signer_name",
    "signer_title",
    "signer_authority",
)
_TEMPLATE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")


def _checked(field: str, given: str | bool) -> str | bool | None:
    """The value to store: single-spaced, None (the default again) for an empty text."""
    if isinstance(given, bool):
        return given
    text = " ".join(nfc(given).split())
    if not text:
        return None
    if field == "plate_template":
        if not _TEMPLATE.fullmatch(text.lower()):
            raise InvalidInput("commune.bad_template", field=field, value=text)
        return text.lower()
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
    if field == "signer_authority":
        text = text.casefold().rstrip(".")  # "TM." as the letter prints it reads as "tm"
        if text not in SIGNER_AUTHORITIES:
            raise InvalidInput(
                "commune.bad_signer_authority",
                field=field,
                value=given,
                expected=", ".join(SIGNER_AUTHORITIES),
            )
    return text


def set_commune_settings(
    registry: Registry,
    *,
    name: str,
    issuer: str | None = None,
    officer_title: str | None = None,
    youth_union: str | None = None,
    phone: str | None = None,
    plate_template: str | None = None,
    plate_household_head: bool | None = None,
    signer_name: str | None = None,
    signer_title: str | None = None,
    signer_authority: str | None = None,
    actor: str,
) -> Commune:
    """Change the settings given (None: leave it; an empty text: back to the default) of the
    commune called ``name``; returns the commune as it now is."""
    given: dict[str, Any] = {
        "issuer": issuer,
        "officer_title": officer_title,
        "youth_union": youth_union,
        "phone": phone,
        "plate_template": plate_template,
        "plate_household_head": plate_household_head,
        "signer_name": signer_name,
        "signer_title": signer_title,
        "signer_authority": signer_authority,
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
