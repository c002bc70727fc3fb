"""Checks of the texts an officer edits on a point that an import row does not carry in the
same way: the phone number's form, and a reference no other point of the commune holds."""

from __future__ import annotations

from sqlalchemy import Connection, select

from addrgen.codes import format_code
from addrgen.commune_words import MAX_PHONE, PHONE_PATTERN
from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune
from gis.storage.schema import points

__all__ = ["check_phone", "refuse_taken_ref"]


def check_phone(phone: str | None) -> None:
    """A phone number as a commune's contact phone is held (digits grouped by spaces, dots,
    dashes, a leading +), so that what the officer types is a number a person can call."""
    if phone and (len(phone) > MAX_PHONE or not PHONE_PATTERN.fullmatch(phone)):
        raise InvalidInput("point.bad_phone", field="phone", value=phone)


def refuse_taken_ref(conn: Connection, *, commune: Commune, point_id: int, ref: str | None) -> None:
    """References identify a point within its commune (`find_point` looks them up): another
    point, retired or not, already holding this one is named in the refusal (None: no ref)."""
    if not ref:
        return
    other = conn.execute(
        select(points.c.id, points.c.code).where(
            points.c.commune_id == commune.id, points.c.ref == ref, points.c.id != point_id
        )
    ).first()
    if other is not None:
        label = format_code(other.code) if other.code else f"#{other.id}"
        raise Conflict("point.ref_taken", field="ref", value=ref, other=label)
