"""Issuing order: which point gets which serial.

Serials are handed out village by village, in the villages' registry ordinal (an integer: name
collation differs between databases and locales, and an order that changes with the locale is
no order), and inside a village along a Hilbert curve. The Hilbert curve visits every cell of a
2^k x 2^k grid moving only between neighbouring cells, so points close on the ground mostly get
close serials, and a volunteer's batch of consecutive plates is a short walk. Ties (two points
in one grid cell) are broken by a caller-given key, typically the point id, so issuing the same
points twice gives the same serials.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from addrgen.errors import AddrgenError

__all__ = ["BBox", "hilbert_index", "issuing_order"]

#: (min_lon, min_lat, max_lon, max_lat), in degrees.
BBox = tuple[float, float, float, float]

DEFAULT_ORDER = 16  # 65,536 cells a side: a village of 3 km gets cells of about 5 cm
MAX_ORDER = 32  # the distance then fills all 64 bits of a uint64


def _as_coordinates(
    lons: npt.ArrayLike, lats: npt.ArrayLike
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    x = np.asarray(lons, dtype=np.float64)
    y = np.asarray(lats, dtype=np.float64)
    if x.ndim != 1 or x.shape != y.shape:
        raise AddrgenError("ordering.shapes", lon_shape=str(x.shape), lat_shape=str(y.shape))
    if not (np.isfinite(x).all() and np.isfinite(y).all()):
        raise AddrgenError("ordering.not_finite")
    return x, y


def _check_order(order: int) -> None:
    if not 1 <= order <= MAX_ORDER:
        raise AddrgenError("ordering.order_range", field="order", value=order, maximum=MAX_ORDER)


def _grid_cells(
    values: npt.NDArray[np.float64],
    low: npt.NDArray[np.float64] | float,
    span: npt.NDArray[np.float64] | float,
    side: int,
) -> npt.NDArray[np.uint64]:
    """Map ``values`` in ``[low, low + span]`` to integer cells ``0 .. side - 1``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        unit = np.where(np.asarray(span) > 0, (values - low) / span, 0.0)
    # Points on the upper edge (unit == 1) and outside a given bbox are clamped to the border.
    cells = np.floor(np.clip(unit, 0.0, 1.0) * side)
    result: npt.NDArray[np.uint64] = np.clip(cells, 0, side - 1).astype(np.uint64)
    return result


# The curve is walked with a small state machine instead of bit by bit. At each level the
# classic algorithm reads one bit of x and y through the current orientation of the sub-square
# (x and y possibly swapped, possibly both complemented: four states), emits a quadrant number
# 0-3 and updates the orientation. Tabulating four levels at once (4 bits of x, 4 of y, 4
# states: 1,024 entries) turns an order-16 index into four table lookups per point.
_CHUNK_BITS = 4


def _build_chunk_tables() -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    size = 1 << _CHUNK_BITS
    digits = np.zeros(4 * size * size, dtype=np.uint8)
    states = np.zeros(4 * size * size, dtype=np.uint8)
    for state in range(4):
        for x in range(size):
            for y in range(size):
                swapped, complemented = bool(state & 1), bool(state & 2)
                out = 0
                for bit in range(_CHUNK_BITS - 1, -1, -1):
                    bx, by = (x >> bit) & 1, (y >> bit) & 1
                    rx, ry = (by, bx) if swapped else (bx, by)
                    if complemented:
                        rx, ry = rx ^ 1, ry ^ 1
                    out = (out << 2) | ((3 * rx) ^ ry)
                    if ry == 0:
                        # Lower-left and lower-right quadrants are traversed transposed,
                        # lower-right also mirrored; swap and complement commute.
                        complemented ^= rx == 1
                        swapped = not swapped
                index = (state * size + x) * size + y
                digits[index] = out
                states[index] = int(swapped) | (int(complemented) << 1)
    return digits, states


_CHUNK_DIGITS, _CHUNK_STATES = _build_chunk_tables()


