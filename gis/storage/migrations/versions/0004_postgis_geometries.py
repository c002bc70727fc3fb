"""PostGIS geometries (PostgreSQL) and per-village coverage counts (both backends)

Geometries, on PostgreSQL only: points.geom and villages.boundary (EPSG:4326), each with a GiST
index. Both are generated columns, computed by the database from the columns every backend has
(lon/lat and boundary_wkb), so they can never disagree with them, no code writes them, and the
SQLite schema stays as it was (where the (lon, lat) B-tree serves bounding boxes). They are the
PostGIS side's spatial index structures: tests/gis/test_backends.py names them as the only
columns one backend has and the other lacks.

Coverage counts, on both: `coverage_counts` holds how many points each (commune, village, kind,
status, review flag) has, kept by triggers on `points` in the same transaction as every insert,
delete and change of those columns, whichever code path makes it. Coverage reads these few rows
instead of scanning every point. (A later migration that rebuilds `points` on SQLite — Alembic's
batch mode copies the table — must create the triggers again: SQLite drops a table's triggers
with it. tests/gis/test_coverage_counts.py would catch it.)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28 14:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

KEY = ("commune_id", "village_id", "kind", "status", "needs_review")
COLUMNS = ", ".join(KEY)


def _match(row: str) -> str:
    return " AND ".join(f"{c} = {row}.{c}" for c in KEY)


def _values(row: str) -> str:
    return ", ".join(f"{row}.{c}" for c in KEY)


# One point in, one point out; the conflict target is the primary key.
ADD = (
    f"INSERT INTO coverage_counts ({COLUMNS}, n) VALUES ({{values}}, 1) "
    f"ON CONFLICT ({COLUMNS}) DO UPDATE SET n = coverage_counts.n + 1"
)
# No row is kept at zero, so that a village or commune removed after its points moved away (a
# merge, an undone reorganisation) leaves nothing behind; for the same reason the table has no
# foreign keys: it is a derived tally, not a record.
REMOVE = (
    "UPDATE coverage_counts SET n = n - 1 WHERE {match}; "
    "DELETE FROM coverage_counts WHERE {match} AND n = 0"
)
CHANGED = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in KEY)

SQLITE_TRIGGERS = [
    f"CREATE TRIGGER points_coverage_insert AFTER INSERT ON points BEGIN "
    f"{ADD.format(values=_values('NEW'))}; END",
    f"CREATE TRIGGER points_coverage_delete AFTER DELETE ON points BEGIN "
    f"{REMOVE.format(match=_match('OLD'))}; END",
    f"CREATE TRIGGER points_coverage_update AFTER UPDATE OF {COLUMNS} ON points "
    f"WHEN {CHANGED} BEGIN "
    f"{REMOVE.format(match=_match('OLD'))}; {ADD.format(values=_values('NEW'))}; END",
]

PG_FUNCTION = f"""
CREATE FUNCTION points_coverage_count() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        {REMOVE.format(match=_match("OLD"))};
    END IF;
    IF TG_OP <> 'DELETE' THEN
        {ADD.format(values=_values("NEW"))};
    END IF;
    RETURN NULL;
END
$$
"""
PG_TRIGGERS = [
    "CREATE TRIGGER points_coverage_insert AFTER INSERT OR DELETE ON points "
    "FOR EACH ROW EXECUTE FUNCTION points_coverage_count()",
    f"CREATE TRIGGER points_coverage_update AFTER UPDATE OF {COLUMNS} ON points "
    f"FOR EACH ROW WHEN ({CHANGED.replace(' IS NOT ', ' IS DISTINCT FROM ')}) "
    "EXECUTE FUNCTION points_coverage_count()",
]


def upgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        _add_geometries()
    op.create_table(
        "coverage_counts",
        sa.Column("commune_id", sa.Integer(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("needs_review", sa.Boolean(), nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_coverage_counts")),
    )
    op.execute(
        f"INSERT INTO coverage_counts ({COLUMNS}, n) "
        f"SELECT {COLUMNS}, count(*) FROM points GROUP BY {COLUMNS}"
    )
    if postgres:
        op.execute(PG_FUNCTION)
        for sql in PG_TRIGGERS:
            op.execute(sql)
    else:
        for sql in SQLITE_TRIGGERS:
            op.execute(sql)


def _add_geometries() -> None:
    # Installing PostGIS needs a superuser (or an owner where it is trusted); on a database that
    # already has it this is a no-op that anyone may run.
    op.execute("CREATE EXTENSION IF NOT EXISTS postgis")
    op.execute(
        "ALTER TABLE points ADD COLUMN geom geometry(Point, 4326) "
        "GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(lon, lat), 4326)) STORED"
    )
    op.execute("CREATE INDEX ix_points_geom ON points USING gist (geom)")
    op.execute(
        "ALTER TABLE villages ADD COLUMN boundary geometry(Geometry, 4326) "
        "GENERATED ALWAYS AS (ST_GeomFromWKB(boundary_wkb, 4326)) STORED"
    )
    op.execute("CREATE INDEX ix_villages_boundary ON villages USING gist (boundary)")


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS points_coverage_update" + _on_points())
    op.execute("DROP TRIGGER IF EXISTS points_coverage_insert" + _on_points())
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS points_coverage_delete ON points")
        op.execute("DROP FUNCTION IF EXISTS points_coverage_count()")
    else:
        op.execute("DROP TRIGGER IF EXISTS points_coverage_delete")
    op.drop_table("coverage_counts")
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP INDEX IF EXISTS ix_villages_boundary")
    op.execute("ALTER TABLE villages DROP COLUMN IF EXISTS boundary")
    op.execute("DROP INDEX IF EXISTS ix_points_geom")
    op.execute("ALTER TABLE points DROP COLUMN IF EXISTS geom")


def _on_points() -> str:
    return " ON points" if op.get_bind().dialect.name == "postgresql" else ""
