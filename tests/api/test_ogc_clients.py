"""Real OGC API – Features clients against the app served on loopback, on SQLite and PostGIS:
GDAL's OAPIF driver (`ogrinfo`, `ogr2ogr` from Debian's gdal-bin, installed by .ci/run) and
OWSLib's Features client. They follow the service's own links, so the server's PUBLIC_URL is
its loopback address."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pyogrio
import pytest
import shapely
import uvicorn
from owslib.ogcapi.features import Features
from sqlalchemy import select

from api.web.app import create_app
from gis.settings import load_settings
from gis.storage.db import open_registry
from gis.storage.schema import villages
from tests.api.conftest import SECRET

BOX = (105.90, 18.30, 105.93, 18.33)


class Live:
    def __init__(self, url: str, db_url: str) -> None:
        self.url = url
        self.db_url = db_url

    def matched(self, query: str = "") -> int:
        page = httpx.get(f"{self.url}/ogc/collections/points/items?limit=1{query}").json()
        return int(page["numberMatched"])


@pytest.fixture
def live(sample_url: str) -> Iterator[Live]:
    """The app in a uvicorn server on a free loopback port, in a thread; stopped on exit."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    registry = open_registry(sample_url)
    settings = load_settings(database_url=sample_url, env="test", secret_key=SECRET, public_url=url)
    config = uvicorn.Config(
        create_app(settings, registry=registry), host="127.0.0.1", port=port, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield Live(url, sample_url)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        registry.dispose()


def _gdal(*args: str) -> str:
    done = subprocess.run(args, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("ogr2ogr") is None, reason="gdal-bin is not installed")
def test_gdal_lists_counts_filters_and_copies(live: Live, tmp_path: Path) -> None:
    source = f"OAPIF:{live.url}/ogc"
    listed = _gdal("ogrinfo", "-ro", "-q", source)
    assert all(name in listed for name in ("points", "villages", "communes")), listed
    copied = tmp_path / "points.geojson"
    _gdal("ogr2ogr", "-f", "GeoJSON", str(copied), source, "points")
    features = json.loads(copied.read_text())["features"]
    assert len(features) == live.matched() > 500
    assert len({f["properties"]["code"] for f in features}) == len(features)
    boxed = tmp_path / "boxed.geojson"
    _gdal("ogr2ogr", "-f", "GeoJSON", "-spat", *map(str, BOX), str(boxed), source, "points")
    inside = json.loads(boxed.read_text())["features"]
    assert 0 < len(inside) == live.matched("&bbox=" + ",".join(map(str, BOX)))
    package = tmp_path / "villages.gpkg"
    _gdal("ogr2ogr", "-f", "GPKG", str(package), source, "villages")
    _same_villages(live, package)


def _same_villages(live: Live, package: Path) -> None:
    """The GeoPackage's village outlines equal the registry's (to a micrometre)."""
    frame = pyogrio.read_dataframe(package)
    registry = open_registry(live.db_url)
    try:
        with registry.read() as conn:
            rows = conn.execute(select(villages.c.name, villages.c.boundary_wkb)).all()
    finally:
        registry.dispose()
    stored = {r.name: shapely.from_wkb(r.boundary_wkb) for r in rows}
    assert sorted(frame["name"]) == sorted(stored)
    for name, geometry in zip(frame["name"], frame.geometry, strict=True):
        assert shapely.equals_exact(shapely.normalize(geometry), stored[name].normalize(), 1e-9)


def test_owslib_pages_through_the_points(live: Live) -> None:
    service = Features(f"{live.url}/ogc")
    assert {c["id"] for c in service.collections()["collections"]} == {
        "points",
        "villages",
        "communes",
    }
    codes: list[str] = []
    offset = 0
    while True:
        page = service.collection_items("points", limit=300, offset=offset)
        codes += [f["id"] for f in page["features"]]
        offset += page["numberReturned"]
        if not any(link["rel"] == "next" for link in page["links"]):
            break
    assert len(codes) == len(set(codes)) == live.matched()
