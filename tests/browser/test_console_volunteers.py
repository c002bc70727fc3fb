"""The console's volunteers in Chromium at 1366×768 and 800×1280: an officer enrols two
volunteers, downloads their sign-in cards (the PDF's QR codes, read by zxing-cpp, are links
that sign in once), sees them listed and revokes one. No console error, no failed request, no
request to another host."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
from PIL import Image

from gis.field.accounts import add_user
from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from tests.api.conftest import VILLAGE
from tests.browser.conftest import LAPTOP, Server, new_context
from tests.browser.test_console import Watch
from tests.plates.samples import decode_qrs, rasterise


def _officer_link(server: Server, name: str) -> str:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    new = add_user(registry, commune, name=name, role="officer", actor="test")
    registry.dispose()
    return f"{server.url}/signin/{new.signin_token}"


def test_enrol_two_print_their_cards_revoke_one(
    server: Server, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    context = new_context(browser, viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)
    page.goto(_officer_link(server, "Cán bộ Minh"))
    page.click("#signin")
    page.click("#to-console")
    page.click("#nav-volunteers")
    expect(page.locator("#no-volunteers")).to_be_visible()
    page.select_option("#village", VILLAGE)
    page.fill("#names", "Nguyễn Thị Lan\nTrần Văn Hà\n")
    page.click("#enrol-button")
    expect(page.locator("#enrolled")).to_contain_text("Đã ghi danh 2 đoàn viên")
    assert page.locator("#volunteers tbody tr").count() == 2

    with page.expect_download() as download:
        page.click("#cards-new")
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(Path(download.value.path()).read_bytes())
    links = [text for png in rasterise(pdf, tmp_path) for text in decode_qrs(Image.open(png))]
    assert len(links) == 2 and all(link.startswith(f"{server.url}/signin/") for link in links)

    phone = new_context(browser)  # a volunteer's phone signs in with the first card
    volunteer = phone.new_page()
    volunteer_watch = Watch(volunteer)
    volunteer.goto(links[0])
    volunteer.click("#signin")
    expect(volunteer.locator("#signed-in")).to_contain_text("Nguyễn Thị Lan")
    assert volunteer_watch.problems == []
    phone.close()
    again = httpx.post(links[0], timeout=10)  # the card is spent
    assert again.status_code == 401

    row = page.locator('#volunteers tr[data-name="Trần Văn Hà"]')
    row.locator("button.revoke").click()
    expect(page.locator("#revoked")).to_contain_text("Trần Văn Hà")
    expect(page.locator('#volunteers tr[data-name="Trần Văn Hà"]')).to_have_class("revoked")
    assert httpx.post(links[1], timeout=10).status_code == 401  # revoked: the card is void
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    page.set_viewport_size({"width": 800, "height": 1280})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    # A form's POST answered with an attachment: Chromium turns the navigation into the download
    # and reports the navigation as aborted (net::ERR_ABORTED), once, with nothing wrong.
    cards_post = f"failed: {server.url}/console/volunteers/cards?lang=vi"
    assert watch.problems == [cards_post]
    context.close()
