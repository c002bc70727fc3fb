"""The console's villages section (issue 15, "Thôn"): the commune's villages in registry order
with their points and expected counts; setting a village's expected count (as `villages set
--expected`), renaming it from a date (as `villages set --rename --effective`, the dated rename
the plates' old words are kept by); importing or replacing outlines is the import section's
(target "Thôn"), linked from here."""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.services.glyphs import plate_glyphs
from api.web.console_kit import console_page, form_text, officer_or_signin
from api.web.deps import AppState, Auth, LangDep, MaybeAuthDep, StateDep, WriterDep
from api.web.i18n import Lang
from api.web.officer import acting_commune, choose_commune
from gis.errors import InvalidInput
from gis.registry.communes import Commune
from gis.registry.reorg import effective_date, rename_village
from gis.registry.villages import set_village
from gis.views.coverage import coverage

__all__ = ["router"]

router = APIRouter(prefix="/console/villages", tags=["console"], include_in_schema=False)


@router.get("", response_class=HTMLResponse)
async def villages_page(
    request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep, commune: str | None = None
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    return await _villages_page(request, state, lang, officer, commune)


@router.post("/expected", response_class=HTMLResponse)
async def village_expected(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """A village's expected address count, through `villages set --expected`'s service."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name, village = form_text(form, "commune"), str(form.get("village") or "")
    typed = str(form.get("expected") or "").strip()
    if not typed.isdigit():
        raise InvalidInput("village.bad_expected", field="expected", value=typed)
    commune = await acting_commune(state, auth, name)
    done = await run_in_threadpool(
        lambda: set_village(
            state.registry,
            commune,
            village,
            expected=int(typed),
            glyphs=plate_glyphs(),
            actor=auth.user.actor,
        )
    )
    said = ("expected", done.name)
    return await _villages_page(request, state, lang, auth, name, done=said)


@router.post("/rename", response_class=HTMLResponse)
async def village_rename(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Rename a village from a date, through the CLI's dated rename (its name rules; a date
    before the village's last change refused)."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name, village = form_text(form, "commune"), str(form.get("village") or "")
    to, effective = str(form.get("to") or ""), effective_date(str(form.get("effective") or ""))
    commune = await acting_commune(state, auth, name)
    await run_in_threadpool(
        lambda: rename_village(
            state.registry,
            commune,
            name=village,
            to=to,
            effective=effective,
            actor=auth.user.actor,
            glyphs=plate_glyphs(),
        )
    )
    said = ("renamed", " ".join(to.split()))
    return await _villages_page(request, state, lang, auth, name, done=said)


async def _villages_page(
    request: Request, state: AppState, lang: Lang, auth: Auth, name: str | None, **context: Any
) -> HTMLResponse:
    def read() -> tuple[list[Commune], Commune | None, list[dict[str, Any]]]:
        with state.registry.read() as conn:
            communes, chosen = choose_commune(conn, auth.user, name)
            rows = coverage(conn, chosen)["villages"] if chosen else []
            return communes, chosen, rows

    communes, chosen, rows = await run_in_threadpool(read)
    return console_page(
        request,
        "console_villages.html",
        lang,
        auth,
        communes=communes,
        several=len(communes) > 1,
        chosen=chosen,
        rows=rows,
        today=date.today().isoformat(),
        **context,
    )
