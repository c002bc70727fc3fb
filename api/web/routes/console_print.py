"""The console's print section (issue 15, "In biển"): choose villages and kinds, shop or office,
letters, draft or final, and print a batch (the service of `plates batch`); download its files;
the commune's past batches with who printed them, when, how many plates and each file's
SHA-256; reprint lost or stale plates (that of `plates reprint`). A final batch is refused, in
the printing service's words, while PUBLIC_URL is not a public https address."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from addrgen.catalog import N_, template
from addrgen.errors import DiachisoError
from addrgen.formatting import VIETNAM, format_datetime
from addrgen.vocab import Kind
from api.services.printing import (
    DEFAULT_TEMPLATE,
    PLATE_TEMPLATES,
    Mode,
    PrintResult,
    check_public_url,
)
from api.web.console_kit import console_page, form_text, officer_or_signin
from api.web.deps import AppState, Auth, LangDep, MaybeAuthDep, StateDep, WriterDep
from api.web.i18n import Lang
from api.web.officer import acting_commune, choose_commune
from api.web.routes.batches_api import ReprintBody, batch_doc, list_batches, new_batch, reprint
from gis.field.notices import notify_points
from gis.registry.communes import Commune
from gis.views.batch_list import PastBatch
from gis.views.coverage import coverage

__all__ = ["WORDS", "router"]

router = APIRouter(prefix="/console/print", tags=["console"], include_in_schema=False)
PREFIX = "page.console.print."
#: The section's words (the catalog's ids, marked for `make messages`), as ``w[...]`` in its
#: template: this section keeps its own list so that the app's shared one stays short.
WORDS = (
    N_("page.console.print.title"),
    N_("page.console.print.choose_commune"),
    N_("page.console.print.what"),
    N_("page.console.print.villages"),
    N_("page.console.print.all_villages"),
    N_("page.console.print.waiting"),
    N_("page.console.print.kinds"),
    N_("page.console.print.mode"),
    N_("page.console.print.mode_shop"),
    N_("page.console.print.mode_office"),
    N_("page.console.print.letters"),
    N_("page.console.print.cmyk"),
    N_("page.console.print.template"),
    N_("page.console.print.template_commune"),
    N_("page.console.print.template.a5"),
    N_("page.console.print.template.a6"),
    N_("page.console.print.template.sticker"),
    N_("page.console.print.no_names"),
    N_("page.console.print.draft"),
    N_("page.console.print.draft_only"),
    N_("page.console.print.button"),
    N_("page.console.print.done"),
    N_("page.console.print.done_draft"),
    N_("page.console.print.refused"),
    N_("page.console.print.files"),
    N_("page.console.print.file.plates.pdf"),
    N_("page.console.print.file.checklist.pdf"),
    N_("page.console.print.file.letters.pdf"),
    N_("page.console.print.file.manifest.csv"),
    N_("page.console.print.past"),
    N_("page.console.print.none_yet"),
    N_("page.console.print.col.label"),
    N_("page.console.print.col.when"),
    N_("page.console.print.col.who"),
    N_("page.console.print.col.plates"),
    N_("page.console.print.col.kind"),
    N_("page.console.print.col.files"),
    N_("page.console.print.purpose.batch"),
    N_("page.console.print.purpose.reprint"),
    N_("page.console.print.purpose.draft"),
    N_("page.console.print.reprint"),
    N_("page.console.print.reprint_what"),
    N_("page.console.print.codes"),
    N_("page.console.print.reprint_button"),
    N_("page.console.print.stale_button"),
    N_("page.console.print.col.notified"),
    N_("page.console.print.notified_count"),
    N_("page.console.print.notify_button"),
    N_("page.console.print.notify_done"),
)
_SPLIT = re.compile(r"[\s,;]+")  # codes pasted one a line, or from a sheet's cells


def _words(lang: Lang) -> dict[str, str]:
    return {key.removeprefix(PREFIX): template(key, lang) or key for key in WORDS}


def _texts(form: FormData, name: str) -> list[str]:
    return [v.strip() for v in form.getlist(name) if isinstance(v, str) and v.strip()]


@router.get("", response_class=HTMLResponse)
async def print_page(
    request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep, commune: str | None = None
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    return await _print_page(request, state, lang, officer, commune)


@router.post("", response_class=HTMLResponse)
async def print_batch_form(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Print a batch from the form; refused (nothing to print, a final batch with a local
    PUBLIC_URL), the page says why, with the form as it was sent."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    commune = await acting_commune(state, auth, form_text(form, "commune"))
    mode: Mode = "office" if form.get("mode") == "office" else "shop"
    sent: dict[str, Any] = {
        "villages": _texts(form, "village"),
        "kinds": _texts(form, "kind"),
        "mode": mode,
        "letters": form.get("letters") == "1",
        "draft": form.get("draft") == "1",
        "cmyk": form.get("color") == "cmyk",
        "template": form_text(form, "template"),  # None (blank): the commune's own
        "no_names": form.get("no_names") == "1",
    }
    try:
        result = await new_batch(
            state,
            auth,
            commune,
            villages=sent["villages"],
            kinds=sent["kinds"],
            mode=mode,
            letters=sent["letters"],
            draft=sent["draft"],
            color="cmyk" if sent["cmyk"] else "rgb",
            template=sent["template"],
            names=not sent["no_names"],
        )
    except DiachisoError as exc:
        return await _print_page(
            request, state, lang, auth, commune.name, status=422, refused=exc, sent=sent
        )
    return await _print_page(request, state, lang, auth, commune.name, **_done(result))


@router.post("/reprint", response_class=HTMLResponse)
async def reprint_form(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Reprint the plates whose codes were typed, or (``stale=1``) every stale plate."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    commune = await acting_commune(state, auth, form_text(form, "commune"))
    codes = _SPLIT.split(str(form.get("codes") or "").strip())
    body = ReprintBody(
        codes=[c for c in codes if c],
        stale=form.get("stale") == "1",
        draft=form.get("draft") == "1",
    )
    try:
        result = await reprint(state, auth, commune, body)
    except DiachisoError as exc:
        return await _print_page(request, state, lang, auth, commune.name, status=422, refused=exc)
    return await _print_page(request, state, lang, auth, commune.name, **_done(result))


@router.post("/notify", response_class=HTMLResponse)
async def notify_batch_form(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Record the households of a final batch as notified (its letters handed over at a
    meeting): the service of `points notify --batch`; a draft or unknown batch, the page says
    why."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    commune = await acting_commune(state, auth, form_text(form, "commune"))
    label = form_text(form, "batch") or ""
    try:
        result = await run_in_threadpool(
            lambda: notify_points(
                state.registry, commune, actor=auth.user.actor, batch=label, user=auth.user
            )
        )
    except DiachisoError as exc:
        return await _print_page(request, state, lang, auth, commune.name, status=422, refused=exc)
    said = {"label": label, "notified": len(result.notified), "already": len(result.already)}
    return await _print_page(request, state, lang, auth, commune.name, notify_done=said)


def _done(result: PrintResult) -> dict[str, Any]:
    return {"done": batch_doc(result), "done_draft": result.batch.printed == 0}


async def _print_page(
    request: Request,
    state: AppState,
    lang: Lang,
    auth: Auth,
    name: str | None,
    *,
    status: int = 200,
    refused: DiachisoError | None = None,
    **context: Any,
) -> HTMLResponse:
    """The section's page: the form (villages with how many plates wait to be printed), the
    past batches, the reprint form. An admin of several communes chooses one first."""

    def read() -> tuple[list[Commune], Commune | None, list[tuple[str, int]]]:
        with state.registry.read() as conn:
            communes, chosen = choose_commune(conn, auth.user, name)
            if chosen is None:
                return communes, None, []
            doc = coverage(conn, chosen)
        return (
            communes,
            chosen,
            [(v["village"], v["coded"] - v["printed"]) for v in doc["villages"]],
        )

    communes, chosen, villages = await run_in_threadpool(read)
    return console_page(
        request,
        "console_print.html",
        lang,
        auth,
        status=status,
        w=_words(lang),
        commune=chosen,
        communes=communes,
        several=len(communes) > 1,
        villages=villages,
        kinds=[k.value for k in Kind],
        templates=PLATE_TEMPLATES,
        own_template=(chosen.plate_template or DEFAULT_TEMPLATE) if chosen else DEFAULT_TEMPLATE,
        url_refusal=_url_refusal(state.settings.public_url, lang),
        past=[_past(b, lang) for b in await list_batches(state, chosen)] if chosen else [],
        refused=refused.message(lang) if refused else None,
        **context,
    )


def _past(batch: PastBatch, lang: Lang) -> dict[str, Any]:
    """A past batch for the table, its time in the server's own zone (the commune's: the app
    runs on the officer's laptop or the province's server)."""
    when = format_datetime(batch.created_at, lang, tz=VIETNAM)
    # the event log's "user:Minh" is the person Minh; the CLI's actors are shown as they are
    return {**batch.as_dict(), "when": when, "who": batch.actor.removeprefix("user:")}


def _url_refusal(public_url: str, lang: Lang) -> str | None:
    """Why a final batch would be refused with this PUBLIC_URL, in the printing service's
    words (None: it would print)."""
    try:
        check_public_url(public_url, draft=False)
    except DiachisoError as exc:
        return exc.message(lang)
    return None
