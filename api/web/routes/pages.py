"""The home page with its code lookup box, and the health check."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from addrgen.codes import parse_code
from addrgen.errors import InvalidCode
from api.web.deps import LangDep, MaybeAuthDep, render, state_of
from api.web.i18n import TEXTS

__all__ = ["router"]

router = APIRouter()


def _home(request: Request, lang: Any, auth: Any, **lookup: str) -> HTMLResponse:
    user, csrf = (auth.user, auth.csrf) if auth else (None, None)
    page = render(request, "home.html", lang, user=user, csrf=csrf, **lookup)
    return HTMLResponse(page, headers={"Cache-Control": "private, no-store"})


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, lang: LangDep, auth: MaybeAuthDep) -> HTMLResponse:
    return _home(request, lang, auth)


@router.get(
    "/lookup",
    response_class=HTMLResponse,
    tags=["pages"],
    summary="A code typed in the home page's box, sent to its address page",
    responses={
        303: {"description": "To /A/{code} (the 11 digits, or the 10-digit national form)"},
        200: {"description": "The home page again, saying what is wrong with the code typed"},
    },
)
def lookup(request: Request, lang: LangDep, auth: MaybeAuthDep, code: str = "") -> Response:
    """A faded QR still leaves the code printed on the plate: typed with or without its spaces,
    dots or dashes, it leads to its page. A typo is said so (a wrong check digit is never
    resolved to another, someone else's, address) on the home page, answered 200 like any form
    shown again: a browser logs an error for a 4xx page."""
    typed = " ".join(code.split())[:40]
    texts = TEXTS[lang]
    if not typed:
        return _home(request, lang, auth, typed="", lookup_error=texts["home.lookup.empty"])
    try:
        parsed = parse_code(typed)
    except InvalidCode as exc:
        key = "check_digit" if exc.reason == "check_digit" else "bad_code"
        error = texts[key].format(code=typed)
        return _home(request, lang, auth, typed=typed, lookup_error=error)
    target = parsed.code.canonical if parsed.code else parsed.national
    query = f"?lang={lang}" if "lang" in request.query_params else ""
    return RedirectResponse(f"/A/{target}{query}", status_code=303)


@router.get("/healthz", tags=["health"], summary="200 when the registry answers")
async def healthz(request: Request) -> dict[str, str]:
    state_of(request).ping()
    return {"status": "ok"}
