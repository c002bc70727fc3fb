import random

import pytest

from plates.route import (
    _distances,
    _nearest_neighbour,
    choose_start,
    route_length,
    walking_order,
)
from tests.plates.samples import CENTRE, make_record


def _points(n: int, seed: int) -> list[tuple[float, float]]:
    rng = random.Random(seed)
    lon, lat = CENTRE
    return [(lon + rng.uniform(-0.006, 0.006), lat + rng.uniform(-0.004, 0.004)) for _ in range(n)]


@pytest.mark.parametrize("seed", range(8))
def test_two_opt_is_never_longer_than_nearest_neighbour(seed: int) -> None:
    points = _points(60 + 10 * seed, seed)
    start = seed % len(points)
    nearest = _nearest_neighbour(_distances(points), start)
    improved = walking_order(points, start)
    assert sorted(improved) == list(range(len(points)))
    assert improved[0] == start
    assert route_length(points, improved) <= route_length(points, nearest) + 1e-6


def test_walking_order_is_deterministic() -> None:
    points = _points(150, 7)
    assert walking_order(points, 3) == walking_order(list(points), 3)


def test_much_shorter_than_the_shuffled_input_order() -> None:
    points = _points(300, 11)  # already random, i.e. a shuffled village
    order = walking_order(points, 0)
    assert route_length(points, order) < 0.25 * route_length(points, range(len(points)))


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
