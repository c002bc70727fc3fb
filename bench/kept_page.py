"""Requests per CPU-second of `GET /A/{code}` through the whole ASGI stack, in process (no
socket, no server): the app's middlewares, routing and the address route, as a worker runs them.

    .venv/bin/python bench/kept_page.py [--requests 3000]

Two cases on bench/web.py's registry (2,000 points): ``kept``, 50 codes asked again and again
(every answer after the first comes from the worker's kept page), and ``rendered``, every code
once per round with the page cache made too small to keep any (every answer reads the registry
and renders). CPU time, not the wall clock, so that other work on a shared machine hardly moves
the figures; the best of five rounds is printed.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling, bench/web.py
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, from anywhere

from web import build_registry

from api.web.app import create_app
from gis.settings import load_settings


async def asgi_get(app: Any, target: str) -> int:
    """The status of ``GET target`` (a path and its query) asked of ``app`` as uvicorn asks."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"127.0.0.1")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }
    status = 0

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Any) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(scope, receive, send)
    return status


async def _round(app: Any, paths: list[str], n: int) -> None:
    for i in range(n):
        status = await asgi_get(app, paths[i % len(paths)])
        if status != 200:
            raise SystemExit(f"{paths[i % len(paths)]}: {status}")


def per_cpu_second(app: Any, paths: list[str], n: int) -> float:
    best = 0.0
    for _ in range(5):
        start = time.process_time()
        asyncio.run(_round(app, paths, n))
        best = max(best, n / (time.process_time() - start))
    return best


def measure(folder: Path, requests: int) -> tuple[float, float]:
    """Requests per CPU-second of the kept and the rendered case, on a registry in ``folder``."""
    db = folder / "registry.sqlite"
    codes = build_registry(db, 2000)
    settings = load_settings(
        database_url=f"sqlite:///{db}", secret_key="bench-" + "k" * 40, env="test"
    )
    app = create_app(settings)
    try:
        kept = per_cpu_second(app, [f"/A/{c}" for c in codes[:50]], requests)
        app.state.diachiso.pages.size = 0  # keeps nothing: every answer renders
        rendered = [f"/A/{c}" for c in codes[50:]]
        return kept, per_cpu_second(app, rendered, min(requests, len(rendered)))
    finally:
        app.state.diachiso.registry.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        kept, rendered = measure(Path(folder), args.requests)
    print(f"kept:     {kept:,.0f} requests/CPU-second")
    print(f"rendered: {rendered:,.0f} requests/CPU-second")
    return 0


if __name__ == "__main__":
    sys.exit(main())
