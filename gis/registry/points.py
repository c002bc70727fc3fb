"""Single points, for the officer: find, show, add, edit, move, retire. Each change is an event."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, Row, select, update

from addrgen.codes import grouped_code, parse_code
from addrgen.errors import InvalidCode
from addrgen.pluscode import encode
from addrgen.retiring import retire_reason_words
from gis.errors import Conflict, InvalidInput, NotFound, Problem
from gis.ingest.candidates import (
    DUPLICATE_RADIUS_M,
    candidates_from_columns,
    check_kinds_and_names,
    clean_text,
    name_key,
    place_in_villages,
)
from gis.ingest.neighbours import check_neighbours
from gis.ingest.textrules import check_typed_texts, raise_first_error
from gis.ingest.writing import insert_candidates
from gis.registry.communes import Commune
from gis.registry.point_checks import (
    check_edited,
    check_kind,
    check_position,
    check_retire_reason,
    refuse_taken_ref,
)
from gis.registry.villages import village_index
from gis.spatial.queries import near_pairs
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import points, villages

__all__ = [
    "PointBase",
    "PointRecord",
    "add_point",
    "base_fields",
    "check_kind",
    "check_position",
    "edit_point",
    "find_point",
    "move_point",
    "move_within",
    "point_record",
    "point_select",
    "retire_point",
]

EDITABLE = ("name", "kind", "house_number", "street", "phone", "ref", "national_code")


@dataclass(frozen=True)
class PointBase:
    """What every reading of a point holds: the public face's (`gis.views.public.PointView`,
    light, for the address page) and the officer's (:class:`PointRecord`). ``name`` may be a
    household's: personal data."""

    id: int
    code: str | None
    kind: str
    name: str | None
    house_number: str | None
    street: str | None
    village: str
    lon: float
    lat: float
    plus_code: str
    status: str
    needs_review: bool
    ref: str | None
    retired_reason: str | None

    @property
    def code_display(self) -> str:
        """'18112 00123 4' (codes in the registry are valid: no need to parse them again)."""
        return grouped_code(self.code)


@dataclass(frozen=True)
class PointRecord(PointBase):
    """One address point as the officer sees it (``name`` and ``phone`` may be personal data)."""

    phone: str | None
    retired_note: str | None
    created_at: datetime
    updated_at: datetime
    national_code: str | None = None  # last, with a default: it came later (migration 0014)

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if key != "phone":
                data[key] = value
            if key == "street":  # `points show` lists the phone beside the house's address
                data["phone"] = self.phone
        data["code_display"] = self.code_display
        data["created_at"] = self.created_at.isoformat()
        data["updated_at"] = self.updated_at.isoformat()
        return data


def point_select() -> Any:
    return select(points, villages.c.name.label("village_name")).join(
        villages, villages.c.id == points.c.village_id
    )


def base_fields(row: Any) -> dict[str, Any]:
    """The :class:`PointBase` fields of a query row that has the point's columns and its
    village's name as ``village_name``."""
    return {
        "id": row.id,
        "code": row.code,
        "kind": row.kind,
        "name": row.name,
        "house_number": row.house_number,
        "street": row.street,
        "village": row.village_name,
        "lon": row.lon,
        "lat": row.lat,
        "plus_code": row.plus_code,
        "status": row.status,
        "needs_review": bool(row.needs_review),
        "ref": row.ref,
        "retired_reason": row.retired_reason,
    }


def point_record(row: Row[Any]) -> PointRecord:
    return PointRecord(
        **base_fields(row),
        phone=row.phone,
        retired_note=row.retired_note,
        created_at=row.created_at,
        updated_at=row.updated_at,
        national_code=row.national_code,
    )


