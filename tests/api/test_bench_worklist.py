"""bench/bench_worklist.py keeps working: a miniature run times the worklist (page and data)
against the address page and weighs it. (The figures come from the full run:
`python bench/bench_worklist.py`.)"""

import importlib.util
import re
import sys
from pathlib import Path

import pytest

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_worklist.py"


def test_a_miniature_run_times_and_weighs_the_worklist(capsys: pytest.CaptureFixture[str]) -> None:
    spec = importlib.util.spec_from_file_location("bench_worklist", _BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    assert module.main(["--plates", "40", "--repeat", "1"]) == 0
    out = capsys.readouterr().out
    assert "village of 40 plates" in out
    data = re.search(r"worklist data +[\d.]+ ms +([\d,]+) B", out)
    assert data is not None
    # Forty plates, each with its head's name, house number and position, came back.
    assert int(data.group(1).replace(",", "")) > 40 * 150
    assert re.search(r"page \+ data +[\d.]+ ms +[\d,]+ B gzip \([\d.]+x the address page\)", out)
    # The village's surveyed outline travels in the data, lightened tenfold or more.
    outline = re.search(r"outline: ([\d,]+) vertices surveyed, ([\d,]+) drawn", out)
    assert outline is not None
    surveyed, drawn = (int(g.replace(",", "")) for g in outline.groups())
    assert surveyed > 1_000 and 4 <= drawn < surveyed / 10
