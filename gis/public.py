"""The public face of the registry: what anyone who scans a plate may see.

Only public fields leave this module: the code, kind, village, commune, plus code, status and
position, and the name of agencies and heritage sites. Household heads' names and phone numbers
never do (DESIGN.md, "Security and privacy")."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import shapely
from sqlalchemy import Connection, select

from addrgen.codes import parse_code
from gis.communes import Commune
from gis.coverage import coverage
from gis.errors import InvalidInput, NotFound
from gis.points import PointRecord, point_record, point_select
from gis.schema import KINDS, STATUSES, communes, points, villages

__all__ = [
    "MAX_PAGE",
    "Located",
    "PointFilter",
    "address_line",
    "list_public",
    "locate_code",
    "public_feature",
    "public_properties",
    "villages_collection",
]

MAX_PAGE = 1000  # features per page of /api/points


@dataclass(frozen=True)
class Located:
    """A point found by its code, with its commune and whether the code carried a check digit."""

    point: PointRecord
    commune: Commune
    village_id: int
    verified: bool


@dataclass(frozen=True)
class PointFilter:
    village: str | None = None
    kind: str | None = None
    status: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat


def locate_code(conn: Connection, text: str) -> Located:
    """The point of a code in any commune of the registry. Raises ``InvalidCode`` for a typo (a
    bad check digit is never resolved to a neighbour) and ``NotFound`` for an unknown code."""
    parsed = parse_code(text)
    query = point_select().add_columns(points.c.village_id.label("vid"))
    if parsed.code is not None:
        row = conn.execute(query.where(points.c.code == parsed.code.canonical)).first()
        shown = parsed.code.display
    else:
        row = conn.execute(query.where(points.c.code.like(parsed.national + "_"))).first()
        shown = parsed.national
    if row is None:
        raise NotFound(f"code {shown} is not in the registry")
    crow = conn.execute(select(communes).where(communes.c.id == row.commune_id)).one()
    commune = Commune(
        crow.id, crow.name, crow.commune_code, crow.area_number, crow.district, crow.province
    )
    return Located(point_record(row), commune, int(row.vid), parsed.verified)


def address_line(point: PointRecord, commune: Commune) -> str:
    """'số 79, đường …, Thôn Tây Bắc, xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh'."""
    parts = [f"số {point.house_number}" if point.house_number else None, point.street]
    parts += [point.village, commune.address_suffix]
    return ", ".join(p for p in parts if p)


def public_properties(point: PointRecord, commune: Commune) -> dict[str, Any]:
    return {
        "code": point.code,
        "code_display": point.code_display,
        "plus_code": point.plus_code,
        "kind": point.kind,
        # Agencies and heritage sites are public places; a household's name is personal data.
        "name": point.name if point.kind != "household" else None,
        "village": point.village,
        "commune": commune.name,
        "address": address_line(point, commune),
        "status": point.status,
        "needs_review": point.needs_review,
    }


def public_feature(point: PointRecord, commune: Commune) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": point.code,
        "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},
        "properties": public_properties(point, commune),
    }


def list_public(
    conn: Connection, where: PointFilter, *, limit: int, after_id: int = 0
) -> tuple[list[dict[str, Any]], int | None]:
    """One page of public features in a stable order, and the id to continue after (or None)."""
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit {limit}: expected 1 to {MAX_PAGE}")
    if where.kind is not None and where.kind not in KINDS:
        raise InvalidInput(f"kind {where.kind!r}: expected one of {', '.join(KINDS)}")
    if where.status is not None and where.status not in STATUSES:
        raise InvalidInput(f"status {where.status!r}: expected one of {', '.join(STATUSES)}")
    query = point_select().where(points.c.id > after_id)
    if where.village is not None:
        query = query.where(villages.c.name == where.village.strip())
    if where.kind is not None:
        query = query.where(points.c.kind == where.kind)
    if where.status is not None:
        query = query.where(points.c.status == where.status)
    if where.bbox is not None:
        x0, y0, x1, y1 = where.bbox
        query = query.where(points.c.lon.between(x0, x1), points.c.lat.between(y0, y1))
    rows = conn.execute(query.order_by(points.c.id).limit(limit + 1)).all()
    by_id = {c.id: c for c in _communes(conn, {r.commune_id for r in rows})}
    features = [public_feature(point_record(r), by_id[r.commune_id]) for r in rows[:limit]]
    return features, (int(rows[limit - 1].id) if len(rows) > limit else None)


def villages_collection(conn: Connection, commune: Commune) -> dict[str, Any]:
    """The commune's villages as GeoJSON polygons carrying their coverage figures."""
    figures = {v["village"]: v for v in coverage(conn, commune)["villages"]}
    rows = conn.execute(
        select(villages.c.name, villages.c.ordinal, villages.c.boundary_wkb)
        .where(villages.c.commune_id == commune.id)
        .order_by(villages.c.ordinal)
    ).all()
    features = [
        {
            "type": "Feature",
            "id": r.ordinal,
            "geometry": shapely.geometry.mapping(shapely.from_wkb(r.boundary_wkb)),
            "properties": {"name": r.name, "ordinal": r.ordinal, **figures[r.name]},
        }
        for r in rows
    ]
    return {"type": "FeatureCollection", "commune": commune.name, "features": features}


def _communes(conn: Connection, ids: Sequence[int] | set[int]) -> list[Commune]:
    if not ids:
        return []
    rows = conn.execute(select(communes).where(communes.c.id.in_(list(ids)))).all()
    return [
        Commune(r.id, r.name, r.commune_code, r.area_number, r.district, r.province) for r in rows
    ]
