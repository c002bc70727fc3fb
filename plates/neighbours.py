"""The k nearest neighbours of every point: the candidate lists of the walking order's moves.

A square grid with about two points a cell: the points of a cell measure, in one vectorised
step, the points of the 5 × 5 cells around it, and keep their k nearest when these are nearer
than any cell not looked at; a village's points cost about O(n·k). A point whose nearest k lie
farther (an outlying house, a hamlet across the fields) measures every point instead, one
vectorised pass, which such lone points can afford.
"""

import math
from collections import defaultdict

import numpy as np
import numpy.typing as npt

__all__ = ["nearest_neighbours"]

_POINTS_PER_CELL = 2.0
_RINGS = 2  # cells looked at around a point's own, each way: 25 cells, ~50 points
_AROUND = range(-_RINGS, _RINGS + 1)

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
Cells = dict[tuple[int, int], list[int]]


def _k_nearest(xy: Floats, rows: Ints, candidates: Ints, k: int) -> tuple[Ints, Floats]:
    """For each of ``rows``, the k of ``candidates`` nearest it (never itself), by distance
    then index, and the k-th distance."""
    gaps = xy[candidates][None, :, :] - xy[rows][:, None, :]
    dist = np.hypot(gaps[..., 0], gaps[..., 1])
    dist[rows[:, None] == candidates[None, :]] = np.inf
    ties = np.broadcast_to(candidates, dist.shape)
    ranked = np.lexsort((ties, dist), axis=1)[:, :k]
    return candidates[ranked], np.take_along_axis(dist, ranked[:, -1:], axis=1)[:, 0]


def nearest_neighbours(xy: Floats, k: int) -> list[list[int]]:
    """For each row of ``xy`` (metres), the indices of its ``k`` nearest other rows, nearest
    first; ties by index, so the same points always give the same lists."""
    n = xy.shape[0]
    k = min(k, n - 1)
    if k <= 0:
        return [[] for _ in range(n)]
    low = xy.min(axis=0)
    span = float((xy.max(axis=0) - low).max())
    size = span / max(1.0, math.sqrt(n / _POINTS_PER_CELL)) if span > 0 else 1.0
    cells = np.floor((xy - low) / size).astype(np.int64)
    buckets: Cells = defaultdict(list)
    for index, (cx, cy) in enumerate(cells.tolist()):
        buckets[(cx, cy)].append(index)
    lists: list[list[int]] = [[] for _ in range(n)]
    lonely: list[int] = []
    for (cx, cy), members in buckets.items():
        around = [
            i for dx in _AROUND for dy in _AROUND for i in buckets.get((cx + dx, cy + dy), ())
        ]
        rows = np.asarray(members, dtype=np.intp)
        if len(around) <= k:
            lonely += members
            continue
        near, reach = _k_nearest(xy, rows, np.asarray(around, dtype=np.intp), k)
        # A point outside the cells looked at lies at least RINGS·size away: nearer is sure.
        for row, found, far in zip(members, near.tolist(), reach.tolist(), strict=True):
            if far <= _RINGS * size:
                lists[row] = found
            else:
                lonely.append(row)
    everyone = np.arange(n, dtype=np.intp)
    for row in sorted(lonely):  # few: outlying houses, hamlets across the fields
        lists[row] = _k_nearest(xy, np.asarray([row]), everyone, k)[0][0].tolist()
    return lists
