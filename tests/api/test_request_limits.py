"""Request limits before any work (issue 19, findings 2 and 3): a body over its route's limit is
refused 413 unread (announced) or at the first chunk over (chunked), before authentication; a
JSON body nested too deep is 422, never a RecursionError; an id or cursor beyond any row's is
404/422, never an OverflowError; and every route of the OpenAPI, sent its worst input, answers
without a 5xx."""

from __future__ import annotations

import asyncio
import base64
import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.web.request_limits import DEFAULT_BODY_BYTES, body_limit, json_too_deep
from tests.api.conftest import VILLAGE, Site, bearer

SQLITE = pytest.mark.parametrize("backend", ["sqlite"])  # limits act before any database
MB = 1024 * 1024


def _call(
    site: Site, path: str, chunks: list[bytes], headers: dict[str, str]
) -> tuple[int, dict[str, Any], int]:
    """POST ``chunks`` straight to the ASGI app: the status, the JSON answer and how many
    chunks the app pulled from the client."""
    pulled = 0
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        if pulled > len(chunks):
            await asyncio.sleep(3600)  # the client waits; a server that keeps reading hangs
        return {
            "type": "http.request",
            "body": chunks[pulled - 1],
            "more_body": pulled < len(chunks),
        }

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("127.0.0.1", 5000),
        "server": ("testserver", 80),
    }
    asyncio.run(asyncio.wait_for(site.client.app(scope, receive, send), 10))  # type: ignore[arg-type]
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], json.loads(body), pulled


@SQLITE
def test_a_50_mb_body_announced_is_refused_before_it_is_read(site: Site) -> None:
    """Finding 2: ten such bodies grew the server by half a gigabyte, and answered 401 only
    after parsing them. Now not one byte is pulled and authentication never runs (413 before
    the 401 it would answer)."""
    path = f"/api/points/{site.code_in(VILLAGE)}/reports"
    headers = {"content-type": "application/json", "content-length": str(50 * MB)}
    status, answer, pulled = _call(site, path, [b"{" * MB] * 50, headers)
    assert (status, answer["error"]["code"], pulled) == (413, "too_large", 0)
    assert "64 KB" in answer["error"]["message"]


@SQLITE
def test_a_chunked_body_is_refused_at_the_first_chunk_over(site: Site) -> None:
    path = f"/api/points/{site.code_in(VILLAGE)}/reports"
    chunk = b" " * (16 * 1024)
    status, answer, pulled = _call(site, path, [chunk] * 3200, {"content-type": "text/plain"})
    assert (status, answer["error"]["code"]) == (413, "too_large")
    assert pulled == DEFAULT_BODY_BYTES // len(chunk) + 1  # 80 KB read of 50 MB


def test_each_route_has_its_limit() -> None:
    assert body_limit("/api/points/18112000011/reports") == 64 * 1024
    assert body_limit("/api/points/18112000011/installations") == 6 * MB
    assert body_limit("/api/imports") > 50 * MB
    assert body_limit("/console/import") > 50 * MB
    assert body_limit("/api/imports/abc/commit") == 64 * 1024


@SQLITE
def test_a_photo_route_takes_more_than_a_json_route(site: Site) -> None:
    token = bearer(site.volunteer_token())
    code = site.code_in(VILLAGE)
    note = {"reason": "damaged", "note": "x" * 100_000}
    r = site.client.post(f"/api/points/{code}/reports", json=note, headers=token)
    assert r.status_code == 413 and r.json()["error"]["code"] == "too_large"
    assert "KB" in site.client.post("/console/volunteers?lang=en", content=b"x" * 70_000).text


@SQLITE
@pytest.mark.parametrize("depth", [33, 20_000, 200_000])
def test_json_nested_too_deep_is_422_not_a_recursion_error(site: Site, depth: int) -> None:
    token = bearer(site.volunteer_token())
    code = site.code_in(VILLAGE)
    deep = b"[" * depth + b"]" * depth
    for route in ("reports", "installations"):
        r = site.client.post(
            f"/api/points/{code}/{route}?lang=en",
            content=deep,
            headers={**token, "content-type": "application/json"},
        )
        assert r.status_code in (413, 422), (route, depth, r.status_code)
        if len(deep) <= body_limit(f"/api/points/{code}/{route}"):
            assert r.json()["error"]["code"] == "invalid_body"
            assert "32" in r.json()["error"]["message"]


def test_json_depth_ignores_brackets_in_strings() -> None:
    assert not json_too_deep(json.dumps({"note": "[" * 100 + "{" * 100}).encode())
    assert not json_too_deep(json.dumps([[[["a"]]]] * 50).encode())
    assert json_too_deep(json.dumps({"a": [[[[[[1]]]]]]}).encode(), limit=5)
    assert not json_too_deep(json.dumps({"a": [[[[1]]]]}).encode(), limit=5)
    assert not json_too_deep(b'["\\"[[[[[[[[", "]"]', limit=2)


def _cursor(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


@SQLITE
def test_integers_beyond_any_row_are_refused_not_500(site: Site) -> None:
    """Finding 3: an OverflowError each, unauthenticated."""
    big = "99999999999999999999999"
    for cursor in ("p:99999999999999999999", "p:9223372036854775808", "p:" + "9" * 5000):
        r = site.client.get("/api/points", params={"cursor": _cursor(cursor)})
        assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_cursor"
    r = site.client.post(f"/api/reports/{big}/close", json={"note": "x"})
    assert r.status_code == 401
    officer = bearer(site.token("Minh", "officer"))
    r = site.client.post(f"/api/reports/{big}/close", json={"note": "x"}, headers=officer)
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    r = site.client.get(f"/api/batches/{big}/files/plates.pdf", headers=officer)
    assert r.status_code == 404


#: The worst values of a path or query parameter: too large, negative, not a number, control
#: characters, a traversal, very long, non-ASCII.
WORST = ("99999999999999999999999", "-1", "0", "%00", "..%2F..%2Fetc", "x" * 3000, "ĐỊA%20CHỈ")
WORST_BODIES: tuple[bytes, ...] = (
    b"[" * 30_000 + b"]" * 30_000,
    b"\xff\xfe not utf-8",
    b'{"note": 1e999, "reason": null, "lat": "NaN", "lon": 1e308, "accuracy_m": -0}',
    json.dumps({"note": "\x00" * 1000, "skip_bad": "x", "village": ["a"]}).encode(),
)


def _paths(site: Site) -> list[tuple[str, str]]:
    spec = site.client.get("/openapi.json").json()
    return [(m.upper(), p) for p, ops in spec["paths"].items() for m in ops]


@SQLITE
def test_every_route_of_the_openapi_survives_its_worst_input(site: Site) -> None:
    """Each route, each worst value in every path and query parameter, signed out and as an
    officer, with one of the worst bodies in turn (every body meets every route)."""
    client = TestClient(site.client.app, raise_server_exceptions=False)
    officer = bearer(site.token("Minh", "officer"))
    failures = []
    for method, template in _paths(site):
        for i, value in enumerate(WORST):
            path = re.sub(r"\{[^}]+\}", value, template)
            query = {q: value for q in ("cursor", "limit", "bbox", "commune", "zoom", "open")}
            body = WORST_BODIES[i % len(WORST_BODIES)] if method != "GET" else b""
            for headers in ({}, officer):
                r = client.request(
                    method,
                    path,
                    params=query,
                    content=body,
                    headers={**headers, "content-type": "application/json"},
                )
                if r.status_code >= 500:
                    failures.append((method, path[:60], r.status_code, body[:20]))
    assert failures == []
