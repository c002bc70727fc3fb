"""gis/ingest/numbers.py: every form of number the officers' files hold, read one way only;
ambiguous forms reported, resolved only by the caller's plausibility; round trips of floats
written the Vietnamese (and English) way."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gis.ingest.numbers import Ambiguous, parse_number, parse_pair, readings

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("18.325574", 18.325574),
        ("18,325574", 18.325574),
        ('"18,3255"', 18.3255),
        (" 105,9312 ", 105.9312),
        ("-0,5", -0.5),
        ("\u22120,5", -0.5),
        ("2 026 977,11", 2026977.11),
        (f"2{NBSP}026{NBSP}977,11", 2026977.11),
        (f"2{NNBSP}026{NNBSP}977,11", 2026977.11),
        ("2.026.977,11", 2026977.11),
        ("2,026,977.11", 2026977.11),
        ("2.026.977", 2026977.0),
        ("2,026,977", 2026977.0),
        ("2 026 977", 2026977.0),
        ("2 026 977.5", 2026977.5),
        ("543671,90", 543671.9),
        ("1e3", 1000.0),
        ("18°19'32.07\"N", 18 + 19 / 60 + 32.07 / 3600),
        ("105°55'12\"E", 105 + 55 / 60 + 12 / 3600),
        ("105°55′12″E", 105 + 55 / 60 + 12 / 3600),
        ("18º19'32,07\"", 18 + 19 / 60 + 32.07 / 3600),
        ("18 19 32.07", 18 + 19 / 60 + 32.07 / 3600),
        ("18 độ 19 phút 32,07 giây", 18 + 19 / 60 + 32.07 / 3600),
        ("18 độ 19 phút 32,07 giây Bắc", 18 + 19 / 60 + 32.07 / 3600),
        ("105 độ 55 phút Đông", 105 + 55 / 60),
        ("N 18°19'32.07\"", 18 + 19 / 60 + 32.07 / 3600),
        ("33°51'S", -(33 + 51 / 60)),
        ("18°", 18.0),
        ("18.3255 N", 18.3255),
        # Vietnamese maps abbreviate Bắc and Đông after the value.
        ("18°19'25,3\"B", 18 + 19 / 60 + 25.3 / 3600),
        ("105°55'03\" Đ", 105 + 55 / 60 + 3 / 3600),
        ("105°55'03\"đ", 105 + 55 / 60 + 3 / 3600),
    ],
)
def test_each_form_reads_as_one_number(text: str, value: float) -> None:
    (only,) = readings(text)
    assert only == pytest.approx(value, abs=1e-9)
    assert parse_number(text) == pytest.approx(value, abs=1e-9)


@pytest.mark.parametrize(
    "text",
    [
        *("", "  ", "abc", "105,93a", "1,2,3", "2.02.977", "12 34", "18°75'", "18 19 75"),
        *("nan", "inf", "1.5,3", "2 02 977,1", "--5", "18°19'32\"X"),
    ],
)
def test_what_is_no_number_has_no_reading(text: str) -> None:
    assert readings(text) == ()
    with pytest.raises(ValueError) as caught:
        parse_number(text)
    assert not isinstance(caught.value, Ambiguous)


@pytest.mark.parametrize(
    ("text", "options"), [("2.026", (2.026, 2026.0)), ("2,026", (2.026, 2026.0))]
)
def test_an_ambiguous_form_is_reported_with_both_readings(
    text: str, options: tuple[float, ...]
) -> None:
    assert readings(text) == options
    with pytest.raises(Ambiguous) as caught:
        parse_number(text)
    assert caught.value.text == text and caught.value.readings == options


def test_plausibility_decides_an_ambiguous_form() -> None:
    assert parse_number("105,931", lambda v: -180 <= v <= 180) == pytest.approx(105.931)
    assert parse_number("105.931", lambda v: v > 1000) == 105931.0
    with pytest.raises(Ambiguous):  # both readings plausible: still reported
        parse_number("1.234", lambda v: True)


@pytest.mark.parametrize(
    ("text", "pair"),
    [
        ("18.31, 105.92", (18.31, 105.92)),
        ("18.31,105.92", (18.31, 105.92)),
        ("18,31; 105,92", (18.31, 105.92)),
        ("18,31, 105,92", (18.31, 105.92)),
        ("18.31 | 105.92", (18.31, 105.92)),
        ("18.31\t105.92", (18.31, 105.92)),
        ("18°19'32\"N 105°55'12\"E", (18 + 19 / 60 + 32 / 3600, 105 + 55 / 60 + 12 / 3600)),
    ],
)
def test_a_pair_in_one_cell(text: str, pair: tuple[float, float]) -> None:
    got = parse_pair(text)
    assert got is not None
    assert got[0] == pytest.approx(pair[0]) and got[1] == pytest.approx(pair[1])


@pytest.mark.parametrize("text", ["18.31", "18.31, 105.92, 3", "abc, def", "1.234, 105.9"])
def test_not_a_pair(text: str) -> None:
    assert parse_pair(text) is None


def _vietnamese(value: float, decimals: int, group: str) -> str:
    """``value`` as Vietnamese Excel writes it: comma decimal, ``group`` between thousands."""
    english = f"{abs(value):,.{decimals}f}"  # 2,026,977.11
    whole, _, frac = english.partition(".")
    text = whole.replace(",", group) + ("," + frac if frac else "")
    return ("-" if value < 0 else "") + text


@given(
    st.floats(min_value=-3e6, max_value=3e6, allow_nan=False),
    st.integers(min_value=1, max_value=8),
    st.sampled_from([".", " ", NBSP, NNBSP, ""]),
)
def test_vietnamese_formatting_round_trips(value: float, decimals: int, group: str) -> None:
    text = _vietnamese(value, decimals, group)
    expected = float(f"{value:.{decimals}f}")
    options = readings(text)
    assert options[0] == pytest.approx(expected, rel=1e-15, abs=1e-12)
    if len(options) > 1:  # only "d,ddd" / "-d,ddd": 3 decimals and no thousands to tell
        assert decimals == 3 and abs(expected) < 1000


@given(
    st.floats(min_value=-3e6, max_value=3e6, allow_nan=False),
    st.integers(min_value=4, max_value=8),
)
def test_english_formatting_round_trips(value: float, decimals: int) -> None:
    for text in (f"{value:,.{decimals}f}", f"{value:.{decimals}f}"):
        assert parse_number(text) == pytest.approx(float(f"{value:.{decimals}f}"), abs=1e-12)


@given(
    st.integers(min_value=0, max_value=179),
    st.integers(min_value=0, max_value=59),
    st.integers(min_value=0, max_value=5999),
    st.sampled_from(["°{m}'{s}\"", " độ {m} phút {s} giây", " {m} {s}"]),
)
def test_dms_round_trips(deg: int, minutes: int, centisec: int, form: str) -> None:
    sec = f"{centisec / 100:.2f}"
    text = f"{deg}" + form.format(m=minutes, s=sec)
    expected = deg + minutes / 60 + float(sec) / 3600
    assert math.isclose(parse_number(text), expected, abs_tol=1e-9)
