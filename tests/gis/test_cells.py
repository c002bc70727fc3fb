"""What spreadsheets do to cells (issue 14): formulas saved without their value, house numbers
Excel turned into dates, a column name typed twice — each named, never imported as it reads."""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gis.errors import ImportRejected, InvalidInput
from gis.ingest import formulas
from gis.ingest.formulas import formulas_without_values
from gis.ingest.importing import ImportOptions, ImportReport, import_points
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import points
from tests.conftest import ACTOR
from tests.data.malformed.make import write_workbook
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND

(LON1, LAT1), (LON2, LAT2) = INSIDE_FIRST, INSIDE_SECOND
# The checks are the same on both backends: one is enough.
SQLITE = pytest.mark.parametrize("backend", ["sqlite"])


def _import(registry: Registry, commune: Commune, path: Path, **kw: object) -> ImportReport:
    options = ImportOptions(**{"kind": "agency", **kw})  # type: ignore[arg-type]
    return import_points(registry, commune, path, options, actor=ACTOR)


def _problems(
    registry: Registry, commune: Commune, path: Path, **kw: object
) -> list[tuple[int | None, str | None, str | None, str]]:
    with pytest.raises(ImportRejected) as caught:
        _import(registry, commune, path, **kw)
    return [(p.row, p.field, p.value, p.code) for p in caught.value.problems]


# --- formulas without their value ----------------------------------------------------------------


@SQLITE
def test_a_formula_without_value_is_named_with_its_formula(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "ds.xlsx",
        [
            ["ten", "vi_do", "kinh_do", "stt"],
            ["A", f"={LAT1}", LON1, 1],
            ['=UPPER("b")', LAT2, LON2, "=D2+1"],  # the STT column is not read
        ],
    )
    assert _problems(registry, small_commune, path, kind="household") == [
        (2, "vi_do", f"={LAT1}", "import.formula_without_value"),
        (3, "ten", '=UPPER("b")', "import.formula_without_value"),
    ]
    with pytest.raises(ImportRejected) as caught:
        _import(registry, small_commune, path, kind="household")
    assert caught.value.problems[0].message("vi") == (
        f"ô có công thức ={LAT1} nhưng chưa có giá trị tính sẵn: mở tệp bằng Excel và lưu lại"
    )


def _sheet_xml(cells: str) -> bytes:
    return (
        '<?xml version="1.0"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f"{cells}</sheetData></worksheet>"
    ).encode()


def _zip(path: Path, xml: bytes) -> Path:
    with zipfile.ZipFile(path, "w") as book:
        book.writestr("xl/worksheets/sheet1.xml", xml)
    return path


CELLS = (
    '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c>'
    '<c r="B2" t="str"><f>IF(1,"","")</f><v></v></c>'
    '<c r="C2"><f t="shared" ref="C2:C4" si="0">A2*2</f><v/></c></row>'
    '<row r="3"><c r="C3"><f t="shared" si="0"/></c></row>'
)
WITHOUT_VALUES = {(2, 3): "=A2*2", (3, 3): "=A3*2", (4, 3): "=A4&1"}
WANTED = [(2, 1), (2, 2), (2, 3), (3, 3), (4, 3)]


@pytest.mark.parametrize(
    ("cells", "parsed"),
    [
        # As Excel, LibreOffice and openpyxl write: found by searching the bytes, not parsed.
        (CELLS + '<row r="4"><c r="C4"><f>A4&amp;1</f></c></row>', False),
        # Cells and rows without their reference, a prefixed namespace: the XML parser's.
        (CELLS + "<row><c/><c/><c><f>A4&amp;1</f></c></row>", True),
        (
            CELLS.replace("<c ", "<x:c ").replace("</c>", "</x:c>")
            + '<row r="4"><x:c r="C4"><f>A4&amp;1</f></x:c></row>',
            True,
        ),
    ],
)
def test_which_formulas_have_no_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cells: str, parsed: bool
) -> None:
    """A cached value, an empty text result (t="str"), shared formulas (translated to each
    cell), entities in a formula; both readings agree."""
    xml = _sheet_xml(cells).replace(b"<worksheet ", b'<worksheet xmlns:x="urn:x" ')
    path = _zip(tmp_path / "b.xlsx", xml)
    calls: list[int] = []
    scan = formulas._scan

    def counted(*args: Any) -> dict[tuple[int, int], str]:
        calls.append(1)
        return scan(*args)

    monkeypatch.setattr(formulas, "_scan", counted)
    found = formulas_without_values(path, "xl/worksheets/sheet1.xml", WANTED)
    assert found == WITHOUT_VALUES and bool(calls) == parsed


def test_a_sheet_without_formulas_is_not_parsed_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _zip(tmp_path / "b.xlsx", _sheet_xml('<row r="2"><c r="A2"><v>1</v></c></row>'))

    def scan(*_: object) -> None:
        raise AssertionError("parsed although the byte scan found no formula")

    monkeypatch.setattr(formulas, "_scan", scan)
    assert formulas_without_values(path, "xl/worksheets/sheet1.xml", [(2, 2)]) == {}


