"""What the coverage map draws for a view, and the figures of the dashboard.

A province holds ~500,000 points: no view may carry them all. For a bounding box and a zoom
level :func:`map_features` answers one of three shapes, never more than ``MAX_FEATURES``:

- ``villages``: below ``VILLAGE_ZOOM``, one feature per village in view, at the centre of its
  bounds, with its counts by status;
- ``points``: the public points themselves, when no more than ``MAX_FEATURES`` are in view;
- ``clusters``: otherwise, points counted in cells of a grid fixed to the world (so a cluster does
  not jump when the view pans), the cells made coarser until they fit.

Point features carry public fields only (code, kind, status, review flag, and the name of
agencies and heritage sites, never a household's: the rule of gis/public.py). Retired points are
left out everywhere, as in the coverage document.

:func:`installations_per_day` gives the chart: points confirmed on the wall per day (the first
confirmation of each point that is installed now), so its cumulative total is the coverage's
``installed``."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Integer, and_, case, cast, func, select

from gis.errors import InvalidInput
from gis.registry.communes import Commune
from gis.registry.points import check_kind
from gis.spatial.queries import in_bbox
from gis.storage.schema import KINDS, installations, points, villages

__all__ = [
    "MAX_FEATURES",
    "VILLAGE_ZOOM",
    "DayCount",
    "MapView",
    "all_points",
    "behind_first",
    "commune_bounds",
    "installations_per_day",
    "map_features",
    "parse_bbox",
    "point_status",
]

MAX_FEATURES = 5000  # features in one response, whatever the view
VILLAGE_ZOOM = 12  # below this zoom level the map shows one aggregate per village
CELL_PX = 64  # a cluster cell spans about this many screen pixels at the view's zoom
COORD_DIGITS = 6  # ~0.1 m: enough for a plate, and a third off the response size
STATUS_KEYS = ("registered", "coded", "printed", "installed", "review")


@dataclass(frozen=True)
class MapView:
    bbox: tuple[float, float, float, float]  # min lon, min lat, max lon, max lat (WGS 84)
    zoom: int
    kinds: tuple[str, ...] = KINDS


@dataclass(frozen=True)
class DayCount:
    day: date
    installed: int  # points first confirmed that day
    cumulative: int


def parse_bbox(text: str) -> tuple[float, float, float, float]:
    """'minlon,minlat,maxlon,maxlat' → a tuple; ``InvalidInput`` names what is wrong."""
    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError:
        raise InvalidInput(
            "map.bad_bbox", field="bbox", value=text, expected="minlon,minlat,maxlon,maxlat"
        ) from None
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise InvalidInput(
            "map.bbox_out_of_range",
            field="bbox",
            value=text,
            expected="min ≤ max within -180..180, -90..90",
        )
    return x0, y0, x1, y1


def point_status(status: str, needs_review: bool) -> str:
    """The colour key of a point on the map: its lifecycle status, or 'review' when flagged."""
    return "review" if needs_review else status


def map_features(conn: Connection, commune: Commune, view: MapView) -> dict[str, Any]:
    """A GeoJSON FeatureCollection for the view, with ``mode`` and ``count`` (points in view)."""
    for kind in view.kinds:
        check_kind(kind, field="kinds")
    if not 0 <= view.zoom <= 22:
        raise InvalidInput("map.bad_zoom", field="zoom", value=view.zoom, expected="0 to 22")
    where = _in_view(conn, commune, view)
    if not view.kinds:
        return _collection("points", 0, [])
    if view.zoom < VILLAGE_ZOOM:
        features = _village_features(conn, commune, view)
        if features is not None:
            return _collection(
                "villages", sum(f["properties"]["count"] for f in features), features
            )
    count = int(conn.execute(select(func.count()).select_from(points).where(where)).scalar_one())
    if count <= MAX_FEATURES:
        return _collection("points", count, _point_features(conn, where))
    return _collection("clusters", count, _cluster_features(conn, where, view))


def _collection(mode: str, count: int, features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "mode": mode, "count": count, "features": features}


def _in_view(conn: Connection, commune: Commune, view: MapView) -> Any:
    return and_(
        in_bbox(conn, *view.bbox),
        points.c.commune_id == commune.id,
        points.c.status != "retired",
        points.c.kind.in_(view.kinds),
    )


def _status_sums() -> list[Any]:
    review = points.c.needs_review.is_(True)
    sums = [
        func.sum(case((and_(points.c.status == s, ~review), 1), else_=0)).label(s)
        for s in STATUS_KEYS[:-1]
    ]
    return [*sums, func.sum(case((review, 1), else_=0)).label("review")]


def _village_features(
    conn: Connection, commune: Commune, view: MapView
) -> list[dict[str, Any]] | None:
    """One feature per village whose bounds meet the view, or None when there are too many."""
    x0, y0, x1, y1 = view.bbox
    in_view = and_(
        villages.c.commune_id == commune.id,
        villages.c.max_lon >= x0,
        villages.c.min_lon <= x1,
        villages.c.max_lat >= y0,
        villages.c.min_lat <= y1,
    )
    rows = conn.execute(
        select(
            villages.c.id, villages.c.name, villages.c.min_lon, villages.c.min_lat,
            villages.c.max_lon, villages.c.max_lat,
        ).where(in_view)
    ).all()  # fmt: skip
    if len(rows) > MAX_FEATURES:
        return None
    # Counted from the (village_id, status) index alone when every kind is wanted (the usual
    # case): a province's 500,000 points then cost an index scan, not a table scan.
    kept = [points.c.village_id.in_([r.id for r in rows]), points.c.status != "retired"]
    if set(view.kinds) != set(KINDS):
        kept.append(points.c.kind.in_(view.kinds))
    counts: dict[int, dict[str, int]] = {r.id: dict.fromkeys(STATUS_KEYS, 0) for r in rows}
    by_status = select(points.c.village_id, points.c.status, func.count().label("n"))
    for c in conn.execute(by_status.where(*kept).group_by(points.c.village_id, points.c.status)):
        counts[c.village_id][c.status] += int(c.n)
    # Flagged points are few: one plain scan finds them (grouping them by village would lead
    # SQLite to walk the index and look up every row, ten times slower).
    flagged = select(points.c.village_id, points.c.status).where(
        points.c.needs_review.is_(True), *kept[1:]
    )
    for c in conn.execute(flagged):
        if c.village_id in counts:
            counts[c.village_id][c.status] -= 1  # counted once, as 'review'
            counts[c.village_id]["review"] += 1
    features = []
    for r in rows:
        total = sum(counts[r.id].values())
        centre = ((r.min_lon + r.max_lon) / 2, (r.min_lat + r.max_lat) / 2)
        properties = {"village": r.name, "count": total, **counts[r.id]}
        features.append(_feature(*centre, properties))
    return features


def all_points(conn: Connection, commune: Commune) -> dict[str, Any]:
    """Every point of the commune (for an exported map, which has no server to ask)."""
    where = and_(points.c.commune_id == commune.id, points.c.status != "retired")
    features = _point_features(conn, where, limit=None)
    return _collection("points", len(features), features)


def commune_bounds(conn: Connection, commune: Commune) -> tuple[float, float, float, float]:
    """The bounds of the commune's villages (min lon, min lat, max lon, max lat)."""
    row = conn.execute(
        select(
            func.min(villages.c.min_lon), func.min(villages.c.min_lat),
            func.max(villages.c.max_lon), func.max(villages.c.max_lat),
        ).where(villages.c.commune_id == commune.id)
    ).one()  # fmt: skip
    if row[0] is None:
        raise InvalidInput("commune.no_villages", commune=commune.name)
    return float(row[0]), float(row[1]), float(row[2]), float(row[3])


