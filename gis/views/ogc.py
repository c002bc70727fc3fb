"""The registry as OGC API – Features collections: ``points``, ``villages``, ``communes``.

What a GIS tool (QGIS, GDAL's OAPIF driver, OWSLib) reads through /ogc, built from the same
queries as the public API: points through :func:`gis.views.public.point_conditions` (the bbox
on the spatial index on PostGIS, on the lon/lat index on SQLite), villages and communes from
their outlines and the coverage figures. Points carry the public fields
(:func:`gis.views.public.public_feature`: never a household's name); ``full_communes`` names
the communes whose points also carry the officer's full record (the route passes the reader's
own). Coordinates leave in the reader's system (:mod:`gis.views.ogc_crs`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import shapely
from sqlalchemy import Connection, and_, func, select

from addrgen.catalog import N_
from gis.errors import NotFound, RegistryError
from gis.registry.communes import Commune, commune_from_row
from gis.storage.schema import communes, points, villages
from gis.views.coverage import coverage
from gis.views.ogc_crs import OgcCrs, registry_crs
from gis.views.ogc_points import point_page
from gis.views.public import PointFilter, communes_by_id, point_conditions

__all__ = [
    "COLLECTIONS",
    "MAX_LIMIT",
    "ItemsQuery",
    "Page",
    "collection_item",
    "collection_items",
    "extent",
    "offered_crs",
]

MAX_LIMIT = 10_000  # features per items page (OGC's limit parameter)
MAX_OFFSET = 2**62  # beyond any row count, within the databases' 64-bit integers
#: Collection id → the catalog key of its title (the texts live in the catalog).
COLLECTIONS = {
    "points": N_("ogc.points"),
    "villages": N_("ogc.villages"),
    "communes": N_("ogc.communes"),
}


@dataclass(frozen=True)
class ItemsQuery:
    """One items request: the filter (bbox already in WGS 84), the page and the output system."""

    where: PointFilter = field(default_factory=PointFilter)
    limit: int = 100
    offset: int = 0
    crs: OgcCrs = field(default_factory=lambda: OgcCrs(None))
    full_communes: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Page:
    features: list[dict[str, Any]]
    matched: int


def offered_crs(conn: Connection) -> list[OgcCrs]:
    """CRS84, EPSG:4326 and the VN-2000 zones of the registry's provinces."""
    provinces = conn.execute(select(communes.c.province).distinct()).scalars()
    return registry_crs(sorted(p or "" for p in provinces))


def extent(conn: Connection) -> list[float] | None:
    """The bounds of every village of the registry (CRS84), or None for an empty registry."""
    row = conn.execute(
        select(
            func.min(villages.c.min_lon), func.min(villages.c.min_lat),
            func.max(villages.c.max_lon), func.max(villages.c.max_lat),
        )
    ).one()  # fmt: skip
    return None if row[0] is None else [float(v) for v in row]


def check_page(limit: int, offset: int) -> None:
    """A page the service answers: 1 to 10,000 features from offset 0 on (400 otherwise)."""
    if not 1 <= limit <= MAX_LIMIT:
        raise RegistryError(
            "ogc.bad_limit", field="limit", value=limit, expected=f"1–{MAX_LIMIT}", max=MAX_LIMIT
        )
    if not 0 <= offset <= MAX_OFFSET:  # a larger one overflows the driver's integers
        raise RegistryError("ogc.bad_offset", field="offset", value=offset, expected="0…")


def collection_items(conn: Connection, collection: str, *, query: ItemsQuery) -> Page:
    check_page(query.limit, query.offset)
    if collection == "points":
        return _point_items(conn, query)
    if collection == "villages":
        return _village_items(conn, query)
    if collection == "communes":
        return _commune_items(conn, query)
    raise NotFound("ogc.no_collection", field="collection", value=collection)


def collection_item(conn: Connection, collection: str, item: str, *, query: ItemsQuery) -> Any:
    """One feature by its id: a point's code, a village's number, a commune's code."""
    found: list[dict[str, Any]] = []
    if collection == "points":
        where = points.c.code == item
        full = query.full_communes
        found = point_page(conn, [where], crs=query.crs, full_communes=full, limit=1, offset=0)
    elif collection == "villages" and item.isdigit() and len(item) <= 18:
        found = _village_features(conn, [villages.c.id == int(item)], query)
    elif collection == "communes":
        found = _commune_features(conn, [communes.c.commune_code == item], query)
    elif collection not in COLLECTIONS:
        raise NotFound("ogc.no_collection", field="collection", value=collection)
    if not found:
        raise NotFound("ogc.no_item", field="featureId", value=item, collection=collection)
    return found[0]


