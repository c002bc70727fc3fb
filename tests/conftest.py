"""Shared fixtures: a real registry per test — an SQLite file and, as a second parameter, a fresh
PostgreSQL/PostGIS database (tests/postgres.py) — and the CLI run in-process.

Every test that asks for `db_url` or `registry` (or a fixture built on them) runs once per
backend, named `[sqlite]` and `[postgres]`. A test that is about one backend only pins it with
`@pytest.mark.parametrize("backend", ["sqlite"])`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from api.cli import main
from gis.registry.communes import Commune, add_commune
from gis.registry.villages import import_villages
from gis.storage.db import Registry, open_registry
from tests.geometries import write_villages
from tests.postgres import PostgresServer, postgres_url_or_skip

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ACTOR = "test:pytest"


@dataclass
class CliResult:
    code: int
    out: str
    err: str


CliRunner = Callable[..., CliResult]


BACKENDS = ["sqlite", "postgres"]


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    server = PostgresServer(postgres_url_or_skip())
    yield server
    server.close()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def db_url(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'registry.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    yield server.url_of(name)
    server.drop(name)


@pytest.fixture
def registry(db_url: str) -> Iterator[Registry]:
    reg = open_registry(db_url)
    yield reg
    reg.dispose()


@pytest.fixture
def commune(registry: Registry) -> Commune:
    return add_commune(
        registry,
        name="xã Thạch Bình",
        commune_code="18112",
        area_number=18112,
        province="tỉnh Hà Tĩnh",
        district="TP Hà Tĩnh",
        actor=ACTOR,
    )


@pytest.fixture
def small_commune(registry: Registry, commune: Commune, tmp_path: Path) -> Commune:
    """The commune with the three villages of tests/geometries.py."""
    import_villages(registry, commune, write_villages(tmp_path / "villages.geojson"), actor=ACTOR)
    return commune


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Run `diachiso ARGS…` in-process; returns exit code, stdout and stderr. In English: the
    tests that use it check the English wording (`--lang vi` on the line, or
    tests/api/test_cli_language.py, for the Vietnamese)."""
    monkeypatch.delenv("DIACHISO_DATABASE_URL", raising=False)
    monkeypatch.setenv("DIACHISO_LANG", "en")

    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
