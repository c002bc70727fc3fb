"""Coordinate systems at import (issue 14): VN-2000 metres read as degrees are refused once for
the file with the zone to declare; a file in the neighbouring zone likewise; a file's own system
and a different given one are refused naming both; a VN-2000 without its zone takes the
province's (a note) or is refused naming the choices; a GeoJSON written [lat, lon] is named
swapped; the messages say whether a system was given."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape
from sqlalchemy import func, select

from gis.errors import ImportRejected, InvalidInput
from gis.ingest.crs import parse_crs, source_crs
from gis.ingest.importing import ImportOptions, ImportReport, import_points
from gis.ingest.zones import meridian_label, province_zones, vn2000_zone
from gis.registry.communes import Commune
from gis.registry.villages import import_villages
from gis.storage.db import Registry
from gis.storage.schema import points, villages
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, village_features, write_csv

ROWS = [("H1", INSIDE_FIRST), ("H2", INSIDE_SECOND)]


def _metres(lonlat: tuple[float, float], epsg: int = 9209) -> tuple[float, float]:
    east, north = Transformer.from_crs(4326, epsg, always_xy=True).transform(*lonlat)
    return float(east), float(north)


def _import(registry: Registry, commune: Commune, path: Path, **kw: object) -> ImportReport:
    options = ImportOptions(**{"kind": "household", **kw})  # type: ignore[arg-type]
    return import_points(registry, commune, path, options, actor=ACTOR)


def _refused(registry: Registry, commune: Commune, path: Path, **kw: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        _import(registry, commune, path, **kw)
    return caught.value


def _count(registry: Registry, table: object = points) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _layer(path: Path, epsg: int | None, coords: list[tuple[float, float]]) -> Path:
    frame = gpd.GeoDataFrame(
        {"ma": [f"H{i}" for i in range(len(coords))]},
        geometry=[shapely.Point(*c) for c in coords],
        crs=f"EPSG:{epsg}" if epsg else None,
    )
    frame.to_file(path, engine="pyogrio")
    return path


# --- metres read as degrees -------------------------------------------------------------------


@pytest.mark.parametrize(("header", "given"), [("ma,x,y", None), ("ma,kinh_do,vi_do", "EPSG:4326")])
def test_vn2000_metres_read_as_degrees_are_refused_once_with_the_zone(
    registry: Registry, small_commune: Commune, tmp_path: Path, header: str, given: str | None
) -> None:
    rows = [f"{ref},{e:.2f},{n:.2f}" for ref, p in ROWS for e, n in [_metres(p)]]
    path = write_csv(tmp_path / "vn.csv", header, rows)
    error = _refused(registry, small_commune, path, crs=given)
    assert error.code == "import.looks_vn2000"  # one error for the file, not one per row
    assert error.field == "crs" and error.params["crs"] == "EPSG:9209"
    assert "EPSG:4326" in str(error.value)
    assert "declare the coordinate system EPSG:9209" in error.message("en")
    assert "hãy khai báo hệ tọa độ EPSG:9209" in error.message("vi")
    assert "105°30'" in error.message("vi")
    assert _count(registry) == 0


def test_cadastral_x_as_northing_without_a_system_names_both_fixes(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    rows = [f"{ref},{n:.2f},{e:.2f}" for ref, p in ROWS for e, n in [_metres(p)]]
    path = write_csv(tmp_path / "vn.csv", "ma,X,Y", rows)
    error = _refused(registry, small_commune, path)
    assert error.code == "import.looks_vn2000_swapped"
    assert (error.params["northing_column"], error.params["easting_column"]) == ("X", "Y")
    # What it says works:
    report = _import(
        registry, small_commune, path, crs="EPSG:9209", northing_field="X", easting_field="Y"
    )
    assert report.imported == 2


def test_degrees_out_of_range_that_are_no_metres_stay_row_errors(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "bad.csv", "ma,vi_do,kinh_do", ["H1,95.0,105.915", "H2,18.3,2000"])
    with pytest.raises(ImportRejected) as caught:
        _import(registry, small_commune, path)
    codes = [p.code for p in caught.value.problems]
    assert codes == ["import.latitude_out_of_range", "import.longitude_out_of_range"]


def test_a_geojson_in_metres_is_refused_with_the_zone(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = _layer(tmp_path / "p.geojson", None, [_metres(p) for _, p in ROWS])
    error = _refused(registry, small_commune, path)
    assert (error.code, error.params["crs"]) == ("import.looks_vn2000", "EPSG:9209")
    # GeoJSON says WGS 84 whatever it holds: metres are no conflict with the system given.
    assert _import(registry, small_commune, path, crs="EPSG:9209").imported == 2


def test_a_file_in_the_neighbouring_zone_is_named(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    rows = [f"{ref},{e:.2f},{n:.2f}" for ref, p in ROWS for e, n in [_metres(p, 9210)]]
    path = write_csv(tmp_path / "vn.csv", "ma,easting,northing", rows)
    error = _refused(registry, small_commune, path, crs="EPSG:9209")
    assert (error.code, error.params["crs"]) == ("import.other_vn2000_zone", "EPSG:9210")
    assert error.params["meridian"] == "105°45'"
    assert _import(registry, small_commune, path, crs="EPSG:9210").imported == 2


# --- the officer's names for the system ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "province", "epsg"),
    [
        ("VN2000", "tỉnh Hà Tĩnh", 9209),
        ("VN-2000", "Hà Tĩnh", 9209),
        ("vn2000", "tỉnh Thanh Hoá", 5897),
        ("VN-2000 Quảng Ninh", None, 5899),
        ("vn2000 ha tinh", None, 9209),
        ("VN-2000 / TM-3 107-45", None, 5899),
        ("VN-2000 TM-3 105-00", None, 5897),
        ("9209", None, 9209),
        ("EPSG:9210", "Hà Tĩnh", 9210),
    ],
)
def test_officers_names(text: str, province: str | None, epsg: int) -> None:
    assert parse_crs(text, province=province).to_epsg() == epsg


def test_a_zoneless_vn2000_in_a_province_of_several_zones_names_the_choices() -> None:
    with pytest.raises(InvalidInput) as caught:
        parse_crs("VN2000", province="tỉnh Phú Thọ")  # Phú Thọ, Vĩnh Phúc and Hòa Bình since 2025
    assert caught.value.code == "import.vn2000_choose_zone"
    assert caught.value.expected == "EPSG:9208 (104°45'), EPSG:5897 (105°00'), EPSG:9211 (106°00')"
    assert "tỉnh Phú Thọ" in caught.value.message("vi")


def test_the_zone_table() -> None:
    assert province_zones("tỉnh Hà Tĩnh") == (9209,)
    assert province_zones("Nowhere") == () and province_zones(None) == ()
    assert vn2000_zone("vn2000") == () and vn2000_zone("wgs84") is None
    assert meridian_label(9208) == "104°45'" and meridian_label(5897) == "105°00'"


def test_a_zoneless_vn2000_takes_the_provinces_zone_with_a_note(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    rows = [f"{ref},{n:.2f},{e:.2f}" for ref, p in ROWS for e, n in [_metres(p)]]
    path = write_csv(tmp_path / "vn.csv", "ma,X,Y", rows)
    report = _import(
        registry, small_commune, path, crs="VN2000", northing_field="X", easting_field="Y"
    )
    assert report.imported == 2
    (note,) = report.notes
    assert (note.code, note.row, note.params["crs"]) == (
        "import.vn2000_zone_assumed",
        None,
        "EPSG:9209",
    )
    assert "tỉnh Hà Tĩnh" in note.message("vi") and "105°30'" in note.message("vi")


@pytest.mark.parametrize(
    ("given", "code"),
    [(None, "import.projected_needs_crs"), ("EPSG:4326", "import.projected_given_geographic")],
)
def test_projected_columns_in_degrees_say_whether_a_system_was_given(
    registry: Registry, small_commune: Commune, tmp_path: Path, given: str | None, code: str
) -> None:
    path = write_csv(tmp_path / "vn.csv", "ma,E,N", ["H1,560000,2026000"])
    error = _refused(
        registry, small_commune, path, crs=given, easting_field="E", northing_field="N"
    )
    assert error.code == code
    if given:
        assert "the declared coordinate system, EPSG:4326, is geographic" in error.message("en")
    else:
        assert "no coordinate system was declared" in error.message("en")


# --- the file's own system and the given one -----------------------------------------------------


@pytest.mark.parametrize("suffix", [".gpkg", ".shp"])
def test_a_given_system_that_differs_from_the_files_is_refused(
    registry: Registry, small_commune: Commune, tmp_path: Path, suffix: str
) -> None:
    path = _layer(tmp_path / f"p{suffix}", 9209, [_metres(p) for _, p in ROWS])
    error = _refused(registry, small_commune, path, crs="EPSG:9210")
    assert error.code == "import.crs_conflict"
    assert error.params["file_crs"] == "EPSG:9209 (VN-2000 / TM-3 105-30)"
    assert error.params["given_crs"] == "EPSG:9210 (VN-2000 / TM-3 105-45)"
    assert _count(registry) == 0
    # The same system however it is named, or VN-2000 without a zone, is no conflict.
    for same in ("9209", "VN-2000 Hà Tĩnh", "VN2000"):
        assert _import(registry, small_commune, path, crs=same, dry_run=True).errors == []


def test_source_crs_without_a_file_system() -> None:
    assert source_crs(None, None, province=None).to_epsg() == 4326
    assert source_crs(None, "EPSG:9209", province=None).to_epsg() == 9209
    assert source_crs("VN2000", None, province="Hà Tĩnh").to_epsg() == 9209


def _village_layer(path: Path, epsg: int | None) -> Path:
    features = village_features()["features"]
    to = Transformer.from_crs(4326, epsg or 9209, always_xy=True)
    shapes = [
        shapely.transform(shape(f["geometry"]), lambda xy: np.column_stack(to.transform(*xy.T)))
        for f in features
    ]
    frame = gpd.GeoDataFrame(
        {"ten_thon": [f["properties"]["ten_thon"] for f in features]},
        geometry=shapes,
        crs=f"EPSG:{epsg}" if epsg else None,
    )
    frame.to_file(path, engine="pyogrio")
    return path


def test_villages_import_reads_the_system_as_points_do(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    prj = _village_layer(tmp_path / "with_prj.gpkg", 9209)
    with pytest.raises(InvalidInput) as caught:
        import_villages(registry, commune, prj, crs="EPSG:9210", actor=ACTOR)
    assert caught.value.code == "import.crs_conflict"
    with pytest.raises(InvalidInput) as caught:
        import_villages(registry, commune, prj, crs="hệ nhà tôi", actor=ACTOR)
    assert caught.value.code == "import.unknown_crs"
    assert "VN-2000 Hà Tĩnh" in caught.value.message("vi")
    assert _count(registry, villages) == 0
    bare = _village_layer(tmp_path / "no_prj.shp", None)
    result = import_villages(registry, commune, bare, crs="VN2000", actor=ACTOR)
    assert len(result.added) == 3
    (note,) = [p for p in result.problems if p.severity == "note"]
    assert note.code == "import.vn2000_zone_assumed" and note.params["crs"] == "EPSG:9209"


# --- GeoJSON written [lat, lon] ------------------------------------------------------------------


def test_a_geojson_written_lat_lon_is_named_swapped(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    features = [
        {
            "type": "Feature",
            "properties": {"ma": ref},
            "geometry": {"type": "Point", "coordinates": [lat, lon]},
        }
        for ref, (lon, lat) in ROWS
    ]
    path = tmp_path / "p.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    with pytest.raises(ImportRejected) as caught:
        _import(registry, small_commune, path)
    problems = caught.value.problems
    assert [p.code for p in problems] == ["import.swapped_geometry"] * 2
    assert problems[0].params["village"] == "Thôn Bình Minh"
    assert problems[0].value == f"[{INSIDE_FIRST[1]:g}, {INSIDE_FIRST[0]:g}]"
    assert "[latitude, longitude]" in problems[0].message("en")


def test_a_prj_of_the_neighbouring_zone_is_named_as_the_files_mistake(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    # Metres of Hà Tĩnh's zone under a .prj of the next one: the file itself is wrong.
    path = _layer(tmp_path / "p.gpkg", 9210, [_metres(p) for _, p in ROWS])
    error = _refused(registry, small_commune, path)
    assert (error.code, error.params["crs"]) == ("import.prj_other_zone", "EPSG:9209")
    assert "does its .prj name the wrong zone?" in error.message("en")
    assert "tệp .prj ghi sai múi chiếu" in error.message("vi")
    # A --crs against the .prj is no way round it: the .prj must change.
    assert _refused(registry, small_commune, path, crs="EPSG:9209").code == "import.crs_conflict"