def _point_features(
    conn: Connection, where: Any, *, limit: int | None = MAX_FEATURES
) -> list[dict[str, Any]]:
    rows = conn.execute(
        select(
            points.c.code, points.c.kind, points.c.name, points.c.status,
            points.c.needs_review, points.c.lon, points.c.lat,
        ).where(where).order_by(points.c.id).limit(limit)
    ).all()  # fmt: skip
    return [
        _feature(
            r.lon,
            r.lat,
            {
                "code": r.code,
                "kind": r.kind,
                # Agencies and heritage sites are public places; a household's name is not.
                "name": r.name if r.kind != "household" else None,
                "status": point_status(r.status, bool(r.needs_review)),
            },
        )
        for r in rows
    ]


def _cluster_features(conn: Connection, where: Any, view: MapView) -> list[dict[str, Any]]:
    x0, y0, x1, y1 = view.bbox
    cell = 360.0 / 2**view.zoom * CELL_PX / 256  # degrees of longitude per cell at this zoom
    while (math.floor(x1 / cell) - math.floor(x0 / cell) + 1) * (
        math.floor(y1 / cell) - math.floor(y0 / cell) + 1
    ) > MAX_FEATURES:
        cell *= 2
    # floor() for coordinates of either sign, portably: CAST truncates toward zero.
    gx = func.floor(points.c.lon / cell) if _has_floor(conn) else _floor(points.c.lon / cell)
    gy = func.floor(points.c.lat / cell) if _has_floor(conn) else _floor(points.c.lat / cell)
    rows = conn.execute(
        select(
            gx.label("gx"),
            gy.label("gy"),
            func.count().label("n"),
            func.avg(points.c.lon).label("lon"),
            func.avg(points.c.lat).label("lat"),
            *_status_sums(),
        )
        .where(where)
        .group_by(gx, gy)
    ).all()
    return [
        _feature(r.lon, r.lat, {"count": int(r.n), **{k: int(getattr(r, k)) for k in STATUS_KEYS}})
        for r in rows
    ]


