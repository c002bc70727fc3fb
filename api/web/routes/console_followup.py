"""The console's follow-up section (issue 15, "Theo dõi"): the commune's coverage per village,
the review queue (a volunteer's confirmation far from the registered point, or too
inaccurate) with its two answers — keep the registered position, or move the point to the
confirmed one — the open problem reports with their closing note, and the stale plates. Each
answer calls the service the CLI's `review` and `reports` commands and the JSON API call."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from addrgen.formatting import format_decimal
from api.web.console_kit import (
    NO_STORE,
    console_page,
    form_text,
    officer_or_signin,
    position_text,
)
from api.web.deps import AppState, Auth, LangDep, MaybeAuthDep, StateDep, WriterDep
from api.web.i18n import TEXTS, Lang
from api.web.officer import acting_commune
from api.web.request_limits import IdPath
from gis.field.accounts import managed_commune, managed_communes
from gis.field.candidates import register_candidate
from gis.field.notices import notify_points
from gis.field.reports import (
    ReportRecord,
    ReviewItem,
    clear_review,
    close_report,
    confirmation_photo,
    list_reports,
    move_to_confirmed,
    review_list,
)
from gis.registry.communes import Commune
from gis.views.coverage import coverage
from gis.views.stale import StalePlate, stale_plates

__all__ = ["router"]

router = APIRouter(prefix="/console/followup", tags=["console"], include_in_schema=False)


@dataclass(frozen=True)
class Followup:
    """What the section shows of one commune, read in one transaction."""

    commune: Commune
    coverage: dict[str, Any]
    review: list[ReviewItem]
    reports: list[ReportRecord]
    stale: list[StalePlate]


@router.get("", response_class=HTMLResponse)
async def followup_page(
    request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep, commune: str | None = None
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    return await _followup_page(request, state, lang, officer, commune)


@router.post("/review/{code}", response_class=HTMLResponse)
async def review_answer(
    code: str, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Clear the flag (``action=clear``: the registered position stands) or move the point to
    the confirmed position (``action=move``), with the officer's note."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    note, action = str(form.get("note") or ""), form.get("action")
    if action == "move":
        point, _ = await run_in_threadpool(
            lambda: move_to_confirmed(
                state.registry, code, note=note, actor=auth.user.actor, user=auth.user
            )
        )
        done = ("moved", point.code_display)
    else:
        point = await run_in_threadpool(
            lambda: clear_review(
                state.registry, code, note=note, actor=auth.user.actor, user=auth.user
            )
        )
        done = ("cleared", point.code_display)
    name = form_text(form, "commune")
    return await _followup_page(request, state, lang, auth, name, done=done)


@router.post("/reports/{report_id}/close", response_class=HTMLResponse)
async def report_close(
    report_id: IdPath, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Close a problem report with the officer's note (as `reports close` does)."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    note = str(form.get("note") or "")
    await run_in_threadpool(
        lambda: close_report(
            state.registry, report_id, note=note, actor=auth.user.actor, user=auth.user
        )
    )
    name = form_text(form, "commune")
    return await _followup_page(request, state, lang, auth, name, done=("closed", report_id))


@router.post("/reports/{report_id}/register", response_class=HTMLResponse)
async def report_register(
    report_id: IdPath, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Register a reported new household where the volunteer stood (as `review register`)."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name = form_text(form, "commune")
    commune = await acting_commune(state, auth, name)
    await run_in_threadpool(
        lambda: register_candidate(state.registry, commune, report_id, actor=auth.user.actor)
    )
    return await _followup_page(request, state, lang, auth, name, done=("registered", report_id))


@router.post("/notify", response_class=HTMLResponse)
async def notify_village(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Record a village's households as notified (letters handed over at a meeting), as
    `points notify --village` does."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name = form_text(form, "commune")
    village = form_text(form, "village") or ""
    commune = await acting_commune(state, auth, name)
    await run_in_threadpool(
        lambda: notify_points(
            state.registry, commune, actor=auth.user.actor, village=village, user=auth.user
        )
    )
    return await _followup_page(request, state, lang, auth, name, done=("notified", village))


@router.get("/photo/{installation_id}")
async def photo(
    installation_id: IdPath, request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep
) -> Response:
    """The photo a volunteer sent with a confirmation under review (officers of its commune)."""
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer

    def read() -> tuple[bytes, str]:
        with state.registry.read() as conn:
            return confirmation_photo(conn, installation_id, user=officer.user)

    data, media_type = await run_in_threadpool(read)
    return Response(data, media_type=media_type, headers=NO_STORE)


async def _followup_page(
    request: Request, state: AppState, lang: Lang, auth: Auth, name: str | None, **context: Any
) -> HTMLResponse:
    """The section of one commune; an admin of several chooses one first."""

    def read() -> tuple[list[Commune], Followup | None]:
        with state.registry.read() as conn:
            communes = managed_communes(conn, auth.user)
            if name is None and len(communes) > 1:
                return communes, None
            chosen = managed_commune(conn, auth.user, name)
            return communes, Followup(
                chosen,
                coverage(conn, chosen),
                review_list(conn, chosen),
                list_reports(conn, chosen, open_only=True),
                stale_plates(conn, chosen),
            )

    communes, shown = await run_in_threadpool(read)
    return console_page(
        request,
        "console_followup.html",
        lang,
        auth,
        communes=communes,
        several=len(communes) > 1,
        shown=shown,
        position=partial(position_text, TEXTS[lang]["console.followup.position"], lang),
        metres=partial(format_decimal, lang=lang, digits=1, grouping=False),
        **context,
    )
