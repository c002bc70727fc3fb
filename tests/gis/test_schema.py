"""The migration and gis/storage/schema.py agree; migrating is idempotent; SQLite runs in WAL
mode and a write transaction takes the write lock at BEGIN, so concurrent writers wait instead
of failing."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, Connection, inspect, text

from gis.storage.db import Registry, open_registry
from gis.storage.schema import POSTGIS_COLUMNS, POSTGIS_INDEXES, metadata

# Reflecting PostGIS's geometry columns without GeoAlchemy2 warns that the type is unknown.
pytestmark = pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")
sqlite_only = pytest.mark.parametrize("backend", ["sqlite"])


def _sqlite_path(registry: Registry) -> str:
    database = registry.engine.url.database
    assert database is not None
    return database


def _declared(obj: object, name: str | None, type_: str, reflected: bool, _: object) -> bool:
    """Whether compare_metadata should look at a reflected object: not PostGIS's own table, not
    the generated geometry columns and GiST indexes of migration 0004 (PostgreSQL only)."""
    if type_ == "table":
        return name != "spatial_ref_sys"
    table = getattr(getattr(obj, "table", None), "name", "")
    if type_ == "column":
        return name not in POSTGIS_COLUMNS.get(table, ())
    if type_ == "index":
        return name not in POSTGIS_INDEXES.get(table, ())
    return True


def test_migration_matches_the_schema_module(registry: Registry) -> None:
    registry.migrate()
    with registry.engine.connect() as conn:
        context = MigrationContext.configure(
            conn,
            opts={"compare_type": True, "render_as_batch": True, "include_object": _declared},
        )
        diff = compare_metadata(context, metadata)
    assert diff == []


def test_every_table_of_the_schema_is_created(registry: Registry) -> None:
    registry.migrate()
    tables = set(inspect(registry.engine).get_table_names())
    assert set(metadata.tables) <= tables
    assert "alembic_version" in tables


def test_migrating_twice_is_a_no_op(registry: Registry) -> None:
    registry.migrate()

    def snapshot(conn: Connection) -> list[tuple[object, ...]]:
        if conn.dialect.name == "sqlite":
            query = "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
        else:
            query = (
                "SELECT table_name, column_name, data_type, is_nullable, column_default "
                "FROM information_schema.columns WHERE table_schema = current_schema() "
                "UNION ALL SELECT tablename, indexname, indexdef, '', '' FROM pg_indexes "
                "WHERE schemaname = current_schema() ORDER BY 1, 2"
            )
        return [tuple(r) for r in conn.exec_driver_sql(query).all()]

    with registry.read() as conn:
        before = snapshot(conn)
        version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    registry.migrate()
    with registry.read() as conn:
        assert snapshot(conn) == before
        versions = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    assert [v[0] for v in versions] == [version]


def test_is_initialised_only_after_migrating(registry: Registry) -> None:
    assert not registry.is_initialised()
    registry.migrate()
    assert registry.is_initialised()


@sqlite_only
def test_sqlite_runs_in_wal_mode(registry: Registry) -> None:
    registry.migrate()
    with registry.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar_one() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar_one() == 1
    # The mode is the file's: a plain sqlite3 connection sees it too.
    raw = sqlite3.connect(_sqlite_path(registry))
    try:
        assert raw.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        raw.close()


def test_sqlite_folder_is_made_when_missing(tmp_path: Path) -> None:
    reg = open_registry(f"sqlite:///{tmp_path / 'var' / 'deep' / 'r.sqlite'}")
    try:
        reg.migrate()
        assert (tmp_path / "var" / "deep" / "r.sqlite").exists()
    finally:
        reg.dispose()


def _try_write_lock(path: str) -> bool:
    """Whether another connection can take the write lock right now (without waiting)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        assert "locked" in str(exc)
        return False
    else:
        other.execute("ROLLBACK")
        return True
    finally:
        other.close()


@sqlite_only
def test_write_transaction_takes_the_lock_at_begin(registry: Registry) -> None:
    registry.migrate()
    path = _sqlite_path(registry)
    assert _try_write_lock(path)
    with registry.write():
        # Nothing has been read or written yet, and the lock is already held.
        assert not _try_write_lock(path)
    assert _try_write_lock(path)


@sqlite_only
def test_read_transaction_does_not_block_writers(registry: Registry) -> None:
    registry.migrate()
    path = _sqlite_path(registry)
    with registry.read() as conn:
        conn.execute(text("SELECT count(*) FROM points")).scalar_one()
        assert _try_write_lock(path)


def test_concurrent_writers_wait_for_each_other(registry: Registry) -> None:
    """Two threads each read a counter and write it back plus one. With a deferred BEGIN the
    second would read the stale value, then fail with "database is locked" when it writes;
    with BEGIN IMMEDIATE it waits at BEGIN and then sees the first one's write."""
    registry.migrate()
    with registry.write() as conn:
        conn.execute(text("INSERT INTO code_counters (area_number, last_serial) VALUES (1, 0)"))
    first_has_read = threading.Event()
    second_is_starting = threading.Event()
    seen: dict[str, int] = {}
    failures: list[BaseException] = []

    def bump(label: str) -> None:
        with registry.write() as conn:
            value = conn.execute(
                text("SELECT last_serial FROM code_counters WHERE area_number = 1")
            ).scalar_one()
            seen[label] = int(value)
            if label == "first":
                first_has_read.set()
                second_is_starting.wait()
                # Give the second writer the chance to get into its transaction if it could.
                threading.Event().wait(0.2)
            conn.execute(
                text("UPDATE code_counters SET last_serial = :v WHERE area_number = 1"),
                {"v": value + 1},
            )

    def run(label: str) -> None:
        try:
            if label == "second":
                first_has_read.wait()
                second_is_starting.set()
            bump(label)
        except BaseException as exc:  # reported below, in the test's own thread
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(label,)) for label in ("first", "second")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert seen == {"first": 0, "second": 1}
    with registry.read() as conn:
        final = conn.execute(
            text("SELECT last_serial FROM code_counters WHERE area_number = 1")
        ).scalar_one()
    assert final == 2


@pytest.mark.parametrize("table", sorted(metadata.tables))
def test_tables_have_a_primary_key(registry: Registry, table: str) -> None:
    registry.migrate()
    assert inspect(registry.engine).get_pk_constraint(table)["constrained_columns"]


@sqlite_only
def test_check_constraints_built_from_the_vocabulary_are_the_migrations(
    registry: Registry,
) -> None:
    # schema.py writes its CHECKs from addrgen.vocab; the migrations wrote them out by hand and
    # must not change. SQLite keeps each table's CREATE text, so the two can be compared.
    registry.migrate()
    with sqlite3.connect(_sqlite_path(registry)) as db:
        created = dict(db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table'"))
    checks = [
        (table.name, str(c.sqltext))
        for table in metadata.tables.values()
        for c in table.constraints
        if isinstance(c, CheckConstraint) and table.name in ("points", "users", "reports")
    ]
    assert len(checks) == 4
    for table, sql in checks:
        assert sql in " ".join(created[table].split()), (table, sql)
