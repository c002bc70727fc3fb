import unicodedata
from datetime import date

import pytest

from addrgen.address import (
    NBSP,
    TWO_TIER_FROM,
    address_text,
    at_line_start,
    province_words,
    same_address,
    standing_district,
    unbroken,
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


BEFORE, REFORM, AFTER = date(2025, 6, 30), TWO_TIER_FROM, date(2026, 11, 30)


@pytest.mark.parametrize(
    ("on", "district_from", "district_shown"),
    [
        (None, None, True),  # no date: as recorded
        (BEFORE, None, True),  # three tiers still
        (REFORM, None, False),  # the first day of two tiers: a district entered before is gone
        (AFTER, date(2020, 1, 1), False),
        (AFTER, REFORM, True),  # the record says it stands from the reform on
        (AFTER, date(2026, 1, 1), True),
    ],
)
def test_the_district_stands_by_the_date(
    on: date | None, district_from: date | None, district_shown: bool
) -> None:
    assert standing_district("huyện Cẩm Xuyên", on=on, district_from=district_from) == (
        "huyện Cẩm Xuyên" if district_shown else None
    )
    text = address_text(
        house_number=None,
        street=None,
        village="Thôn 1",
        commune="xã Cẩm Vịnh",
        district="huyện Cẩm Xuyên",
        province="Hà Tĩnh",
        on=on,
        district_from=district_from,
    )
    assert ("huyện Cẩm Xuyên" in text) is district_shown


@pytest.mark.parametrize(
    ("parts", "plain", "formal"),
    [
        (
            ("26", None, "TDP 5", "P. Nam Hà", "TP Hà Tĩnh", "Hà Tĩnh"),
            "số 26, TDP 5, P. Nam Hà, TP Hà Tĩnh, tỉnh Hà Tĩnh",
            "số 26, tổ dân phố 5, phường Nam Hà, thành phố Hà Tĩnh, tỉnh Hà Tĩnh",
        ),
        (
            (None, "Đường Lê Khôi", "Khối 3", "TT. Cẩm Xuyên", "H. Cẩm Xuyên", "TP. Huế"),
            "đường Lê Khôi, khối 3, TT. Cẩm Xuyên, H. Cẩm Xuyên, TP. Huế",
            "đường Lê Khôi, khối 3, thị trấn Cẩm Xuyên, huyện Cẩm Xuyên, thành phố Huế",
        ),
        (  # a bare letter is a name, not an abbreviation: only a dotted one is spelled out
            ("4", None, "Khu P", "xã Thạch Bình", "TX Hồng Lĩnh", "Hà Tĩnh"),
            "số 4, khu P, xã Thạch Bình, TX Hồng Lĩnh, tỉnh Hà Tĩnh",
            "số 4, khu P, xã Thạch Bình, thị xã Hồng Lĩnh, tỉnh Hà Tĩnh",
        ),
    ],
)
def test_formal_letters_spell_abbreviations_out(
    parts: tuple[str | None, ...], plain: str, formal: str
) -> None:
    house, street, village, commune, district, province = parts
    kwargs = {
        "house_number": house,
        "street": street,
        "village": village or "",
        "commune": commune or "",
        "district": district,
        "province": province,
    }
    assert address_text(**kwargs) == plain  # type: ignore[arg-type]
    assert address_text(**kwargs, formal=True) == formal  # type: ignore[arg-type]


def test_kept_names_break_only_after_commas() -> None:
    text = _address(capital=True)
    kept = address_text(
        house_number="26",
        street=None,
        village="Bình Minh",
        commune="xã Thạch Bình",
        district=None,
        province="Hà Tĩnh",
        capital=True,
        keep_names=True,
    )
    assert kept.replace(NBSP, " ") == text
    assert " " not in kept.replace(", ", "")  # the only breakable spaces follow commas
    assert unbroken("tỉnh Hà Tĩnh") == "tỉnh\u00a0Hà\u00a0Tĩnh"
