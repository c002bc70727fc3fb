"""The console's export (issue 15, 'Xuất dữ liệu'): ``GET /api/export`` hands out the file
``diachiso export --format …`` writes, in each format, to an officer of the commune (401 signed
out, 403 a volunteer or another commune's officer, 422 a format it does not write); the
console's page links to each download."""

from __future__ import annotations

import io
import re
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
from openpyxl import load_workbook

from addrgen.catalog import message
from gis.registry.communes import add_commune
from tests.api.conftest import VILLAGE, Site, bearer
from tests.api.test_console import _officer_session
from tests.api.test_console_followup import _stranger
from tests.conftest import CliRunner

FORMATS = ("geojson", "gpkg", "csv", "xlsx")


def _cli_export(cli: CliRunner, site: Site, fmt: str, out: Path, lang: str = "vi") -> Path:
    done = cli("--lang", lang, "export", "--format", fmt, "--out", out, "--db", site.db_url)
    assert done.code == 0, done.err
    return out


def _sheet(content: bytes) -> list[tuple[object, ...]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]


def test_the_export_needs_an_officer_of_the_commune(site: Site) -> None:
    url = "/api/export?format=csv"
    assert site.client.get(url).status_code == 401
    volunteer = site.client.get(url, headers=bearer(site.volunteer_token("Hạnh")))
    assert volunteer.status_code == 403 and "Hạnh" not in volunteer.text
    refused = site.client.get(f"{url}&commune={site.commune.name}", headers=_stranger(site))
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "auth.commune_not_allowed"
    assert site.client.get("/console/export").status_code == 401  # the page says how to sign in
    site.signed_in()
    page = site.client.get("/console/export")
    assert page.status_code == 403 and "Traceback" not in page.text


def test_a_format_it_does_not_write_is_refused_in_the_catalogs_words(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    r = site.client.get("/api/export?format=shp", headers=officer)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_body"
    expected = "'geojson', 'gpkg', 'csv' or 'xlsx'"
    said = message("web.body.one_of", "vi", expected=expected)
    assert r.json()["error"]["message"] == f"format: {said}"
    missing = site.client.get("/api/export", headers=officer)
    assert missing.status_code == 422
    assert message("web.body.missing", "vi") in missing.json()["error"]["message"]


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv"])
def test_each_file_opens_and_is_the_clis(
    site: Site, cli: CliRunner, tmp_path: Path, fmt: str
) -> None:
    officer = bearer(site.token("Minh", "officer"))
    r = site.client.get(f"/api/export?format={fmt}", headers=officer)
    assert r.status_code == 200 and "no-store" in r.headers["cache-control"]
    name = f"diachiso-{site.commune.commune_code}.{fmt}"
    assert r.headers["content-disposition"] == f"attachment; filename*=UTF-8''{name}"
    got = tmp_path / f"web.{fmt}"
    got.write_bytes(r.content)
    theirs = _cli_export(cli, site, fmt, tmp_path / f"cli.{fmt}")
    if fmt == "csv":
        assert r.headers["content-type"].startswith("text/csv")
        assert r.content == theirs.read_bytes()
        web = pd.read_csv(got, dtype=str)
    else:
        web = gpd.read_file(got)
        pd.testing.assert_frame_equal(web, gpd.read_file(theirs))
        assert web.crs.to_epsg() == 4326
    with site.registry.read() as conn:
        count = conn.exec_driver_sql("SELECT count(*) FROM points").scalar_one()
    assert len(web) == count > 0 and set(web["code"].dropna()) >= {site.code_in(VILLAGE)}


def test_the_excel_sheet_opens_in_the_asked_language_and_is_the_clis(
    site: Site, cli: CliRunner, tmp_path: Path
) -> None:
    officer = bearer(site.token("Minh", "officer"))
    for lang in ("vi", "en"):
        r = site.client.get(f"/api/export?format=xlsx&lang={lang}", headers=officer)
        assert r.status_code == 200 and r.headers["content-type"].endswith("spreadsheetml.sheet")
        theirs = _cli_export(cli, site, "xlsx", tmp_path / f"cli-{lang}.xlsx", lang)
        rows = _sheet(r.content)
        assert rows == _sheet(theirs.read_bytes())
        header = message("export.column.village", lang)
        assert header in rows[0]


def test_the_page_links_each_download(site: Site) -> None:
    _officer_session(site)
    page = site.client.get("/console/export")
    assert page.status_code == 200 and 'id="nav-export"' in page.text
    links = re.findall(r'id="export-(\w+)" download href="([^"]+)"', page.text)
    assert [f for f, _ in links] == list(FORMATS)
    for fmt, href in links:
        r = site.client.get(href.replace("&amp;", "&"))  # the session's cookie, no token
        assert r.status_code == 200 and r.content, fmt
    english = site.client.get("/console/export?lang=en")
    assert "Excel workbook" in english.text and "Bảng tính" not in english.text


def test_an_admin_of_several_communes_exports_the_province_or_one(site: Site) -> None:
    other = add_commune(
        site.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t"
    )
    _officer_session(site, name="An", role="admin")
    page = site.client.get("/console/export")
    assert page.status_code == 200 and 'id="choose-commune"' in page.text
    assert message("page.console.export.all_communes", "vi") in page.text
    href = re.search(r'id="export-csv" download href="([^"]+)"', page.text)
    assert href is not None and "commune=" not in href.group(1)
    whole = site.client.get(href.group(1).replace("&amp;", "&"))
    assert whole.status_code == 200
    assert whole.headers["content-disposition"].endswith("diachiso-all.csv")
    frame = pd.read_csv(io.BytesIO(whole.content), dtype=str)
    assert set(frame["commune"]) == {site.commune.name}  # the other commune holds no point
    assert len(frame) > 0
    chosen = site.client.get("/console/export", params={"commune": other.name})
    assert 'id="export-csv"' in chosen.text and other.name in chosen.text
    one = re.search(r'id="export-csv" download href="([^"]+)"', chosen.text)
    assert one is not None
    r = site.client.get(one.group(1).replace("&amp;", "&"))
    assert r.status_code == 200 and len(pd.read_csv(io.BytesIO(r.content))) == 0


def test_an_officer_exports_their_commune_only(site: Site) -> None:
    add_commune(site.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t")
    officer = bearer(site.token("Minh", "officer"))
    r = site.client.get("/api/export?format=csv", headers=officer)
    assert r.status_code == 200
    assert set(pd.read_csv(io.BytesIO(r.content), dtype=str)["commune"]) == {site.commune.name}
    other = site.client.get("/api/export?format=csv&commune=xã Khác", headers=officer)
    assert other.status_code == 403


def test_the_page_offers_vn2000_files(site: Site, tmp_path: Path) -> None:
    _officer_session(site)
    page = site.client.get("/console/export")
    href = re.search(r'id="export-gpkg-vn2000" download href="([^"]+)"', page.text)
    assert href is not None and "crs=EPSG%3A9209" in href.group(1)
    r = site.client.get(href.group(1).replace("&amp;", "&"))
    assert r.status_code == 200
    got = tmp_path / "vn2000.gpkg"
    got.write_bytes(r.content)
    layer = gpd.read_file(got, layer="points")
    assert layer.crs.to_epsg() == 9209 and layer.geometry.x.min() > 400_000  # metres, not degrees
    officer = bearer(site.token("Lan", "officer"))
    refused = site.client.get("/api/export?format=csv&crs=EPSG:3857", headers=officer)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "export.bad_crs"
