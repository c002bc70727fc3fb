"""Local search on an open walking route whose first point stays first.

Two moves, each tried only towards a point's nearest neighbours (its candidate list):

* 2-opt: reverse a stretch of the route, replacing two edges with two shorter ones;
* Or-opt: move a run of one to three points elsewhere, either way round.

A point is looked at again only when an edge at it changed (don't-look bits, kept as a queue
in route order), so one pass costs about O(n·k) plus the reversals. The route is a list with
each point's position beside it; a move rewrites only the stretch between its edges.

Kicks then shake the route out of its local optimum: a double bridge over a short window
(cut the route in three places close together and swap the two middle runs), the local
search again around the cuts, and the result kept only if shorter. The kicks draw from a
random generator seeded with the number of points, so the same points give the same route.
"""

import random
from collections import deque
from collections.abc import Callable, Sequence
from math import dist as straight
from typing import Any

__all__ = ["Metric", "Tour"]

# What a point is (x, y in metres for ``math.dist``; a matrix row and an index for distances
# along roads) is the metric's business: the tour only pairs points and compares lengths.
Metric = Callable[[Any, Any], float]

_MIN_GAIN_M = 1e-7  # ignore "improvements" that are floating-point noise, so the search ends
_NONE = -1  # the missing neighbour past the route's end: an edge to it costs nothing
_KICK_WINDOW = 100  # a double bridge cuts within this many positions: a local shake


