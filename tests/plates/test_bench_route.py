"""bench/bench_route.py keeps working: a miniature run compares the walking order with the exact
shortest route and with the all-pairs 2-opt it replaced, and measures the write lock of a
print batch. (The figures come from the full run: `python bench/bench_route.py`.)"""

import importlib.util
import itertools
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_route.py"


@cache
def bench_route() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_route", _BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_a_miniature_run_reports_the_ratios_and_the_write_lock(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = bench_route().main(["--quick"])
    out = capsys.readouterr().out
    exact = [float(r) for r in re.findall(r"length/exact (\d\.\d+)", out)]
    assert len(exact) == 2 and all(r == pytest.approx(1.0) for r in exact)
    assert len(re.findall(r"length/today (\d\.\d+)", out)) == 4
    held = re.search(r"batch of 40 points: .* write lock held (\d+\.\d+) s", out)
    assert held and float(held.group(1)) < 1.0
    assert code == 0, out


def test_the_exact_oracle_is_exact() -> None:
    bench = bench_route()
    points = bench.spread(7, 3)
    shortest = min(
        bench.route_length(points, [2, *rest])
        for rest in itertools.permutations([0, 1, 3, 4, 5, 6])
    )
    assert bench.exact(points, 2) == pytest.approx(shortest)
