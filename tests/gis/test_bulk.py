"""The bulk write path: setting the points indexes aside and rebuilding them leaves the schema as
it was, a unique violation found by a rebuild writes nothing, and a bulk import stores exactly
the rows that adding the same points one by one stores."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import Connection, func, select
from sqlalchemy.exc import IntegrityError

from gis.ingest.candidates import Candidates, candidates_from_columns
from gis.ingest.importing import ImportOptions, import_points
from gis.ingest.writing import insert_candidates
from gis.registry.communes import Commune, add_commune
from gis.registry.points import add_point
from gis.registry.villages import import_villages, village_index
from gis.storage import bulk
from gis.storage.db import Registry, open_registry
from gis.storage.schema import points
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv, write_villages

AT = datetime(2026, 11, 28, 13, 0, tzinfo=UTC)
# Setting indexes aside is SQLite's bulk path (PostgreSQL writes into the live indexes).
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


@pytest.fixture
def always_rebuild(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the bulk path (indexes set aside) even for a handful of rows."""
    monkeypatch.setattr(bulk, "REBUILD_MIN_ROWS", 1)


def _schema(conn: Connection) -> list[tuple[str, str, str, str | None]]:
    rows = conn.exec_driver_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).all()
    return [(r[0], r[1], r[2], r[3]) for r in rows]


def _points_indexes(conn: Connection) -> list[str]:
    rows = conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'points' "
        "AND sql IS NOT NULL ORDER BY name"
    ).all()
    return [r[0] for r in rows]


def _count(registry: Registry) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(points)).scalar_one())


def _candidates(n: int, refs: list[str]) -> Candidates:
    lon = np.linspace(105.912, 105.918, n)
    lat = np.full(n, 18.315)
    return candidates_from_columns(
        file="bulk.csv",
        rows=list(range(2, n + 2)),
        lon=lon,
        lat=lat,
        kind=["household"] * n,
        name=[f"Hộ {k}" for k in range(n)],
        ref=refs,
    )


@sqlite_only
def test_points_uniqueness_is_declared_as_droppable_indexes(registry: Registry) -> None:
    registry.migrate()
    with registry.read() as conn:
        names = _points_indexes(conn)
        auto = conn.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'points' "
            "AND sql IS NULL"
        ).all()
    assert names == [
        "ix_points_area_number_serial",
        "ix_points_code",
        "ix_points_commune_id_ref",
        "ix_points_commune_id_village_id",
        "ix_points_lon_lat",
        "ix_points_village_id_status",
    ]
    assert auto == []  # nothing SQLite would refuse to drop


@sqlite_only
def test_set_aside_and_rebuilt_leaves_the_same_schema(
    registry: Registry, small_commune: Commune, always_rebuild: None
) -> None:
    with registry.read() as conn:
        before = _schema(conn)
        index = village_index(conn, small_commune)
    cands = _candidates(50, [f"R{k}" for k in range(50)])
    with registry.write() as conn:
        with bulk.indexes_set_aside(conn, points, 50):
            assert _points_indexes(conn) == []  # the bulk path was really taken
        assert len(_points_indexes(conn)) == 6
        insert_candidates(conn, cands, small_commune, index, actor=ACTOR)
    with registry.read() as conn:
        assert _schema(conn) == before
    assert _count(registry) == 50


@sqlite_only
def test_partial_indexes_can_stay_in_place(
    registry: Registry, small_commune: Commune, always_rebuild: None
) -> None:
    with registry.read() as conn:
        before = _schema(conn)
    with registry.write() as conn:
        with bulk.indexes_set_aside(conn, points, 50, keep_partial=True):
            assert _points_indexes(conn) == [
                "ix_points_area_number_serial",
                "ix_points_code",
                "ix_points_commune_id_village_id",  # the notified points: none among new ones
            ]
        assert len(_points_indexes(conn)) == 6
    with registry.read() as conn:
        assert _schema(conn) == before


@sqlite_only
def test_small_writes_keep_the_indexes(registry: Registry, small_commune: Commune) -> None:
    with registry.write() as conn, bulk.indexes_set_aside(conn, points, 10):
        assert len(_points_indexes(conn)) == 6


