"""bench/scale.py keeps working: a miniature run on each backend builds its registry with the
real import and issuing and measures every figure, and its target check flags what it should.
(The figures themselves come from the full run, `make bench-scale`; see docs/scaling.md.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks import load_bench
from tests.postgres import PostgresServer

scale = load_bench("scale.py", "bench_scale")


def test_a_miniature_run_measures_every_figure(
    backend: str, tmp_path: Path, request: pytest.FixtureRequest, capsys: pytest.CaptureFixture[str]
) -> None:
    pg_url = None
    if backend == "postgres":
        server: PostgresServer = request.getfixturevalue("postgres_server")
        pg_url = server.url_of(server.template)
    figures, settings = scale.run(backend, 1200, tmp_path, pg_url, per_commune=400)
    assert figures.communes == 3 and figures.issued == 1200
    assert len(figures.bbox_ms) == scale.VIEWS and min(figures.view_points) >= 0
    assert sum(figures.view_points) > 0  # the views do land on points
    assert len(figures.coverage_ms) == scale.COVERAGE_RUNS
    assert len(figures.confirm_ms) == scale.CONFIRMATIONS
    assert figures.beside_ms  # confirmations ran while another commune imported
    row = figures.row()
    assert all(value > 0 for value in row.values()), row
    assert ("fsync=" in settings) == (backend == "postgres")
    scale.print_table([figures])
    assert "bbox p95 (ms)" in capsys.readouterr().out


def _figures(size: int, bbox: float, coverage: float, confirm: float) -> object:
    f = scale.Figures("sqlite", size, communes=1, import_s=1, issue_s=1, issued=1)
    f.bbox_ms, f.view_points = [bbox], [1]
    f.coverage_ms, f.confirm_ms, f.beside_ms, f.disk_mb = [coverage], [confirm], [confirm], 1.0
    return f


def test_the_target_check_names_each_miss() -> None:
    small = _figures(50_000, 5, 2, 2)
    assert scale.check([small, _figures(500_000, 40, 3, 10)]) == []
    missed = scale.check([small, _figures(500_000, 60, 51, 25)])
    assert [m.split(":")[1].split()[0] for m in missed] == [
        "bbox_p95_ms",
        "coverage_p95_ms",
        "confirm_p95_ms",
        "coverage",  # 51 ms is 25× the 2 ms at 50k: not flat
    ]
