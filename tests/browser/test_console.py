"""An officer's first day in the console, in Chromium at 1366×768, from a registry that holds
only the commune: sign in by the link, import the sample villages and households (accepting the
coordinate system the import proposes for the cadastral sheet's metres), see every bad
row of a bad file named (and download them), issue the codes, sign out. No console error, no
failed request, no request to another host."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from api.cli import main
from gis.field.accounts import add_user
from gis.ingest.importing import ImportOptions, preview_import
from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.api.conftest import DATA
from tests.browser.conftest import (
    LAPTOP,
    LOOPBACK,
    Server,
    _need_browser,
    new_context,
    serve_sample,
)

NAMES = {"name_field": "Chu_ho", "ref_field": "Ma_ho"}  # the households' sheet


def _commune_only(db_url: str) -> None:
    init = ["init", "--commune", "xã Thạch Bình", "--commune-code", "18112"]
    assert main([*init, "--area-number", "18112", "--db", db_url]) == 0


@pytest.fixture(scope="module")
def empty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_browser()
    # No background tiles: the import preview's map asks no other host.
    folder = tmp_path_factory.mktemp("console")
    with serve_sample(folder, build=_commune_only, DIACHISO_MAP_TILES="none") as running:
        yield running


class Watch:
    """What went wrong in the page: console errors, script errors, failed requests, and any
    request to another host."""

    def __init__(self, page: Any) -> None:
        self.problems: list[str] = []
        page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.problems.append(str(e)))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        page.on("request", self._request)

    def _request(self, request: Any) -> None:
        if (urlparse(request.url).hostname or "") not in LOOPBACK and request.url != "data:,":
            self.problems.append(f"elsewhere: {request.url}")


def _registry_counts(server: Server) -> tuple[int, int]:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        total = conn.execute(select(func.count()).select_from(points)).scalar_one()
        coded = conn.execute(
            select(func.count()).select_from(points).where(points.c.code.is_not(None))
        ).scalar_one()
    registry.dispose()
    return int(total), int(coded)


def _expected_bad_rows(server: Server, path: Path) -> set[int]:
    """The rows the CLI's preview names as bad, for the page to name too."""
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    preview = preview_import(registry, commune, path, ImportOptions(kind="household"))
    registry.dispose()
    return {p.row for p in preview.report.errors if p.row is not None}


def _choose(page: Any, path: Path, target: str, wait: str = "#preview", **options: str) -> None:
    """Fill the import form and choose the file: its preview (``wait``) appears without
    another click."""
    page.select_option("#target", target)
    if options:
        page.click("#options summary")
        for name, value in options.items():
            page.fill(f"#opt-{name}", value)
    with page.expect_navigation():
        page.set_input_files("#file", str(path))
    page.wait_for_selector(wait)


def test_an_officers_first_day(empty: Server, browser: Any, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    registry = open_registry(empty.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    link = add_user(registry, commune, name="Cán bộ Minh", role="officer", actor="test")
    registry.dispose()
    context = new_context(browser, viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)

    page.goto(f"{empty.url}/signin/{link.signin_token}")
    page.click("#signin")
    page.click("#to-console")
    expect(page.locator(".no-villages")).to_be_visible()

    page.click("#nav-import")
    _choose(
        page,
        DATA / "villages.geojson",
        "villages",
        name_field="ten_thon",
        expected_field="so_ho_du_kien",
    )
    assert page.locator("#bad-rows").count() == 0
    page.click("#commit")
    expect(page.locator("#import-done")).to_contain_text("Đã nhập 6 dòng")

    # The cadastral sheet's metres: the import proposes VN-2000 with X the northing; accepted.
    _choose(page, DATA / "ho_gia_dinh.xlsx", "points", wait="#unread", **NAMES)
    expect(page.locator("#proposal")).to_contain_text("EPSG:9209")
    expect(page.locator("#proposal")).to_contain_text("Cột X là tọa độ hướng Bắc")
    page.click("#use-proposal")
    page.wait_for_selector("#preview")
    assert page.locator("#bad-rows").count() == 0
    expect(page.locator("#crs")).to_contain_text("EPSG:9209")
    assert page.locator("#samples tbody tr").count() > 0
    page.click("#commit")
    expect(page.locator("#import-done")).to_be_visible()
    households, coded = _registry_counts(empty)
    assert households > 800 and coded == 0

    bad_file = DATA / "bad_rows.csv"
    _choose(page, bad_file, "points")
    shown = {
        int(r)
        for r in page.locator("#bad-rows tbody tr").evaluate_all(
            "rows => rows.map(r => r.dataset.row)"
        )
    }
    assert shown == _expected_bad_rows(empty, bad_file)
    with page.expect_download() as download:
        page.click("#download-bad")
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    assert book.active is not None
    assert {r[0] for r in book.active.iter_rows(min_row=2, values_only=True)} == shown
    assert _registry_counts(empty)[0] == households  # previews write nothing

    page.click("#nav-codes")
    page.click("#issue-all")
    expect(page.locator("#issued")).to_contain_text(f"Đã cấp {households:,}".replace(",", "."))
    expect(page.locator("#none-waiting")).to_be_visible()
    assert _registry_counts(empty) == (households, households)

    page.click("#signout")
    page.wait_for_url(f"{empty.url}/?lang=vi")
    assert page.locator("#signed-in").count() == 0
    assert not [c for c in context.cookies() if c["name"] == "diachiso_session"]
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]
    assert watch.problems == []
    context.close()


def test_the_console_fits_a_tablet(empty: Server, browser: Any) -> None:
    """At 800×1280 (a 10-inch tablet held upright) no console page scrolls sideways."""
    registry = open_registry(empty.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    link = add_user(registry, commune, name="Cán bộ Lan", role="officer", actor="test")
    registry.dispose()
    context = new_context(browser, viewport={"width": 800, "height": 1280})
    page = context.new_page()
    watch = Watch(page)
    page.goto(f"{empty.url}/signin/{link.signin_token}")
    page.click("#signin")
    for path in ("/console", "/console/import", "/console/codes"):
        page.goto(f"{empty.url}{path}")
        if path == "/console/import":
            page.click("#options summary")  # the import's settings open
        assert page.evaluate("document.documentElement.scrollWidth") <= 800, path
    assert watch.problems == []
    context.close()
