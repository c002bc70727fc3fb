"""The order a volunteer walks a village's plates in.

From a fixed start (a landmark, or the most central point), greedy nearest neighbour builds a
route; 2-opt and Or-opt moves restricted to each point's nearest neighbours then straighten it,
and short double-bridge kicks shake it out of local optima (`plates.tour`). Every step costs
about O(n·k) rather than the O(n²) a move scoring all pairs costs, so a village of 2,000 points
is ordered in about a second (bench/bench_route.py measures it against an exact oracle and the
all-pairs 2-opt it replaced). Distances are on an equirectangular projection around the points'
mean latitude, which within a village (a few km) is off by far less than a house's width. The
route is open (the volunteer does not walk back), and every choice breaks ties by index with a
seeded generator, so the same points always give the same order. Given the lines of a
background layer (roads), the same search runs on distances along them (`plates.roads`): the
candidate lists and every move then measure the walk a volunteer makes, so a river with one
bridge is crossed once rather than at every house.
"""

import math
from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

from plates.neighbours import nearest_neighbours
from plates.records import PlateRecord
from plates.roads import road_distances
from plates.tour import Tour

__all__ = ["choose_start", "route_length", "walking_order"]

_EARTH_RADIUS_M = 6_371_008.8
NEIGHBOURS = 10  # candidates per point: 8-10 is where 2-opt/Or-opt stop finding more
# Along roads the tour reads an n × n matrix (as lists: about 32 bytes a pair); past this many
# plates in one village (290 MB) the walk is ordered by straight lines, as without roads.
MAX_ROAD_POINTS = 3_000
# Double bridges after the local search: two a point (about 3 % shorter routes); a small
# village gets more, up to a thousand (its kicks are cheap: 25 ms for 200 points), and a huge
# one at most four thousand (about 0.7 s of CPU at 2,000 points).
KICKS_PER_POINT = 2
SMALL_KICKS_PER_POINT, MIN_KICKS, MAX_KICKS = 25, 1_000, 4_000

Floats = npt.NDArray[np.float64]


def _metres(points: Sequence[tuple[float, float]], lat0: float | None = None) -> Floats:
    """(lon, lat) as metres around ``lat0`` (degrees; the points' mean latitude when None)."""
    lonlat = np.asarray(points, dtype=np.float64).reshape(-1, 2)
    mean = float(lonlat[:, 1].mean()) if lat0 is None else lat0
    xy = np.radians(lonlat) * _EARTH_RADIUS_M
    xy[:, 0] *= math.cos(math.radians(mean))
    return xy


def route_length(points: Sequence[tuple[float, float]], order: Sequence[int]) -> float:
    """Length in metres of the open route visiting `points` in `order`."""
    if len(order) < 2:
        return 0.0
    xy = _metres(points)[list(order)]
    return float(np.hypot(*np.diff(xy, axis=0).T).sum())


def _greedy(far: Callable[[int], Floats], near: list[list[int]], start: int) -> list[int]:
    """Nearest neighbour from ``start``: the nearest unvisited candidate, else (all of them
    visited) the nearest unvisited point of all by ``far`` (a point's distance to every
    point), lowest index on ties."""
    n = len(near)
    unvisited = np.ones(n, dtype=bool)
    unvisited[start] = False
    order = [start]
    for _ in range(n - 1):
        last = order[-1]
        nxt = next((c for c in near[last] if unvisited[c]), -1)
        if nxt < 0:
            nxt = int(np.argmin(np.where(unvisited, far(last), np.inf)))
        order.append(nxt)
        unvisited[nxt] = False
    return order


def walking_order(
    points: Sequence[tuple[float, float]],
    start: int,
    *,
    roads: Sequence[Sequence[tuple[float, float]]] | None = None,
) -> list[int]:
    """Indices of (lon, lat) `points` in walking order, beginning at `points[start]`; along
    ``roads`` (lines of (lon, lat)) when some come near the points and they are at most
    ``MAX_ROAD_POINTS``."""
    n = len(points)
    if n == 0:
        return []
    if not 0 <= start < n:
        raise IndexError(f"start {start} is not one of the {n} points")
    xy = _metres(points)
    matrix = None
    if roads and 1 < n <= MAX_ROAD_POINTS:
        matrix = _along_roads(points, xy, roads)
    if matrix is None:
        near = nearest_neighbours(xy, NEIGHBOURS)
        order = _greedy(lambda k: np.hypot(*(xy - xy[k]).T), near, start)
        tour = Tour(xy[:, 0].tolist(), xy[:, 1].tolist(), order, near)
    else:
        near = _matrix_neighbours(matrix, NEIGHBOURS)
        order = _greedy(lambda k: matrix[k], near, start)
        tour = Tour(matrix.tolist(), range(n), order, near, _along_row)
    tour.improve(tour.route)
    kicks = max(KICKS_PER_POINT * n, min(SMALL_KICKS_PER_POINT * n, MIN_KICKS))
    tour.shake(min(kicks, MAX_KICKS), seed=n)
    return tour.route


def _along_roads(
    points: Sequence[tuple[float, float]],
    xy: Floats,
    roads: Sequence[Sequence[tuple[float, float]]],
) -> Floats | None:
    lat0 = float(np.asarray(points, dtype=np.float64)[:, 1].mean())
    return road_distances(xy, [_metres(line, lat0) for line in roads if len(line) >= 2])


def _matrix_neighbours(matrix: Floats, k: int) -> list[list[int]]:
    """Each point's ``k`` nearest others by ``matrix``, nearest first, ties by index."""
    ranked = np.argsort(matrix, axis=1, kind="stable")[:, : k + 1]
    return [[int(c) for c in row if c != i][:k] for i, row in enumerate(ranked.tolist())]


def _along_row(p: tuple[list[float], int], q: tuple[list[float], int]) -> float:
    """The tour's metric over points (a row of the road matrix as a list, the point's index):
    one list lookup, as fast as the straight-line ``math.dist``."""
    return p[0][q[1]]


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
