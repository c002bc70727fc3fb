"""The console's points section (issue 15, "Điểm địa chỉ"): search the commune's points by code,
name, reference or house number; a point's page with its details and its history (the event
log, in the catalog's words); edit its texts (the service behind `points edit`, with its text
rules), move it to a typed position (`points move`'s) and retire it with a reason (the service
behind `points retire`)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from addrgen.catalog import t
from addrgen.formatting import format_datetime, format_decimal
from addrgen.retiring import REASON_KEYS, RetireReason, say_retire_reason
from addrgen.vocab import Kind
from api.services.glyphs import plate_glyphs
from api.web.console_kit import console_page, form_text, officer_or_signin, position_text
from api.web.deps import AppState, Auth, LangDep, MaybeAuthDep, StateDep, WriterDep
from api.web.i18n import TEXTS, Lang
from api.web.officer import choose_commune
from api.web.request_limits import IdPath
from gis.errors import InvalidInput
from gis.field.accounts import managed_commune
from gis.field.notices import allow_confirm
from gis.ingest.numbers import parse_number
from gis.registry.communes import Commune
from gis.registry.point_search import PointEvent, point_history, search_points
from gis.registry.points import (
    EDITABLE,
    PointRecord,
    edit_point,
    find_point,
    move_point,
    retire_point,
)

__all__ = ["router"]

router = APIRouter(prefix="/console/points", tags=["console"], include_in_schema=False)
#: The history's actions the catalog words (``page.console.points.event.<action>``); any other
#: is "changed" in general words rather than its code.
EVENT_WORDS = frozenset(
    {
        "point.register",
        "point.code",
        "point.print",
        "point.reprint",
        "point.edit",
        "point.move",
        "point.retire",
        "point.install",
        "point.review_clear",
        "point.review_move",
        "point.notify",
        "point.allow_confirm",
    }
)


@dataclass(frozen=True)
class PointPage:
    """One point of a commune and its history, read in one transaction."""

    commune: Commune
    point: PointRecord
    history: list[PointEvent]


@router.get("", response_class=HTMLResponse)
async def points_page(
    request: Request,
    state: StateDep,
    lang: LangDep,
    auth: MaybeAuthDep,
    q: str = "",
    commune: str | None = None,
) -> HTMLResponse:
    """The search form and, with ``q``, the points found."""
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer

    def read() -> tuple[list[Commune], Commune | None, list[PointRecord]]:
        with state.registry.read() as conn:
            communes, chosen = choose_commune(conn, officer.user, commune)
            if chosen is None or not q.strip():
                return communes, chosen, []
            return communes, chosen, search_points(conn, commune=chosen, query=q)

    communes, chosen, found = await run_in_threadpool(read)
    return console_page(
        request,
        "console_points.html",
        lang,
        officer,
        communes=communes,
        several=len(communes) > 1,
        chosen=chosen,
        q=q.strip(),
        found=found,
    )


@router.get("/{point_id}", response_class=HTMLResponse)
async def point_page(
    point_id: IdPath,
    request: Request,
    state: StateDep,
    lang: LangDep,
    auth: MaybeAuthDep,
    commune: str | None = None,
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    return await _point_page(request, state, lang, officer, point_id, commune)


@router.post("/{point_id}/edit", response_class=HTMLResponse)
async def point_edit(
    point_id: IdPath, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """The texts the officer changed, through `points edit`'s service (its text rules; nothing
    changed: the catalog's "nothing to change", 422)."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name = form_text(form, "commune")
    shown = await _read(state, auth, point_id, name)
    changes = {
        field: text
        for field in EDITABLE
        if isinstance(text := form.get(field), str) and _changed(getattr(shown.point, field), text)
    }
    await run_in_threadpool(
        lambda: edit_point(
            state.registry,
            shown.commune,
            f"#{point_id}",
            actor=auth.user.actor,
            glyphs=plate_glyphs(),
            **changes,
        )
    )
    return await _point_page(request, state, lang, auth, point_id, name, done="edited")


