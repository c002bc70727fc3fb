"""bench/ogc.py keeps working: one commune of the bench's registry (25,000 points, the real
import and issuing) on each backend, a few pages of each case through the whole app, and the
baseline's two builders timed on the same pages. (The figures come from the full run at 50,000
and 500,000 points; see docs/scaling.md.)"""

from __future__ import annotations

import pytest

from tests.benchmarks import load_bench
from tests.postgres import PostgresServer

ogc = load_bench("ogc.py", "bench_ogc")


def test_a_one_commune_run_times_every_case_and_the_baseline(
    backend: str, request: pytest.FixtureRequest
) -> None:
    pg_url = None
    if backend == "postgres":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        pg_url = server.url_of(server.template)
    times = ogc.run(backend, ogc.COMMUNE_POINTS, 3, pg_url)
    assert set(times) == {"bbox", "bbox_4326", "all", "from_rows", "per_point"}
    assert all(len(values) == 3 and min(values) > 0 for values in times.values()), times
