"""The console's export in Chromium (issue 15, 'Xuất dữ liệu'): an officer signed in by link
opens the export section and downloads the Excel sheet (openpyxl opens it, one row a point)
and, from the keyboard, the GeoPackage (geopandas reads it); at 1366×768 and 800×1280, with no
console error and no request to another host."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
from openpyxl import load_workbook
from sqlalchemy import func, select

from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.browser.conftest import LAPTOP, Server, new_context
from tests.browser.test_console import Watch
from tests.browser.test_console_volunteers import _officer_link


def _points(server: Server) -> int:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        total = conn.execute(select(func.count()).select_from(points)).scalar_one()
    registry.dispose()
    return int(total)


def test_an_officer_downloads_the_export(server: Server, browser: Any, tmp_path: Path) -> None:
    context = new_context(browser, viewport=LAPTOP, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page)
    page.goto(_officer_link(server, "Cán bộ Xuất"))
    page.click("#signin")
    page.click("#to-console")
    page.click("#nav-export")
    assert page.locator("#exports a[download]").count() == 4
    with page.expect_download() as download:
        page.click("#export-xlsx")
    sheet = tmp_path / download.value.suggested_filename
    assert sheet.suffix == ".xlsx"
    download.value.save_as(sheet)
    rows = list(load_workbook(sheet, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert len(rows) == 1 + _points(server) and "Thôn" in rows[0]
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"]

    page.set_viewport_size({"width": 800, "height": 1280})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    page.focus("#export-gpkg")  # the keyboard: a link, Enter downloads
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    layer = tmp_path / "export.gpkg"
    download.value.save_as(layer)
    frame = gpd.read_file(layer, layer="points")
    assert len(frame) == _points(server) and frame.crs.to_epsg() == 4326
    assert watch.problems == []
    context.close()
