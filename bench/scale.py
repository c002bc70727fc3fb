"""Benchmark: the registry as it grows, on SQLite and on PostgreSQL/PostGIS (issue 6).

    .venv/bin/python bench/scale.py [--sizes 50000,500000] [--backends sqlite,postgres]
                                    [--national] [--postgres-url URL] [--json FILE]

A registry of N points is built the way a province builds it: communes of COMMUNE_POINTS
households each (one area number holds 99,999 serials, and a real commune has a few thousand to
a few tens of thousands of addresses), each a block of 10 × 10 villages about 0.85 km square,
laid side by side; every commune's villages and points are imported with the real
`villages import` / `points import` code (checks, village join, 3 m duplicate search) and then
given codes with `codes issue`. The density is the same at every size, so a map view holds
about the same number of points: what grows is the registry around it. We measure

- import and issuing rates (points/s over all communes);
- the map's typical view: `/api/map/features` at zoom 15 (a phone's screen, about 1.1 km²,
  some 350 points) for VIEWS random views, p50 and p95;
- a commune's coverage document (`/api/coverage`), p50 and p95 over random communes;
- one volunteer confirmation (`confirm_installation`, a write transaction with its event),
  p50 and p95 over CONFIRMATIONS random plates; then confirmations again while another commune's
  `diachiso points import` of 25,000 households runs in its own process: their p95 and the
  longest (SQLite has one writer at a time; PostgreSQL one per commune);
- the registry's size on disk (the SQLite file and its WAL; `pg_database_size`);

and print one table with the ratio of each figure between consecutive sizes, so growth shows.
The SQLite sizes run on a file in a temporary folder; PostgreSQL needs a server with PostGIS whose
user may CREATE DATABASE (a database is made from DIACHISO_TEST_POSTGRES_URL's as a template and
dropped afterwards). `--national` adds 5,000,000 points on PostGIS (about 200 communes; slow:
most of the time is the import). The server's durability settings are printed with the figures.

Targets (issue 6) at 500,000 points, each backend: bbox p95 ≤ 50 ms, coverage p95 ≤ 50 ms and
flat as points grow (≤ FLAT_RATIO × the smallest size's), confirmation p95 ≤ 20 ms. Exits 1 when
one is missed.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gis.field.accounts import User, add_user, get_user
from gis.field.installations import Confirmation, confirm_installation
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.batches import PrintItem, record_batch
from gis.registry.communes import Commune, add_commune
from gis.registry.issuing import issue_codes
from gis.registry.villages import import_villages
from gis.storage.db import Registry, open_registry
from gis.storage.schema import points
from gis.views.aggregates import MapView, map_features
from gis.views.coverage import coverage

REPO = Path(__file__).resolve().parents[1]
COMMUNE_POINTS = 25_000
VILLAGES_SIDE = 10  # a commune is a block of 10 × 10 villages
VILLAGE_DEG = 0.008  # ≈ 0.85 km × 0.84 km
COMMUNE_DEG = VILLAGE_DEG * VILLAGES_SIDE
COMMUNES_PER_ROW = 20
LON0, LAT0 = 104.5, 17.5
VIEW_DEG = 0.01  # ≈ 1.05 km × 1.1 km: a phone's map at zoom 15
VIEWS = 300
COVERAGE_RUNS = 100
CONFIRMATIONS = 300
BESIDE_PLATES = 2_000  # plates kept for confirming while another commune imports
BESIDE_MIN_ROWS = 5_000  # that import's size at least (long enough to confirm beside it)
TARGET_SIZE = 500_000
TARGETS_MS = {"bbox_p95_ms": 50.0, "coverage_p95_ms": 50.0, "confirm_p95_ms": 20.0}
FLAT_RATIO = 2.0
NATIONAL_SIZE = 5_000_000


@dataclass
class Figures:
    backend: str
    size: int
    communes: int
    import_s: float = 0.0
    issue_s: float = 0.0
    issued: int = 0
    bbox_ms: list[float] = field(default_factory=list)
    view_points: list[int] = field(default_factory=list)
    coverage_ms: list[float] = field(default_factory=list)
    confirm_ms: list[float] = field(default_factory=list)
    beside_ms: list[float] = field(default_factory=list)
    disk_mb: float = 0.0

    def row(self) -> dict[str, float]:
        return {
            "import (points/s)": self.size / self.import_s,
            "issue (codes/s)": self.issued / self.issue_s,
            "bbox p50 (ms)": _pct(self.bbox_ms, 50),
            "bbox p95 (ms)": _pct(self.bbox_ms, 95),
            "points per view": statistics.mean(self.view_points),
            "coverage p50 (ms)": _pct(self.coverage_ms, 50),
            "coverage p95 (ms)": _pct(self.coverage_ms, 95),
            "confirm p50 (ms)": _pct(self.confirm_ms, 50),
            "confirm p95 (ms)": _pct(self.confirm_ms, 95),
            "confirm p95 beside an import (ms)": _pct(self.beside_ms, 95),
            "confirm max beside an import (ms)": max(self.beside_ms),
            "registry on disk (MB)": self.disk_mb,
        }

    def targets(self) -> dict[str, float]:
        r = self.row()
        return {
            "bbox_p95_ms": r["bbox p95 (ms)"],
            "coverage_p95_ms": r["coverage p95 (ms)"],
            "confirm_p95_ms": r["confirm p95 (ms)"],
        }


def _pct(values: list[float], q: float) -> float:
    return float(np.percentile(np.array(values), q))


def commune_origin(c: int) -> tuple[float, float]:
    """South-west corner of commune ``c`` (communes are laid out in rows)."""
    return LON0 + (c % COMMUNES_PER_ROW) * COMMUNE_DEG, LAT0 + (c // COMMUNES_PER_ROW) * COMMUNE_DEG


def write_villages(path: Path, c: int) -> None:
    lon0, lat0 = commune_origin(c)
    features = []
    for i in range(VILLAGES_SIDE):
        for j in range(VILLAGES_SIDE):
            x0, y0 = lon0 + i * VILLAGE_DEG, lat0 + j * VILLAGE_DEG
            x1, y1 = x0 + VILLAGE_DEG, y0 + VILLAGE_DEG
            ring = [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]
            features.append(
                {
                    "type": "Feature",
                    "properties": {"name": f"Thôn {i}-{j}"},
                    "geometry": {"type": "Polygon", "coordinates": [ring]},
                }
            )
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))


def write_points(path: Path, c: int, n: int) -> None:
    """``n`` households spread over commune ``c`` (a CSV in WGS 84, as a field app exports)."""
    rng = np.random.default_rng(1000 + c)
    lon0, lat0 = commune_origin(c)
    lon = rng.uniform(lon0 + 1e-5, lon0 + COMMUNE_DEG - 1e-5, n)
    lat = rng.uniform(lat0 + 1e-5, lat0 + COMMUNE_DEG - 1e-5, n)
    with path.open("w", encoding="utf-8") as fh:
        fh.write("ma_ho,chu_ho,vi_do,kinh_do\n")
        fh.writelines(
            f"H{c}-{k},Hộ {c}-{k},{la:.7f},{lo:.7f}\n"
            for k, (la, lo) in enumerate(zip(lat.tolist(), lon.tolist(), strict=True))
        )


class Database:
    """A registry URL for one run: a SQLite file, or a new PostgreSQL database."""

    def __init__(self, backend: str, folder: Path, pg_url: str | None) -> None:
        self.backend, self.name = backend, ""
        self.admin = None
        if backend == "sqlite":
            self.url = f"sqlite:///{folder / f'scale-{uuid.uuid4().hex[:8]}.sqlite'}"
            return
        if not pg_url:
            raise SystemExit("postgres: set DIACHISO_TEST_POSTGRES_URL or give --postgres-url")
        base = make_url(pg_url)
        self.admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        self.name = f"diachiso_scale_{uuid.uuid4().hex[:8]}"
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{self.name}" TEMPLATE "{base.database}"'))
        self.url = base.set(database=self.name).render_as_string(hide_password=False)

    def settings(self, registry: Registry) -> str:
        if self.backend == "sqlite":
            return "WAL, synchronous=NORMAL"
        with registry.read() as conn:
            names = ("server_version", "fsync", "synchronous_commit", "shared_buffers")
            return ", ".join(f"{n}={conn.execute(text(f'SHOW {n}')).scalar_one()}" for n in names)

    def disk_mb(self, registry: Registry) -> float:
        """The registry's size on disk: the SQLite file with its WAL, or the database."""
        if self.backend == "sqlite":
            path = Path(make_url(self.url).database or "")
            files = [path, path.with_name(path.name + "-wal")]
            return sum(f.stat().st_size for f in files if f.exists()) / 1e6
        with registry.read() as conn:
            size = conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one()
        return int(size) / 1e6

    def drop(self) -> None:
        if self.admin is not None:
            with self.admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))
            self.admin.dispose()


