"""The national platform's code on the console's point page in Chromium at 360 px (issue 18): the
officer finds a household, types its code into the edit form and sees it in the details and the
history; then a code with a space is refused in the catalog's words and nothing changes. No console
error but the refusal's own answer, no request to another host."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.browser.conftest import Server
from tests.browser.test_console_points import _open, _two_households, console_of


def _national_code(server: Server, code: str) -> str | None:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        found: str | None = conn.execute(
            select(points.c.national_code).where(points.c.code == code)
        ).scalar_one()
    registry.dispose()
    return found


def test_the_officer_types_a_national_code_at_360_px(server: Server, browser: Any) -> None:
    from playwright.sync_api import expect

    code, name = _two_households(server)[1]
    context, page, watch = console_of(server, browser, "Cán bộ Quốc")  # a 360 px phone
    _open(page, name)
    field = page.get_by_label("Mã trên nền tảng địa chỉ số quốc gia")
    expect(field).to_be_visible()
    field.fill("42011-8000-0031")
    page.click("#save")
    expect(page.locator("#done")).to_contain_text("Đã lưu thay đổi")
    expect(page.locator("#national-code")).to_have_text("42011-8000-0031")
    edited = page.locator('#events tr[data-action="point.edit"]').first
    expect(edited).to_contain_text("42011-8000-0031")
    assert _national_code(server, code) == "42011-8000-0031"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_label("Mã trên nền tảng địa chỉ số quốc gia").fill("4201 180")
    page.click("#save")
    expect(page.get_by_text(re.compile("không phải là mã trên nền tảng"))).to_be_visible()
    assert _national_code(server, code) == "42011-8000-0031"
    assert all("422" in p for p in watch.problems), watch.problems  # the refusal's answer only
    context.close()
