"""The home page's code lookup box: a typed code leads to its address page; a malformed one, or
one whose check digit does not match, is said so on the home page, never resolved."""

from __future__ import annotations

import pytest

from tests.api.conftest import VILLAGE, Site


def test_the_home_page_has_the_box(site: Site) -> None:
    html = site.client.get("/").text
    assert '<form id="lookup" method="get" action="/lookup">' in html
    assert 'name="code"' in html and "Tra cứu mã địa chỉ số" in html
    assert "Look up a digital address code" in site.client.get("/?lang=en").text


@pytest.mark.parametrize("form", ["grouped", "dotted", "plain", "spaced"])
def test_a_typed_code_leads_to_its_page(site: Site, form: str) -> None:
    code = site.code_in(VILLAGE)
    typed = {
        "grouped": f"{code[:5]} {code[5:10]} {code[10]}",
        "dotted": f"{code[:5]}.{code[5:10]}.{code[10]}",
        "plain": code,
        "spaced": f"  {code[:5]}   {code[5:]} ",
    }[form]
    r = site.client.get("/lookup", params={"code": typed}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/A/{code}"
    assert site.client.get("/lookup", params={"code": typed}).status_code == 200


def test_the_language_chosen_goes_along(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.get("/lookup", params={"code": code, "lang": "en"}, follow_redirects=False)
    assert r.headers["location"] == f"/A/{code}?lang=en"


def test_the_national_form_goes_to_its_unverified_page(site: Site) -> None:
    code = site.code_in(VILLAGE)
    r = site.client.get("/lookup", params={"code": code[:10]}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/A/{code[:10]}"


def test_a_wrong_check_digit_is_said_so_on_the_home_page(site: Site) -> None:
    code = site.code_in(VILLAGE)
    typo = code[:10] + str((int(code[10]) + 1) % 10)
    r = site.client.get("/lookup", params={"code": typo}, follow_redirects=False)
    assert r.status_code == 200
    assert "chữ số kiểm tra không khớp" in r.text and f'value="{typo}"' in r.text
    assert 'role="alert"' in r.text and 'aria-invalid="true"' in r.text
    english = site.client.get("/lookup", params={"code": typo, "lang": "en"})
    assert "check digit does not match" in english.text


@pytest.mark.parametrize(("typed", "words"), [
    ("1811200", "không phải là mã địa chỉ số"),
    ("<script>alert(1)</script>", "không phải là mã địa chỉ số"),
    ("", "Hãy gõ mã địa chỉ số"),
])  # fmt: skip
def test_a_malformed_code_is_said_so(site: Site, typed: str, words: str) -> None:
    r = site.client.get("/lookup", params={"code": typed}, follow_redirects=False)
    assert r.status_code == 200 and words in r.text
    assert "<script>alert" not in r.text  # the typed text is escaped
