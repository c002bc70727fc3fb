"""Plus codes beyond the official vectors: the vectorised encoder against the scalar one and
against the reference package, decode round-trips, edge cases and error messages."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st
from openlocationcode import openlocationcode as olc

from addrgen.errors import InvalidPlusCode
from addrgen.pluscode import (
    CodeArea,
    decode,
    encode,
    encode_many,
    is_full,
    recover_nearest,
    shorten,
)

THACH_BINH = (18.3148, 105.9318)
LENGTHS = [2, 4, 6, 8, 10, 11, 12, 13, 15]


def _edge_points() -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    lats = [90.0, -90.0, 89.99999999999999, -89.99999999999999, 95.0, -1000.0, 0.0, -0.0]
    lons = [180.0, -180.0, 179.99999999999997, -179.99999999999997, 540.0, -540.0, 1e9, -1e12]
    points = [(lat, lon) for lat in lats for lon in lons]
    points += [
        THACH_BINH,
        (80.01, 58.57),
        (-80.01, 58.57),
        (80.0100000001, 58.57),
        (80.0099999999, 58.57),
        (35.6, 3.033),
        (1.2, 3.4),
        (-80.0, -360000000170.0),
        (1e-300, -1e-300),
    ]
    lat, lon = zip(*points, strict=True)
    return np.array(lat), np.array(lon)


def _random_points(n: int, seed: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    rng = np.random.default_rng(seed)
    return rng.uniform(-90, 90, n), rng.uniform(-180, 180, n)


def _grid_aligned_points(
    n: int, seed: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Points on (or a hair off) the finest cell edges, where rounding decides the digit."""
    rng = np.random.default_rng(seed)
    lat = rng.integers(-2_250_000_000, 2_250_000_000, n) / 2.5e7
    lon = rng.integers(-1_474_560_000, 1_474_560_000, n) / 8.192e6
    nudge = rng.choice([-1, 0, 1], size=(2, n))
    return np.nextafter(lat, lat + nudge[0]), np.nextafter(lon, lon + nudge[1])


