"""A print batch with a background layer of roads walks the village along them (issue 17):
the manifest's order crosses the river at the bridge once, where the straight-line order of
the same houses zig-zags across it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from sqlalchemy import select

from api.services.printing import PrintRequest, print_batch
from gis.storage.schema import points
from tests.conftest import ACTOR
from tests.plates.test_bench_route import bench_route
from tests.plates.test_road_order import _river, switches

URL = "https://diachi.example.vn"


def _banks(registry: object, out: Path) -> list[bool]:
    """Whether each plate of the batch, in its printed order, stands on the north bank."""
    with (out / "manifest.csv").open(encoding="utf-8-sig") as fh:
        codes = [row["code"] for row in csv.DictReader(fh)]
    with registry.read() as conn:  # type: ignore[attr-defined]
        lat = dict(conn.execute(select(points.c.code, points.c.lat)).all())
    middle = sum(lat.values()) / len(lat)
    return [lat[code] > middle for code in codes]


def test_a_batch_with_roads_crosses_the_river_once(tmp_path: Path) -> None:
    houses, roads = _river()
    features = [
        {"type": "Feature", "properties": {"name": ""},
         "geometry": {"type": "LineString", "coordinates": [list(p) for p in line]}}
        for line in roads
    ]  # fmt: skip
    layer = tmp_path / "duong.geojson"
    layer.write_text(json.dumps({"type": "FeatureCollection", "features": features}))

    def batch(out: Path, background: Path | None) -> list[bool]:
        (out / "db").mkdir(parents=True)  # a registry each: a batch prints every plate
        registry, commune = bench_route().coded_village(out / "db", houses)
        request = PrintRequest(out_dir=out, public_url=URL, actor=ACTOR, background=background)
        print_batch(registry, commune, request)
        return _banks(registry, out)

    along = batch(tmp_path / "along", layer)
    straight = batch(tmp_path / "straight", None)
    assert len(along) == len(straight) == 20
    assert switches(along) == 1
    assert switches(straight) >= 5
