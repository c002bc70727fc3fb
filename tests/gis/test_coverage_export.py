"""Coverage in CONTRACT.md's exact shape, cumulative along the lifecycle; export with CONTRACT.md's
fields in three formats and as a sheet for people in Excel, read back by geopandas/pandas/openpyxl;
import → export → import is the identity (the Excel sheet re-imported by its Vietnamese headers)."""

from __future__ import annotations

import json
import random
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import geopandas as gpd
import openpyxl
import pandas as pd
import pytest
from sqlalchemy import select, update

from addrgen.codes import format_code, parse_code
from addrgen.pluscode import decode
from gis.errors import Conflict, InvalidInput
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune, add_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point, retire_point
from gis.registry.villages import import_villages, set_village
from gis.storage.db import Registry, open_registry
from gis.storage.schema import points
from gis.views.coverage import coverage
from gis.views.exporting import EXPORT_FIELDS, export_points
from tests.conftest import ACTOR
from tests.geometries import LAT_HI, LAT_LO, VILLAGES, write_villages

CONTRACT_FIELDS = [
    "code",
    "code_display",
    "plus_code",
    "kind",
    "name",
    "village",
    "status",
    "needs_review",
    "ref",
    "address",
    # Issue 18: the province's and the GIS user's fields, after the first ten.
    "commune",
    "commune_code",
    "house_number",
    "street",
    "national_code",
    "batch",
    "printed_at",
    "notified_at",
    "installed_at",
]
COMMUNE_KEYS = [
    "name",
    "total",
    "coded",
    "printed",
    "installed",
    "needs_review",
    "notified",
    "remaining",
    "percent_installed",
    "percent_notified",
    "expected",
]
VILLAGE_KEYS = [
    "village",
    "total",
    "by_kind",
    "coded",
    "printed",
    "installed",
    "needs_review",
    "notified",
    "remaining",
    "percent_installed",
    "percent_notified",
    "expected",
]
NAMES = [v[0] for v in VILLAGES]


def _doc(registry: Registry, commune: Commune) -> dict[str, Any]:
    with registry.read() as conn:
        doc = coverage(conn, commune)
    # What the CLI prints and a client reads: it survives JSON unchanged.
    assert json.loads(json.dumps(doc)) == doc
    return doc


def _add(registry: Registry, commune: Commune, lon: float, lat: float, kind: str, ref: str) -> None:
    add_point(
        registry,
        commune,
        kind=kind,
        lon=lon,
        lat=lat,
        name=f"Điểm {ref}",
        ref=ref,
        actor=ACTOR,
    )


def _set_status(registry: Registry, refs: list[str], **values: Any) -> None:
    """Stand-in for printing and installing (later issues): raw updates of the status."""
    with registry.write() as conn:
        conn.execute(update(points).where(points.c.ref.in_(refs)).values(**values))


@pytest.fixture
def lifecycle(registry: Registry, small_commune: Commune) -> Commune:
    """First village: 10 points (8 households, 1 agency, 1 heritage) all coded, then 4 printed
    of which 2 installed (one flagged for review), and 1 more retired; 3 households told of
    the notice (A0, A2, A3) and the retired one too (left out); second village: 3
    households, registered only."""
    lo = VILLAGES[0][1]
    kinds = ["household"] * 8 + ["agency", "heritage"]
    for i, kind in enumerate(kinds):
        _add(registry, small_commune, lo + 0.0005 + 0.0009 * i, 18.315, kind, f"A{i}")
    extra = "A10"
    _add(registry, small_commune, lo + 0.0005, 18.317, "household", extra)
    issue_codes(registry, small_commune, actor=ACTOR)
    for i in range(3):
        _add(
            registry,
            small_commune,
            VILLAGES[1][1] + 0.002 + 0.001 * i,
            18.315,
            "household",
            f"B{i}",
        )
    _set_status(registry, ["A0", "A1"], status="printed")
    _set_status(registry, ["A2", "A3"], status="installed")
    _set_status(registry, ["A3", "B0"], needs_review=True)
    _set_status(registry, ["A0", "A2", "A3", extra], notified_at=datetime.now(UTC))
    retire_point(registry, small_commune, extra, reason="demolished", actor=ACTOR)
    return small_commune


