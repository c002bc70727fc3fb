"""A throw-away PostgreSQL database per test, cloned from a template (about 10 ms each).

`DIACHISO_TEST_POSTGRES_URL` names a database with PostGIS installed on a server where its user
may CREATE DATABASE (`.ci/run` starts one). The session copies that database once into a
private template and every test gets a fresh clone of it (or of a template a fixture built, such
as the sample registry), dropped afterwards. Without the variable the PostgreSQL tests skip with
a message; under CI (the `CI` variable set) they fail instead, so CI can never pass by skipping.
"""

from __future__ import annotations

import itertools
import os
import uuid

import pytest
from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url

__all__ = ["POSTGRES_ENV", "PostgresServer", "postgres_url_or_skip"]

POSTGRES_ENV = "DIACHISO_TEST_POSTGRES_URL"


def postgres_url_or_skip() -> str:
    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    problem = (
        f"{POSTGRES_ENV} is not set (e.g. postgresql+psycopg://postgres@127.0.0.1:55432/"
        "diachiso_test, a PostGIS database whose user may CREATE DATABASE; .ci/run starts one)"
    )
    if os.environ.get("CI"):
        pytest.fail(f"PostgreSQL tests cannot run under CI: {problem}")
    pytest.skip(f"PostgreSQL tests skipped: {problem}")


class PostgresServer:
    """Creates and drops the test databases, through a connection to the `postgres` database."""

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.prefix = f"diachiso_t{uuid.uuid4().hex[:8]}"
        self._numbers = itertools.count(1)
        self.admin: Engine = create_engine(
            self.url.set(database="postgres"), isolation_level="AUTOCOMMIT"
        )
        # The session's own template: a copy of the given database (PostGIS installed), which
        # nothing stays connected to, so that CREATE DATABASE … TEMPLATE can copy it.
        self.template = self.create(template=self.url.database)

    def url_of(self, name: str) -> str:
        database: URL = self.url.set(database=name)
        return database.render_as_string(hide_password=False)

    def create(self, *, template: str | None = None) -> str:
        """A new database cloned from ``template`` (the session's template by default)."""
        name = f"{self.prefix}_{next(self._numbers)}"
        source = template or self.template
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{source}" STRATEGY FILE_COPY'))
        return name

    def seal(self, name: str) -> None:
        """Close every connection to ``name`` (e.g. an engine's pool left open by the CLI), so
        that it can serve as a template."""
        with self.admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :name AND pid <> pg_backend_pid()"
                ),
                {"name": name},
            )

    def drop(self, name: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        with self.admin.connect() as conn:
            names = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE :p"),
                {"p": f"{self.prefix}%"},
            ).scalars()
            for name in list(names):
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self.admin.dispose()
