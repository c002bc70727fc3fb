"""``/signin/{token}``: a volunteer's one-time link. GET shows a button and spends nothing (chat
apps and mail clients fetch links to preview them); POST spends the link and sets the session."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from api.web.deps import AppState, LangDep, StateDep, render
from api.web.errors import ApiError
from api.web.security import SESSION_COOKIE
from gis.field.accounts import SESSION_LIFETIME, check_signin_link, spend_signin_link

__all__ = ["router"]

router = APIRouter(tags=["sign-in"])


def _limit(request: Request, state: AppState) -> None:
    client = request.client.host if request.client else "unknown"
    if not state.signin_limiter.allow(client):
        raise ApiError(429, "rate_limited", "web.rate_limited")


@router.get("/signin/{token}", response_class=HTMLResponse, summary="Sign-in page (spends nothing)")
def signin_page(token: str, request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    _limit(request, state)
    with state.registry.read() as conn:
        user = check_signin_link(conn, token)
    page = render(request, "signin.html", lang, name=user.name, token=token)
    return HTMLResponse(page, headers={"Cache-Control": "no-store"})


@router.post(
    "/signin/{token}",
    response_class=HTMLResponse,
    summary="Spend the one-time link and start a session (cookie)",
)
def signin(token: str, request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    _limit(request, state)
    user, session = spend_signin_link(state.registry, token)
    page = render(request, "home.html", lang, user=user)
    response = HTMLResponse(page, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=state.secure_cookies or request.url.scheme == "https",
        path="/",
    )
    return response
