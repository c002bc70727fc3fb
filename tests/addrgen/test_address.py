import unicodedata

import pytest

from addrgen.address import (
    address_text,
    at_line_start,
    province_words,
    same_address,
    village_words,
)


def _address(village: str = "Bình Minh", *, capital: bool = False) -> str:
    return address_text(
        house_number="26",
        street=None,
        village=village,
        commune="xã Thạch Bình",
        district=None,
        province="Hà Tĩnh",
        capital=capital,
    )


def test_the_form_is_lower_case_unit_words_and_capitalised_names() -> None:
    assert _address() == "số 26, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh"


def test_capital_only_at_the_start_of_a_printed_line() -> None:
    text = _address(capital=True)
    assert text == "Số 26, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh"
    assert at_line_start("thôn Bình Minh") == "Thôn Bình Minh"
    assert at_line_start("") == ""


def test_registry_names_with_capital_unit_words_are_lowered() -> None:
    text = address_text(
        house_number="12",
        street="Đường Lê Khôi",
        village="Thôn Bình Minh",
        commune="Xã Thạch Bình",
        district="TP Hà Tĩnh",
        province="Tỉnh Hà Tĩnh",
    )
    assert text == "số 12 đường Lê Khôi, thôn Bình Minh, xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh"


def test_empty_parts_are_left_out_and_spaces_collapsed() -> None:
    text = address_text(
        house_number="  ",
        street=" ngõ  5 ",
        village="Xóm Mới",
        commune=" phường  Nam Hà ",
        district="",
        province=None,
    )
    assert text == "ngõ 5, xóm Mới, phường Nam Hà"


def test_output_is_nfc() -> None:
    decomposed = unicodedata.normalize("NFD", "Tân Bình")
    text = _address(decomposed)
    assert unicodedata.is_normalized("NFC", text) and "thôn Tân Bình" in text


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Bình Minh", "thôn Bình Minh"),
        ("Xóm 3", "xóm 3"),
        ("thôn Nam", "thôn Nam"),
        ("Tổ dân phố 5", "tổ dân phố 5"),
        ("TDP 5", "TDP 5"),
        ("Tổng Xá", "thôn Tổng Xá"),  # "Tổ" is a unit word only as a whole word
    ],
)
def test_village_words(name: str, words: str) -> None:
    assert village_words(name) == words


def test_province_words() -> None:
    assert province_words("Hà Tĩnh") == "tỉnh Hà Tĩnh"
    assert province_words("Thành phố Huế") == "thành phố Huế"
    assert province_words("TP Hà Nội") == "TP Hà Nội"


def test_same_address_ignores_case_form_and_spacing_only() -> None:
    before = "Số 26, Thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh"  # printed before issue 12
    now = _address(capital=True)
    assert same_address(before, now)
    assert same_address(
        unicodedata.normalize("NFD", now), "Số 26,  thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh"
    )
    assert not same_address(before, now.replace("Thạch Bình", "Cẩm Bình"))
    assert not same_address(before, now.replace("26", "28"))
