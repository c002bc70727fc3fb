"""The console's villages section (issue 15, "Thôn"): the villages with their points and
expected counts; setting an expected count (as `villages set --expected`), renaming a village
from a date (the CLI's dated rename); who may (401 signed out, 403 a volunteer or another
commune's officer, 422 in the catalog's words)."""

from __future__ import annotations

import html

from sqlalchemy import select

from addrgen.catalog import message
from gis.storage.schema import villages
from tests.api.conftest import VILLAGE, Site, bearer
from tests.api.test_console import _officer_session
from tests.api.test_console_followup import _stranger


def _village(site: Site, name: str) -> dict[str, object] | None:
    with site.registry.read() as conn:
        row = conn.execute(select(villages).where(villages.c.name == name)).first()
    return None if row is None else dict(row._mapping)


def test_the_villages_section_needs_an_officer_of_the_commune(site: Site) -> None:
    volunteer = bearer(site.volunteer_token("Hạnh"))
    stranger = _stranger(site)
    mine = {"commune": site.commune.name}
    assert site.client.get("/console/villages").status_code == 401
    assert site.client.get("/console/villages", headers=volunteer).status_code == 403
    r = site.client.get("/console/villages", params=mine, headers=stranger)
    assert r.status_code == 403
    said = message("auth.commune_not_allowed", "vi", user="Lạ", commune=site.commune.name)
    assert said in html.unescape(r.text)
    expected = {**mine, "village": VILLAGE, "expected": "5"}
    rename = {**mine, "village": VILLAGE, "to": "Tây Bắc Mới", "effective": "2026-01-01"}
    for url, form in (
        ("/console/villages/expected", expected),
        ("/console/villages/rename", rename),
    ):
        assert site.client.post(url, data=form).status_code == 401
        assert site.client.post(url, data=form, headers=volunteer).status_code == 403
        assert site.client.post(url, data=form, headers=stranger).status_code == 403
    village = _village(site, VILLAGE)
    assert village is not None and village["expected"] != 5


def test_the_officer_sets_an_expected_count_and_renames_a_village(site: Site) -> None:
    csrf = _officer_session(site)
    r = site.client.get("/console/villages")
    assert r.status_code == 200 and f'data-village="{VILLAGE}"' in r.text
    assert 'href="/console/import?lang=vi"' in r.text  # outlines: the import section
    form = {"csrf_token": csrf, "commune": site.commune.name, "village": VILLAGE}
    r = site.client.post("/console/villages/expected", data={**form, "expected": "321"})
    assert r.status_code == 200, r.text
    assert "Đã lưu số địa chỉ dự kiến" in r.text
    village = _village(site, VILLAGE)
    assert village is not None and village["expected"] == 321
    renamed = {**form, "to": "  Tây  Bắc Mới ", "effective": "2026-07-01"}
    r = site.client.post("/console/villages/rename", data=renamed)
    assert r.status_code == 200, r.text
    assert "Tây Bắc Mới" in r.text and _village(site, VILLAGE) is None
    moved = _village(site, "Tây Bắc Mới")
    assert moved is not None and moved["expected"] == 321
    assert 'data-village="Tây Bắc Mới"' in r.text


def test_bad_village_forms_are_refused_in_the_catalogs_words(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    form = {"village": VILLAGE}
    r = site.client.post(
        "/console/villages/expected", data={**form, "expected": "-3"}, headers=officer
    )
    assert r.status_code == 422
    assert message("village.bad_expected", "vi", value="-3") in html.unescape(r.text)
    r = site.client.post(
        "/console/villages/rename",
        data={**form, "to": "Mới", "effective": "1/7/2026"},
        headers=officer,
    )
    assert r.status_code == 422
    said = message("date.invalid", "vi", value="1/7/2026", expected="YYYY-MM-DD")
    assert said in html.unescape(r.text)
    r = site.client.post(
        "/console/villages/rename",
        data={**form, "to": "Thôn 🌾", "effective": "2026-07-01"},
        headers=officer,
    )
    assert r.status_code == 422 and _village(site, VILLAGE) is not None
    r = site.client.post(
        "/console/villages/expected", data={"village": "Không Có", "expected": "3"}, headers=officer
    )
    assert r.status_code == 404
