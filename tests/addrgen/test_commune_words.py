"""The commune's own words: the defaults a commune that set nothing prints, and the settings as
given (one spelling, single spaces, the Youth Union's own capitals)."""

from __future__ import annotations

import unicodedata

from addrgen.commune_words import DEFAULT_OFFICER_TITLE, CommuneWords, commune_words


def test_defaults_come_from_the_communes_name() -> None:
    assert commune_words("xã Thạch Bình") == CommuneWords(
        issuer="Ủy ban nhân dân xã Thạch Bình",
        officer_title="công chức Địa chính – Nông nghiệp – Xây dựng và Môi trường",
        youth_union="Đoàn Thanh niên xã Thạch Bình",
        phone=None,
    )
    assert commune_words("x").officer_title == DEFAULT_OFFICER_TITLE


def test_a_capitalised_unit_word_reads_in_lower_case_inside_the_name() -> None:
    words = commune_words("Xã  Thạch Bình")
    assert words.issuer == "Ủy ban nhân dân xã Thạch Bình"
    assert words.youth_union == "Đoàn Thanh niên xã Thạch Bình"
    assert commune_words("Phường Bắc Hà").issuer == "Ủy ban nhân dân phường Bắc Hà"


def test_settings_replace_the_defaults_and_blanks_do_not() -> None:
    words = commune_words(
        "xã Cẩm Bình",
        issuer="UBND xã Cẩm Bình",
        officer_title="  công chức  Văn phòng – Thống kê ",
        youth_union="",
        phone=" 0239 3856 123 ",
    )
    assert words.issuer == "UBND xã Cẩm Bình"
    assert words.officer_title == "công chức Văn phòng – Thống kê"
    assert words.youth_union == "Đoàn Thanh niên xã Cẩm Bình"
    assert words.phone == "0239 3856 123"
    assert commune_words("xã Cẩm Bình", phone="  ").phone is None


def test_the_youth_unions_name_keeps_its_own_capitals() -> None:
    for typed in ("đoàn thanh niên xã Thạch Bình", "ĐOÀN THANH NIÊN xã Thạch Bình"):
        assert commune_words("x", youth_union=typed).youth_union == "Đoàn Thanh niên xã Thạch Bình"
    other = "Chi đoàn thôn Bình Minh"
    assert commune_words("x", youth_union=other).youth_union == other


def test_text_comes_out_in_one_spelling() -> None:
    decomposed = unicodedata.normalize("NFD", "UBND xã Thạch Bình")
    assert commune_words("x", issuer=decomposed).issuer == "UBND xã Thạch Bình"