def _decimal_points(n: int, seed: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Coordinates as people type them (few decimals), many exactly on cell edges."""
    rng = np.random.default_rng(seed)
    return np.round(rng.uniform(-90, 90, n), 4), np.round(rng.uniform(-180, 180, n), 3)


def _scalar(lat: npt.NDArray[np.float64], lon: npt.NDArray[np.float64], length: int) -> list[str]:
    return [encode(a, b, length) for a, b in zip(lat.tolist(), lon.tolist(), strict=True)]


def test_thach_binh() -> None:
    assert encode(*THACH_BINH) == "7PC78W7J+WPF"
    assert encode_many(np.array([THACH_BINH[0]]), np.array([THACH_BINH[1]])).tolist() == [
        "7PC78W7J+WPF"
    ]


@pytest.mark.parametrize("length", LENGTHS)
def test_encode_many_equals_encode_on_random_points(length: int) -> None:
    lat, lon = _random_points(10_000, seed=length)
    got = encode_many(lat, lon, length)
    assert got.dtype == np.dtype(f"<U{max(length, 8) + 1}")
    assert got.tolist() == _scalar(lat, lon, length)


@pytest.mark.parametrize("length", LENGTHS)
def test_encode_many_equals_encode_on_edges(length: int) -> None:
    lat, lon = _edge_points()
    assert encode_many(lat, lon, length).tolist() == _scalar(lat, lon, length)


@pytest.mark.parametrize("length", [10, 11, 15])
def test_encode_many_equals_encode_on_cell_boundaries(length: int) -> None:
    for make in (_grid_aligned_points, _decimal_points):
        lat, lon = make(10_000, seed=length)
        assert encode_many(lat, lon, length).tolist() == _scalar(lat, lon, length)


@given(
    st.floats(min_value=-200, max_value=200, allow_nan=False),
    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False),
    st.sampled_from(LENGTHS),
)
def test_encode_many_equals_encode_property(lat: float, lon: float, length: int) -> None:
    assert encode_many(np.array([lat]), np.array([lon]), length)[0] == encode(lat, lon, length)


def test_encode_many_keeps_shape_and_handles_empty() -> None:
    lat = np.full((2, 3), THACH_BINH[0])
    lon = np.full((2, 3), THACH_BINH[1])
    got = encode_many(lat, lon)
    assert got.shape == (2, 3) and (got == "7PC78W7J+WPF").all()
    assert encode_many(np.array([]), np.array([])).shape == (0,)


@pytest.mark.parametrize("length", [10, 11, 12])
def test_equals_reference_package_on_random_points(length: int) -> None:
    lat, lon = _random_points(10_000, seed=100 + length)
    expected = [olc.encode(a, b, length) for a, b in zip(lat.tolist(), lon.tolist(), strict=True)]
    assert encode_many(lat, lon, length).tolist() == expected


def test_cell_edge_belongs_to_the_cell_above() -> None:
    # 86.0585 lies exactly on a cell edge. The pip package 1.0.1 computes (lat + 90) * 2.5e7
    # in floating point, drifts below the edge and answers the cell underneath; the integer
    # method (as the official vectors require, e.g. 35.6,3.033) gives the cell starting there.
    code = encode(86.0585, 0.814, 15)
    assert code == "CFR23R57+CJ22222"
    assert decode(code).latitude_lo == pytest.approx(86.0585, abs=1e-12)


@given(
    st.floats(min_value=-90, max_value=90, allow_nan=False),
    # Up to just short of 180: within 6e-14 degrees of it, rounding at six decimals of a
    # finest cell wraps the point to -180, as in the reference implementations.
    st.floats(min_value=-180, max_value=179.9999, allow_nan=False),
)
def test_decode_contains_encoded_point(lat: float, lon: float) -> None:
    area = decode(encode(lat, lon))
    assert area.code_length == 11
    assert area.latitude_lo - 1e-9 <= lat <= area.latitude_hi + 1e-9
    assert area.longitude_lo - 1e-9 <= lon <= area.longitude_hi + 1e-9


def test_decode_thach_binh() -> None:
    area = decode("7pc78w7j+wpf")
    assert isinstance(area, CodeArea)
    assert area.code_length == 11
    assert area.latitude_lo == pytest.approx(18.3148)
    assert area.latitude_hi - area.latitude_lo == pytest.approx(0.000025)
    assert area.longitude_hi - area.longitude_lo == pytest.approx(0.00003125)
    assert area.latitude_center == pytest.approx(18.3148125)
    assert area.longitude_center == pytest.approx(105.931796875)


def test_poles_and_antimeridian() -> None:
    assert encode(90, 0) == encode(89.9999999, 0)
    assert is_full(encode(90, 180))
    assert encode(0, 180) == encode(0, -180)
    assert encode(0, 360 + 105.9318) == encode(0, 105.9318)
    assert decode(encode(90, 1, 10)).latitude_hi == 90


def test_shorten_and_recover_round_trip_near_thach_binh() -> None:
    code = encode(*THACH_BINH)
    assert shorten(code, 18.31, 105.93) == "7J+WPF"
    assert recover_nearest("7J+WPF", 18.31, 105.93) == code
    assert shorten(code, 18.2, 105.9) == "8W7J+WPF"
    assert recover_nearest("8W7J+WPF", 18.2, 105.9) == code
    assert shorten(code, 10.0, 106.0) == code
    assert recover_nearest(code.lower(), 0, 0) == code


@pytest.mark.parametrize(
    ("call", "code", "fragment"),
    [
        (lambda: encode(18, 105, 3), "pluscode.bad_length", "length 3"),
        (lambda: encode(18, 105, 1), "pluscode.bad_length", "length 1"),
        (lambda: encode(float("nan"), 105), "pluscode.not_finite", "non-finite"),
        (
            lambda: encode_many(np.array([np.inf]), np.array([0.0])),
            "pluscode.not_finite_many",
            "non-finite",
        ),
        (
            lambda: encode_many(np.array([1.0, 2.0]), np.array([0.0])),
            "pluscode.shape_mismatch",
            "shape",
        ),
        (lambda: decode("7PC78W7J"), "pluscode.separator_count", "'7PC78W7J'"),
        (lambda: decode("8W7J+WPF"), "pluscode.short", "short code"),
        (lambda: decode("7PC78W7J+W"), "pluscode.single_last_digit", "single digit"),
        (lambda: decode("XXC78W7J+WPF"), "pluscode.latitude_beyond", "beyond 90"),
        (lambda: decode("7PC7_W7J+WPF"), "pluscode.bad_character", "'_'"),
        (lambda: shorten("7PC70000+", 18, 105), "pluscode.padded_shorten", "padded"),
        (lambda: shorten("8W7J+WPF", 18, 105), "pluscode.short", "not a full"),
        (lambda: recover_nearest("7PC7", 18, 105), "pluscode.separator_count", "'7PC7'"),
        (
            lambda: recover_nearest("8W7J+WPF", float("inf"), 105),
            "pluscode.reference_not_finite",
            "not finite",
        ),
    ],
)
def test_errors_name_the_problem(call: object, code: str, fragment: str) -> None:
    assert callable(call)
    with pytest.raises(InvalidPlusCode) as caught:
        call()
    assert caught.value.code == code
    assert fragment in str(caught.value)
    assert isinstance(caught.value, ValueError)


def test_a_bad_character_is_named_as_data() -> None:
    with pytest.raises(InvalidPlusCode) as caught:
        decode("7PC7_W7J+WPF")
    assert (caught.value.field, caught.value.value, caught.value.params) == (
        "code",
        "7PC7_W7J+WPF",
        {"char": "_"},
    )
    assert caught.value.message("vi") == (
        "“7PC7_W7J+WPF” không phải là plus code hợp lệ: “_” không phải là ký tự của plus code"
    )