def test_coverage_of_an_empty_commune_is_contracts_shape(
    registry: Registry, small_commune: Commune
) -> None:
    doc = _doc(registry, small_commune)
    assert doc == {
        "commune": {
            "name": "xã Thạch Bình",
            "total": 0,
            "coded": 0,
            "printed": 0,
            "installed": 0,
            "needs_review": 0,
            "notified": 0,
            "remaining": 0,
            "percent_installed": 0.0,
            "percent_notified": 0.0,
            "expected": None,
        },
        "villages": [
            {
                "village": name,
                "total": 0,
                "by_kind": {"household": 0, "agency": 0, "heritage": 0},
                "coded": 0,
                "printed": 0,
                "installed": 0,
                "needs_review": 0,
                "notified": 0,
                "remaining": 0,
                "percent_installed": 0.0,
                "percent_notified": 0.0,
                "expected": None,
            }
            for name in NAMES
        ],
    }


def test_coverage_keys_are_in_contracts_order(registry: Registry, lifecycle: Commune) -> None:
    doc = _doc(registry, lifecycle)
    assert list(doc) == ["commune", "villages"]
    assert list(doc["commune"]) == COMMUNE_KEYS
    for village in doc["villages"]:
        assert list(village) == VILLAGE_KEYS
        assert list(village["by_kind"]) == ["household", "agency", "heritage"]
    text = json.dumps(doc)
    assert text.index('"total"') < text.index('"coded"') < text.index('"remaining"')


def test_coverage_counts_are_cumulative_and_leave_out_retired(
    registry: Registry, lifecycle: Commune
) -> None:
    doc = _doc(registry, lifecycle)
    first, second, empty = doc["villages"]
    assert [v["village"] for v in doc["villages"]] == NAMES  # registry order
    assert first == {
        "village": NAMES[0],
        "total": 10,
        "by_kind": {"household": 8, "agency": 1, "heritage": 1},
        "coded": 10,
        "printed": 4,
        "installed": 2,
        "needs_review": 1,
        "notified": 3,
        "remaining": 8,
        "percent_installed": 20.0,
        "percent_notified": 30.0,
        "expected": None,
    }
    assert second | {"by_kind": None} == {
        "village": NAMES[1],
        "total": 3,
        "by_kind": None,
        "coded": 0,
        "printed": 0,
        "installed": 0,
        "needs_review": 1,
        "notified": 0,
        "remaining": 3,
        "percent_installed": 0.0,
        "percent_notified": 0.0,
        "expected": None,
    }
    assert empty["total"] == 0 and empty["percent_installed"] == 0.0
    assert doc["commune"] == {
        "name": "xã Thạch Bình",
        "total": 13,
        "coded": 10,
        "printed": 4,
        "installed": 2,
        "needs_review": 2,
        "notified": 3,
        "remaining": 11,
        "percent_installed": round(100 * 2 / 13, 1),
        "percent_notified": round(100 * 3 / 13, 1),
        "expected": None,
    }


def test_percent_is_a_float_from_0_to_100(registry: Registry, lifecycle: Commune) -> None:
    with registry.write() as conn:
        conn.execute(update(points).where(points.c.status != "retired").values(status="installed"))
    doc = _doc(registry, lifecycle)
    assert doc["commune"]["percent_installed"] == 100.0
    assert doc["commune"]["remaining"] == 0
    assert all(isinstance(v["percent_installed"], float) for v in doc["villages"])


def test_expected_is_null_until_set(registry: Registry, lifecycle: Commune) -> None:
    set_village(registry, lifecycle, NAMES[0], expected=12, actor=ACTOR)
    doc = _doc(registry, lifecycle)
    assert [v["expected"] for v in doc["villages"]] == [12, None, None]
    assert doc["commune"]["expected"] is None  # unknown while any village's is unknown
    set_village(registry, lifecycle, NAMES[1], expected=5, actor=ACTOR)
    set_village(registry, lifecycle, NAMES[2], expected=0, actor=ACTOR)
    doc = _doc(registry, lifecycle)
    assert [v["expected"] for v in doc["villages"]] == [12, 5, 0]
    assert doc["commune"]["expected"] == 17


# --- export --------------------------------------------------------------------------------


def test_export_fields_are_contracts() -> None:
    assert list(EXPORT_FIELDS) == CONTRACT_FIELDS


