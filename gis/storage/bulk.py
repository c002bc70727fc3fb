"""Bulk writes for imports and issuing: straight `executemany` on the driver (SQLite), COPY
(PostgreSQL).

At a province's scale SQLAlchemy's per-row parameter processing costs more than the database's
insert itself, so the hot paths hand the driver plain tuples. Values that need a dialect's
conversion (timestamps, booleans, JSON) are converted with that dialect's own bind processor,
so what lands is exactly what SQLAlchemy would have written.

A write that adds many rows to a table (a province's first import) also sets the table's
secondary indexes aside and builds them again afterwards, inside the same transaction: SQLite
builds an index from sorted data several times faster than it inserts half a million keys one by
one into each B-tree, and the unique indexes still check every row when they are rebuilt."""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Table, text

__all__ = [
    "bind",
    "bulk_insert",
    "gc_paused",
    "indexes_set_aside",
    "refresh_statistics",
    "reserve_ids",
    "return_freed_memory",
    "sql_literal",
]

PLAIN_TEXT = re.compile(r"[A-Za-z0-9 _:.+-]*")
# An index's stored SQL with a WHERE clause: a partial index.
PARTIAL_INDEX = re.compile(r"\)\s*WHERE\b", re.IGNORECASE)
# Set the indexes aside only for writes this large ...
REBUILD_MIN_ROWS = 20_000
# ... that add at least as many rows as the table already holds. Rebuilding sorts held + added
# keys, inserting puts `added` keys one by one, each several times dearer; measured, importing
# 300,000 points into a registry of 300,000 takes the same time either way, and the first
# import into an empty registry gains most (500,000 points: 7 s of index upkeep, 1.3 s rebuilt).
REBUILD_MIN_SHARE = 1.0
# Give freed memory back to the system after bulk steps on this many rows (return_freed_memory).
TRIM_MIN_ROWS = 100_000
# SQLite's page cache during such a write (KiB).
BULK_CACHE_KIB = 128 * 1024
# Refresh the query planner's statistics after a write of at least this many rows ...
ANALYZE_MIN_ROWS = 1_000
# ... on SQLite once the table has grown this much since they were last taken.
STATS_GROWTH = 1.5


def bind(conn: Connection, table: Table, column: str, value: Any) -> Any:
    """``value`` as the driver should receive it for ``table.column``."""
    processor = table.c[column].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return processor(value) if processor is not None else value


