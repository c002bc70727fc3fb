"""Re-importing without references (issue 14, item 10): a row at the same place (within 1 m)
with the same kind and cleaned name as a registered point is that point, left unchanged; the
registry's own CSV export imports back into it without a change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.conftest import CliRunner
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_villages

INIT = (
    "init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112",
    "--district", "TP Hà Tĩnh", "--province", "tỉnh Hà Tĩnh",
)  # fmt: skip


@pytest.fixture
def db(cli: CliRunner, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", url).code == 0
    assert (
        cli("villages", "import", str(write_villages(tmp_path / "v.geojson")), "--db", url).code
        == 0
    )
    return url


def _snapshot(db: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        return list(conn.execute("SELECT * FROM points ORDER BY id"))


def _no_refs(path: Path, *, spaced: bool = False) -> Path:
    (lon1, lat1), (lon2, lat2) = INSIDE_FIRST, INSIDE_SECOND
    name = "Nhà văn\u200b hóa  thôn" if spaced else "Nhà văn hóa thôn"
    path.write_text(
        f"ten,vi_do,kinh_do\n{name},{lat1},{lon1}\nTrạm y tế,{lat2},{lon2}\n", encoding="utf-8"
    )
    return path


def _agencies(cli: CliRunner, db: str, tmp_path: Path) -> None:
    path = _no_refs(tmp_path / "a.csv")
    assert cli("points", "import", str(path), "--kind", "agency", "--db", db).code == 0


def test_a_file_without_references_imports_twice_without_change(
    db: str, cli: CliRunner, tmp_path: Path
) -> None:
    _agencies(cli, db, tmp_path)
    before = _snapshot(db)
    # The same rows again, one name with a zero-width space and a double space: the same points.
    again = cli(
        "points", "import", str(_no_refs(tmp_path / "b.csv", spaced=True)), "--kind", "agency",
        "--db", db,
    )  # fmt: skip
    assert again.code == 0, again
    assert "0 imported, 2 already registered" in again.err
    assert _snapshot(db) == before


def test_a_different_name_at_the_same_place_is_still_a_new_point(
    db: str, cli: CliRunner, tmp_path: Path
) -> None:
    _agencies(cli, db, tmp_path)
    lon, lat = INSIDE_FIRST
    other = tmp_path / "c.csv"
    other.write_text(f"ten,vi_do,kinh_do\nBưu điện,{lat},{lon}\n", encoding="utf-8")
    result = cli("points", "import", str(other), "--kind", "agency", "--db", db)
    assert result.code == 0 and "1 imported" in result.err and "warning" in result.err


def _mixed(cli: CliRunner, db: str, tmp_path: Path) -> None:
    """Agencies without references, coded households with references, an uncoded nameless
    household and a retired one."""
    _agencies(cli, db, tmp_path)
    lon, lat = INSIDE_SECOND
    households = tmp_path / "h.csv"
    households.write_text(
        f"ma,vi_do,kinh_do\nH-1,{lat + 0.001},{lon}\nH-2,{lat + 0.002},{lon}\n", encoding="utf-8"
    )
    assert cli("points", "import", str(households), "--kind", "household", "--db", db).code == 0
    assert cli("codes", "issue", "--db", db).code == 0
    nameless = tmp_path / "n.csv"
    nameless.write_text(f"vi_do,kinh_do\n{lat + 0.003},{lon}\n", encoding="utf-8")
    assert cli("points", "import", str(nameless), "--kind", "household", "--db", db).code == 0
    assert cli("points", "retire", "H-2", "--reason", "phá dỡ", "--db", db).code == 0


def test_the_registrys_csv_export_imports_back_without_change(
    db: str, cli: CliRunner, tmp_path: Path
) -> None:
    _mixed(cli, db, tmp_path)
    before = _snapshot(db)
    exported = tmp_path / "export.csv"
    assert cli("export", "--format", "csv", "--out", str(exported), "--db", db).code == 0
    back = cli(
        "points", "import", str(exported), "--kind", "household", "--kind-field", "kind",
        "--db", db,
    )  # fmt: skip
    assert back.code == 0, back
    assert f"0 imported, {len(before)} already registered" in back.err
    assert _snapshot(db) == before


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_registrys_excel_export_imports_back_without_change(
    db: str, cli: CliRunner, tmp_path: Path, lang: str
) -> None:
    """The Excel export is headed in words ("Tên", "Mã tham chiếu", "Mã địa chỉ số"; "Name",
    "Source reference"…): found like "ten", "ref" and "code" are (once every name was empty)."""
    _mixed(cli, db, tmp_path)
    before = _snapshot(db)
    exported = tmp_path / "export.xlsx"
    made = cli("export", "--format", "xlsx", "--out", str(exported), "--lang", lang, "--db", db)
    assert made.code == 0, made
    back = cli("points", "import", str(exported), "--kind", "household", "--db", db)
    assert back.code == 0, back
    assert f"0 imported, {len(before)} already registered" in back.err
    assert _snapshot(db) == before


def test_the_registrys_geopackage_imports_back_without_choosing_a_layer(
    db: str, cli: CliRunner, tmp_path: Path
) -> None:
    """The export's GeoPackage holds points, villages and QGIS's styles: a points import takes
    its one point layer, a villages import its one polygon layer, with no --layer to learn."""
    _mixed(cli, db, tmp_path)
    before = _snapshot(db)
    exported = tmp_path / "export.gpkg"
    assert cli("export", "--format", "gpkg", "--out", str(exported), "--db", db).code == 0
    back = cli(
        "points", "import", str(exported), "--kind", "household", "--kind-field", "kind",
        "--db", db,
    )  # fmt: skip
    assert back.code == 0, back
    assert f"0 imported, {len(before)} already registered" in back.err
    assert _snapshot(db) == before
    outlines = cli("villages", "import", str(exported), "--dry-run", "--db", db)
    assert "--layer" not in outlines.err, outlines
