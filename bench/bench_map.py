"""Benchmark: the coverage map at commune and province scale, in headless Chromium, against the
naive page (every point its own folium marker in one page) measured in the same run.

    .venv/bin/python bench/bench_map.py [--sizes 1000,50000,500000] [--naive 1000,10000,50000]

For each registry size (points spread over a province-sized grid of 2,000 villages, built with
the real import) a real `diachiso serve` answers; Chromium opens /map (tiles "none", nothing but
loopback reachable) and we measure the time until the first points or aggregates are drawn,
then zoom in step by step to the finest level, keeping the largest response and the most
features any response carried. The naive page is a folium map with one CircleMarker per point
and its assets from the local XStatic packages (no CDN), opened from disk; it is measured until
its load event, at sizes up to the first that does not load within NAIVE_TIMEOUT_S.

Targets (issue 5): at 500,000 points, first points within 2 s and no response with more than
5,000 features. Exits 1 when either is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench_import import fresh_registry, write_points, write_villages

from gis.ingest.importing import ImportOptions, import_points
from gis.views.aggregates import MAX_FEATURES

FIRST_POINTS_TARGET_S = 2.0
NAIVE_TIMEOUT_S = 60.0
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 800}


def build(folder: Path, n: int, villages: Path) -> str:
    csv_path = folder / f"points{n}.csv"
    write_points(csv_path, n)
    registry, commune = fresh_registry(folder, f"map{n}.sqlite", villages)
    options = ImportOptions(
        kind="household", crs="EPSG:9209", northing_field="X", easting_field="Y", skip_bad=True
    )
    import_points(registry, commune, csv_path, options, actor="bench")
    url = registry.url
    registry.dispose()
    csv_path.unlink()
    return str(url)


def serve(db_url: str, port: int) -> subprocess.Popen[bytes]:
    env = os.environ | {
        "DIACHISO_SECRET_KEY": "bench-secret-" + "k" * 32,
        "DIACHISO_ENV": "test",
        "DIACHISO_MAP_TILES": "none",
        "DIACHISO_PUBLIC_URL": f"http://127.0.0.1:{port}",
    }
    runner = "import sys; from api.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [sys.executable, "-c", runner, "serve", "--port", str(port), "--db", db_url]
    proc = subprocess.Popen(cmd, env=env, cwd=Path(__file__).resolve().parents[1])

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start")


def only_loopback(route: Any) -> None:
    url = route.request.url
    if url.startswith(("http://127.0.0.1", "file://")):
        route.continue_()
    else:
        route.abort()


def measure_live(browser: Any, base: str) -> dict[str, Any]:
    # Playwright polls its conditions with eval(), which the page's CSP forbids.
    context = browser.new_context(viewport=VIEWPORT, bypass_csp=True)
    context.route("**/*", only_loopback)
    page = context.new_page()
    # Bodies are read after the fact: a blocking call inside an event handler can deadlock.
    responses: list[Any] = []
    page.on("requestfinished", lambda r: responses.append(r) if "/map/features" in r.url else None)
    page.on("console", lambda m: print("console:", m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: print("page error:", e))
    began = time.perf_counter()
    page.goto(f"{base}/map")
    page.wait_for_function("window.diachisoMap && window.diachisoMap.drawnAt !== null")
    first = time.perf_counter() - began
    villages_bytes = len(httpx.get(f"{base}/api/villages", timeout=60).content)
    for zoom in (11, 13, 15, 17):
        before = len(responses)
        page.evaluate(
            "z => { window[Object.keys(window).find(k => k.startsWith('map_'))].setZoom(z); }",
            zoom,
        )
        deadline = time.monotonic() + 5  # no new request when the view did not change
        while len(responses) == before and time.monotonic() < deadline:
            page.wait_for_timeout(50)
    sizes: list[tuple[int, int, str]] = []  # bytes, features, mode
    for request in responses:
        body = request.response().body()
        doc = json.loads(body)
        sizes.append((len(body), len(doc["features"]), doc["mode"]))
    context.close()
    return {
        "first_s": first,
        "max_bytes": max(s[0] for s in sizes),
        "max_features": max(s[1] for s in sizes),
        "modes": sorted({s[2] for s in sizes}),
        "villages_bytes": villages_bytes,
    }


def naive_page(folder: Path, db_url: str, n: int) -> Path:
    import folium
    from sqlalchemy import select

    from api.web.mapview import assets
    from gis.storage.db import open_registry
    from gis.storage.schema import points

    registry = open_registry(db_url)
    with registry.read() as conn:
        rows = conn.execute(select(points.c.lon, points.c.lat).limit(n)).all()
    registry.dispose()
    m = folium.Map(location=[18.3, 106.0], zoom_start=9, tiles=None)
    m.default_js = [(a.url, a.path.as_uri()) for a in assets() if not a.is_css]
    m.default_css = [(a.url, a.path.as_uri()) for a in assets() if a.is_css]
    for r in rows:
        folium.CircleMarker([r.lat, r.lon], radius=4, popup="point").add_to(m)
    path = folder / f"naive{n}.html"
    m.save(str(path))
    return path


def measure_naive(browser: Any, path: Path) -> float | None:
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", only_loopback)
    page = context.new_page()
    began = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="load", timeout=NAIVE_TIMEOUT_S * 1000)
        return time.perf_counter() - began
    except Exception:  # a timeout or a crashed tab: it did not load
        return None
    finally:
        context.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,50000,500000")
    parser.add_argument("--naive", default="1000,10000,50000")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    naive_sizes = [int(s) for s in args.naive.split(",")]
    from playwright.sync_api import sync_playwright

    results: dict[int, dict[str, Any]] = {}
    naive: dict[int, float | None] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        folder = Path(tmp)
        villages = folder / "villages.geojson"
        write_villages(villages)
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        for k, n in enumerate(sizes):
            t = time.perf_counter()
            db_url = build(folder, n, villages)
            built = time.perf_counter() - t
            port = 18600 + k
            proc = serve(db_url, port)
            try:
                t = time.perf_counter()
                results[n] = measure_live(browser, f"http://127.0.0.1:{port}") | {"build": built}
                print(
                    f"{n:,} points: built in {built:.1f} s, measured in "
                    f"{time.perf_counter() - t:.1f} s",
                    file=sys.stderr,
                )
            finally:
                proc.terminate()
                proc.wait(timeout=10)
            if n == max(sizes):
                for m in naive_sizes:
                    if naive and naive[max(naive)] is None:
                        break  # a smaller page already failed to load
                    t = time.perf_counter()
                    naive[m] = measure_naive(browser, naive_page(folder, db_url, m))
                    print(f"naive {m:,}: {time.perf_counter() - t:.1f} s", file=sys.stderr)
        browser.close()
    return report(results, naive)


def report(results: dict[int, dict[str, Any]], naive: dict[int, float | None]) -> int:
    print("coverage map, headless Chromium 1280×800, tiles none, 2,000 villages")
    print(f"  {'points':>9}  {'first drawn':>11}  {'largest response':>16}  {'features':>8}  modes")
    for n, r in results.items():
        print(
            f"  {n:>9,}  {r['first_s']:>9.2f} s  {r['max_bytes']:>10,} bytes  "
            f"{r['max_features']:>8,}  {', '.join(r['modes'])} "
            f"(villages GeoJSON {r['villages_bytes']:,} bytes; "
            f"registry built in {r['build']:.1f} s)"
        )
    print("  naive: every point a folium CircleMarker in one page (local assets, from disk)")
    for m, t in naive.items():
        shown = f"{t:.2f} s to load" if t is not None else f"did not load in {NAIVE_TIMEOUT_S} s"
        print(f"  {m:>9,}  {shown}")
    biggest = results[max(results)]
    ok = True
    if biggest["first_s"] > FIRST_POINTS_TARGET_S:
        print(f"MISSED: first points {biggest['first_s']:.2f} s > {FIRST_POINTS_TARGET_S} s")
        ok = False
    worst = max(r["max_features"] for r in results.values())
    if worst > MAX_FEATURES:
        print(f"MISSED: a response carried {worst:,} features > {MAX_FEATURES:,}")
        ok = False
    if ok:
        print(
            f"targets met: first points ≤ {FIRST_POINTS_TARGET_S} s at {max(results):,} points, "
            f"≤ {MAX_FEATURES:,} features per response"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
