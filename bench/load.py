"""Load benchmark: the public routes under a crowd, `diachiso serve --workers 2` against one
worker measured in the same run.

    .venv/bin/python bench/load.py [--n 50000] [--clients 300] [--seconds 60] [--workers 2]

A registry of ``n`` coded points (bench/web.py's: six communes of one province) is written
straight into SQLite; then, for one worker and for ``workers``, `diachiso serve` runs on
127.0.0.1 and ``clients`` concurrent keep-alive clients send for ``seconds`` a mix of the
routes a plate's QR and the leaders' map bring: 80 % `/A/{code}` (a random code), 10 %
`/api/map/features` (a random view at zoom 14), 5 % `/api/points?bbox` (the same kind of view)
and 5 % `/map`. Only loopback traffic; each run is bounded in time.

It prints, per run, the throughput, p50/p99 per route, errors (any answer but 200) and resets
(a connection closed or refused under the client), and the ratio of the two throughputs.
Targets (issue 19): no errors or resets, `/A/{code}` p99 < 250 ms with the workers, and the
workers ≥ 1.6 × one worker's throughput. Exits 1 when missed.

The clients are bench/web.py's kind: a minimal HTTP/1.1 loop on asyncio streams (httpx's
per-request cost would make the load generator, which shares the machine, the ceiling).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling, bench/web.py
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project, from anywhere

from web import CELL, COMMUNES, LAT0, LON0, build_registry

P99_TARGET_MS = 250.0
RATIO_TARGET = 1.6
ROUTES = ("/A/{code}", "/api/map/features", "/api/points?bbox", "/map")
WEIGHTS = (80, 10, 5, 5)
REPO = Path(__file__).resolve().parents[1]
VIEW = 0.01  # degrees: a view of about 1 km, as a phone shows at zoom 14


@dataclass
class RouteStats:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    example: str = ""


@dataclass
class Run:
    """One server's figures."""

    workers: int
    seconds: float
    routes: dict[str, RouteStats]
    resets: int = 0
    client_cpu: float = 0.0  # seconds the load generator itself used (it shares the machine)

    @property
    def requests(self) -> int:
        return sum(len(r.latencies) for r in self.routes.values())

    @property
    def errors(self) -> int:
        return sum(r.errors for r in self.routes.values())

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def percentile(self, route: str, q: float) -> float:
        ms = np.array(self.routes[route].latencies) * 1000
        return float(np.percentile(ms, q)) if len(ms) else float("nan")


def paths(codes: list[str], rng: random.Random) -> dict[str, list[str]]:
    """A few thousand requests of each route to draw from."""

    def view() -> tuple[int, str]:
        c = rng.randrange(COMMUNES)
        x = LON0 + CELL * c + rng.uniform(0, CELL - VIEW)
        y = LAT0 + rng.uniform(0, CELL - VIEW)
        return c, f"{x:.5f},{y:.5f},{x + VIEW:.5f},{y + VIEW:.5f}"

    def commune(c: int) -> str:
        return quote(f"xã Bench {c + 1}")

    features, points = [], []
    for _ in range(2000):
        c, box = view()
        features.append(f"/api/map/features?bbox={box}&zoom=14&commune={commune(c)}")
        points.append(f"/api/points?bbox={box}&limit=100")
    return {
        "/A/{code}": [f"/A/{c}" for c in rng.sample(codes, min(len(codes), 20_000))],
        "/api/map/features": features,
        "/api/points?bbox": points,
        "/map": [f"/map?commune={commune(c)}" for c in range(COMMUNES)],
    }


async def _read_body(reader: asyncio.StreamReader, head: bytes) -> None:
    headers = head.lower()
    if b"transfer-encoding: chunked" in headers:
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            await reader.readexactly(size + 2)
            if size == 0:
                return
    for line in headers.split(b"\r\n"):
        if line.startswith(b"content-length:"):
            await reader.readexactly(int(line.split(b":", 1)[1]))


async def _client(port: int, mix: dict[str, list[str]], until: float, run: Run, seed: int) -> None:
    """One keep-alive client: a route by the mix's weights, a request, the whole answer; a
    connection lost is a reset, and the client connects again."""
    rng = random.Random(seed)
    conn: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None
    while time.perf_counter() < until:
        route = rng.choices(ROUTES, WEIGHTS)[0]
        path = rng.choice(mix[route])
        start = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.open_connection("127.0.0.1", port)
            reader, writer = conn
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            await _read_body(reader, head)
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            run.resets += 1
            if conn is not None:
                conn[1].close()
            conn = None
            await asyncio.sleep(0.05)
            continue
        stats = run.routes[route]
        stats.latencies.append(time.perf_counter() - start)
        if head[9:12] != b"200":
            stats.errors += 1
            stats.example = stats.example or f"{path}: {head[9:12].decode()}"
    if conn is not None:
        conn[1].close()


