"""The leaders' view on a phone (issue 15's last bullet): /dashboard read at 360×740 (device
scale 2) in headless Chromium: progress first (the share and what remains on screen without
sideways scroll, every shown column's header within the viewport), a chart whose labels stay in
its box, the target line where the target is; no console error, no request to another host."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from api.web.dashboard import HEADROOM
from tests.browser.conftest import PHONE, Server, _need_browser, new_context, serve_sample
from tests.browser.test_console import Watch
from tests.browser.test_map import _codes, _confirm


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("phone"), DIACHISO_MAP_TILES="none") as running:
        for code in _codes(running, "Tây Bắc", 12):
            _confirm(running, code)
        yield running


def _phone(browser: Any, url: str) -> tuple[Any, Watch]:
    page = new_context(browser, viewport=PHONE, device_scale_factor=2).new_page()
    watch = Watch(page)
    page.goto(url)
    return page, watch


def _box(page: Any, selector: str) -> dict[str, float]:
    box = page.locator(selector).bounding_box()
    assert box is not None, selector
    return dict(box)


def test_the_dashboard_reads_on_a_phone(server: Server, browser: Any) -> None:
    page, watch = _phone(browser, f"{server.url}/dashboard")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shown = page.eval_on_selector_all(
        "#coverage thead th",
        """ths => ths.filter(th => th.offsetParent !== null).map(th => {
             const r = th.getBoundingClientRect();
             return [th.dataset.column, r.left, r.right];
           })""",
    )
    columns = [c for c, _, _ in shown]
    assert columns[:3] == ["village", "percent_installed", "remaining"]  # progress first
    scroll = _box(page, "#coverage-box")
    right_edge = min(PHONE["width"], scroll["x"] + scroll["width"])  # the box clips, too
    assert all(left >= 0 and right <= right_edge + 0.5 for _, left, right in shown), shown
    assert page.is_visible("#details-note")
    chart = _box(page, "#chart")
    labels = page.locator("#chart text.label")
    assert labels.count() >= 4
    for i in range(labels.count()):
        box = labels.nth(i).bounding_box()
        assert box is not None
        inside = (
            box["x"] >= chart["x"] - 0.5
            and box["x"] + box["width"] <= chart["x"] + chart["width"] + 0.5
            and box["y"] >= chart["y"] - 0.5
            and box["y"] + box["height"] <= chart["y"] + chart["height"] + 0.5
        )
        assert inside, (labels.nth(i).text_content(), box, chart)
        size = labels.nth(i).evaluate("t => t.getBoundingClientRect().height")
        assert size >= 10, "a label too small to read on a phone"
    # The target (every point registered) on the cumulative scale: 1/HEADROOM of the plot's
    # height, not the frame's top edge; its label says the number.
    frame = page.eval_on_selector(
        "#chart rect", "r => { const b = r.getBoundingClientRect(); return [b.top, b.height]; }"
    )
    target = _box(page, "#target")
    share = 1 - (target["y"] - frame[0]) / frame[1]
    assert share == pytest.approx(1 / HEADROOM, abs=0.02)
    total = server_total(page)
    assert page.locator("#chart text.label").filter(has_text=total).count() == 1
    assert page.is_visible("#chart-key")
    assert watch.problems == []


def server_total(page: Any) -> str:
    """The commune's number of points as the page writes it (the table's total row)."""
    return str(page.locator("#commune-total td[data-column='total']").text_content()).strip()
