"""Spatial queries with the index each backend has.

On PostgreSQL the registry's geometries are PostGIS columns (migration 0004): `points.geom` and
`villages.boundary`, generated from lon/lat and the boundary's WKB, each with a GiST index. There
the bounding boxes of the public API and the map, the village join of an import (or of one point
added or moved by hand) and the 3-metre duplicate search run in SQL on those indexes. SQLite has
no spatial index: the (lon, lat) B-tree serves bounding boxes, and the village join and the
duplicate search run in Python (shapely's STRtree, a metric grid; gis/geometry.py).

Both backends give the same answers: the tests of the import, of single points and of the bbox
routes run on each. Where the two could differ by construction it is said here: the index keeps
boxes in single precision, rounded outward, so `&&` is always followed by the exact comparison;
a point on a border shared by two villages goes to the first village in registry order on both;
distances are geodesic on the WGS 84 ellipsoid on both (PostGIS's geography; pyproj's `Geod`, the
same algorithm), so a pair's distance agrees to the nanometre.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from sqlalchemy import Connection, and_, func, literal_column, select, text

from gis.spatial.geometry import VillageIndex, geodesic_metres, local_metres, pairs_within
from gis.storage.schema import points

__all__ = ["SRID", "NearPairs", "PostgisVillageIndex", "in_bbox", "is_postgis", "near_pairs"]

SRID = 4326
METRES_PER_DEGREE_LAT_MIN = 110_574.0  # at the equator, the shortest degree of latitude


def is_postgis(conn: Connection) -> bool:
    return conn.dialect.name == "postgresql"


def in_bbox(conn: Connection, x0: float, y0: float, x1: float, y1: float) -> Any:
    """Points with x0 ≤ lon ≤ x1 and y0 ≤ lat ≤ y1 (degrees, WGS 84)."""
    exact = and_(points.c.lon.between(x0, x1), points.c.lat.between(y0, y1))
    if not is_postgis(conn):
        return exact
    envelope = func.ST_MakeEnvelope(x0, y0, x1, y1, SRID)
    return and_(literal_column("points.geom").op("&&")(envelope), exact)


def degrees_for(metres: float, lats: NDArray[np.float64]) -> float:
    """A margin in degrees that covers ``metres`` in every direction at these latitudes (for a
    bounding-box prefilter on the index before the exact distance)."""
    top = min(float(np.abs(lats).max()) if len(lats) else 0.0, 89.0)
    return metres / (METRES_PER_DEGREE_LAT_MIN * math.cos(math.radians(top))) * 1.01


_LOCATE = text(
    """
    SELECT DISTINCT ON (p.k) p.k, array_position(CAST(:ids AS bigint[]), v.id) - 1 AS pos
    FROM unnest(CAST(:lons AS float8[]), CAST(:lats AS float8[])) WITH ORDINALITY AS p(lon, lat, k)
    JOIN villages AS v
      ON v.id = ANY(CAST(:ids AS bigint[]))
     AND ST_Intersects(v.boundary, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
    ORDER BY p.k, pos
    """
)


@dataclass(frozen=True)
class PostgisVillageIndex(VillageIndex):
    """A commune's villages, located in PostGIS: `ST_Intersects` on the GiST index of
    `villages.boundary`, inside the caller's transaction. Names, ids and the nearest-village
    distance of messages come from the same rows as on SQLite."""

    conn: Connection | None = None

    def locate(self, lons: NDArray[np.float64], lats: NDArray[np.float64]) -> NDArray[np.int64]:
        """The position in this index of the village holding each point, or -1 (a point on a
        shared border goes to the village listed first, as on SQLite)."""
        result = np.full(len(lons), -1, dtype=np.int64)
        if len(lons) == 0 or len(self.ids) == 0 or self.conn is None:
            return result
        found = self.conn.execute(
            _LOCATE,
            {"ids": self.ids.tolist(), "lons": lons.tolist(), "lats": lats.tolist()},
        ).all()
        if found:
            at = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
            pos = np.fromiter((r[1] for r in found), dtype=np.int64, count=len(found))
            result[at - 1] = pos
        return result


@dataclass(frozen=True)
class NearPairs:
    """Pairs of points closer than a distance, among the registered points ``registered``
    (positions 0 … len-1) followed by the new ones (positions len …), each pair (a, b) with
    a < b, in ascending order, with its distance in metres."""

    registered: list[Any]
    pairs: NDArray[np.int64]
    metres: NDArray[np.float64]


_CANDIDATES_TABLE = "diachiso_candidates"
GEODESIC_CHUNK = 250_000  # pairs measured at a time (near_pairs_local)


def near_pairs_postgis(
    conn: Connection,
    commune_id: int,
    lons: NDArray[np.float64],
    lats: NDArray[np.float64],
    radius_m: float,
) -> NearPairs:
    """The duplicate search of an import in PostGIS: the new points go into a temporary table
    with its own GiST index, then two index joins find every new point within ``radius_m`` of a
    registered point of the commune (not retired) and of another new point. Distances are
    geodesic (`ST_Distance` on geography); the box prefilter (`&&` with a margin) uses the
    indexes."""
    _load_candidates(conn, lons, lats)
    params = {"commune": commune_id, "margin": degrees_for(radius_m, lats), "radius": radius_m}
    registered = conn.execute(_NEAR_REGISTERED, params).all()
    among = conn.execute(_NEAR_AMONG, params).all()
    conn.exec_driver_sql(f"DROP TABLE {_CANDIDATES_TABLE}")
    # Registered neighbours in id order, so the answer never depends on a plan's order.
    by_id = {r.id: r for r in sorted(registered, key=lambda r: r.id)}
    slot = {pid: i for i, pid in enumerate(by_id)}
    n_reg = len(by_id)
    rows = [(slot[r.id], n_reg + r.k, r.metres) for r in registered]
    rows += [(n_reg + a, n_reg + b, d) for a, b, d in among]
    rows.sort()
    pairs = np.array([(a, b) for a, b, _ in rows], dtype=np.int64).reshape(-1, 2)
    metres = np.array([d for _, _, d in rows], dtype=np.float64)
    return NearPairs(list(by_id.values()), pairs, metres)


_NEAR_REGISTERED = text(
    f"""
    SELECT c.k, p.id, p.lon, p.lat, p.name, p.ref, p.code, p.kind, p.house_number,
           ST_Distance(p.geom::geography, c.g::geography) AS metres
    FROM {_CANDIDATES_TABLE} AS c
    JOIN points AS p ON p.geom && ST_Expand(c.g, :margin)
    WHERE p.commune_id = :commune AND p.status <> 'retired'
      AND ST_Distance(p.geom::geography, c.g::geography) < :radius
    """
)
_NEAR_AMONG = text(
    f"""
    SELECT a.k, b.k, ST_Distance(a.g::geography, b.g::geography) AS metres
    FROM {_CANDIDATES_TABLE} AS a
    JOIN {_CANDIDATES_TABLE} AS b ON b.g && ST_Expand(a.g, :margin) AND a.k < b.k
    WHERE ST_Distance(a.g::geography, b.g::geography) < :radius
    """
)


def _load_candidates(
    conn: Connection, lons: NDArray[np.float64], lats: NDArray[np.float64]
) -> None:
    """The new points into a temporary table (dropped at commit), indexed and analysed."""
    conn.exec_driver_sql(f"DROP TABLE IF EXISTS pg_temp.{_CANDIDATES_TABLE}")
    conn.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {_CANDIDATES_TABLE} "
        "(k integer PRIMARY KEY, g geometry(Point, 4326) NOT NULL) ON COMMIT DROP"
    )
    conn.execute(
        text(
            f"INSERT INTO {_CANDIDATES_TABLE} (k, g) "
            "SELECT k - 1, ST_SetSRID(ST_MakePoint(lon, lat), 4326) "
            "FROM unnest(CAST(:lons AS float8[]), CAST(:lats AS float8[])) "
            "WITH ORDINALITY AS t(lon, lat, k)"
        ),
        {"lons": lons.tolist(), "lats": lats.tolist()},
    )
    if len(lons) > 1:
        conn.exec_driver_sql(f"CREATE INDEX ON {_CANDIDATES_TABLE} USING gist (g)")
    conn.exec_driver_sql(f"ANALYZE {_CANDIDATES_TABLE}")


def near_pairs_local(
    conn: Connection,
    commune_id: int,
    lons: NDArray[np.float64],
    lats: NDArray[np.float64],
    radius_m: float,
) -> NearPairs:
    """The same search without a spatial index (SQLite): the registered points of the commune
    in the new points' bounding box (plus a margin) are read, and every pair closer than
    ``radius_m`` is found on a metric grid in one vectorised pass."""
    margin = degrees_for(100.0, lats)  # well beyond the radius; the exact test follows
    registered = conn.execute(
        select(
            points.c.id,
            points.c.lon,
            points.c.lat,
            points.c.name,
            points.c.ref,
            points.c.code,
            points.c.kind,
            points.c.house_number,
        )
        .where(
            points.c.commune_id == commune_id,
            points.c.status != "retired",
            in_bbox(
                conn,
                float(lons.min()) - margin,
                float(lats.min()) - margin,
                float(lons.max()) + margin,
                float(lats.max()) + margin,
            ),
        )
        .order_by(points.c.id)
    ).all()
    all_lons = np.concatenate([np.array([r.lon for r in registered], dtype=np.float64), lons])
    all_lats = np.concatenate([np.array([r.lat for r in registered], dtype=np.float64), lats])
    x, y = local_metres(all_lons, all_lats)
    # The local frame finds the candidates (with a margin for its 1 % over a province); the
    # geodesic distance decides, as in PostGIS.
    pairs = pairs_within(x, y, radius_m * 1.02)
    pairs = pairs[pairs[:, 1] >= len(registered)]  # two registered points: not our business
    metres = np.empty(len(pairs), dtype=np.float64)
    # A part at a time: a crowded commune's two million pairs take eight arrays to measure.
    for start in range(0, len(pairs), GEODESIC_CHUNK):
        a, b = pairs[start : start + GEODESIC_CHUNK, 0], pairs[start : start + GEODESIC_CHUNK, 1]
        metres[start : start + len(a)] = geodesic_metres(
            all_lons[a], all_lats[a], all_lons[b], all_lats[b]
        )
    close = metres < radius_m
    return NearPairs(list(registered), pairs[close], metres[close])


def near_pairs(
    conn: Connection,
    commune_id: int,
    lons: NDArray[np.float64],
    lats: NDArray[np.float64],
    radius_m: float,
) -> NearPairs:
    """Every new point (``lons``, ``lats``) within ``radius_m`` of a registered point of the
    commune or of another new point; in PostGIS on PostgreSQL, in Python on SQLite."""
    search = near_pairs_postgis if is_postgis(conn) else near_pairs_local
    return search(conn, commune_id, lons, lats, radius_m)
