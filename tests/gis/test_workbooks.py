"""Workbooks as officers make them (issue 14, item 6): the table on another sheet, under title
rows, with a two-row header, above a signature block; `--sheet` and `--header-row` to override."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from gis.errors import InvalidInput
from gis.ingest.sources import read_source
from tests.conftest import CliRunner
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_villages

INIT = (
    "init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112",
    "--district", "TP Hà Tĩnh", "--province", "tỉnh Hà Tĩnh",
)  # fmt: skip


def officer_workbook(path: Path) -> Path:
    """A cover sheet, then the list: two title rows, a blank row, a header whose "Tọa độ" cell
    is merged over "vi_do" and "kinh_do", two households, a blank row, the signature block."""
    book = openpyxl.Workbook()
    cover = book.active
    assert cover is not None
    cover.title = "Bìa"
    cover.append(["Hồ sơ địa chỉ số xã Thạch Bình"])
    sheet = book.create_sheet("Danh sách")
    (lon1, lat1), (lon2, lat2) = INSIDE_FIRST, INSIDE_SECOND
    for row in (
        ["UBND XÃ THẠCH BÌNH"],
        ["DANH SÁCH HỘ GIA ĐÌNH CẦN GẮN BIỂN ĐỊA CHỈ SỐ"],
        [],
        ["STT", "Chủ hộ", "Tọa độ", None],
        [None, None, "vi_do", "kinh_do"],
        [1, "Nguyễn Văn An", lat1, lon1],
        [2, "Trần Thị Bình", lat2, lon2],
        [],
        [None, "Thạch Bình, ngày 10 tháng 3 năm 2024"],
        ["Người lập biểu", None, "Xác nhận của UBND xã"],
        ["Lê Văn Cường", None, "Phạm Văn Dũng"],
    ):
        sheet.append(row)
    sheet.merge_cells("C4:D4")
    book.save(path)
    return path


def test_the_table_is_found_under_titles_and_over_a_signature_block(tmp_path: Path) -> None:
    table = read_source(officer_workbook(tmp_path / "ds.xlsx"))
    assert list(table.frame.columns) == ["STT", "Chủ hộ", "vi_do", "kinh_do"]
    assert table.frame["Chủ hộ"].tolist() == ["Nguyễn Văn An", "Trần Thị Bình"]
    assert table.rows == [6, 7]  # as Excel numbers them
    codes = [(n.code, n.row) for n in table.notes]
    assert codes == [("import.table_found", None), ("import.signature_block", 9)]
    assert "Danh sách" in table.notes[0].message("en")
    assert "header row 4" in table.notes[0].message("en")


def test_a_header_found_by_its_lower_row_joins_the_upper_one(tmp_path: Path) -> None:
    """The command names "vi_do" and "kinh_do", on the lower row of the merged header: the
    upper row still names the other columns ("Chủ hộ" merged down, once "column_2")."""
    path = officer_workbook(tmp_path / "ds.xlsx")
    table = read_source(path, wanted=("vi_do", "kinh_do"))
    assert list(table.frame.columns) == ["STT", "Chủ hộ", "vi_do", "kinh_do"]
    assert table.rows == [6, 7]
    assert "header row 4" in table.notes[0].message("en")


def test_sheet_and_header_row_override(tmp_path: Path) -> None:
    path = officer_workbook(tmp_path / "ds.xlsx")
    cover = read_source(path, sheet="Bìa", header_row=1)
    assert list(cover.frame.columns) == ["Hồ sơ địa chỉ số xã Thạch Bình"]
    with pytest.raises(InvalidInput) as caught:
        read_source(path, sheet="Sheet9")
    assert caught.value.code == "import.no_such_sheet" and "Bìa, Danh sách" in str(caught.value)


def test_the_officers_workbook_imports_through_the_cli(cli: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", db).code == 0
    assert (
        cli("villages", "import", str(write_villages(tmp_path / "v.geojson")), "--db", db).code == 0
    )
    path = officer_workbook(tmp_path / "ds.xlsx")
    result = cli(
        "points", "import", str(path), "--kind", "household", "--name-field", "Chủ hộ",
        "--db", db,
    )  # fmt: skip
    assert result.code == 0, result
    assert "2 imported" in result.err and "signature block" in result.err


def test_a_repeated_column_name_is_refused(cli: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "dup.csv"
    (lon, lat) = INSIDE_FIRST
    path.write_text(f"ten,ten,vi_do,kinh_do\nA,B,{lat},{lon}\n", encoding="utf-8")
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", db).code == 0
    assert (
        cli("villages", "import", str(write_villages(tmp_path / "v.geojson")), "--db", db).code == 0
    )
    result = cli("points", "import", str(path), "--kind", "agency", "--db", db)
    assert result.code == 1 and "2 columns are named 'ten' (columns A, B)" in result.err
    assert "--name-field: " in result.err  # the option that chooses one


def test_excel_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Save as Unicode Text": UTF-16 with a byte-order mark, tab-delimited."""
    (lon, lat) = INSIDE_FIRST
    path = tmp_path / "unicode.txt"
    path.write_bytes(f"ten\tvi_do\tkinh_do\r\nNhà văn hóa\t{lat}\t{lon}\r\n".encode("utf-16"))
    table = read_source(path)
    assert list(table.frame.columns) == ["ten", "vi_do", "kinh_do"]
    assert table.frame["ten"].tolist() == ["Nhà văn hóa"]


@pytest.mark.parametrize("blank", [";;\n", ""], ids=["csv-module", "fast-path"])
def test_a_csv_saved_from_such_a_sheet_reads_from_its_header_row(
    tmp_path: Path, blank: str
) -> None:
    """--header-row of a CSV (once silently ignored): the lines above are left out and rows keep
    the numbers Excel shows; the signature block under the table ends the data, as a note."""
    path = tmp_path / "ds.csv"
    path.write_text(
        "UBND XÃ THẠCH BÌNH;;\nDANH SÁCH CƠ QUAN;;\n" + blank + "ten;vi_do;kinh_do\n"
        "Nhà văn hóa;18,315;105,915\nTrạm y tế;18,316;105,916\n" + blank
        + "Thạch Bình ngày 10 tháng 3 năm 2025;;\nNgười lập biểu;;\n",
        encoding="utf-8",
    )  # fmt: skip
    header = 4 if blank else 3
    table = read_source(path, header_row=header)
    assert list(table.frame.columns) == ["ten", "vi_do", "kinh_do"]
    assert table.frame["ten"].tolist() == ["Nhà văn hóa", "Trạm y tế"]
    assert table.rows == [header + 1, header + 2]
    (note,) = table.notes
    assert note.code == "import.csv_signature_block" and note.row == header + 3 + bool(blank)
    assert table.detected.header_row == header
    with pytest.raises(InvalidInput) as caught:
        read_source(path, header_row=40)
    assert caught.value.code == "import.csv_no_such_row" and caught.value.field == "header_row"
