"""`points import --dry-run` shows how the file was read before anything is written (issue 14):
type, encoding, delimiter, sheet, columns, coordinate system and a few cells as read, in the
run's language, or as JSON with `--json`; and a file of thousands of bad rows prints a bounded
number of lines, the `--report` CSV keeping every one."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Transformer

from addrgen.catalog import t
from api.cli.imports import SHOWN_PER_CODE
from tests.api.test_cli_import_outputs import _points
from tests.api.test_cli_import_outputs import db as db  # the registry with three villages
from tests.conftest import CliRunner
from tests.geometries import INSIDE_FIRST, OUTSIDE, write_csv
from tests.gis.test_workbooks import officer_workbook
from tests.language import english_lines

HEADER = "ma;chu_ho;loai;so_nha;vi_do;kinh_do"
ROWS = [
    "H1;Nguyễn Văn An;hộ gia đình;12;18,315574;105,915",
    "H2;UBND xã;co_quan;;18°18'54\"N;105°55'30\"E",
]
OPTIONS = ("--kind", "household", "--kind-field", "loai", "--name-field", "chu_ho")


def test_the_preview_in_vietnamese(cli: CliRunner, db: str, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "ho.csv", HEADER, ROWS)
    result = cli("--lang", "vi", "points", "import", sheet, *OPTIONS, "--dry-run", "--db", db)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert lines[:3] == [
        "Tệp: ho.csv, loại: CSV, mã hóa: UTF-8 (tự nhận), dấu phân cách: ;",
        "Các cột: ma, chu_ho, loai, so_nha, vi_do, kinh_do",
        "Cột tọa độ: vi_do (vĩ độ), kinh_do (kinh độ) — hệ tọa độ EPSG:4326",
    ]
    assert lines[3] == "Cách đọc một số ô (2 dòng đầu không có lỗi):"
    for shown in (
        "  dòng 2, cột vi_do (vĩ độ): “18,315574” → 18,315574",
        "  dòng 2, cột loai (loại điểm): “hộ gia đình” → hộ gia đình",
        "  dòng 2, cột so_nha (số nhà): “12” → 12",
        "  dòng 3, cột kinh_do (kinh độ): “105°55'30\"E” → 105,925",
        "  dòng 3, cột loai (loại điểm): “co_quan” → cơ quan, tổ chức",
    ):
        assert shown in lines
    assert "dòng 3, cột so_nha" not in result.err  # an empty cell says nothing
    assert lines[-1].startswith("ho.csv: đã đọc 2 dòng; sẽ nhập 2,")
    names = ("ho.csv", "ma", "chu_ho", "loai", "so_nha", "vi_do", "kinh_do", "UBND", "EPSG")
    assert english_lines(result.err, names=names) == []
    assert _points(db) == 0


def test_the_preview_in_english_with_a_workbook(cli: CliRunner, db: str, tmp_path: Path) -> None:
    book = officer_workbook(tmp_path / "ds.xlsx")
    result = cli("points", "import", book, "--kind", "household", "--dry-run", "--db", db)
    assert result.code == 0, result.err
    assert result.err.startswith(
        "File: ds.xlsx, type: XLSX, sheet: 'Danh sách', header row: 4\n"
        "Columns: STT, Chủ hộ, vi_do, kinh_do\n"
        "Coordinate columns: vi_do (latitude), kinh_do (longitude)"
    )
    assert "  row 6, column vi_do (latitude): '18.315' → 18.315\n" in result.err


def test_the_preview_of_a_csv_names_the_header_row_given(
    cli: CliRunner, db: str, tmp_path: Path
) -> None:
    path = tmp_path / "ds.csv"
    lon, lat = INSIDE_FIRST
    path.write_text(f"DANH SÁCH,,\nten,vi_do,kinh_do\nNhà văn hóa,{lat},{lon}\n", "utf-8")
    result = cli(
        "points", "import", str(path), "--kind", "agency", "--header-row", "2", "--dry-run",
        "--db", db,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert result.err.startswith(
        "File: ds.csv, type: CSV, encoding: UTF-8 (detected), delimiter: ,, header row: 2\n"
    ), result.err


def test_projected_rows_show_where_they_land(cli: CliRunner, db: str, tmp_path: Path) -> None:
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
    e, n = to_vn2000.transform(*INSIDE_FIRST)
    sheet = write_csv(tmp_path / "vn2000.csv", "ma,X,Y", [f"H1,{n:.2f},{e:.2f}"])
    result = cli(
        "--lang", "vi", "points", "import", sheet, "--kind", "household", "--crs", "EPSG:9209",
        "--northing-field", "X", "--easting-field", "Y", "--dry-run", "--db", db,
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "Cột tọa độ: X (hướng Bắc), Y (hướng Đông) — hệ tọa độ EPSG:9209" in result.err
    north = f"{n:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")
    assert f"  dòng 2, cột X (tọa độ hướng Bắc): “{n:.2f}” → {north}\n" in result.err
    assert "  dòng 2: vị trí 18,315000, 105,915000 (vĩ độ, kinh độ WGS 84)\n" in result.err


def test_json_gives_the_preview_and_the_refusal(cli: CliRunner, db: str, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "ho.csv", HEADER, [*ROWS, "H3;Lê Văn C;;;;105,915"])
    result = cli("points", "import", sheet, *OPTIONS, "--dry-run", "--json", "--db", db)
    assert result.code == 1  # a bad row refuses the import, the document is printed all the same
    doc = json.loads(result.out)
    assert doc["detected"]["delimiter"] == ";" and doc["crs"] == "EPSG:4326"
    assert doc["counts"]["bad_rows"] == 1 and doc["counts"]["would_import"] == 0
    assert doc["samples"][0]["cells"][0]["value"] == 18.315574
    assert doc["problems"] == [
        {
            "file": "ho.csv",
            "row": 4,
            "field": "vi_do",
            "value": "",
            "severity": "error",
            "code": "import.no_latitude",
            "params": {"expected": "a number"},
            "message": "no latitude; expected a number",
        }
    ]
    assert result.err.startswith("error: ho.csv: 1 bad row(s) of 3")
    refused = cli("points", "import", sheet, *OPTIONS, "--json", "--db", db)
    assert refused.code == 1 and refused.err.startswith("error: --json: ")
    assert "(add --dry-run)" in refused.err
    assert _points(db) == 0


@pytest.mark.parametrize("dry_run", [True, False])
def test_thousands_of_bad_rows_print_a_bounded_report(
    cli: CliRunner, db: str, tmp_path: Path, dry_run: bool
) -> None:
    lon, lat = OUTSIDE
    rows = [f"O{i},{lat},{lon}" for i in range(1500)] + [f"M{i},,{lon}" for i in range(1500)]
    sheet = write_csv(tmp_path / "bad.csv", "ma,vi_do,kinh_do", rows)
    report = tmp_path / "loi.csv"
    flags = ("--dry-run",) if dry_run else ()
    args = ("points", "import", sheet, "--kind", "household", *flags, "--db", db)
    result = cli("--lang", "vi", *args, "--report", report)
    assert result.code == 1
    lines = result.err.splitlines()
    assert len(lines) <= 2 * SHOWN_PER_CODE + 12  # two kinds of error, not 3,000 lines
    assert sum("nằm ngoài mọi thôn" in line for line in lines) == SHOWN_PER_CODE
    assert (
        f"… và 1.480 dòng khác cùng lỗi như dòng 21 (tất cả 1.500 dòng) — xem đầy đủ trong {report}"
        in lines
    )
    # The 20th row without a latitude (rows 1502 on), as the catalog writes a row number.
    more = {"more": 1480, "total": 1500, "severity": "lỗi", "report": str(report)}
    assert t("cli.report.more_in_file", "vi", **more, row=1521) in lines
    with report.open(encoding="utf-8-sig", newline="") as handle:
        assert len(list(csv.reader(handle))) == 1 + 3000  # the report keeps every problem
    without = cli(*args)
    assert "… and 1,480 more rows with the same error as row 21 (1,500 in all) — add --report" in (
        without.err
    )


def test_a_points_layer_shows_its_geometry_and_positions(
    cli: CliRunner, db: str, tmp_path: Path
) -> None:
    layer = gpd.GeoDataFrame(
        {"ten": ["Nhà văn hóa thôn"], "ma": ["NVH-1"]},
        geometry=[shapely.Point(*INSIDE_FIRST)],
        crs="EPSG:4326",
    ).to_crs("EPSG:9209")
    path = tmp_path / "diem.gpkg"
    layer.to_file(path, layer="diem")
    args = ("points", "import", path, "--kind", "agency", "--layer", "diem", "--dry-run")
    result = cli("--lang", "vi", *args, "--db", db)
    assert result.code == 0, result.err
    lines = result.err.splitlines()
    assert lines[0] == "Tệp: diem.gpkg, loại: GPKG, lớp: “diem”"
    assert lines[2].startswith("Vị trí: hình học điểm của tệp — hệ tọa độ EPSG:9209")
    assert "  dòng 1, cột ten (tên): “Nhà văn hóa thôn” → Nhà văn hóa thôn" in lines
    assert "  dòng 1: vị trí 18,315000, 105,915000 (vĩ độ, kinh độ WGS 84)" in lines
