"""The home page's lookup box in a phone's browser: a typo is said so beside the box, the code
as printed on the plate (grouped) leads to its address page; no console error, no overflow."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.browser.conftest import Server, new_context


def _a_code(server: Server) -> str:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        code = (
            conn.execute(
                select(points.c.code).where(points.c.code.is_not(None)).order_by(points.c.code)
            )
            .scalars()
            .first()
        )
    registry.dispose()
    return str(code)


def test_a_code_typed_on_the_home_page_finds_its_address(server: Server, browser: Any) -> None:
    code = _a_code(server)
    typo = code[:10] + str((int(code[10]) + 1) % 10)
    context = new_context(browser)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/")
    assert page.inner_text("#lookup h2, section.lookup h2") == "Tra cứu mã địa chỉ số"
    page.fill("#lookup-code", typo)
    page.press("#lookup-code", "Enter")
    page.wait_for_selector("#lookup-error")
    assert "chữ số kiểm tra không khớp" in page.inner_text("#lookup-error")
    assert page.input_value("#lookup-code") == typo
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.fill("#lookup-code", f"{code[:5]} {code[5:10]} {code[10]}")
    page.click("#lookup button[type=submit]")
    page.wait_for_url(f"**/A/{code}?lang=vi")
    assert page.inner_text("#code") == f"{code[:5]} {code[5:10]} {code[10]}"
    assert errors == []
    context.close()
