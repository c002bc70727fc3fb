"""Benchmark: the volunteer's worklist of one big village — the page (`GET /field`) and its data
(`GET /api/field/worklist`) — against the address page (`GET /A/{code}`, the same volunteer
signed in) measured in the same run, and what they weigh compressed.

    .venv/bin/python bench/bench_worklist.py [--plates 2000] [--repeat 7]

A fresh SQLite registry holds one village of --plates households (the walking-order bench's
hamlet layout), each with a household head's name and a house number, all coded and printed
in one final batch; the village's outline is a survey's, a vertex every half metre (the data
carries it simplified to about a metre). The app answers in-process (Starlette's test client:
the whole app, no network), to a volunteer signed in by their link. Each request is timed
--repeat times; the median is printed. The sizes are gzip's at level 6 (what a reverse proxy in
front of the app sends; the app itself sends them uncompressed); Leaflet and the page's own
script and style are static files a phone keeps, printed apart.

Targets (issue 16): the worklist (page + data) within 1 s and under 300 KB gzip. Exits 1,
naming the misses.
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import shapely
from fastapi.testclient import TestClient
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select, update

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_route import coded_village, hamlets

from api.web.app import create_app
from gis.field.accounts import add_user
from gis.registry.batches import PrintItem, record_batch
from gis.registry.communes import Commune
from gis.settings import load_settings
from gis.storage.db import Registry
from gis.storage.schema import points, villages

TARGET_SECONDS = 1.0
TARGET_GZIP_BYTES = 300_000
STATIC = ("/static/field.js", "/static/field.css", "/static/leaflet/leaflet.js")
DEGREE_PER_M = 1 / 111_195.0
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Võ", "Đặng")
GIVEN = ("Văn An", "Thị Bình", "Văn Cường", "Thị Dung", "Xuân Hòa", "Thị Lan", "Đức Minh")


def surveyed(boundary: BaseGeometry) -> BaseGeometry:
    """The village's outline as a cadastral survey draws it: a vertex every half metre, the
    line wandering ±3 m along a hedge or a canal every 40 m (what the worklist must lighten)."""
    dense = shapely.segmentize(boundary, 0.5 * DEGREE_PER_M)
    k = 2 * math.pi / (40 * DEGREE_PER_M)
    wobble = 3 * DEGREE_PER_M
    return shapely.transform(dense, lambda xy: xy + wobble * np.sin(k * xy[:, ::-1]))


def furnish(registry: Registry, commune: Commune) -> str:
    """Give every household a head and a house number, the village a surveyed outline, print
    them all in one final batch in code order; the first code."""
    with registry.write() as conn:
        shape = shapely.from_wkb(conn.execute(select(villages.c.boundary_wkb)).scalar_one())
        outline = shapely.make_valid(surveyed(shape))
        conn.execute(update(villages).values(boundary_wkb=shapely.to_wkb(outline)))
        rows = conn.execute(select(points.c.id, points.c.code).order_by(points.c.code)).all()
        for k, row in enumerate(rows):
            name = f"{SURNAMES[k % len(SURNAMES)]} {GIVEN[k % len(GIVEN)]}"
            values = {"name": name, "house_number": str(k + 1), "street": "đường Xóm Mới"}
            conn.execute(update(points).where(points.c.id == row.id).values(**values))
        items = [PrintItem(r.id, n, r.code, "Thôn Bình Minh") for n, r in enumerate(rows, 1)]
        record_batch(conn, commune, purpose="batch", selection={}, mode="office", draft=False,
                     public_url="https://diachi.example.vn", out_dir="/tmp", files={},
                     items=items, actor="bench")  # fmt: skip
    return str(rows[0].code)


def timed(get: Callable[[], bytes], repeat: int) -> tuple[float, bytes]:
    """The median seconds of ``repeat`` calls, and the last answer's body."""
    times, body = [], b""
    for _ in range(repeat):
        began = time.perf_counter()
        body = get()
        times.append(time.perf_counter() - began)
    return statistics.median(times), body


def run(folder: Path, plates: int, repeat: int) -> tuple[float, int]:
    """Time and weigh the worklist of a village of ``plates``; (seconds, gzip bytes)."""
    registry, commune = coded_village(folder, hamlets(plates, 7))
    first = furnish(registry, commune)
    with registry.read() as conn:
        kept = shapely.from_wkb(conn.execute(select(villages.c.boundary_wkb)).scalar_one())
    surveyed_vertices = shapely.get_num_coordinates(kept)
    new = add_user(registry, commune, name="Bench", role="volunteer",
                   village_names=["Thôn Bình Minh"], actor="bench")  # fmt: skip
    settings = load_settings(database_url=registry.url, env="test", secret_key="b" * 40)
    with TestClient(create_app(settings, registry=registry)) as client:
        assert client.post(f"/signin/{new.signin_token}").status_code == 200

        def get(path: str) -> Callable[[], bytes]:
            def fetch() -> bytes:
                response = client.get(path)
                assert response.status_code == 200, (path, response.status_code)
                return bytes(response.content)

            return fetch

        baseline, _ = timed(get(f"/A/{first}"), repeat)
        page_s, page = timed(get("/field"), repeat)
        data_s, data = timed(get("/api/field/worklist"), repeat)
        assets = sum(len(gzip.compress(get(path)(), 6)) for path in STATIC)
    registry.dispose()
    packed = len(gzip.compress(page, 6)) + len(gzip.compress(data, 6))
    total = page_s + data_s
    print(f"village of {plates} plates (median of {repeat}):")
    print(f"  address page (baseline) {baseline * 1000:8.1f} ms")
    print(f"  worklist page           {page_s * 1000:8.1f} ms  {len(page):>9,} B")
    print(f"  worklist data           {data_s * 1000:8.1f} ms  {len(data):>9,} B")
    print(f"  worklist page + data    {total * 1000:8.1f} ms  {packed:>9,} B gzip "
          f"({total / baseline:.1f}x the address page)")  # fmt: skip
    print(f"  static files kept by the phone: {assets:,} B gzip")
    drawn = json.loads(data)["outlines"]["features"][0]["geometry"]["coordinates"]
    print(f"  village outline: {surveyed_vertices:,} vertices surveyed, "
          f"{sum(len(r) for r in drawn):,} drawn, "
          f"{len(json.dumps(drawn, separators=(',', ':'))):,} B in the data")  # fmt: skip
    return total, packed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--plates", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        seconds, packed = run(Path(folder), args.plates, args.repeat)
    misses = []
    if seconds >= TARGET_SECONDS:
        misses.append(f"worklist took {seconds:.2f} s (target < {TARGET_SECONDS} s)")
    if packed >= TARGET_GZIP_BYTES:
        misses.append(f"worklist weighs {packed:,} B gzip (target < {TARGET_GZIP_BYTES:,} B)")
    for miss in misses:
        print("MISS:", miss)
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
