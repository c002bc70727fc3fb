"""The console's re-import fills national codes (issue 18): a sheet of points already in the
registry, sent again through `POST /api/imports` with ``national_code_field``, sets their codes
on commit, and the point's page shows the change in its history as an officer's edit."""

from __future__ import annotations

import html
import re
from pathlib import Path

from tests.api.conftest import Site, bearer
from tests.api.test_console import _upload
from tests.api.test_console_national_code import _national_code
from tests.geometries import write_csv

HEADER = "ma,ten,kinh_do,vi_do,Ma_QG"


def _import(site: Site, path: Path, token: dict[str, str]) -> dict[str, object]:
    fields = {"target": "points", "ref_field": "ma", "national_code_field": "Ma_QG"}
    status, doc = _upload(site, path, token, **fields)
    assert status == 200 and not doc["bad"], doc
    done = site.client.post(f"/api/imports/{doc['id']}/commit", json={}, headers=token)
    assert done.status_code == 201, done.text
    return doc


def test_the_consoles_reimport_sets_the_national_codes(site: Site, tmp_path: Path) -> None:
    token = bearer(site.token("Minh", "officer"))
    first = ["RE-01,Phạm Văn Quốc,105.915014,18.319020,"]
    _import(site, write_csv(tmp_path / "a.csv", HEADER, first), token)
    assert _national_code(site, "RE-01") is None
    again = ["RE-01,Phạm Văn Quốc,105.915014,18.319020,42011-8000-0011"]
    doc = _import(site, write_csv(tmp_path / "b.csv", HEADER, again), token)
    assert doc["good"] == 1
    assert _national_code(site, "RE-01") == "42011-8000-0011"
    found = site.client.get("/console/points?q=RE-01", headers=token)
    pid = re.findall(r"/console/points/(\d+)", found.text)[0]
    page = html.unescape(site.client.get(f"/console/points/{pid}", headers=token).text)
    assert "Mã trên nền tảng địa chỉ số quốc gia: — → 42011-8000-0011" in page
