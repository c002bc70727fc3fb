"""`points import --report` never overwrites a file (the input included) and a missing folder is a
one-line error, both before anything is imported; the CLI's hints follow the codes whose message
names no flag, on error lines and on the import's report lines alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyproj import Transformer
from sqlalchemy import func, select

from addrgen.catalog import LANGUAGES, has_message
from api.cli.context import position_text
from api.cli.errors import HINTS, hint_for
from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.conftest import CliRunner
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv, write_villages

INIT = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112")


@pytest.fixture
def db(cli: CliRunner, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", url).code == 0
    assert cli("villages", "import", write_villages(tmp_path / "v.geojson"), "--db", url).code == 0
    return url


def _points(url: str) -> int:
    registry = open_registry(url)
    with registry.read() as conn:
        n = int(conn.execute(select(func.count()).select_from(points)).scalar_one())
    registry.dispose()
    return n


def _sheet(tmp_path: Path) -> Path:
    rows = [f"H{i},{lat},{lon}" for i, (lon, lat) in enumerate((INSIDE_FIRST, INSIDE_SECOND))]
    return write_csv(tmp_path / "good.csv", "ma,vi_do,kinh_do", rows)


@pytest.mark.parametrize("target", ["input", "other"])
def test_report_never_overwrites_a_file(
    cli: CliRunner, db: str, tmp_path: Path, target: str
) -> None:
    sheet = _sheet(tmp_path)
    report = sheet if target == "input" else tmp_path / "report.csv"
    if target == "other":
        report.write_text("keep me", encoding="utf-8")
    before = report.read_bytes()
    result = cli("points", "import", sheet, "--kind", "household", "--report", report, "--db", db)
    assert result.code == 1 and "Traceback" not in result.err
    assert result.err == f"error: --report: {report} already exists; files are never overwritten\n"
    assert report.read_bytes() == before
    assert _points(db) == 0  # refused before the import, not after it


def test_report_into_a_missing_folder_is_one_line(cli: CliRunner, db: str, tmp_path: Path) -> None:
    report = tmp_path / "không có" / "report.csv"
    result = cli(
        "points", "import", _sheet(tmp_path), "--kind", "household", "--report", report, "--db", db
    )
    assert (result.code, result.err) == (
        1,
        f"error: --report: there is no folder {report.parent}\n",
    )
    assert _points(db) == 0


def test_report_is_written_to_a_new_file(cli: CliRunner, db: str, tmp_path: Path) -> None:
    report = tmp_path / "report.csv"
    result = cli(
        "points", "import", _sheet(tmp_path), "--kind", "household", "--report", report, "--db", db
    )
    assert result.code == 0 and report.read_text("utf-8-sig").startswith("file,row,field")
    assert _points(db) == 2


def test_report_lines_carry_the_cli_hint(cli: CliRunner, db: str, tmp_path: Path) -> None:
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
    east, north = to_vn2000.transform(*INSIDE_FIRST)
    # The cadastral habit: the northing in the column called x.
    sheet = write_csv(tmp_path / "vn2000.csv", "ma,x,y", [f"H1,{north:.2f},{east:.2f}"])
    result = cli("points", "import", sheet, "--kind", "household", "--crs", "EPSG:9209", "--db", db)
    assert result.code == 1
    line = next(x for x in result.err.splitlines() if "look swapped" in x)
    assert line.endswith("import again with `--northing-field x --easting-field y`)")


def test_a_missing_registry_names_init(cli: CliRunner, tmp_path: Path) -> None:
    result = cli("villages", "list", "--db", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert result.code == 1
    assert "(There is no registry there: create one with `diachiso init`" in result.err


def test_every_hint_is_in_the_catalog_in_both_languages_and_formats() -> None:
    for code, key in HINTS.items():
        for lang in LANGUAGES:
            assert has_message(key, lang), (code, lang)
            data = {"easting_column": "x", "northing_column": "y", "likely": "tcvn3"}
            data |= {"crs": "EPSG:9209", "column": "toa_do", "value": "GPS"}
            data |= {"example": "xã A:Thôn 1"}  # a merger's clash, as the advice shows it
            assert "?" not in hint_for(code, lang, data)


def test_a_reported_position_is_written_the_readers_way() -> None:
    assert position_text("18.317660, 106.100000", "vi") == "18,317660; 106,100000"
    assert position_text("18.317660, 106.100000", "en") == "18.317660, 106.100000"
    assert position_text("x, y", "vi") == "x, y"
