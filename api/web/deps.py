"""The app's state and the dependencies routes declare: the registry, the signed-in user, the
page language. Built once per app by :func:`api.web.app.create_app`, never at import time."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Annotated, Any, TypeVar

import jinja2
from fastapi import Depends, Request
from sqlalchemy import text
from starlette.concurrency import run_in_threadpool

from addrgen.formatting import format_date, format_decimal, format_number, format_percent
from api.services.uploads import UploadStore
from api.web.apierror import ApiError
from api.web.i18n import TEXTS, Lang, pick_lang
from api.web.limits import WebLimits, client_key, refuse_if_blocked, spend
from api.web.pagecache import PageCache
from api.web.security import CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE, csrf_matches, csrf_token
from gis.field.accounts import Unauthorized, User, authenticate
from gis.field.installations import InstallRules
from gis.field.sessions import check_session, touch_session
from gis.settings import Settings
from gis.storage.db import Registry
from gis.storage.events import now

__all__ = [
    "AppState",
    "Auth",
    "FieldWriterDep",
    "LangDep",
    "MaybeAuthDep",
    "StateDep",
    "WriterDep",
    "auth_of",
    "lang_of",
    "read_soon",
    "render",
    "sent_csrf",
    "state_of",
    "switch_href",
]

TEMPLATES = Path(__file__).resolve().parent / "templates"
T = TypeVar("T")


@dataclass
class AppState:
    settings: Settings
    registry: Registry
    secret_key: str
    rules: InstallRules
    limits: WebLimits  # counted in the registry: shared by every worker
    uploads: UploadStore  # files between their import's preview and the import
    pages: PageCache = field(default_factory=PageCache)  # public pages, seconds old, per worker
    templates: jinja2.Environment = field(
        default_factory=lambda: jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, auto_reload=False
        )
    )

    @property
    def lang(self) -> Lang:
        """The registry's language (DIACHISO_LANG): what a page speaks when nothing else
        decides."""
        return self.settings.lang

    @property
    def secure_cookies(self) -> bool:
        return self.settings.public_url.startswith("https://")

    def ping(self) -> None:
        with self.registry.read() as conn:
            conn.execute(text("SELECT 1"))


@dataclass(frozen=True)
class Auth:
    user: User
    session: str | None  # the session secret when signed in by cookie (CSRF applies)
    csrf: str | None = None  # that session's CSRF token, for the page to send back


def state_of(request: Request) -> AppState:
    state: AppState = request.app.state.diachiso
    return state


async def get_state(request: Request) -> AppState:
    return state_of(request)


StateDep = Annotated[AppState, Depends(get_state)]


#: The address page's paths: opened from a plate by anyone's phone, it speaks the registry's
#: language whatever the phone's, and offers the other by a link.
ADDRESS_PATHS = ("/A/", "/a/")


def lang_of(request: Request) -> Lang:
    """The page's language: ``?lang=`` wins; then the browser's Accept-Language, except on the
    address page; then the registry's language."""
    accept = request.headers.get("accept-language")
    if request.url.path.startswith(ADDRESS_PATHS):
        accept = None
    return pick_lang(request.query_params.get("lang"), accept, state_of(request).lang)


async def get_lang(request: Request) -> Lang:
    return lang_of(request)


LangDep = Annotated[Lang, Depends(get_lang)]


async def maybe_auth(request: Request, state: StateDep) -> Auth | None:
    return await auth_of(request, state)


