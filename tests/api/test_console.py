"""The officer's console and its JSON API (issue 15): signing in and out, the console's home,
imports with their preview (nothing written before the officer's word, once only), codes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from api.services import uploads
from api.web.security import SESSION_COOKIE, csrf_token
from gis.field.accounts import add_user
from gis.registry.communes import add_commune
from gis.storage.schema import points
from gis.storage.schema import villages as village_table
from tests.api.conftest import DATA, SECRET, VILLAGE, Site, bearer
from tests.language import english_lines, page_text, vietnamese_lines

BAD_ROWS = DATA / "bad_rows.csv"


def _points(site: Site) -> int:
    with site.registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(points)).scalar_one())


def _officer_session(site: Site, name: str = "Minh", role: str = "officer") -> str:
    """Sign an officer in through the link; returns the session's CSRF token."""
    new = add_user(site.registry, site.commune, name=name, role=role, actor="t")
    assert new.signin_token is not None and new.api_token is None
    assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
    session = site.client.cookies.get(SESSION_COOKIE)
    assert session
    return csrf_token(SECRET, session)


def _upload(
    site: Site, path: Path, headers: dict[str, str], **fields: str
) -> tuple[int, dict[str, Any]]:
    files = {"file": (path.name, path.read_bytes(), "application/octet-stream")}
    r = site.client.post("/api/imports", files=files, data=fields, headers=headers)
    return r.status_code, r.json()


# --- sign-in, sign-out, the console's door ------------------------------------------------


def test_officers_get_a_link_and_a_token_on_request(site: Site) -> None:
    plain = add_user(site.registry, site.commune, name="Minh", role="officer", actor="t")
    assert plain.signin_token is not None and plain.api_token is None
    both = add_user(site.registry, site.commune, name="An", role="admin", token=True, actor="t")
    assert both.signin_token is not None and both.api_token is not None


def test_signed_out_the_console_says_how_to_get_a_link(site: Site) -> None:
    r = site.client.get("/console", follow_redirects=False)
    assert r.status_code == 401
    assert "liên kết đăng nhập" in r.text and "quản trị viên" in r.text
    assert "--role officer" in r.text
    assert site.client.get("/console/import", follow_redirects=False).status_code == 401


def test_a_volunteer_is_refused_in_words(site: Site) -> None:
    site.signed_in()
    r = site.client.get("/console")
    assert r.status_code == 403
    assert "chỉ cán bộ xã hoặc quản trị viên" in r.text and "Traceback" not in r.text


def test_the_console_home_shows_progress_and_only_working_links(site: Site) -> None:
    _officer_session(site)
    r = site.client.get("/console")
    assert r.status_code == 200
    assert VILLAGE in r.text and "Tiến độ theo thôn" in r.text
    assert 'id="signout"' in r.text
    for href in sorted(set(_links(r.text))):
        assert site.client.get(href).status_code == 200, href


def _links(html: str) -> list[str]:
    return [h for h in re.findall(r'href="(/[^"]*)"', html) if not h.startswith("/static/")]