@contextmanager
def timed(into: list[float]) -> Iterator[None]:
    began = time.perf_counter()
    yield
    into.append((time.perf_counter() - began) * 1000)


def add_bench_commune(registry: Registry, c: int, folder: Path) -> Commune:
    """Commune ``c`` with its own area number and its 10 × 10 villages."""
    commune = add_commune(
        registry,
        name=f"xã Thử {c:03d}",
        commune_code=f"{90000 + c}",
        area_number=10_000 + c,
        province="tỉnh Thử",
        actor="bench",
    )
    villages_path = folder / f"v{c}.geojson"
    write_villages(villages_path, c)
    import_villages(registry, commune, villages_path, actor="bench")
    return commune


def build(
    registry: Registry, size: int, per_commune: int, folder: Path, figures: Figures
) -> list[Commune]:
    """Communes, villages and points, imported and coded commune by commune."""
    communes: list[Commune] = []
    n = per_commune
    for c in range(figures.communes):
        commune = add_bench_commune(registry, c, folder)
        points_path = folder / f"p{c}-{n}.csv"
        if not points_path.exists():
            write_points(points_path, c, n)
        options = ImportOptions(kind="household", skip_bad=True)
        began = time.perf_counter()
        report = import_points(registry, commune, points_path, options, actor="bench")
        figures.import_s += time.perf_counter() - began
        if report.imported != n:
            raise SystemExit(f"{points_path.name}: imported {report.imported} of {n}")
        began = time.perf_counter()
        figures.issued += issue_codes(registry, commune, actor="bench").issued
        figures.issue_s += time.perf_counter() - began
        communes.append(commune)
    return communes  # no ANALYZE here: the import keeps the planner's statistics itself


