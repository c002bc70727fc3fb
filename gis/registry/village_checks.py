"""Imported village boundaries checked before anything is stored: each polygon (repaired when
it can be), the overlaps, and where they lie.

A boundary stored in the wrong place poisons the registry for good: every later point is
"outside every village", and codes issued against it stay issued. So a village file is refused,
never stored, when its coordinates cannot be degrees (VN-2000 metres read without their
``.prj``), when it falls outside Vietnam, or when it misses the commune's registered villages
and points by kilometres (a ``.prj`` of the neighbouring VN-2000 zone shifts a whole file by
≈ 26 km, which no per-polygon check sees).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, func, select

from gis.errors import InvalidInput, Problem
from gis.registry.communes import Commune
from gis.storage.schema import points, villages

__all__ = [
    "VIETNAM_BOUNDS",
    "check_degrees",
    "check_placement",
    "check_polygon",
    "looks_vn2000",
    "report_overlaps",
]

# Mainland Vietnam plus the island districts (Hoàng Sa ≈ 112° E, Trường Sa ≈ 114–117° E): a
# boundary outside this box is not a Vietnamese commune's, whatever the file says.
VIETNAM_BOUNDS = (102.0, 6.0, 117.5, 24.0)
# VN-2000 TM-3 / UTM eastings carry a 500 km false easting; Vietnam's northings run from
# ≈ 0.66e6 (lat 6°) to ≈ 2.66e6 m (lat 24°). Degrees never reach these values.
VN2000_EASTING = (100_000.0, 900_000.0)
VN2000_NORTHING = (600_000.0, 2_700_000.0)
# How far new villages may lie from the commune's registered ones (a neighbouring commune merged
# in is adjacent; a wrong zone is 26 km off, a wrong datum or false easting far more).
NEAR_KM = 5.0
KM_PER_DEGREE = 111.32

# Below this share of the smaller village's area an overlap is a digitising sliver, not news.
OVERLAP_REPORT_M2 = 1.0
METRES_PER_DEGREE = 111_320.0

Bounds = tuple[float, float, float, float]


def looks_vn2000(bounds: Bounds) -> bool:
    """Whether x/y bounds fit VN-2000 (or UTM) metres in Vietnam."""
    minx, miny, maxx, maxy = bounds
    return (
        VN2000_EASTING[0] <= minx <= maxx <= VN2000_EASTING[1]
        and VN2000_NORTHING[0] <= miny <= maxy <= VN2000_NORTHING[1]
    )


def check_degrees(bounds: Bounds, *, file: str, crs: str) -> None:
    """Refuse coordinates read as degrees (``crs`` geographic) that cannot be degrees, saying
    whether they look like VN-2000 metres or like [lat, lon] swapped."""
    minx, miny, maxx, maxy = bounds
    if -180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0:
        return
    shown = _shown(bounds)
    if looks_vn2000(bounds):
        raise InvalidInput("villages.metres_as_degrees", value=crs, file=file, **shown)
    if _inside((miny, minx, maxy, maxx), VIETNAM_BOUNDS):
        raise InvalidInput("villages.swapped_lat_lon", value=crs, file=file, **shown)
    raise InvalidInput("villages.not_degrees", value=crs, file=file, **shown)


def check_placement(
    conn: Connection, commune: Commune, *, file: str, geoms: Sequence[BaseGeometry]
) -> None:
    """Refuse WGS 84 boundaries outside Vietnam, or more than :data:`NEAR_KM` from every
    village and point the commune has registered (with the measured offset)."""
    if not geoms:
        return
    minx, miny, maxx, maxy = (float(v) for v in shapely.total_bounds(list(geoms)))
    new = (minx, miny, maxx, maxy)
    if not _inside(new, VIETNAM_BOUNDS):
        raise InvalidInput("villages.outside_vietnam", file=file, **_shown(new))
    known = _registered_bounds(conn, commune)
    if known is None:
        return
    gap = _gap_km(new, known)
    if gap <= NEAR_KM:
        return
    east, north = _offset_km(known, new)
    raise InvalidInput(
        "villages.far_from_commune",
        file=file,
        commune=commune.name,
        km=round(math.hypot(east, north), 1),
        gap_km=round(gap, 1),
        east_km=east,  # signed, with one decimal: the texts' {east_km:+.1f}
        north_km=north,
    )


def check_polygon(
    file: str,
    row_no: int,
    name: str,
    geom: BaseGeometry | None,
    name_col: str,
    problems: list[Problem],
) -> BaseGeometry | None:
    """A row's boundary as stored: a polygon, repaired if invalid (reported), else None."""
    if not name:
        problems.append(Problem(file, row_no, name_col, "", "villages.no_name"))
        return None
    if geom is None or geom.is_empty:
        problems.append(
            Problem(file, row_no, "geometry", None, "villages.no_boundary", {"name": name})
        )
        return None
    if geom.geom_type not in ("Polygon", "MultiPolygon"):
        problems.append(
            Problem(
                file, row_no, "geometry", geom.geom_type, "villages.not_polygon", {"name": name}
            )
        )
        return None
    if geom.is_valid:
        return geom
    reason = shapely.is_valid_reason(geom)
    parts = [p for p in shapely.get_parts(shapely.make_valid(geom)) if p.geom_type == "Polygon"]
    fixed = shapely.union_all(parts) if parts else None
    if fixed is not None and not fixed.is_empty and fixed.area > 0:
        problems.append(
            Problem(
                file,
                row_no,
                "geometry",
                None,
                "villages.polygon_repaired",
                {"name": name, "reason": reason},
                severity="warning",
            )
        )
        return fixed
    problems.append(
        Problem(
            file,
            row_no,
            "geometry",
            None,
            "villages.polygon_invalid",
            {"name": name, "reason": reason},
        )
    )
    return None


