"""The coverage map's page and live data, and the dashboard with its downloads."""

from __future__ import annotations

import csv
import io
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import text as sql

import gis.views.aggregates
from api.web.app import create_app
from api.web.dashboard import COLUMNS
from api.web.mapview import OSM_TILES, shade
from gis.settings import load_settings
from gis.storage.db import open_registry
from gis.views.aggregates import MAX_FEATURES, VILLAGE_ZOOM
from tests.api.conftest import SECRET, VILLAGE, Site, bearer, personal_data
from tests.excel import open_as_excel

COMMUNE_BBOX = "105.5,18.0,106.5,18.8"  # wider than the sample commune


def _features(site: Site, zoom: int, bbox: str = COMMUNE_BBOX, **params: str) -> dict[str, Any]:
    r = site.client.get("/api/map/features", params={"bbox": bbox, "zoom": zoom, **params})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert len(body["features"]) <= MAX_FEATURES
    return body


def _confirm(site: Site, code: str) -> None:
    lat, lon = site.position(site.plate(code))
    r = site.client.post(
        f"/api/points/{code}/installations",
        json={"lat": lat, "lon": lon, "accuracy_m": 5.0},
        headers=bearer(site.volunteer_token()),
    )
    assert r.status_code == 201, r.text


def test_low_zoom_sends_one_aggregate_per_village(site: Site) -> None:
    body = _features(site, VILLAGE_ZOOM - 4)
    coverage = site.client.get("/api/coverage").json()
    assert body["mode"] == "villages"
    by_name = {f["properties"]["village"]: f["properties"] for f in body["features"]}
    assert set(by_name) == {v["village"] for v in coverage["villages"]}
    for v in coverage["villages"]:
        assert by_name[v["village"]]["count"] == v["total"]
    assert body["count"] == coverage["commune"]["total"]


def test_high_zoom_sends_public_points(site: Site) -> None:
    body = _features(site, 16)
    assert body["mode"] == "points"
    assert body["count"] == len(body["features"]) == 891
    props = body["features"][0]["properties"]
    assert set(props) == {"code", "kind", "name", "status"}
    households = [f for f in body["features"] if f["properties"]["kind"] == "household"]
    assert households and all(f["properties"]["name"] is None for f in households)
    agencies = [f for f in body["features"] if f["properties"]["kind"] == "agency"]
    assert all(f["properties"]["name"] for f in agencies)


def test_kinds_filter_and_an_empty_view(site: Site) -> None:
    heritage = _features(site, 16, kinds="heritage")
    assert {f["properties"]["kind"] for f in heritage["features"]} == {"heritage"}
    assert _features(site, 16, kinds="")["features"] == []
    assert _features(site, 16, bbox="0,0,1,1")["count"] == 0


def test_too_many_points_in_view_become_clusters(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gis.views.aggregates, "MAX_FEATURES", 50)
    body = _features(site, 14)
    assert body["mode"] == "clusters"
    assert 0 < len(body["features"]) <= 50
    assert sum(f["properties"]["count"] for f in body["features"]) == body["count"] == 891


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"bbox": "1,2,3", "zoom": "14"}, 422),
        ({"bbox": "3,2,1,4", "zoom": "14"}, 422),
        ({"bbox": COMMUNE_BBOX, "zoom": "30"}, 422),
        ({"bbox": COMMUNE_BBOX, "zoom": "14", "kinds": "castle"}, 422),
    ],
)
def test_bad_views_are_refused(site: Site, params: dict[str, str], status: int) -> None:
    r = site.client.get("/api/map/features", params=params)
    assert r.status_code == status and "error" in r.json()


def test_a_confirmation_shows_in_the_next_answer(site: Site) -> None:
    code = site.code_in(VILLAGE)
    _confirm(site, code)
    body = _features(site, 16)
    status = {f["properties"]["code"]: f["properties"]["status"] for f in body["features"]}
    assert status[code] == "installed"
    villages = {f["properties"]["village"]: f for f in _features(site, 8)["features"]}
    assert villages[VILLAGE]["properties"]["installed"] == 1


def test_map_page_uses_local_assets_and_a_nonce(site: Site) -> None:
    r = site.client.get("/map")
    assert r.status_code == 200
    csp = r.headers["content-security-policy"]
    nonce = re.search(r"'nonce-([^']+)'", csp)
    assert nonce and "unsafe-inline" not in csp
    html = r.text
    assert "http://" not in html.replace("http://www.w3.org", "")
    assert not re.search(r'(src|href)="https?://', html)  # nothing from a CDN
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline and all(
        f'nonce="{nonce.group(1)}"' in attrs or "application/json" in attrs for attrs in inline
    )
    for url in re.findall(r'(?:src|href)="(/static/[^"]+)"', html):
        assert site.client.get(url).status_code == 200, url
    # Other pages keep the strict CSP.
    assert "nonce" not in site.client.get("/dashboard").headers["content-security-policy"]


