"""Loading a benchmark script of bench/ as a module, for the tests that keep it working (the
scripts are run as files, not installed as a package)."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

from tests.conftest import REPO

__all__ = ["load_bench"]


def load_bench(file_name: str, module_name: str) -> ModuleType:
    """``bench/<file_name>`` as the module ``module_name``."""
    spec = importlib.util.spec_from_file_location(module_name, REPO / "bench" / file_name)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module
