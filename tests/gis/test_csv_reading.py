"""CSV files as officers' tools write them (issue 14): the separator found from the header and the
first rows (a semicolon file with comma decimals has more commas than semicolons), quoted cells,
every encoding from UTF-8 to TCVN3, and the fast reader agreeing with the csv module's."""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gis.ingest.csvdialect import sniff_delimiter
from gis.ingest.sources import _plain_csv_bytes, _read_plain_csv, _read_quoted_csv, read_source
from gis.ingest.textfix import decode_bytes, encode_tcvn3, encode_vni
from tests.gis.test_textfix import cp1258_bytes

NAMES = ["Đình làng Bình Minh", "Nhà văn hóa thôn Đông", "Trạm y tế xã"]


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ("ten,vi_do,kinh_do\nA,18.3,105.9\n", ","),
        # The case that counting gets wrong: more commas (decimals) than semicolons.
        ("ten;vi_do;kinh_do\nA;18,325574;105,93\nB;18,3;105,9\n", ";"),
        ("ten\tvi_do\tkinh_do\nA, B\t18,3\t105,9\n", "\t"),
        ("ten|vi_do|kinh_do\nA;B|18.3|105.9\n", "|"),
        # A quoted header cell holding a comma is one column, not two.
        ('"ten, ho";vi_do;kinh_do\n"Nguyễn, Văn";18,3;105,9\n', ";"),
        ('ten,vi_do,kinh_do\n"A",  "18,3255","105,93"\n', ","),
        # A header with both: the rows decide (three fields by semicolons, two by commas).
        ("so,nha;vi_do;kinh_do\n1,2;18,3;105,9\n3,4;18,4;105,8\n", ";"),
        ("ten\nA\n", ","),  # one column: nothing to choose
    ],
)
def test_the_separator_is_found_from_the_header_and_rows(text: str, sep: str) -> None:
    assert sniff_delimiter(text) == sep


def test_the_separator_sample_is_bounded() -> None:
    """Only the first rows are read to choose: a later row with another shape changes nothing."""
    text = "ten;vi_do;kinh_do\n" + "A;18,3;105,9\n" * 10_000 + "x,y,z,w,v\n"
    assert sniff_delimiter(text) == ";"


def _table(sep: str, quoted: bool) -> str:
    rows = [["ten", "vi_do", "kinh_do"]]
    decimal = "," if sep != "," or quoted else "."
    rows += [[n, f"18{decimal}31{k}", f"105{decimal}91{k}"] for k, n in enumerate(NAMES)]
    if quoted:
        rows = [[f'"{c}"' for c in r] for r in rows]
    return "".join(sep.join(r) + "\r\n" for r in rows)


ENCODERS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda s: s.encode("utf-8"),
    "utf-8-bom": lambda s: codecs.BOM_UTF8 + s.encode("utf-8"),
    "utf-16-bom": lambda s: s.encode("utf-16"),  # Excel's "Unicode Text"
    "utf-16-le": lambda s: s.encode("utf-16-le"),
    "utf-16-be": lambda s: s.encode("utf-16-be"),
    "cp1258": cp1258_bytes,
    "tcvn3": encode_tcvn3,
    "vni": encode_vni,
}

# The encoding the reader names for each of ENCODERS' (those not listed: their own name).
READ_AS = {
    "utf-8-bom": "utf-8",
    "utf-16-bom": "utf-16",
    "utf-16-le": "utf-16",
    "utf-16-be": "utf-16",
}


@pytest.mark.parametrize("encoding", sorted(ENCODERS))
@pytest.mark.parametrize(
    ("sep", "quoted"), [(",", False), (";", False), ("\t", False), (";", True), (",", True)]
)
def test_every_encoding_and_separator_reads_the_same_table(
    tmp_path: Path, encoding: str, sep: str, quoted: bool
) -> None:
    path = tmp_path / "diem.csv"
    path.write_bytes(ENCODERS[encoding](_table(sep, quoted)))
    table = read_source(path)
    assert list(table.frame.columns) == ["ten", "vi_do", "kinh_do"]
    assert table.frame["ten"].tolist() == NAMES
    decimal = "." if sep == "," and not quoted else ","
    assert table.frame["vi_do"].tolist() == [f"18{decimal}31{k}" for k in range(3)]
    assert table.rows == [2, 3, 4]
    # What the import preview shows: the encoding found and the separator chosen.
    assert table.detected.encoding == READ_AS.get(encoding, encoding)
    assert (table.detected.delimiter, table.detected.encoding_sniffed) == (sep, True)


def test_utf16_without_a_byte_order_mark_keeps_decomposed_tones() -> None:
    """A combining tone mark (U+0300) puts a zero byte on the other side: still UTF-16."""
    text = "ten,so\nHoa\u0300,1\nBi\u0300nh,2\n"
    assert decode_bytes(text.encode("utf-16-le")) == "ten,so\nHoà,1\nBình,2\n"


# --- the fast path and the csv module agree ------------------------------------------------------

CELL = st.text(alphabet=st.sampled_from(list("ab xyz019.,;Đà\t")), max_size=6)


@given(
    sep=st.sampled_from([",", ";", "\t"]),
    width=st.integers(1, 4),
    data=st.data(),
    crlf=st.booleans(),
)
def test_the_fast_reader_agrees_with_the_csv_module(
    sep: str, width: int, data: st.DataObject, crlf: bool
) -> None:
    cell = CELL.map(lambda c: c.replace(sep, ""))
    header = data.draw(
        st.lists(st.from_regex(r"[a-z]{1,4}", fullmatch=True), min_size=width, max_size=width)
    )
    rows = data.draw(st.lists(st.lists(cell, min_size=width, max_size=width), max_size=5))
    end = "\r\n" if crlf else "\n"
    text = "".join(sep.join(r) + end for r in [header, *rows])
    plain = _plain_csv_bytes(text, sep)
    fast = None if plain is None else _read_plain_csv(plain, text[: text.find("\n")], sep)
    frame, numbers, malformed = _read_quoted_csv(text, sep, "t.csv")
    assert not malformed
    if fast is None:
        return  # the fast path declined (a blank line, a row of separators): nothing to compare
    assert fast[1] == numbers
    assert list(fast[0].columns) == list(frame.columns)
    assert fast[0].to_numpy().tolist() == frame.to_numpy().tolist()


def test_a_row_of_separators_is_skipped_by_both_paths(tmp_path: Path) -> None:
    """Excel writes ";;" for a formatted empty row: not a row with no coordinates."""
    path = tmp_path / "diem.csv"
    path.write_text("ten;vi_do;kinh_do\nA;18,3;105,9\n;;\nB;18,4;105,8\n;;\n", encoding="utf-8")
    table = read_source(path)
    assert table.frame["ten"].tolist() == ["A", "B"]
    assert table.rows == [2, 4]
