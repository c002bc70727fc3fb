"""The console's points section in Chromium at 1366×768 and 800×1280: an officer finds a
household by its name, changes its house number and sees the change in the point's history,
then finds another and retires it with a reason, by the keyboard; sets a village's expected
count. No console error, no failed request, no request to another host."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import select

from gis.registry.point_search import fold
from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.browser.conftest import LAPTOP, Server, new_context
from tests.browser.test_console import Watch
from tests.browser.test_console_volunteers import _officer_link


def _two_households(server: Server) -> list[tuple[str, str]]:
    """Two coded households whose names no other point shares (code, name)."""
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.code, points.c.name)
            .where(points.c.kind == "household", points.c.code.is_not(None))
            .order_by(points.c.code)
        ).all()
    registry.dispose()
    seen = Counter(fold(str(name)) for _, name in rows)
    return [(code, name) for code, name in rows if name and seen[fold(name)] == 1][:2]


def _display(code: str) -> str:
    """A code as the plate writes it ("18112 00001 3")."""
    return f"{code[:5]} {code[5:10]} {code[10:]}"


def console_of(
    server: Server, browser: Any, officer: str, **options: Any
) -> tuple[Any, Any, Watch]:
    """A new browser context signed in as ``officer`` through the link, on the console's home
    (``options``: new_context's): the context, its page and the page's watch."""
    context = new_context(browser, **options)
    page = context.new_page()
    watch = Watch(page)
    page.goto(_officer_link(server, officer))
    page.click("#signin")
    page.click("#to-console")
    return context, page, watch


def _open(page: Any, name: str) -> None:
    """Search the name as typed in a hurry (no tone marks) and open the one point found."""
    from playwright.sync_api import expect

    page.click("#nav-points")
    page.fill("#q", fold(name))
    page.keyboard.press("Enter")
    found = page.locator("#found tbody tr")
    expect(found).to_have_count(1)
    found.locator("a").click()


def test_find_a_household_edit_its_house_number_retire_another(
    server: Server, browser: Any
) -> None:
    from playwright.sync_api import expect

    (first, name), (second, other) = _two_households(server)
    context, page, watch = console_of(server, browser, "Cán bộ Hòa", viewport=LAPTOP)

    _open(page, name)
    expect(page.locator("h1")).to_contain_text(_display(first))
    page.fill("#f-house", "12A")
    page.click("#save")
    expect(page.locator("#done")).to_contain_text("Đã lưu thay đổi")
    expect(page.locator("#house-number")).to_have_text("12A")
    edited = page.locator('#events tr[data-action="point.edit"]')
    expect(edited).to_contain_text("Sửa thông tin")
    expect(edited).to_contain_text("Số nhà")
    expect(edited).to_contain_text("12A")
    expect(edited).to_contain_text("Cán bộ Hòa")
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    page.set_viewport_size({"width": 800, "height": 1280})
    _open(page, other)
    expect(page.locator("h1")).to_contain_text(_display(second))
    page.focus("#f-reason")  # the retire form by the keyboard: choose, type, send
    page.keyboard.press("End")  # the list's last reason, "Lý do khác" (other)
    page.keyboard.press("Tab")
    expect(page.locator("#f-note")).to_be_focused()
    page.keyboard.type("nhập trùng với hộ bên cạnh")
    page.keyboard.press("Enter")
    expect(page.locator("#done")).to_contain_text("Đã thu hồi")
    expect(page.locator("#status")).to_have_text("Đã thu hồi")
    expect(page.locator("#retired-reason")).to_have_text("Lý do khác: nhập trùng với hộ bên cạnh")
    expect(page.locator('#events tr[data-action="point.retire"]')).to_contain_text("Thu hồi điểm")
    expect(page.locator("#edit")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= 800

    page.click("#nav-villages")  # the villages beside: an expected count typed and sent by Enter
    row = page.locator("#village-list tbody tr").first
    row.locator('input[name="expected"]').fill("150")
    row.locator('input[name="expected"]').press("Enter")
    expect(page.locator("#done")).to_contain_text("Đã lưu số địa chỉ dự kiến")
    expect(
        page.locator("#village-list tbody tr").first.locator("input[name=expected]")
    ).to_have_value("150")
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    assert watch.problems == []
    context.close()