def _point_items(conn: Connection, query: ItemsQuery) -> Page:
    conditions = point_conditions(conn, query.where)
    counted = select(func.count()).select_from(
        points.join(villages, villages.c.id == points.c.village_id)
    )
    matched = int(conn.execute(counted.where(*conditions)).scalar_one())
    features = point_page(
        conn,
        conditions,
        crs=query.crs,
        full_communes=query.full_communes,
        limit=query.limit,
        offset=query.offset,
        in_bbox=query.where.bbox is not None,
    )
    return Page(features, matched)


def _village_items(conn: Connection, query: ItemsQuery) -> Page:
    conditions = _outline_conditions(query)
    matched = conn.execute(select(func.count()).select_from(villages).where(*conditions))
    features = _village_features(conn, conditions, query)
    return Page(features, int(matched.scalar_one()))


def _outline_conditions(query: ItemsQuery) -> list[Any]:
    """Villages whose bounds meet the bbox (the bounds are columns: no geometry is decoded)."""
    if query.where.bbox is None:
        return []
    x0, y0, x1, y1 = query.where.bbox
    return [
        and_(villages.c.max_lon >= x0, villages.c.min_lon <= x1),
        and_(villages.c.max_lat >= y0, villages.c.min_lat <= y1),
    ]


def _village_features(
    conn: Connection, conditions: Sequence[Any], query: ItemsQuery
) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(villages.c.id, villages.c.commune_id, villages.c.name, villages.c.ordinal,
               villages.c.boundary_wkb)
        .where(*conditions)
        .order_by(villages.c.commune_id, villages.c.ordinal)
        .offset(query.offset).limit(query.limit)
    ).all()  # fmt: skip
    by_id = {c.id: c for c in communes_by_id(conn, {r.commune_id for r in rows})}
    figures = {
        (cid, v["village"]): v
        for cid, commune in by_id.items()
        for v in coverage(conn, commune)["villages"]
    }
    return [
        {
            "type": "Feature",
            "id": r.id,
            "geometry": _geometry(r.boundary_wkb, query.crs),
            "properties": {
                "name": r.name,
                "ordinal": r.ordinal,
                "commune": by_id[r.commune_id].name,
                **_flat(figures[(r.commune_id, r.name)]),
            },
        }
        for r in rows
    ]


def _commune_items(conn: Connection, query: ItemsQuery) -> Page:
    conditions = [communes.c.successor_id.is_(None)]  # a merged commune no longer stands
    if query.where.bbox is not None:
        inside = select(villages.c.commune_id).where(*_outline_conditions(query))
        conditions.append(communes.c.id.in_(inside))
    matched = conn.execute(select(func.count()).select_from(communes).where(*conditions))
    return Page(_commune_features(conn, conditions, query), int(matched.scalar_one()))


def _commune_features(
    conn: Connection, conditions: Sequence[Any], query: ItemsQuery
) -> list[dict[str, Any]]:
    """Each commune's outline (the union of its villages') with its coverage figures."""
    rows = conn.execute(
        select(communes).where(*conditions).order_by(communes.c.id)
        .offset(query.offset).limit(query.limit)
    ).all()  # fmt: skip
    return [_commune_feature(conn, commune_from_row(r), query.crs) for r in rows]


def _commune_feature(conn: Connection, commune: Commune, crs: OgcCrs) -> dict[str, Any]:
    outlines = conn.execute(
        select(villages.c.boundary_wkb).where(villages.c.commune_id == commune.id)
    ).scalars()
    union = shapely.union_all([shapely.from_wkb(w) for w in outlines])
    figures = coverage(conn, commune)["commune"]
    return {
        "type": "Feature",
        "id": commune.commune_code,
        "geometry": None if union.is_empty else crs.geometry(shapely.geometry.mapping(union)),
        "properties": {
            "name": commune.name,
            "commune_code": commune.commune_code,
            "area_number": commune.area_number,
            "district": commune.district,
            "province": commune.province,
            **{k: v for k, v in figures.items() if k != "name"},
        },
    }


def _geometry(wkb: bytes, crs: OgcCrs) -> dict[str, Any]:
    return crs.geometry(dict(shapely.geometry.mapping(shapely.from_wkb(wkb))))


def _flat(figures: dict[str, Any]) -> dict[str, Any]:
    """Coverage figures as flat properties (GIS tools show one column per property: the counts
    by kind become ``household``, ``agency``, ``heritage``)."""
    flat = {k: v for k, v in figures.items() if k not in ("village", "by_kind")}
    return flat | dict(figures.get("by_kind", {}))