@pytest.mark.parametrize(
    ("tiles", "template", "host"),
    [
        ("openstreetmap", OSM_TILES, "https://tile.openstreetmap.org"),
        ("https://tiles.tinh.example/{z}/{x}/{y}.png", None, "https://tiles.tinh.example"),
        ("none", "", None),
    ],
)
def test_the_address_pages_map_draws_the_settings_tiles(
    sample_url: str, tiles: str, template: str | None, host: str | None
) -> None:
    """The small map of /A/{code} asked the OpenStreetMap tile server whatever map_tiles said."""
    registry = open_registry(sample_url)
    settings = load_settings(
        database_url=sample_url, env="test", secret_key=SECRET, map_tiles=tiles
    )
    with registry.read() as conn:
        code = str(conn.execute(sql("SELECT code FROM points WHERE code IS NOT NULL")).scalar())
    with TestClient(create_app(settings, registry=registry)) as client:
        r = client.get(f"/A/{code}")
    registry.dispose()
    found = re.search(r'data-tiles="([^"]*)"', r.text)
    assert found and found.group(1) == (tiles if template is None else template)
    images = next(p for p in r.headers["content-security-policy"].split("; ") if "img-src" in p)
    assert (host in images) if host else images == "img-src 'self' data:"
    assert "openstreetmap" not in images or tiles == "openstreetmap"


def test_no_personal_data_on_the_map_or_dashboard(site: Site) -> None:
    secrets = personal_data()
    urls = ["/map", "/dashboard", "/dashboard?lang=en", "/dashboard/coverage.csv"]
    texts = [site.client.get(u).text for u in urls]
    texts += [str(_features(site, z)) for z in (8, 14, 18)]
    for text in texts:
        assert [s for s in secrets if s in text] == []


def test_dashboard_table_behind_first_with_totals(site: Site) -> None:
    code = site.code_in(VILLAGE)
    _confirm(site, code)
    html = site.client.get("/dashboard").text
    assert "Tiến độ gắn biển" in html and "còn 890 biển" in html
    order = re.findall(r'<tr data-village="([^"]+)"', html)
    coverage = site.client.get("/api/coverage").json()
    assert len(order) == len(coverage["villages"])
    assert order[-1] == VILLAGE  # the only village with a plate on the wall
    assert 'id="commune-total"' in html and "Toàn xã" in html
    assert 'id="cumulative"' in html and 'id="target"' in html  # the chart
    english = site.client.get("/dashboard?lang=en").text
    assert "Plating progress" in english and "890 to go" in english


def test_dashboard_lists_open_reports_with_links(site: Site) -> None:
    code = site.code_in(VILLAGE, offset=3)
    r = site.client.post(
        f"/api/points/{code}/reports",
        json={"reason": "damaged"},
        headers=bearer(site.volunteer_token()),
    )
    assert r.status_code == 201, r.text
    html = site.client.get("/dashboard").text
    assert f'href="/A/{code}"' in html and "Biển hỏng" in html


def test_dashboard_downloads_match_the_coverage(site: Site) -> None:
    coverage = site.client.get("/api/coverage").json()
    r = site.client.get("/dashboard/coverage.csv?lang=en")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text.lstrip("\ufeff"))))  # en: "," and "."
    share = COLUMNS.index("percent_installed")
    assert [row[share] for row in open_as_excel(r.content, "en")[1:]] == [
        float(row[list(row)[share]]) for row in rows
    ]
    assert len(rows) == len(coverage["villages"]) + 1
    assert rows[-1]["Village"] == "Whole commune"
    assert int(rows[-1]["Total"]) == coverage["commune"]["total"]
    r = site.client.get("/dashboard/coverage.xlsx")
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Thôn" and len(values) == len(rows) + 1
    assert values[-1][4] == coverage["commune"]["total"]


@pytest.mark.parametrize(
    ("percent", "colour"), [(0.0, "#d7191c"), (24.9, "#d7191c"), (50, "#fee08b"), (100, "#1a9641")]
)
def test_shade_bins(percent: float, colour: str) -> None:
    assert shade(percent) == colour
