"""On PostgreSQL the spatial work runs in PostGIS (gis/spatial.py) and answers exactly as SQLite's
Python path does on the same data: the bounding-box queries use the GiST index of `points.geom`
(boxes whose edges run exactly through points included), the village join uses `ST_Intersects`
on the index of `villages.boundary` (points on shared borders and outside every village
included), and the 3 m duplicate search finds the same pairs at the same distances."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import func, select, text

from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune, add_commune
from gis.registry.villages import import_villages, village_index
from gis.spatial.geometry import VillageIndex
from gis.spatial.queries import (
    _LOCATE,
    NearPairs,
    PostgisVillageIndex,
    in_bbox,
    near_pairs_local,
    near_pairs_postgis,
)
from gis.storage.db import Registry, open_registry
from gis.storage.schema import points
from gis.views.aggregates import MapView, map_features
from gis.views.public import PointFilter, list_public
from tests.conftest import ACTOR
from tests.geometries import LAT_HI, LAT_LO, VILLAGES, write_csv, write_villages
from tests.postgres import PostgresServer

STEP = 0.00025  # ≈ 26 m between neighbours: no pair near enough to be refused
LONS = [round(105.9105 + i * STEP, 5) for i in range(77)]  # the first two villages
LATS = [round(18.3105 + j * STEP, 5) for j in range(37)]
BOXES = [
    (105.9155, 18.3130, 105.9180, 18.3150),  # edges exactly through rows and columns of points
    (105.91551, 18.31301, 105.91799, 18.31499),  # just inside them
    (105.9105, 18.3105, 105.9105, 18.3105),  # one point, a box of no area
    (105.9000, 18.3000, 105.9500, 18.3300),  # the whole commune
    (106.0, 18.0, 106.1, 18.1),  # none
]


def _fill(registry: Registry, folder: Path) -> Commune:
    commune = add_commune(
        registry,
        name="xã Thạch Bình",
        commune_code="18112",
        area_number=18112,
        province="tỉnh Hà Tĩnh",
        district="TP Hà Tĩnh",
        actor=ACTOR,
    )
    folder.mkdir()
    import_villages(registry, commune, write_villages(folder / "villages.geojson"), actor=ACTOR)
    rows = [f"R{i}-{j},,{lat},{lon}" for i, lon in enumerate(LONS) for j, lat in enumerate(LATS)]
    path = write_csv(folder / "points.csv", "ma,ten,vi_do,kinh_do", rows)
    import_points(registry, commune, path, ImportOptions(kind="household"), actor=ACTOR)
    return commune


def _answers(registry: Registry, commune: Commune) -> list[object]:
    out: list[object] = []
    with registry.read() as conn:
        for box in BOXES:
            out.append(list_public(conn, PointFilter(bbox=box), limit=500))
            for zoom in (12, 17):
                view = MapView(bbox=box, zoom=zoom, kinds=("household",))
                out.append(map_features(conn, commune, view))
    return out


def test_bbox_queries_use_the_gist_index_and_match_sqlite(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    name = postgres_server.create()
    pg = open_registry(postgres_server.url_of(name))
    lite = open_registry(f"sqlite:///{tmp_path / 'registry.sqlite'}")
    try:
        pg_commune = _fill(pg, tmp_path / "pg")
        lite_commune = _fill(lite, tmp_path / "lite")
        with pg.write() as conn:
            conn.execute(text("ANALYZE points"))
        assert _answers(pg, pg_commune) == _answers(lite, lite_commune)
        with pg.read() as conn:
            x0, y0, x1, y1 = BOXES[1]
            query = select(func.count()).select_from(points).where(in_bbox(conn, x0, y0, x1, y1))
            assert conn.dialect.name == "postgresql"
            compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
            plan = "\n".join(r[0] for r in conn.execute(text(f"EXPLAIN {compiled}")))
            assert "ix_points_geom" in plan, plan
            assert conn.execute(query).scalar_one() == 9 * 7
    finally:
        pg.dispose()
        lite.dispose()
        postgres_server.drop(name)


@pytest.mark.parametrize("backend", ["sqlite"])
def test_sqlite_keeps_its_lon_lat_comparison(registry: Registry) -> None:
    with registry.read() as conn:
        sql = str(select(points.c.id).where(in_bbox(conn, 1, 2, 3, 4)).compile(conn))
    assert "BETWEEN" in sql and "ST_MakeEnvelope" not in sql and "&&" not in sql


def _named(found: NearPairs) -> dict[tuple[tuple[str, int], int], float]:
    """Each pair as ((registered, id) or (new, position), new position) → metres."""
    reg = found.registered
    out = {}
    for (a, b), metres in zip(found.pairs.tolist(), found.metres.tolist(), strict=True):
        left = ("registered", int(reg[a].id)) if a < len(reg) else ("new", a - len(reg))
        out[(left, b - len(reg))] = metres
    return out


def test_village_join_runs_in_postgis_and_matches_shapely(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    name = postgres_server.create()
    pg = open_registry(postgres_server.url_of(name))
    try:
        commune = _fill(pg, tmp_path / "pg")
        rng = np.random.default_rng(6)
        borders = np.array([lo for _, lo, _ in VILLAGES] + [VILLAGES[-1][2]])
        lons = np.concatenate(
            [
                rng.uniform(105.905, 105.945, 3000),  # inside, and outside east and west
                np.repeat(borders, 20),  # exactly on every border, shared or not
            ]
        )
        lats = np.concatenate(
            [
                rng.uniform(LAT_LO - 0.002, LAT_HI + 0.002, 3000),
                np.tile(np.linspace(LAT_LO, LAT_HI, 20), len(borders)),
            ]
        )
        with pg.write() as conn:
            index = village_index(conn, commune)
            assert isinstance(index, PostgisVillageIndex)
            in_sql = index.locate(lons, lats)
            in_python = VillageIndex.locate(index, lons, lats)
            assert (in_sql == in_python).all()
            assert {-1, 0, 1, 2} <= set(in_sql.tolist())  # outside, and in each village
            # The join can use the GiST index of villages.boundary (a commune's three villages
            # are too few for the planner to want it unasked).
            conn.exec_driver_sql("SET LOCAL enable_seqscan = off")
            params = {"ids": [1, 2, 3], "lons": [105.915], "lats": [18.315]}
            plan = conn.execute(text(f"EXPLAIN {_LOCATE.text}"), params).scalars().all()
            assert "ix_villages_boundary" in "\n".join(plan), plan
    finally:
        pg.dispose()
        postgres_server.drop(name)


def test_duplicate_search_in_postgis_matches_the_metric_grid(
    postgres_server: PostgresServer, tmp_path: Path
) -> None:
    name = postgres_server.create()
    pg = open_registry(postgres_server.url_of(name))
    try:
        commune = _fill(pg, tmp_path / "pg")  # 2,849 registered points, 26 m apart
        rng = np.random.default_rng(3)
        # New points in clumps: around registered points (0–4 m away) and around each other.
        seeds = rng.choice(len(LONS) * len(LATS), 400, replace=False)
        base_lon = np.array([LONS[k // len(LATS)] for k in seeds])
        base_lat = np.array([LATS[k % len(LATS)] for k in seeds])
        jitter = 4.0 / 111_000.0
        lons = np.repeat(base_lon, 3) + rng.uniform(-jitter, jitter, 1200)
        lats = np.repeat(base_lat, 3) + rng.uniform(-jitter, jitter, 1200)
        with pg.write() as conn:
            conn.execute(points.update().where(points.c.id % 7 == 0).values(status="retired"))
            sql = near_pairs_postgis(conn, commune.id, lons, lats, 3.0)
            grid = near_pairs_local(conn, commune.id, lons, lats, 3.0)
        assert len(sql.pairs) > 500  # the clumps make many pairs of both sorts
        assert (sql.pairs[:, 0] < len(sql.registered)).any()
        assert (sql.pairs[:, 0] >= len(sql.registered)).any()

        found_sql, found_grid = _named(sql), _named(grid)
        assert found_sql.keys() == found_grid.keys()
        for key, metres in found_sql.items():
            assert abs(metres - found_grid[key]) < 1e-6, key
        assert all(r.id % 7 for r in sql.registered)  # retired points are not neighbours
    finally:
        pg.dispose()
        postgres_server.drop(name)