def measure(registry: Registry, communes: list[Commune], figures: Figures, folder: Path) -> None:
    rng = np.random.default_rng(7)
    for _ in range(VIEWS):
        c = int(rng.integers(len(communes)))
        lon0, lat0 = commune_origin(c)
        lon = float(rng.uniform(lon0, lon0 + COMMUNE_DEG - VIEW_DEG))
        lat = float(rng.uniform(lat0, lat0 + COMMUNE_DEG - VIEW_DEG))
        view = MapView(bbox=(lon, lat, lon + VIEW_DEG, lat + VIEW_DEG), zoom=15)
        with timed(figures.bbox_ms), registry.read() as conn:
            doc = map_features(conn, communes[c], view)
        figures.view_points.append(int(doc["count"]))

    for _ in range(COVERAGE_RUNS):
        commune = communes[int(rng.integers(len(communes)))]
        with timed(figures.coverage_ms), registry.read() as conn:
            doc = coverage(conn, commune)
        if doc["commune"]["total"] == 0:
            raise SystemExit(f"{commune.name}: coverage says no points")

    add_user(registry, communes[0], name="bench admin", role="admin", token=True, actor="bench")
    with registry.read() as conn:
        user = get_user(conn, "bench admin")
        total = figures.issued
        wanted = min(CONFIRMATIONS + BESIDE_PLATES, total)
        ids = rng.choice(np.arange(1, total + 1), size=wanted, replace=False)
        rows = conn.execute(
            select(
                points.c.id, points.c.commune_id, points.c.code, points.c.lat, points.c.lon
            ).where(points.c.id.in_([int(i) for i in ids]), points.c.code.is_not(None))
        ).all()
    print_plates(registry, communes, rows)
    plates = iter(rows)
    for row in itertools.islice(plates, CONFIRMATIONS):
        with timed(figures.confirm_ms):
            confirm(registry, user, row)
    per_commune = figures.size // figures.communes
    figures.beside_ms = confirm_beside_an_import(
        registry, user, plates, folder, len(communes), per_commune
    )


