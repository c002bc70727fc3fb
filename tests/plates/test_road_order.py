"""The walking order along the roads of a background layer (plates.roads, plates.route)."""

import itertools
import math

import numpy as np
import pytest

from plates import route
from plates.roads import Floats, road_distances
from plates.route import walking_order
from tests.plates.samples import CENTRE

_M_PER_DEG = 111_195.0  # metres a degree of latitude, near enough for a village

Lines = list[list[tuple[float, float]]]


def _lonlat(x: float, y: float) -> tuple[float, float]:
    lon, lat = CENTRE
    return lon + x / (_M_PER_DEG * math.cos(math.radians(lat))), lat + y / _M_PER_DEG


def _river(n: int = 10) -> tuple[list[tuple[float, float]], Lines]:
    """Houses 50 m apart on both banks of a river 20 m wide (north first, then south), a road
    along each bank, and the one bridge at the west end (x = -20 m)."""
    houses = [_lonlat(50.0 * k, 10.0) for k in range(n)]
    houses += [_lonlat(50.0 * k, -10.0) for k in range(n)]
    end = 50.0 * n
    roads = [
        [_lonlat(-20.0, 5.0), _lonlat(end, 5.0)],
        [_lonlat(-20.0, -5.0), _lonlat(end, -5.0)],
        [_lonlat(-20.0, 5.0), _lonlat(-20.0, -5.0)],  # the bridge
    ]
    return houses, roads


def switches(banks: list[bool]) -> int:
    """How often a walk goes from one bank to the other."""
    return sum(a != b for a, b in itertools.pairwise(banks))


def _crossings(order: list[int], n: int) -> int:
    return switches([k < n for k in order])


def test_straight_lines_zig_zag_across_the_river_and_roads_finish_one_bank_first() -> None:
    houses, roads = _river()
    straight = walking_order(houses, 0)
    along = walking_order(houses, 0, roads=roads)
    assert _crossings(straight, 10) >= 5
    assert _crossings(along, 10) == 1
    assert sorted(along) == list(range(20))
    assert along[0] == 0


def test_the_road_order_is_the_shorter_walk_along_the_roads() -> None:
    houses, roads = _river()
    lat0 = CENTRE[1]
    k = _M_PER_DEG * math.cos(math.radians(lat0))
    lon0 = CENTRE[0]

    def xy(points: list[tuple[float, float]]) -> Floats:
        return np.array([((lon - lon0) * k, (lat - lat0) * _M_PER_DEG) for lon, lat in points])

    matrix = road_distances(xy(houses), [xy(line) for line in roads])
    assert matrix is not None

    def walked(order: list[int]) -> float:
        return float(sum(matrix[a, b] for a, b in itertools.pairwise(order)))

    along, straight = walking_order(houses, 0, roads=roads), walking_order(houses, 0)
    assert walked(along) < 0.6 * walked(straight)
    # Across the river from the first house: to the road, west to the bridge, back east.
    assert matrix[0, 10] == pytest.approx(5 + 20 + 10 + 20 + 5, abs=0.1)
    assert matrix[0, 1] == pytest.approx(5 + 50 + 5, abs=0.1)


def test_without_roads_near_the_houses_the_order_is_the_straight_line_one() -> None:
    houses, _ = _river()
    far = [[_lonlat(5_000.0, 5_000.0), _lonlat(6_000.0, 5_000.0)]]
    assert walking_order(houses, 3, roads=far) == walking_order(houses, 3)
    assert walking_order(houses, 3, roads=[]) == walking_order(houses, 3)


def test_a_village_too_big_for_the_road_matrix_is_ordered_by_straight_lines(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    houses, roads = _river()
    monkeypatch.setattr(route, "MAX_ROAD_POINTS", len(houses) - 1)
    assert walking_order(houses, 0, roads=roads) == walking_order(houses, 0)
    monkeypatch.setattr(route, "MAX_ROAD_POINTS", len(houses))
    assert walking_order(houses, 0, roads=roads) != walking_order(houses, 0)


def test_unconnected_roads_fall_back_to_the_straight_line_between_their_houses() -> None:
    xy = np.array([[0.0, 10.0], [0.0, -10.0]])
    lines = [np.array([[-50.0, 5.0], [50.0, 5.0]]), np.array([[-50.0, -5.0], [50.0, -5.0]])]
    matrix = road_distances(xy, lines)
    assert matrix is not None
    assert matrix[0, 1] == pytest.approx(20.0)


def test_the_road_order_is_the_same_every_time() -> None:
    houses, roads = _river(30)
    assert walking_order(houses, 7, roads=roads) == walking_order(houses, 7, roads=roads)
