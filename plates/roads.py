"""Walking distances along the roads of the officer's background layer.

A volunteer walks the village's roads, not straight across a river or a rice field, so when a
background layer has lines the walking order measures each pair of houses as: the walk from
the first house to its nearest road point, along the roads (the shortest path), and from the
road to the second house. Nothing here knows the tour; it only gives the distance matrix.

The lines are cut where they cross (``union_all``: an OSM extract shares nodes at junctions,
a commune's GIS layer often does not) and merged through every point where only two meet
(``linemerge``), so the graph has a node only at junctions and dead ends: a village's road
grid of a few hundred junctions gives a Dijkstra per junction in milliseconds. Lines farther
than ``MARGIN_M`` from every house are dropped first, so a district-wide extract costs no
more than the village's own roads. Houses whose roads never meet (two unconnected pieces of
road) are measured in a straight line, as a volunteer would cross there anyway.
"""

import heapq
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
import shapely
from shapely.geometry import LineString, MultiLineString

__all__ = ["MARGIN_M", "Floats", "road_distances"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.intp]
MARGIN_M = 500.0  # roads this far beyond the houses' box may still join two of them
_NODE_DECIMALS = 3  # millimetres: ends the noding made identical are one junction


def road_distances(xy: Floats, lines: Sequence[Floats]) -> Floats | None:
    """Walking distance in metres between every two rows of ``xy`` along ``lines`` (each an
    array of x, y in the same metres); None when no line comes near the houses."""
    chains = _chains(xy, lines)
    if not chains:
        return None
    tree = shapely.STRtree(chains)
    houses = shapely.points(xy)
    nearest = tree.query_nearest(houses, all_matches=False)
    chain = np.empty(len(xy), dtype=np.intp)
    chain[nearest[0]] = nearest[1]
    walk = shapely.distance(houses, np.asarray(chains, dtype=object)[chain])
    offset = shapely.line_locate_point(np.asarray(chains, dtype=object)[chain], houses)
    length = np.array([c.length for c in chains])[chain]
    ends, node_of = _ends(chains)
    along = _along(xy, chain, offset, length, ends[chain], _junctions(chains, ends, node_of))
    metres = along + walk[:, None] + walk[None, :]
    straight = np.hypot(*(xy[:, None, :] - xy[None, :, :]).transpose(2, 0, 1))
    metres = np.where(np.isfinite(metres), metres, straight)
    np.fill_diagonal(metres, 0.0)
    return metres


def _chains(xy: Floats, lines: Sequence[Floats]) -> list[LineString]:
    """The lines near the houses, cut at crossings and merged between junctions."""
    low, high = xy.min(axis=0) - MARGIN_M, xy.max(axis=0) + MARGIN_M
    near = [
        LineString(line)
        for line in lines
        if len(line) >= 2 and (line.max(axis=0) >= low).all() and (line.min(axis=0) <= high).all()
    ]
    if not near:
        return []
    merged = shapely.line_merge(shapely.union_all(near))
    parts = merged.geoms if isinstance(merged, MultiLineString) else [merged]
    return [p for p in parts if isinstance(p, LineString) and p.length > 0]


def _ends(chains: list[LineString]) -> tuple[Ints, dict[tuple[float, float], int]]:
    """Each chain's two end nodes (rows of ``ends``) and the node number of each end point."""
    node_of: dict[tuple[float, float], int] = {}
    ends = np.empty((len(chains), 2), dtype=np.intp)
    for k, c in enumerate(chains):
        for side, (x, y) in enumerate((c.coords[0], c.coords[-1])):
            key = (round(x, _NODE_DECIMALS), round(y, _NODE_DECIMALS))
            ends[k, side] = node_of.setdefault(key, len(node_of))
    return ends, node_of


def _junctions(
    chains: list[LineString], ends: Ints, node_of: dict[tuple[float, float], int]
) -> list[dict[int, float]]:
    """The graph: for each node, its neighbours and the shortest chain to each."""
    graph: list[dict[int, float]] = [{} for _ in node_of]
    for c, (u, v) in zip(chains, ends.tolist(), strict=True):
        if u != v:  # a loop back to its own junction shortens no path
            length = c.length
            graph[u][v] = min(graph[u].get(v, np.inf), length)
            graph[v][u] = graph[u][v]
    return graph


def _dijkstra(graph: list[dict[int, float]], source: int) -> Floats:
    """Shortest path lengths from ``source`` to every node (inf where none)."""
    best = np.full(len(graph), np.inf)
    best[source] = 0.0
    heap = [(0.0, source)]
    while heap:
        d, u = heapq.heappop(heap)
        if d > best[u]:
            continue
        for v, w in graph[u].items():
            if d + w < best[v]:
                best[v] = d + w
                heapq.heappush(heap, (d + w, v))
    return best


def _along(
    xy: Floats,
    chain: Ints,
    offset: Floats,
    length: Floats,
    ends: Ints,
    graph: list[dict[int, float]],
) -> Floats:
    """Road distance between the houses' road points: out either end of one's chain, the
    junctions' shortest path, in either end of the other's; along the chain when they share
    it."""
    used = np.unique(ends)
    row = {int(node): k for k, node in enumerate(used)}
    between = np.stack([_dijkstra(graph, int(node))[used] for node in used])
    local = np.vectorize(row.__getitem__, otypes=[np.intp])(ends)
    out = np.stack([offset, length - offset], axis=1)  # to the chain's first and last end
    best = np.full((len(xy), len(xy)), np.inf)
    for a in (0, 1):
        for b in (0, 1):
            via = between[local[:, a]][:, local[:, b]]
            best = np.minimum(best, out[:, a, None] + via + out[None, :, b])
    same = chain[:, None] == chain[None, :]
    return np.where(same, np.minimum(best, np.abs(offset[:, None] - offset[None, :])), best)
