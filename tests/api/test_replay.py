"""A kept address page's answer replayed as it first left the app (api/web/replay.py): the same
status, headers and body (or the same 304), without running the route; never for a signed-in
user, a request with a body or after the page is forgotten."""

from __future__ import annotations

import pytest

from api.web.pagecache import PageCache
from api.web.routes import address
from gis.registry.points import retire_point
from tests.api.conftest import VILLAGE, Site

RETIRED = 'id="retired"'


def _pages(site: Site) -> PageCache:
    pages: PageCache = site.client.app.state.diachiso.pages  # type: ignore[attr-defined]
    return pages


def _route_unusable(monkeypatch: pytest.MonkeyPatch) -> None:
    """From now on the route itself fails: only a replayed answer can succeed."""

    def broken(code: str) -> None:
        raise AssertionError("the route ran")

    monkeypatch.setattr(address, "parse_code", broken)


def test_a_kept_page_is_replayed_with_the_same_headers_and_body(
    site: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = site.code_in(VILLAGE)
    first = site.client.get(f"/A/{code}?lang=en")
    assert first.status_code == 200 and "etag" in first.headers
    _route_unusable(monkeypatch)
    again = site.client.get(f"/A/{code}?lang=en")
    assert again.status_code == 200
    assert again.headers.raw == first.headers.raw  # security headers, CSP, ETag, in order
    assert again.content == first.content
    # The same 304 as the full stack gives (PublicCache): no body, no content headers.
    monkeypatch.undo()
    _pages(site).clear()
    etag = {"if-none-match": first.headers["etag"]}
    routed = site.client.get(f"/A/{code}?lang=en", headers=etag)
    assert routed.status_code == 304
    site.client.get(f"/A/{code}?lang=en")  # kept and recorded again
    _route_unusable(monkeypatch)
    replayed = site.client.get(f"/A/{code}?lang=en", headers=etag)
    assert (replayed.status_code, replayed.content) == (304, b"")
    assert replayed.headers.raw == routed.headers.raw


def test_a_replay_ends_with_its_page(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [1000.0]
    monkeypatch.setattr("api.web.pagecache.time.monotonic", lambda: clock[0])
    code = site.code_in(VILLAGE)
    for _ in range(2):
        assert RETIRED not in site.client.get(f"/A/{code}").text
    retire_point(site.registry, site.commune, code, reason="demolished", actor="t")
    assert RETIRED not in site.client.get(f"/A/{code}").text  # replayed, for its seconds
    clock[0] += 31  # the page's 30 s are over: the route renders it anew
    assert RETIRED in site.client.get(f"/A/{code}").text


def test_no_replay_for_credentials_or_a_body(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    code = site.code_in(VILLAGE)
    public = site.client.get(f"/A/{code}")
    site.client.get(f"/A/{code}")
    _route_unusable(monkeypatch)
    # A body announced over the limit is still refused by the request limits, unread.
    big = site.client.get(f"/A/{code}", headers={"content-length": str(10**8)})
    assert big.status_code == 413
    # Credentials reach the route: a wrong token is refused there, not given the kept page.
    wrong = site.client.get(f"/A/{code}", headers={"authorization": "Bearer nothing"})
    assert wrong.status_code == 401
    monkeypatch.undo()
    site.signed_in()
    mine = site.client.get(f"/A/{code}")
    assert mine.headers["cache-control"] == "private, no-store"
    assert mine.content != public.content  # the signed-in page, not the kept public one
