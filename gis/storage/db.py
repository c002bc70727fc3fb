"""Opening a registry: the engine, its transactions, and its migrations.

SQLite runs in WAL mode with the write lock taken up front (``BEGIN IMMEDIATE``) for every write
transaction, so two writers wait for each other instead of one failing half-way; reads use a
plain deferred ``BEGIN`` and never block behind a writer.

PostgreSQL behaves the same way, one commune at a time: a write transaction first takes
transaction-scoped advisory locks (released at commit or rollback), so writers that could
interfere queue one behind the other exactly as on SQLite, and every check-then-write in the
registry (duplicates within 3 m, a first confirmation, the next serial) sees the previous
writer's committed work; readers (MVCC snapshots) never wait. A write about one commune (an
import, issuing, a print batch, a point, a confirmation, a report) takes the registry's lock
shared and that commune's lock exclusively: the communes of a province or of the nation write
side by side, and a province's import does not hold up a volunteer in the next commune. A write
that may touch several communes (a reorganisation, a registry merge, users, a restore) takes the
registry's lock exclusively and waits for every other writer (and, as PostgreSQL grants locks in
order, writers that come after it wait for it). Spending a sign-in link, kept right by its own
row lock, takes the registry's lock shared only. The issuing counter row is still
read ``FOR UPDATE`` (gis/issuing.py), which would keep serials safe on its own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url

from gis.errors import RegistryError

__all__ = [
    "Registry",
    "lock_registry_numbering",
    "open_registry",
    "prepare_registry",
    "require_current",
]

WRITE_OPTION = "diachiso_write"
SQLITE_BUSY_TIMEOUT_MS = 60_000
SQLITE_CACHE_KIB = 256 * 1024
# The key of the PostgreSQL advisory lock every write transaction takes (advisory locks are per
# database, so two registries on one server do not share it): "diachiso" as eight bytes.
PG_WRITE_LOCK_KEY = int.from_bytes(b"diachiso", "big") >> 1
# One commune's lock: the two-integer form of advisory locks (its own key space), this class
# and the commune's id.
PG_COMMUNE_LOCK_CLASS = int.from_bytes(b"xa  ", "big") >> 1
# Things numbered across the whole registry that commune writers take (print batch labels).
PG_SEQUENCE_LOCK_KEY = int.from_bytes(b"labels  ", "big") >> 1
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


class Registry:
    """A registry database: one engine, read and write transactions, migrations."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self, commune_id: int | None = None, *, shared: bool = False) -> Iterator[Connection]:
        """One write transaction: all or nothing, with the write lock taken at the start. On
        PostgreSQL, with ``commune_id``, only that commune's writers queue behind it; with
        ``shared`` (a write kept right by its own row locks, such as spending a sign-in link),
        nobody does but a whole-registry write."""
        with self.engine.connect() as conn:
            conn = conn.execution_options(**{WRITE_OPTION: True})
            with conn.begin():
                if conn.dialect.name == "postgresql":
                    _lock(conn, commune_id, shared=shared)
                yield conn

    def migrate(self) -> None:
        """Bring the schema to the newest migration (creating it on an empty database)."""
        from alembic import command
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def is_current(self) -> bool:
        """Whether the schema is at the newest migration."""
        from alembic.runtime.migration import MigrationContext
        from alembic.script import ScriptDirectory

        head = ScriptDirectory(str(MIGRATIONS)).get_current_head()
        with self.engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision() == head

    def is_initialised(self) -> bool:
        return inspect(self.engine).has_table("communes")

    def dispose(self) -> None:
        self.engine.dispose()


def prepare_registry(registry: Registry) -> bool:
    """Bring the schema to the newest migration, creating it on an empty database; returns
    whether anything changed. A face calls it before a command's work (a schema change is not
    part of any domain write and takes its own transaction)."""
    if registry.is_current():
        return False
    registry.migrate()
    return True


def require_current(registry: Registry) -> None:
    """Refuse to work on a registry whose schema is not the newest (or not there at all): the
    face was to call :func:`prepare_registry` first."""
    if not registry.is_current():
        raise RegistryError("registry.schema_outdated", value=registry.url)


def _lock(conn: Connection, commune_id: int | None, *, shared: bool) -> None:
    if commune_id is None and not shared:
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_WRITE_LOCK_KEY})")
        return
    # Always in this order: the registry's, then the commune's.
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock_shared({PG_WRITE_LOCK_KEY})")
    if commune_id is not None:
        conn.exec_driver_sql(
            f"SELECT pg_advisory_xact_lock({PG_COMMUNE_LOCK_CLASS}, {int(commune_id)})"
        )


def lock_registry_numbering(conn: Connection) -> None:
    """Before taking the next number of a registry-wide series inside a commune's write (a
    print batch's label): commune writers run side by side on PostgreSQL, so they queue here
    until commit. SQLite's writers are already one at a time."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({PG_SEQUENCE_LOCK_KEY})")


def open_registry(url: str, *, create: bool = True) -> Registry:
    """Open the registry at ``url``. With ``create`` a missing SQLite file (and its folder) is
    made on first use; without it a missing file is an error, and nothing is created."""
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:":
            if not create and not Path(database).exists():
                raise RegistryError("registry.missing", url=url)
            Path(database).parent.mkdir(parents=True, exist_ok=True)
        kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        _configure_sqlite(engine)
    return Registry(engine)


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own handling defers it past the first write).
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        # A province's import touches several indexes; 256 MiB of page cache keeps them in memory.
        cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        if conn.get_execution_options().get(WRITE_OPTION):
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            conn.exec_driver_sql("BEGIN")