def test_sign_out_ends_the_session(site: Site) -> None:
    csrf = site.signed_in()
    home = site.client.get("/")
    assert 'id="signout"' in home.text
    session = site.client.cookies.get(SESSION_COOKIE)
    assert site.client.post("/signout", data={"csrf_token": "wrong"}).status_code == 403
    r = site.client.post("/signout", data={"csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/?lang=")
    assert SESSION_COOKIE in r.headers["set-cookie"]  # cleared
    site.client.cookies.clear()
    site.client.cookies.set(SESSION_COOKIE, session or "")
    assert 'id="signed-in"' not in site.client.get("/").text  # the old cookie is worth nothing
    code = site.code_in(VILLAGE)
    again = site.client.post(
        f"/api/points/{code}/reports", json={"reason": "other"}, headers={"X-CSRF-Token": csrf}
    )
    assert again.status_code == 401
    assert site.client.post("/signout").status_code == 403  # a cookie, even a dead one: CSRF
    site.client.cookies.clear()
    assert site.client.post("/signout").status_code == 200  # signed out already: just home


# --- the JSON API ---------------------------------------------------------------------------


def test_imports_need_an_officer_of_the_commune(site: Site) -> None:
    assert _upload(site, BAD_ROWS, {}, target="points")[0] == 401
    volunteer = site.volunteer_token()
    assert _upload(site, BAD_ROWS, bearer(volunteer), target="points")[0] == 403
    other = add_commune(
        site.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t"
    )
    stranger = add_user(site.registry, other, name="Lạ", role="officer", token=True, actor="t")
    assert stranger.api_token is not None
    status, doc = _upload(
        site, BAD_ROWS, bearer(stranger.api_token), target="points", commune=site.commune.name
    )
    assert status == 403 and doc["error"]["code"] == "auth.commune_not_allowed"
    assert site.client.post("/api/codes/issue", headers=bearer(volunteer)).status_code == 403
    assert site.client.post("/api/codes/issue").status_code == 401


def test_a_session_must_send_its_csrf_token(site: Site) -> None:
    csrf = _officer_session(site)
    assert _upload(site, BAD_ROWS, {}, target="points")[0] == 403
    assert _upload(site, BAD_ROWS, {"X-CSRF-Token": csrf}, target="points")[0] == 200


def test_invalid_uploads_are_refused_with_422(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = bearer(site.token("Minh", "officer"))
    status, doc = _upload(site, BAD_ROWS, token, target="everything")
    assert status == 422 and doc["error"]["field"] == "target"
    status, doc = _upload(site, BAD_ROWS, token, target="points", kind="castle")
    assert status == 422 and doc["error"]["field"] == "kind"
    status, doc = _upload(site, BAD_ROWS, token, target="points", header_row="two")
    assert status == 422 and doc["error"]["field"] == "header_row"
    exe = tmp_path / "virus.exe"
    exe.write_bytes(b"MZ")
    assert _upload(site, exe, token, target="points")[1]["error"]["code"] == "upload.bad_type"
    r = site.client.post("/api/imports", data={"target": "points"}, headers=token)
    assert r.status_code == 422 and r.json()["error"]["code"] == "upload.no_file"
    monkeypatch.setattr(uploads, "MAX_UPLOAD_BYTES", 100)
    status, doc = _upload(site, BAD_ROWS, token, target="points")
    assert status == 422 and doc["error"]["code"] == "upload.too_large"
    assert "MB" in doc["error"]["message"]


def test_preview_then_commit_once(site: Site) -> None:
    token = bearer(site.token("Minh", "officer"))
    before = _points(site)
    status, doc = _upload(site, BAD_ROWS, token, target="points", kind="household")
    assert status == 200, doc
    assert {"id", "detected", "rows", "good", "bad", "warnings"} <= doc.keys()
    bad = doc["bad"]
    assert isinstance(bad, list) and bad and doc["good"] > 0
    assert {"row", "field", "value", "expected", "message"} <= bad[0].keys()
    assert all(isinstance(b["row"], int) for b in bad)  # every bad row named
    assert _points(site) == before  # a preview writes nothing
    commit = f"/api/imports/{doc['id']}/commit"
    refused = site.client.post(commit, json={"skip_bad": False}, headers=token)
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "import.rejected"
    assert _points(site) == before  # refused: nothing written
    done = site.client.post(commit, json={"skip_bad": True}, headers=token)
    assert done.status_code == 201
    assert done.json() == {"imported": doc["good"], "skipped": doc["rows"] - doc["good"]}
    assert _points(site) == before + doc["good"]
    again = site.client.post(commit, json={"skip_bad": True}, headers=token)
    assert again.status_code == 200 and _points(site) == before + doc["good"]


def test_an_upload_is_its_senders_only(site: Site) -> None:
    mine = bearer(site.token("Minh", "officer"))
    theirs = bearer(site.token("An", "officer"))
    _, doc = _upload(site, BAD_ROWS, mine, target="points")
    r = site.client.post(f"/api/imports/{doc['id']}/commit", json={}, headers=theirs)
    assert r.status_code == 404 and r.json()["error"]["code"] == "upload.not_found"
    fake = site.client.post("/api/imports/../../etc/commit", json={}, headers=mine)
    assert fake.status_code == 404


def test_the_bad_rows_download_as_excel(site: Site) -> None:
    token = bearer(site.token("Minh", "officer"))
    _, doc = _upload(site, BAD_ROWS, token, target="points")
    r = site.client.get(f"/api/imports/{doc['id']}/bad-rows.xlsx", headers=token)
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Dòng" and rows[0][-1] == "Lỗi"
    bad_rows = sorted({b["row"] for b in doc["bad"]})
    assert [r[0] for r in rows[1:]] == bad_rows
    assert all(r[-1] for r in rows[1:])  # each says what is wrong
    assert site.client.get(f"/api/imports/{doc['id']}/bad-rows.xlsx").status_code == 401


def test_villages_preview_and_import(site: Site) -> None:
    token = bearer(site.token("Minh", "officer"))
    status, doc = _upload(
        site,
        DATA / "villages.geojson",
        token,
        target="villages",
        name_field="ten_thon",
        expected_field="so_ho_du_kien",
    )
    assert status == 200 and doc["bad"] == [] and doc["good"] == doc["rows"] > 0
    r = site.client.post(f"/api/imports/{doc['id']}/commit", json={}, headers=token)
    assert r.status_code == 201 and r.json() == {"imported": 0, "skipped": 0}  # all there


def test_a_village_name_the_plates_cannot_print_is_refused(site: Site, tmp_path: Path) -> None:
    """The console checks a village's name against the plate font as the CLI does, so that
    printing never fails later."""
    token = bearer(site.token("Minh", "officer"))
    doc = json.loads((DATA / "villages.geojson").read_text(encoding="utf-8"))
    doc["features"] = doc["features"][:1]
    doc["features"][0]["properties"]["ten_thon"] = "Thôn Lúa 🌾"
    path = tmp_path / "thon.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    status, answer = _upload(site, path, token, target="villages", name_field="ten_thon")
    assert status in (200, 422), answer
    assert "import.glyph_missing" in json.dumps(answer), answer
    with site.registry.read() as conn:
        names = [str(n) for (n,) in conn.execute(select(village_table.c.name))]
    assert "Thôn Lúa 🌾" not in names


def test_issue_codes(site: Site) -> None:
    token = bearer(site.token("Minh", "officer"))
    _, doc = _upload(site, BAD_ROWS, token, target="points")
    site.client.post(f"/api/imports/{doc['id']}/commit", json={"skip_bad": True}, headers=token)
    r = site.client.post("/api/codes/issue", json={"village": VILLAGE}, headers=token)
    assert r.status_code == 200 and r.json()["issued"] >= 0
    r = site.client.post("/api/codes/issue", headers=token)
    assert r.status_code == 200 and r.json()["issued"] + 0 >= 0
    assert site.client.post("/api/codes/issue", headers=token).json() == {"issued": 0}


# --- the pages ------------------------------------------------------------------------------


def test_import_in_the_console(site: Site) -> None:
    csrf = _officer_session(site)
    before = _points(site)
    form = site.client.get("/console/import")
    assert form.status_code == 200 and 'type="file"' in form.text
    files = {"file": (BAD_ROWS.name, BAD_ROWS.read_bytes(), "text/csv")}
    data = {"csrf_token": csrf, "target": "points", "kind": "household"}
    preview = site.client.post("/console/import", files=files, data=data)
    assert preview.status_code == 200
    assert 'id="bad-rows"' in preview.text and "Cách đọc các dòng đầu" in preview.text
    upload_id = preview.text.split("/api/imports/")[1].split("/")[0]
    commit = f"/console/import/{upload_id}"
    refused = site.client.post(commit, data={"csrf_token": csrf})
    assert refused.status_code == 422 and 'id="bad-rows"' in refused.text
    assert 'id="import-refused"' in refused.text and _points(site) == before
    done = site.client.post(commit, data={"csrf_token": csrf, "skip_bad": "1"})
    assert done.status_code == 200 and 'id="import-done"' in done.text
    imported = _points(site) - before
    assert imported > 0
    assert site.client.post(commit, data={"csrf_token": csrf, "skip_bad": "1"}).status_code == 200
    assert _points(site) - before == imported
    assert site.client.post(commit, data={"csrf_token": "x", "skip_bad": "1"}).status_code == 403


def test_issue_codes_in_the_console(site: Site) -> None:
    csrf = _officer_session(site)
    token = bearer(site.token("An", "officer"))
    _, doc = _upload(site, BAD_ROWS, token, target="points")
    site.client.post(f"/api/imports/{doc['id']}/commit", json={"skip_bad": True}, headers=token)
    page = site.client.get("/console/codes")
    assert page.status_code == 200 and 'id="issue-all"' in page.text
    done = site.client.post("/console/codes", data={"csrf_token": csrf})
    assert done.status_code == 200 and 'id="issued"' in done.text
    assert 'id="none-waiting"' in done.text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_preview_page_speaks_one_language(site: Site, lang: str) -> None:
    csrf = _officer_session(site)
    files = {"file": (BAD_ROWS.name, BAD_ROWS.read_bytes(), "text/csv")}
    data = {"csrf_token": csrf, "target": "points"}
    page = site.client.post(f"/console/import?lang={lang}", files=files, data=data)
    assert page.status_code == 200
    with site.registry.read() as conn:
        villages = [str(n) for (n,) in conn.execute(select(village_table.c.name))]
    cells = [c for line in BAD_ROWS.read_text().splitlines() for c in line.split(",")]
    names = [
        BAD_ROWS.name,
        site.commune.name,
        *cells,
        *villages,
        ", ".join(BAD_ROWS.read_text().split()[0].split(",")),
    ]
    text = page_text(page.text)
    found = (
        english_lines(text, names=names) if lang == "vi" else vietnamese_lines(text, names=names)
    )
    assert found == []


def test_the_officer_changes_the_settings_and_the_preview_updates(site: Site) -> None:
    csrf = _officer_session(site)
    workbook = DATA / "ho_gia_dinh.xlsx"
    settings = {
        "csrf_token": csrf,
        "target": "points",
        "crs": "EPSG:9209",
        "northing_field": "X",
        "easting_field": "Y",
        "ref_field": "Ma_ho",
    }
    files = {"file": (workbook.name, workbook.read_bytes(), "application/octet-stream")}
    unread = site.client.post(
        "/console/import", files=files, data={**settings, "name_field": "Ten"}
    )
    assert unread.status_code == 200 and 'id="unread"' in unread.text and "Ten" in unread.text
    first = re.search(r"/console/import/([\w-]+)/revise", unread.text)
    assert first is not None
    revised = site.client.post(
        f"/console/import/{first[1]}/revise", data={**settings, "name_field": "Chu_ho"}
    )
    assert revised.status_code == 200 and 'id="preview"' in revised.text
    assert 'id="bad-rows"' not in revised.text and 'value="Chu_ho"' in revised.text
    second = re.search(r"/console/import/([\w-]+)/revise", revised.text)
    assert second is not None and second[1] != first[1]  # each preview its own id


def test_an_admin_of_several_communes_chooses_one(site: Site) -> None:
    add_commune(site.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t")
    _officer_session(site, name="An", role="admin")
    home = site.client.get("/console")
    assert "xã Khác" in home.text and site.commune.name in home.text
    for href in sorted(set(_links(home.text))):
        assert site.client.get(href.replace("&amp;", "&")).status_code == 200, href
    form = site.client.get("/console/import")
    assert 'name="commune"' in form.text and "xã Khác" in form.text
    token = bearer(site.token("Bình", "admin"))
    status, doc = _upload(site, BAD_ROWS, token, target="points")
    assert status == 422 and doc["error"]["code"] == "commune.ambiguous"
    status, doc = _upload(site, BAD_ROWS, token, target="points", commune="xã Khác")
    assert status == 422 and doc["error"]["code"] == "import.no_villages"  # that commune's


def test_the_import_proposes_vn2000_for_a_cadastral_sheet(site: Site) -> None:
    csrf = _officer_session(site)
    workbook = DATA / "ho_gia_dinh.xlsx"
    files = {"file": (workbook.name, workbook.read_bytes(), "application/octet-stream")}
    data = {"csrf_token": csrf, "target": "points", "name_field": "Chu_ho", "ref_field": "Ma_ho"}
    unread = site.client.post("/console/import", files=files, data=data)
    assert 'id="proposal"' in unread.text and "EPSG:9209" in unread.text
    hidden = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', unread.text))
    assert hidden["northing_field"] == "X" and hidden["easting_field"] == "Y"
    assert hidden["name_field"] == "Chu_ho"  # the officer's own settings kept
    action = re.search(r'action="(/console/import/[\w-]+/revise)[^"]*" id="proposal"', unread.text)
    assert action is not None
    accepted = site.client.post(action[1], data=hidden)
    assert accepted.status_code == 200 and 'id="preview"' in accepted.text
    assert 'id="bad-rows"' not in accepted.text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_proposal_page_speaks_one_language(site: Site, lang: str) -> None:
    csrf = _officer_session(site)
    workbook = DATA / "ho_gia_dinh.xlsx"
    files = {"file": (workbook.name, workbook.read_bytes(), "application/octet-stream")}
    data = {"csrf_token": csrf, "target": "points"}
    page = site.client.post(f"/console/import?lang={lang}", files=files, data=data)
    assert 'id="proposal"' in page.text
    names = [workbook.name, "Chu_ho", "Ma_ho", "WGS 84", "“X”", "“Y”", "X", "Y"]
    text = page_text(page.text)
    found = (
        english_lines(text, names=names) if lang == "vi" else vietnamese_lines(text, names=names)
    )
    assert found == []
