"""The volunteer's worklist on a 360 px phone with its position emulated: the plates in the
batch's walking order, the counts, the distance from where the volunteer stands, a filter and
the map; no console error and no request to any other host (the map_tiles setting is "none")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlparse

import pytest
from sqlalchemy import select, update

from gis.registry.batches import PrintItem, record_batch
from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from gis.storage.schema import points, villages
from tests.browser.conftest import LOOPBACK, Server, _need_browser, new_context, serve_sample
from tests.browser.test_pages import _sign_in, _watch_errors

VILLAGE = "Tây Bắc"
METRE_LAT = 1 / 111_195.0


@pytest.fixture(scope="module")
def tileless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose maps draw no tiles: every request the page makes stays on this machine."""
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("field"), DIACHISO_MAP_TILES="none") as running:
        yield running


def _walk(server: Server) -> list[tuple[str, float, float]]:
    """Print the village in reverse code order (its walking order), put the first plate on the
    wall and flag the second; the village's plates as walked (code, lat, lon)."""
    registry = open_registry(server.db_url)
    with registry.write() as conn:
        commune = get_commune(conn, None)
        rows = conn.execute(
            select(points.c.id, points.c.code, points.c.lat, points.c.lon)
            .join(villages, villages.c.id == points.c.village_id)
            .where(villages.c.name == VILLAGE, points.c.code.is_not(None))
            .order_by(points.c.code.desc())
        ).all()
        record_batch(
            conn,
            commune,
            purpose="batch",
            selection={"village": VILLAGE},
            mode="office",
            draft=False,
            public_url=server.url,
            out_dir="/tmp",
            files={},
            items=[PrintItem(r.id, n, r.code, VILLAGE) for n, r in enumerate(rows, 1)],
            actor="test",
        )
        conn.execute(update(points).where(points.c.id == rows[0].id).values(status="installed"))
        conn.execute(update(points).where(points.c.id == rows[1].id).values(needs_review=True))
    registry.dispose()
    return [(str(r.code), float(r.lat), float(r.lon)) for r in rows]


def test_the_worklist_on_a_phone(tileless: Server, browser: Any) -> None:
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    walk = _walk(tileless)
    third, lat, lon = walk[2]
    standing = {"latitude": lat + 50 * METRE_LAT, "longitude": lon, "accuracy": 10}
    context = new_context(browser, geolocation=standing, permissions=["geolocation"])
    page = context.new_page()
    errors = _watch_errors(page)
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in LOOPBACK else None,
    )
    _sign_in(tileless, page, "Thu")
    page.goto(f"{tileless.url}/field")
    left = len(walk) - 2
    expect(page.locator("#counts")).to_have_text(f"còn {left} biển · 1 cần xem lại · 1 đã xong")
    rows = page.locator("#worklist li.plate")
    expect(rows).to_have_count(left)
    # The remaining plates in the walk's order: the first two are done and flagged.
    assert rows.evaluate_all("els => els.map(e => e.dataset.code)") == [c for c, _, _ in walk[2:]]
    first = rows.first
    expect(first.locator(".plate-distance")).to_have_text(re.compile(r"^cách (49|50|51) m$"))
    expect(page.locator("#position")).to_contain_text("±10 m")
    assert first.locator("a").get_attribute("href") == f"/A/{third}?lang=vi"
    # The map draws a marker per plate shown and one for the volunteer, and no tile.
    expect(page.locator("#field-map path.leaflet-interactive")).to_have_count(left + 1)
    assert page.locator("#field-map img.leaflet-tile").count() == 0
    # The volunteer's village outline, under the markers and taking none of their clicks.
    outlines = page.locator("#field-map path.field-outline")
    expect(outlines).to_have_count(1)  # Thu works in one village
    assert "leaflet-interactive" not in (outlines.first.get_attribute("class") or "")
    page.get_by_role("button", name="Đã xong").click()
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-code") == walk[0][0]
    expect(page.get_by_role("button", name="Đã xong")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("#field-map path.leaflet-interactive")).to_have_count(2)
    page.get_by_role("button", name="Cần xem lại").click()
    expect(rows).to_have_count(1)
    assert rows.first.get_attribute("data-code") == walk[1][0]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.locator("#signout").is_visible()
    assert errors == [] and foreign == []
    context.close()