async def _load(
    port: int, mix: dict[str, list[str]], clients: int, seconds: float, run: Run
) -> None:
    until = time.perf_counter() + seconds
    await asyncio.gather(*(_client(port, mix, until, run, seed) for seed in range(clients)))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(db: Path, port: int, workers: int, folder: Path) -> subprocess.Popen[bytes]:
    """`diachiso serve --workers N`, once it answers /healthz."""
    env = os.environ | {
        "DIACHISO_SECRET_KEY": "bench-" + "k" * 40,
        "DIACHISO_ENV": "test",
        "PYTHONPATH": str(REPO),  # the code beside this script, whatever is installed
    }
    runner = "import sys; from api.cli import main; sys.exit(main(sys.argv[1:]))"
    args = ["serve", "--port", str(port), "--workers", str(workers), "--db", f"sqlite:///{db}"]
    proc = subprocess.Popen([sys.executable, "-c", runner, *args], cwd=folder, env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("diachiso serve did not start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(64)[9:12] == b"200":
                    return proc
        except OSError:
            pass
        time.sleep(0.3)
    proc.terminate()
    raise SystemExit("diachiso serve did not answer within 120 s")


def measure(
    db: Path, folder: Path, mix: dict[str, list[str]], *, workers: int, clients: int, seconds: float
) -> Run:
    port = free_port()
    server = serve(db, port, workers, folder)
    try:
        warm = Run(workers, 2.0, {r: RouteStats() for r in ROUTES})
        asyncio.run(_load(port, mix, min(clients, 20), 2.0, warm))  # every worker's caches
        run = Run(workers, seconds, {r: RouteStats() for r in ROUTES})
        cpu = time.process_time()
        asyncio.run(_load(port, mix, clients, seconds, run))
        run.client_cpu = time.process_time() - cpu
    finally:
        server.terminate()  # SIGTERM: uvicorn's supervisor stops its workers too
        server.wait(timeout=30)
    return run


def run_all(folder: Path, *, n: int, clients: int, seconds: float, workers: int) -> tuple[Run, Run]:
    """Build the registry in ``folder``; the one-worker run, then the ``workers`` run."""
    db = folder / "registry.sqlite"
    codes = build_registry(db, n)
    mix = paths(codes, random.Random(19))
    one = measure(db, folder, mix, workers=1, clients=clients, seconds=seconds)
    many = measure(db, folder, mix, workers=workers, clients=clients, seconds=seconds)
    return one, many


def report(one: Run, many: Run, clients: int) -> bool:
    """Print the figures; returns whether the targets are met."""
    print(f"{clients} clients, {one.seconds:g} s per run")
    print(f"{'workers':<9}{'route':<20}{'requests':>10}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}")
    for run in (one, many):
        for route in ROUTES:
            stats = run.routes[route]
            p50, p99 = run.percentile(route, 50), run.percentile(route, 99)
            print(
                f"{run.workers:<9}{route:<20}{len(stats.latencies):>10}"
                f"{p50:>9.1f}{p99:>9.1f}{stats.errors:>8}"
            )
        print(
            f"{run.workers:<9}{'all':<20}{run.requests:>10}   {run.rps:.0f} req/s, "
            f"{run.errors} errors, {run.resets} resets "
            f"(the clients used {run.client_cpu / run.seconds:.0%} of a core)"
        )
        for stats in run.routes.values():
            if stats.example:
                print(f"  e.g. {stats.example}")
    ratio = many.rps / one.rps if one.rps else float("nan")
    p99 = many.percentile("/A/{code}", 99)
    clean = not (one.errors or one.resets or many.errors or many.resets)
    ok = clean and p99 < P99_TARGET_MS and ratio >= RATIO_TARGET
    print(
        f"target {'met' if ok else 'MISSED'}: no errors or resets ({'yes' if clean else 'no'}), "
        f"/A/{{code}} p99 with {many.workers} workers < {P99_TARGET_MS:g} ms ({p99:.1f} ms), "
        f"{many.workers} workers / 1 worker ≥ {RATIO_TARGET} ({ratio:.2f}x)"
    )
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=50_000, help="coded points in the registry")
    parser.add_argument("--clients", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=60.0, help="per run")
    parser.add_argument("--workers", type=int, default=2, help="compared with one worker")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diachiso-bench-load-") as tmp:
        one, many = run_all(
            Path(tmp), n=args.n, clients=args.clients, seconds=args.seconds, workers=args.workers
        )
    return 0 if report(one, many, args.clients) else 1


if __name__ == "__main__":
    sys.exit(main())
