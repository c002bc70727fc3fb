"""Checks of what an officer gives for one point: its kind and position, the texts an import row
does not carry in the same way (the phone number's form, a reference no other point of the
commune holds), and why a point is retired. `gis.registry.points` exports them too."""

from __future__ import annotations

import math
import re

from sqlalchemy import Connection, select

from addrgen.codes import format_code
from addrgen.commune_words import MAX_PHONE, PHONE_PATTERN
from addrgen.retiring import RETIRE_REASONS, RetireReason
from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune
from gis.storage.schema import KINDS, points

__all__ = [
    "check_edited",
    "check_kind",
    "check_national_code",
    "check_phone",
    "check_position",
    "check_retire_reason",
    "refuse_taken_ref",
]

MAX_NATIONAL_CODE = 40  # points.national_code's length
NATIONAL_CODE_PATTERN = re.compile(r"[0-9A-Za-z]+(?:[-.][0-9A-Za-z]+)*")


def check_kind(kind: str, *, field: str = "kind") -> None:
    """A point kind of the vocabulary (``field``: the caller's parameter that holds it)."""
    if kind not in KINDS:
        raise InvalidInput("point.unknown_kind", field=field, value=kind, expected=", ".join(KINDS))


def check_position(lat: float, lon: float) -> None:
    """A latitude and longitude on the globe (and numbers at all)."""
    if not (math.isfinite(lat) and -90 <= lat <= 90):
        raise InvalidInput("position.bad_latitude", field="lat", value=lat, expected="-90 to 90")
    if not (math.isfinite(lon) and -180 <= lon <= 180):
        raise InvalidInput("position.bad_longitude", field="lon", value=lon, expected="-180 to 180")


def check_phone(phone: str | None) -> None:
    """A phone number as a commune's contact phone is held (digits grouped by spaces, dots,
    dashes, a leading +), so that what the officer types is a number a person can call."""
    if phone and (len(phone) > MAX_PHONE or not PHONE_PATTERN.fullmatch(phone)):
        raise InvalidInput("point.bad_phone", field="phone", value=phone)


def check_edited(given: dict[str, str | None]) -> None:
    """An edit's kind, phone and national code, each as its own check holds it."""
    if "kind" in given:
        check_kind(given["kind"] or "")
    check_phone(given.get("phone"))
    check_national_code(given.get("national_code"))


def check_national_code(code: str | None) -> None:
    """The national address platform's code of a place as the platform writes it: letters,
    digits and dashes, at most the column's 40 characters (a typo with a space or a stray
    character would never match the platform's record)."""
    if code and (len(code) > MAX_NATIONAL_CODE or not NATIONAL_CODE_PATTERN.fullmatch(code)):
        raise InvalidInput("point.bad_national_code", field="national_code", value=code)


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


def check_retire_reason(reason: str, note: str | None) -> str | None:
    """A reason of the vocabulary (a code, stored as such), and a note when the reason is
    "other" (its only words); returns the note stripped, None when empty."""
    note = (note or "").strip() or None
    if not reason.strip():
        raise InvalidInput("point.no_reason", field="reason", value=reason)
    if reason not in RETIRE_REASONS:
        expected = ", ".join(RETIRE_REASONS)
        raise InvalidInput(
            "point.bad_retire_reason", field="reason", value=reason, expected=expected
        )
    if reason == RetireReason.other and note is None:
        raise InvalidInput("point.no_reason", field="note", value=reason)
    return note
