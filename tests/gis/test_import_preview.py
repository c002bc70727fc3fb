"""The import preview (issue 14): what a dry run found — how the file was read, the columns and
coordinate system, a few good rows' cells as read, the counts and every problem — without
writing, and with the bad rows in the preview rather than raised."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pyproj import Transformer
from sqlalchemy import func, select

from gis.ingest.importing import ImportOptions, preview_import, rejection
from gis.ingest.preview import SAMPLE_ROWS, CellReading
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import points
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, OUTSIDE, write_csv

(LON1, LAT1), (LON2, LAT2) = INSIDE_FIRST, INSIDE_SECOND


def _points(registry: Registry) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(points)).scalar_one())


def test_a_semicolon_sheet_is_previewed_cell_by_cell(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "ho.csv",
        "ma;chu_ho;loai;so_nha;vi_do;kinh_do",
        [
            "H1;Nguyễn Văn An ;hộ gia đình;12;18,315000;105,915000",
            "H2;Trần Thị Bình;co_quan;;18°18'54\"N;105°55'30\"E",
            "H3;Lê Văn Cường;hộ gia đình;3;;105,915",  # no latitude: a bad row
        ],
    )
    options = ImportOptions(kind="household", kind_field="loai", name_field="chu_ho")
    preview = preview_import(registry, small_commune, path, options)
    assert _points(registry) == 0
    d = preview.detected
    assert (d.file_type, d.delimiter, d.encoding, d.encoding_sniffed) == ("csv", ";", "utf-8", True)
    r = preview.report
    assert (r.rows, r.imported, r.bad_rows, r.crs) == (3, 0, 1, "EPSG:4326")  # refused: 0
    assert [p.code for p in r.errors] == ["import.no_latitude"]
    assert [s.row for s in preview.samples] == [2, 3]  # the good rows only
    first = {c.field: c for c in preview.samples[0].cells}
    assert first["latitude"] == CellReading("latitude", "vi_do", "18,315000", 18.315)
    assert first["longitude"].value == 105.915
    assert first["name"] == CellReading("name", "chu_ho", "Nguyễn Văn An ", "Nguyễn Văn An")
    assert first["kind"] == CellReading("kind", "loai", "hộ gia đình", "household")
    assert first["house_number"].value == "12" and first["ref"].value == "H1"
    second = {c.field: c.value for c in preview.samples[1].cells}
    assert second["latitude"] == 18.315  # DMS, in degrees
    assert second["longitude"] == pytest.approx(105.925)
    assert (second["kind"], second["house_number"]) == ("agency", None)
    assert (preview.samples[0].lat, preview.samples[0].lon) == pytest.approx((18.315, 105.915))
    # The refusal a face raises after showing the preview is the import's own.
    error = rejection(r)
    assert (error.code, error.params["bad_rows"], len(error.problems)) == ("import.rejected", 1, 1)


def test_projected_metres_are_shown_before_reprojection(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
    e, n = to_vn2000.transform(LON1, LAT1)
    text = f"{n:.2f}".replace(".", ",")
    path = write_csv(tmp_path / "vn2000.csv", "ma;X;Y", [f"H1;{text};{e:.2f}"])
    options = ImportOptions(
        kind="household", crs="EPSG:9209", northing_field="X", easting_field="Y"
    )
    preview = preview_import(registry, small_commune, path, options)
    cells = {c.field: c for c in preview.samples[0].cells}
    assert cells["northing"].raw == text and cells["northing"].value == round(n, 2)
    assert abs(preview.samples[0].lat - LAT1) < 1e-6
    assert preview.report.imported == 1 and preview.report.crs == "EPSG:9209"


def test_only_a_few_rows_are_sampled_and_the_json_is_plain_data(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    rows = [f"H{i},{LAT1 + i * 1e-4},{LON1}" for i in range(12)]
    rows.append(f"X1,{OUTSIDE[1]},{OUTSIDE[0]}")
    path = write_csv(tmp_path / "ho.csv", "ma,vi_do,kinh_do", rows)
    options = ImportOptions(kind="household", skip_bad=True)
    preview = preview_import(registry, small_commune, path, options)
    assert len(preview.samples) == SAMPLE_ROWS
    assert preview.report.imported == 12  # skip_bad: the good rows would be written
    doc = json.loads(json.dumps(preview.as_dict()))
    assert doc["counts"] == {
        "rows": 13,
        "would_import": 12,
        "unchanged": 0,
        "bad_rows": 1,
        "warnings": 0,
        "notes": 0,
    }
    assert doc["detected"]["delimiter"] == "," and doc["coordinates"]["y"] == "vi_do"
    assert doc["samples"][0]["cells"][0] == {
        "field": "latitude",
        "column": "vi_do",
        "raw": str(LAT1),
        "value": LAT1,
    }
    assert doc["problems"][0]["code"] == "point.outside_villages"
    assert doc["problems"][0]["row"] == 14
    assert _points(registry) == 0
