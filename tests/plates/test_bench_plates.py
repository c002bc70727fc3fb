"""bench/bench_plates.py keeps working: a miniature run reports both ratios (ours against the
fair vector baseline and against the naive raster one) and fails, naming it, on a fair miss.
(The figures themselves come from the full run, `make bench`.)"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from plates.qr import build_matrix

_BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_plates.py"
_MINIATURE = ["--n", "24", "--fair-n", "12", "--naive-n", "6", "--repeat", "1"]


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_plates", _BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _bench()


def test_a_miniature_run_reports_both_ratios(capsys: pytest.CaptureFixture[str]) -> None:
    code = bench.main(_MINIATURE)
    out, err = capsys.readouterr()
    for line in ("ratio ours/fair:", "ratio ours/naive:", "ms/plate", "2 processes:"):
        assert line in out
    # Timing 12 plates once is noise; whichever way it went, the exit says so.
    assert code in (0, 1)
    assert (code == 1) == ("MISSED: ours/fair ratio" in err)


def test_a_fair_ratio_under_the_target_fails_and_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(bench, "TARGET_FAIR_RATIO", 1e9)
    assert bench.main(_MINIATURE) == 1
    assert "MISSED: ours/fair ratio" in capsys.readouterr().err


def test_the_fair_baseline_draws_a_symbol_of_the_same_size_and_level() -> None:
    payload = "HTTPS://DIACHI.EXAMPLE.VN/A/18112001234"
    theirs, ours = bench.segno_matrix(payload, "Q"), build_matrix(payload, "Q")
    assert (theirs.version, theirs.error_correction) == (ours.version, "Q")
    assert theirs.modules.shape == ours.modules.shape and theirs.modules.dtype == np.bool_
