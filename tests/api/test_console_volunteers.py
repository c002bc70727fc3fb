"""The console's volunteers (issue 15): enrolling by the JSON API and the page, the sign-in
cards (rasterised by poppler, their QR codes read by zxing-cpp to links that sign in once),
who confirmed how many, revoking; officers in their commune only, admins anywhere."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from PIL import Image

from api.web.security import SESSION_COOKIE, csrf_token
from gis.field.accounts import add_user
from gis.registry.communes import add_commune
from tests.api.conftest import OTHER_VILLAGE, SECRET, VILLAGE, Site, bearer
from tests.plates.samples import decode_qrs, rasterise


def _officer_session(site: Site, name: str = "Minh") -> str:
    new = add_user(site.registry, site.commune, name=name, role="officer", actor="t")
    assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
    session = site.client.cookies.get(SESSION_COOKIE)
    assert session
    return csrf_token(SECRET, session)


def _stranger(site: Site) -> str:
    """An officer of another commune, with an API token."""
    other = add_commune(
        site.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t"
    )
    new = add_user(site.registry, other, name="Lạ", role="officer", token=True, actor="t")
    assert new.api_token is not None
    return new.api_token


def _enrol(site: Site, headers: dict[str, str], **body: object) -> tuple[int, dict[str, Any]]:
    r = site.client.post("/api/users", json=body, headers=headers)
    return r.status_code, r.json()


def test_enrolling_needs_an_officer_of_the_commune(site: Site) -> None:
    body = {"role": "volunteer", "name": "Lan", "villages": [VILLAGE]}
    assert _enrol(site, {}, **body)[0] == 401
    volunteer = bearer(site.volunteer_token("Hà"))
    status, doc = _enrol(site, volunteer, **body)
    assert status == 403 and doc["error"]["code"] == "auth.officers_only"
    stranger = bearer(_stranger(site))
    status, doc = _enrol(site, stranger, commune=site.commune.name, **body)
    assert status == 403 and doc["error"]["code"] == "auth.commune_not_allowed"
    officer = bearer(site.token("Minh", "officer"))
    status, doc = _enrol(site, officer, **body)
    assert status == 201 and doc["name"] == "Lan" and doc["role"] == "volunteer"
    assert str(doc["signin_url"]).startswith("http") and "/signin/" in str(doc["signin_url"])
    assert site.client.get("/api/users").status_code == 401
    assert site.client.get("/api/users", headers=volunteer).status_code == 403


def test_an_officer_cannot_make_an_admin_but_an_admin_can(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    for role in ("admin", "officer"):
        status, doc = _enrol(site, officer, role=role, name="Sếp")
        assert status == 403 and doc["error"]["code"] == "auth.admins_only"
        assert "quản trị viên" in doc["error"]["message"]
    admin = bearer(site.token("An", "admin"))
    status, doc = _enrol(site, admin, role="officer", name="Sếp")
    assert status == 201 and doc["role"] == "officer"


def test_bad_enrolments_are_refused_with_the_catalogs_words(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    status, doc = _enrol(site, officer, role="volunteer", name="Lan")
    assert status == 422 and doc["error"]["code"] == "user.volunteer_needs_village"
    status, doc = _enrol(site, officer, role="volunteer", name="Lan", villages=["Không Có"])
    # a village the commune lacks: NotFound, as for every name the registry does not hold
    assert status == 404 and "Không Có" in doc["error"]["message"]
    status, doc = _enrol(site, officer, role="chief", name="Lan")
    assert status == 422 and doc["error"]["code"] == "user.bad_role"
    no_name = site.client.post("/api/users", json={"role": "volunteer"}, headers=officer)
    assert no_name.status_code == 422
    _enrol(site, officer, role="volunteer", name="Lan", villages=[VILLAGE])
    status, doc = _enrol(site, officer, role="volunteer", name="Lan", villages=[VILLAGE])
    assert status == 409 and doc["error"]["code"] == "user.exists"


def test_revoking_is_for_the_volunteers_own_officer(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    _enrol(site, officer, role="volunteer", name="Lan", villages=[VILLAGE])
    assert site.client.post("/api/users/Lan/revoke").status_code == 401
    volunteer = bearer(site.volunteer_token("Hà"))
    assert site.client.post("/api/users/Lan/revoke", headers=volunteer).status_code == 403
    r = site.client.post("/api/users/Lan/revoke", headers=bearer(_stranger(site)))
    assert r.status_code == 403 and r.json()["error"]["code"] == "auth.user_not_yours"
    r = site.client.post("/api/users/Minh/revoke", headers=officer)  # an officer, not a volunteer
    assert r.status_code == 403
    assert site.client.post("/api/users/Nobody/revoke", headers=officer).status_code == 404
    r = site.client.post("/api/users/Lan/revoke", headers=officer)
    assert r.status_code == 200 and r.json()["revoked"] is True
    assert site.client.post("/api/users/Hà/revoke", headers=officer).json()["ended"] == 1
    assert site.client.get("/api/users", headers=volunteer).status_code == 401  # revoked


def test_the_list_counts_each_volunteers_confirmations(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    token = site.volunteer_token("Lan")
    site.volunteer_token("Hà", village=OTHER_VILLAGE)
    for offset in (0, 1):
        code = site.code_in(VILLAGE, offset=offset)
        lat, lon = site.position(site.plate(code))
        body = {"lat": lat, "lon": lon, "accuracy_m": 5.0}
        r = site.client.post(f"/api/points/{code}/installations", json=body, headers=bearer(token))
        assert r.status_code in (200, 201), r.text
    doc = site.client.get("/api/users", headers=officer).json()
    by_name = {v["name"]: v for v in doc["volunteers"]}
    assert by_name["Lan"]["confirmed"] == 2 and by_name["Lan"]["villages"] == [VILLAGE]
    assert by_name["Hà"]["confirmed"] == 0 and by_name["Hà"]["last_confirmed"] is None
    assert by_name["Lan"]["flagged"] == 0


def test_cards_carry_links_that_sign_in_once(site: Site, tmp_path: Path) -> None:
    csrf = _officer_session(site)
    form = {"csrf_token": csrf, "village": VILLAGE, "names": "Lan\n  \nHà\n"}
    page = site.client.post("/console/volunteers", data=form)
    assert page.status_code == 200 and 'id="enrolled"' in page.text
    assert "Đã ghi danh 2 đoàn viên: Lan, Hà." in page.text
    cards = site.client.post(
        "/console/volunteers/cards", data={"csrf_token": csrf, "name": ["Lan", "Hà"]}
    )
    assert cards.status_code == 200 and cards.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "cards.pdf"
    pdf.write_bytes(cards.content)
    links = [text for png in rasterise(pdf, tmp_path) for text in decode_qrs(Image.open(png))]
    assert len(links) == 2
    site.client.cookies.clear()  # the volunteers' phones
    for link in links:
        path = urlparse(link).path
        assert path.startswith("/signin/")
        assert site.client.post(path).status_code == 200
        site.client.cookies.clear()
        again = site.client.post(path)
        assert again.status_code == 401 and "đã được dùng" in again.text


def test_a_new_card_voids_the_unused_one(site: Site, tmp_path: Path) -> None:
    officer = bearer(site.token("Minh", "officer"))
    _, doc = _enrol(site, officer, role="volunteer", name="Lan", villages=[VILLAGE])
    first = urlparse(str(doc["signin_url"])).path
    csrf = _officer_session(site, "Hưng")
    cards = site.client.post("/console/volunteers/cards", data={"csrf_token": csrf, "name": "Lan"})
    assert cards.status_code == 200
    site.client.cookies.clear()
    assert site.client.post(first).status_code == 401


def test_the_page_enrols_refuses_and_revokes_in_words(site: Site) -> None:
    csrf = _officer_session(site)
    assert site.client.get("/console/volunteers").status_code == 200
    empty = site.client.post("/console/volunteers", data={"csrf_token": csrf, "village": VILLAGE})
    assert empty.status_code == 422 and "chưa có họ tên nào" in empty.text
    form = {"csrf_token": csrf, "village": VILLAGE, "names": "Lan\nLan"}
    twice = site.client.post("/console/volunteers", data=form)
    assert twice.status_code == 422 and "Lan" in twice.text
    assert 'data-name="Lan"' not in twice.text  # nobody made: the list is checked first
    site.client.post("/console/volunteers", data={**form, "names": "Lan"})
    no_csrf = site.client.post("/console/volunteers/revoke", data={"name": "Lan"})
    assert no_csrf.status_code == 403
    done = site.client.post("/console/volunteers/revoke", data={"csrf_token": csrf, "name": "Lan"})
    assert done.status_code == 200 and 'id="revoked"' in done.text
    assert "Đã thu hồi" in done.text
    none = site.client.post("/console/volunteers/cards", data={"csrf_token": csrf})
    assert none.status_code == 422 and "chưa có họ tên nào" in none.text
    english = site.client.get("/console/volunteers?lang=en")
    assert "Enrol volunteers" in english.text


def test_signed_out_and_volunteers_get_no_page(site: Site) -> None:
    assert site.client.get("/console/volunteers").status_code == 401
    site.signed_in()
    assert site.client.get("/console/volunteers").status_code == 403
