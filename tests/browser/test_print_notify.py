"""The print page's button for letters handed over at a meeting (issue 16), in Chromium at
1366×768: an officer finds the final batch among the past ones, reads how many of its households
are notified, clicks "Đã trao thư thông báo cả lô", and the page says what was recorded; the
registry holds every household of the batch as notified by that officer. No console error, no
failed request, no request to another host."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.browser.conftest import LAPTOP, Server, new_context
from tests.browser.test_console import Watch
from tests.browser.test_console_volunteers import _officer_link
from tests.browser.test_pages import _codes
from tests.printed import print_final


def _final_batch(server: Server, codes: list[str], label: str) -> None:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    print_final(registry, commune, codes, label=label)
    registry.dispose()


def _notified_by(server: Server, codes: list[str]) -> list[str | None]:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.notified_by).where(points.c.code.in_(codes)).order_by(points.c.code)
        ).scalars()
        found = list(rows)
    registry.dispose()
    return found


def test_the_officer_records_a_batch_handed_over_at_a_meeting(server: Server, browser: Any) -> None:
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    codes = [code for code, _, _ in _codes(server, 4)]
    _final_batch(server, codes, "L-HOP-THON")
    context = new_context(browser, viewport=LAPTOP)
    page = context.new_page()
    watch = Watch(page)
    page.goto(_officer_link(server, "Cán bộ Hà"))
    page.click("#signin")
    page.click("#to-console")
    page.click("#nav-print")
    row = page.locator("#batches tbody tr", has_text="L-HOP-THON")
    expect(row).to_contain_text("Đã thông báo 0 / 4")
    row.get_by_role("button", name="Đã trao thư thông báo cả lô").click()
    expect(page.locator("#notify-done")).to_have_text(
        re.compile("^Lô L-HOP-THON: đã ghi nhận 4 hộ được thông báo")
    )
    row = page.locator("#batches tbody tr", has_text="L-HOP-THON")
    expect(row).to_contain_text("Đã thông báo 4 / 4")
    expect(row.get_by_role("button")).to_have_count(0)  # nothing left to hand over
    assert _notified_by(server, codes) == ["user:Cán bộ Hà"] * 4
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert watch.problems == []
    context.close()
