"""Login CSRF (issue 19, finding 4): another site must not be able to sign a visitor's browser
into an account of its choosing by posting its own sign-in link from a hidden form.

The sign-in page is the one place that may post a link: its GET gives the browser a random
``diachiso_signin`` cookie (SameSite=Strict: never sent with another site's post) and its form a
token bound to that cookie and to the link. The POST is refused when the browser says it comes
from another site (``Sec-Fetch-Site: cross-site``, or an ``Origin`` or ``Referer`` that is
neither ``PUBLIC_URL`` nor the request's own origin); when the browser hides where it comes
from (``Origin: null``, which the pages' ``Referrer-Policy: no-referrer`` makes browsers send
even from the same site), the form's token must match the cookie's. A client that sends no
Origin at all is no browser (every browser sends one with a POST), so no visitor's session is at
stake."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from fastapi import Request

from addrgen.catalog import N_
from api.web.apierror import ApiError
from api.web.security import CSRF_FIELD, csrf_matches, csrf_token

__all__ = ["NONCE_LIFETIME", "SIGNIN_COOKIE", "form_token", "new_nonce", "refuse_cross_site"]

SIGNIN_COOKIE = "diachiso_signin"
REFUSED = N_("web.signin_cross_site")  # what the refused visitor reads, and what to do
NONCE_LIFETIME = 3600  # seconds: the page is pressed within the hour or opened again


def new_nonce() -> str:
    return secrets.token_urlsafe(24)


def form_token(secret_key: str, nonce: str, link: str) -> str:
    """The sign-in form's token: an HMAC of the browser's cookie and the link, so another site
    can neither read it nor make one (it knows its own link, never the visitor's cookie)."""
    return csrf_token(secret_key, f"signin:{nonce}:{link}")


def _origin(url: str) -> str | None:
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def _where_from(request: Request) -> str | None:
    """The origin the browser says the post comes from: its Origin, else its Referer's; "null"
    when it hides it; None when it says nothing."""
    origin = request.headers.get("origin")
    if origin is not None and origin.strip().lower() != "null":
        return _origin(origin.strip()) or "null"
    referer = request.headers.get("referer")
    if referer:
        return _origin(referer) or "null"
    return "null" if origin is not None else None


async def refuse_cross_site(
    request: Request, *, public_url: str, secret_key: str, link: str
) -> None:
    """Raise 403 ``cross_site`` unless the post comes from the sign-in page of this site."""
    own = {public_url.lower(), f"{request.url.scheme}://{request.url.netloc}".lower()}
    where = _where_from(request)
    if request.headers.get("sec-fetch-site") == "cross-site" or where not in (None, "null", *own):
        raise ApiError(403, "cross_site", REFUSED)
    if where == "null":
        nonce = request.cookies.get(SIGNIN_COOKIE, "")
        field = (await request.form()).get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
        if not nonce or not csrf_matches(secret_key, f"signin:{nonce}:{link}", given):
            raise ApiError(403, "cross_site", REFUSED)
