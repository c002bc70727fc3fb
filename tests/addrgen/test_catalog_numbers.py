"""Numbers and quotes in the catalog's messages: every number a message shows is written the way
its language writes it (Babel's locale data through addrgen.formatting), whatever the template's
format spec, and Vietnamese quotes a value with its own marks “…”, never Python's '…'."""

from __future__ import annotations

import re
import string
from decimal import Decimal

import pytest

from addrgen.catalog import message, po_path
from scripts.messages import read_catalog

#: The sample numbers: any English way of writing them ("1234.5", "1,234.5", "1,234") is a
#: number formatted by hand; a field with a ``d`` spec is a code (e.g. an area number) and gets 7.
SAMPLE_FLOAT = 1234.5
SAMPLE_INT = 1234567
#: The fields that name a row or line of a file (addrgen.catalog writes them as Excel's row header).
PLACE = re.compile(r"(?:\w+_)?(?:row|line)")
ENGLISH_NUMBER = re.compile(r"1,?234\.5|1,234\b|1234\b|1,?234,?567|1234567")


def _specs(text: str) -> dict[str, str]:
    return {
        name: spec or ""
        for _, name, spec, _ in string.Formatter().parse(text)
        if name  # "{{" gives no name
    }


def _sample(name: str, spec: str, kind: type) -> object:
    if spec.endswith("d") or PLACE.fullmatch(name):
        return 7  # a code's digits, or a row's number: names, not quantities
    return SAMPLE_INT if kind is int else SAMPLE_FLOAT


def _entries() -> list[tuple[str, str]]:
    return [
        (m.id, m.string)
        for m in read_catalog(po_path("vi"), "vi")
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
    ]


@pytest.mark.parametrize("kind", [int, float])
def test_every_vietnamese_message_writes_numbers_the_vietnamese_way(kind: type) -> None:
    wrong = []
    for msgid, text in _entries():
        specs = _specs(text)
        if not specs:
            continue
        shown = message(msgid, "vi", **{n: _sample(n, s, kind) for n, s in specs.items()})
        if ENGLISH_NUMBER.search(shown):
            wrong.append(f"{msgid}: {shown}")
    assert wrong == []


def test_numbers_in_each_language() -> None:
    args = {"first": "A", "second": "B", "area_m2": 233126587099.4}
    assert "233.126.587.099 m²" in message("villages.overlap", "vi", **args)
    assert "233,126,587,099 m²" in message("villages.overlap", "en", **args)
    near = {"other": "X", "metres": 0.6}
    assert "0,6 m" in message("point.near_registered", "vi", **near)
    assert "0.6 m" in message("point.near_registered", "en", **near)
    assert "00042" in message("reorg.area_number_used", "vi", area_number=42)
    assert "1.234,5" in message("point.near_registered", "vi", other="X", metres=Decimal("1234.5"))


def test_vietnamese_quotes_a_value_with_its_own_marks() -> None:
    with_python_quotes = [msgid for msgid, text in _entries() if "!r" in text]
    assert with_python_quotes == []
    vi = message("code.non_digit", "vi", value="18,3x", char="x")
    assert vi.startswith("“18,3x” không phải") and "'" not in vi
    assert message("code.non_digit", "en", value="18,3x", char="x").startswith("'18,3x'")
    # An invisible character inside the marks is shown as its escape; a face's placeholder stays.
    assert "“\\xa0”" in message("code.non_digit", "vi", value="1\xa02", char="\xa0")
    assert "“1\\u200b2”" in message("code.non_digit", "vi", value="1\u200b2", char="x")
    assert "\uffff" in message("print.letter.contact", "vi", contact="\uffff")


def test_the_detector() -> None:
    for english in ("1234.5 m", "1,234.5", "1,234 điểm", "1234567", "1,234,567"):
        assert ENGLISH_NUMBER.search(english), english
    for vietnamese in ("1.234,5 m", "1.234.567", "00007", "1.234"):
        assert not ENGLISH_NUMBER.search(vietnamese), vietnamese


def test_a_missing_or_textual_number_shows_as_it_is() -> None:
    assert "dòng 2 là ? m" in message("point.near_row", "vi", other_row=2)
    assert "0.6 m" in message("point.near_row", "en", other_row=2, metres="0.6")


def test_a_row_number_is_a_name_and_a_count_is_a_number() -> None:
    """Row 1521 is written as Excel's row header writes it; 12,345 rows as Vietnamese writes
    numbers."""
    assert message("cli.report.row", "vi", file="a.csv", row=1521) == "a.csv, dòng 1521"
    rejected = message("import.rejected", "vi", file="a.csv", bad_rows=1521, rows=12345)
    assert "1.521 dòng lỗi" in rejected and "12.345 dòng" in rejected
    assert "dòng tiêu đề 12000" in message("import.table_found", "vi", sheet="S", header_row=12000)