def _hilbert_distance(
    x: npt.NDArray[np.uint64], y: npt.NDArray[np.uint64], order: int
) -> npt.NDArray[np.uint64]:
    """Hilbert distance of grid cells ``0 .. 2**order - 1`` on both axes."""
    # Pad the order up to whole chunks. The padding levels have zero bits, which emit
    # quadrant 0 and only toggle "swapped"; starting swapped after an odd number of them
    # leaves the real levels in the same orientation as a curve of exactly ``order``.
    padded = -(-order // _CHUNK_BITS) * _CHUNK_BITS
    mask = np.uint64((1 << _CHUNK_BITS) - 1)
    state = np.full(x.shape, (padded - order) & 1, dtype=np.intp)
    distance = np.zeros(x.shape, dtype=np.uint64)
    for shift in range(padded - _CHUNK_BITS, -1, -_CHUNK_BITS):
        nx = ((x >> np.uint64(shift)) & mask).astype(np.intp)
        ny = ((y >> np.uint64(shift)) & mask).astype(np.intp)
        index = (state << (2 * _CHUNK_BITS)) | (nx << _CHUNK_BITS) | ny
        distance = (distance << np.uint64(2 * _CHUNK_BITS)) | _CHUNK_DIGITS[index]
        state = _CHUNK_STATES[index].astype(np.intp)
    return distance


def hilbert_index(
    lons: npt.ArrayLike,
    lats: npt.ArrayLike,
    *,
    bbox: BBox | None = None,
    order: int = DEFAULT_ORDER,
) -> npt.NDArray[np.uint64]:
    """Hilbert distance of each point on a ``2**order`` grid laid over ``bbox``.

    ``bbox`` defaults to the points' own bounding box. Each axis is scaled on its own, so a
    long thin box gives a stretched grid; :func:`issuing_order` passes square boxes instead.
    Points outside a given bbox are clamped onto its border.
    """
    _check_order(order)
    x, y = _as_coordinates(lons, lats)
    if x.size == 0:
        return np.empty(0, dtype=np.uint64)
    if bbox is None:
        bbox = (float(x.min()), float(y.min()), float(x.max()), float(y.max()))
    min_lon, min_lat, max_lon, max_lat = (float(v) for v in bbox)
    if not (min_lon <= max_lon and min_lat <= max_lat):
        raise AddrgenError("ordering.empty_bbox", field="bbox", value=bbox)
    side = 1 << order
    cx = _grid_cells(x, min_lon, max_lon - min_lon, side)
    cy = _grid_cells(y, min_lat, max_lat - min_lat, side)
    return _hilbert_distance(cx, cy, order)


def issuing_order(
    village_ordinals: npt.ArrayLike,
    lons: npt.ArrayLike,
    lats: npt.ArrayLike,
    tiebreak: npt.ArrayLike,
) -> npt.NDArray[np.int64]:
    """The permutation (int64 indices) in which serials are issued.

    Sorted by village ordinal (ascending integers), then by Hilbert distance within a square
    box around that village's own points, then by ``tiebreak`` (unique per point, e.g. the
    point id), so the result depends on nothing but the inputs.
    """
    ordinals = np.asarray(village_ordinals)
    ties = np.asarray(tiebreak)
    x, y = _as_coordinates(lons, lats)
    if ordinals.shape != x.shape or ties.shape != x.shape:
        raise AddrgenError(
            "ordering.lengths",
            shapes=f"{ordinals.shape}, {x.shape}, {y.shape}, {ties.shape}",
        )
    if x.size == 0:
        return np.empty(0, dtype=np.int64)
    if not np.issubdtype(ordinals.dtype, np.integer):
        raise AddrgenError(
            "ordering.ordinals_not_integers", field="village_ordinals", dtype=str(ordinals.dtype)
        )
    rank, distance = _village_hilbert(ordinals, x, y)
    # One 64-bit key, village rank above the 32-bit Hilbert distance, sorts both at once; an
    # unstable sort is fine because equal keys are then ordered by the tiebreak explicitly.
    key = (rank.astype(np.uint64) << np.uint64(2 * DEFAULT_ORDER)) | distance
    order = np.argsort(key)
    sorted_key = key[order]
    tied = np.flatnonzero(sorted_key[1:] == sorted_key[:-1])
    if tied.size:
        positions = np.union1d(tied, tied + 1)
        members = order[positions]
        # Positions of a run of equal keys are contiguous and sorted_key is sorted, so this
        # only reorders inside each run, by tiebreak.
        order[positions] = members[np.lexsort((ties[members], sorted_key[positions]))]
    return order.astype(np.int64, copy=False)


def _village_hilbert(
    ordinals: npt.NDArray[np.integer],
    x: npt.NDArray[np.float64],
    y: npt.NDArray[np.float64],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.uint64]]:
    """Each point's village rank (0 = lowest ordinal) and Hilbert distance in that village's box."""
    by_village = np.argsort(ordinals)
    sorted_ordinals = ordinals[by_village]
    new_village = np.empty(sorted_ordinals.size, dtype=bool)
    new_village[0] = True
    np.not_equal(sorted_ordinals[1:], sorted_ordinals[:-1], out=new_village[1:])
    starts = np.flatnonzero(new_village)
    rank = np.empty(sorted_ordinals.size, dtype=np.intp)
    rank[by_village] = np.cumsum(new_village) - 1
    xs, ys = x[by_village], y[by_village]
    min_x, max_x = np.minimum.reduceat(xs, starts), np.maximum.reduceat(xs, starts)
    min_y, max_y = np.minimum.reduceat(ys, starts), np.maximum.reduceat(ys, starts)
    # A degree of longitude is cos(latitude) times shorter than a degree of latitude. Make each
    # village's box square on the ground, centred on its points, so the curve's cells are
    # square and "near in serial" means near in metres in every direction.
    cos_lat = np.cos(np.radians((min_y + max_y) / 2)).clip(1e-6, None)
    half = np.maximum((max_x - min_x) * cos_lat, max_y - min_y) / 2
    low_x = (min_x + max_x) / 2 - half / cos_lat
    low_y = (min_y + max_y) / 2 - half
    side = 1 << DEFAULT_ORDER
    cx = _grid_cells(x, low_x[rank], (2 * half / cos_lat)[rank], side)
    cy = _grid_cells(y, low_y[rank], (2 * half)[rank], side)
    return rank, _hilbert_distance(cx, cy, DEFAULT_ORDER)