@SQLITE
def test_no_empty_cell_read_means_no_second_read(
    registry: Registry,
    small_commune: Commune,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The second pass is for the empty cells of the columns read: a full sheet never makes it,
    whatever its other columns hold."""
    path = write_workbook(
        tmp_path / "ds.xlsx",
        [["ten", "vi_do", "kinh_do", "ghi_chu"], ["A", LAT1, LON1, None], ["B", LAT2, LON2, "=1"]],
    )

    def second_read(*_: object) -> None:
        raise AssertionError("the workbook was read again")

    monkeypatch.setattr("gis.ingest.sources.formulas_without_values", second_read)
    assert _import(registry, small_commune, path).imported == 2


# --- dates Excel made of house numbers, references and names ------------------------------------


@SQLITE
@pytest.mark.parametrize(
    ("cell", "shown", "likely"),
    [
        (datetime(2024, 3, 10), "10/03/2024", "10/3"),  # a workbook's date cell
        ("10/03/2024", "10/03/2024", "10/3"),  # a CSV Excel wrote, day first
        ("2024-03-10 00:00:00", "10/03/2024", "10/3"),
        ("2024-03-10", "10/03/2024", "10/3"),
        ("1/2/2025 0:00", "01/02/2025", "1/2"),
    ],
)
def test_a_house_number_made_a_date_is_refused(
    registry: Registry,
    small_commune: Commune,
    tmp_path: Path,
    cell: object,
    shown: str,
    likely: str,
) -> None:
    path = write_workbook(
        tmp_path / "ds.xlsx",
        [
            ["ten", "so_nha", "vi_do", "kinh_do", "ngay_lap"],
            ["A", cell, LAT1, LON1, datetime(2024, 5, 1)],
            ["B", "10/3", LAT2, LON2, "01/05/2024"],  # a real one, and a date column
        ],
    )
    with pytest.raises(ImportRejected) as caught:
        _import(registry, small_commune, path)
    (problem,) = caught.value.problems
    assert (problem.row, problem.field, problem.code) == (
        2,
        "so_nha",
        "import.house_number_is_date",
    )
    assert problem.params == {"shown": shown, "likely": likely}
    assert problem.message("vi") == (
        f"ô số nhà {shown} là ngày tháng do Excel tự đổi; số nhà gốc có lẽ là {likely}: "
        "định dạng cột là Văn bản (Text) rồi nhập lại"
    )


@SQLITE
def test_a_reference_made_a_date_is_refused_and_house_numbers_stay(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_workbook(
        tmp_path / "ds.xlsx",
        [
            ["ten", "ma", "so_nha", "vi_do", "kinh_do"],
            ["A", datetime(2024, 2, 1), "12/2024", LAT1, LON1],  # a ref "1-2" typed in Excel
            ["B", "1-3", "2024", LAT2, LON2],
        ],
    )
    assert _problems(registry, small_commune, path) == [
        (2, "ma", "2024-02-01 00:00:00", "import.ref_is_date")
    ]
    assert _import(registry, small_commune, path, skip_bad=True).imported == 1
    with registry.read() as conn:
        assert list(conn.execute(select(points.c.ref, points.c.house_number))) == [("1-3", "2024")]


# --- a column name typed twice -------------------------------------------------------------------


def _csv(path: Path, header: str, *rows: str) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


@SQLITE
def test_repeated_coordinate_columns_found_by_name_are_refused(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "p.csv", "ten,vi_do,kinh_do,vi_do", f"A,{LAT1},{LON1},{LAT2}")
    with pytest.raises(InvalidInput) as caught:
        _import(registry, small_commune, path)
    error = caught.value
    assert (error.code, error.field) == ("import.duplicate_column_choose", "lat_field")
    assert error.params["letters"] == "B, D" and error.params["second"] == "vi_do (2)"
    report = _import(
        registry, small_commune, path, lat_field="vi_do (2)", lon_field="kinh_do", dry_run=True
    )
    assert [(n.code, n.params["letter"]) for n in report.notes] == [
        ("import.duplicate_column_chosen", "D")
    ]


@SQLITE
def test_a_repeated_column_without_an_option_must_be_renamed(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = _csv(tmp_path / "p.csv", "ten,so_nha,vi_do,kinh_do,so_nha", f"A,1,{LAT1},{LON1},2")
    with pytest.raises(InvalidInput) as caught:
        _import(registry, small_commune, path)
    assert caught.value.code == "import.duplicate_column" and caught.value.field is None
    assert "(cột B, E)" in caught.value.message("vi")


@SQLITE
def test_empty_column_names_are_not_repeated_names(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    """Excel writes a separator for every formatted empty column: "ten,vi_do,kinh_do,,"."""
    path = _csv(tmp_path / "p.csv", "ten,vi_do,kinh_do,,", f"A,{LAT1},{LON1},,")
    report = _import(registry, small_commune, path, dry_run=True)
    assert report.imported == 1 and not report.notes