def _check_frame(frame: pd.DataFrame) -> None:
    assert len(frame) == 14  # retired points are exported too
    by_ref = {r["ref"]: r for r in frame.to_dict("records")}
    a0 = by_ref["A0"]
    assert a0["status"] == "printed" and a0["village"] == NAMES[0] and a0["kind"] == "household"
    assert a0["code_display"] == format_code(a0["code"])
    assert by_ref["A10"]["status"] == "retired" and by_ref["A10"]["code"]
    assert by_ref["B0"]["code"] in ("", None) or pd.isna(by_ref["B0"]["code"])
    assert bool(by_ref["A3"]["needs_review"]) is True
    assert bool(by_ref["A2"]["needs_review"]) is False
    assert by_ref["A8"]["kind"] == "agency" and by_ref["A9"]["kind"] == "heritage"
    assert by_ref["A9"]["name"] == "Điểm A9"
    for row in frame.to_dict("records"):
        code = row["code"]
        if isinstance(code, str) and code:
            assert parse_code(code).verified


@pytest.mark.parametrize("fmt", ["geojson", "gpkg"])
def test_export_gis_formats(
    registry: Registry, lifecycle: Commune, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"points.{fmt}"
    with registry.read() as conn:
        assert export_points(conn, lifecycle, fmt, out) == 14  # type: ignore[arg-type]
    frame = gpd.read_file(out, engine="pyogrio")
    assert [c for c in frame.columns if c != "geometry"] == CONTRACT_FIELDS
    assert frame.crs is not None and frame.crs.to_epsg() == 4326
    assert set(frame.geometry.geom_type) == {"Point"}
    for geom, plus in zip(frame.geometry, frame["plus_code"], strict=True):
        # OLC rounds at 1e-10° before flooring (as the reference implementation does).
        area = decode(plus)
        assert area.latitude_lo - 1e-9 <= geom.y < area.latitude_hi
        assert area.longitude_lo - 1e-9 <= geom.x < area.longitude_hi
    _check_frame(pd.DataFrame(frame.drop(columns="geometry")))
    if fmt == "geojson":
        raw = json.loads(out.read_text(encoding="utf-8"))
        props = raw["features"][0]["properties"]
        assert list(props) == CONTRACT_FIELDS
        assert isinstance(props["needs_review"], bool)


def test_export_csv(registry: Registry, lifecycle: Commune, tmp_path: Path) -> None:
    out = tmp_path / "points.csv"
    with registry.read() as conn:
        export_points(conn, lifecycle, "csv", out)
    assert out.read_bytes().startswith(b"\xef\xbb\xbfcode,")  # a BOM, then the contract
    frame = pd.read_csv(out, dtype={"code": str, "ref": str}, encoding="utf-8-sig")
    assert list(frame.columns) == [*CONTRACT_FIELDS, "lon", "lat"]
    _check_frame(frame)
    with registry.read() as conn:
        stored = {r.ref: (r.lon, r.lat) for r in conn.execute(select(points))}
    for row in frame.to_dict("records"):
        assert (row["lon"], row["lat"]) == stored[row["ref"]]


VI_HEADERS = [
    "Mã địa chỉ số",
    "Mã địa chỉ số (như trên biển)",
    "Mã vị trí (Plus Code)",
    "Loại",
    "Tên",
    "Thôn",
    "Trạng thái",
    "Cần kiểm tra",
    "Mã tham chiếu",
    "Địa chỉ",
    "Xã",
    "Mã xã",
    "Số nhà",
    "Đường, phố",
    "Mã trên nền tảng địa chỉ số quốc gia",
    "Đợt in",
    "Ngày in biển",
    "Ngày thông báo",
    "Ngày gắn biển",
    "Kinh độ",
    "Vĩ độ",
]


def _sheet(path: Path) -> list[dict[str, Any]]:
    sheet = openpyxl.load_workbook(path).active
    assert sheet is not None
    header, *rows = sheet.iter_rows()
    return [{str(h.value): cell for h, cell in zip(header, row, strict=True)} for row in rows]


def test_export_xlsx_is_a_sheet_for_people(
    registry: Registry, lifecycle: Commune, tmp_path: Path
) -> None:
    out = tmp_path / "points.xlsx"
    with registry.read() as conn:
        export_points(conn, lifecycle, "xlsx", out)
    rows = _sheet(out)
    assert list(rows[0]) == VI_HEADERS and len(rows) == 14
    by_ref = {r["Mã tham chiếu"].value: r for r in rows}
    a0, a3 = by_ref["A0"], by_ref["A3"]
    assert (a0["Loại"].value, a0["Trạng thái"].value) == ("Hộ gia đình", "Đã in biển")
    assert (a0["Cần kiểm tra"].value, a3["Cần kiểm tra"].value) == ("Không", "Có")
    assert by_ref["A8"]["Loại"].value == "Cơ quan, tổ chức"
    assert by_ref["A10"]["Trạng thái"].value == "Đã thu hồi"
    for row in rows:  # codes are text, never numbers (an 11-digit number shows as 1.81E+10)
        for header in ("Mã địa chỉ số", "Mã địa chỉ số (như trên biển)", "Mã tham chiếu"):
            assert row[header].number_format == "@"
            assert row[header].data_type == "s" or row[header].value is None
    assert a0["Mã địa chỉ số"].value.isdigit() and len(a0["Mã địa chỉ số"].value) == 11
    assert by_ref["B0"]["Mã địa chỉ số"].value is None  # no code yet: an empty cell
    with registry.read() as conn:
        stored = {r.ref: (r.lon, r.lat) for r in conn.execute(select(points))}
    for ref, row in by_ref.items():
        # Numbers stay numbers; Excel keeps 15 significant digits (≈ 1e-13° here).
        position = (row["Kinh độ"].value, row["Vĩ độ"].value)
        assert position == pytest.approx(stored[ref], abs=1e-12)


def test_export_xlsx_in_english(registry: Registry, lifecycle: Commune, tmp_path: Path) -> None:
    out = tmp_path / "points.xlsx"
    with registry.read() as conn:
        export_points(conn, lifecycle, "xlsx", out, lang="en")
    rows = _sheet(out)
    assert list(rows[0])[:4] == ["Digital address code", "Code as printed", "Plus Code", "Kind"]
    a0 = next(r for r in rows if r["Source reference"].value == "A0")
    assert (a0["Kind"].value, a0["Status"].value, a0["Needs review"].value) == (
        "Household",
        "Plate printed",
        "No",
    )


def test_export_refuses_to_overwrite(
    registry: Registry, lifecycle: Commune, tmp_path: Path
) -> None:
    out = tmp_path / "points.csv"
    out.write_text("keep me", encoding="utf-8")
    with registry.read() as conn, pytest.raises(Conflict, match="already exists") as info:
        export_points(conn, lifecycle, "csv", out)
    assert (info.value.code, info.value.field, info.value.value) == (
        "output.exists",
        "out",
        str(out),
    )
    assert out.read_text(encoding="utf-8") == "keep me"
    with registry.read() as conn, pytest.raises(InvalidInput, match="no folder") as refused:
        export_points(conn, lifecycle, "csv", tmp_path / "missing" / "p.csv")
    assert (refused.value.code, refused.value.value) == (
        "output.no_folder",
        str(tmp_path / "missing"),
    )


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "xlsx"])
def test_export_of_an_empty_registry(
    registry: Registry, small_commune: Commune, tmp_path: Path, fmt: str
) -> None:
    out = tmp_path / f"empty.{fmt}"
    with registry.read() as conn:
        assert export_points(conn, small_commune, fmt, out) == 0  # type: ignore[arg-type]
    assert out.exists()


