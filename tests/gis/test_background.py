"""The officer's background layer for the checklist maps (issue 17): every layer of a GeoJSON
or GeoPackage, in any CRS, read as WGS 84 lines and named points; nothing to draw or an
unreadable file is refused with a code."""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import pytest
from shapely.geometry import MultiLineString, Point, Polygon

from gis.errors import InvalidInput
from gis.ingest.background import read_background

LON, LAT = 105.9318, 18.3148


def test_a_geojson_gives_roads_and_named_landmarks(tmp_path: Path) -> None:
    features = [
        {"type": "Feature", "properties": {"name": "Đường liên thôn"},
         "geometry": {"type": "LineString", "coordinates": [[LON, LAT], [LON + 0.01, LAT]]}},
        {"type": "Feature", "properties": {"name": "Chợ Bình Minh"},
         "geometry": {"type": "Point", "coordinates": [LON, LAT + 0.001]}},
        {"type": "Feature", "properties": {"name": None},
         "geometry": {"type": "Point", "coordinates": [LON, LAT - 0.001]}},
    ]  # fmt: skip
    path = tmp_path / "nen.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    layer = read_background(path)
    assert layer.lines == [[(LON, LAT), (LON + 0.01, LAT)]]
    assert layer.points == [(LON, LAT + 0.001, "Chợ Bình Minh"), (LON, LAT - 0.001, "")]


def test_every_layer_of_a_geopackage_in_its_own_crs(tmp_path: Path) -> None:
    path = tmp_path / "nen.gpkg"
    roads = gpd.GeoDataFrame(
        {"ten": ["Quốc lộ 1"]},
        geometry=[
            MultiLineString([[(LON, LAT), (LON, LAT + 0.01)], [(LON, LAT), (LON + 0.01, LAT)]])
        ],
        crs="EPSG:4326",
    ).to_crs("EPSG:3857")  # metres: the reader turns them back into degrees
    places = gpd.GeoDataFrame(
        {"ten": ["Đình làng", "Ao cá"]},
        geometry=[Point(LON, LAT), Polygon([(LON, LAT), (LON + 0.001, LAT), (LON, LAT + 0.001)])],
        crs="EPSG:4326",
    )
    roads.to_file(path, layer="duong", driver="GPKG")
    places.to_file(path, layer="dia_danh", driver="GPKG")
    layer = read_background(path)
    assert len(layer.lines) == 3  # two road parts and the pond's outline
    assert layer.lines[0][0] == pytest.approx((LON, LAT), abs=1e-9)
    assert layer.lines[1][-1] == pytest.approx((LON + 0.01, LAT), abs=1e-9)
    assert [(round(x, 6), round(y, 6), name) for x, y, name in layer.points] == [
        (LON, LAT, "Đình làng")
    ]


def test_nothing_to_draw_or_an_unreadable_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "rong.geojson"
    empty.write_text('{"type": "FeatureCollection", "features": []}', "utf-8")
    with pytest.raises(InvalidInput) as caught:
        read_background(empty)
    assert caught.value.code == "background.empty" and caught.value.value == "rong.geojson"
    garbage = tmp_path / "hong.gpkg"
    garbage.write_bytes(b"not a geopackage")
    with pytest.raises(InvalidInput) as caught:
        read_background(garbage)
    assert caught.value.code == "import.unreadable_layer"
