"""The console's print section in Chromium at 1366×768 and 800×1280: an officer prints a final
batch (the app's PUBLIC_URL a public https address), downloads plates.pdf, and its QR codes,
read by zxing-cpp, are the points' URLs; the batch is listed with its files' SHA-256. No console
error, no failed request, no request to another host."""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from tests.api.conftest import VILLAGE
from tests.browser.conftest import LAPTOP, Server, _need_browser, new_context, serve_sample
from tests.browser.test_console import Watch
from tests.browser.test_console_volunteers import _officer_link
from tests.plates.samples import decode_qrs, rasterise

PUBLIC = "https://diachi.example.vn"


@pytest.fixture(scope="module")
def https_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The sample registry served with a public https PUBLIC_URL (final batches print)."""
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("print"), DIACHISO_PUBLIC_URL=PUBLIC) as running:
        yield running


def test_an_officer_prints_a_final_batch_and_its_qr_codes_read(
    https_server: Server, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect

    context = new_context(browser, viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)
    page.goto(_officer_link(https_server, "Cán bộ Minh"))
    page.click("#signin")
    page.click("#to-console")
    page.click("#nav-print")
    expect(page.locator("#no-batches")).to_be_visible()
    expect(page.locator("#url-refusal")).to_have_count(0)
    assert not page.locator("#draft").is_checked()
    page.check(f'input[name="village"][value="{VILLAGE}"]')
    page.check('input[name="kind"][value="agency"]')
    page.keyboard.press("Tab")  # the form is reached and sent from the keyboard too
    page.focus("#print-button")
    page.keyboard.press("Enter")
    expect(page.locator("#printed")).to_contain_text("Đã in lô")

    link = page.locator('#printed a[href$="/files/plates.pdf"]')
    with page.expect_download() as download:
        link.click()
    pdf = tmp_path / "plates.pdf"
    pdf.write_bytes(Path(download.value.path()).read_bytes())
    assert hashlib.sha256(pdf.read_bytes()).hexdigest() == link.get_attribute("data-sha256")
    found = {text for png in rasterise(pdf, tmp_path) for text in decode_qrs(Image.open(png))}

    manifest_url = page.locator('#printed a[href$="/files/manifest.csv"]').get_attribute("href")
    cookies = {c["name"]: c["value"] for c in context.cookies()}
    got = httpx.get(f"{https_server.url}{manifest_url}", cookies=cookies, timeout=10)
    rows = list(csv.DictReader(io.StringIO(got.content.decode("utf-8-sig"))))
    codes = {row["code"] for row in rows}
    assert rows and found == {f"{PUBLIC.upper()}/A/{code}" for code in codes}

    batches = page.locator("#batches tbody tr")
    assert batches.count() == 1 and "Cán bộ Minh" in batches.first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    page.set_viewport_size({"width": 800, "height": 1280})
    page.goto(f"{https_server.url}/console/print")
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    assert watch.problems == []
    context.close()