def print_plates(registry: Registry, communes: list[Commune], rows: Sequence[Any]) -> None:
    """Record the plates to confirm as printed in a final batch per commune (only a printed
    plate is confirmed; the PDFs are not what this measures)."""
    by_id = {c.id: c for c in communes}
    for commune_id in sorted({r.commune_id for r in rows}):
        mine = [r for r in rows if r.commune_id == commune_id]
        items = [PrintItem(r.id, i + 1, r.code, "") for i, r in enumerate(mine)]
        with registry.write() as conn:
            record_batch(
                conn,
                by_id[commune_id],
                purpose="batch",
                selection={"bench": True},
                mode="office",
                draft=False,
                public_url="https://bench.invalid",
                out_dir="",
                files={},
                items=items,
                actor="bench",
            )


def confirm(registry: Registry, user: User, row: Any) -> None:
    made = confirm_installation(
        registry,
        code=row.code,
        user=user,
        confirmation=Confirmation(lat=row.lat, lon=row.lon, accuracy_m=5.0),
    )
    if not made.created:
        raise SystemExit(f"{row.code}: the confirmation was not recorded")


def confirm_beside_an_import(
    registry: Registry, user: User, plates: Iterator[Any], folder: Path, c: int, n: int
) -> list[float]:
    """Confirmations in the registry's communes while another commune's officer runs `diachiso
    points import` of its ``n`` households (a separate process, as in the field): SQLite has one
    writer at a time, PostgreSQL one per commune."""
    commune = add_bench_commune(registry, c, folder)
    points_path = folder / f"beside{c}.csv"
    write_points(points_path, c, max(n, BESIDE_MIN_ROWS))
    cli = "import sys; from api.cli import main; sys.exit(main(sys.argv[1:]))"
    url = registry.engine.url.render_as_string(hide_password=False)
    command = [sys.executable, "-c", cli, "points", "import", str(points_path)]
    command += ["--kind", "household", "--skip-bad", "--db", url, "--commune", commune.name]
    latencies: list[float] = []
    officer = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    while officer.poll() is None and not writing(registry):
        time.sleep(0.001)  # the officer's process starts, reads its file, then takes its lock
    for row in plates:
        if officer.poll() is not None:
            break
        with timed(latencies):
            confirm(registry, user, row)
    _, err = officer.communicate()
    if officer.returncode != 0:
        raise SystemExit(f"the import beside the confirmations failed: {err}")
    if not latencies:
        raise SystemExit("no confirmation ran while the import did")
    return latencies


def writing(registry: Registry) -> bool:
    """Whether another connection holds a write lock of the registry (SQLite: the database's;
    PostgreSQL: one of the advisory locks of gis/storage/db.py)."""
    if registry.is_sqlite:
        raw = sqlite3.connect(
            make_url(registry.url).database or "", timeout=0, isolation_level=None
        )
        try:
            raw.execute("BEGIN IMMEDIATE")
            raw.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError:
            return True
        finally:
            raw.close()
    with registry.read() as conn:
        held = conn.execute(
            text(
                "SELECT count(*) FROM pg_locks AS l JOIN pg_stat_activity AS a USING (pid) "
                "WHERE a.datname = current_database() AND l.locktype = 'advisory' "
                "AND l.granted AND a.pid <> pg_backend_pid()"
            )
        ).scalar_one()
    return bool(held)


