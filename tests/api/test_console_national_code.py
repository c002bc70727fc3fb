"""The national platform's code in the console and the JSON API (issue 18): `POST /api/imports`
takes ``national_code_field`` (a bad value is a bad row naming row, column, value and what is
expected), the import settings form offers the column, and the point's edit form records the
code through `points edit`'s rule."""

from __future__ import annotations

import html
from pathlib import Path

from sqlalchemy import select

from addrgen.catalog import message
from gis.storage.schema import points
from tests.api.conftest import VILLAGE, Site, bearer
from tests.api.test_console import _officer_session, _upload
from tests.geometries import write_csv


def _national_code(site: Site, ref: str) -> str | None:
    with site.registry.read() as conn:
        found = conn.execute(select(points.c.national_code).where(points.c.ref == ref))
        code: str | None = found.scalar_one()
    return code


def test_the_api_imports_the_national_code_column(site: Site, tmp_path: Path) -> None:
    token = bearer(site.token("Minh", "officer"))
    rows = [
        "NC-01,Phạm Văn Quốc,105.915014,18.319020,42011-8000-0007",
        "NC-02,Hồ Thị Mai,105.915014,18.319320,42011 8000",
    ]
    path = write_csv(tmp_path / "ma_qg.csv", "ma,ten,kinh_do,vi_do,Ma_QG", rows)
    fields = {"target": "points", "ref_field": "ma", "national_code_field": "Ma_QG"}
    status, doc = _upload(site, path, token, **fields)
    assert status == 200, doc
    assert doc["good"] == 1 and len(doc["bad"]) == 1
    bad = doc["bad"][0]
    assert (bad["row"], bad["field"], bad["value"]) == (3, "Ma_QG", "42011 8000")
    assert bad["message"] == message("point.bad_national_code", "vi", value="42011 8000")
    commit = f"/api/imports/{doc['id']}/commit"
    done = site.client.post(commit, json={"skip_bad": True}, headers=token)
    assert done.status_code == 201, done.text
    assert _national_code(site, "NC-01") == "42011-8000-0007"


def test_the_import_settings_offer_the_national_code_column(site: Site) -> None:
    _officer_session(site)
    form = site.client.get("/console/import")
    assert form.status_code == 200
    assert 'name="national_code_field"' in form.text
    assert "Cột mã trên nền tảng quốc gia" in html.unescape(form.text)


def test_the_officer_records_the_national_code_on_the_points_page(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    code = site.code_in(VILLAGE, offset=6)
    pid = int(str(site.point(code)["id"]))
    url = f"/console/points/{pid}/edit"
    page = site.client.get(f"/console/points/{pid}", headers=officer).text
    assert 'id="f-national-code" name="national_code"' in page
    r = site.client.post(url, data={"national_code": "42011-8000-0042"}, headers=officer)
    assert r.status_code == 200, r.text
    assert site.point(code)["national_code"] == "42011-8000-0042"
    shown = html.unescape(r.text)
    assert 'id="national-code">42011-8000-0042<' in shown
    assert "Mã trên nền tảng địa chỉ số quốc gia: — → 42011-8000-0042" in shown  # the history
    r = site.client.post(url, data={"national_code": "4201 180"}, headers=officer)
    assert r.status_code == 422 and site.point(code)["national_code"] == "42011-8000-0042"
    assert message("point.bad_national_code", "vi", value="4201 180") in html.unescape(r.text)
    cleared = site.client.post(url, data={"national_code": ""}, headers=officer)
    assert cleared.status_code == 200 and site.point(code)["national_code"] is None