def find_point(conn: Connection, commune: Commune, code_or_ref: str) -> tuple[PointRecord, bool]:
    """The point with this code (11 digits, checked), national 10-digit form (unverified),
    source reference, or registry number written ``#123``. Returns the point and whether the
    code was verified by its check digit."""
    text = code_or_ref.strip()
    query = point_select().where(points.c.commune_id == commune.id)
    try:
        parsed = parse_code(text)
    except InvalidCode as exc:
        row = conn.execute(query.where(points.c.ref == text)).first()
        if row is None and text.startswith("#") and text[1:].isdigit():
            # A point registered by hand without a reference has only its number until coded.
            row = conn.execute(query.where(points.c.id == int(text[1:]))).first()
        if row is None:
            if exc.reason == "check_digit":
                raise
            raise NotFound(
                "point.not_found", field="code_or_ref", value=text, commune=commune.name
            ) from exc
        return point_record(row), True
    if parsed.code is not None:
        row = conn.execute(query.where(points.c.code == parsed.code.canonical)).first()
        if row is None:
            raise NotFound(
                "point.not_in_commune",
                field="code_or_ref",
                value=parsed.code.display,
                commune=commune.name,
            )
        return point_record(row), True
    row = conn.execute(query.where(points.c.code.like(parsed.national + "_"))).first()
    if row is None:
        row = conn.execute(query.where(points.c.ref == text)).first()
        if row is None:
            raise NotFound(
                "point.national_not_found",
                field="code_or_ref",
                value=parsed.national,
                commune=commune.name,
            )
        return point_record(row), True
    return point_record(row), False


def add_point(
    registry: Registry,
    commune: Commune,
    *,
    kind: str,
    lon: float,
    lat: float,
    name: str | None = None,
    ref: str | None = None,
    house_number: str | None = None,
    street: str | None = None,
    glyphs: frozenset[str] | None = None,
    actor: str,
) -> tuple[PointRecord, list[Problem]]:
    """Register one point by hand, under the same rules as an import row (``glyphs``: what the
    plate font draws, as an import is given it)."""
    check_position(lat, lon)
    texts = check_typed_texts(
        {"name": name, "ref": ref, "house_number": house_number, "street": street}, glyphs=glyphs
    )
    cands = candidates_from_columns(
        file="points add",
        rows=[None],
        lon=np.array([lon]),
        lat=np.array([lat]),
        kind=[kind],
        name=[texts.get("name")],
        ref=[texts.get("ref")],
        house_number=[texts.get("house_number")],
        street=[texts.get("street")],
    )
    with registry.write(commune.id) as conn:
        index = village_index(conn, commune)
        check_kinds_and_names(cands)
        place_in_villages(cands, index, commune)
        check_neighbours(conn, cands, commune)
        raise_first_error(cands.problems)
        if cands.unchanged[0]:
            raise Conflict("point.duplicate_ref", field="ref", value=ref, commune=commune.name)
        (pid,) = insert_candidates(conn, cands, commune, index, actor=actor)
        row = conn.execute(point_select().where(points.c.id == pid)).one()
    return point_record(row), [p for p in cands.problems if p.severity == "warning"]


def edit_point(
    registry: Registry,
    commune: Commune,
    code_or_ref: str,
    *,
    actor: str,
    glyphs: frozenset[str] | None = None,
    **changes: str | None,
) -> PointRecord:
    """Change a point's texts or kind, under an import row's rules (an empty text clears it)."""
    given = {k: clean_text(v) for k, v in changes.items() if v is not None and k in EDITABLE}
    given |= check_typed_texts({k: v for k, v in given.items() if k != "kind"}, glyphs=glyphs)
    if not given:
        raise InvalidInput("point.nothing_to_change", expected=", ".join(EDITABLE))
    check_edited(given)
    with registry.write(commune.id) as conn:
        point, _ = find_point(conn, commune, code_or_ref)
        _refuse_retired(point)
        refuse_taken_ref(conn, commune=commune, point_id=point.id, ref=given.get("ref"))
        kind = given.get("kind", point.kind)
        name = given.get("name", point.name) if "name" in given else point.name
        if kind != "household" and not name:
            raise InvalidInput("point.name_required", field="name", kind=kind)
        before = {k: getattr(point, k) for k in given}
        conn.execute(
            update(points).where(points.c.id == point.id).values(**given, updated_at=now())
        )
        log_event(
            conn,
            actor=actor,
            action="point.edit",
            entity="point",
            entity_id=point.id,
            before=before,
            after=given,
        )
        return _reload(conn, point.id)


