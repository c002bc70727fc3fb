"""`points import`: each kind of bad row is named; bad rows abort; --skip-bad; dry run;
re-import changes nothing; coordinates from every supported format and CRS."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pytest
import shapely
from pyproj import Transformer
from sqlalchemy import func, select

from gis.errors import ImportRejected, InvalidInput
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import events, points
from tests.conftest import ACTOR
from tests.geometries import (
    INSIDE_FIRST,
    INSIDE_SECOND,
    ON_BORDER,
    ONE_METRE_EAST,
    OUTSIDE,
    write_csv,
)

HEADER = "ma,ten,vi_do,kinh_do"


def _row(ref: str, name: str, lonlat: tuple[float, float]) -> str:
    return f"{ref},{name},{lonlat[1]},{lonlat[0]}"


def _count(registry: Registry) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(points)).scalar_one())


def _import(registry: Registry, commune: Commune, path: Path, **kw: object) -> object:
    options = ImportOptions(**{"kind": "household", **kw})  # type: ignore[arg-type]
    return import_points(registry, commune, path, options, actor=ACTOR)


def _rejected(registry: Registry, commune: Commune, path: Path, **kw: object) -> ImportRejected:
    with pytest.raises(ImportRejected) as info:
        _import(registry, commune, path, **kw)
    return info.value


@pytest.mark.parametrize(
    ("row", "field", "code", "fragment"),
    [
        ("H2,Lê Văn C,,105.915", "vi_do", "import.no_latitude", "no latitude"),
        (
            'H2,Lê Văn C,18.315,"105,93a"',
            "kinh_do",
            "import.longitude_not_a_number",
            "longitude is not a number",
        ),
        (
            "H2,Lê Văn C,95.0,105.915",
            "vi_do",
            "import.latitude_out_of_range",
            "latitude out of range",
        ),
        (
            "H2,Lê Văn C,105.925,18.315",
            "vi_do/kinh_do",
            "import.swapped_coordinates",
            "look swapped",
        ),
        (
            _row("H2", "Lê Văn C", OUTSIDE),
            "position",
            "point.outside_villages",
            "outside every village",
        ),
        (
            _row("H1", "Nguyễn Văn A", ONE_METRE_EAST),
            "position",
            "point.duplicate_of_row",
            "duplicate of row 2",
        ),
        (
            _row("H9", "nguyễn  văn a", ONE_METRE_EAST),
            "position",
            "point.duplicate_of_row",
            "duplicate of row 2",
        ),
        ("H2,Lê Văn C,18.315,105.915,extra", None, "import.field_count", "has 5 fields"),
    ],
)
def test_each_bad_row_is_named_and_nothing_is_written(
    registry: Registry,
    small_commune: Commune,
    tmp_path: Path,
    row: str,
    field: str | None,
    code: str,
    fragment: str,
) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER, [_row("H1", "Nguyễn Văn A", INSIDE_FIRST), row])
    rejected = _rejected(registry, small_commune, path)
    errors = [p for p in rejected.problems if p.severity == "error"]
    assert len(errors) == 1
    assert errors[0].row == 3 and errors[0].field == field and errors[0].code == code
    assert fragment in errors[0].message()
    assert "?" not in errors[0].message() and "?" not in errors[0].message("vi")
    assert errors[0].line().startswith("p.csv: row 3:")
    assert _count(registry) == 0


def test_unknown_kind_and_nameless_agency(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "k.csv",
        "ma,ten,vi_do,kinh_do,loai",
        [
            f"A,Quán,{INSIDE_FIRST[1]},{INSIDE_FIRST[0]},nha_hang",
            f"B,,{INSIDE_SECOND[1]},{INSIDE_SECOND[0]},agency",
            f"C,UBND,{ON_BORDER[1]},{ON_BORDER[0]},agency",
        ],
    )
    rejected = _rejected(registry, small_commune, path, kind_field="loai")
    by_row = {p.row: p for p in rejected.problems}
    assert by_row[2].field == "kind" and by_row[2].value == "nha_hang"
    assert by_row[2].code == "point.unknown_kind"
    assert "unknown kind" in by_row[2].message()
    assert by_row[3].field == "name" and by_row[3].code == "point.agency_needs_name"
    assert by_row[3].message() == "an agency needs a name (it is printed on the plate)"
    assert by_row[3].message("vi") == (
        "cơ quan, tổ chức phải có tên (tên được in trên biển địa chỉ số)"
    )
    assert 4 not in by_row


def test_near_point_is_a_warning_and_imported(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        HEADER,
        [_row("H1", "Nguyễn Văn A", INSIDE_FIRST), _row("H2", "Trần Thị B", ONE_METRE_EAST)],
    )
    report = _import(registry, small_commune, path)
    assert report.imported == 2  # type: ignore[attr-defined]
    (warning,) = report.warnings  # type: ignore[attr-defined]
    assert warning.row == 3 and warning.code == "point.near_row"
    assert warning.params == {"metres": 1.0, "other_row": 2}
    assert warning.message() == "same site? 1.0 m from row 2; imported"
    assert _count(registry) == 2


def test_skip_bad_imports_the_good_rows(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        HEADER,
        [_row("H1", "A", INSIDE_FIRST), _row("H2", "B", OUTSIDE), _row("H3", "C", INSIDE_SECOND)],
    )
    report = _import(registry, small_commune, path, skip_bad=True)
    assert (report.imported, report.bad_rows) == (2, 1)  # type: ignore[attr-defined]
    assert _count(registry) == 2


def test_dry_run_writes_nothing(registry: Registry, small_commune: Commune, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER, [_row("H1", "A", INSIDE_FIRST)])
    report = _import(registry, small_commune, path, dry_run=True)
    assert report.imported == 1  # type: ignore[attr-defined]
    assert _count(registry) == 0


def test_reimport_changes_nothing(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "p.csv", HEADER, [_row("H1", "A", INSIDE_FIRST), _row("H2", "B", INSIDE_SECOND)]
    )
    _import(registry, small_commune, path)
    with registry.read() as conn:
        before_events = conn.execute(select(func.count()).select_from(events)).scalar_one()
    again = _import(registry, small_commune, path)
    assert (again.imported, again.unchanged) == (0, 2)  # type: ignore[attr-defined]
    assert _count(registry) == 2
    with registry.read() as conn:
        assert conn.execute(select(func.count()).select_from(events)).scalar_one() == before_events


def test_duplicate_of_registered_point_by_name(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    first = write_csv(tmp_path / "a.csv", HEADER, [_row("H1", "Nhà văn hóa", INSIDE_FIRST)])
    _import(registry, small_commune, first, kind="agency")
    second = write_csv(tmp_path / "b.csv", HEADER, [_row("X7", "Nhà Văn Hóa", ONE_METRE_EAST)])
    rejected = _rejected(registry, small_commune, second, kind="agency")
    (problem,) = rejected.problems
    assert problem.code == "point.duplicate_of_registered"
    assert problem.params["other"] == "H1"  # no code yet: named by its reference
    assert "duplicate of registered point H1" in problem.message()


def test_point_on_border_goes_to_the_first_village(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER, [_row("H1", "A", ON_BORDER)])
    _import(registry, small_commune, path)
    with registry.read() as conn:
        village_id = conn.execute(select(points.c.village_id)).scalar_one()
    assert village_id == 1


def test_vn2000_with_northing_called_x(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
    e, n = to_vn2000.transform(*INSIDE_SECOND)
    path = write_csv(tmp_path / "vn.csv", "Ma_ho,Chu_ho,X,Y", [f"H1,Hồ Thị D,{n:.2f},{e:.2f}"])
    # Read the way a cadastral sheet means it:
    report = _import(
        registry, small_commune, path, crs="EPSG:9209", northing_field="X", easting_field="Y"
    )
    assert report.imported == 1  # type: ignore[attr-defined]
    with registry.read() as conn:
        lon, lat = conn.execute(select(points.c.lon, points.c.lat)).one()
    assert abs(lon - INSIDE_SECOND[0]) < 1e-6 and abs(lat - INSIDE_SECOND[1]) < 1e-6


def test_vn2000_read_the_wrong_way_round_says_swapped(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    to_vn2000 = Transformer.from_crs("EPSG:4326", "EPSG:9209", always_xy=True)
    e, n = to_vn2000.transform(*INSIDE_SECOND)
    path = write_csv(tmp_path / "vn.csv", "Ma_ho,Chu_ho,X,Y", [f"H1,Hồ Thị D,{n:.2f},{e:.2f}"])
    rejected = _rejected(registry, small_commune, path, crs="EPSG:9209")
    (problem,) = rejected.problems
    # The columns as they were read: a face tells the officer to read them the other way round.
    assert problem.code == "import.swapped_projected"
    assert (problem.params["easting_column"], problem.params["northing_column"]) == ("X", "Y")
    assert "'X' may be the northing and 'Y' the easting" in problem.message()


@pytest.mark.parametrize(
    ("suffix", "driver"),
    [(".geojson", "GeoJSON"), (".gpkg", "GPKG"), (".shp", "ESRI Shapefile"), (".kml", "KML")],
)
def test_gis_formats(
    registry: Registry, small_commune: Commune, tmp_path: Path, suffix: str, driver: str
) -> None:
    frame = gpd.GeoDataFrame(
        {"Name": ["Đình làng Bình Minh", "Chùa Xóm Mới"], "ma": ["D1", "D2"]},
        geometry=[shapely.Point(*INSIDE_FIRST), shapely.Point(*INSIDE_SECOND)],
        crs="EPSG:4326",
    )
    path = tmp_path / f"sites{suffix}"
    frame.to_file(path, driver=driver, engine="pyogrio")
    report = _import(registry, small_commune, path, kind="heritage", name_field="Name")
    assert report.imported == 2  # type: ignore[attr-defined]
    with registry.read() as conn:
        names = sorted(n for (n,) in conn.execute(select(points.c.name)))
    assert names == ["Chùa Xóm Mới", "Đình làng Bình Minh"]


def test_missing_named_column_is_a_clear_error(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "p.csv", HEADER, [_row("H1", "A", INSIDE_FIRST)])
    with pytest.raises(
        InvalidInput, match="no column 'LAT'; columns are ma, ten, vi_do, kinh_do"
    ) as info:
        _import(registry, small_commune, path, lat_field="LAT", lon_field="kinh_do")
    assert (info.value.code, info.value.field, info.value.value) == (
        "import.no_column",
        "lat_field",
        "LAT",
    )


def test_tcvn3_csv_is_repaired(registry: Registry, small_commune: Commune, tmp_path: Path) -> None:
    from gis.ingest.textfix import encode_tcvn3

    text = f"ma,ten,vi_do,kinh_do\nD1,Đình làng Bình Minh,{INSIDE_FIRST[1]},{INSIDE_FIRST[0]}\n"
    path = tmp_path / "tcvn3.csv"
    path.write_bytes(encode_tcvn3(text))
    _import(registry, small_commune, path, kind="heritage")
    with registry.read() as conn:
        assert conn.execute(select(points.c.name)).scalar_one() == "Đình làng Bình Minh"


def test_undecodable_text_is_a_bad_row(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "p.csv",
        HEADER,
        [_row("H1", "A", INSIDE_FIRST), _row("H2", "Tr\ufffdn", INSIDE_SECOND)],
    )
    rejected = _rejected(registry, small_commune, path)
    (problem,) = rejected.problems
    assert (problem.row, problem.field, problem.code) == (3, "ten", "import.garbled_text")
    assert "cannot be decoded" in problem.message()


def test_a_large_import_leaves_the_planner_statistics_for_map_views(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    """After an import of 1,000 rows or more the planner knows the table: a map view of a few
    hundred metres is read through the spatial index, not through every point of the commune."""
    from gis.views.aggregates import MapView, _in_view

    rows = [
        _row(f"H{i}-{j}", "", (105.9105 + i * 0.0002, 18.3105 + j * 0.0002))
        for i in range(40)
        for j in range(30)
    ]
    _import(registry, small_commune, write_csv(tmp_path / "many.csv", HEADER, rows))
    view = MapView(bbox=(105.912, 18.312, 105.913, 18.313), zoom=17)
    with registry.read() as conn:
        query = select(func.count()).select_from(points).where(_in_view(conn, small_commune, view))
        sql = query.compile(conn, compile_kwargs={"literal_binds": True})
        explain = "EXPLAIN QUERY PLAN" if conn.dialect.name == "sqlite" else "EXPLAIN"
        plan = " ".join(str(r) for r in conn.exec_driver_sql(f"{explain} {sql}"))
    spatial = "ix_points_lon_lat" if registry.is_sqlite else "ix_points_geom"
    assert spatial in plan, plan


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_statistics_are_taken_again_as_the_table_grows_by_half(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    """SQLite's ANALYZE reads whole indexes, so imports take the statistics again only once the
    table has grown by half since the last time (a province imported commune by commune pays for
    a handful, not one per commune)."""
    from sqlalchemy import text

    seen = []
    for batch in range(4):
        rows = [
            _row(
                f"B{batch}-{i}-{j}",
                "",
                (105.9105 + i * 0.0004, 18.3105 + j * 0.0002 + 0.0001 * batch),
            )
            for i in range(25)
            for j in range(40)
        ]
        _import(registry, small_commune, write_csv(tmp_path / f"b{batch}.csv", HEADER, rows))
        with registry.read() as conn:
            stat = conn.execute(text("SELECT stat FROM sqlite_stat1 WHERE tbl = 'points'")).scalar()
        seen.append(int(str(stat).split()[0]))
    assert seen == [1000, 2000, 3000, 3000]  # 4,000 < 1.5 × 3,000: not yet
