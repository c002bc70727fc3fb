"""The import preview in Chromium at 1366×768 (issue 15): the rows on a map over the villages
(bad rows marked apart), a villages file's outlines over the registered ones (reached from the
villages section with the target preset), and long work — an upload, its reading, a batch's
printing — said while it lasts and never started twice. No console error, no failed request,
no request to another host."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.api.conftest import DATA, VILLAGE
from tests.browser.conftest import LAPTOP, Server, _need_browser, new_context, serve_sample
from tests.browser.test_console import Watch
from tests.browser.test_console_volunteers import _officer_link


@pytest.fixture(scope="module")
def quiet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The sample registry served without background tiles: the maps ask no other host."""
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("preview"), DIACHISO_MAP_TILES="none") as running:
        yield running


def _officer_page(server: Server, browser: Any, name: str) -> tuple[Any, Any, Watch]:
    context = new_context(browser, viewport=LAPTOP)
    page = context.new_page()
    watch = Watch(page)
    page.goto(_officer_link(server, name))
    page.click("#signin")
    return context, page, watch


def test_the_preview_shows_the_rows_and_the_outlines_on_a_map(quiet: Server, browser: Any) -> None:
    from playwright.sync_api import expect

    context, page, watch = _officer_page(quiet, browser, "Cán bộ Minh")
    page.goto(f"{quiet.url}/console/import")
    expect(page.locator("#replace")).to_be_hidden()  # points: no outlines to replace
    with page.expect_navigation():
        page.set_input_files("#file", str(DATA / "bad_rows.csv"))
    page.wait_for_selector("#preview-map")
    # bad_rows.csv: four good rows, two bad ones with a position (outside every village, a
    # duplicate); the others have none to show.
    expect(page.locator("#preview-map path.row-good")).to_have_count(4)
    expect(page.locator("#preview-map path.row-bad")).to_have_count(2)
    expect(page.locator("#preview-map path.village-registered")).to_have_count(6)
    expect(page.locator("#map-legend")).to_contain_text("Dòng lỗi")

    # From the villages section: the outlines' import, its target chosen and no kind asked.
    page.goto(f"{quiet.url}/console/villages")
    page.click("#to-import")
    expect(page.locator("#target")).to_have_value("villages")
    expect(page.locator("#kind")).to_be_hidden()
    expect(page.locator("#replace")).to_be_visible()
    page.select_option("#target", "points")  # the form follows a change of mind
    expect(page.locator("#kind")).to_be_visible()
    page.select_option("#target", "villages")
    expect(page.locator("#kind")).to_be_hidden()
    page.click("#options summary")
    page.fill("#opt-name_field", "ten_thon")
    with page.expect_navigation():
        page.set_input_files("#file", str(DATA / "villages.geojson"))
    page.wait_for_selector("#preview-map")
    expect(page.locator("#preview-map path.village-new")).to_have_count(6)
    expect(page.locator("#preview-map path.village-registered")).to_have_count(6)
    expect(page.locator("#preview-map path.row-good")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert watch.problems == []
    context.close()


WATCH_STATUS = """() => new MutationObserver(() => {
  const line = document.getElementById("upload-status");
  if (line) window.said(line.textContent);
}).observe(document.body, {subtree: true, childList: true, characterData: true})"""


WATCH_PRINTING = """() => new MutationObserver(() => {
  const line = document.getElementById("print-form-busy");
  const button = document.getElementById("print-button");
  if (line) window.said((button.disabled ? "disabled " : "") + line.textContent);
}).observe(document.body, {subtree: true, childList: true, characterData: true,
                           attributes: true})"""


def _centre(page: Any, selector: str) -> tuple[float, float]:
    box = page.locator(selector).bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + box["height"] / 2


def _held(page: Any, test: Any) -> list[Any]:
    """Requests that ``test`` picks are held (until the test lets each go), the rest pass."""
    held: list[Any] = []

    def route(r: Any) -> None:
        if test(r.request):
            held.append(r)
        else:
            r.fallback()

    page.route("**/*", route)
    return held


def test_an_upload_shows_its_progress_and_is_sent_once(quiet: Server, browser: Any) -> None:
    from playwright.sync_api import expect

    context, page, watch = _officer_page(quiet, browser, "Cán bộ Lan")
    sent: list[str] = []
    page.on("request", lambda r: sent.append(r.url) if "/console/uploads" in r.url else None)
    held = _held(
        page,
        lambda r: (
            "/console/uploads" in r.url or (r.method == "GET" and "/console/import/" in r.url)
        ),
    )
    page.goto(f"{quiet.url}/console/import")
    # What the status line says, as it changes: read from outside the page, which keeps
    # counting while the browser waits for the next one (a locator would wait for that).
    said: list[str] = []
    page.expose_function("said", lambda text: said.append(text))
    page.evaluate(WATCH_STATUS)
    page.set_input_files("#file", str(DATA / "bad_rows.csv"))
    expect(page.locator("#upload-status")).to_contain_text("Đang tải tệp lên")
    expect(page.locator("#preview-button")).to_be_disabled()
    page.evaluate("document.getElementById('upload').requestSubmit()")  # a second try
    page.wait_for_timeout(300)
    assert len(held) == 1 and len(sent) == 1  # nothing sent again
    with page.expect_navigation():
        held.pop().fallback()  # the file is kept; the page opens its preview, held too
        page.wait_for_timeout(2500)
        assert len(held) == 1
        reading = [s for s in said if s.startswith("Đang đọc tệp…")]
        assert "Đang đọc tệp… 0 giây" in reading and "Đang đọc tệp… 2 giây" in reading, said
        held.pop().fallback()
    page.wait_for_selector("#preview")
    expect(page.locator("#bad-rows")).to_be_visible()
    assert len(sent) == 1
    assert watch.problems == []
    context.close()


def test_printing_a_batch_says_so_and_is_sent_once(quiet: Server, browser: Any) -> None:
    from playwright.sync_api import expect

    context, page, watch = _officer_page(quiet, browser, "Cán bộ Hoa")
    printing = _held(page, lambda r: r.method == "POST" and "/console/print" in r.url)
    page.goto(f"{quiet.url}/console/print")
    said: list[str] = []
    page.expose_function("said", lambda text: said.append(text))
    page.evaluate(WATCH_PRINTING)
    page.check(f'input[name="village"][value="{VILLAGE}"]')
    page.check('input[name="kind"][value="heritage"]')
    button = _centre(page, "#print-button")  # measured now: a locator waits for the next page
    page.click("#print-button", no_wait_after=True)
    page.wait_for_timeout(1500)
    page.mouse.click(*button)  # a second click
    page.wait_for_timeout(300)
    assert len(printing) == 1
    assert "disabled Đang in… 0 giây" in said and "disabled Đang in… 1 giây" in said, said
    with page.expect_navigation():
        printing.pop().fallback()
    expect(page.locator("#printed")).to_contain_text("Đã in lô")
    assert watch.problems == []
    context.close()
