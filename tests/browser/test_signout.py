"""Signing out on a borrowed phone in Chromium: the session ends and the site's storage (the
field app's confirmations waiting for a signal, with their positions) goes with it; the next
person can sign in as usual, and nothing errs on the way."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Server, new_context
from tests.browser.test_pages import _sign_in, _watch_errors

PENDING = "diachiso:pending"


def test_sign_out_clears_what_the_phone_kept(server: Server, browser: Any) -> None:
    context = new_context(browser)
    page = context.new_page()
    errors = _watch_errors(page)
    _sign_in(server, page, "Mượn máy")
    waiting = '[{"code": "18112000010", "lat": 18.3, "lon": 105.9, "accuracy_m": 8}]'
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [PENDING, waiting])
    assert page.evaluate("key => localStorage.getItem(key)", PENDING) == waiting
    page.click("#signout")
    page.wait_for_load_state()
    assert page.locator("#signed-in").count() == 0
    assert page.evaluate("key => localStorage.getItem(key)", PENDING) is None
    assert all(c["name"] != "diachiso_session" for c in context.cookies())
    _sign_in(server, page, "Người sau")  # the phone still signs the next person in
    assert page.locator("#signed-in").count() == 1
    assert errors == []
    context.close()
