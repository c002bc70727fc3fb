"""A province's export (issue 18): one file of every commune with a ``commune`` column and the
GIS user's fields, ``--commune`` to filter, VN-2000 coordinates equal to pyproj's, and the
QGIS-ready GeoPackage (two layers, GeoPackage 1.2, default styles in ``layer_styles``)."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import geopandas as gpd
import openpyxl
import pandas as pd
import pyogrio
import pytest
from pyproj import Transformer
from sqlalchemy import insert, select, update

from addrgen.vocab import Status, label
from gis.errors import InvalidInput
from gis.registry.communes import Commune, add_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point
from gis.registry.villages import import_villages
from gis.storage.db import Registry
from gis.storage.schema import batch_items, batches, installations, points
from gis.views.export_gpkg import GPKG_USER_VERSION
from gis.views.exporting import EXPORT_FIELDS, export_communes, export_crs, export_points
from tests.conftest import ACTOR, CliRunner
from tests.geometries import VILLAGES, village_features

SHIFT = 0.05  # the second commune's villages: the first's, 0.05° further east
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
PRINTED = datetime(2026, 11, 2, 3, 0, tzinfo=UTC)
NOTIFIED = datetime(2026, 11, 10, 1, 0, tzinfo=UTC)
INSTALLED = datetime(2026, 11, 20, 2, 30, tzinfo=UTC)


@pytest.fixture
def province(registry: Registry, small_commune: Commune, tmp_path: Path) -> list[Commune]:
    """Two communes: Thạch Bình with a printed and installed point and a registered one, Thạch
    Hạ with a house on a street whose national code is known."""
    other = add_commune(
        registry,
        name="xã Thạch Hạ",
        commune_code="18115",
        area_number=18115,
        province="tỉnh Hà Tĩnh",
        actor=ACTOR,
    )
    shifted = village_features()
    for f in shifted["features"]:
        f["geometry"]["coordinates"] = [
            [[x + SHIFT, y] for x, y in r] for r in f["geometry"]["coordinates"]
        ]
    outlines = tmp_path / "other.geojson"
    outlines.write_text(json.dumps(shifted, ensure_ascii=False), encoding="utf-8")
    import_villages(registry, other, outlines, actor=ACTOR)
    lo = VILLAGES[0][1]
    add_point(
        registry,
        small_commune,
        kind="household",
        lon=lo + 0.004,
        lat=18.315,
        name="Nguyễn Văn An",
        house_number="26",
        ref="A1",
        actor=ACTOR,
    )
    add_point(
        registry,
        small_commune,
        kind="agency",
        lon=lo + 0.006,
        lat=18.316,
        name="Trường học",
        ref="A2",
        actor=ACTOR,
    )
    add_point(
        registry,
        other,
        kind="household",
        lon=lo + SHIFT + 0.004,
        lat=18.314,
        name="Lê Thị Bình",
        house_number="12",
        street="Lê Khôi",
        ref="B1",
        actor=ACTOR,
    )
    issue_codes(registry, small_commune, actor=ACTOR)
    with registry.write() as conn:
        conn.execute(
            update(points).where(points.c.ref == "B1").values(national_code="4201180000012")
        )
        a1 = conn.execute(select(points.c.id, points.c.code).where(points.c.ref == "A1")).one()
        conn.execute(
            update(points)
            .where(points.c.id == a1.id)
            .values(status="installed", notified_at=NOTIFIED, notified_by=ACTOR)
        )
        # Stand-ins for a print batch and a confirmation (their own tests make real ones).
        made = conn.execute(
            insert(batches).values(
                commune_id=small_commune.id,
                label="L2026-11-02-001",
                purpose="batch",
                selection={},
                mode="office",
                draft=False,
                public_url="https://x.example",
                out_dir="/tmp",
                files={},
                actor=ACTOR,
                created_at=PRINTED,
            )
        ).inserted_primary_key
        assert made is not None
        batch = made[0]
        conn.execute(
            insert(batch_items).values(
                batch_id=batch, point_id=a1.id, number=1, code=a1.code, address_text="-"
            )
        )
        conn.execute(
            insert(installations).values(
                point_id=a1.id,
                actor=ACTOR,
                lat=18.315,
                lon=lo + 0.004,
                accuracy_m=5.0,
                distance_m=1.0,
                needs_review=False,
                created_at=INSTALLED,
            )
        )
    return [small_commune, other]


def _export(registry: Registry, communes: list[Commune], fmt: str, out: Path, **kw: object) -> int:
    with registry.read() as conn:
        return export_points(conn, communes, fmt, out, **kw)  # type: ignore[arg-type]


def _read(out: Path) -> pd.DataFrame:
    if out.suffix == ".csv":
        return pd.read_csv(out, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    frame = gpd.read_file(out, layer="points") if out.suffix == ".gpkg" else gpd.read_file(out)
    return pd.DataFrame(frame.drop(columns="geometry")).fillna("")


@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg"])
def test_a_province_exports_as_one_file_with_its_communes(
    registry: Registry, province: list[Commune], tmp_path: Path, fmt: str
) -> None:
    with registry.read() as conn:
        everyone = export_communes(conn, name=None)
    assert [c.name for c in everyone] == ["xã Thạch Bình", "xã Thạch Hạ"]
    out = tmp_path / f"province.{fmt}"
    assert _export(registry, everyone, fmt, out) == 3
    read = _read(out)
    assert [c for c in read.columns if c not in ("lon", "lat")] == list(EXPORT_FIELDS)
    frame = read.set_index("ref")
    assert (
        frame.loc["A1", "commune"] == "xã Thạch Bình" and frame.loc["A1", "commune_code"] == "18112"
    )
    assert (
        frame.loc["B1", "commune"] == "xã Thạch Hạ" and frame.loc["B1", "commune_code"] == "18115"
    )
    assert frame.loc["B1", "house_number"] == "12" and frame.loc["B1", "street"] == "Lê Khôi"
    assert frame.loc["B1", "address"] == province[1].address(
        house_number="12", street="Lê Khôi", village=VILLAGES[0][0], on=datetime.now(UTC).date()
    )
    assert str(frame.loc["B1", "address"]).startswith("số 12 Lê Khôi, thôn Bình Minh, xã Thạch Hạ")
    assert str(frame.loc["B1", "national_code"]) == "4201180000012"
    assert frame.loc["A1", "batch"] == "L2026-11-02-001"
    assert frame.loc["A1", "printed_at"] == "2026-11-02T10:00:00+07:00"
    assert frame.loc["A1", "notified_at"] == "2026-11-10T08:00:00+07:00"
    assert frame.loc["A1", "installed_at"] == "2026-11-20T09:30:00+07:00"
    assert frame.loc["A2", "batch"] == "" and frame.loc["A2", "installed_at"] == ""
    assert frame.loc["A2", "notified_at"] == ""


def test_the_excel_sheet_of_a_province_has_the_commune_column(
    registry: Registry, province: list[Commune], tmp_path: Path
) -> None:
    out = tmp_path / "province.xlsx"
    assert _export(registry, province, "xlsx", out, lang="vi") == 3
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    assert len(header) == len(EXPORT_FIELDS) + 2 and "Xã" in header
    communes = {r[header.index("Xã")] for r in rows[1:]}
    assert communes == {"xã Thạch Bình", "xã Thạch Hạ"}


def test_commune_filters_the_export(
    registry: Registry, province: list[Commune], tmp_path: Path
) -> None:
    with registry.read() as conn:
        chosen = export_communes(conn, name="xã Thạch Hạ")
    out = tmp_path / "ha.csv"
    assert _export(registry, chosen, "csv", out) == 1
    assert list(_read(out)["commune"]) == ["xã Thạch Hạ"]


@pytest.mark.parametrize("fmt", ["csv", "geojson", "gpkg"])
def test_vn2000_coordinates_equal_pyprojs_within_a_millimetre(
    registry: Registry, province: list[Commune], tmp_path: Path, fmt: str
) -> None:
    wgs84, vn2000 = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
    _export(registry, province, fmt, wgs84)
    _export(registry, province, fmt, vn2000, crs=export_crs("EPSG:9209"))
    to_vn2000 = Transformer.from_crs(4326, 9209, always_xy=True)
    if fmt == "csv":
        before, after = pd.read_csv(wgs84), pd.read_csv(vn2000)
        lon, lat, x, y = before["lon"], before["lat"], after["x"], after["y"]
    else:
        layer = {"layer": "points"} if fmt == "gpkg" else {}
        before, after = gpd.read_file(wgs84, **layer), gpd.read_file(vn2000, **layer)
        assert after.crs.to_epsg() == 9209
        lon, lat, x, y = before.geometry.x, before.geometry.y, after.geometry.x, after.geometry.y
    ex, ey = to_vn2000.transform(lon.to_numpy(), lat.to_numpy())
    assert abs(x.to_numpy() - ex).max() < 0.001 and abs(y.to_numpy() - ey).max() < 0.001


@pytest.mark.parametrize("text", ["EPSG:3857", "VN-2000", "9209x"])
def test_a_crs_other_than_wgs84_or_vn2000_is_refused(text: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        export_crs(text)
    assert refused.value.code == "export.bad_crs" and "EPSG:9209" in str(refused.value.expected)


def test_the_geopackage_opens_styled_in_qgis(
    registry: Registry, province: list[Commune], tmp_path: Path
) -> None:
    out = tmp_path / "province.gpkg"
    _export(registry, province, "gpkg", out, lang="vi")
    assert sorted(name for name, _ in pyogrio.list_layers(out)) == [
        "layer_styles",
        "points",
        "villages",
    ]
    villages = gpd.read_file(out, layer="villages")
    assert len(villages) == 6 and set(villages["commune"]) == {"xã Thạch Bình", "xã Thạch Hạ"}
    first = villages[
        (villages["commune_code"] == "18112") & (villages["village"] == VILLAGES[0][0])
    ]
    assert first["installed"].tolist() == [1] and first["percent_installed"].tolist() == [50.0]
    with sqlite3.connect(out) as db:
        assert db.execute("PRAGMA application_id").fetchone()[0] == GPKG_APPLICATION_ID
        assert db.execute("PRAGMA user_version").fetchone()[0] == GPKG_USER_VERSION == 10200
        styles = db.execute(
            "SELECT f_table_name, f_geometry_column, styleQML, useAsDefault FROM layer_styles"
        ).fetchall()
        columns = {r[1] for r in db.execute("PRAGMA table_info(layer_styles)")}
    assert {
        "f_table_catalog",
        "f_table_schema",
        "styleName",
        "styleSLD",
        "description",
        "owner",
        "ui",
        "update_time",
    } <= columns
    by_table = {
        table: (geometry, ET.fromstring(qml), default) for table, geometry, qml, default in styles
    }
    assert set(by_table) == {"points", "villages"} and all(d == 1 for _, _, d in by_table.values())
    points_style = by_table["points"][1]
    renderer = points_style.find("renderer-v2")
    assert renderer is not None and renderer.get("attr") == "status"
    classes = {c.get("value"): c.get("label") for c in renderer.iter("category")}
    assert classes == {s.value: label(s, "vi") for s in Status}
    aliases = {a.get("field"): a.get("name") for a in points_style.iter("alias")}
    assert aliases["commune"] == "Xã" and set(aliases) == set(EXPORT_FIELDS)
    villages_style = by_table["villages"][1].find("renderer-v2")
    assert villages_style is not None and villages_style.get("attr") == "percent_installed"
    assert len(list(villages_style.iter("range"))) == 5


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin is not installed")
def test_ogrinfo_opens_the_geopackage_without_a_warning(
    registry: Registry, province: list[Commune], tmp_path: Path
) -> None:
    out = tmp_path / "province.gpkg"
    _export(registry, province, "gpkg", out)
    done = subprocess.run(
        ["ogrinfo", "-ro", "-so", "-al", str(out)], capture_output=True, text=True, check=True
    )
    assert "Warning" not in done.stderr and "ERROR" not in done.stderr, done.stderr
    assert "Layer name: points" in done.stdout and "Layer name: villages" in done.stdout
    assert "Layer name: layer_styles" in done.stdout


def test_the_command_exports_a_province_without_commune(
    registry: Registry, province: list[Commune], db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "all.csv"
    result = cli(
        "export", "--format", "csv", "--out", str(out), "--db", db_url, "--crs", "EPSG:9209"
    )
    assert result.code == 0, result.err
    frame = _read(out)
    assert set(frame["commune"]) == {"xã Thạch Bình", "xã Thạch Hạ"} and "x" in frame.columns
    one = tmp_path / "one.csv"
    assert (
        cli(
            "export",
            "--format",
            "csv",
            "--out",
            str(one),
            "--db",
            db_url,
            "--commune",
            "xã Thạch Bình",
        ).code
        == 0
    )
    assert set(_read(one)["commune"]) == {"xã Thạch Bình"}
    refused = cli(
        "export",
        "--format",
        "csv",
        "--out",
        str(tmp_path / "x.csv"),
        "--db",
        db_url,
        "--crs",
        "EPSG:3857",
    )
    assert refused.code == 1 and "EPSG:9209" in refused.err


def test_an_officer_records_the_national_code_and_the_export_carries_it(
    registry: Registry, province: list[Commune], db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    where = ("--db", db_url, "--commune", "xã Thạch Bình")
    done = cli("points", "edit", "A2", "--national-code", "42011-8000-0099", *where)
    assert done.code == 0, done.err
    shown = cli("points", "show", "A2", "--json", *where)
    assert json.loads(shown.out)["national_code"] == "42011-8000-0099"
    assert "42011-8000-0099" in cli("points", "show", "A2", *where).out
    bad = cli("points", "edit", "A2", "--national-code", "4201 180", *where)
    assert bad.code == 1 and "4201 180" in bad.err
    out = tmp_path / "codes.csv"
    assert cli("export", "--format", "csv", "--out", str(out), "--db", db_url).code == 0
    by_ref = _read(out).set_index("ref")["national_code"]
    assert by_ref["A2"] == "42011-8000-0099" and by_ref["B1"] == "4201180000012"
    cleared = cli("points", "edit", "A2", "--national-code", "", *where)
    assert (
        cleared.code == 0
        and json.loads(cli("points", "show", "A2", "--json", *where).out)["national_code"] is None
    )
