"""coverage counts per statement on PostgreSQL

Migration 0004's triggers keep `coverage_counts` row by row. On PostgreSQL a bulk write (an
import of 25,000 households, `codes issue` for a commune) then updates the same few tally rows
once per point inside one transaction, and each update adds a version of that row which the next
one must step over: the cost grows with the square of the batch (25,000 points took 5 s, most of
the import). Here the PostgreSQL triggers become statement-level triggers with transition tables:
each INSERT, UPDATE or DELETE statement, however many rows it touches, adds its net change per
(commune, village, kind, status, review flag) in one upsert, and removes the tallies it brought to
zero. Counts are the same as before (tests/gis/test_coverage_counts.py recounts after random mixes
of operations on both backends). SQLite has no statement-level triggers and keeps 0004's.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-28 16:30:00
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

KEY = ("commune_id", "village_id", "kind", "status", "needs_review")
COLUMNS = ", ".join(KEY)
MATCH = " AND ".join(f"c.{k} = d.{k}" for k in KEY)


def _upsert(deltas: str) -> str:
    """Add ``deltas`` (a query of KEY columns and d) to the tallies, then drop those at zero."""
    return f"""
        INSERT INTO coverage_counts ({COLUMNS}, n)
        SELECT {COLUMNS}, sum(d) FROM ({deltas}) AS x GROUP BY {COLUMNS} HAVING sum(d) <> 0
        ON CONFLICT ({COLUMNS}) DO UPDATE SET n = coverage_counts.n + EXCLUDED.n;
        DELETE FROM coverage_counts AS c
        USING (SELECT DISTINCT {COLUMNS} FROM ({deltas}) AS y) AS d
        WHERE {MATCH} AND c.n = 0;
    """


ADDED = f"SELECT {COLUMNS}, 1 AS d FROM new_rows"
REMOVED = f"SELECT {COLUMNS}, -1 AS d FROM old_rows"
FUNCTION = f"""
CREATE FUNCTION points_coverage_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_upsert(ADDED)}
    ELSIF TG_OP = 'DELETE' THEN
        {_upsert(REMOVED)}
    ELSE
        {_upsert(f"{REMOVED} UNION ALL {ADDED}")}
    END IF;
    RETURN NULL;
END
$$
"""
# A trigger with transition tables fires for one event only, and an UPDATE trigger with them
# cannot name columns: every UPDATE of points counts its net change (none for a renamed house).
TRIGGERS = [
    "CREATE TRIGGER points_coverage_insert AFTER INSERT ON points "
    "REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION points_coverage_count()",
    "CREATE TRIGGER points_coverage_update AFTER UPDATE ON points "
    "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
    "FOR EACH STATEMENT EXECUTE FUNCTION points_coverage_count()",
    "CREATE TRIGGER points_coverage_delete AFTER DELETE ON points "
    "REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION points_coverage_count()",
]


def _drop(names: tuple[str, ...]) -> None:
    for name in names:
        op.execute(f"DROP TRIGGER IF EXISTS {name} ON points")
    op.execute("DROP FUNCTION IF EXISTS points_coverage_count()")


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _drop(("points_coverage_insert", "points_coverage_update"))
    op.execute(FUNCTION)
    for sql in TRIGGERS:
        op.execute(sql)


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    _drop(("points_coverage_insert", "points_coverage_update", "points_coverage_delete"))
    previous = _revision_0004()
    op.execute(previous.PG_FUNCTION)
    for sql in previous.PG_TRIGGERS:
        op.execute(sql)


def _revision_0004() -> ModuleType:
    path = Path(__file__).with_name("0004_postgis_geometries.py")
    spec = importlib.util.spec_from_file_location("diachiso_migration_0004", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
