"""The cheapest answer the app gives: a public address page that this worker already sent,
sent again as it left the app (issue 19, finding 11; the load benchmark's /A/{code} p99).

A kept page (api/web/pagecache.py) still went through routing, FastAPI's parameter solving,
the response's headers and every middleware, which re-digested its body for the ETag: about
100 µs of Python for a page whose answer never changes while it is kept. :class:`ReplayKept`,
the outermost middleware, records that answer the first time it goes out and, while the page
is kept, answers the same request from the record: the same status, headers (the ETag, the
security headers, the page's own Cache-Control and CSP) and body, or the same 304 to an
``If-None-Match`` that names its ETag. The record lives in the page's own cache entry, so it
expires, is dropped by a write (``ForgetOnWrite``) and is bounded exactly as the page is.

Only what the address route itself would answer from its cache is replayed: a GET (a HEAD
carries no ETag) without credentials (a signed-in user's page is never kept) and without a
body (the request limits stay in charge of bodies), whose route marked the answer as its kept
page under the same key."""

from __future__ import annotations

from api.web.caching import matches_etag
from api.web.pagecache import KeptAnswer, PageCache
from api.web.security import SESSION_COOKIE, ASGIApp, HttpMiddleware, Message, Receive, Scope, Send

__all__ = ["KEPT_SCOPE", "ReplayKept", "kept_key"]

#: The scope key under which a route names the kept page it answered with: ``(key, page)``.
KEPT_SCOPE = "diachiso.kept"
_BODY_HEADERS = frozenset({b"content-length", b"content-type"})  # what a 304 leaves out


def kept_key(scope: Scope) -> str:
    """The page cache's key of a request: its path and query as they came."""
    return f"{scope['path']}?{scope.get('query_string', b'').decode('latin-1')}"


def _plain_get(scope: Scope, prefix: str) -> tuple[bool, str | None]:
    """Whether the request is an anonymous GET under ``prefix`` without a body, and its
    If-None-Match (one pass over the raw headers, which ASGI gives lower-cased)."""
    if scope["method"] != "GET" or not scope["path"].startswith(prefix):
        return False, None
    if_none_match = None
    for name, value in scope["headers"]:
        if name == b"authorization" or name == b"transfer-encoding":
            return False, None
        if name == b"cookie" and SESSION_COOKIE.encode() in value:
            return False, None
        if name == b"content-length" and value.strip() != b"0":
            return False, None
        if name == b"if-none-match" and if_none_match is None:
            if_none_match = value.decode("latin-1")
    return True, if_none_match


class ReplayKept(HttpMiddleware):
    """Pure ASGI middleware (module docstring): replays kept pages under ``prefix``."""

    def __init__(self, app: ASGIApp, *, pages: PageCache, prefix: str = "/A/") -> None:
        super().__init__(app)
        self.pages = pages
        self.prefix = prefix

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        plain, if_none_match = _plain_get(scope, self.prefix)
        if not plain:
            await self.app(scope, receive, send)
            return
        key = kept_key(scope)
        answer = self.pages.answer(key)
        if answer is None:
            await self.app(scope, receive, self._recording(scope, key, send))
            return
        if matches_etag(if_none_match, answer.etag):
            headers = [h for h in answer.headers if h[0] not in _BODY_HEADERS]
            await send({"type": "http.response.start", "status": 304, "headers": headers})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": answer.headers})
        await send({"type": "http.response.body", "body": answer.body})

    def _recording(self, scope: Scope, key: str, send: Send) -> Send:
        """``send``, keeping a copy of a 200 answer that the route made from its kept page."""
        headers: list[tuple[bytes, bytes]] | None = None
        body = bytearray()

        async def send_recorded(message: Message) -> None:
            nonlocal headers
            await send(message)
            if message["type"] == "http.response.start":
                if message["status"] == 200:
                    headers = list(message.get("headers", []))
                return
            if headers is None or message["type"] != "http.response.body":
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            kept = scope.get(KEPT_SCOPE)
            etag = next((v for k, v in headers if k == b"etag"), None)
            if kept is not None and kept[0] == key and etag is not None:
                answer = KeptAnswer(headers, bytes(body), etag.decode("latin-1"))
                self.pages.attach(key, kept[1], answer)

        return send_recorded
