"""``/signin/{token}``: a user's one-time link. GET shows a button and spends nothing (chat apps
and mail clients fetch links to preview them); POST spends the link and sets the session.
``POST /signout`` ends it."""

from __future__ import annotations

from datetime import timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from api.web.deps import AppState, LangDep, StateDep, render, sent_csrf
from api.web.errors import ApiError
from api.web.i18n import Lang
from api.web.limits import client_key, spend
from api.web.security import SESSION_COOKIE, csrf_matches, csrf_token
from api.web.signin_guard import (
    NONCE_LIFETIME,
    SIGNIN_COOKIE,
    form_token,
    new_nonce,
    refuse_cross_site,
)
from gis.field.accounts import check_signin_link, end_session, spend_signin_link

__all__ = ["router"]

router = APIRouter(tags=["sign-in"])
# Not "cookies": that would sign this browser out of nothing more, and not "*": executionContexts
# reloads every open tab of the site (a half-typed form in another tab would be lost).
CLEAR_SITE_DATA = '"cache", "storage"'


def _limit(request: Request, state: AppState) -> None:
    spend(state.registry, state.limits.signin, client_key(request))


@router.get("/signin/{token}", response_class=HTMLResponse, summary="Sign-in page (spends nothing)")
def signin_page(token: str, request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    _limit(request, state)
    with state.registry.read() as conn:
        user = check_signin_link(conn, token)
    nonce = request.cookies.get(SIGNIN_COOKIE) or new_nonce()
    guard = form_token(state.secret_key, nonce, token)
    page = render(request, "signin.html", lang, name=user.name, token=token, form_token=guard)
    response = HTMLResponse(page, headers={"Cache-Control": "no-store"})
    secure = state.secure_cookies or request.url.scheme == "https"
    response.set_cookie(
        SIGNIN_COOKIE,
        nonce,
        max_age=NONCE_LIFETIME,
        httponly=True,
        samesite="strict",
        secure=secure,
        path="/signin",
    )
    return response


@router.post(
    "/signin/{token}",
    response_class=HTMLResponse,
    summary="Spend the one-time link and start a session (cookie)",
)
async def signin(token: str, request: Request, state: StateDep, lang: LangDep) -> HTMLResponse:
    """Refused (403 ``cross_site``) when posted by another site: login CSRF."""
    public_url, key = state.settings.public_url, state.secret_key
    await refuse_cross_site(request, public_url=public_url, secret_key=key, link=token)
    return await run_in_threadpool(_signin, token, request, state, lang)


def _signin(token: str, request: Request, state: AppState, lang: Lang) -> HTMLResponse:
    _limit(request, state)
    lifetime = timedelta(days=state.settings.session_days)
    agent = request.headers.get("user-agent")
    user, session = spend_signin_link(state.registry, token, lifetime=lifetime, user_agent=agent)
    csrf = csrf_token(state.secret_key, session)
    page = render(request, "home.html", lang, user=user, csrf=csrf)
    response = HTMLResponse(page, headers={"Cache-Control": "no-store"})
    response.set_cookie(
        SESSION_COOKIE,
        session,
        max_age=int(lifetime.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=state.secure_cookies or request.url.scheme == "https",
        path="/",
    )
    response.delete_cookie(SIGNIN_COOKIE, path="/signin")
    return response


@router.post(
    "/signout",
    response_class=RedirectResponse,
    summary="End this browser's session (the form's csrf_token or the X-CSRF-Token header)",
    status_code=303,
)
async def signout(request: Request, state: StateDep, lang: LangDep) -> RedirectResponse:
    """Ends the session and clears its cookie and the site's data in this browser (the field
    app's confirmations waiting for a signal, its cache), then shows the home page. Without a
    session (signed out already, in another tab) it just shows the home page."""
    session = request.cookies.get(SESSION_COOKIE, "")
    if session:
        if not csrf_matches(state.secret_key, session, await sent_csrf(request)):
            raise ApiError(403, "forbidden", "web.csrf")
        await run_in_threadpool(end_session, state.registry, session)
    response = RedirectResponse(f"/?lang={lang}", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    # A borrowed phone keeps nothing of the volunteer's: the positions of confirmations not yet
    # sent (localStorage) and cached pages go with the session.
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
