"""Issuing order: villages by ordinal, Hilbert order inside a village, deterministic ties."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest

from addrgen.errors import AddrgenError
from addrgen.ordering import hilbert_index, issuing_order


def _grid(n: int, spacing: float = 1.0) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    xs, ys = np.meshgrid(np.arange(n) * spacing, np.arange(n) * spacing)
    return xs.ravel(), ys.ravel()


def _mean_step(x: npt.NDArray[np.float64], y: npt.NDArray[np.float64]) -> float:
    return float(np.hypot(np.diff(x), np.diff(y)).mean())


def test_hilbert_order_two_is_the_classic_curve() -> None:
    x, y = _grid(4)
    assert hilbert_index(x, y, order=2).reshape(4, 4).tolist() == [
        [0, 1, 14, 15],
        [3, 2, 13, 12],
        [4, 7, 8, 11],
        [5, 6, 9, 10],
    ]


@pytest.mark.parametrize("order", [1, 3, 5, 7])
def test_hilbert_visits_every_cell_moving_one_cell_at_a_time(order: int) -> None:
    side = 1 << order
    x, y = _grid(side)
    distance = hilbert_index(x, y, bbox=(0, 0, side, side), order=order)
    assert np.array_equal(np.sort(distance), np.arange(side * side, dtype=np.uint64))
    walk = np.argsort(distance)
    steps = np.abs(np.diff(x[walk])) + np.abs(np.diff(y[walk]))
    assert (steps == 1).all()


def test_hilbert_index_dtype_bbox_and_clamping() -> None:
    got = hilbert_index([0.0, 10.0, -5.0, 50.0], [0.0, 10.0, 0.0, 50.0], bbox=(0, 0, 10, 10))
    assert got.dtype == np.uint64
    assert got[2] == got[0]  # clamped onto the border cell
    assert got[3] == got[1]
    assert hilbert_index([], []).shape == (0,)
    # A single point, or points on a line, have a degenerate bbox: no division by zero.
    assert hilbert_index([5.0], [5.0]).tolist() == [0]
    assert hilbert_index([1.0, 2.0], [3.0, 3.0]).shape == (2,)
    assert hilbert_index([0.0, 1.0], [0.0, 1.0], order=32).max() < 2**64


@pytest.mark.parametrize(
    ("call", "code"),
    [
        (lambda: hilbert_index([0.0], [0.0], order=0), "ordering.order_range"),
        (lambda: hilbert_index([0.0], [0.0], order=33), "ordering.order_range"),
        (lambda: hilbert_index([0.0], [np.nan]), "ordering.not_finite"),
        (lambda: hilbert_index([0.0, 1.0], [0.0]), "ordering.shapes"),
        (lambda: hilbert_index([0.0], [0.0], bbox=(1, 0, 0, 1)), "ordering.empty_bbox"),
        (
            lambda: issuing_order(np.array(["A"]), [0.0], [0.0], [1]),
            "ordering.ordinals_not_integers",
        ),
        (lambda: issuing_order(np.array([1, 2]), [0.0], [0.0], [1]), "ordering.lengths"),
    ],
    ids=["order-0", "order-33", "nan", "shapes", "empty-bbox", "names", "lengths"],
)
def test_bad_input(call: object, code: str) -> None:
    assert callable(call)
    with pytest.raises(AddrgenError) as caught:
        call()
    assert caught.value.code == code
    assert "?" not in str(caught.value)  # every parameter its message names was given


def _village_points(
    seed: int, n: int = 3_000
) -> tuple[
    npt.NDArray[np.int64],
    npt.NDArray[np.float64],
    npt.NDArray[np.float64],
    npt.NDArray[np.int64],
]:
    """Points of six villages around Thạch Bình, ordinals not in id or space order."""
    rng = np.random.default_rng(seed)
    ordinals = rng.choice(np.array([6, 1, 4, 2, 5, 3]), size=n)
    lon = 105.90 + 0.01 * ordinals + rng.uniform(0, 0.012, n)
    lat = 18.30 + 0.005 * (ordinals % 3) + rng.uniform(0, 0.01, n)
    ids = rng.permutation(n).astype(np.int64) + 1000
    return ordinals, lon, lat, ids


def test_result_is_an_int64_permutation() -> None:
    ordinals, lon, lat, ids = _village_points(1)
    order = issuing_order(ordinals, lon, lat, ids)
    assert order.dtype == np.int64
    assert np.array_equal(np.sort(order), np.arange(ordinals.size))


def test_villages_come_in_ordinal_order() -> None:
    ordinals, lon, lat, ids = _village_points(2)
    issued = ordinals[issuing_order(ordinals, lon, lat, ids)]
    assert (np.diff(issued) >= 0).all()
    assert issued[0] == 1 and issued[-1] == 6


def test_same_points_in_any_input_order_get_the_same_serials() -> None:
    ordinals, lon, lat, ids = _village_points(3)
    first = ids[issuing_order(ordinals, lon, lat, ids)]
    shuffle = np.random.default_rng(99).permutation(ids.size)
    again = ids[shuffle][issuing_order(ordinals[shuffle], lon[shuffle], lat[shuffle], ids[shuffle])]
    assert np.array_equal(first, again)


def test_ties_are_broken_by_tiebreak() -> None:
    # Three points on one spot and one elsewhere, in one village.
    lon = np.array([105.9, 105.9, 105.9, 105.91])
    lat = np.array([18.3, 18.3, 18.3, 18.31])
    ids = np.array([30, 10, 20, 5])
    order = issuing_order(np.zeros(4, dtype=np.int64), lon, lat, ids)
    same_spot = [i for i in ids[order].tolist() if i != 5]
    assert same_spot == [10, 20, 30]


def test_a_village_is_ordered_within_its_own_box() -> None:
    # Adding points to another village must not reorder this one.
    ordinals, lon, lat, ids = _village_points(4)
    alone = ordinals == 3
    reference = ids[alone][issuing_order(ordinals[alone], lon[alone], lat[alone], ids[alone])]
    with_others = ids[issuing_order(ordinals, lon, lat, ids)]
    assert np.array_equal(with_others[np.isin(with_others, ids[alone])], reference)


def test_neighbours_get_neighbouring_serials() -> None:
    # A 100 x 100 grid of houses 10 m apart (in degrees at Hà Tĩnh's latitude), shuffled.
    x, y = _grid(100)
    lat0 = 18.3148
    lon = 105.9 + x * 10 / (111_320 * np.cos(np.radians(lat0)))
    lat = lat0 + y * 10 / 110_574
    shuffle = np.random.default_rng(7).permutation(x.size)
    x, y, lon, lat = x[shuffle], y[shuffle], lon[shuffle], lat[shuffle]
    order = issuing_order(np.ones(x.size, dtype=np.int64), lon, lat, np.arange(x.size))
    issued_step = _mean_step(x[order], y[order])
    random_step = _mean_step(x, y)
    assert issued_step < 1.5  # mostly one grid step, in houses
    assert issued_step * 20 < random_step


def test_empty_input() -> None:
    empty = np.array([], dtype=np.int64)
    assert issuing_order(empty, empty.astype(float), empty.astype(float), empty).shape == (0,)
