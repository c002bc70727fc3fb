"""The volunteer's field app, first part: the worklist page (`GET /field`) and its data
(`GET /api/field/worklist`). The page holds no data of its own, only its words and settings;
its script asks the API, so that the page can later be kept for offline use apart from the
data it shows."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from addrgen.vocab import REPORT_REASONS
from api.web.apierror import ApiError
from api.web.deps import AppState, LangDep, MaybeAuthDep, StateDep, render
from api.web.field_words import CARD_JS_KEYS, FIELD_JS_KEYS, OFFLINE_JS_KEYS
from api.web.i18n import TEXTS, Lang
from api.web.mapview import tile_host, tile_url
from api.web.models import ErrorBody
from api.web.security import tiles_csp
from gis.field.accounts import User
from gis.views.worklist import FILTERS, Filter, counts, outlines, scope_villages, worklist

__all__ = ["card_texts", "offline_texts", "router"]

router = APIRouter(tags=["field work"])
#: Personal data in every answer: kept by no cache but the user's own browser's, never shared.
PRIVATE = {"Cache-Control": "private, no-store", "Vary": "Cookie, Authorization"}
#: The service worker's script: served from the root, since a worker's scope cannot reach above
#: the folder of its script and the worker answers /field and /A/{code}.
SERVICE_WORKER = Path(__file__).resolve().parents[1] / "static" / "sw.js"


@router.get("/sw.js", include_in_schema=False)
async def service_worker() -> FileResponse:
    """Asked again on every visit (no-cache), so that a new version of the app reaches the
    phones at their next visit with signal."""
    return FileResponse(
        SERVICE_WORKER,
        media_type="text/javascript",
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/field", response_class=HTMLResponse, summary="The volunteer's worklist (HTML)")
async def field_page(request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep) -> Any:
    """A signed-in user's worklist; anyone else a page saying how to sign in (answered here,
    not redirected: the sign-in is a link from the volunteer's card, not a form)."""
    csp = tiles_csp(tile_host(state.settings.map_tiles))
    headers = {**PRIVATE, "Content-Security-Policy": csp}
    if auth is None:
        page = render(request, "field_signin.html", lang, csrf=None)
        return HTMLResponse(page, headers=headers)
    page = render(
        request,
        "field.html",
        lang,
        user=auth.user,
        csrf=auth.csrf,
        tiles=tile_url(state.settings.map_tiles) or "",
        js_texts=_js_texts(lang),
        offline_texts=offline_texts(lang),
        card_texts=card_texts(lang),
        reasons=REPORT_REASONS,
        filters=FILTERS,
    )
    return HTMLResponse(page, headers=headers)


@router.get(
    "/api/field/worklist",
    summary="The signed-in user's worklist: their villages' plates in walking order",
    description=(
        "The coded plates of the villages the user works on (a volunteer's own, an officer's "
        "commune's), village by village, in the walking order of the latest final batch that "
        "printed each (plates never printed last, by code). Each plate carries the household "
        "head's name: personal data, answered only to an entrusted user. `counts` tallies the "
        "whole list whatever `state` picks. `state`: `remaining` (not yet on the wall), "
        "`review` (flagged for the officer), `done` (installed). `outlines`: the villages' "
        "boundaries as a GeoJSON FeatureCollection (WGS 84, simplified to about a metre), each "
        "with its `name` and its `counts`, for the worklist's map."
    ),
    responses={
        401: {"model": ErrorBody, "description": "Not signed in"},
        403: {"model": ErrorBody, "description": "A village outside the user's"},
    },
)
async def worklist_data(
    state: StateDep,
    auth: MaybeAuthDep,
    village: Annotated[str | None, Query(description="One of the user's villages, by name")] = None,
    state_filter: Annotated[
        Filter | None, Query(alias="state", description="Only the plates in this state")
    ] = None,
) -> JSONResponse:
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    body = await run_in_threadpool(_worklist, state, auth.user, village, state_filter)
    return JSONResponse(body, headers=PRIVATE)


def _worklist(
    state: AppState, user: User, village: str | None, state_filter: Filter | None
) -> dict[str, Any]:
    with state.registry.read() as conn:
        within = scope_villages(conn, user=user, village=village)
        items = worklist(conn, within=within)
        shapes = outlines(conn, within=within, items=items)
    shown = [i for i in items if state_filter is None or i.state == state_filter]
    return {
        "villages": [v.name for v in within],
        "counts": counts(items),
        "plates": [i.as_dict() for i in shown],
        "outlines": shapes,
    }


@cache
def _js_texts(lang: Lang) -> dict[str, str]:
    """The words the page's script shows, and the status labels it puts on each plate."""
    words = {
        k.removeprefix("page.field."): TEXTS[lang][k.removeprefix("page.")] for k in FIELD_JS_KEYS
    }
    statuses = {k: v for k, v in TEXTS[lang].items() if k.startswith("status.")}
    return {**words, **statuses}


@cache
def offline_texts(lang: Lang) -> dict[str, str]:
    """The offline part's words (static/field_store.js, field.js), the same on every page that
    keeps things for offline use (the worklist and a volunteer's plate page)."""
    return _part_texts(lang, "page.field.offline.", OFFLINE_JS_KEYS)


@cache
def card_texts(lang: Lang) -> dict[str, str]:
    """The confirmation card's words (static/field_card.js), the same on every page that has
    the card (the worklist and a plate's page)."""
    return _part_texts(lang, "page.field.card.", CARD_JS_KEYS)


def _part_texts(lang: Lang, prefix: str, keys: tuple[str, ...]) -> dict[str, str]:
    """One part's words by their names within the part, for its script's own JSON block."""
    return {k.removeprefix(prefix): TEXTS[lang][k.removeprefix("page.")] for k in keys}
