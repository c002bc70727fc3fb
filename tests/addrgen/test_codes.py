"""Address codes: construction, parsing (every error reason), formatting, the bulk path and the
pluggable scheme; hypothesis properties for the detection laws and format -> parse identity."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given
from hypothesis import strategies as st

from addrgen.codes import (
    AREA_DIGITS,
    DEFAULT_SCHEME,
    MAX_SERIAL,
    SERIAL_DIGITS,
    AddressCode,
    CodeScheme,
    DammScheme,
    ParsedCode,
    bulk_canonical,
    format_code,
    grouped_code,
    make_code,
    one_typo_away,
    parse_code,
)
from addrgen.errors import AddrgenError, InvalidArea, InvalidCode

areas = st.integers(min_value=0, max_value=10**AREA_DIGITS - 1)
serials = st.integers(min_value=1, max_value=MAX_SERIAL)
separators = st.sampled_from([" ", ".", "-"])


# --- AddressCode -----------------------------------------------------------------------------


def test_thach_binh_example() -> None:
    code = make_code(18112, 123)
    assert code.canonical == "18112001234"
    assert code.display == "18112 00123 4"
    assert code.national == "1811200123"
    assert code.check_digit == 4
    assert str(code) == "18112001234"


def test_leading_zeros_are_kept() -> None:
    assert make_code(7, 1).canonical.startswith("0000700001")
    assert len(make_code(0, 1).canonical) == 11


def test_codes_order_by_area_then_serial() -> None:
    codes = [make_code(2, 1), make_code(1, 5), make_code(1, 2)]
    assert sorted(codes) == [make_code(1, 2), make_code(1, 5), make_code(2, 1)]


def test_codes_are_frozen_and_hashable() -> None:
    code = make_code(18112, 1)
    with pytest.raises(AttributeError):
        code.serial = 2  # type: ignore[misc]
    assert {code, make_code(18112, 1)} == {code}


def test_numpy_integers_are_stored_as_int() -> None:
    code = make_code(np.int64(18112), np.int32(5))  # type: ignore[arg-type]
    assert type(code.area) is int and type(code.serial) is int


@pytest.mark.parametrize(
    ("area", "serial"),
    [(-1, 1), (100_000, 1), (18112, 0), (18112, 100_000), (18112, -5), (True, 1), (1, 2.0)],
)
def test_out_of_range_is_invalid_area(area: int, serial: int) -> None:
    with pytest.raises(InvalidArea) as caught:
        make_code(area, serial)
    assert isinstance(caught.value, AddrgenError)
    assert isinstance(caught.value, ValueError)


def test_out_of_range_message_names_the_value_and_range() -> None:
    with pytest.raises(InvalidArea, match=r"serial 100000 .*1 to 99,999") as caught:
        make_code(18112, 100_000)
    assert (caught.value.code, caught.value.field, caught.value.value) == (
        "serial.out_of_range",
        "serial",
        "100000",
    )
    assert caught.value.params == {"maximum": 99_999, "digits": 5}
    with pytest.raises(InvalidArea) as caught:
        make_code(True, 1)
    assert (caught.value.code, caught.value.field) == ("area.not_integer", "area")


# --- parse_code ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "18112001234",
        "18112 00123 4",
        "  18112 00123 4\n",
        "18112.00123.4",
        "18112-00123-4",
        "1811-2001-234",
        "18112\u00a000123\u00a04",  # no-break spaces, as pasted from a web page
        "18112–00123–4",  # en dashes, as a word processor types them
        "１８１１２ ００１２３ ４",  # full-width digits and space from a Vietnamese IME
    ],
)
def test_accepted_forms(text: str) -> None:
    parsed = parse_code(text)
    assert parsed == ParsedCode(code=make_code(18112, 123), national="1811200123", verified=True)


@pytest.mark.parametrize(
    "text", ["1811200123", "18112 00123", "18112-00123", "１８１１２００１２３"]
)
def test_national_form_is_unverified(text: str) -> None:
    parsed = parse_code(text)
    assert parsed.verified is False
    assert parsed.code is None
    assert parsed.national == "1811200123"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        (" - . ", "empty"),
        ("18112 00123 4a", "non_digit"),
        ("18112_00123_4", "non_digit"),
        ("18112/00123/4", "non_digit"),
        ("١٨١١٢٠٠١٢٣٤", "non_digit"),  # Arabic-Indic digits are digits, but not ours
        ("1811200123x", "non_digit"),
        ("181120012", "length"),
        ("181120012345", "length"),
        ("1", "length"),
        ("18112001235", "check_digit"),
        ("18112001243", "check_digit"),
        ("18112000000", "serial"),
    ],
)
def test_each_reason(text: str, reason: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_code(text)
    assert caught.value.reason == reason
    assert caught.value.value == text
    assert isinstance(caught.value, ValueError)


def test_length_error_carries_its_data() -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_code("181120012")
    error = caught.value
    assert (error.code, error.field, error.value, error.params) == (
        "code.length",
        "code",
        "181120012",
        {"digits": 9},
    )
    assert str(error).startswith("'181120012' has 9 digit(s); an address code has 11")
    assert error.message("vi").startswith("“181120012” có 9 chữ số")


def test_check_digit_message_names_value_and_says_what_is_wrong() -> None:
    with pytest.raises(InvalidCode) as caught:
        parse_code("18112 00123 5")
    message = str(caught.value)
    assert "'18112 00123 5'" in message
    assert "mistyped or two neighbouring digits are swapped" in message
    # Never names the right digit: that would turn the typo into a neighbour's valid code.
    assert caught.value.params == {}
    for lang in ("vi", "en"):
        text = caught.value.message(lang)
        assert "4" not in text.replace("'18112 00123 5'", "").replace("“18112 00123 5”", "")


@given(st.integers(min_value=0, max_value=99999), st.integers(min_value=1, max_value=99999))
def test_no_message_of_a_typo_holds_a_valid_code(area: int, serial: int) -> None:
    code = make_code(area, serial).canonical
    for typo in _typos(code):
        with pytest.raises(InvalidCode) as caught:
            parse_code(typo)
        for lang in ("vi", "en"):
            digits = "".join(ch for ch in caught.value.message(lang) if ch.isdigit())
            assert digits == typo  # the input as typed, and no other digit


def _typos(code: str) -> list[str]:
    subs = [code[:i] + str((int(code[i]) + 1) % 10) + code[i + 1 :] for i in range(11)]
    swaps = [code[:i] + code[i + 1] + code[i] + code[i + 2 :] for i in range(10)]
    return [t for t in subs + swaps if t != code]


def test_one_typo_away_lists_the_valid_codes_a_typo_can_come_from() -> None:
    code = make_code(18112, 123).canonical
    for typo in _typos(code):
        near = one_typo_away(typo)
        assert code in near and typo not in near
        for other in near:
            assert parse_code(other).code is not None
    assert one_typo_away("123") == []


def test_non_digit_message_names_value_and_character() -> None:
    with pytest.raises(InvalidCode, match=r"'18112/00123/4'.*'/'"):
        parse_code("18112/00123/4")


def test_empty_message() -> None:
    with pytest.raises(InvalidCode, match="empty"):
        parse_code("")


# --- format_code -----------------------------------------------------------------------------


def test_format_code() -> None:
    code = make_code(18112, 123)
    assert format_code(code) == "18112 00123 4"
    assert format_code(code, grouped=False) == "18112001234"
    assert format_code("18112-00123-4") == "18112 00123 4"
    assert format_code("18112 00123 4", grouped=False) == "18112001234"


@pytest.mark.parametrize(
    ("text", "reason"), [("1811200123", "national_form"), ("18112001235", "check_digit")]
)
def test_format_code_rejects_incomplete_or_wrong(text: str, reason: str) -> None:
    with pytest.raises(InvalidCode) as caught:
        format_code(text)
    assert caught.value.reason == reason


# --- properties ------------------------------------------------------------------------------


@given(areas, serials, st.integers(0, 10), st.integers(1, 9))
def test_any_single_substitution_is_rejected(area: int, serial: int, pos: int, shift: int) -> None:
    digits = list(make_code(area, serial).canonical)
    digits[pos] = str((int(digits[pos]) + shift) % 10)
    with pytest.raises(InvalidCode) as caught:
        parse_code("".join(digits))
    assert caught.value.reason == "check_digit"


@given(areas, serials, st.integers(0, 9))
def test_any_adjacent_transposition_is_rejected(area: int, serial: int, pos: int) -> None:
    digits = list(make_code(area, serial).canonical)
    if digits[pos] == digits[pos + 1]:
        return  # swapping equal digits is not an error
    digits[pos], digits[pos + 1] = digits[pos + 1], digits[pos]
    with pytest.raises(InvalidCode) as caught:
        parse_code("".join(digits))
    assert caught.value.reason == "check_digit"


@given(areas, serials, st.booleans())
def test_format_then_parse_is_identity(area: int, serial: int, grouped: bool) -> None:
    code = make_code(area, serial)
    assert parse_code(format_code(code, grouped=grouped)).code == code


@given(areas, serials)
def test_a_stored_code_groups_as_it_prints(area: int, serial: int) -> None:
    code = make_code(area, serial)
    assert grouped_code(code.canonical) == code.display == format_code(code)
    assert grouped_code(None) == grouped_code("") == ""


@given(areas, serials, separators, separators, st.text(" \t", max_size=2))
def test_parse_accepts_any_separator_mix(
    area: int, serial: int, first: str, second: str, pad: str
) -> None:
    code = make_code(area, serial)
    national = code.national
    area_part, serial_part = national[:AREA_DIGITS], national[AREA_DIGITS:]
    text = f"{pad}{area_part}{first}{serial_part}{second}{code.check_digit}{pad}"
    assert parse_code(text).code == code


@given(areas, serials, st.lists(separators, min_size=10, max_size=10))
def test_parse_accepts_separators_between_any_digits(
    area: int, serial: int, seps: list[str]
) -> None:
    code = make_code(area, serial)
    text = "".join(d + s for d, s in zip(code.canonical, [*seps, ""], strict=True))
    parsed = parse_code(text)
    assert parsed.code == code and parsed.verified


@given(areas, serials)
def test_dropping_the_check_digit_gives_the_unverified_national_form(
    area: int, serial: int
) -> None:
    code = make_code(area, serial)
    assert parse_code(code.national) == ParsedCode(None, code.national, False)


# --- bulk_canonical --------------------------------------------------------------------------


@pytest.mark.parametrize("area", [0, 7, 18112, 99999])
def test_bulk_equals_scalar_for_every_serial(area: int) -> None:
    every = np.arange(1, MAX_SERIAL + 1)
    got = bulk_canonical(area, every)
    assert got.dtype == np.dtype("<U11")
    assert got.shape == every.shape
    assert got.tolist() == [make_code(area, s).canonical for s in range(1, MAX_SERIAL + 1)]


def test_bulk_keeps_input_order_and_accepts_any_int_dtype() -> None:
    serials = np.array([99999, 1, 123], dtype=np.int32)
    assert bulk_canonical(18112, serials).tolist() == [
        make_code(18112, 99999).canonical,
        "18112000013",
        "18112001234",
    ]
    assert bulk_canonical(18112, np.array([123], dtype=np.uint16)).tolist() == ["18112001234"]


def test_bulk_empty() -> None:
    got = bulk_canonical(18112, np.array([], dtype=np.int64))
    assert got.shape == (0,) and got.dtype == np.dtype("<U11")


@pytest.mark.parametrize(
    ("area", "serials"),
    [
        (18112, np.array([1, 0])),
        (18112, np.array([100_000])),
        (100_000, np.array([1])),
        (-1, np.array([1])),
        (18112, np.array([1.0, 2.0])),
        (18112, np.array([[1, 2]])),
    ],
    ids=["serial-zero", "serial-too-big", "area-too-big", "area-negative", "floats", "2d"],
)
def test_bulk_rejects(area: int, serials: npt.NDArray[np.generic]) -> None:
    with pytest.raises(InvalidArea):
        bulk_canonical(area, serials)


# --- scheme ----------------------------------------------------------------------------------


def test_default_scheme_is_damm() -> None:
    assert isinstance(DEFAULT_SCHEME, DammScheme)
    assert isinstance(DEFAULT_SCHEME, CodeScheme)
    assert DEFAULT_SCHEME.max_serial == MAX_SERIAL == 10**SERIAL_DIGITS - 1
    assert DEFAULT_SCHEME.name


def test_scheme_delegates() -> None:
    scheme: CodeScheme = DammScheme()
    assert scheme.make(18112, 123) == "18112001234"
    assert scheme.parse("18112 00123 4").code == AddressCode(18112, 123)
    assert scheme.bulk_make(18112, np.array([123])).tolist() == ["18112001234"]
