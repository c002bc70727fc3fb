"""Sign-in links, sessions, tokens and revocation."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from api.web.app import create_app
from api.web.security import SESSION_COOKIE
from gis.field.accounts import LINK_LIFETIME, add_user, revoke_user
from gis.settings import load_settings
from tests.api.conftest import SECRET, VILLAGE, Site, bearer


def _link(site: Site, name: str = "Hoa", lifetime: timedelta = LINK_LIFETIME) -> str:
    new = add_user(
        site.registry,
        site.commune,
        name=name,
        role="volunteer",
        village_names=[VILLAGE],
        actor="t",
        link_lifetime=lifetime,
    )
    assert new.signin_token is not None and new.api_token is None
    return new.signin_token


def test_get_shows_a_button_and_spends_nothing(site: Site) -> None:
    token = _link(site)
    for _ in range(3):  # chat apps and mail clients preview links
        page = site.client.get(f"/signin/{token}")
        assert page.status_code == 200
        assert 'method="post"' in page.text and "Hoa" in page.text
        assert SESSION_COOKIE not in page.headers.get("set-cookie", "")
    r = site.client.post(f"/signin/{token}")
    assert r.status_code == 200 and "Đã đăng nhập: Hoa" in r.text


def test_post_sets_a_strict_session_cookie(site: Site) -> None:
    r = site.client.post(f"/signin/{_link(site)}")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=")
    assert "HttpOnly" in cookie and "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # plain http on localhost
    assert "Hoa" in site.client.get("/").text


def test_cookie_is_secure_behind_https(site: Site) -> None:
    settings = load_settings(
        database_url=site.db_url, env="test", secret_key=SECRET, public_url="https://diachi.vn"
    )
    client = TestClient(create_app(settings, registry=site.registry))
    r = client.post(f"/signin/{_link(site)}")
    assert "Secure" in r.headers["set-cookie"]


def test_a_spent_link_is_refused(site: Site) -> None:
    token = _link(site)
    assert site.client.post(f"/signin/{token}").status_code == 200
    again = site.client.post(f"/signin/{token}")
    assert again.status_code == 401 and "set-cookie" not in again.headers
    assert "đã được dùng" in again.text  # auth.link_spent, in the page's language
    assert site.client.get(f"/signin/{token}").status_code == 401


def test_an_expired_link_is_refused(site: Site) -> None:
    token = _link(site, lifetime=timedelta(seconds=-1))
    r = site.client.get(f"/signin/{token}")
    assert r.status_code == 401 and "đã hết hạn" in r.text  # auth.link_expired
    assert site.client.post(f"/signin/{token}").status_code == 401


def test_a_forged_link_is_refused(site: Site) -> None:
    token = _link(site)
    forged = token[:10] + ("A" if token[10] != "A" else "B") + token[11:]
    assert site.client.post(f"/signin/{forged}").status_code == 401
    assert site.client.post("/signin/short").status_code == 401
    assert site.client.post(f"/signin/{token}").status_code == 200  # still good


def test_sign_in_is_rate_limited(site: Site) -> None:
    settings = load_settings(
        database_url=site.db_url, env="test", secret_key=SECRET, signin_attempts=5
    )
    client = TestClient(create_app(settings, registry=site.registry))
    codes = [client.post("/signin/" + "A" * 42).status_code for _ in range(7)]
    assert codes == [401] * 5 + [429] * 2
    refused = client.get("/signin/" + "A" * 42)
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1


def test_revoking_ends_sessions_and_tokens_at_once(site: Site) -> None:
    csrf = site.signed_in("Hoa")
    new = add_user(
        site.registry,
        site.commune,
        name="Lan",
        role="volunteer",
        village_names=[VILLAGE],
        token=True,
        actor="t",
    )
    assert new.api_token is not None
    code = site.code_in(VILLAGE)
    lat, lon = site.position(code)
    body = {"lat": lat, "lon": lon, "accuracy_m": 5}
    revoke_user(site.registry, name="Hoa", actor="t")
    revoke_user(site.registry, name="Lan", actor="t")
    by_cookie = site.client.post(
        f"/api/points/{code}/installations", json=body, headers={"X-CSRF-Token": csrf}
    )
    assert by_cookie.status_code == 401
    by_token = site.client.post(
        f"/api/points/{code}/installations", json=body, headers=bearer(new.api_token)
    )
    assert by_token.status_code == 401 and "thu hồi" in by_token.json()["error"]["message"]
    assert by_token.json()["error"]["code"] == "auth.revoked"
    assert "Xin chào" not in site.client.get(f"/A/{code}").text  # signed out on pages


def test_revoking_voids_an_unused_link(site: Site) -> None:
    token = _link(site)
    revoke_user(site.registry, name="Hoa", actor="t")
    assert site.client.post(f"/signin/{token}").status_code == 401


def test_officers_get_links_and_tokens_on_request(site: Site) -> None:
    new = add_user(site.registry, site.commune, name="Minh", role="officer", actor="t")
    assert new.signin_token is not None and new.api_token is None
    both = add_user(site.registry, site.commune, name="An", role="officer", token=True, actor="t")
    assert both.signin_token is not None and both.api_token is not None
