"""bench/route_cpu.py keeps working (every route of the load mix answers 200 through the whole
app, kept and rendered), and bench/web.py's registry is planned as an imported one is."""

from __future__ import annotations

import random
import sqlite3
import sys
from pathlib import Path

from api.web.app import create_app
from gis.settings import load_settings
from tests.benchmarks import load_bench

route_cpu = load_bench("route_cpu.py", "bench_route_cpu")
web = sys.modules["web"]  # bench/web.py, as route_cpu imported it


def test_every_route_of_the_mix_is_measured_and_a_kept_address_page_is_cheap(
    tmp_path: Path,
) -> None:
    db = tmp_path / "registry.sqlite"
    codes = web.build_registry(db, 600)
    settings = load_settings(
        database_url=f"sqlite:///{db}", secret_key="bench-" + "k" * 40, env="test"
    )
    app = create_app(settings)
    try:
        figures = route_cpu.measure(app, route_cpu.paths(codes, random.Random(19)), 12)
    finally:
        app.state.diachiso.registry.dispose()
    assert set(figures) == {"/healthz", *route_cpu.ROUTES}
    assert all(rendered > 0 and kept > 0 for rendered, kept in figures.values())
    rendered, kept = figures["/A/{code}"]
    assert kept * 3 < rendered  # replayed from the kept page, not rendered again


def test_the_bench_registry_plans_a_map_view_on_the_position_index(tmp_path: Path) -> None:
    """As after `points import` (its statistics): a view of the map reads the points in view
    through the (lon, lat) index, not every point of the commune through the commune's."""
    db = tmp_path / "registry.sqlite"
    web.build_registry(db, 3000)
    x0, y0 = web.LON0 + 0.02, web.LAT0 + 0.02
    with sqlite3.connect(db) as conn:
        plan = conn.execute(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM points WHERE lon BETWEEN ? AND ?"
            " AND lat BETWEEN ? AND ? AND commune_id = 1 AND status != 'retired'",
            (x0, x0 + 0.01, y0, y0 + 0.01),
        ).fetchall()
    assert "ix_points_lon_lat" in " ".join(str(step[-1]) for step in plan)
