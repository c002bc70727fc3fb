"""On PostgreSQL the bounding-box queries use the GiST index of `points.geom` (gis/spatial.py),
and return the same rows as SQLite's lon/lat comparison on the same data — boxes whose edges run
exactly through points included."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from gis.aggregates import MapView, map_features
from gis.communes import Commune, add_commune
from gis.db import Registry, open_registry
from gis.importing import ImportOptions, import_points
from gis.public import PointFilter, list_public
from gis.schema import points
from gis.spatial import in_bbox
from gis.villages import import_villages
from tests.conftest import ACTOR
from tests.geometries import write_csv, write_villages
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
