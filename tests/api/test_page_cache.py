"""The worker's short memory of public pages (api/web/pagecache.py): a public address page is
answered from it until a write through the app (or its time) ends it; a signed-in user's page
is never kept; the kept map page carries the nonce its CSP names."""

from __future__ import annotations

import re

import pytest

from api.web.pagecache import PageCache
from gis.registry.points import retire_point
from tests.api.conftest import VILLAGE, Site, bearer

RETIRED = 'id="retired"'


def test_a_public_page_is_kept_until_a_write_through_the_app(site: Site) -> None:
    code, other = site.code_in(VILLAGE), site.code_in(VILLAGE, offset=1)
    assert RETIRED not in site.client.get(f"/A/{code}").text
    # Retired behind the app's back (as a command beside the server would): the kept page
    # still answers, for its few seconds.
    retire_point(site.registry, site.commune, code, reason="demolished", actor="t")
    assert RETIRED not in site.client.get(f"/A/{code}").text
    # A write through this worker forgets every kept page at once.
    token = site.volunteer_token()
    answer = site.client.post(
        f"/api/points/{other}/reports", json={"reason": "other"}, headers=bearer(token)
    )
    assert answer.status_code == 201
    assert RETIRED in site.client.get(f"/A/{code}").text


def test_a_signed_in_page_is_never_kept(site: Site) -> None:
    code = site.code_in(VILLAGE)
    site.signed_in()
    assert RETIRED not in site.client.get(f"/A/{code}").text
    retire_point(site.registry, site.commune, code, reason="demolished", actor="t")
    assert RETIRED in site.client.get(f"/A/{code}").text


def test_the_kept_map_page_carries_the_nonce_its_csp_names(site: Site) -> None:
    # The kept page has a slot for the nonce; each answer fills it with the one its CSP names
    # (derived from the page's ETag, so that a proxy's stored copy stays valid).
    pages = [site.client.get("/map") for _ in range(2)]
    for page in pages:
        assert page.status_code == 200
        nonce = re.search(r"'nonce-([^']+)'", page.headers["content-security-policy"])
        assert nonce is not None
        found = set(re.findall(r'nonce="([^"]+)"', page.text))
        assert found == {nonce.group(1)}  # every inline script carries this answer's nonce
        assert "slot-" not in page.text
    assert pages[0].text == pages[1].text


def test_the_cache_is_bounded_and_forgets_with_time(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("api.web.pagecache.time.monotonic", lambda: clock[0])
    cache = PageCache(ttl=30, size=3)
    for i in range(5):
        cache.put(f"/A/{i}", f"page {i}")
    assert len(cache) == 3 and cache.get("/A/0") is None and cache.get("/A/4") == "page 4"
    cache.get("/A/2")  # used: the least recently used is now /A/3
    cache.put("/A/5", "page 5")
    assert cache.get("/A/3") is None and cache.get("/A/2") == "page 2"
    clock[0] += 31
    assert cache.get("/A/2") is None
