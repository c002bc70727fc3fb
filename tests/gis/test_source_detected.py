"""What reading a file found (issue 14, the import preview): the readers say the file type,
encoding, delimiter, sheet and header row, layer and columns they used."""

from __future__ import annotations

import codecs
from pathlib import Path

from gis.ingest.sources import Detected, read_source
from tests.geometries import write_csv, write_villages
from tests.gis.test_workbooks import officer_workbook


def test_a_csv_says_its_delimiter_and_the_encoding_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ds.csv", "ten;vi_do;kinh_do", ["Nhà văn hóa;18,3150;105,9150"])
    assert read_source(path).detected == Detected(
        file_type="csv",
        columns=("ten", "vi_do", "kinh_do"),
        encoding="utf-8",
        encoding_sniffed=True,
        delimiter=";",
    )


def test_a_quoted_csv_read_row_by_row_says_the_same(tmp_path: Path) -> None:
    # Quotes send the file through the csv module rather than pandas' fast path.
    path = write_csv(tmp_path / "ds.csv", "ten,vi_do,kinh_do", ['"Nhà văn hóa",18.3150,105.9150'])
    detected = read_source(path).detected
    assert (detected.delimiter, detected.encoding, detected.columns) == (
        ",",
        "utf-8",
        ("ten", "vi_do", "kinh_do"),
    )


def test_the_encoding_given_is_not_called_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ds.csv", "ten,x", ["Nhà văn hóa,1"], encoding="cp1258")
    detected = read_source(path, encoding="cp1258").detected
    assert (detected.encoding, detected.encoding_sniffed) == ("cp1258", False)


def test_a_utf16_file_is_called_utf16(tmp_path: Path) -> None:
    path = tmp_path / "ds.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "ten\tx\nNhà\t1\n".encode("utf-16-le"))
    detected = read_source(path).detected
    assert (detected.file_type, detected.encoding, detected.delimiter) == ("txt", "utf-16", "\t")


def test_a_workbook_says_the_sheet_and_header_row_chosen(tmp_path: Path) -> None:
    detected = read_source(officer_workbook(tmp_path / "ds.xlsx")).detected
    assert (detected.file_type, detected.sheet, detected.header_row) == ("xlsx", "Danh sách", 4)
    assert detected.columns == ("STT", "Chủ hộ", "vi_do", "kinh_do")
    assert detected.delimiter is None


def test_a_geo_source_says_its_type_and_layer(tmp_path: Path) -> None:
    detected = read_source(write_villages(tmp_path / "thon.geojson"), layer=None).detected
    assert (detected.file_type, detected.layer, detected.columns) == (
        "geojson",
        None,
        ("ten_thon", "so_ho"),
    )
