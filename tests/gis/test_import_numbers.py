"""`points import` reads coordinates as Vietnamese Excel writes them: comma decimals (semicolon
CSVs, quoted cells), VN-2000 metres with thousands separators, degrees-minutes-seconds; an
ambiguous cell is a row error naming both readings."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyproj import Transformer

from gis.errors import ImportRejected
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune
from gis.storage.db import Registry
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND

LON, LAT = INSIDE_FIRST  # 105.9150, 18.3150
NBSP = "\u00a0"


def _import(registry: Registry, commune: Commune, path: Path, **kw: str) -> int:
    options = ImportOptions(kind="household", dry_run=True, **kw)  # type: ignore[arg-type]
    return import_points(registry, commune, path, options, actor=ACTOR).imported


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("semicolon.csv", "ma;vi_do;kinh_do\nH1;18,3150;105,9150\nH2;18,315;105,925\n"),
        ("quoted.csv", 'ma,vi_do,kinh_do\nH1,"18,3150","105,9150"\nH2,"18,315","105,925"\n'),
        (
            "dms.csv",
            "ma;vi_do;kinh_do\nH1;18°18'54\"N;105°54'54\"E\n"
            "H2;18 độ 18 phút 54 giây;105 độ 55 phút 30 giây\n",
        ),
    ],
)
def test_vietnamese_degrees_are_read(
    registry: Registry, small_commune: Commune, tmp_path: Path, name: str, text: str
) -> None:
    assert _import(registry, small_commune, _write(tmp_path / name, text)) == 2


@pytest.mark.parametrize("group", [" ", NBSP, "."])
def test_vn2000_metres_with_thousands_separators(
    registry: Registry, small_commune: Commune, tmp_path: Path, group: str
) -> None:
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
    rows = []
    for i, (lon, lat) in enumerate((INSIDE_FIRST, INSIDE_SECOND)):
        e, n = to_vn2000.transform(lon, lat)
        fmt = [f"{v:,.2f}".replace(",", group).rsplit(".", 1) for v in (e, n)]
        e_text, n_text = (f"{whole.replace('.', group)},{frac}" for whole, frac in fmt)
        rows.append(f'H{i};"{e_text}";"{n_text}"')
    path = _write(tmp_path / "vn2000.csv", "ma;easting;northing\n" + "\n".join(rows) + "\n")
    assert _import(registry, small_commune, path, crs="EPSG:9209") == 2


def test_an_ambiguous_cell_names_both_readings(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    # "18,315" as a latitude is taken (18315 is no latitude: see above); a northing "2,026" is
    # 2.026 m or 2026 m, both possible northings: reported, never guessed. (A plain "2.026"
    # is the English decimal every program writes: read as such.)
    path = _write(tmp_path / "amb.csv", "ma;easting;northing\nH1;543671,90;2,026\n")
    with pytest.raises(ImportRejected) as caught:
        _import(registry, small_commune, path, crs="EPSG:9209")
    (problem,) = caught.value.problems
    assert problem.code == "import.ambiguous_number" and problem.value == "2,026"
    # Each reading the way the message's language writes it, with no thousands separator.
    assert "2.026 / 2026" in problem.message("en") and "2,026 / 2026" in problem.message("vi")
