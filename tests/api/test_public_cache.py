"""Issue 19, finding 9: links come from PUBLIC_URL, never from the request's Host; public pages
and GeoJSON carry Cache-Control and an ETag and answer 304 to If-None-Match; what a signed-in
user reads stays private, no-store."""

from __future__ import annotations

import pytest

from tests.api.conftest import VILLAGE, Site, bearer

SQLITE = pytest.mark.parametrize("backend", ["sqlite"])
PUBLIC_URL = "http://127.0.0.1:8000"  # the tests' setting (the default)
EVIL = {"Host": "evil.example"}


@SQLITE
def test_links_follow_public_url_not_host(site: Site) -> None:
    r = site.client.get("/api/points?limit=1&kind=household", headers=EVIL)
    (link,) = r.json()["links"]
    assert link["href"].startswith(f"{PUBLIC_URL}/api/points?")
    assert "cursor=" in link["href"] and "kind=household" in link["href"]
    assert "evil" not in r.text
    r = site.client.get("/api/points/", headers=EVIL, follow_redirects=False)
    assert r.status_code in (307, 308)
    assert r.headers["location"] == f"{PUBLIC_URL}/api/points"


def _public_routes(site: Site) -> list[str]:
    code = site.code_in(VILLAGE)
    return [
        f"/A/{code}",
        f"/api/points/{code}",
        "/api/points?limit=5",
        "/api/villages",
        "/api/coverage",
        "/api/map/features?bbox=105.8,18.2,106.0,18.4&zoom=10",
        "/map",
        "/map?lang=en",
    ]


@SQLITE
def test_public_answers_are_tagged_and_revalidated(site: Site) -> None:
    for path in _public_routes(site):
        first = site.client.get(path)
        assert first.status_code == 200, path
        assert first.headers["cache-control"].startswith("public, max-age="), path
        etag = first.headers["etag"]
        again = site.client.get(path, headers={"If-None-Match": etag})
        assert again.status_code == 304 and again.content == b"", path
        assert again.headers["etag"] == etag, path
        csp = first.headers["content-security-policy"]
        assert again.headers["content-security-policy"] == csp, path  # the stored page's nonce
        stale = site.client.get(path, headers={"If-None-Match": '"other"'})
        assert stale.status_code == 200 and len(stale.content) > 0, path  # (the map: new ids)


@SQLITE
def test_a_change_makes_a_new_tag(site: Site) -> None:
    code = site.code_in(VILLAGE)
    before = site.client.get("/api/coverage").headers["etag"]
    page = site.client.get(f"/A/{code}").headers["etag"]
    lat, lon = site.position(site.plate(code))
    body = {"lat": lat, "lon": lon, "accuracy_m": 5}
    r = site.client.post(
        f"/api/points/{code}/installations", json=body, headers=bearer(site.volunteer_token())
    )
    assert r.status_code == 201
    assert site.client.get("/api/coverage").headers["etag"] != before
    assert site.client.get(f"/A/{code}").headers["etag"] != page


@SQLITE
def test_what_a_signed_in_user_reads_stays_private(site: Site) -> None:
    code = site.code_in(VILLAGE)
    officer = bearer(site.token("Minh", "officer"))
    for path in ("/api/review", "/api/reports", "/api/stale", "/api/users", "/api/batches"):
        r = site.client.get(path, headers=officer)
        assert r.status_code == 200, path
        assert r.headers["cache-control"] == "private, no-store", path
        assert "etag" not in r.headers, path
    site.signed_in()
    r = site.client.get(f"/A/{code}")
    assert r.headers["cache-control"] == "private, no-store" and "etag" not in r.headers