@sqlite_only
def test_a_unique_violation_on_rebuild_writes_nothing(
    registry: Registry, small_commune: Commune, always_rebuild: None
) -> None:
    with registry.read() as conn:
        before = _schema(conn)
        index = village_index(conn, small_commune)
    # The importer never lets a repeated reference through; bypass it to reach the database.
    cands = _candidates(20, [f"R{k}" for k in range(19)] + ["R3"])
    with pytest.raises(IntegrityError, match="UNIQUE"), registry.write() as conn:
        insert_candidates(conn, cands, small_commune, index, actor=ACTOR)
    assert _count(registry) == 0
    with registry.read() as conn:
        assert _schema(conn) == before


@sqlite_only
def test_a_failed_rebuild_restores_the_indexes_even_if_the_caller_commits(
    registry: Registry, small_commune: Commune, always_rebuild: None
) -> None:
    with registry.read() as conn:
        before = _schema(conn)
        index = village_index(conn, small_commune)
    cands = _candidates(20, ["same"] * 20)
    with registry.write() as conn:
        with pytest.raises(IntegrityError):
            insert_candidates(conn, cands, small_commune, index, actor=ACTOR)
        # The savepoint was rolled back: the indexes are back and no row was kept.
        assert len(_points_indexes(conn)) == 6
    with registry.read() as conn:
        assert _schema(conn) == before
    assert _count(registry) == 0


def _commune(url: str, tmp_path: Path) -> tuple[Registry, Commune]:
    registry = open_registry(url)
    commune = add_commune(
        registry, name="xã Thạch Bình", commune_code="18112", area_number=18112, actor=ACTOR
    )
    import_villages(registry, commune, write_villages(tmp_path / "villages.geojson"), actor=ACTOR)
    return registry, commune


POINT_FIELDS = [c.name for c in points.columns if c.name not in ("created_at", "updated_at")]


def _stored(registry: Registry) -> list[tuple[object, ...]]:
    with registry.read() as conn:
        query = select(*(points.c[f] for f in POINT_FIELDS)).order_by(points.c.id)
        return [tuple(r) for r in conn.execute(query)]


def test_bulk_import_and_single_points_store_identical_rows(
    tmp_path: Path, always_rebuild: None
) -> None:
    sites = [
        ("H1", "Nguyễn Văn A", "12", "Trần Phú", INSIDE_FIRST),
        ("H2", "Lê Thị B", "", "", INSIDE_SECOND),
        ("H3", "Hoàng Văn C", "7A", "", (105.9123457, 18.3111111)),
        ("H4", "", "", "Lý Tự Trọng", (105.9287654, 18.3198765)),
    ]
    lines = [
        f"{ref},{name},{house},{street},{lonlat[1]!r},{lonlat[0]!r}"
        for ref, name, house, street, lonlat in sites
    ]
    csv_path = write_csv(tmp_path / "p.csv", "ma,ten,so_nha,duong,vi_do,kinh_do", lines)

    (tmp_path / "bulk").mkdir()
    bulk_registry, bulk_commune = _commune(
        f"sqlite:///{tmp_path / 'bulk.sqlite'}", tmp_path / "bulk"
    )
    report = import_points(
        bulk_registry, bulk_commune, csv_path, ImportOptions(kind="household"), actor=ACTOR
    )
    assert report.imported == len(sites)

    (tmp_path / "one").mkdir()
    one_registry, one_commune = _commune(f"sqlite:///{tmp_path / 'one.sqlite'}", tmp_path / "one")
    for ref, name, house, street, (lon, lat) in sites:
        add_point(
            one_registry,
            one_commune,
            kind="household",
            lon=lon,
            lat=lat,
            name=name or None,
            ref=ref,
            house_number=house or None,
            street=street or None,
            actor=ACTOR,
        )

    assert _stored(bulk_registry) == _stored(one_registry)
    bulk_registry.dispose()
    one_registry.dispose()


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        (None, "NULL"),
        (42, "42"),
        ("registered", "'registered'"),
        ("2026-11-28 13:00:00.123456", "'2026-11-28 13:00:00.123456'"),
        (True, None),  # bound: a boolean's literal differs between databases
        (1.5, None),  # bound: a float's text form could round differently
        ("O'Brien", None),
        ("Nguyễn", None),
        ("a;b", None),
        ("x" * 65, None),
    ],
)
def test_only_plain_values_are_written_into_the_statement(
    value: object, literal: str | None
) -> None:
    assert bulk.sql_literal(value) == literal


