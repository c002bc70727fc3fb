"""The volunteer's confirmation with the "Đã trao thông báo" box, on a 360 px phone (issue 16):
the box is seen and used by its words, the household is recorded as notified with the plate
installed; a draft-only plate is refused with its reason in words."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.browser.conftest import Server, new_context
from tests.browser.test_pages import _codes, _sign_in, _watch_errors
from tests.printed import print_in


def _state(server: Server, code: str) -> tuple[str, bool]:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        row = conn.execute(
            select(points.c.status, points.c.notified_at).where(points.c.code == code)
        ).one()
    registry.dispose()
    return str(row.status), row.notified_at is not None


def test_the_notified_box_at_360_px(server: Server, browser: Any) -> None:
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    (code, lat, lon), (draft_only, dlat, dlon) = _codes(server, 6)[4:6]
    print_in(server.db_url, [code])
    context = new_context(
        browser,
        geolocation={"latitude": lat, "longitude": lon, "accuracy": 6},
        permissions=["geolocation"],
    )
    page = context.new_page()
    errors = _watch_errors(page)
    _sign_in(server, page, "Tư")
    page.goto(f"{server.url}/A/{code}")
    box = page.get_by_role("checkbox", name=re.compile("Đã trao thông báo"))
    expect(box).to_be_visible()
    assert box.bounding_box()["width"] >= 20  # big enough for a thumb
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box.check()
    page.get_by_role("button", name=re.compile("Xác nhận")).click()
    expect(page.locator("#card-answer-head")).to_have_text("Đã ghi nhận")
    assert _state(server, code) == ("installed", True)
    context.set_geolocation({"latitude": dlat, "longitude": dlon, "accuracy": 6})
    page.goto(f"{server.url}/A/{draft_only}")
    page.get_by_role("button", name=re.compile("Xác nhận")).click()
    expect(page.locator("#card-answer-more")).to_contain_text("chưa từng có trong lô in chính thức")
    assert _state(server, draft_only) == ("coded", False)
    assert errors == [] or all("422" in e for e in errors)  # the refusal's own answer only
    context.close()
