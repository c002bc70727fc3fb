"""Which language the web speaks: the address page in the registry's language whatever the phone's,
with a link to the other; other pages and the API's messages as the reader asks."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from api.web.app import create_app
from gis.settings import load_settings
from tests.api.conftest import SECRET, VILLAGE, Site
from tests.language import english_lines, page_text, vietnamese_lines

ENGLISH_PHONE = {"Accept-Language": "en-US,en;q=0.9"}


def _switch(html: str) -> str:
    found = re.search(r'<a class="lang" id="switch-lang" href="([^"]+)"', html)
    assert found, "no link to the other language"
    return found.group(1).replace("&amp;", "&")


def test_the_address_page_is_vietnamese_on_an_english_phone(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.get(f"/A/{code}", headers=ENGLISH_PHONE)
    assert r.status_code == 200 and '<html lang="vi">' in r.text
    assert "Mã địa chỉ số" in r.text and english_lines(page_text(r.text)) == []
    assert "Accept-Language" not in r.headers["vary"]  # the phone's language changes nothing
    switch = _switch(r.text)
    assert switch == f"/A/{code}?lang=en"
    english = site.client.get(switch, headers=ENGLISH_PHONE)
    assert '<html lang="en">' in english.text and "Digital address code" in english.text
    assert _switch(english.text) == f"/A/{code}?lang=vi"


def test_the_switch_survives_the_redirect_of_a_grouped_code(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.get(f"/a/{code[:5]}-{code[5:10]}-{code[10]}?lang=en", headers=ENGLISH_PHONE)
    assert r.status_code == 200 and '<html lang="en">' in r.text


def test_an_unknown_code_from_a_plate_answers_in_vietnamese(site: Site) -> None:
    r = site.client.get("/A/18112999990", headers=ENGLISH_PHONE)
    assert r.status_code == 404 and '<html lang="vi">' in r.text
    assert vietnamese_lines(page_text(r.text))


def test_other_pages_follow_the_browser_and_lang_wins(site: Site) -> None:
    assert '<html lang="en">' in site.client.get("/dashboard", headers=ENGLISH_PHONE).text
    assert '<html lang="vi">' in site.client.get("/dashboard").text
    chosen = site.client.get("/dashboard?lang=vi", headers=ENGLISH_PHONE).text
    assert '<html lang="vi">' in chosen


def test_the_switch_keeps_the_other_query_parameters(site: Site) -> None:
    html = site.client.get("/dashboard?commune=x%C3%A3+Th%E1%BA%A1ch+B%C3%ACnh").text
    assert _switch(html) == "/dashboard?commune=x%C3%A3+Th%E1%BA%A1ch+B%C3%ACnh&lang=en"


def test_api_messages_follow_the_request(site: Site) -> None:
    url = "/api/points?bbox=1,2,3"
    plain = site.client.get(url).json()["error"]
    english = site.client.get(url, headers=ENGLISH_PHONE).json()["error"]
    chosen = site.client.get(url + "&lang=vi", headers=ENGLISH_PHONE).json()["error"]
    assert plain["code"] == english["code"] == chosen["code"] == "invalid_bbox"
    assert english_lines(english["message"]) and vietnamese_lines(english["message"]) == []
    assert vietnamese_lines(plain["message"]) and english_lines(plain["message"]) == []
    assert chosen["message"] == plain["message"]


def test_body_and_query_problems_are_worded_in_the_request_language(site: Site) -> None:
    r = site.client.get("/api/points?limit=0")
    assert r.json()["error"]["code"] == "invalid_body"
    assert r.json()["error"]["message"] == "limit: phải từ 1 trở lên"
    r = site.client.get("/api/points?limit=0", headers=ENGLISH_PHONE)
    assert r.json()["error"]["message"] == "limit: expected at least 1"


def test_an_unknown_route_is_refused_in_the_request_language(site: Site) -> None:
    r = site.client.get("/api/nowhere", headers=ENGLISH_PHONE)
    assert r.status_code == 404 and r.json()["error"] == {
        "code": "not_found",
        "message": "no such page",
    }
    assert site.client.get("/api/nowhere").json()["error"]["message"] == "không có trang này"


def test_the_registry_language_is_the_default(site: Site) -> None:
    """DIACHISO_LANG=en: pages and messages without ?lang= or a browser's choice are English,
    the address page included; ?lang= still wins."""
    settings = load_settings(database_url=site.db_url, env="test", secret_key=SECRET, lang="en")
    with TestClient(create_app(settings, registry=site.registry)) as client:
        code = site.code_in(VILLAGE)
        assert '<html lang="en">' in client.get(f"/A/{code}").text
        assert '<html lang="vi">' in client.get(f"/A/{code}?lang=vi").text
        refusal = client.get("/api/points?bbox=1,2,3").json()["error"]
        assert vietnamese_lines(refusal["message"]) == [] and english_lines(refusal["message"])
        assert (
            '<html lang="vi">' in client.get("/dashboard", headers={"Accept-Language": "vi"}).text
        )
