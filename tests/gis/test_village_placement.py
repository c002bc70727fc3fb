"""A village file can never put boundaries in the wrong place: VN-2000 metres without their .prj,
a .prj of the wrong zone, [lat, lon] GeoJSON and boundaries outside Vietnam are refused with
nothing written; the right --crs, or an adjacent new village, is accepted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func, select

from gis.errors import InvalidInput
from gis.registry.communes import Commune
from gis.registry.villages import import_villages, list_villages
from gis.storage.db import Registry
from gis.storage.schema import events, villages
from tests.conftest import ACTOR, CliRunner
from tests.geometries import LAT_HI, LAT_LO, VILLAGES, write_villages

TO_VN2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)


def _boxes(shift_lon: float = 0.0) -> list[tuple[str, BaseGeometry]]:
    return [(n, box(lo + shift_lon, LAT_LO, hi + shift_lon, LAT_HI)) for n, lo, hi in VILLAGES]


def _in_vn2000(rows: list[tuple[str, BaseGeometry]]) -> list[tuple[str, BaseGeometry]]:
    return [
        (n, shapely.transform(g, lambda c: np.column_stack(TO_VN2000.transform(c[:, 0], c[:, 1]))))
        for n, g in rows
    ]


def _geojson(path: Path, rows: list[tuple[str, Any]], swap: bool = False) -> Path:
    """Raw GeoJSON, no crs member: a reader takes it as WGS 84 degrees, whatever it holds."""
    features = []
    for name, geom in rows:
        ring = [[y, x] if swap else [x, y] for x, y in geom.exterior.coords]
        features.append(
            {
                "type": "Feature",
                "properties": {"ten_thon": name},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def _shapefile(path: Path, rows: list[tuple[str, BaseGeometry]], prj: str | None) -> Path:
    frame = gpd.GeoDataFrame(
        {"ten_thon": [n for n, _ in rows]}, geometry=[g for _, g in rows], crs=prj or "EPSG:9209"
    )
    frame.to_file(path, driver="ESRI Shapefile", engine="pyogrio")
    if prj is None:
        path.with_suffix(".prj").unlink()
    return path


def _count(registry: Registry) -> tuple[int, int]:
    with registry.read() as conn:
        n_villages = conn.execute(select(func.count()).select_from(villages)).scalar_one()
        n_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
    return int(n_villages), int(n_events)


def _refused(registry: Registry, commune: Commune, path: Path, code: str, **kw: Any) -> Any:
    before = _count(registry)
    with pytest.raises(InvalidInput) as caught:
        import_villages(registry, commune, path, actor=ACTOR, **kw)
    assert caught.value.code == code
    assert _count(registry) == before  # nothing written
    return caught.value


def test_vn2000_geojson_without_crs_is_refused_as_metres(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    path = _geojson(tmp_path / "thon.geojson", _in_vn2000(_boxes()))
    err = _refused(registry, commune, path, "villages.metres_as_degrees")
    assert "VN-2000" in err.message("en") and "VN-2000" in err.message("vi")
    assert float(err.params["min_x"]) > 500_000  # the values as read, so the officer sees why
    # The fix the message points at works: the same file with its CRS given.
    result = import_villages(registry, commune, path, crs="EPSG:9209", actor=ACTOR)
    assert result.added == [n for n, _, _ in VILLAGES]
    with registry.read() as conn:
        stored = list_villages(conn, commune)
    assert stored[0].boundary.equals_exact(_boxes()[0][1], tolerance=1e-6)


def test_vn2000_shapefile_that_lost_its_prj_is_refused(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    path = _shapefile(tmp_path / "thon.shp", _in_vn2000(_boxes()), prj=None)
    assert not path.with_suffix(".prj").exists()
    _refused(registry, commune, path, "villages.metres_as_degrees")


@pytest.mark.parametrize("placed", [False, True])
def test_a_prj_of_the_wrong_zone_is_refused_naming_the_provinces_zone(
    registry: Registry, commune: Commune, tmp_path: Path, placed: bool
) -> None:
    """Hà Tĩnh data (zone 105°30', EPSG:9209) labelled as zone 105°45' (EPSG:9210), ≈ 26 km
    east: refused for a first import too, which has no registered village to be far from (it
    once stored the shifted villages with exit 0)."""
    if placed:
        import_villages(registry, commune, write_villages(tmp_path / "v.geojson"), actor=ACTOR)
    renamed = [(f"{n} mới", g) for n, g in _in_vn2000(_boxes())]
    path = _shapefile(tmp_path / "thon.shp", renamed, prj="EPSG:9210")
    err = _refused(registry, commune, path, "villages.prj_other_zone")
    assert err.params["crs"] == "EPSG:9209" and "EPSG:9210" in str(err.value)
    assert "105°30'" in err.message("vi") and "tỉnh Hà Tĩnh" in err.message("vi")
    # The fix it names: the same file in the province's zone.
    fixed = _shapefile(tmp_path / "thon_9209.shp", renamed, prj="EPSG:9209")
    result = import_villages(registry, commune, fixed, actor=ACTOR)
    assert result.added == [n for n, _ in renamed]


def test_a_crs_of_another_zone_given_for_a_first_import_is_refused(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    """The same mistake typed instead of written in a .prj: --crs EPSG:9210 for Hà Tĩnh."""
    path = _shapefile(tmp_path / "thon.shp", _in_vn2000(_boxes()), prj=None)
    err = _refused(registry, commune, path, "villages.crs_other_zone", crs="EPSG:9210")
    assert err.params["crs"] == "EPSG:9209" and err.field == "crs"
    assert import_villages(registry, commune, path, crs="EPSG:9209", actor=ACTOR).added


def test_a_new_village_next_to_the_registered_ones_is_accepted(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    east = VILLAGES[-1][2]
    path = _geojson(
        tmp_path / "moi.geojson", [("Thôn Mới", box(east, LAT_LO, east + 0.01, LAT_HI))]
    )
    result = import_villages(registry, small_commune, path, actor=ACTOR)
    assert result.added == ["Thôn Mới"]


def test_boundaries_far_from_the_commune_are_refused_even_in_vietnam(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = _geojson(tmp_path / "xa.geojson", [(f"{n} 2", g) for n, g in _boxes(shift_lon=-0.5)])
    err = _refused(registry, small_commune, path, "villages.far_from_commune")
    assert float(err.params["east_km"]) < -50.0


def test_geojson_in_lat_lon_order_gets_the_swap_refusal(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    path = _geojson(tmp_path / "latlon.geojson", _boxes(), swap=True)
    _refused(registry, commune, path, "villages.swapped_lat_lon")


@pytest.mark.parametrize(
    ("lon", "lat", "code"),
    [(2.35, 48.85, "villages.outside_vietnam"), (5e6, 3e6, "villages.not_degrees")],
)
def test_boundaries_outside_vietnam_or_impossible_are_refused(
    registry: Registry, commune: Commune, tmp_path: Path, lon: float, lat: float, code: str
) -> None:
    path = _geojson(tmp_path / "x.geojson", [("Thôn Xa", box(lon, lat, lon + 0.01, lat + 0.01))])
    _refused(registry, commune, path, code)


def test_the_cli_names_the_crs_fix(cli: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    path = _geojson(tmp_path / "thon.geojson", _in_vn2000(_boxes()))
    result = cli("villages", "import", path, "--db", db)
    assert result.code == 1 and "Traceback" not in result.err
    assert len(result.err.splitlines()) == 1
    assert "VN-2000 metres" in result.err and "--crs EPSG:9209" in result.err
    assert cli("villages", "import", path, "--crs", "EPSG:9209", "--db", db).code == 0


def test_the_cli_refuses_a_prj_of_another_zone_in_one_line(cli: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--province", "tỉnh Hà Tĩnh", "--db", db).code == 0
    path = _shapefile(tmp_path / "thon.shp", _in_vn2000(_boxes()), prj="EPSG:9210")
    result = cli("villages", "import", path, "--db", db)
    assert result.code == 1 and len(result.err.splitlines()) == 1, result.err
    assert "EPSG:9210" in result.err and "delete the .prj and add --crs EPSG:9209" in result.err
    assert "no village was imported" in result.err
    assert "thêm --crs EPSG:9209" in cli("villages", "import", path, "--lang", "vi", "--db", db).err