def bulk_insert(
    conn: Connection,
    table: Table,
    columns: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    constants: Mapping[str, Any] | None = None,
) -> None:
    """INSERT many rows of already-bound values in one executemany.

    ``constants`` are (already bound) values shared by every row. Those :func:`sql_literal` can
    write go into the statement once instead of being bound for each row — binding is most of
    the driver's cost per row (about 0.2 µs a value with sqlite3); the others are bound."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        shared = dict(constants or {})
        tail = tuple(shared.values())
        _copy(conn, table, [*columns, *shared], [(*row, *tail) for row in rows])
        return
    names = list(columns)
    literals: dict[str, str] = {}
    bound: list[Any] = []
    for name, value in (constants or {}).items():
        literal = sql_literal(value)
        if literal is None:
            names.append(name)
            bound.append(value)
        else:
            literals[name] = literal
    if bound:
        tail = tuple(bound)
        rows = [(*row, *tail) for row in rows]
    marks = [_placeholder(conn, i, name) for i, name in enumerate(names)]
    sql = (
        f"INSERT INTO {table.name} ({', '.join([*names, *literals])}) "
        f"VALUES ({', '.join([*marks, *literals.values()])})"
    )
    conn.exec_driver_sql(sql, list(rows))


def _copy(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """PostgreSQL: the rows go in with COPY, several times faster than even a pipelined
    executemany, and as one statement (so the coverage tally's statement trigger, migration
    0006, counts them all at once)."""
    raw: Any = conn.connection.dbapi_connection
    sql = f"COPY {table.name} ({', '.join(columns)}) FROM STDIN"
    with raw.cursor() as cur, cur.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def sql_literal(value: Any) -> str | None:
    """``value`` as an SQL literal, when it is one that cannot need quoting rules: NULL, an
    integer, or a short string of ASCII letters, digits and ``_ :.+-`` (e.g. a status or a
    bound timestamp). None for anything else, which is then bound as usual."""
    if value is None:
        return "NULL"
    if type(value) is int:
        return str(value)
    if isinstance(value, str) and len(value) <= 64 and PLAIN_TEXT.fullmatch(value):
        return f"'{value}'"
    return None


@contextmanager
def indexes_set_aside(
    conn: Connection,
    table: Table,
    adding: int,
    *,
    tally: Sequence[Sequence[Any]] | None = None,
    keep_partial: bool = False,
) -> Iterator[None]:
    """Around a bulk insert of ``adding`` rows into ``table``: when it is large (see
    REBUILD_MIN_ROWS and REBUILD_MIN_SHARE), drop the table's indexes and create them again,
    with their exact stored SQL, after the body. ``tally``: for the points table, the coverage
    counts of the rows the body adds (COVERAGE_KEY values and a count, bound), added to
    coverage_counts as the insert trigger would have; without it the table is counted again.
    ``keep_partial``: the added rows fall outside every partial index (new points have no code
    or serial), so those stay in place: they cost the rows nothing, and each rebuild would scan
    the whole table (0.03 s at 500,000 rows). A row that did fall inside one would still be
    indexed and checked, only one key at a time.

    All of it runs in a savepoint of the caller's transaction: if the body or a rebuild fails
    (a unique index finding two equal keys raises IntegrityError as the insert would have), the
    savepoint is rolled back, so the indexes and the table are as they were even if the caller
    went on to commit. Other connections never see the table without its indexes (SQLite's
    readers see the last committed state). SQLite only: on PostgreSQL, DROP INDEX locks the
    table against readers until commit, so there the rows go into the live indexes."""
    if conn.dialect.name != "sqlite" or adding < REBUILD_MIN_ROWS:
        yield
        return
    held = conn.execute(text(f"SELECT count(*) FROM {table.name}")).scalar_one()
    if adding < REBUILD_MIN_SHARE * held:
        yield
        return
    # Indexes with stored SQL: the automatic ones of PRIMARY KEY / UNIQUE constraints (sql IS
    # NULL) cannot be dropped, which is why the points table declares its uniqueness as indexes.
    saved = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
            "AND sql IS NOT NULL ORDER BY name"
        ),
        {"t": table.name},
    ).all()
    if keep_partial:
        saved = [row for row in saved if not PARTIAL_INDEX.search(row[1])]
    # The coverage tally's per-row insert trigger costs as much as an index: set it aside too
    # and add the new rows' tally afterwards, or count the table once (same result: the counts
    # are derived from the rows).
    triggers = conn.execute(
        text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = :t "
            "AND name = :n"
        ),
        {"t": table.name, "n": COVERAGE_INSERT_TRIGGER},
    ).all()
    with conn.begin_nested(), _smaller_cache(conn):
        for name, _sql in [*saved, *triggers]:
            kind = "INDEX" if (name, _sql) in saved else "TRIGGER"
            conn.exec_driver_sql(f'DROP {kind} "{name}"')
        yield
        for _name, sql in saved:
            conn.exec_driver_sql(sql)
        if triggers:
            if tally is None:
                _recount_coverage(conn)
            else:
                _add_to_coverage(conn, tally)
            for _name, sql in triggers:
                conn.exec_driver_sql(sql)


@contextmanager
def _smaller_cache(conn: Connection) -> Iterator[None]:
    """SQLite's page cache at BULK_CACHE_KIB around a bulk write with the indexes set aside.
    The registry's large cache (gis.storage.db) serves inserts into live indexes; here the rows
    go to the table's end and the indexes are built by sorting, so a large cache would only hold
    a million rows' dirty pages in memory until commit (250 MB of a 1 GB budget); with a smaller
    one they go to the WAL as they overflow it. 128 MiB holds a 500,000-row import's pages
    (measured as fast as 256 MiB; 64 MiB was a fifth slower)."""
    previous = conn.exec_driver_sql("PRAGMA cache_size").scalar()
    conn.exec_driver_sql(f"PRAGMA cache_size=-{BULK_CACHE_KIB}")
    try:
        yield
    finally:
        conn.exec_driver_sql(f"PRAGMA cache_size={int(previous or 0)}")


COVERAGE_INSERT_TRIGGER = "points_coverage_insert"
COVERAGE_KEY = ("commune_id", "village_id", "kind", "status", "needs_review")


def _add_to_coverage(conn: Connection, tally: Sequence[Sequence[Any]]) -> None:
    """Add counts to coverage_counts, as the insert trigger adds one a row (migration 0004): a
    few rows a village, where counting the table again sorts all its points (1 s at 500,000)."""
    keys = ", ".join(COVERAGE_KEY)
    conn.exec_driver_sql(
        f"INSERT INTO coverage_counts ({keys}, n) VALUES (?, ?, ?, ?, ?, ?) "
        f"ON CONFLICT ({keys}) DO UPDATE SET n = coverage_counts.n + excluded.n",
        [tuple(row) for row in tally],
    )


def _recount_coverage(conn: Connection) -> None:
    """coverage_counts from the points themselves (what the triggers keep, row by row)."""
    keys = ", ".join(COVERAGE_KEY)
    conn.exec_driver_sql("DELETE FROM coverage_counts")
    conn.exec_driver_sql(
        f"INSERT INTO coverage_counts ({keys}, n) "
        f"SELECT {keys}, count(*) FROM points GROUP BY {keys}"
    )


def refresh_statistics(conn: Connection, table: Table, written: int) -> None:
    """After a large write, give the query planner fresh statistics for ``table``, inside the
    writer's transaction. Without them SQLite plans a map view of one commune with the commune's
    index — every point of the commune read for 400 on screen, 14 ms instead of 5 at 25,000
    points and growing with the commune — rather than the (lon, lat) index; PostgreSQL's
    autovacuum would get there, a minute later.

    PostgreSQL samples (milliseconds at any size). SQLite reads the indexes whole (0.16 s at
    500,000 points; its sampling, analysis_limit, reads the first entries of each index only,
    which all belong to the first commune, and misleads the planner exactly as no statistics
    do), so there it runs again only once the table has grown by STATS_GROWTH since the last
    time: a province imported commune by commune pays for a handful of them, not one each."""
    if written < ANALYZE_MIN_ROWS:
        return
    if conn.dialect.name == "sqlite":
        has_stats = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'")
        ).first()
        if has_stats is not None:
            stat = conn.execute(
                text("SELECT stat FROM sqlite_stat1 WHERE tbl = :t LIMIT 1"), {"t": table.name}
            ).scalar()
            analysed = int(str(stat).split()[0]) if stat else 0
            # max(id) stands for the row count: an index probe, where count(*) reads it all.
            rows = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table.name}")).scalar()
            if analysed and int(rows or 0) < STATS_GROWTH * analysed:
                return
    conn.exec_driver_sql(f"ANALYZE {table.name}")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector around bulk work. Reading a province's file makes millions
    of objects (cells, shapely points, row tuples) and none of them form cycles, yet every few
    thousand allocations the collector walks all that survive: a third of the import's Python
    time, for nothing. Reference counting still frees everything; the collector runs again
    afterwards, unless it was already off."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def return_freed_memory(*, after_rows: int) -> None:
    """Give the C heap's free pages back to the system (glibc's ``malloc_trim``; elsewhere
    nothing) after a step of bulk work on ``after_rows`` rows, when that is TRIM_MIN_ROWS or
    more. Between the steps of a large import (reading, the village join, the neighbour search)
    arrays of millions of entries are made and freed; glibc keeps the freed pages for reuse, and
    the process grows by them step after step (a million-row import: 100 MB of its 1 GB budget).
    A call costs some 50 ms: nothing next to work of that size, too much for a small file."""
    trim = _malloc_trim() if after_rows >= TRIM_MIN_ROWS else None
    if trim is not None:
        trim(0)


def _malloc_trim() -> Any:
    global _TRIM
    if _TRIM is False:
        name = ctypes.util.find_library("c")
        try:
            _TRIM = ctypes.CDLL(name).malloc_trim if name else None
        except (OSError, AttributeError):  # not glibc (macOS, Windows, musl)
            _TRIM = None
    return _TRIM


_TRIM: Any = False  # not looked up yet


def reserve_ids(conn: Connection, table: Table, count: int) -> list[int]:
    """``count`` new primary keys for ``table``, taken inside the current write transaction.

    SQLite: the transaction holds the write lock (BEGIN IMMEDIATE), so max(id)+1… is ours.
    PostgreSQL: draw them from the column's sequence."""
    if count == 0:
        return []
    if conn.dialect.name == "sqlite":
        last = conn.execute(text(f"SELECT coalesce(max(id), 0) FROM {table.name}")).scalar_one()
        return list(range(int(last) + 1, int(last) + 1 + count))
    rows = conn.execute(
        text(
            f"SELECT nextval(pg_get_serial_sequence('{table.name}', 'id')) "
            "FROM generate_series(1, :n)"
        ),
        {"n": count},
    )
    return [int(r[0]) for r in rows]


def _placeholder(conn: Connection, position: int, name: str) -> str:
    style = conn.dialect.paramstyle
    if style == "qmark":
        return "?"
    if style in ("format", "pyformat"):
        return "%s"
    if style == "numeric":
        return f":{position + 1}"
    return f":{name}"  # named