def report_overlaps(
    file: str,
    new: list[tuple[str, BaseGeometry, int | None]],
    existing: Sequence[Any],
    problems: list[Problem],
) -> None:
    everyone = [(v.name, v.boundary) for v in existing] + [(n, g) for n, g, _ in new]
    geoms = [g for _, g in everyone]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    for i, j in zip(left.tolist(), right.tolist(), strict=True):
        if i >= j or j < len(existing):
            continue
        overlap = geoms[i].intersection(geoms[j])
        if overlap.is_empty:
            continue
        scale = METRES_PER_DEGREE**2 * math.cos(math.radians(overlap.centroid.y))
        area = overlap.area * scale
        if area >= OVERLAP_REPORT_M2:
            problems.append(
                Problem(
                    file,
                    None,
                    "geometry",
                    None,
                    "villages.overlap",
                    {"first": everyone[i][0], "second": everyone[j][0], "area_m2": area},
                    severity="warning",
                )
            )


def _registered_bounds(conn: Connection, commune: Commune) -> Bounds | None:
    boxes = []
    for table, cols in (
        (
            villages,
            (villages.c.min_lon, villages.c.min_lat, villages.c.max_lon, villages.c.max_lat),
        ),
        (points, (points.c.lon, points.c.lat, points.c.lon, points.c.lat)),
    ):
        row = conn.execute(
            select(
                func.min(cols[0]), func.min(cols[1]), func.max(cols[2]), func.max(cols[3])
            ).where(table.c.commune_id == commune.id)
        ).one()
        if row[0] is not None:
            boxes.append((float(row[0]), float(row[1]), float(row[2]), float(row[3])))
    if not boxes:
        return None
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def _gap_km(a: Bounds, b: Bounds) -> float:
    """The distance between two boxes (0 when they overlap), in km."""
    lat = (a[1] + a[3] + b[1] + b[3]) / 4.0
    dx = max(a[0] - b[2], b[0] - a[2], 0.0) * KM_PER_DEGREE * math.cos(math.radians(lat))
    dy = max(a[1] - b[3], b[1] - a[3], 0.0) * KM_PER_DEGREE
    return math.hypot(dx, dy)


def _offset_km(frm: Bounds, to: Bounds) -> tuple[float, float]:
    """How far the centre of ``to`` is east and north of the centre of ``frm``, in km."""
    lat = (frm[1] + frm[3]) / 2.0
    east = ((to[0] + to[2]) - (frm[0] + frm[2])) / 2.0
    north = ((to[1] + to[3]) - (frm[1] + frm[3])) / 2.0
    return east * KM_PER_DEGREE * math.cos(math.radians(lat)), north * KM_PER_DEGREE


def _inside(inner: Bounds, outer: Bounds) -> bool:
    return (
        outer[0] <= inner[0] <= inner[2] <= outer[2]
        and outer[1] <= inner[1] <= inner[3] <= outer[3]
    )


def _shown(bounds: Bounds) -> dict[str, str]:
    return {
        "min_x": f"{bounds[0]:.6g}",
        "min_y": f"{bounds[1]:.6g}",
        "max_x": f"{bounds[2]:.6g}",
        "max_y": f"{bounds[3]:.6g}",
    }
