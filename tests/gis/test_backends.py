"""The same Alembic migrations build the same registry on SQLite and on PostgreSQL/PostGIS: the
same tables, columns (name, nullability, primary key), foreign keys and unique indexes; only the
backend's own spatial structures differ, and they are named here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import inspect

from gis.storage.db import Registry, open_registry
from gis.storage.schema import POSTGIS_COLUMNS, POSTGIS_INDEXES
from tests.postgres import PostgresServer

# Reflecting PostGIS's geometry columns without GeoAlchemy2 warns that the type is unknown.
pytestmark = pytest.mark.filterwarnings("ignore:Did not recognize type 'geometry'")

# What PostgreSQL has and SQLite has not: PostGIS's own table and migration 0004's generated
# geometry columns with their GiST indexes. SQLite has nothing of its own.
POSTGRES_ONLY_TABLES = {"spatial_ref_sys"}


@pytest.fixture
def both(tmp_path: Any, postgres_server: PostgresServer) -> Iterator[tuple[Registry, Registry]]:
    lite = open_registry(f"sqlite:///{tmp_path / 'r.sqlite'}")
    name = postgres_server.create()
    pg = open_registry(postgres_server.url_of(name))
    lite.migrate()
    pg.migrate()
    yield lite, pg
    lite.dispose()
    pg.dispose()
    postgres_server.drop(name)


def _shape(registry: Registry) -> dict[str, dict[str, Any]]:
    found = inspect(registry.engine)
    shape: dict[str, dict[str, Any]] = {}
    for table in sorted(set(found.get_table_names()) - POSTGRES_ONLY_TABLES):
        geometry = set(POSTGIS_COLUMNS.get(table, ()))
        gist = set(POSTGIS_INDEXES.get(table, ()))
        columns = {
            c["name"]: bool(c["nullable"])
            for c in found.get_columns(table)
            if c["name"] not in geometry
        }
        keys = sorted(
            (tuple(fk["constrained_columns"]), fk["referred_table"], tuple(fk["referred_columns"]))
            for fk in found.get_foreign_keys(table)
        )
        # PostgreSQL also lists the index behind each UNIQUE constraint: counted once.
        own = [
            ix
            for ix in found.get_indexes(table)
            if ix["name"] not in gist and not ix.get("duplicates_constraint")
        ]
        unique = sorted(tuple(ix["column_names"]) for ix in own if ix["unique"]) + sorted(
            tuple(u["column_names"]) for u in found.get_unique_constraints(table)
        )
        indexes = sorted(str(ix["name"]) for ix in own)
        shape[table] = {
            "columns": columns,
            "primary_key": found.get_pk_constraint(table)["constrained_columns"],
            "foreign_keys": keys,
            "unique": sorted(set(unique)),
            "indexes": indexes,
        }
    return shape


def test_both_backends_hold_the_same_tables_and_columns(
    both: tuple[Registry, Registry],
) -> None:
    lite, pg = both
    assert _shape(lite) == _shape(pg)


def test_postgres_has_exactly_the_named_spatial_structures(
    both: tuple[Registry, Registry],
) -> None:
    _, pg = both
    found = inspect(pg.engine)
    for table, columns in POSTGIS_COLUMNS.items():
        names = {c["name"] for c in found.get_columns(table)}
        assert set(columns) <= names
    with pg.read() as conn:
        gist = conn.exec_driver_sql(
            "SELECT tablename, indexname FROM pg_indexes WHERE indexdef LIKE '%%USING gist%%' "
            "AND schemaname = current_schema() ORDER BY 1, 2"
        ).all()
        srids = conn.exec_driver_sql(
            "SELECT f_table_name, f_geometry_column, srid FROM geometry_columns ORDER BY 1"
        ).all()
    assert [tuple(r) for r in gist] == sorted(
        (t, ix) for t, names in POSTGIS_INDEXES.items() for ix in names
    )
    assert [tuple(r) for r in srids] == [("points", "geom", 4326), ("villages", "boundary", 4326)]