# --- round trip ----------------------------------------------------------------------------

NAME_PARTS = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ"]
AWKWARD = ['Nhà "Bác Hồ", số 1', "Cửa hàng; tạp hóa", "  =SUM(A1)", "Chợ\tMới", "ĐÌNH LÀNG"]


def _random_points(seed: int, n: int) -> list[tuple[str | None, str, str | None, float, float]]:
    """(ref, kind, name, lon, lat) spread over the two first villages, ≥ 5 m apart."""
    rng = random.Random(seed)
    cells = rng.sample(range(76 * 36), n)  # a grid of 0.00025° (≈ 26 m) cells
    found = []
    for k, cell in enumerate(cells):
        cx, cy = cell % 76, cell // 76
        lon = round(VILLAGES[0][1] + 0.0002 + cx * 0.00025 + rng.uniform(0, 0.0001), 7)
        lat = round(LAT_LO + 0.0002 + cy * 0.00025 + rng.uniform(0, 0.0001), 7)
        kind = rng.choice(["household", "household", "household", "agency", "heritage"])
        name: str | None = rng.choice(
            [f"{rng.choice(NAME_PARTS)} Văn {k}", rng.choice(AWKWARD) + f" {k}"]
        )
        if kind == "household" and rng.random() < 0.2:
            name = None
        ref = None if rng.random() < 0.1 else f"R-{seed}-{k:03d}"
        found.append((ref, kind, name, lon, lat))
    assert max(p[4] for p in found) < LAT_HI and max(p[3] for p in found) < VILLAGES[1][2]
    return found


