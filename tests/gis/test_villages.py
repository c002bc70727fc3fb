"""`villages import` and `villages set`: formats, registry ordinals, expected counts, repaired
and rejected polygons, overlaps, idempotent re-import, renames."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import geopandas as gpd
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box
from sqlalchemy import func, select

from gis.errors import Conflict, ImportRejected, InvalidInput, NotFound
from gis.registry.communes import Commune
from gis.registry.villages import import_villages, list_villages, set_village
from gis.storage.db import Registry
from gis.storage.schema import events, villages
from tests.conftest import ACTOR, CliRunner
from tests.geometries import LAT_HI, LAT_LO, VILLAGES, village_features, write_villages

NAMES = [name for name, _, _ in VILLAGES]


def _frame(rows: Sequence[tuple[str, Any, int | None]]) -> gpd.GeoDataFrame:
    return gpd.GeoDataFrame(
        {"ten_thon": [r[0] for r in rows], "so_ho": [r[2] for r in rows]},
        geometry=[r[1] for r in rows],
        crs="EPSG:4326",
    )


def _boxes() -> list[tuple[str, Polygon, int]]:
    return [
        (name, box(lo, LAT_LO, hi, LAT_HI), 10 * (i + 1))
        for i, (name, lo, hi) in enumerate(VILLAGES)
    ]


def _write_geojson(path: Path, rows: Sequence[tuple[str, Any, int | None]]) -> Path:
    _frame(rows).to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def _count(registry: Registry, table: Any = villages) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _import(registry: Registry, commune: Commune, path: Path, **kw: Any) -> Any:
    return import_villages(registry, commune, path, actor=ACTOR, **kw)


def _villages(registry: Registry, commune: Commune) -> list[tuple[int, str, int | None]]:
    with registry.read() as conn:
        return [(v.ordinal, v.name, v.expected) for v in list_villages(conn, commune)]


def test_geojson_import_in_file_order(registry: Registry, commune: Commune, tmp_path: Path) -> None:
    result = _import(registry, commune, write_villages(tmp_path / "v.geojson"))
    assert result.added == NAMES and result.unchanged == [] and result.problems == []
    assert _villages(registry, commune) == [
        (1, NAMES[0], None),
        (2, NAMES[1], None),
        (3, NAMES[2], None),
    ]
    with registry.read() as conn:
        stored = list_villages(conn, commune)
        actions = conn.execute(select(events.c.action).where(events.c.entity == "village")).all()
    assert stored[0].boundary.equals(box(VILLAGES[0][1], LAT_LO, VILLAGES[0][2], LAT_HI))
    assert [a[0] for a in actions] == ["village.add"] * 3


@pytest.mark.parametrize(("suffix", "driver"), [(".gpkg", "GPKG"), (".shp", "ESRI Shapefile")])
def test_geopackage_and_shapefile_import(
    registry: Registry, commune: Commune, tmp_path: Path, suffix: str, driver: str
) -> None:
    path = tmp_path / f"villages{suffix}"
    _frame(_boxes()).to_file(path, driver=driver, engine="pyogrio")
    result = _import(registry, commune, path, expected_field="so_ho")
    assert result.added == NAMES
    assert _villages(registry, commune) == [(1, NAMES[0], 10), (2, NAMES[1], 20), (3, NAMES[2], 30)]


def test_a_geopackage_of_two_layers_is_refused_naming_them_then_read_by_layer(
    cli: CliRunner, tmp_path: Path
) -> None:
    """The refusal names --layer, which villages import takes as points import does (the
    refusal once named an option the command did not have)."""
    path = tmp_path / "thon.gpkg"
    boxes = _boxes()
    _frame(boxes[:1]).to_file(path, layer="phia_bac", driver="GPKG", engine="pyogrio")
    _frame(boxes[1:]).to_file(path, layer="phia_nam", driver="GPKG", engine="pyogrio")
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    refused = cli("villages", "import", str(path), "--db", db)
    assert refused.code == 1 and len(refused.err.splitlines()) == 1, refused.err
    assert "phia_bac, phia_nam" in refused.err and "--layer" in refused.err
    unknown = cli("villages", "import", str(path), "--layer", "nope", "--db", db)
    assert unknown.code == 1 and "phia_bac, phia_nam" in unknown.err
    read = cli("villages", "import", str(path), "--layer", "phia_nam", "--db", db)
    assert read.code == 0, read.err
    assert "2 village(s) added" in read.err


def test_a_projected_layer_is_reprojected_to_wgs84(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    path = tmp_path / "vn2000.gpkg"
    _frame(_boxes()).to_crs("EPSG:9209").to_file(path, driver="GPKG", engine="pyogrio")
    _import(registry, commune, path)
    with registry.read() as conn:
        first = list_villages(conn, commune)[0].boundary
    assert first.bounds == pytest.approx((VILLAGES[0][1], LAT_LO, VILLAGES[0][2], LAT_HI), abs=1e-6)


def test_a_second_import_continues_the_ordinals(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    boxes = _boxes()
    _import(registry, commune, _write_geojson(tmp_path / "a.geojson", boxes[:2]))
    result = _import(registry, commune, _write_geojson(tmp_path / "b.geojson", boxes[2:]))
    assert result.added == [NAMES[2]]
    assert [(o, n) for o, n, _ in _villages(registry, commune)] == [
        (1, NAMES[0]),
        (2, NAMES[1]),
        (3, NAMES[2]),
    ]


def test_ordinals_are_file_order_not_name_order(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    rows = [
        ("Xóm Mới", box(105.91, LAT_LO, 105.92, LAT_HI), None),
        ("Bình Lý", box(105.92, LAT_LO, 105.93, LAT_HI), None),
        ("Đông Nam", box(105.93, LAT_LO, 105.94, LAT_HI), None),
    ]
    _import(registry, commune, _write_geojson(tmp_path / "v.geojson", rows))
    assert [n for _, n, _ in _villages(registry, commune)] == ["Xóm Mới", "Bình Lý", "Đông Nam"]


def test_expected_counts_from_a_field_and_by_hand(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    _import(registry, commune, write_villages(tmp_path / "v.geojson"), expected_field="so_ho")
    assert [e for _, _, e in _villages(registry, commune)] == [10, 20, 30]
    before = _count(registry, events)
    village = set_village(registry, commune, NAMES[1], expected=25, actor=ACTOR)
    assert village.expected == 25
    assert [e for _, _, e in _villages(registry, commune)] == [10, 25, 30]
    with registry.read() as conn:
        event = conn.execute(select(events).order_by(events.c.id.desc())).first()
    assert _count(registry, events) == before + 1
    assert event is not None
    assert (event.action, event.before, event.after) == (
        "village.set",
        {"expected": 20},
        {"expected": 25},
    )


def test_missing_expected_values_are_null(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    rows: list[tuple[str, Any, int | None]] = [(n, g, None) for n, g, _ in _boxes()]
    rows[0] = (rows[0][0], rows[0][1], 12)
    _import(registry, commune, _write_geojson(tmp_path / "v.geojson", rows), expected_field="so_ho")
    assert [e for _, _, e in _villages(registry, commune)] == [12, None, None]


# pyogrio warns that a column mixing numbers and text stays text: that is what we want here.
@pytest.mark.filterwarnings("ignore:Could not parse column")
@pytest.mark.parametrize("value", ["-3", "12.5", "nhiều"])
def test_a_bad_expected_value_is_named(
    registry: Registry, commune: Commune, tmp_path: Path, value: str
) -> None:
    data = village_features()
    data["features"][1]["properties"]["so_ho"] = value
    path = tmp_path / "v.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(ImportRejected) as info:
        _import(registry, commune, path, expected_field="so_ho")
    (problem,) = info.value.problems
    assert (problem.row, problem.field, problem.value) == (2, "so_ho", value)
    assert _count(registry) == 0


def test_set_expected_refuses_a_negative_count(registry: Registry, small_commune: Commune) -> None:
    with pytest.raises(InvalidInput) as info:
        set_village(registry, small_commune, NAMES[0], expected=-1, actor=ACTOR)
    assert (info.value.code, info.value.field, info.value.value) == (
        "village.bad_expected",
        "expected",
        "-1",
    )


def test_an_invalid_bow_tie_is_repaired_with_a_warning(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    lo, hi = VILLAGES[0][1], VILLAGES[0][2]
    bow_tie = Polygon([(lo, LAT_LO), (hi, LAT_HI), (hi, LAT_LO), (lo, LAT_HI), (lo, LAT_LO)])
    assert not bow_tie.is_valid
    rows: list[tuple[str, Any, int | None]] = [(NAMES[0], bow_tie, None), *_boxes()[1:]]
    path = _write_geojson(tmp_path / "v.geojson", rows)
    result = _import(registry, commune, path)
    assert result.added == NAMES
    (warning,) = result.warnings
    assert warning.row == 1 and "repaired" in warning.message() and NAMES[0] in warning.message()
    with registry.read() as conn:
        stored = list_villages(conn, commune)[0].boundary
    # Both triangles are kept (buffer(0) would have dropped one): half the village's box.
    assert stored.is_valid
    assert stored.area == pytest.approx(0.5 * box(lo, LAT_LO, hi, LAT_HI).area, rel=1e-6)
    # The repaired village is found by the spatial join: both triangles of the bow-tie count.
    middle = (LAT_LO + LAT_HI) / 2
    assert stored.contains(Point(lo + 0.001, middle))
    assert stored.contains(Point(hi - 0.001, middle))
    # A second import of the same file repairs it the same way and changes nothing.
    again = _import(registry, commune, path)
    assert again.added == [] and again.unchanged == NAMES


@pytest.mark.parametrize(
    "geometry",
    [Point(105.915, 18.315), LineString([(105.91, 18.31), (105.92, 18.32)])],
    ids=["point", "line"],
)
def test_a_non_polygon_is_rejected_with_nothing_written(
    registry: Registry, commune: Commune, tmp_path: Path, geometry: Any
) -> None:
    data = village_features()
    data["features"][2]["geometry"] = shapely.geometry.mapping(geometry)
    path = tmp_path / "v.geojson"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    events_before = _count(registry, events)
    with pytest.raises(ImportRejected) as info:
        _import(registry, commune, path)
    errors = [p for p in info.value.problems if p.severity == "error"]
    assert len(errors) == 1
    assert (errors[0].row, errors[0].code) == (3, "villages.not_polygon")
    assert "expected a polygon" in errors[0].message()
    assert "ranh giới thôn phải là một vùng" in errors[0].message("vi")
    assert "no village was imported" in str(info.value)
    assert _count(registry) == 0
    assert _count(registry, events) == events_before


def test_a_points_file_is_not_a_village_layer(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    path = tmp_path / "p.csv"
    path.write_text("ten_thon,x,y\nA,105.9,18.3\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="polygons") as info:
        _import(registry, commune, path)
    assert (info.value.code, info.value.value) == ("villages.not_a_layer", "p.csv")


def test_overlapping_villages_are_reported(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    boxes = _boxes()
    # The second village reaches 0.002° (≈ 210 m) into the first.
    wide = box(VILLAGES[1][1] - 0.002, LAT_LO, VILLAGES[1][2], LAT_HI)
    rows: list[tuple[str, Any, int | None]] = [boxes[0], (NAMES[1], wide, None), boxes[2]]
    result = _import(registry, commune, _write_geojson(tmp_path / "v.geojson", rows))
    assert result.added == NAMES
    (warning,) = result.warnings
    assert "overlap" in warning.message()
    assert NAMES[0] in warning.message() and NAMES[1] in warning.message()


def test_an_overlap_with_a_registered_village_is_reported(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    extra = box(VILLAGES[2][2] - 0.001, LAT_LO, VILLAGES[2][2] + 0.01, LAT_HI)
    rows: list[tuple[str, Any, int | None]] = [("Thôn Mới", extra, None)]
    result = _import(registry, small_commune, _write_geojson(tmp_path / "n.geojson", rows))
    assert result.added == ["Thôn Mới"]
    assert len(result.warnings) == 1 and NAMES[2] in result.warnings[0].message()


def test_shared_borders_are_not_overlaps(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    assert _import(registry, commune, write_villages(tmp_path / "v.geojson")).warnings == []


def test_reimporting_the_same_file_is_a_no_op(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    before = (_villages(registry, small_commune), _count(registry, events))
    result = _import(registry, small_commune, tmp_path / "villages.geojson")
    assert result.added == [] and result.unchanged == NAMES and result.problems == []
    assert (_villages(registry, small_commune), _count(registry, events)) == before


def test_same_name_with_another_boundary_is_refused(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    moved = box(VILLAGES[0][1], LAT_LO, VILLAGES[0][2], LAT_HI + 0.001)
    rows: list[tuple[str, Any, int | None]] = [
        (NAMES[0], moved, None),
        ("Thôn Mới", box(105.95, LAT_LO, 105.96, LAT_HI), None),
    ]
    before = (_villages(registry, small_commune), _count(registry, events))
    with pytest.raises(ImportRejected) as info:
        _import(registry, small_commune, _write_geojson(tmp_path / "v2.geojson", rows))
    assert any(
        NAMES[0] in p.message() and "different boundary" in p.message() for p in info.value.problems
    )
    assert (_villages(registry, small_commune), _count(registry, events)) == before


def test_a_name_twice_in_one_file_is_refused(
    registry: Registry, commune: Commune, tmp_path: Path
) -> None:
    boxes = _boxes()
    rows: list[tuple[str, Any, int | None]] = [boxes[0], (NAMES[0], boxes[1][1], None)]
    with pytest.raises(ImportRejected) as info:
        _import(registry, commune, _write_geojson(tmp_path / "v.geojson", rows))
    assert [p.row for p in info.value.problems if p.severity == "error"] == [2]
    assert _count(registry) == 0


def test_rename_keeps_ordinal_and_boundary(registry: Registry, small_commune: Commune) -> None:
    with registry.read() as conn:
        old = list_villages(conn, small_commune)[1]
    renamed = set_village(registry, small_commune, NAMES[1], rename=" Thôn Xóm Mới 2 ", actor=ACTOR)
    assert (renamed.id, renamed.name, renamed.ordinal) == (old.id, "Thôn Xóm Mới 2", 2)
    assert renamed.boundary.equals(old.boundary)
    with registry.read() as conn:
        event = conn.execute(select(events).order_by(events.c.id.desc())).first()
    assert event is not None
    assert (event.before, event.after) == ({"name": NAMES[1]}, {"name": "Thôn Xóm Mới 2"})
    with pytest.raises(NotFound):
        set_village(registry, small_commune, NAMES[1], expected=1, actor=ACTOR)


def test_rename_to_a_taken_name_is_refused(registry: Registry, small_commune: Commune) -> None:
    before = _count(registry, events)
    with pytest.raises(Conflict) as info:
        set_village(registry, small_commune, NAMES[1], rename=NAMES[0], actor=ACTOR)
    assert (info.value.code, info.value.field, info.value.value) == (
        "village.name_taken",
        "rename",
        NAMES[0],
    )
    assert [n for _, n, _ in _villages(registry, small_commune)] == NAMES
    assert _count(registry, events) == before


def test_set_on_an_unknown_village_names_the_known_ones(
    registry: Registry, small_commune: Commune
) -> None:
    with pytest.raises(NotFound, match=NAMES[0]) as info:
        set_village(registry, small_commune, "Thôn Không Có", expected=3, actor=ACTOR)
    assert (info.value.code, info.value.value) == ("village.not_found", "Thôn Không Có")
    assert info.value.params["known"] == ", ".join(NAMES)


def test_village_names_keep_the_rules_of_imported_names(cli: CliRunner, tmp_path: Path) -> None:
    """A village's name is printed on every plate of the village: an emoji or a name longer than
    a plate holds is refused at the import and at a rename (an emoji once stopped every plate
    batch of the village), invisible characters are removed and spaces collapsed."""
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    rows = [(n, g, None) for n, g, _ in _boxes()]
    path = tmp_path / "thon.geojson"
    named = ["Thôn 🌾 Mới", "X" * 201, "Bình\u200b\u00a0 Lý"]
    _frame([(new, g, e) for new, (_, g, e) in zip(named, rows, strict=True)]).to_file(path)
    refused = cli("villages", "import", str(path), "--db", db)
    assert refused.code == 1, refused.err
    # A GeoJSON's rows are its features, counted from 1.
    assert "row 1: field 'ten_thon' value 'Thôn 🌾 Mới'" in refused.err and "U+1F33E" in refused.err
    assert (
        "row 2: field 'ten_thon'" in refused.err
        and "201 characters long; at most 200" in refused.err
    )
    assert "row 3" not in refused.err and "Traceback" not in refused.err
    _frame([(named[2], rows[2][1], None)]).to_file(path)
    assert cli("villages", "import", str(path), "--db", db).code == 0
    assert "Bình Lý" in cli("villages", "list", "--db", db).out
    renames = (
        ("villages", "set", "Bình Lý", "--rename"),
        ("villages", "rename", "Bình Lý", "--effective", "2026-01-01", "--to"),
    )
    for rename in renames:
        emoji = cli(*rename, "Bình Lý ☕", "--db", db)
        assert emoji.code == 1 and "U+2615" in emoji.err and len(emoji.err.splitlines()) == 1
        long = cli(*rename, "Y" * 201, "--db", db)
        assert long.code == 1 and "at most 200" in long.err
    assert "Bình Lý" in cli("villages", "list", "--db", db).out
