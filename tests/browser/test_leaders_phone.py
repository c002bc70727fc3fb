"""The leaders' view on a phone (issue 15's last bullet): /dashboard read at 360×740 (device
scale 2) in headless Chromium: progress first (the share and what remains on screen without
sideways scroll, every shown column's header within the viewport), a chart whose labels stay in
its box, the target line where the target is; no console error, no request to another host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.web.dashboard import HEADROOM
from api.web.mapview import STATIC, STATUS_COLOURS
from tests.browser.conftest import PHONE, Server, _need_browser, new_context, serve_sample
from tests.browser.test_console import Watch
from tests.browser.test_map import _codes, _confirm
from tests.printed import print_in


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("phone"), DIACHISO_MAP_TILES="none") as running:
        codes = _codes(running, "Tây Bắc", 12)
        print_in(running.db_url, codes)  # only printed plates are confirmed
        for code in codes:
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


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_dashboard_reads_on_a_phone(server: Server, browser: Any, lang: str) -> None:
    """In both languages: English headers are longer words ("Installed", "Remaining") and
    clipped the fourth column once."""
    page, watch = _phone(browser, f"{server.url}/dashboard?lang={lang}")
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


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_map_reads_on_a_phone(server: Server, browser: Any) -> None:
    page, watch = _phone(browser, f"{server.url}/map")
    page.wait_for_selector("body[data-drawn]")
    page.wait_for_function("Object.keys(window.diachisoMap.villages).length > 0")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The legend: folded at first on a phone, opened and folded again from the keyboard.
    toggle = page.locator(".diachiso-legend-toggle")
    assert toggle.text_content() == "Chú giải" and toggle.get_attribute("aria-expanded") == "false"
    assert not page.is_visible("#diachiso-legend-body")
    assert _box(page, ".diachiso-legend")["height"] < 0.1 * PHONE["height"]
    toggle.focus()
    page.keyboard.press("Enter")
    assert (
        page.is_visible("#diachiso-legend-body") and toggle.get_attribute("aria-expanded") == "true"
    )
    page.keyboard.press("Space")
    assert not page.is_visible("#diachiso-legend-body")
    # Each cluster in the colour of the status most of its points have.
    clusters = page.eval_on_selector_all(
        ".diachiso-cluster",
        """els => els.map(e => [e.className, e.querySelector('span').dataset.counts,
                                 getComputedStyle(e).backgroundColor])""",
    )
    assert clusters, "the sample's points cluster on a phone's first view"
    order = list(STATUS_COLOURS)
    for classes, said, colour in clusters:
        counts = {s: int(n) for s, n in (part.split(":") for part in said.split())}
        top = max(counts.values())
        status = next(s for s in order if counts.get(s) == top)  # a tie: further from done
        assert f"status-{status}" in classes.split(), (classes, said)
        assert colour == _rgb(STATUS_COLOURS[status]), (said, colour)
    # The villages by name.
    names = page.locator(".diachiso-village-label").all_text_contents()
    villages = {v["village"] for v in httpx.get(f"{server.url}/api/coverage").json()["villages"]}
    assert set(names) == villages
    assert watch.problems == []


def test_the_clusters_colours_are_the_status_colours() -> None:
    """map.css writes the status colours for the clusters (a CSP without inline styles); they
    are the points' and the legend's (mapview.STATUS_COLOURS)."""
    css = (STATIC / "map.css").read_text(encoding="utf-8")
    found = dict(
        re.findall(r"\.diachiso-cluster\.status-(\w+) \{ background: (#[0-9a-f]{6}); \}", css)
    )
    assert found == STATUS_COLOURS
