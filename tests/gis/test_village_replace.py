"""`villages import --replace`: new outlines as a dated reorganisation; the points that fall in
another village move to it and are listed, codes never change, and undo takes it all back."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
import shapely
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select

from gis.errors import ImportRejected, InvalidInput
from gis.registry.communes import Commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point
from gis.registry.reorg import undo_reorganisation
from gis.registry.villages import import_villages, list_villages
from gis.storage.db import Registry
from gis.storage.schema import points, reorganisations
from tests.conftest import ACTOR, CliRunner
from tests.geometries import LAT_HI, LAT_LO, VILLAGES, write_villages

FIRST, SECOND, EMPTY = (name for name, _, _ in VILLAGES)
# The border of the first two villages moves west from 105.920 to 105.915.
NEW_FIRST = box(105.910, LAT_LO, 105.915, LAT_HI)
NEW_SECOND = box(105.915, LAT_LO, 105.930, LAT_HI)


def _outlines(path: Path, rows: list[tuple[str, BaseGeometry]]) -> Path:
    features = [
        {"type": "Feature", "properties": {"ten_thon": n}, "geometry": shapely.geometry.mapping(g)}
        for n, g in rows
    ]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def _state(registry: Registry) -> list[tuple[str | None, int, str | None]]:
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.ref, points.c.village_id, points.c.code).order_by(points.c.id)
        ).all()
    return [(r.ref, int(r.village_id), r.code) for r in rows]


@pytest.fixture
def placed(registry: Registry, small_commune: Commune) -> Commune:
    for ref, lon in (("west", 105.912), ("moving", 105.917), ("east", 105.925)):
        add_point(
            registry, small_commune, kind="household", lon=lon, lat=18.315, ref=ref, actor=ACTOR
        )
    issue_codes(registry, small_commune, actor=ACTOR)
    return small_commune


def test_replace_moves_only_the_points_whose_village_changes(
    registry: Registry, placed: Commune, tmp_path: Path
) -> None:
    before = _state(registry)
    path = _outlines(tmp_path / "moi.geojson", [(FIRST, NEW_FIRST), (SECOND, NEW_SECOND)])
    with pytest.raises(ImportRejected) as refused:  # without --replace: named, not stored
        import_villages(registry, placed, path, actor=ACTOR)
    assert {p.code for p in refused.value.problems} == {"villages.boundary_differs"}
    assert _state(registry) == before

    effective = date.today() - timedelta(days=3)
    result = import_villages(registry, placed, path, replace=True, effective=effective, actor=ACTOR)
    assert result.replaced == [FIRST, SECOND] and result.added == []
    assert [(m.ref, m.before, m.after) for m in result.moved] == [("moving", FIRST, SECOND)]
    after = _state(registry)
    assert [code for _, _, code in after] == [code for _, _, code in before]  # codes unchanged
    assert [v for _, v, _ in after] == [before[0][1], before[2][1], before[2][1]]
    assert result.moved[0].code == before[1][2]
    with registry.read() as conn:
        stored = {v.name: v.boundary for v in list_villages(conn, placed)}
        reorg = conn.execute(select(reorganisations)).one()
    assert stored[FIRST].equals(NEW_FIRST) and stored[SECOND].equals(NEW_SECOND)
    assert reorg.kind == "village.boundary" and reorg.effective == effective

    undo_reorganisation(registry, reorg.id, actor=ACTOR)
    assert _state(registry) == before
    with registry.read() as conn:
        restored = {v.name: v.boundary for v in list_villages(conn, placed)}
    assert restored[FIRST].equals(box(VILLAGES[0][1], LAT_LO, VILLAGES[0][2], LAT_HI))


def test_a_point_left_outside_every_village_stays_and_is_reported(
    registry: Registry, placed: Commune, tmp_path: Path
) -> None:
    before = _state(registry)
    path = _outlines(tmp_path / "nho.geojson", [(FIRST, box(105.914, LAT_LO, 105.920, LAT_HI))])
    result = import_villages(registry, placed, path, replace=True, actor=ACTOR)
    assert result.moved == [] and _state(registry) == before
    assert [p.code for p in result.problems] == ["villages.point_left_outside"]
    assert result.problems[0].severity == "warning"


def test_replace_keeps_the_placement_checks(
    registry: Registry, placed: Commune, tmp_path: Path
) -> None:
    far = box(105.910 + 0.5, LAT_LO, 105.920 + 0.5, LAT_HI)
    path = _outlines(tmp_path / "xa.geojson", [(FIRST, far)])
    with pytest.raises(InvalidInput) as caught:
        import_villages(registry, placed, path, replace=True, actor=ACTOR)
    assert caught.value.code == "villages.far_from_commune"


def test_cli_replace_lists_the_moved_points(cli: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    assert cli("villages", "import", write_villages(tmp_path / "v.geojson"), "--db", db).code == 0
    add = ("points", "add", "--kind", "household", "--lat", "18.315", "--db", db)
    assert cli(*add, "--lon", "105.917", "--ref", "moving").code == 0
    path = _outlines(tmp_path / "moi.geojson", [(FIRST, NEW_FIRST), (SECOND, NEW_SECOND)])
    refused = cli("villages", "import", path, "--db", db)
    assert refused.code == 1 and "(give --replace to replace it" in refused.err
    result = cli("villages", "import", path, "--replace", "--effective", "2025-07-01", "--db", db)
    assert result.code == 0, result.err
    assert f"ref moving: {FIRST} → {SECOND} (code unchanged)" in result.err + result.out
    assert "2 outline(s) replaced, 1 point(s) moved" in result.err + result.out
    wrong = cli("villages", "import", path, "--effective", "2025-07-01", "--db", db)
    assert wrong.code == 1 and wrong.err.startswith("error: --effective:")
