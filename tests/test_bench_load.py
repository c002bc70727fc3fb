"""bench/load.py keeps working: a few seconds with a few clients against one worker and two,
each route of the mix requested and answered, and the report printed with its targets. (The
figures come from the full run on a quiet machine; see docs/scaling.md.)"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.benchmarks import load_bench

load = load_bench("load.py", "bench_load")


def test_a_short_run_measures_every_route_on_one_and_two_workers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one, two = load.run_all(tmp_path, n=3000, clients=4, seconds=2.0, workers=2)
    assert (one.workers, two.workers) == (1, 2)
    for run in (one, two):
        assert run.errors == 0 and run.resets == 0
        assert all(len(run.routes[r].latencies) > 0 for r in load.ROUTES), {
            r: len(s.latencies) for r, s in run.routes.items()
        }
    load.report(one, two, 4)
    out = capsys.readouterr().out
    for route in load.ROUTES:
        assert out.count(route) >= 2
    assert "workers / 1 worker" in out and "req/s" in out


def test_the_mix_follows_the_weights() -> None:
    rng = random.Random(3)
    drawn = [rng.choices(load.ROUTES, load.WEIGHTS)[0] for _ in range(20_000)]
    shares = {r: drawn.count(r) / len(drawn) for r in load.ROUTES}
    assert shares["/A/{code}"] == pytest.approx(0.80, abs=0.02)
    assert shares["/api/map/features"] == pytest.approx(0.10, abs=0.02)
    assert shares["/api/points?bbox"] == pytest.approx(0.05, abs=0.01)
    assert shares["/map"] == pytest.approx(0.05, abs=0.01)
