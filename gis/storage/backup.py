"""Backups of a registry, on either backend, as one SQLite file.

A backup is always an SQLite registry file: from SQLite it is made with SQLite's online backup
API (a consistent copy of the live database, write-ahead log included, while others go on
working); from PostgreSQL every table's rows are copied, inside one read-only REPEATABLE READ
transaction (one snapshot, nobody blocked), into a new SQLite registry at the same migration.
Either file opens with `sqlite3` or as a registry of its own, and restores into either backend —
which also moves a commune's registry from the laptop to a province's PostGIS server.

Restoring fills an empty registry (refusing one that already holds a commune): on SQLite with the
backup API again, elsewhere by copying the rows in one write transaction, then setting each
table's id sequence past the largest id. Rows derived by triggers (coverage counts) are copied as
they were, not counted twice. A backup made before the newest migration is migrated on a
temporary copy first; the file given is never changed.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, DateTime, Table, inspect, select, text, update

from gis.errors import Conflict, InvalidInput
from gis.storage.db import Registry, open_registry
from gis.storage.schema import coverage_counts, metadata, rate_hits

__all__ = ["BackupReport", "backup_registry", "restore_registry"]

SQLITE_MAGIC = b"SQLite format 3\x00"
CHUNK_ROWS = 5_000
# Tables that are the database's or a tool's own, not the registry's.
FOREIGN_TABLES = frozenset({"alembic_version", "spatial_ref_sys"})
# Written by triggers on `points`: copied verbatim after everything else, replacing what the
# triggers counted while the points went in.
DERIVED = (coverage_counts,)
# The web's rate-limit counters: minutes of state about clients, no record of the registry's.
TRANSIENT = (rate_hits,)


@dataclass(frozen=True)
class BackupReport:
    path: Path
    rows: dict[str, int]  # table -> rows copied

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def backup_registry(registry: Registry, out: Path) -> BackupReport:
    """Write a backup of ``registry`` to ``out`` (which must not exist yet)."""
    if out.exists():
        raise Conflict("backup.exists", field="out", value=out)
    if not registry.is_initialised():
        raise InvalidInput("backup.no_registry", url=registry.url)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if registry.is_sqlite:
            with _raw_sqlite(registry) as source, sqlite3.connect(partial) as copy:
                source.backup(copy)
            copy.close()
            rows = _row_counts(open_registry(f"sqlite:///{partial}"))
        else:
            file_registry = open_registry(f"sqlite:///{partial}")
            try:
                file_registry.migrate()
                with registry.read() as conn:
                    conn.exec_driver_sql(
                        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
                    )
                    _check_tables(conn)
                    with file_registry.write() as file_conn:
                        rows = _copy_rows(conn, file_conn)
            finally:
                file_registry.dispose()
        partial.rename(out)
    finally:
        partial.unlink(missing_ok=True)
    return BackupReport(out, rows)


def restore_registry(registry: Registry, backup: Path) -> BackupReport:
    """Restore the backup file ``backup`` into ``registry``, which must hold no commune yet."""
    if not backup.is_file():
        raise InvalidInput("restore.no_such_file", field="backup", value=backup)
    with backup.open("rb") as f:
        if f.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise InvalidInput("restore.not_sqlite", field="backup", value=backup)
    if registry.is_initialised():
        with registry.read() as conn:
            if conn.execute(text("SELECT count(*) FROM communes")).scalar_one():
                raise Conflict("restore.not_empty", url=registry.url)
    with tempfile.TemporaryDirectory(prefix="diachiso-restore-") as folder:
        copy = Path(folder) / "backup.sqlite"
        shutil.copyfile(backup, copy)
        source = open_registry(f"sqlite:///{copy}", create=False)
        try:
            if not source.is_initialised():
                raise InvalidInput("restore.no_communes", field="backup", value=backup)
            source.migrate()
            if registry.is_sqlite:
                source.dispose()
                registry.dispose()
                with sqlite3.connect(copy) as src, _raw_sqlite(registry) as dst:
                    src.backup(dst)
                src.close()
                registry.dispose()
                return BackupReport(backup, _row_counts(registry))
            registry.migrate()
            with source.read() as conn, registry.write() as target:
                rows = _copy_rows(conn, target)
                _reset_sequences(target)
            return BackupReport(backup, rows)
        finally:
            source.dispose()


def _copy_rows(source: Connection, target: Connection) -> dict[str, int]:
    """Copy every registry table from ``source`` into the (migrated, empty) ``target``."""
    rows: dict[str, int] = {}
    tables = [t for t in metadata.sorted_tables if t not in DERIVED and t not in TRANSIENT]
    for table in tables:
        rows[table.name] = _copy_table(source, target, table)
    for table in DERIVED:
        target.execute(table.delete())
        rows[table.name] = _copy_table(source, target, table)
    return rows


def _copy_table(source: Connection, target: Connection, table: Table) -> int:
    # A column that refers to its own table (a commune's successor) is filled in afterwards,
    # when every row it may point to is there.
    later = [
        c.name for c in table.columns if any(fk.column.table is table for fk in c.foreign_keys)
    ]
    aware = [c.name for c in table.columns if isinstance(c.type, DateTime) and c.type.timezone]
    key = [c.name for c in table.primary_key.columns]
    result = source.execution_options(yield_per=CHUNK_ROWS).execute(
        select(table).order_by(*table.primary_key.columns)
    )
    count = 0
    deferred: list[dict[str, Any]] = []
    for chunk in result.partitions():
        batch = [_utc(dict(r._mapping), aware) for r in chunk]
        for row in batch:
            if any(row[c] is not None for c in later):
                deferred.append({**{f"k_{k}": row[k] for k in key}, **{c: row[c] for c in later}})
                row.update(dict.fromkeys(later))
        target.execute(table.insert(), batch)
        count += len(batch)
    for row in deferred:
        match = [table.c[k] == row[f"k_{k}"] for k in key]
        target.execute(update(table).where(*match).values({c: row[c] for c in later}))
    return count


def _utc(row: dict[str, Any], aware: list[str]) -> dict[str, Any]:
    """SQLite keeps timestamps as text without their zone; the registry writes them in UTC."""
    for name in aware:
        value = row[name]
        if isinstance(value, datetime) and value.tzinfo is None:
            row[name] = value.replace(tzinfo=UTC)
    return row


def _check_tables(conn: Connection) -> None:
    """Refuse to back up a database holding a table this version does not know: it would be
    left out silently."""
    found = set(inspect(conn).get_table_names()) - FOREIGN_TABLES
    unknown = sorted(found - set(metadata.tables))
    if unknown:
        raise Conflict("backup.unknown_tables", tables=", ".join(unknown))


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL: move each serial id's sequence past the ids just copied in."""
    for table in metadata.sorted_tables:
        if "id" not in table.c or not table.c.id.primary_key:
            continue
        conn.execute(
            text(
                "SELECT setval(seq, greatest((SELECT coalesce(max(id), 0) FROM "
                f"{table.name}), 1), (SELECT count(*) > 0 FROM {table.name})) "
                "FROM pg_get_serial_sequence(:t, 'id') AS seq WHERE seq IS NOT NULL"
            ),
            {"t": table.name},
        )


def _row_counts(registry: Registry) -> dict[str, int]:
    try:
        with registry.read() as conn:
            return {
                t.name: int(conn.execute(select(text("count(*)")).select_from(t)).scalar_one())
                for t in metadata.sorted_tables
            }
    finally:
        registry.dispose()


@contextmanager
def _raw_sqlite(registry: Registry) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection to the registry's file, for the backup API."""
    database = registry.engine.url.database
    if not database:
        raise InvalidInput("backup.not_sqlite_file", url=registry.url)
    conn = sqlite3.connect(database, timeout=60)
    try:
        yield conn
    finally:
        conn.close()
