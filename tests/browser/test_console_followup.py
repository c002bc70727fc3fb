"""The console's follow-up in Chromium at 1366×768 and 800×1280: a volunteer's confirmation
60 m from the registered point appears in the review queue, the officer moves the point to
the confirmed position and the coverage shows it installed; a problem report is closed with a
note. No console error, no failed request, no request to another host."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import select

from gis.field.accounts import add_user
from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from gis.storage.schema import points, villages
from tests.api.conftest import VILLAGE
from tests.browser.conftest import LAPTOP, Server, new_context
from tests.browser.test_console import Watch
from tests.printed import print_in

METRE_LAT = 1 / 111_195.0  # degrees of latitude per metre


def _field_work(server: Server) -> tuple[str, float, str]:
    """A volunteer confirms a plate 60 m north of its point and reports another one damaged;
    returns the first code, the confirmed latitude and an officer's sign-in link."""
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
        rows = conn.execute(
            select(points.c.code, points.c.lat, points.c.lon)
            .join(villages, villages.c.id == points.c.village_id)
            .where(villages.c.name == VILLAGE, points.c.kind == "household")
            .order_by(points.c.code)
            .limit(2)
        ).all()
    volunteer = add_user(
        registry,
        commune,
        name="Lan",
        role="volunteer",
        village_names=[VILLAGE],
        token=True,
        actor="test",
    )
    officer = add_user(registry, commune, name="Cán bộ Minh", role="officer", actor="test")
    registry.dispose()
    auth = {"Authorization": f"Bearer {volunteer.api_token}"}
    (code, lat, lon), (other, _, _) = rows
    print_in(server.db_url, [code])  # only a printed plate is confirmed
    body = {"lat": lat + 60 * METRE_LAT, "lon": lon, "accuracy_m": 4.0}
    r = httpx.post(f"{server.url}/api/points/{code}/installations", json=body, headers=auth)
    assert r.status_code == 201 and r.json()["needs_review"] is True
    report = {"reason": "damaged", "note": "biển bị nứt"}
    r = httpx.post(f"{server.url}/api/points/{other}/reports", json=report, headers=auth)
    assert r.status_code == 201
    return code, body["lat"], f"{server.url}/signin/{officer.signin_token}"


def _position(server: Server, code: str) -> tuple[float, bool]:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        row = conn.execute(
            select(points.c.lat, points.c.needs_review).where(points.c.code == code)
        ).one()
    registry.dispose()
    return float(row.lat), bool(row.needs_review)


def test_move_a_reviewed_point_and_close_a_report(server: Server, browser: Any) -> None:
    from playwright.sync_api import expect

    code, confirmed_lat, link = _field_work(server)
    context = new_context(browser, viewport=LAPTOP)
    page = context.new_page()
    watch = Watch(page)
    page.goto(link)
    page.click("#signin")
    page.click("#to-console")
    page.click("#nav-followup")
    row = page.locator(f'#review-queue tr[data-code="{code}"]')
    expect(row).to_contain_text(f"{confirmed_lat:.6f}".replace(".", ","))
    installed = page.locator(f'#coverage tr[data-village="{VILLAGE}"] td.installed')
    expect(installed).to_have_text("1")  # confirmed: installed, and flagged for review
    row.locator('input[name="note"]').fill("Nhà ở phía bắc, sổ ghi sai vị trí")
    row.locator('button[value="move"]').click()
    expect(page.locator("#done")).to_contain_text("Đã chuyển")
    expect(page.locator("#review-none")).to_be_visible()
    expect(installed).to_have_text("1")
    lat, flagged = _position(server, code)
    assert abs(lat - confirmed_lat) < 1e-9 and not flagged

    report = page.locator("#open-reports tbody tr").first
    expect(report).to_contain_text("biển bị nứt")
    report.locator('input[name="note"]').fill("Đã thay biển mới")
    report.locator("button").click()
    expect(page.locator("#reports-none")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    page.set_viewport_size({"width": 800, "height": 1280})
    page.goto(f"{server.url}/console/followup")
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    page.keyboard.press("Tab")  # the page is reachable from the keyboard: focus lands somewhere
    assert page.evaluate("document.activeElement.tagName") in ("A", "BUTTON", "INPUT")
    assert watch.problems == []
    context.close()
