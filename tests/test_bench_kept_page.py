"""bench/kept_page.py keeps working: both cases answer 200 through the whole app and give a
rate, the kept page far above the rendered one (the replay of api/web/replay.py)."""

from __future__ import annotations

from pathlib import Path

from tests.benchmarks import load_bench

kept_page = load_bench("kept_page.py", "bench_kept_page")


def test_the_kept_page_costs_a_fraction_of_a_rendered_one(tmp_path: Path) -> None:
    kept, rendered = kept_page.measure(tmp_path, 300)
    assert rendered > 0
    assert kept > 5 * rendered  # 17x on the machine of docs/scaling.md; 1x without the replay