def _has_floor(conn: Connection) -> bool:
    return conn.dialect.name != "sqlite"  # SQLite has floor() only when built with math


def _floor(value: Any) -> Any:
    truncated = cast(value, Integer)
    return case((value < truncated, truncated - 1), else_=truncated)


def _feature(lon: float, lat: float, properties: dict[str, Any]) -> dict[str, Any]:
    position = [round(lon, COORD_DIGITS), round(lat, COORD_DIGITS)]
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": position},
        "properties": properties,
    }


def installations_per_day(conn: Connection, commune: Commune) -> list[DayCount]:
    """Points installed per day (day of their first confirmation, Vietnam time), in order."""
    first = (
        select(func.min(installations.c.created_at).label("at"))
        .join(points, points.c.id == installations.c.point_id)
        .where(points.c.commune_id == commune.id, points.c.status == "installed")
        .group_by(installations.c.point_id)
        .subquery()
    )
    if conn.dialect.name == "sqlite":
        day: Any = func.date(first.c.at, "+7 hours")
    else:
        day = func.date(func.timezone("Asia/Ho_Chi_Minh", first.c.at))
    rows = conn.execute(select(day.label("day"), func.count()).group_by(day).order_by(day)).all()
    out, total = [], 0
    for d, n in rows:
        total += int(n)
        out.append(DayCount(d if isinstance(d, date) else date.fromisoformat(d), int(n), total))
    return out


def behind_first(villages_doc: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The coverage document's villages, furthest behind first: lowest share installed (of the
    expected count when it is larger, so under-registration does not pass for done), then most
    plates remaining, then name."""

    def share(v: dict[str, Any]) -> float:
        whole = max(v["total"], v["expected"] or 0)
        return v["installed"] / whole if whole else 0.0

    return sorted(villages_doc, key=lambda v: (share(v), -v["remaining"], v["village"]))
