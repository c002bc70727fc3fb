"""The bulk geometry helpers against brute force."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gis.spatial import geometry
from gis.spatial.geometry import VillageIndex, local_metres, pairs_within
from tests.geometries import INSIDE_FIRST, ON_BORDER, OUTSIDE, village_features


def _brute(x: np.ndarray, y: np.ndarray, d: float) -> set[tuple[int, int]]:
    n = len(x)
    return {
        (i, j)
        for i in range(n)
        for j in range(i + 1, n)
        if (x[i] - x[j]) ** 2 + (y[i] - y[j]) ** 2 < d * d
    }


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.floats(-20, 20), st.floats(-20, 20)), min_size=0, max_size=60),
    st.floats(0.5, 5.0),
)
def test_pairs_within_equals_brute_force(pts: list[tuple[float, float]], d: float) -> None:
    x = np.array([p[0] for p in pts], dtype=np.float64)
    y = np.array([p[1] for p in pts], dtype=np.float64)
    got = {(int(i), int(j)) for i, j in pairs_within(x, y, d)}
    assert got == _brute(x, y, d)


def test_pairs_within_on_a_dense_random_cloud() -> None:
    rng = np.random.default_rng(7)
    x, y = rng.uniform(0, 100, 2000), rng.uniform(0, 100, 2000)
    got = {(int(i), int(j)) for i, j in pairs_within(x, y, 3.0)}
    assert got == _brute(x, y, 3.0) and got


def test_pairs_within_in_parts_is_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    """The points taken a few at a time (as a million are, to bound memory): the same pairs, in
    the same (i, j) order the neighbour check walks them in."""
    rng = np.random.default_rng(11)
    x, y = rng.uniform(0, 40, 500), rng.uniform(0, 40, 500)
    whole = pairs_within(x, y, 3.0)
    monkeypatch.setattr(geometry, "PAIRS_CHUNK", 7)
    parts = pairs_within(x, y, 3.0)
    assert len(whole) > 100 and parts.tolist() == whole.tolist()
    assert parts.tolist() == [list(pair) for pair in sorted(_brute(x, y, 3.0))]


def test_local_metres_one_metre() -> None:
    x, _y = local_metres(
        np.array([105.9, 105.9 + 1 / (111_195.0 * 0.94913)]), np.array([18.3, 18.3])
    )
    assert abs((x[1] - x[0]) - 1.0) < 0.01


def test_locate_border_and_outside(monkeypatch: pytest.MonkeyPatch) -> None:
    import shapely

    feats = village_features()["features"]
    index = VillageIndex.build(
        [1, 2, 3],
        [f["properties"]["ten_thon"] for f in feats],
        [shapely.geometry.shape(f["geometry"]) for f in feats],
    )
    pos = index.locate(
        np.array([INSIDE_FIRST[0], ON_BORDER[0], OUTSIDE[0]]),
        np.array([INSIDE_FIRST[1], ON_BORDER[1], OUTSIDE[1]]),
    )
    assert pos.tolist() == [0, 0, -1]
    # Looked up a point at a time (as a million are, a part at a time): the same answer.
    monkeypatch.setattr(geometry, "LOCATE_CHUNK", 1)
    again = index.locate(
        np.array([OUTSIDE[0], INSIDE_FIRST[0], ON_BORDER[0]]),
        np.array([OUTSIDE[1], INSIDE_FIRST[1], ON_BORDER[1]]),
    )
    assert again.tolist() == [-1, 0, 0]
    assert 15_000 < index.nearest_distance_m(*OUTSIDE) < 20_000
