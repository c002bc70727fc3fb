import itertools
import math
import random

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plates.neighbours import nearest_neighbours
from plates.route import _metres, choose_start, route_length, walking_order
from tests.plates.samples import CENTRE, make_record
from tests.plates.test_bench_route import bench_route


def _points(n: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    lon, lat = CENTRE
    return [(lon + rng.uniform(-0.006, 0.006), lat + rng.uniform(-0.004, 0.004)) for _ in range(n)]


def _strip(n: int, seed: int) -> list[tuple[float, float]]:
    """Houses on both sides of one street about 600 m long: a start mid-street has to walk one
    way and come back, which only a move to the route's free end can find."""
    rng = random.Random(seed)
    lon, lat = CENTRE
    return [(lon + rng.uniform(-0.003, 0.003), lat + rng.gauss(0, 0.00008)) for _ in range(n)]


def _nearest_then_all_pairs_two_opt(points: list[tuple[float, float]], start: int) -> float:
    """The length of the order the candidate lists replaced (bench/bench_route.py `today`)."""
    return route_length(points, bench_route().today(points, start))


def _shortest(points: list[tuple[float, float]], start: int) -> float:
    rest = [k for k in range(len(points)) if k != start]
    return min(route_length(points, [start, *p]) for p in itertools.permutations(rest))


@pytest.mark.parametrize("seed", range(6))
def test_small_villages_get_the_shortest_route(seed: int) -> None:
    points = _points(4 + seed % 4, seed)  # 4 to 7 points: every order is tried above
    start = seed % len(points)
    order = walking_order(points, start)
    assert route_length(points, order) == pytest.approx(_shortest(points, start), rel=1e-9)


@pytest.mark.parametrize(("make", "n"), [(_points, 150), (_points, 400), (_strip, 300)])
def test_never_longer_than_the_all_pairs_two_opt(make: object, n: int) -> None:
    points = make(n, n)  # type: ignore[operator]
    start = n // 2
    order = walking_order(points, start)
    assert route_length(points, order) <= _nearest_then_all_pairs_two_opt(points, start)


def test_much_shorter_than_the_shuffled_input_order() -> None:
    points = _points(300, 11)  # already random, i.e. a shuffled village
    order = walking_order(points, 0)
    assert route_length(points, order) < 0.25 * route_length(points, range(len(points)))


coordinates = st.tuples(
    st.floats(CENTRE[0] - 0.01, CENTRE[0] + 0.01), st.floats(CENTRE[1] - 0.01, CENTRE[1] + 0.01)
)


@settings(max_examples=40, deadline=None)
@given(points=st.lists(coordinates, min_size=1, max_size=60), data=st.data())
def test_a_route_is_a_permutation_from_the_start_and_always_the_same(
    points: list[tuple[float, float]], data: st.DataObject
) -> None:
    # Duplicates (two households at one site) and collinear rows come up here too.
    points = points + data.draw(st.lists(st.sampled_from(points), max_size=5))
    start = data.draw(st.integers(0, len(points) - 1))
    order = walking_order(points, start)
    assert sorted(order) == list(range(len(points))) and order[0] == start
    assert walking_order(list(points), start) == order


@settings(max_examples=30, deadline=None)
@given(points=st.lists(coordinates, min_size=2, max_size=120), k=st.integers(1, 12))
def test_candidate_lists_are_the_nearest_points(points: list[tuple[float, float]], k: int) -> None:
    xy = _metres(points)
    lists = nearest_neighbours(xy, k)
    for row, near in enumerate(lists):
        gaps = np.hypot(*(xy - xy[row]).T)
        gaps[row] = math.inf
        assert row not in near and len(near) == min(k, len(points) - 1)
        assert np.allclose(gaps[near], np.sort(gaps)[: len(near)])


@pytest.mark.parametrize("n", [0, 1, 2, 3])
def test_tiny_villages(n: int) -> None:
    assert sorted(walking_order(_points(n, 1), 0) if n else []) == list(range(n))


def test_start_must_be_a_point() -> None:
    with pytest.raises(IndexError):
        walking_order(_points(3, 1), 3)


def test_start_is_the_first_agency_else_the_most_central_point() -> None:
    lon, lat = CENTRE
    records = [
        make_record(1, "Bình Minh", lon + 0.002, lat),
        make_record(2, "Bình Minh", lon + 0.0001, lat),
        make_record(3, "Bình Minh", lon - 0.002, lat, "heritage", "Đình làng"),
    ]
    assert choose_start(records, CENTRE) == 1
    agency = make_record(4, "Bình Minh", lon + 0.003, lat, "agency", "Nhà văn hóa thôn")
    second = make_record(5, "Bình Minh", lon, lat, "agency", "Trạm y tế")
    assert choose_start([*records, agency, second], CENTRE) == 3
