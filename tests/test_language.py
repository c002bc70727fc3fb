"""The language detector the faces' tests share (tests/language.py) says what a reader would."""

from __future__ import annotations

import pytest

from tests.language import english_lines, page_text, vietnamese_lines

VIETNAMESE = [
    "Đã gắn 1.234 / 2.000 biển (61,7 %) — còn 766 biển",
    "Mã vị trí (Plus Code)",
    "Tải về CSV",
    "xin cho biết thôn nào cần in lại",  # words that need no diacritic
    "dòng 7, cột vi_do: “18,3x” không phải là số",
    "lỗi: import.no_latitude tại C:\\Users\\can_bo\\ho.csv --skip-bad",
    "Cách vị trí đăng ký {d} m (độ chính xác ±{m} m), ảnh 5 MB",
]
ENGLISH = [
    "Plating progress",
    "Home",
    "890 to go",
    "no latitude; expected a number",
    "Not found",
    "Open problem reports",
]


@pytest.mark.parametrize("line", VIETNAMESE)
def test_vietnamese_lines_hold_no_english(line: str) -> None:
    assert english_lines(line) == []
    assert vietnamese_lines(line) == [line] or line.isascii()


@pytest.mark.parametrize("line", ENGLISH)
def test_english_lines_are_found(line: str) -> None:
    assert english_lines(line) == [line]
    assert vietnamese_lines(line) == []


def test_data_and_the_language_switch_are_not_words_of_the_page() -> None:
    text = "Village: Tây Bắc\nTiếng Việt\nPoints: 12"
    assert vietnamese_lines(text, names=["Tây Bắc"]) == []
    assert vietnamese_lines(text) == ["Village: Tây Bắc"]
    assert english_lines("Thôn: Ruby Hill", names=["Ruby Hill"]) == []


def test_page_text_is_what_a_person_sees() -> None:
    html = (
        "<html><head><title>Bản đồ</title><style>body{color:red}</style></head><body>"
        '<p title="Phóng to">Xin chào</p><script>var shown = "never";</script>'
        '<svg aria-label="Biểu đồ"><text>mục tiêu</text></svg></body></html>'
    )
    assert page_text(html).splitlines() == ["Bản đồ", "Phóng to", "Xin chào", "Biểu đồ", "mục tiêu"]
