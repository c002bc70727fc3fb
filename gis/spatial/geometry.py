"""Geometry helpers shared by import, issuing and export: a local metric frame for distances,
village lookup by spatial join, and WKB round trips."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Self

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Geod
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

__all__ = [
    "VillageIndex",
    "geodesic_metres",
    "light_geojson",
    "local_metres",
    "pairs_within",
]

EARTH_RADIUS_M = 6_371_008.8
#: Outlines drawn on a map are simplified to about a metre (degrees): lighter, no visible change.
SIMPLIFY_DEGREES = 1e-5
#: A drawn position's decimals: 0.1 m, finer than any survey a commune sends.
DRAWN_DIGITS = 6
WGS84 = Geod(ellps="WGS84")


def geodesic_metres(
    lon1: NDArray[np.float64],
    lat1: NDArray[np.float64],
    lon2: NDArray[np.float64],
    lat2: NDArray[np.float64],
) -> NDArray[np.float64]:
    """Distances on the WGS 84 ellipsoid (Karney's geodesics, as PostGIS's geography uses), so
    a distance measured here and one measured in the database agree to the nanometre."""
    if len(lon1) == 0:
        return np.empty(0, dtype=np.float64)
    _, _, dist = WGS84.inv(lon1, lat1, lon2, lat2)
    return np.asarray(dist, dtype=np.float64)


def light_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """A WGS 84 outline as a GeoJSON geometry for a map: simplified to about a metre (topology
    kept) and rounded to 0.1 m, so a big village's survey of thousands of vertices weighs a
    few kilobytes and still looks the same at street zoom."""
    light = shapely.simplify(geom, SIMPLIFY_DEGREES, preserve_topology=True)
    return dict(mapping(shapely.set_precision(light, 10**-DRAWN_DIGITS)))


def local_metres(
    lons: NDArray[np.float64], lats: NDArray[np.float64], *, ref_lat: float | None = None
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Equirectangular projection around ``ref_lat``: exact to millimetres over a commune, and
    good to well under 1 % over a province, which is all a 3-metre duplicate check needs."""
    if ref_lat is None:
        ref_lat = float(np.mean(lats)) if len(lats) else 0.0
    k = np.pi / 180.0 * EARTH_RADIUS_M
    x = np.asarray(lons, dtype=np.float64) * k * np.cos(np.radians(ref_lat))
    y = np.asarray(lats, dtype=np.float64) * k
    return x, y


