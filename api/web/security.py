"""Security plumbing of the web app: response headers, CSRF tokens (the rate limits are
:mod:`api.web.limits`).

Every page runs under a CSP without inline script (its JavaScript is a served file), the
interactive API docs too (their viewers are served from this app); only the map page adds a
nonce for the inline scripts folium writes."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = [
    "CSP",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "HttpMiddleware",
    "SecurityHeaders",
    "csrf_matches",
    "csrf_token",
    "nonce_csp",
    "strict_transport",
    "tiles_csp",
]

SESSION_COOKIE = "diachiso_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"  # the same token in a page's form (forms cannot send headers)
# Map tiles are the only thing fetched from elsewhere (and only images).
TILE_HOSTS = "https://tile.openstreetmap.org https://*.tile.openstreetmap.org"


def _policy(*, nonce: str | None, images: str) -> str:
    """The one Content-Security-Policy: same-origin everything, no plugins, no framing; a page
    may add a nonce for its inline scripts and styles, and says where its images come from."""
    own = f" 'nonce-{nonce}'" if nonce else ""
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self'{own}",
            f"style-src 'self'{own}",
            f"img-src 'self' data:{images}",
            "connect-src 'self'",
            "font-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


CSP = _policy(nonce=None, images=f" {TILE_HOSTS}")
_HEADERS: list[tuple[bytes, bytes]] = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    # The camera for the field app's in-page scanner (static/field_scan.js), this origin only.
    (b"permissions-policy", b"geolocation=(self), camera=(self), microphone=()"),
    (b"cross-origin-opener-policy", b"same-origin"),
]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


HSTS_MAX_AGE = 31_536_000  # a year, the least that browsers' preload lists accept


def strict_transport(*, production: bool, subdomains: bool) -> bytes | None:
    """The Strict-Transport-Security header's value in production (None elsewhere: a developer's
    http://127.0.0.1 must not be pinned to https)."""
    if not production:
        return None
    return f"max-age={HSTS_MAX_AGE}{'; includeSubDomains' if subdomains else ''}".encode()


class HttpMiddleware:
    """A pure ASGI middleware (cheaper than BaseHTTPMiddleware on the hot address page) of HTTP
    requests: other scopes (lifespan) pass straight through to the app; :meth:`http` handles
    the rest."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class SecurityHeaders(HttpMiddleware):
    """The headers every answer carries; ``hsts`` is the Strict-Transport-Security value to
    add, if any (:func:`strict_transport`)."""

    def __init__(self, app: ASGIApp, *, hsts: bytes | None = None) -> None:
        super().__init__(app)
        self.always = [*_HEADERS, *([(b"strict-transport-security", hsts)] if hsts else [])]

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        extra = [*self.always, (b"content-security-policy", CSP.encode())]

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = message.get("headers", [])
                # A page that sets its own CSP (the map: a nonce for folium's inline scripts)
                # keeps it; every other page gets the strict one.
                own = any(k.lower() == b"content-security-policy" for k, _ in headers)
                add = [h for h in extra if not (own and h[0] == b"content-security-policy")]
                message["headers"] = [*headers, *add]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def tiles_csp(tile_host: str | None) -> str:
    """The strict CSP with images from ``tile_host`` only (a page whose map draws the
    ``map_tiles`` setting's tiles, or none)."""
    return _policy(nonce=None, images=f" {tile_host}" if tile_host else "")


def nonce_csp(nonce: str, tile_host: str | None) -> str:
    """The strict CSP, but with the inline scripts and styles carrying ``nonce`` allowed (the
    folium map page), and images from ``tile_host`` (its background tiles)."""
    return _policy(nonce=nonce, images=f" {tile_host}" if tile_host else "")


def csrf_token(secret_key: str, session: str) -> str:
    """The CSRF token of a session: an HMAC of it, so it needs no storage."""
    digest = hmac.new(secret_key.encode(), b"csrf:" + session.encode(), hashlib.sha256)
    return digest.hexdigest()[:40]


def csrf_matches(secret_key: str, session: str, given: str | None) -> bool:
    return given is not None and hmac.compare_digest(csrf_token(secret_key, session), given)
