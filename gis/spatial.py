"""Bounding-box conditions on points, with the index each backend has.

On PostgreSQL, `points.geom` (a generated PostGIS point, migration 0004) carries a GiST index:
`geom && ST_MakeEnvelope(…)` lets the planner use it. The index keeps boxes in single precision,
rounded outward, so `&&` may let through a point a hair outside the box: the exact comparison on
lon/lat stays, and both backends return the same rows. On SQLite the (lon, lat) B-tree serves the
comparison alone, as before.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, and_, func, literal_column

from gis.schema import points

SRID = 4326


def in_bbox(conn: Connection, x0: float, y0: float, x1: float, y1: float) -> Any:
    """Points with x0 ≤ lon ≤ x1 and y0 ≤ lat ≤ y1 (degrees, WGS 84)."""
    exact = and_(points.c.lon.between(x0, x1), points.c.lat.between(y0, y1))
    if conn.dialect.name != "postgresql":
        return exact
    envelope = func.ST_MakeEnvelope(x0, y0, x1, y1, SRID)
    return and_(literal_column("points.geom").op("&&")(envelope), exact)
