"""What public answers say about themselves, so that a CDN or the proxy may cache them and a
client may revalidate them cheaply (issue 19, finding 9), and so that no link in them follows the
request's ``Host`` header (which any client can set).

- :class:`PublicCache`: a 200 answer to a GET that a route marked ``Cache-Control: public`` gets
  an ``ETag`` (a digest of its body) unless the route gave one, and a request whose
  ``If-None-Match`` names it is answered 304 without the body. Every other answer (private,
  no-store, errors) passes untouched, except that an answer to a request with credentials
  that names no Cache-Control gets ``private, no-store``.
- :func:`etag_of` and :func:`not_modified`: for a route whose ETag comes from what it is built
  of (the map page, whose body differs on every render), so that a 304 skips the rendering too.
- :func:`public_link`: an absolute link into this app, always under ``PUBLIC_URL``.
- :class:`PublicLocation` rewrites a redirect's ``Location`` that Starlette made absolute from
  the request's own host (a missing or extra slash) to ``PUBLIC_URL``.
"""

from __future__ import annotations

import hashlib
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request

from api.web.security import (
    SESSION_COOKIE,
    ASGIApp,
    HttpMiddleware,
    Message,
    Receive,
    Scope,
    Send,
)

__all__ = [
    "PUBLIC",
    "PublicCache",
    "PublicLocation",
    "etag_of",
    "matches_etag",
    "not_modified",
    "public_link",
]

#: The Cache-Control of public data (points, villages, coverage): a proxy or CDN may keep it a
#: minute, then revalidates it by its ETag (a confirmation shows within the minute).
PUBLIC = {"Cache-Control": "public, max-age=60"}


def etag_of(*parts: object) -> str:
    """A strong validator for what ``parts`` determine (their reprs, in order)."""
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return f'"{digest}"'


def _body_etag(body: bytes) -> str:
    return f'"{hashlib.sha256(body).hexdigest()[:32]}"'


def matches_etag(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` value names ``etag`` (or ``*``)."""
    if not if_none_match:
        return False
    given = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in given or etag in given


def not_modified(request: Request, etag: str) -> bool:
    """Whether the client already holds the answer tagged ``etag``."""
    return matches_etag(request.headers.get("if-none-match"), etag)


def public_link(public_url: str, path: str, query: str = "") -> str:
    """``path`` (and ``query``) under ``PUBLIC_URL``, whatever host the request named."""
    return f"{public_url}{path}{'?' + query if query else ''}"


class PublicCache(HttpMiddleware):
    """Pure ASGI middleware: ETag and 304 for the public answers (module docstring). The body
    of such an answer is held until whole (public answers are pages and GeoJSON pages of a
    bounded size), everything else streams as before."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_headers = Headers(scope=scope)
        # GET only: a HEAD answer has no body to digest (its tag would differ from the GET's).
        if scope["method"] != "GET":
            await self.app(scope, receive, _private(send, request_headers))
            return
        if_none_match = request_headers.get("if-none-match")
        start: Message | None = None
        body = bytearray()
        send_private = _private(send, request_headers)

        async def send_tagged(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = Headers(raw=message.get("headers", []))
                public = headers.get("cache-control", "").startswith("public")
                if not public:
                    await send_private(message)
                    return
                if message["status"] != 200 or "etag" in headers:
                    await send(message)  # not ours to tag (a route's own ETag is its own)
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body", False):
                return
            await _answer(start, bytes(body), if_none_match, send)

        await self.app(scope, receive, send_tagged)


def _private(send: Send, request: Headers) -> Send:
    """``send``, adding ``Cache-Control: private, no-store`` to an answer that names none when
    the request carried credentials (what a signed-in user reads is theirs: no shared cache may
    keep it, and their browser need not)."""
    signed = "authorization" in request or SESSION_COOKIE in request.get("cookie", "")
    if not signed:
        return send

    async def send_private(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(raw=list(message.get("headers", [])))
            if "cache-control" not in headers:
                headers["cache-control"] = "private, no-store"
                message = {**message, "headers": headers.raw}
        await send(message)

    return send_private


async def _answer(start: Message, body: bytes, if_none_match: str | None, send: Send) -> None:
    etag = _body_etag(body)
    headers = MutableHeaders(raw=list(start.get("headers", [])))
    headers["etag"] = etag
    if matches_etag(if_none_match, etag):
        del headers["content-length"]
        del headers["content-type"]
        await send({"type": "http.response.start", "status": 304, "headers": headers.raw})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({**start, "headers": headers.raw})
    await send({"type": "http.response.body", "body": body})


class PublicLocation(HttpMiddleware):
    """Pure ASGI middleware: a redirect to this app's own host, as the request named it, goes
    to ``PUBLIC_URL`` instead (Starlette's slash redirects are absolute, built from Host)."""

    def __init__(self, app: ASGIApp, *, public_url: str) -> None:
        super().__init__(app)
        self.public_url = public_url

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        own = Headers(scope=scope).get("host", "").lower()

        async def send_public(message: Message) -> None:
            if message["type"] == "http.response.start" and 300 <= message["status"] < 400:
                headers = MutableHeaders(raw=list(message.get("headers", [])))
                target = urlsplit(headers.get("location", ""))
                if target.netloc and target.netloc.lower() == own:
                    query = target.query
                    headers["location"] = public_link(self.public_url, target.path, query)
                    message = {**message, "headers": headers.raw}
            await send(message)

        await self.app(scope, receive, send_public)
