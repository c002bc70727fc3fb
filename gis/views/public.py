"""The public face of the registry: what anyone who scans a plate may see.

Only public fields leave this module: the code, kind, village, commune, plus code, status and
position, and the name of agencies and heritage sites. Household heads' names and phone numbers
never do (DESIGN.md, "Security and privacy")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

import shapely
from sqlalchemy import Connection, bindparam, select

from addrgen.codes import ParsedCode, parse_code
from gis.errors import Conflict, InvalidInput, NotFound
from gis.registry.communes import Commune, commune_from_row
from gis.registry.points import PointBase, base_fields, check_kind
from gis.registry.reorg.timeline import as_date
from gis.spatial.queries import in_bbox
from gis.storage.db import Registry
from gis.storage.schema import STATUSES, communes, points, villages
from gis.views.coverage import coverage

__all__ = [
    "MAX_PAGE",
    "Located",
    "PointFilter",
    "PointView",
    "address_line",
    "communes_by_id",
    "list_public",
    "locate_code",
    "point_conditions",
    "public_feature",
    "public_properties",
    "villages_collection",
    "write_for_code",
]

MAX_PAGE = 1000  # features per page of /api/points


@dataclass(frozen=True)
class PointView(PointBase):
    """What the pages and field work need of a point (no timestamps, no phone): read with one
    light query on the address page's hot path. ``name`` may be a household's: filter it."""


@dataclass(frozen=True)
class Located:
    """A point found by its code, with its commune and whether the code carried a check digit."""

    point: PointView
    commune: Commune
    village_id: int
    verified: bool


@dataclass(frozen=True)
class PointFilter:
    village: str | None = None
    kind: str | None = None
    status: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # min lon, min lat, max lon, max lat


def locate_code(conn: Connection, text: str, *, parsed: ParsedCode | None = None) -> Located:
    """The point of a code in any commune of the registry. Raises ``InvalidCode`` for a typo (a
    bad check digit is never resolved to a neighbour) and ``NotFound`` for an unknown code.
    ``parsed`` saves parsing ``text`` again when the caller already has."""
    parsed = parsed or parse_code(text)
    if parsed.code is not None:
        row = conn.execute(_by_code(), {"code": parsed.code.canonical}).first()
        shown = parsed.code.display
    else:
        row = conn.execute(_by_national(), {"pattern": parsed.national + "_"}).first()
        shown = parsed.national
    if row is None:
        raise NotFound("point.not_in_registry", field="code", value=shown)
    commune = Commune(
        row.commune_id,
        row.commune_name,
        row.commune_code,
        row.commune_area,
        row.district,
        row.province,
        district_from=as_date(row.district_from) if row.district_from else None,
    )
    return Located(_view(row), commune, int(row.vid), parsed.verified)


@contextmanager
def write_for_code(registry: Registry, code: str) -> Iterator[tuple[Connection, Located]]:
    """A write transaction about the point of ``code`` (a volunteer's confirmation or report),
    locked to its commune only (gis/storage/db.py): the commune is found first, in a read, then
    the point again under the lock. A reorganisation committed in between moves it to another
    commune: the caller is asked to try again. Raises as :func:`locate_code` does. SQLite has
    one writer at a time whatever the commune: there the lookup is not made twice."""
    if registry.is_sqlite:
        with registry.write() as conn:
            yield conn, locate_code(conn, code)
        return
    with registry.read() as conn:
        commune_id = locate_code(conn, code).commune.id
    with registry.write(commune_id) as conn:
        located = locate_code(conn, code)
        if located.commune.id != commune_id:
            raise Conflict("point.moved_commune", field="code", value=located.point.code_display)
        yield conn, located


def _view(row: Any) -> PointView:
    return PointView(**base_fields(row))


def _view_columns() -> list[Any]:
    """What :func:`_view` reads: the public face's columns and the village's name."""
    return [
        points.c.id,
        points.c.code,
        points.c.kind,
        points.c.name,
        points.c.house_number,
        points.c.street,
        villages.c.name.label("village_name"),
        points.c.lon,
        points.c.lat,
        points.c.plus_code,
        points.c.status,
        points.c.needs_review,
        points.c.ref,
        points.c.retired_reason,
    ]


@cache
def _located_select() -> Any:
    """The point with its village and commune, in one query of only the columns shown (built
    once: this is the address page's hot path)."""
    return select(
        *_view_columns(),
        points.c.village_id.label("vid"),
        points.c.commune_id,
        communes.c.name.label("commune_name"),
        communes.c.commune_code,
        communes.c.area_number.label("commune_area"),
        communes.c.district,
        communes.c.district_from,
        communes.c.province,
    ).select_from(
        points.join(villages, villages.c.id == points.c.village_id).join(
            communes, communes.c.id == points.c.commune_id
        )
    )


@cache
def _by_code() -> Any:
    return _located_select().where(points.c.code == bindparam("code"))


@cache
def _by_national() -> Any:
    return _located_select().where(points.c.code.like(bindparam("pattern")))


def address_line(point: PointBase, commune: Commune, *, on: date | None = None) -> str:
    """'số 79 đường …, thôn Tây Bắc, xã Thạch Bình, tỉnh Hà Tĩnh' (addrgen.address, the builder
    the plates use too) as it stands ``on`` (today by default: the registry's rows hold today's
    units), in running text: no capital at the start."""
    return commune.address(
        house_number=point.house_number,
        street=point.street,
        village=point.village,
        on=on or date.today(),
    )


def public_properties(point: PointBase, commune: Commune) -> dict[str, Any]:
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


def public_feature(point: PointBase, commune: Commune) -> dict[str, Any]:
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
        raise InvalidInput(
            "listing.bad_limit",
            field="limit",
            value=limit,
            expected=f"1 to {MAX_PAGE}",
            max=MAX_PAGE,
        )
    query = _listed_select().where(points.c.id > after_id, *point_conditions(conn, where))
    rows = conn.execute(query.order_by(points.c.id).limit(limit + 1)).all()
    by_id = {c.id: c for c in communes_by_id(conn, {r.commune_id for r in rows})}
    features = [public_feature(_view(r), by_id[r.commune_id]) for r in rows[:limit]]
    return features, (int(rows[limit - 1].id) if len(rows) > limit else None)


@cache
def _listed_select() -> Any:
    """A listed point's public columns, its village's name and its commune (the officer's whole
    record, with timestamps to parse and fields to copy, cost a listing a fifth more CPU)."""
    return select(*_view_columns(), points.c.commune_id).join(
        villages, villages.c.id == points.c.village_id
    )


def point_conditions(conn: Connection, where: PointFilter) -> list[Any]:
    """The WHERE clauses of a filter over points joined to their villages (the bbox through the
    spatial index on PostGIS); a kind or status outside the vocabulary is refused."""
    if where.kind is not None:
        check_kind(where.kind)
    if where.status is not None and where.status not in STATUSES:
        raise InvalidInput(
            "point.bad_status", field="status", value=where.status, expected=", ".join(STATUSES)
        )
    conditions = []
    if where.village is not None:
        conditions.append(villages.c.name == where.village.strip())
    if where.kind is not None:
        conditions.append(points.c.kind == where.kind)
    if where.status is not None:
        conditions.append(points.c.status == where.status)
    if where.bbox is not None:
        conditions.append(in_bbox(conn, *where.bbox))
    return conditions


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


def communes_by_id(conn: Connection, ids: Sequence[int] | set[int]) -> list[Commune]:
    if not ids:
        return []
    rows = conn.execute(select(communes).where(communes.c.id.in_(list(ids)))).all()
    return [commune_from_row(r) for r in rows]
