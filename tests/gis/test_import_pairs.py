"""'lat, lon' in one column (issue 14): found by its name or named with latlon_field, each form
officers paste read, a cell that is no pair named on its row, a pair where one number belongs
named with what to do."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from gis.errors import ImportRejected, InvalidInput
from gis.ingest.importing import ImportOptions, ImportReport, import_points
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import points
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv


def _import(registry: Registry, commune: Commune, path: Path, **kw: object) -> ImportReport:
    options = ImportOptions(**{"kind": "household", **kw})  # type: ignore[arg-type]
    return import_points(registry, commune, path, options, actor=ACTOR)


def _problems(registry: Registry, commune: Commune, path: Path, **kw: object) -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        _import(registry, commune, path, **kw)
    return [f"{p.row} {p.field} {p.code}" for p in caught.value.problems]


@pytest.mark.parametrize(
    "header", ["ma,toa_do", 'ma,"Tọa độ (WGS 84)"', 'ma,"lat, lon"', "ma,vi_tri"]
)
def test_a_pair_column_is_found_by_its_name(
    registry: Registry, small_commune: Commune, tmp_path: Path, header: str
) -> None:
    rows = [
        '"H1","18.3150, 105.9150"',  # as a phone's map copies it
        '"H2","18,3150; 105,9250"',  # Vietnamese Excel
        """"H3","18°18'54""N 105°54'54""E\"""",  # degrees, minutes, seconds
    ]
    path = write_csv(tmp_path / "p.csv", header, rows)
    report = _import(registry, small_commune, path)
    assert report.imported == 3
    assert report.coordinates is not None and report.coordinates.mode == "pair"
    with registry.read() as conn:
        found = {
            r.ref: (r.lon, r.lat)
            for r in conn.execute(select(points.c.ref, points.c.lon, points.c.lat))
        }
    assert found["H1"] == pytest.approx(INSIDE_FIRST)
    assert found["H2"] == pytest.approx(INSIDE_SECOND)
    assert found["H3"] == pytest.approx((105.915, 18.315), abs=1e-6)


def test_latlon_field_names_the_column(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", "ma,GPS", ['H1,"18.3150, 105.9150"'])
    with pytest.raises(InvalidInput) as caught:
        _import(registry, small_commune, path)
    assert caught.value.code == "import.no_coordinate_columns"  # "GPS" says nothing
    assert _import(registry, small_commune, path, latlon_field="GPS").imported == 1
    with pytest.raises(InvalidInput) as caught:
        _import(registry, small_commune, path, latlon_field="toa_do")
    assert (caught.value.code, caught.value.field) == ("import.no_column", "latlon_field")


def test_cells_that_are_no_pair_are_named_on_their_row(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    rows = ['H1,"18.3150, 105.9150"', "H2,18.3150", "H3,", 'H4,"105.9250, 18.3150"']
    path = write_csv(tmp_path / "p.csv", "ma,toa_do", rows)
    assert _problems(registry, small_commune, path) == [
        "3 toa_do import.not_a_pair",
        "4 toa_do import.no_pair",
        "5 toa_do import.swapped_pair",
    ]


def test_pairs_in_the_latitude_column_say_so(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", "ma,vi_do,kinh_do", ['H1,"18.3150, 105.9150",'])
    assert _problems(registry, small_commune, path) == ["2 vi_do import.pair_in_cell"]
    alone = write_csv(tmp_path / "alone.csv", "ma,toa", ['H1,"18.3150, 105.9150"'])
    with pytest.raises(InvalidInput) as caught:
        _import(registry, small_commune, alone, lat_field="toa")
    assert (caught.value.code, caught.value.field) == (
        "import.latlon_given_as_latitude",
        "lat_field",
    )
    assert "holds latitude and longitude together" in caught.value.message("en")


def test_lat_lon_columns_win_over_a_pair_column(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", "ma,vi_do,kinh_do,toa_do", ['H1,18.3150,105.9150,"1, 2"'])
    report = _import(registry, small_commune, path)
    assert report.imported == 1 and report.coordinates is not None
    assert report.coordinates.mode == "geographic"