def move_point(
    registry: Registry, commune: Commune, code_or_ref: str, *, lon: float, lat: float, actor: str
) -> tuple[PointRecord, list[Problem]]:
    """Move a point (its code stays; its plus code and village follow the new position), under
    the 3 m rule of an import: onto a point with the same name or reference it is refused (one
    address twice), near any other it is moved with a warning, returned with the point."""
    with registry.write(commune.id) as conn:
        point, _ = find_point(conn, commune, code_or_ref)
        return move_within(conn, commune, point, lon=lon, lat=lat, actor=actor)


def move_within(
    conn: Connection, commune: Commune, point: PointRecord, *, lon: float, lat: float, actor: str
) -> tuple[PointRecord, list[Problem]]:
    """:func:`move_point` inside a write the caller holds (the review's move to the confirmed
    position clears its flag in the same transaction)."""
    _refuse_retired(point)
    index = village_index(conn, commune)
    pos = index.locate(np.array([lon]), np.array([lat]))[0]
    if pos < 0:
        raise InvalidInput(
            "point.move_outside_villages",
            value=f"{lat}, {lon}",
            lat=lat,
            lon=lon,
            commune=commune.name,
        )
    warnings = _check_new_position(conn, commune, point, lon=lon, lat=lat)
    after: dict[str, Any] = {"lon": lon, "lat": lat, "plus_code": encode(lat, lon)}
    after["village_id"] = int(index.ids[pos])
    before: dict[str, Any] = {"lon": point.lon, "lat": point.lat, "plus_code": point.plus_code}
    before["village"] = point.village
    conn.execute(update(points).where(points.c.id == point.id).values(**after, updated_at=now()))
    log_event(
        conn,
        actor=actor,
        action="point.move",
        entity="point",
        entity_id=point.id,
        before=before,
        after=after | {"village": index.names[pos]},
    )
    return _reload(conn, point.id), warnings


def _check_new_position(
    conn: Connection, commune: Commune, point: PointRecord, *, lon: float, lat: float
) -> list[Problem]:
    near = near_pairs(conn, commune.id, np.array([lon]), np.array([lat]), DUPLICATE_RADIUS_M)
    warnings: list[Problem] = []
    for (a, _new), metres in zip(near.pairs.tolist(), near.metres.tolist(), strict=True):
        other = near.registered[a]
        if other.id == point.id:
            continue  # a small correction of its own position
        label = other.code or other.ref or f"#{other.id}"  # as the officer knows it
        same_name = name_key(other.name) is not None and name_key(other.name) == name_key(
            point.name
        )
        if same_name or (other.ref is not None and other.ref == point.ref):
            raise InvalidInput(
                "point.same_address_near",
                value=f"{lat}, {lon}",
                lat=lat,
                lon=lon,
                metres=metres,
                other=label,
            )
        warnings.append(
            Problem(
                "points move",
                None,
                "position",
                f"{lat:.6f}, {lon:.6f}",
                "point.moved_near",
                {"metres": metres, "other": label},
                severity="warning",
            )
        )
    return warnings


def retire_point(
    registry: Registry,
    commune: Commune,
    code_or_ref: str,
    *,
    reason: str,
    note: str | None = None,
    actor: str,
) -> PointRecord:
    """Retire a point for a reason of the vocabulary (:mod:`addrgen.retiring`: demolished,
    merged, duplicate, mistake, other) with an optional note, which "other" requires: its code
    stays in the registry, never reused."""
    note = check_retire_reason(reason, note)
    with registry.write(commune.id) as conn:
        point, _ = find_point(conn, commune, code_or_ref)
        _refuse_retired(point)
        conn.execute(
            update(points)
            .where(points.c.id == point.id)
            .values(status="retired", retired_reason=reason, retired_note=note, updated_at=now())
        )
        log_event(
            conn,
            actor=actor,
            action="point.retire",
            entity="point",
            entity_id=point.id,
            before={"status": point.status},
            after={"status": "retired", "reason": reason, "note": note},
        )
        return _reload(conn, point.id)


def _refuse_retired(point: PointRecord) -> None:
    if point.status == "retired":
        label = point.code_display or point.ref or str(point.id)
        reason = retire_reason_words(point.retired_reason, point.retired_note)
        raise Conflict("point.retired", field="code_or_ref", value=label, reason=reason)


def _reload(conn: Connection, point_id: int) -> PointRecord:
    return point_record(conn.execute(point_select().where(points.c.id == point_id)).one())
