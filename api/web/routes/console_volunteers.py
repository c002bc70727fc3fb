"""The console's volunteers page (issue 15): enrol a village's volunteers from a list of names,
download their sign-in cards (a PDF, each with a fresh one-time link), see how many plates each
confirmed, revoke one. The same services as the JSON API (``/api/users``) and the CLI's
``users`` commands."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from addrgen.errors import DiachisoError
from api.services.volunteers import enrol, revoke, signin_cards
from api.web.console_kit import NO_STORE, console_page, form_text, officer_or_signin
from api.web.deps import AppState, Auth, LangDep, MaybeAuthDep, StateDep, WriterDep
from api.web.i18n import Lang
from api.web.officer import acting_commune
from gis.errors import RegistryError
from gis.field.accounts import Forbidden, Unauthorized, managed_commune, managed_communes
from gis.field.volunteers import list_volunteers
from gis.registry.communes import Commune
from gis.registry.villages import list_villages

__all__ = ["router"]

T = TypeVar("T")
router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)


async def _attempt(lang: Lang, work: Callable[[], T]) -> T | str:
    """``work``'s result, or why it was refused (the page says it, 422); a refusal of the
    right itself (403, 401) stays the error it is."""
    try:
        return await run_in_threadpool(work)
    except (Forbidden, Unauthorized):
        raise
    except (DiachisoError, RegistryError) as exc:
        return exc.message(lang)


async def _officers_form(
    request: Request, state: AppState, lang: Lang, auth: Auth
) -> tuple[FormData, Commune]:
    """A posted form of an officer, and the commune it names (or the officer's own)."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    return form, await acting_commune(state, auth, form_text(form, "commune"))


@router.get("/volunteers", response_class=HTMLResponse)
async def volunteers_page(
    request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep, commune: str | None = None
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    return await _volunteers_page(request, state, lang, officer, commune)


@router.post("/volunteers", response_class=HTMLResponse)
async def volunteers_enrol(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Enrol the names typed one a line, all in the village chosen."""
    form, commune = await _officers_form(request, state, lang, auth)
    names = [n.strip() for n in (form_text(form, "names") or "").splitlines() if n.strip()]
    village = form_text(form, "village")
    made = await _attempt(
        lang,
        lambda: enrol(
            state.registry,
            commune,
            by=auth.user,
            role="volunteer",
            names=names,
            villages=[village] if village else [],
            public_url=state.settings.public_url,
        ),
    )
    if isinstance(made, str):
        return await _volunteers_page(
            request, state, lang, auth, commune.name, status=422, refused=made
        )
    return await _volunteers_page(request, state, lang, auth, commune.name, enrolled=made)


@router.post("/volunteers/cards")
async def volunteers_cards(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> Response:
    """The chosen volunteers' sign-in cards as a PDF (their earlier unused links end)."""
    form, commune = await _officers_form(request, state, lang, auth)
    names = [n for n in form.getlist("name") if isinstance(n, str) and n.strip()]
    pdf = await _attempt(
        lang,
        lambda: signin_cards(
            state.registry,
            commune,
            by=auth.user,
            names=names,
            public_url=state.settings.public_url,
        ),
    )
    if isinstance(pdf, str):
        return await _volunteers_page(
            request, state, lang, auth, commune.name, status=422, refused=pdf
        )
    file_name = "the-dang-nhap.pdf"
    return Response(
        pdf,
        media_type="application/pdf",
        headers={**NO_STORE, "Content-Disposition": f"attachment; filename={quote(file_name)}"},
    )


@router.post("/volunteers/revoke", response_class=HTMLResponse)
async def volunteers_revoke(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Revoke one volunteer (the same call as ``users revoke``)."""
    form, commune = await _officers_form(request, state, lang, auth)
    name = form_text(form, "name") or ""
    await run_in_threadpool(lambda: revoke(state.registry, by=auth.user, name=name))
    return await _volunteers_page(request, state, lang, auth, commune.name, revoked=name)


async def _volunteers_page(
    request: Request,
    state: AppState,
    lang: Lang,
    auth: Auth,
    name: str | None,
    *,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """The page: the enrol form, the commune's volunteers with their confirmations. An admin of
    several communes chooses one first."""

    def read() -> tuple[list[Commune], Commune | None, list[str], list[Any]]:
        with state.registry.read() as conn:
            communes = managed_communes(conn, auth.user)
            if name is None and len(communes) > 1:
                return communes, None, [], []
            chosen = managed_commune(conn, auth.user, name)
            names = [v.name for v in list_villages(conn, chosen)]
            return communes, chosen, names, list_volunteers(conn, commune=chosen)

    communes, chosen, village_names, people = await run_in_threadpool(read)
    return console_page(
        request,
        "console_volunteers.html",
        lang,
        auth,
        status=status,
        commune=chosen,
        communes=communes,
        several=len(communes) > 1,
        villages=village_names,
        volunteers=people,
        **context,
    )
