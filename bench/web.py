"""Benchmark: the address page and the point API of `diachiso serve` on a province-sized registry,
beside the same server's /healthz measured in the same run (the ceiling).

    .venv/bin/python bench/web.py [--n 500000] [--clients 100] [--seconds 20]

A registry of ``n`` coded points (six communes of one province, each with its own area number,
since an area holds at most 99,999 serials) is written straight into SQLite, with the planner's
statistics an import leaves, then `diachiso
serve` runs on 127.0.0.1 and ``clients`` concurrent keep-alive clients request, for ``seconds``
each: /healthz, random /A/{code} pages, random /api/points/{code}. Only loopback traffic; each
phase is bounded in time.

The clients are a minimal HTTP/1.1 keep-alive loop on asyncio streams rather than httpx: on a
small machine the load generator shares the CPU with the server, and httpx's per-request cost
would make the client, not the server, the ceiling that /healthz is meant to measure.

Targets (issue 4): the address page reaches ≥ 50 % of the /healthz rate, with p99 < 100 ms.
Exits 1 when missed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import shapely

from addrgen.codes import bulk_canonical
from addrgen.pluscode import encode_many
from gis.storage.db import open_registry

RATIO_TARGET = 0.5
P99_TARGET_MS = 100.0
COMMUNES = 6
LON0, LAT0, CELL = 105.60, 17.95, 0.1  # each commune a 0.1° square of Hà Tĩnh


def build_registry(path: Path, n: int) -> list[str]:
    """``n`` coded points in ``COMMUNES`` communes of one village each; returns their codes."""
    registry = open_registry(f"sqlite:///{path}")
    registry.migrate()
    registry.dispose()
    at = datetime.now(UTC).isoformat(sep=" ")
    per = -(-n // COMMUNES)
    rng = np.random.default_rng(4)
    codes: list[str] = []
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        for c in range(COMMUNES):
            count = min(per, n - c * per)
            area = 42001 + c
            x0 = LON0 + CELL * c
            db.execute(
                "INSERT INTO communes (id, name, commune_code, area_number, province, created_at)"
                " VALUES (?, ?, ?, ?, 'tỉnh Hà Tĩnh', ?)",
                (c + 1, f"xã Bench {c + 1}", str(area), area, at),
            )
            box = shapely.box(x0, LAT0, x0 + CELL, LAT0 + CELL)
            db.execute(
                "INSERT INTO villages (id, commune_id, name, ordinal, boundary_wkb, min_lon,"
                " min_lat, max_lon, max_lat, created_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
                (c + 1, c + 1, "Thôn 1", shapely.to_wkb(box), x0, LAT0, x0 + CELL, LAT0 + CELL, at),
            )
            lon = rng.uniform(x0, x0 + CELL, count)
            lat = rng.uniform(LAT0, LAT0 + CELL, count)
            serials = np.arange(1, count + 1)
            canon = bulk_canonical(area, serials).tolist()
            plus = encode_many(lat, lon).tolist()
            rows = [
                (
                    c + 1,
                    c + 1,
                    "household",
                    f"Hộ {k}",
                    float(lon[k]),
                    float(lat[k]),
                    plus[k],
                    canon[k],
                    area,
                    k + 1,
                    "coded",
                    0,
                    f"B{c}-{k}",
                    at,
                    at,
                )
                for k in range(count)
            ]
            db.executemany(
                "INSERT INTO points (commune_id, village_id, kind, name, lon, lat, plus_code,"
                " code, area_number, serial, status, needs_review, ref, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            db.execute(
                "INSERT INTO code_counters (area_number, last_serial) VALUES (?, ?)",
                (area, count),
            )
            codes += canon
        # What `points import` leaves (gis.storage.bulk.refresh_statistics): without statistics
        # SQLite plans a map view with the commune's index, reading the whole commune for the
        # few points in view (ten times the CPU), which no imported registry does.
        db.execute("ANALYZE points")
    return codes


async def _client(
    port: int, paths: list[str], until: float, latencies: list[float], errors: list[str]
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while time.perf_counter() < until:
            path = random.choice(paths)
            start = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            status = head[9:12]
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if status != b"200":
                errors.append(f"{path}: {status.decode()}")
    finally:
        writer.close()


async def _phase(port: int, paths: list[str], clients: int, seconds: float) -> dict[str, float]:
    latencies: list[float] = []
    errors: list[str] = []
    start = time.perf_counter()
    until = start + seconds
    await asyncio.gather(*(_client(port, paths, until, latencies, errors) for _ in range(clients)))
    elapsed = time.perf_counter() - start
    if errors:
        raise SystemExit(f"{len(errors)} failed requests, e.g. {errors[0]}")
    ms = np.array(latencies) * 1000
    return {
        "requests": float(len(ms)),
        "rps": len(ms) / elapsed,
        "p50": float(np.percentile(ms, 50)),
        "p99": float(np.percentile(ms, 99)),
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(db: Path, port: int, folder: Path) -> subprocess.Popen[bytes]:
    env = os.environ | {"DIACHISO_SECRET_KEY": "bench-" + "k" * 40, "DIACHISO_ENV": "test"}
    runner = "import sys; from api.cli import main; sys.exit(main(sys.argv[1:]))"
    proc = subprocess.Popen(
        [sys.executable, "-c", runner, "serve", "--port", str(port), "--db", f"sqlite:///{db}"],
        cwd=folder,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("diachiso serve did not start") from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("diachiso serve did not listen within 60 s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=500_000)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="diachiso-bench-web-") as tmp:
        folder = Path(tmp)
        t0 = time.perf_counter()
        codes = build_registry(folder / "registry.sqlite", args.n)
        print(f"registry of {len(codes):,} coded points built in {time.perf_counter() - t0:.1f} s")
        port = _free_port()
        server = _serve(folder / "registry.sqlite", port, folder)
        try:
            sample = random.Random(7).sample(codes, min(len(codes), 20_000))
            phases = {
                "/healthz": ["/healthz"],
                "/A/{code}": [f"/A/{c}" for c in sample],
                "/api/points/{code}": [f"/api/points/{c}" for c in sample],
            }
            asyncio.run(_phase(port, phases["/A/{code}"], 10, 2.0))  # warm up
            results = {
                name: asyncio.run(_phase(port, paths, args.clients, args.seconds))
                for name, paths in phases.items()
            }
        finally:
            server.terminate()
            server.wait(timeout=10)
    ceiling = results["/healthz"]["rps"]
    print(f"{args.clients} clients, {args.seconds:g} s per route, {len(codes):,} points")
    print(f"{'route':<22}{'req/s':>9}{'vs healthz':>12}{'p50 ms':>9}{'p99 ms':>9}")
    for name, r in results.items():
        ratio = r["rps"] / ceiling
        print(f"{name:<22}{r['rps']:>9.0f}{ratio:>11.0%}{r['p50']:>9.1f}{r['p99']:>9.1f}")
    page = results["/A/{code}"]
    ok = page["rps"] >= RATIO_TARGET * ceiling and page["p99"] < P99_TARGET_MS
    verdict = "met" if ok else "MISSED"
    print(
        f"target {verdict}: address page ≥ {RATIO_TARGET:.0%} of /healthz "
        f"({page['rps'] / ceiling:.0%}) with p99 < {P99_TARGET_MS:g} ms ({page['p99']:.1f} ms)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
