"""Bulk writes for imports and issuing: straight `executemany` on the driver.

At a province's scale SQLAlchemy's per-row parameter processing costs more than the database's
insert itself, so the hot paths hand the driver plain tuples. Values that need a dialect's
conversion (timestamps, booleans, JSON) are converted with that dialect's own bind processor,
so what lands is exactly what SQLAlchemy would have written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, Table, text

__all__ = ["bind", "bulk_insert", "reserve_ids"]


def bind(conn: Connection, table: Table, column: str, value: Any) -> Any:
    """``value`` as the driver should receive it for ``table.column``."""
    processor = table.c[column].type.dialect_impl(conn.dialect).bind_processor(conn.dialect)
    return processor(value) if processor is not None else value


def bulk_insert(
    conn: Connection, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT many rows of already-bound values in one executemany."""
    if not rows:
        return
    marks = ", ".join(_placeholder(conn, i, name) for i, name in enumerate(columns))
    sql = f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})"
    conn.exec_driver_sql(sql, list(rows))


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
