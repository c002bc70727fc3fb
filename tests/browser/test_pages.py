"""The public page on a phone, and a volunteer confirming a plate — online and offline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select

from gis.field.accounts import add_user
from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from gis.storage.schema import installations, points, villages
from tests.browser.conftest import Server, new_context
from tests.printed import print_in

VILLAGE = "Tây Bắc"


def _codes(server: Server, count: int) -> list[tuple[str, float, float]]:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.code, points.c.lat, points.c.lon)
            .join(villages, villages.c.id == points.c.village_id)
            .where(villages.c.name == VILLAGE, points.c.status == "coded")
            .order_by(points.c.code.desc())
            .limit(count)
        ).all()
    registry.dispose()
    return [(str(r.code), float(r.lat), float(r.lon)) for r in rows]


def _point(server: Server, code: str) -> tuple[str, int]:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        row = conn.execute(select(points.c.id, points.c.status).where(points.c.code == code)).one()
        mine = installations.c.point_id == row.id
        n = conn.execute(select(func.count()).select_from(installations).where(mine)).scalar_one()
    registry.dispose()
    return str(row.status), int(n)


def _sign_in(server: Server, page: Any, name: str) -> None:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    new = add_user(
        registry, commune, name=name, role="volunteer", village_names=[VILLAGE], actor="test"
    )
    registry.dispose()
    page.goto(f"{server.url}/signin/{new.signin_token}")
    page.click("#signin")
    page.wait_for_selector("#signed-in")


def _pending(page: Any) -> int:
    """Confirmations kept on the phone (the outbox), not yet answered by the server."""
    return int(page.evaluate("window.diachisoOutbox.pending()"))


def _watch_errors(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def test_public_page_on_a_360px_phone(server: Server, browser: Any) -> None:
    code, _, _ = _codes(server, 1)[0]
    context = new_context(browser)
    page = context.new_page()
    errors = _watch_errors(page)
    page.goto(f"{server.url}/A/{code}")
    page.wait_for_selector("#map.leaflet-container")
    assert page.inner_text("#code") == f"{code[:5]} {code[5:10]} {code[10]}"
    assert page.is_visible("#google") and page.is_visible("#osm")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert page.evaluate("typeof L") == "object"  # Leaflet came from this server
    assert errors == []
    context.close()


def test_volunteer_signs_in_and_confirms(server: Server, browser: Any) -> None:
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    code, lat, lon = _codes(server, 2)[0]
    print_in(server.db_url, [code])  # only a printed plate is confirmed
    context = new_context(
        browser,
        geolocation={"latitude": lat + 0.00003, "longitude": lon, "accuracy": 8},
        permissions=["geolocation"],
    )
    page = context.new_page()
    errors = _watch_errors(page)
    _sign_in(server, page, "Hoa")
    page.goto(f"{server.url}/A/{code}")
    expect(page.locator("#card-metres")).to_have_text("±8 m")
    page.click("#card-confirm")
    expect(page.locator("#card-answer-head")).to_have_text("Đã ghi nhận")
    assert page.inner_text("#status") == "Đã gắn biển"
    assert _point(server, code) == ("installed", 1)
    assert errors == []
    context.close()


def test_offline_confirmation_is_sent_once_when_back_online(server: Server, browser: Any) -> None:
    from playwright.sync_api import expect

    code, lat, lon = _codes(server, 2)[1]
    print_in(server.db_url, [code])
    context = new_context(
        browser,
        geolocation={"latitude": lat, "longitude": lon, "accuracy": 10},
        permissions=["geolocation"],
    )
    page = context.new_page()
    _sign_in(server, page, "Lan")
    page.goto(f"{server.url}/A/{code}")
    expect(page.locator("#card-confirm")).to_be_enabled()
    context.set_offline(True)
    page.click("#card-confirm")
    head = page.locator("#card-answer-head")
    expect(head).to_have_text("Đã lưu trên máy — sẽ tự gửi khi có sóng")
    assert _point(server, code) == ("printed", 0)  # printed for the test, not yet confirmed
    assert _pending(page) == 1
    context.set_offline(False)
    expect(head).to_have_text("Đã ghi nhận", timeout=15000)  # the card shows the late answer
    assert _pending(page) == 0
    page.evaluate("window.diachisoOutbox.flush()")  # a retry after delivery sends nothing
    assert _point(server, code) == ("installed", 1)
    context.close()
