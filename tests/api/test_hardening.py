"""Issue 19, findings 4 and 5: another site cannot sign a visitor into its own account (login
CSRF), production answers carry Strict-Transport-Security, and `serve` announces no server."""

from __future__ import annotations

import re
import secrets
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.web.app import create_app
from api.web.security import SESSION_COOKIE
from api.web.signin_guard import SIGNIN_COOKIE
from gis.field.accounts import add_user
from gis.registry.communes import Commune
from gis.settings import load_settings
from tests.api.conftest import VILLAGE, Site
from tests.conftest import CliRunner

SQLITE = pytest.mark.parametrize("backend", ["sqlite"])
EVIL = "https://evil.example"


def _link(site: Site, name: str = "Hoa") -> str:
    new = add_user(
        site.registry, site.commune, name=name, role="volunteer", village_names=[VILLAGE], actor="t"
    )
    assert new.signin_token is not None
    return new.signin_token


def _form_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page
    return found.group(1)


@SQLITE
@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL},
        {"Referer": f"{EVIL}/trap.html"},
        {"Origin": EVIL, "Referer": f"{EVIL}/trap.html", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null"},  # a sandboxed frame or data: page hides where it is
    ],
)
def test_a_cross_site_signin_is_refused_with_a_clear_page(
    site: Site, headers: dict[str, str]
) -> None:
    token = _link(site)
    r = site.client.post(f"/signin/{token}?lang=en", headers=headers)
    assert r.status_code == 403
    assert "another site" in r.text and "sign-in link again" in r.text
    assert SESSION_COOKIE not in r.cookies and not site.client.cookies.get(SESSION_COOKIE)
    r = site.client.post(f"/signin/{token}", headers={"Origin": "http://testserver"})
    assert r.status_code == 200, "the refused post did not spend the link"


@SQLITE
def test_the_sign_in_page_posts_with_its_cookie_and_token(site: Site) -> None:
    """What a browser does: the page sets the cookie and the form's token; the post carries
    both, and `Origin: null` (the pages' no-referrer policy) is then enough."""
    token = _link(site)
    page = site.client.get(f"/signin/{token}")
    assert page.status_code == 200 and site.client.cookies.get(SIGNIN_COOKIE)
    assert "samesite=strict" in page.headers["set-cookie"].lower()
    form = {"csrf_token": _form_token(page.text)}
    other = _link(site, "Lan")
    r = site.client.post(f"/signin/{other}", data=form, headers={"Origin": "null"})
    assert r.status_code == 403, "the token is bound to its link"
    wrong = {"csrf_token": "0" * 40}
    assert (
        site.client.post(f"/signin/{token}", data=wrong, headers={"Origin": "null"}).status_code
        == 403
    )
    r = site.client.post(f"/signin/{token}", data=form, headers={"Origin": "null"})
    assert r.status_code == 200 and site.client.cookies.get(SESSION_COOKIE)


@SQLITE
@pytest.mark.parametrize("origin", ["http://testserver", "http://127.0.0.1:8000"])
def test_a_post_from_this_site_signs_in(site: Site, origin: str) -> None:
    """The request's own origin, or PUBLIC_URL (the default in tests)."""
    r = site.client.post(f"/signin/{_link(site)}", headers={"Origin": origin})
    assert r.status_code == 200 and site.client.cookies.get(SESSION_COOKIE)


def _production(site: Site, **extra: Any) -> TestClient:
    settings = load_settings(
        database_url=site.db_url,
        env="production",
        public_url="https://diachi.example.vn",
        secret_key=secrets.token_urlsafe(48),
        **extra,
    )
    return TestClient(
        create_app(settings, registry=site.registry), base_url="https://diachi.example.vn"
    )


@SQLITE
def test_production_answers_carry_hsts(site: Site) -> None:
    code = site.code_in(VILLAGE)
    with _production(site) as client:
        for path in (f"/A/{code}", "/api/coverage", "/no/such/page"):
            assert client.get(path).headers["strict-transport-security"] == "max-age=31536000"
    with _production(site, hsts_include_subdomains=True) as client:
        value = client.get(f"/A/{code}").headers["strict-transport-security"]
        assert value == "max-age=31536000; includeSubDomains"
    assert "strict-transport-security" not in site.client.get(f"/A/{code}").headers


@SQLITE
def test_serve_announces_no_server(
    cli: CliRunner, monkeypatch: pytest.MonkeyPatch, db_url: str, commune: Commune
) -> None:
    import uvicorn

    given: dict[str, Any] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: given.update(kw))
    assert cli("serve", "--db", db_url).code == 0
    assert given["server_header"] is False


@SQLITE
def test_the_api_docs_are_local_and_can_be_turned_off(site: Site) -> None:
    for path in ("/docs", "/redoc"):
        r = site.client.get(path)
        assert r.status_code == 200 and "default-src 'self'" in r.headers["content-security-policy"]
        assert "cdn" not in r.text and "fonts.googleapis" not in r.text
        for asset in re.findall(r'(?:src|href)="(/static/[^"]+)"', r.text):
            assert site.client.get(asset).status_code == 200, asset
    with _production(site, api_docs=False) as client:
        assert client.get("/docs").status_code == 404
        assert client.get("/redoc").status_code == 404
        assert client.get("/static/apidocs/swagger-ui-bundle.js").status_code == 404
        assert client.get("/openapi.json").status_code == 200