class Tour:
    """An open route over points (x, y in metres) with candidate lists, improved in place.

    Written for CPython's speed: points are tuples measured by ``metric`` (``math.dist``, or
    a lookup in a matrix of distances along roads), and the hot loops read lists and the
    metric through local names."""

    def __init__(
        self,
        x: Sequence[Any],
        y: Sequence[Any],
        order: list[int],
        near: list[list[int]],
        metric: Metric = straight,
    ) -> None:
        self.points = list(zip(x, y, strict=True))
        self.metric = metric
        self.route = list(order)
        self.pos = [0] * len(order)
        self.near = near
        self._dirty = [len(order), -1]  # the positions rewritten since the last kick
        self._place(0, len(order) - 1)

    def _place(self, first: int, last: int) -> None:
        pos, route = self.pos, self.route
        for k in range(first, last + 1):
            pos[route[k]] = k
        self._dirty[0] = min(self._dirty[0], first)
        self._dirty[1] = max(self._dirty[1], last)

    def d(self, a: int, b: int) -> float:
        """Distance between points a and b, 0 when either is the missing end."""
        if a == _NONE or b == _NONE:
            return 0.0
        return self.metric(self.points[a], self.points[b])

    def at(self, k: int) -> int:
        """The point at position k, or the missing end past either side."""
        return self.route[k] if 0 <= k < len(self.route) else _NONE

    def _reverse(self, i: int, j: int) -> None:
        self.route[i : j + 1] = self.route[i : j + 1][::-1]
        self._place(i, j)

    def improve(self, active: Sequence[int]) -> float:
        """Local search from the points in ``active``; returns the metres gained."""
        queue = deque(dict.fromkeys(active))
        queued = set(queue)
        gained = 0.0
        while queue:
            a = queue.popleft()
            queued.discard(a)
            gain, touched = self._two_opt(a)
            if not touched:
                gain, touched = self._or_opt(a)
            if touched:
                gained += gain
                for p in (a, *touched):
                    if p != _NONE and p not in queued:
                        queued.add(p)
                        queue.append(p)
        return gained

    def _two_opt(self, a: int) -> tuple[float, tuple[int, ...]]:
        """The best 2-opt move with one new edge from ``a`` to a near point (or to the route's
        free end), applied."""
        points, pos, route, dist = self.points, self.pos, self.route, self.metric
        n, i, pa = len(route), pos[a], points[a]
        best, move = _MIN_GAIN_M, (0, 0)
        for step in (1, -1):  # the edge to a's successor, then to its predecessor
            if not 0 <= i + step < n:
                continue
            pb = points[route[i + step]]
            ab = dist(pa, pb)
            for c in self.near[a]:
                pc = points[c]
                ac = dist(pa, pc)
                if ac >= ab:
                    break
                j = pos[c]
                k = j + step  # c's neighbour on the same side as b is a's
                if k < 0:
                    continue  # the stretch would take the start with it
                pe = points[route[k]] if k < n else None
                gain = ab - ac + (dist(pc, pe) - dist(pb, pe) if pe else 0.0)
                if gain > best:
                    best, move = gain, _stretch(i, j, step)
        # The route's free end, near or not: the walk may end anywhere, and without it as a
        # candidate a route that starts mid-street could never turn to finish the other way.
        if n - 1 > i + 1:
            gain = dist(pa, points[route[i + 1]]) - dist(pa, points[route[-1]])
            if gain > best:
                best, move = gain, (i + 1, n - 1)
        if move == (0, 0):
            return 0.0, ()
        first, last = move
        ends = (self.at(first - 1), route[first], route[last], self.at(last + 1))
        self._reverse(first, last)
        return best, ends

    def _or_opt(self, a: int) -> tuple[float, tuple[int, ...]]:
        """The best move of a run of 1-3 points that starts or ends at ``a``, applied."""
        points, route, pos, near, dist = self.points, self.route, self.pos, self.near, self.metric
        n = len(route)
        best, move = _MIN_GAIN_M, (0, 0, 0, False)
        for first, last in _runs(pos[a], n):
            head, tail = points[route[first]], points[route[last]]
            p = points[route[first - 1]]
            q = points[route[last + 1]] if last + 1 < n else None
            cut = dist(p, head) + (dist(tail, q) - dist(p, q) if q else 0.0)
            if cut <= best:
                continue
            for end, end_point in ((route[first], head), (route[last], tail)):
                for c in near[end]:
                    if dist(end_point, points[c]) >= cut - best:
                        break  # the new edge at ``end`` alone eats the gain: farther ones too
                    k = pos[c]
                    if first <= k <= last:
                        continue
                    for edge in (k, k - 1):  # after c, or before it
                        if edge < 0 or edge == first - 1 or edge == last:
                            continue
                        u = points[route[edge]]
                        v = points[route[edge + 1]] if edge + 1 < n else None
                        if v:
                            forward = dist(u, head) + dist(tail, v)
                            backward = dist(u, tail) + dist(head, v)
                            gain = cut - min(forward, backward) + dist(u, v)
                        else:
                            forward, backward = dist(u, head), dist(u, tail)
                            gain = cut - min(forward, backward)
                        if gain > best:
                            best, move = gain, (first, last, edge, backward < forward)
        if move[0] == 0:
            return 0.0, ()
        return best, self._move_run(*move)

    def _move_run(self, first: int, last: int, edge: int, flip: bool) -> tuple[int, ...]:
        """Move route[first..last] to just after position ``edge``; the points it touched."""
        route = self.route
        run = route[first : last + 1]
        touched = (route[first - 1], self.at(last + 1), route[edge], self.at(edge + 1), *run)
        if flip:
            run.reverse()
        if edge < first:
            route[edge + 1 : last + 1] = run + route[edge + 1 : first]
            self._place(edge + 1, last)
        else:
            route[first : edge + 1] = route[last + 1 : edge + 1] + run
            self._place(first, edge)
        return touched

    def kick(self, rng: random.Random) -> tuple[float, list[int]]:
        """A double bridge within a short window (the start stays): the metres it added and
        the points at its cuts."""
        n = len(self.route)
        width = min(_KICK_WINDOW, n - 1)
        first = rng.randrange(1, n - width + 1)
        a, b, c = sorted(rng.sample(range(first, first + width), 3))
        route, d = self.route, self.d
        ends = [route[k] for k in (a - 1, a, b - 1, b, c - 1)] + [self.at(c)]
        p, a0, a1, b0, b1, q = ends  # … p | a0 … a1 | b0 … b1 | q …  →  p b0 … b1 a0 … a1 q
        added = d(p, b0) + d(b1, a0) + d(a1, q) - d(p, a0) - d(a1, b0) - d(b1, q)
        route[a:c] = route[b:c] + route[a:b]
        self._place(a, c - 1)
        return added, [e for e in ends if e != _NONE]

    def shake(self, kicks: int, seed: int) -> None:
        """``kicks`` double bridges, each kept only if the route came out shorter (else the
        positions it rewrote are put back)."""
        if len(self.route) < 8:
            return
        rng = random.Random(seed)
        for _ in range(kicks):
            saved = self.route[:]
            self._dirty = [len(saved), -1]
            added, cuts = self.kick(rng)
            if self.improve(cuts) - added <= _MIN_GAIN_M:
                first, last = self._dirty
                self.route[first : last + 1] = saved[first : last + 1]
                self._place(first, last)


def _stretch(i: int, j: int, step: int) -> tuple[int, int]:
    """Positions to reverse so that a (at i) and c (at j) become neighbours."""
    if step == 1:
        return (i + 1, j) if j > i else (j + 1, i)
    return (i, j - 1) if j > i else (j, i - 1)


def _runs(i: int, n: int) -> list[tuple[int, int]]:
    """Runs of 1-3 positions starting or ending at i, never holding the start (position 0)."""
    runs = []
    for size in (1, 2, 3):
        for first in (i, i - size + 1):
            last = first + size - 1
            if first >= 1 and last < n and (first, last) not in runs:
                runs.append((first, last))
    return runs