def pairs_within(
    x: NDArray[np.float64], y: NDArray[np.float64], distance: float
) -> NDArray[np.int64]:
    """All index pairs (i, j), i < j, of points closer than ``distance`` (same units as x, y).

    Points are bucketed on a grid of cell ``distance`` and sorted by cell; a point's neighbours
    are then in two runs of that order: its own cell and the next one in its row, and the three
    cells side by side in the row above (the other neighbours see it from their side). Each pair
    is met once, and the cost grows linearly with the number of points."""
    n = len(x)
    if n < 2:
        return np.empty((0, 2), dtype=np.int64)
    # The grid's arrays are freed when _pair_keys returns, before the pairs are sorted.
    keys = np.unique(_pair_keys(x, y, distance))
    return np.column_stack([keys // n, keys % n]).astype(np.int64)


def _pair_keys(
    x: NDArray[np.float64], y: NDArray[np.float64], distance: float
) -> NDArray[np.int64]:
    """pairs_within's pairs, each (i, j) as the number i·n + j, in no particular order."""
    n = len(x)
    cx = np.floor(x / distance).astype(np.int64)
    cy = np.floor(y / distance).astype(np.int64)
    cx -= cx.min()
    cy -= cy.min()
    width = int(cx.max()) + 3  # a margin column: a row's last cell + 1 is never the next row
    cell = cx + cy * width
    del cx, cy
    order = np.argsort(cell, kind="stable")
    sorted_cells = cell[order]
    del cell
    at = np.arange(n)
    runs = (
        (at + 1, np.searchsorted(sorted_cells, sorted_cells + 2)),  # later in own cell, next
        (
            np.searchsorted(sorted_cells, sorted_cells + width - 1),  # the row above
            np.searchsorted(sorted_cells, sorted_cells + width + 2),
        ),
    )
    found: list[NDArray[np.int64]] = [np.empty(0, dtype=np.int64)]
    # The points a part at a time: a crowded commune's million points have six million
    # candidate pairs, and each is several arrays of that length until the distance test.
    for first in range(0, n, PAIRS_CHUNK):
        part = slice(first, first + PAIRS_CHUNK)
        for lo, hi in runs:
            counts = np.maximum(hi[part] - lo[part], 0)
            if not counts.any():
                continue
            a = np.repeat(at[part], counts)
            b = (
                np.repeat(lo[part], counts)
                + np.arange(len(a))
                - np.repeat(np.cumsum(counts) - counts, counts)
            )
            i, j = order[a], order[b]
            i, j = np.minimum(i, j), np.maximum(i, j)
            close = (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2 < distance * distance
            found.append(i[close] * n + j[close])
    return np.concatenate(found).astype(np.int64)


LOCATE_CHUNK = 100_000  # points looked up at a time (VillageIndex.locate)
PAIRS_CHUNK = 100_000  # points whose neighbours pairs_within looks for at a time


@dataclass(frozen=True)
class VillageIndex:
    """Village polygons with an STRtree, for point-in-village lookups in bulk."""

    ids: NDArray[np.int64]
    names: list[str]
    geoms: NDArray[np.object_]
    tree: shapely.STRtree

    @classmethod
    def build(cls, ids: list[int], names: list[str], geoms: list[BaseGeometry]) -> Self:
        arr = np.array(geoms, dtype=object)
        return cls(np.array(ids, dtype=np.int64), names, arr, shapely.STRtree(arr))

    def locate(self, lons: NDArray[np.float64], lats: NDArray[np.float64]) -> NDArray[np.int64]:
        """The position in this index of the village holding each point, or -1.

        A point on a shared border belongs to the village listed first (lowest position), so the
        answer never depends on the order the tree returns candidates in."""
        result = np.full(len(lons), -1, dtype=np.int64)
        if len(lons) == 0 or len(self.ids) == 0:
            return result
        # In parts: a GEOS point for each of a million rows at once is 200 MB that the C heap
        # keeps after they are freed; a part's points are freed before the next part's are made.
        for start in range(0, len(lons), LOCATE_CHUNK):
            part = slice(start, start + LOCATE_CHUNK)
            result[part] = self._locate(lons[part], lats[part])
        return result

    def _locate(self, lons: NDArray[np.float64], lats: NDArray[np.float64]) -> NDArray[np.int64]:
        result = np.full(len(lons), -1, dtype=np.int64)
        pts = shapely.points(lons, lats)
        pt_idx, poly_idx = self.tree.query(pts, predicate="intersects")
        if len(pt_idx) and (np.diff(pt_idx) > 0).all():
            result[pt_idx] = poly_idx  # each point in one village at most: the usual case
        elif len(pt_idx):
            # For each point keep the smallest polygon position among its hits.
            order = np.lexsort((poly_idx, pt_idx))
            pt_sorted, poly_sorted = pt_idx[order], poly_idx[order]
            first = np.ones(len(pt_sorted), dtype=bool)
            first[1:] = pt_sorted[1:] != pt_sorted[:-1]
            result[pt_sorted[first]] = poly_sorted[first]
        return result

    def nearest_distance_m(self, lon: float, lat: float) -> float:
        """Rough distance in metres from a point to the nearest village (for messages)."""
        pt = shapely.Point(lon, lat)
        idx = self.tree.nearest(pt)
        if idx is None:
            return float("inf")
        deg = float(shapely.distance(pt, self.geoms[int(idx)]))
        return deg * np.pi / 180.0 * EARTH_RADIUS_M
