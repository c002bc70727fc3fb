"""What every page of the officer's console and every route of the officer's JSON API share:
the page frame (signed-in user, CSRF token, never cached), the answer to someone who is not an
officer, a commune chosen on a form, a position written the reader's way, a download's file
name, and the refusals the API documents."""

from __future__ import annotations

from functools import partial
from typing import Any
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from addrgen.formatting import format_decimal
from api.web.deps import Auth, render
from api.web.errors import ApiError
from api.web.i18n import Lang
from api.web.models import ErrorBody

__all__ = [
    "NO_STORE",
    "REFUSALS",
    "attachment",
    "console_page",
    "form_text",
    "officer_or_signin",
    "position_text",
]

#: A console page holds one officer's data: never kept by a browser or a proxy.
NO_STORE = {"Cache-Control": "private, no-store"}

#: The refusals every officer's JSON route may answer, for the OpenAPI document.
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Not signed in"},
    403: {"model": ErrorBody, "description": "Not an officer of this commune (or no CSRF token)"},
    404: {"model": ErrorBody, "description": "No such upload (or another user's)"},
    422: {"model": ErrorBody, "description": "Invalid form or body; an import with bad rows"},
}


def console_page(
    request: Request, template: str, lang: Lang, auth: Auth, status: int = 200, **context: Any
) -> HTMLResponse:
    page = render(request, template, lang, user=auth.user, csrf=auth.csrf, **context)
    return HTMLResponse(page, status_code=status, headers=NO_STORE)


def officer_or_signin(request: Request, lang: Lang, auth: Auth | None) -> Auth | HTMLResponse:
    """The signed-in officer or admin; signed out, the page that says how to sign in (401, no
    redirect: the link is the only way in); a volunteer: 403, in words."""
    if auth is None:
        page = render(request, "console_signin.html", lang)
        return HTMLResponse(page, status_code=401, headers=NO_STORE)
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    return auth


def form_text(form: FormData, name: str) -> str | None:
    """A text field of a form as typed, without its surrounding blanks; None when empty or not
    sent (e.g. the commune an admin of several chose, kept by every form of the section)."""
    value = form.get(name)
    return value.strip() or None if isinstance(value, str) else None


def position_text(shape: str, lang: Lang, lat: float, lon: float) -> str:
    """A position the reader's way: each coordinate with its six decimals, the language's
    decimal sign and separator (vi "18,317660; 106,100000")."""
    coord = partial(format_decimal, lang=lang, digits=6, grouping=False)
    return shape.format(lat=coord(lat), lon=coord(lon))


def attachment(name: str) -> str:
    """A Content-Disposition naming a file whose name may be Vietnamese (RFC 6266)."""
    ascii_name = name.encode("ascii", "replace").decode().replace("?", "_").replace('"', "_")
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