def run(
    backend: str,
    size: int,
    folder: Path,
    pg_url: str | None,
    *,
    per_commune: int = COMMUNE_POINTS,
) -> tuple[Figures, str]:
    """Build a registry of ``size`` points (communes of ``per_commune``) and measure it."""
    if size % per_commune:
        raise SystemExit(f"size {size:,}: expected a multiple of {per_commune:,} (one commune)")
    figures = Figures(backend, size, communes=size // per_commune)
    db = Database(backend, folder, pg_url)
    registry = open_registry(db.url)
    try:
        communes = build(registry, size, per_commune, folder, figures)
        figures.disk_mb = db.disk_mb(registry)
        measure(registry, communes, figures, folder)
        return figures, db.settings(registry)
    finally:
        registry.dispose()
        db.drop()


def print_table(results: list[Figures]) -> None:
    columns: list[tuple[str, Figures, Figures | None]] = []
    for backend in dict.fromkeys(f.backend for f in results):
        previous = None
        for f in sorted((f for f in results if f.backend == backend), key=lambda f: f.size):
            columns.append((f"{backend} {_size(f.size)}", f, previous))
            previous = f
    header = ["figure"]
    for label, _, previous in columns:
        header.append(label)
        if previous is not None:
            header.append("×")
    lines = [header]
    for key in results[0].row():
        line = [key]
        for _, f, previous in columns:
            value = f.row()[key]
            line.append(f"{value:,.1f}" if value < 100 else f"{value:,.0f}")
            if previous is not None:
                line.append(f"{value / previous.row()[key]:.2f}")
        lines.append(line)
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    for line in lines:
        print(
            "  ".join(
                cell.rjust(w) if i else cell.ljust(w)
                for i, (cell, w) in enumerate(zip(line, widths, strict=True))
            )
        )
    print("× = this size's figure ÷ the previous size's on the same backend")


def _size(n: int) -> str:
    return f"{n // 1_000_000}M" if n % 1_000_000 == 0 else f"{n // 1000}k"


def check(results: list[Figures]) -> list[str]:
    missed = []
    for f in results:
        if f.size != TARGET_SIZE:
            continue
        for key, value in f.targets().items():
            if value > TARGETS_MS[key]:
                missed.append(f"{f.backend} {_size(f.size)}: {key} {value:.1f} > {TARGETS_MS[key]}")
        smallest = min((g for g in results if g.backend == f.backend), key=lambda g: g.size)
        if smallest is not f:
            grew = f.targets()["coverage_p95_ms"] / smallest.targets()["coverage_p95_ms"]
            if grew > FLAT_RATIO:
                missed.append(f"{f.backend}: coverage grew {grew:.1f}× from {_size(smallest.size)}")
    return missed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="50000,500000")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--national", action="store_true", help="add 5,000,000 on PostGIS")
    parser.add_argument("--postgres-url", default=os.environ.get("DIACHISO_TEST_POSTGRES_URL"))
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    plan = [(b, n) for b in args.backends.split(",") for n in sizes]
    if args.national:
        plan.append(("postgres", NATIONAL_SIZE))
    results: list[Figures] = []
    with tempfile.TemporaryDirectory(prefix="diachiso-scale-") as tmp:
        for backend, size in plan:
            began = time.perf_counter()
            figures, settings = run(backend, size, Path(tmp), args.postgres_url)
            results.append(figures)
            print(
                f"{backend} {_size(size)}: {figures.communes} communes built and measured in "
                f"{time.perf_counter() - began:,.0f} s ({settings})",
                flush=True,
            )
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(f) | {"row": f.row()} for f in results]))
    missed = check(results)
    for line in missed:
        print(f"MISSED {line}")
    if not missed:
        print(
            "targets met at 500k: bbox p95 ≤ 50 ms, coverage p95 ≤ 50 ms and flat, "
            "confirmation p95 ≤ 20 ms"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
