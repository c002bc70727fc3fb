"""The field app without signal, on a 360 px phone: after one visit with signal the worklist and
a plate's card open offline (the service worker and IndexedDB), what is sent offline waits in a
visible queue and arrives exactly once when the signal returns, and the sign-out leaves nothing
of the volunteer's on the phone."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from gis.storage.db import open_registry
from gis.storage.schema import installations, points, reports
from tests.browser.conftest import Server, _need_browser, new_context, serve_sample
from tests.browser.test_field import METRE_LAT, _walk
from tests.browser.test_pages import _sign_in, _watch_errors


@pytest.fixture(scope="module")
def tileless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("offline"), DIACHISO_MAP_TILES="none") as running:
        yield running


def _count(server: Server, table: Any, code: str) -> int:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        n = conn.execute(
            select(func.count())
            .select_from(table.join(points, points.c.id == table.c.point_id))
            .where(points.c.code == code)
        ).scalar_one()
    registry.dispose()
    return int(n)


def _until(page: Any, script: str, timeout: float = 15.0) -> None:
    """Polls a script until it is true (the pages' CSP refuses wait_for_function's eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"never true: {script}"
        time.sleep(0.1)


KEPT = """async () => {
  const pages = await caches.open("diachiso-pages-v1");
  const shell = await caches.open("diachiso-shell-v1");
  return navigator.serviceWorker.controller !== null &&
    Boolean(await pages.match("/field", {ignoreSearch: true})) &&
    Boolean(await shell.match("/static/field.js"));
}"""


def _ready_offline(page: Any) -> None:
    """Waits until the service worker controls the page and has kept the shell and the page."""
    _until(page, KEPT)


def _volunteer_on_field(
    server: Server, browser: Any, name: str, at: tuple[float, float]
) -> tuple[Any, Any, list[str]]:
    """A volunteer standing at ``at`` (±8 m) after one visit of /field with signal: the page
    kept for offline use; the context, the page and the page's console errors."""
    where = {"latitude": at[0], "longitude": at[1], "accuracy": 8}
    context = new_context(browser, geolocation=where, permissions=["geolocation"])
    page = context.new_page()
    errors = _watch_errors(page)
    _sign_in(server, page, name)
    page.goto(f"{server.url}/field")
    page.wait_for_selector("#worklist li.plate")
    _ready_offline(page)
    return context, page, errors


SEND = """([kind, code, body]) => window.diachisoOutbox.send({kind, code, body, photo: null})"""


def test_the_outbox_delivers_online_and_queues_offline(tileless: Server, browser: Any) -> None:
    walk = _walk(tileless)
    (first, lat, lon), (second, lat2, lon2) = walk[2], walk[3]
    context, page, errors = _volunteer_on_field(tileless, browser, "Lan", (lat, lon))
    here = {"lat": lat, "lon": lon, "accuracy_m": 8, "notified": True}
    answer = page.evaluate(SEND, ["confirm", first, here])
    assert answer["queued"] is False and answer["status"] == 201
    assert answer["body"]["code"] == first and answer["body"]["notified"] is True

    context.set_offline(True)
    there = {"lat": lat2 + 3 * METRE_LAT, "lon": lon2, "accuracy_m": 8, "client_id": "c-two"}
    answer = page.evaluate(SEND, ["confirm", second, there])
    assert answer == {"queued": True}
    assert page.evaluate("window.diachisoOutbox.pending()") == 1
    assert _count(tileless, installations, second) == 0

    context.set_offline(False)
    page.evaluate("window.diachisoOutbox.flush()")
    assert page.evaluate("window.diachisoOutbox.pending()") == 0
    page.evaluate("window.diachisoOutbox.flush()")
    assert _count(tileless, installations, second) == 1
    assert _count(tileless, reports, second) == 0
    assert errors == []
    context.close()