def test_constants_that_cannot_be_literals_are_bound(
    registry: Registry, small_commune: Commune
) -> None:
    with registry.read() as conn:
        index = village_index(conn, small_commune)
    vid = int(index.ids[0])
    with registry.write() as conn:
        bulk.bulk_insert(
            conn,
            points,
            ["id", "lon", "lat", "ref"],
            [(1, 105.915, 18.315, "A"), (2, 105.916, 18.315, "B")],
            constants={
                "commune_id": small_commune.id,
                "village_id": vid,
                "kind": "household",
                "name": "Nhà văn hoá O'Brien",  # neither ASCII nor free of quotes: bound
                "plus_code": "7PC78W7J+WPF",
                "status": "registered",
                # Bound as the dialect binds them: 0 and text on SQLite, bool and datetime on
                # PostgreSQL (where only the former becomes a literal).
                "needs_review": bulk.bind(conn, points, "needs_review", False),
                "created_at": bulk.bind(conn, points, "created_at", AT),
                "updated_at": bulk.bind(conn, points, "updated_at", AT),
            },
        )
    with registry.read() as conn:
        rows = conn.execute(select(points.c.id, points.c.name).order_by(points.c.id)).all()
    assert [tuple(r) for r in rows] == [(1, "Nhà văn hoá O'Brien"), (2, "Nhà văn hoá O'Brien")]


@sqlite_only
def test_bulk_path_keeps_the_coverage_tally(
    registry: Registry, small_commune: Commune, always_rebuild: None
) -> None:
    """The tally's insert trigger is set aside with the indexes; the counts after the bulk path
    equal a full recount, and the trigger is back for the next single point."""
    from gis.views.coverage import coverage

    with registry.read() as conn:
        index = village_index(conn, small_commune)
    cands = _candidates(40, [f"T{k}" for k in range(40)])
    with registry.write() as conn, bulk.indexes_set_aside(conn, points, 40):
        insert_candidates(conn, cands, small_commune, index, actor=ACTOR)
    with registry.read() as conn:
        assert coverage(conn, small_commune) == coverage(conn, small_commune, recount=True)
        assert coverage(conn, small_commune)["commune"]["total"] == 40
    small = _candidates(1, ["T-single"])
    small.lat[:] = 18.3155
    with registry.write() as conn:
        insert_candidates(conn, small, small_commune, index, actor=ACTOR)
    with registry.read() as conn:
        assert coverage(conn, small_commune)["commune"]["total"] == 41


@sqlite_only
def test_bulk_path_adds_the_new_points_tally(
    registry: Registry, small_commune: Commune, always_rebuild: None
) -> None:
    """insert_candidates adds its own points' counts (per village and kind) to the tally the
    registry already holds, instead of counting the table again: the same counts as a recount."""
    from gis.views.coverage import counted

    add_point(
        registry,
        small_commune,
        kind="agency",
        lon=INSIDE_FIRST[0],
        lat=INSIDE_FIRST[1],
        name="UBND xã",
        actor=ACTOR,
    )
    with registry.read() as conn:
        index = village_index(conn, small_commune)
    cands = _candidates(40, [f"T{k}" for k in range(40)])
    cands.kind[::3] = ["agency"] * len(cands.kind[::3])
    cands.name[::3] = [f"Cơ quan {k}" for k in range(len(cands.name[::3]))]
    with registry.write() as conn:
        insert_candidates(conn, cands, small_commune, index, actor=ACTOR)
    with registry.read() as conn:
        tally = sorted(
            (r.village_id, r.kind, r.status, r.needs_review, r.n)
            for r in counted(conn, small_commune)
        )
        recount = counted(conn, small_commune, recount=True)
        assert tally == sorted(
            (r.village_id, r.kind, r.status, r.needs_review, r.n) for r in recount
        )
    assert sum(n for *_, n in tally) == 41
    assert {kind for _, kind, *_ in tally} == {"household", "agency"}
    assert len({village for village, *_ in tally}) == 2
