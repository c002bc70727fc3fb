"""The order a volunteer walks a village's plates in.

A nearest-neighbour route from a fixed start, then 2-opt: reverse any stretch of the route
that makes it shorter, until none does. Distances are on an equirectangular projection around
the points' mean latitude, which within a village (a few km) is off by far less than a house's
width. The route is open (the volunteer does not walk back), and every choice breaks ties by
index, so the same points always give the same order.
"""

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from plates.records import PlateRecord

__all__ = ["choose_start", "route_length", "walking_order"]

_EARTH_RADIUS_M = 6_371_008.8
_MIN_GAIN_M = 1e-7  # ignore "improvements" that are floating-point noise, so 2-opt terminates

Floats = npt.NDArray[np.float64]


def _metres(points: Sequence[tuple[float, float]]) -> Floats:
    lonlat = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    lat0 = math.radians(float(lonlat[:, 1].mean()))
    xy = np.radians(lonlat) * _EARTH_RADIUS_M
    xy[:, 0] *= math.cos(lat0)
    return xy


def _distances(points: Sequence[tuple[float, float]]) -> Floats:
    xy = _metres(points)
    return np.asarray(np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1)))


def route_length(points: Sequence[tuple[float, float]], order: Sequence[int]) -> float:
    """Length in metres of the open route visiting `points` in `order`."""
    if len(order) < 2:
        return 0.0
    xy = _metres(points)[list(order)]
    return float(np.hypot(*np.diff(xy, axis=0).T).sum())


def _nearest_neighbour(dist: Floats, start: int) -> list[int]:
    n = dist.shape[0]
    visited = np.zeros(n, dtype=bool)
    order = [start]
    visited[start] = True
    for _ in range(n - 1):
        row = np.where(visited, np.inf, dist[order[-1]])
        nxt = int(np.argmin(row))  # argmin takes the lowest index on ties: deterministic
        order.append(nxt)
        visited[nxt] = True
    return order


def _two_opt(dist: Floats, order: list[int]) -> list[int]:
    """Best-improvement 2-opt on an open route whose first point stays first.

    Reversing route[i..j] replaces edges (i-1, i) and (j, j+1) with (i-1, j) and (i, j+1); at
    the open end (j = last) there is no edge (j, j+1). All (i, j) gains are one numpy array.
    """
    route = np.asarray(order, dtype=np.intp)
    n = route.size
    if n < 4:
        return order
    i_idx, j_idx = np.triu_indices(n, k=1)
    keep = i_idx >= 1  # 1 <= i < j <= n - 1: the start never moves
    i_idx, j_idx = i_idx[keep], j_idx[keep]
    while True:
        a, b, c = route[i_idx - 1], route[i_idx], route[j_idx]
        has_next = j_idx < n - 1
        d = route[np.minimum(j_idx + 1, n - 1)]
        gain = dist[a, b] - dist[a, c] + np.where(has_next, dist[c, d] - dist[b, d], 0.0)
        best = int(np.argmax(gain))
        if gain[best] <= _MIN_GAIN_M:
            return [int(p) for p in route]
        i, j = int(i_idx[best]), int(j_idx[best])
        route[i : j + 1] = route[i : j + 1][::-1].copy()


def walking_order(points: Sequence[tuple[float, float]], start: int) -> list[int]:
    """Indices of (lon, lat) `points` in walking order, beginning at `points[start]`."""
    n = len(points)
    if n == 0:
        return []
    if not 0 <= start < n:
        raise IndexError(f"start {start} is not one of the {n} points")
    dist = _distances(points)
    return _two_opt(dist, _nearest_neighbour(dist, start))


def choose_start(records: Sequence[PlateRecord], village_centroid: tuple[float, float]) -> int:
    """The first agency in `records` (a known landmark), else the point nearest the centre."""
    for index, record in enumerate(records):
        if record.kind == "agency":
            return index
    if not records:
        raise IndexError("no records to start from")
    points = [(r.lon, r.lat) for r in records] + [village_centroid]
    xy = _metres(points)
    return int(np.argmin(np.hypot(*(xy[:-1] - xy[-1]).T)))