async def auth_of(request: Request, state: AppState) -> Auth | None:
    """The signed-in user, or None; a stale cookie on a page simply means signed out. Without
    credentials (every public request) this touches neither the database nor a thread."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    bearer = token.strip() if scheme.lower() == "bearer" else ""
    session = request.cookies.get(SESSION_COOKIE, "")
    if not bearer and not session:
        return None
    if bearer:
        return await run_in_threadpool(_bearer, state, bearer, client_key(request))
    return await run_in_threadpool(_authenticate, state, session, request.method)


def _bearer(state: AppState, bearer: str, client: str) -> Auth:
    """The token's user; an address that sent too many wrong tokens is refused (429) before
    its token is even looked at, and each wrong one counts."""
    refuse_if_blocked(state.registry, state.limits.tokens, client)
    try:
        with state.registry.read() as conn:
            return Auth(authenticate(conn, bearer, "token"), None)
    except Unauthorized:
        spend(state.registry, state.limits.tokens, client)
        raise


def _authenticate(state: AppState, session: str, method: str) -> Auth | None:
    idle = timedelta(hours=state.settings.session_idle_hours)
    with state.registry.read() as conn:
        try:
            check = check_session(conn, session, idle=idle)
        except Unauthorized:
            if method == "GET":
                return None
            raise
    if check.needs_touch(now()):
        touch_session(state.registry, credential_id=check.credential_id)
    return Auth(check.user, session, csrf_token(state.secret_key, session))


MaybeAuthDep = Annotated[Auth | None, Depends(maybe_auth)]


async def read_soon(state: AppState, work: Callable[..., T], /, *args: Any) -> T:
    """A short read of the registry for a public route: inline on SQLite, where it is this
    process's CPU either way and a hop to a thread costs more than the read once the worker
    is busy (the thread then waits for the GIL behind the event loop); in a thread on
    PostgreSQL, where it waits on the network."""
    if state.registry.is_sqlite:
        return work(*args)
    return await run_in_threadpool(work, *args)


async def writer(request: Request, state: StateDep, auth: MaybeAuthDep) -> Auth:
    """A signed-in user allowed to write: 401 without credentials; a cookie session must also
    send its CSRF token (a bearer token cannot be sent by another site, a cookie can): a
    script in the X-CSRF-Token header, a page's form in its ``csrf_token`` field."""
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    if auth.session is not None and not csrf_matches(
        state.secret_key, auth.session, await sent_csrf(request)
    ):
        raise ApiError(403, "forbidden", "web.csrf")
    return auth


FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


async def sent_csrf(request: Request) -> str | None:
    """The CSRF token a request sends: the header, else a form's field (the form is parsed
    once; the route reads it again from the request's cache)."""
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(FORMS):
        field = (await request.form()).get(CSRF_FIELD)
        given = field if isinstance(field, str) else None
    return given


WriterDep = Annotated[Auth, Depends(writer)]


async def field_writer(state: StateDep, auth: WriterDep) -> Auth:
    """A writer of the field's records (reports, confirmations), within its writes per minute:
    one volunteer cannot flood the officer's queue and the dashboard (429 with Retry-After)."""
    await run_in_threadpool(spend, state.registry, state.limits.writes, f"user:{auth.user.id}")
    return auth


FieldWriterDep = Annotated[Auth, Depends(field_writer)]


def render(request: Request, template: str, lang: Lang, **context: Any) -> str:
    """A page in ``lang``: its words (``t``), its numbers, shares and dates written the
    language's way (``num``, ``pct``, ``day``; ``dec`` a decimal with all its digits), and
    the link to the same page in the other language."""
    return (
        state_of(request)
        .templates.get_template(template)
        .render(
            t=TEXTS[lang],
            lang=lang,
            num=partial(format_number, lang=lang),
            dec=partial(format_decimal, lang=lang, every_digit=True, grouping=False),
            pct=partial(format_percent, lang=lang),
            day=partial(format_date, lang=lang),
            switch_href=switch_href(request, lang),
            **context,
        )
    )


def switch_href(request: Request, lang: Lang) -> str:
    """The same page in the other language (its other query parameters kept); a page shown in
    answer to a form (POST) switches on the home page, which a link can reach."""
    other = "en" if lang == "vi" else "vi"
    if request.method != "GET":
        return f"/?lang={other}"
    url = request.url.include_query_params(lang=other)
    return f"{url.path}?{url.query}"
