"""CPU per request of each route of the load benchmark's mix, in process: the ASGI app a worker
runs (`api.web.serving.worker_app`), called without a socket, on bench/load.py's registry and
requests.

    .venv/bin/python bench/route_cpu.py [--n 50000] [--requests 2000]

Under bench/load.py's closed loop of clients the mean latency is about clients / throughput, and
the throughput is the CPU the mix costs per request (the load generator shares the cores), so
what matters is each route's CPU times its share of the mix. CPU time (``process_time``), not
the wall clock, so that other work on a shared machine hardly moves the figures; each figure is
the best of three rounds, and is also given as a ratio to ``/healthz`` measured in the same run
(the app's fixed cost: middlewares and routing), which cancels most of a slower or busier CPU.

Per route: ``rendered`` (every request misses the worker's kept pages: each code or view asked
once) and ``kept`` (the same few requests again and again, answered from the kept page where the
route keeps one). The mix's weighted cost is printed for both ends; under load a worker's hit
rate lies between them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its siblings
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, from anywhere

from kept_page import asgi_get
from load import ROUTES, WEIGHTS, paths
from web import build_registry

ROUNDS = 3


async def _cpu_us(app: Any, requests: list[str], *, forget: bool = False) -> float:
    """CPU µs per request over ``requests``, each expected to answer 200; with ``forget`` the
    worker's kept pages are emptied before each (outside the measure), so every one renders."""
    pages = app.state.diachiso.pages
    spent = 0.0
    for path in requests:
        if forget:
            pages.clear()
        start = time.process_time()
        status = await asgi_get(app, path)
        spent += time.process_time() - start
        if status != 200:
            raise SystemExit(f"{path}: {status}")
    return spent / len(requests) * 1e6


async def _measure(app: Any, mix: dict[str, list[str]], n: int) -> dict[str, tuple[float, float]]:
    """Per route (and ``/healthz``): the best of ``ROUNDS`` (rendered µs, kept µs)."""
    figures: dict[str, tuple[float, float]] = {}
    for route, requests in {"/healthz": ["/healthz"], **mix}.items():
        rendered, kept = float("inf"), float("inf")
        asked = [requests[i % len(requests)] for i in range(n)]
        few = [requests[i % min(6, len(requests))] for i in range(n)]  # kept after the first
        for _ in range(ROUNDS):
            rendered = min(rendered, await _cpu_us(app, asked, forget=True))
            await _cpu_us(app, few[:6])  # kept from here on
            kept = min(kept, await _cpu_us(app, few))
        figures[route] = (rendered, kept)
    return figures


def report(figures: dict[str, tuple[float, float]]) -> None:
    base = figures["/healthz"][1]
    print(f"{'route':<20}{'share':>6}{'rendered µs':>13}{'× healthz':>10}{'kept µs':>9}{'×':>7}")
    for route, (rendered, kept) in figures.items():
        share = dict(zip(ROUTES, WEIGHTS, strict=True)).get(route, 0)
        print(
            f"{route:<20}{share:>5}%{rendered:>13.0f}{rendered / base:>10.1f}"
            f"{kept:>9.0f}{kept / base:>7.1f}"
        )
    for case, i in (("rendered", 0), ("kept", 1)):
        mean = sum(w * figures[r][i] for r, w in zip(ROUTES, WEIGHTS, strict=True)) / 100
        print(f"mix, all {case}: {mean:.0f} µs per request ({mean / base:.1f} × healthz)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="coded points in the registry")
    parser.add_argument("--requests", type=int, default=1000, help="per route and round")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diachiso-bench-cpu-") as tmp:
        db = Path(tmp) / "registry.sqlite"
        codes = build_registry(db, args.n)
        os.environ |= {
            "DIACHISO_DATABASE_URL": f"sqlite:///{db}",
            "DIACHISO_SECRET_KEY": "bench-" + "k" * 40,
            "DIACHISO_ENV": "test",
        }
        from api.web.serving import worker_app  # as uvicorn's worker: from the environment

        app = worker_app()
        try:
            report(measure(app, paths(codes, random.Random(19)), args.requests))
        finally:
            app.state.diachiso.registry.dispose()
    return 0


def measure(app: Any, mix: dict[str, list[str]], n: int) -> dict[str, tuple[float, float]]:
    """Per route of ``mix`` and ``/healthz``: (rendered µs, kept µs), ``n`` requests a round."""

    async def run() -> dict[str, tuple[float, float]]:
        async with app.router.lifespan_context(app):
            return await _measure(app, mix, n)

    return asyncio.run(run())


if __name__ == "__main__":
    sys.exit(main())