@router.post("/{point_id}/retire", response_class=HTMLResponse)
async def point_retire(
    point_id: IdPath, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Retire the point with a reason of the vocabulary (stored as its code, shown in the
    reader's language) and the officer's note, through `points retire`'s service (the code
    stays, never reused; "other" needs the note)."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name = form_text(form, "commune")
    reason, note = str(form.get("reason") or ""), form_text(form, "note")
    shown = await _read(state, auth, point_id, name)
    await run_in_threadpool(
        lambda: retire_point(
            state.registry,
            shown.commune,
            f"#{point_id}",
            reason=reason,
            note=note,
            actor=auth.user.actor,
        )
    )
    return await _point_page(request, state, lang, auth, point_id, name, done="retired")


@router.post("/{point_id}/allow-confirm", response_class=HTMLResponse)
async def point_allow_confirm(
    point_id: IdPath, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Allow confirming this point's plate although it never was in a final batch (a plate
    made outside the system), through `points allow-confirm`'s service."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name = form_text(form, "commune")
    shown = await _read(state, auth, point_id, name)
    await run_in_threadpool(
        lambda: allow_confirm(state.registry, shown.commune, f"#{point_id}", actor=auth.user.actor)
    )
    return await _point_page(request, state, lang, auth, point_id, name, done="allowed")


@router.post("/{point_id}/move", response_class=HTMLResponse)
async def point_move(
    point_id: IdPath, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Move the point to the typed latitude and longitude (a decimal comma or point, or degrees,
    minutes and seconds, read as an import reads them), through `points move`'s service: its
    code stays, its plus code and village follow; near another point, moved with a warning."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    name = form_text(form, "commune")
    lat = _coordinate(form.get("lat"), 90.0, "lat", "position.bad_latitude")
    lon = _coordinate(form.get("lon"), 180.0, "lon", "position.bad_longitude")
    shown = await _read(state, auth, point_id, name)
    _, warnings = await run_in_threadpool(
        lambda: move_point(
            state.registry, shown.commune, f"#{point_id}", lon=lon, lat=lat, actor=auth.user.actor
        )
    )
    said = [w.message(lang) for w in warnings]
    return await _point_page(
        request, state, lang, auth, point_id, name, done="moved", warnings=said
    )


def _coordinate(given: object, limit: float, field: str, code: str) -> float:
    """One coordinate as typed ("18,317660", "18.31766", "18°19'03.6\"N"); not a number within
    ±``limit``: the catalog's words for a bad latitude or longitude (422)."""
    text = str(given or "").strip()
    try:
        value = parse_number(text, lambda v: abs(v) <= limit)
    except ValueError:  # Ambiguous too
        raise InvalidInput(code, field=field, value=text) from None
    if not abs(value) <= limit:
        raise InvalidInput(code, field=field, value=text)
    return value


def _changed(current: str | None, typed: str) -> bool:
    """Whether the form's value differs from the point's (blank and none are the same)."""
    return " ".join(typed.split()) != " ".join((current or "").split())


async def _read(state: AppState, auth: Auth, point_id: int, name: str | None) -> PointPage:
    """The point of the officer's commune (403 another commune; 404 not in this one)."""

    def read() -> PointPage:
        with state.registry.read() as conn:
            chosen = managed_commune(conn, auth.user, name)
            point, _ = find_point(conn, chosen, f"#{point_id}")
            return PointPage(chosen, point, point_history(conn, point_id=point.id))

    return await run_in_threadpool(read)


async def _point_page(
    request: Request,
    state: AppState,
    lang: Lang,
    auth: Auth,
    point_id: int,
    name: str | None,
    **context: Any,
) -> HTMLResponse:
    shown = await _read(state, auth, point_id, name)
    return console_page(
        request,
        "console_point.html",
        lang,
        auth,
        shown=shown,
        kinds=list(Kind),
        reasons=[(r.value, t(REASON_KEYS[r], lang)) for r in RetireReason],
        retire_words=partial(say_retire_reason, lang=lang),
        words=EVENT_WORDS,
        position=partial(position_text, TEXTS[lang]["console.followup.position"], lang),
        when=partial(format_datetime, lang=lang),
        coordinate=partial(format_decimal, lang=lang, digits=6, grouping=False),
        **context,
    )
