"""Crash safety on both backends (issue 6): `kill -9` of a `diachiso points import` of 200,000
rows in the middle of its write leaves the registry with none of the file's rows or all of them,
never part; SQLite's `PRAGMA integrity_check` says "ok", the coverage counts equal a recount,
and the registry takes the next write as usual.

The import runs as a subprocess. It is killed once it is busy writing: on SQLite when the
registry's write lock is taken (a probe's BEGIN IMMEDIATE fails), on PostgreSQL when its
session holds its write locks and runs an INSERT (or COPY) into points — then a short, fixed
pause, so the kill lands inside the write transaction rather than at its door.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from gis.field.accounts import add_user
from gis.registry.communes import Commune, add_commune
from gis.registry.villages import import_villages
from gis.storage.db import Registry, open_registry
from gis.storage.schema import imports, points
from gis.views.coverage import counted
from tests.conftest import ACTOR, REPO

ROWS = 200_000
SIDE = 450  # a 450 × 450 grid: 202,500 spots, ≈ 11 m apart
LON0, LAT0, SPAN = 105.90, 18.30, 0.05  # one village of 0.05° × 0.05° (≈ 5.3 × 5.5 km)
PAUSE_S = 0.05
RUNNER = "import sys; from api.cli import main; sys.exit(main(sys.argv[1:]))"


def write_inputs(folder: Path) -> tuple[Path, Path]:
    ring = [[LON0, LAT0], [LON0 + SPAN, LAT0], [LON0 + SPAN, LAT0 + SPAN], [LON0, LAT0 + SPAN]]
    feature = {
        "type": "Feature",
        "properties": {"name": "Thôn Lớn"},
        "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
    }
    villages = folder / "villages.geojson"
    villages.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    step = SPAN / (SIDE + 1)
    csv_path = folder / "points.csv"
    with csv_path.open("w", encoding="utf-8") as fh:
        fh.write("ma,ten,lon,lat\n")
        for k in range(ROWS):
            i, j = divmod(k, SIDE)
            lon, lat = LON0 + (j + 1) * step, LAT0 + (i + 1) * step
            fh.write(f"HGD-{k:06d},Hộ {k},{lon:.7f},{lat:.7f}\n")
    return villages, csv_path


def busy_sqlite(database: Path) -> bool:
    """Whether another process holds the write lock (BEGIN IMMEDIATE fails at once)."""
    if not database.exists():
        return False
    raw = sqlite3.connect(database, timeout=0, isolation_level=None)
    try:
        raw.execute("BEGIN IMMEDIATE")
        raw.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        raw.close()


def busy_postgres(db_url: str) -> bool:
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            n = conn.execute(
                text(
                    "SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid "
                    "WHERE a.datname = current_database() AND l.locktype = 'advisory' "
                    "AND l.granted AND a.state = 'active' "
                    "AND (a.query ILIKE 'INSERT INTO points%' OR a.query ILIKE 'COPY points%')"
                )
            ).scalar_one()
        return bool(n)
    finally:
        engine.dispose()


def wait_for_other_sessions_to_end(db_url: str) -> None:
    """On PostgreSQL the killed client's session ends when the server notices; wait for it."""
    engine = create_engine(db_url)
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with engine.connect() as conn:
                others = conn.execute(
                    text(
                        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                        " AND pid <> pg_backend_pid()"
                    )
                ).scalar_one()
            if not others:
                return
            time.sleep(0.1)
        pytest.fail("the killed import's session never ended")
    finally:
        engine.dispose()


def test_kill_9_during_an_import_leaves_none_or_all(
    db_url: str, registry: Registry, tmp_path: Path
) -> None:
    commune: Commune = add_commune(
        registry,
        name="xã Thạch Bình",
        commune_code="18112",
        area_number=18112,
        province="tỉnh Hà Tĩnh",
        actor=ACTOR,
    )
    villages, csv_path = write_inputs(tmp_path)
    import_villages(registry, commune, villages, actor=ACTOR)
    registry.dispose()
    is_sqlite = make_url(db_url).get_backend_name() == "sqlite"
    database = Path(make_url(db_url).database or "")

    env = {k: v for k, v in os.environ.items() if k != "DIACHISO_DATABASE_URL"}
    cmd = [sys.executable, "-c", RUNNER, "points", "import", str(csv_path)]
    cmd += ["--kind", "household", "--ref-field", "ma", "--db", db_url]
    proc = subprocess.Popen(
        cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        deadline = time.monotonic() + 120
        while proc.poll() is None:
            assert time.monotonic() < deadline, "the import never started writing"
            if busy_sqlite(database) if is_sqlite else busy_postgres(db_url):
                break
            time.sleep(0.05)
        assert proc.poll() is None, "the import finished before it could be killed"
        time.sleep(PAUSE_S)
        os.kill(proc.pid, signal.SIGKILL)
        assert proc.wait(timeout=30) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        assert proc.stderr is not None
        proc.stderr.close()

    if is_sqlite:
        with sqlite3.connect(database) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        raw.close()
    else:
        wait_for_other_sessions_to_end(db_url)
    after = open_registry(db_url, create=False)
    try:
        with after.read() as conn:
            n = conn.execute(select(func.count()).select_from(points)).scalar_one()
            logged = conn.execute(select(func.count()).select_from(imports)).scalar_one()
            print(f"rows after the kill: {n}")
            assert n in (0, ROWS), f"{n} of {ROWS} rows survived the crash"
            assert logged == (1 if n else 0)
            assert counted(conn, commune) == counted(conn, commune, recount=True)
        # The registry takes the next write (no lock left behind), and its counts still agree.
        add_user(after, commune, name="after the crash", role="officer", token=True, actor=ACTOR)
        with after.read() as conn:
            assert counted(conn, commune) == counted(conn, commune, recount=True)
    finally:
        after.dispose()
