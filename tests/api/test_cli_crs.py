"""Issue 14 through the command line: the coordinate-system refusals are one line with the flag
to add, the officers' names for VN-2000 work for points and villages, --latlon-field, and
`points add` under the import's text rules with the plate font's characters."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely
from pyproj import Transformer
from shapely.geometry import shape

from tests.conftest import CliRunner
from tests.geometries import (
    INSIDE_FIRST,
    INSIDE_SECOND,
    village_features,
    write_csv,
    write_villages,
)

INIT = (
    "init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112",
    "--province", "tỉnh Hà Tĩnh",
)  # fmt: skip
TO_9209 = Transformer.from_crs(4326, 9209, always_xy=True)


@pytest.fixture
def db(cli: CliRunner, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", url).code == 0
    assert cli("villages", "import", write_villages(tmp_path / "v.geojson"), "--db", url).code == 0
    return url


def _metres_csv(tmp_path: Path, header: str = "ma,x,y") -> Path:
    rows = []
    for i, p in enumerate((INSIDE_FIRST, INSIDE_SECOND)):
        east, north = TO_9209.transform(*p)
        rows.append(f"H{i},{east:.2f},{north:.2f}")
    return write_csv(tmp_path / "vn.csv", header, rows)


def test_metres_without_a_system_are_one_line_with_the_flag(
    cli: CliRunner, db: str, tmp_path: Path
) -> None:
    sheet = _metres_csv(tmp_path)
    result = cli("points", "import", sheet, "--kind", "household", "--db", db)
    assert result.code == 1
    assert result.err == (
        "error: --crs: vn.csv: the coordinates cannot be degrees in EPSG:4326 (WGS 84) but look "
        "like VN-2000 metres of the zone with central meridian 105°30': declare the coordinate "
        "system EPSG:9209 (add --crs EPSG:9209)\n"
    )
    vi = cli("--lang", "vi", "points", "import", sheet, "--kind", "household", "--db", db)
    assert "hãy khai báo hệ tọa độ EPSG:9209 (thêm --crs EPSG:9209)" in vi.err
    ok = cli("points", "import", sheet, "--kind", "household", "--crs", "EPSG:9209", "--db", db)
    assert ok.code == 0 and "2 imported" in ok.err


def test_a_zoneless_vn2000_uses_the_provinces_zone_and_says_so(
    cli: CliRunner, db: str, tmp_path: Path
) -> None:
    sheet = _metres_csv(tmp_path)
    result = cli("points", "import", sheet, "--kind", "household", "--crs", "VN2000", "--db", db)
    assert result.code == 0, result.err
    assert "'VN2000' names no zone: used the VN-2000 zone of tỉnh Hà Tĩnh, EPSG:9209" in result.err
    assert "2 imported" in result.err


def test_projected_columns_with_a_geographic_crs_given(
    cli: CliRunner, db: str, tmp_path: Path
) -> None:
    sheet = _metres_csv(tmp_path, "ma,E,N")
    args = ("--easting-field", "E", "--northing-field", "N", "--db", db)
    given = cli("points", "import", sheet, "--kind", "household", "--crs", "WGS 84", *args)
    assert given.code == 1
    assert "the declared coordinate system, EPSG:4326, is geographic" in given.err
    assert "(replace --crs with a projected system, e.g. --crs EPSG:9209)" in given.err
    missing = cli("points", "import", sheet, "--kind", "household", *args)
    assert "no coordinate system was declared" in missing.err and "given" not in missing.err


def test_a_given_crs_that_differs_from_the_files_names_both(
    cli: CliRunner, db: str, tmp_path: Path
) -> None:
    path = tmp_path / "p.gpkg"
    gpd.GeoDataFrame(
        {"ma": ["H1"]}, geometry=[shapely.Point(*TO_9209.transform(*INSIDE_FIRST))], crs=9209
    ).to_file(path, engine="pyogrio")
    result = cli("points", "import", path, "--kind", "household", "--crs", "EPSG:9210", "--db", db)
    assert result.code == 1
    assert "EPSG:9209 (VN-2000 / TM-3 105-30)" in result.err
    assert "EPSG:9210 (VN-2000 / TM-3 105-45)" in result.err
    assert result.err.strip().endswith(
        "(drop --crs to use the file's system, or fix its .prj if it is wrong)"
    )


def test_villages_import_takes_the_officers_names(cli: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", url).code == 0
    features = village_features()["features"]
    frame = gpd.GeoDataFrame(
        {"ten_thon": [f["properties"]["ten_thon"] for f in features]},
        geometry=[
            shapely.transform(
                shape(f["geometry"]), lambda xy: np.column_stack(TO_9209.transform(*xy.T))
            )
            for f in features
        ],
    )
    path = tmp_path / "thon.shp"
    with pytest.warns(UserWarning, match="crs"):  # written without a .prj, as officers' are
        frame.to_file(path, engine="pyogrio")
    zoneless = cli("villages", "import", path, "--crs", "VN2000 TM3", "--db", url)
    assert zoneless.code == 0, zoneless.err  # the province's zone
    again = tmp_path / "again.sqlite"
    assert cli(*INIT, "--db", f"sqlite:///{again}").code == 0
    unknown = cli("villages", "import", path, "--crs", "nhà tôi", "--db", f"sqlite:///{again}")
    assert unknown.code == 1
    assert "write it as one of: EPSG:4326, WGS 84, EPSG:9209" in unknown.err


def test_latlon_field(cli: CliRunner, db: str, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "p.csv", "ma,GPS", ['H1,"18.3150, 105.9150"'])
    result = cli(
        "points", "import", sheet, "--kind", "household", "--latlon-field", "GPS", "--db", db
    )
    assert result.code == 0, result.err
    assert "read latitude, longitude from 'GPS' in EPSG:4326" in result.err
    alone = cli("points", "import", sheet, "--kind", "household", "--lat-field", "GPS", "--db", db)
    assert alone.err == (
        "error: --lat-field: column 'GPS' holds latitude and longitude together, not the latitude "
        "alone (use --latlon-field GPS instead of --lat-field)\n"
    )


@pytest.mark.parametrize(
    ("option", "value", "fragment"),
    [
        ("--name", "Ủy ban " * 40, "error: --name: 279 characters long; at most 200"),
        ("--ref", "M" * 65, "error: --ref: 65 characters long; at most 64"),
        ("--house-number", "9" * 21, "error: --house-number: 21 characters long; at most 20"),
        ("--name", "Quán cà phê ☕", "error: --name: "),
    ],
)
def test_points_add_keeps_the_imports_text_rules(
    cli: CliRunner, db: str, option: str, value: str, fragment: str
) -> None:
    lon, lat = (str(v) for v in INSIDE_FIRST)
    result = cli(
        "points", "add", "--kind", "agency", "--name", "Trạm", "--lon", lon, "--lat", lat,
        option, value, "--db", db,
    )  # fmt: skip
    assert result.code == 1
    assert result.err.startswith(fragment) and result.err.count("\n") == 1
    if "☕" in value:
        assert "U+2615" in result.err