def _fresh(path: Path) -> tuple[Registry, Commune]:
    reg = open_registry(f"sqlite:///{path}")
    commune = add_commune(
        reg, name="xã Thạch Bình", commune_code="18112", area_number=18112, actor=ACTOR
    )
    import_villages(reg, commune, write_villages(path.with_suffix(".geojson")), actor=ACTOR)
    return reg, commune


def _identity(registry: Registry) -> set[tuple[str | None, str, str | None, float, float]]:
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.ref, points.c.kind, points.c.name, points.c.lon, points.c.lat)
        ).all()
    return {(r.ref, r.kind, r.name, r.lon, r.lat) for r in rows}


def _import_export(
    reg: Registry,
    commune: Commune,
    source: Path,
    out: Path,
    fmt: str,
    *,
    options: ImportOptions,
) -> None:
    """Import with the given column names, then export to ``out``."""
    import_points(reg, commune, source, options, actor=ACTOR)
    with reg.read() as conn:
        export_points(conn, commune, fmt, out)  # type: ignore[arg-type]


CONTRACT_COLUMNS = ImportOptions(
    kind="household", kind_field="kind", name_field="name", lon_field="lon", lat_field="lat"
)


def _export_columns(fmt: str) -> ImportOptions:
    """How an export names the columns an import reads: the contract's names, or the people's
    sheet's headers (its longitude and latitude found by their Vietnamese names)."""
    if fmt == "xlsx":
        return ImportOptions(
            kind="household", kind_field="Loại", name_field="Tên", ref_field="Mã tham chiếu"
        )
    if fmt == "csv":
        return replace(CONTRACT_COLUMNS, ref_field="ref")
    # The GeoPackage holds a villages layer too (issue 18): the points are its `points` layer.
    layer = "points" if fmt == "gpkg" else None
    return replace(CONTRACT_COLUMNS, ref_field="ref", lon_field=None, lat_field=None, layer=layer)


@pytest.mark.parametrize(
    ("fmt", "seed"), [("csv", 1), ("csv", 2), ("xlsx", 3), ("geojson", 4), ("gpkg", 5)]
)
def test_import_export_import_is_the_identity(tmp_path: Path, fmt: str, seed: int) -> None:
    points_in = _random_points(seed, 60)
    source = tmp_path / "source.csv"
    pd.DataFrame(points_in, columns=["ref", "kind", "name", "lon", "lat"]).to_csv(
        source, index=False
    )
    first, first_commune = _fresh(tmp_path / "first.sqlite")
    second, second_commune = _fresh(tmp_path / "second.sqlite")
    try:
        _import_export(
            first,
            first_commune,
            source,
            tmp_path / f"one.{fmt}",
            fmt,
            options=CONTRACT_COLUMNS,
        )
        # Imports collapse whitespace in names (a tab is a space): what the registry holds.
        expected = {
            (ref, kind, " ".join((name or "").split()) or None, lon, lat)
            for ref, kind, name, lon, lat in points_in
        }
        assert _identity(first) == expected
        _import_export(
            second,
            second_commune,
            tmp_path / f"one.{fmt}",
            tmp_path / f"two.{fmt}",
            fmt,
            options=_export_columns(fmt),
        )
        assert _identity(second) == expected
    finally:
        first.dispose()
        second.dispose()


def test_xlsx_export_keeps_formula_like_names_as_text(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    add_point(
        registry,
        small_commune,
        kind="agency",
        lon=105.915,
        lat=18.315,
        name='=HYPERLINK("http://example.com","x")',
        actor=ACTOR,
    )
    out = tmp_path / "p.xlsx"
    with registry.read() as conn:
        export_points(conn, small_commune, "xlsx", out)
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    cell = sheet.cell(row=2, column=VI_HEADERS.index("Tên") + 1)
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("http://example.com","x")'
