"""``/A/{code}``: the page behind every plate's QR, and the volunteer's confirmation panel."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from addrgen.codes import ParsedCode, parse_code
from addrgen.vocab import REPORT_REASONS
from api.web.deps import AppState, Auth, auth_of, lang_of, render, state_of
from api.web.i18n import Lang
from api.web.mapview import tile_host, tile_url
from api.web.replay import KEPT_SCOPE, kept_key
from api.web.routes.field import card_texts, offline_texts
from api.web.security import tiles_csp
from gis.registry.reorg import former_units
from gis.views.public import address_line, locate_code

__all__ = ["router"]

router = APIRouter(tags=["pages"])


@router.get(
    "/A/{code}",
    response_class=HTMLResponse,
    summary="The address page behind a plate's QR",
    responses={
        308: {"description": "A grouped or dashed code, redirected to its 11 digits"},
        404: {"description": "A bad check digit, or a code not in the registry"},
    },
)
async def address_page(code: str, request: Request) -> Response:
    """The address, the place on a map and the way there. Any case; the 10-digit national form
    answers with a notice that the code carried no check digit."""
    # The hot path: no dependency injection (FastAPI's solver costs as much as the lookup), and
    # the one indexed read runs inline (WAL readers never wait for a writer).
    state, lang = state_of(request), lang_of(request)
    auth = await auth_of(request, state)
    parsed = parse_code(code)
    if parsed.code is not None and code != parsed.code.canonical:
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/A/{parsed.code.canonical}{query}", status_code=308)
    # Someone not signed in sees the public page: a few seconds old at most, kept per worker.
    key = None if auth else kept_key(request.scope)
    page = state.pages.get(key) if key else None
    if page is None:
        page = _render_page(request, state, lang, code, parsed, auth)
        if key:
            state.pages.put(key, page)
    if key:
        # Its answer may be replayed while the page is kept (api/web/replay.py).
        request.scope[KEPT_SCOPE] = (key, page)
    user = auth.user if auth else None
    cache = "private, no-store" if user is not None else "public, max-age=60"
    # The small map's tiles come from where the map_tiles setting says, or from nowhere.
    csp = tiles_csp(tile_host(state.settings.map_tiles))
    headers = {"Cache-Control": cache, "Vary": "Cookie", "Content-Security-Policy": csp}
    return HTMLResponse(page, headers=headers)


def _render_page(
    request: Request, state: AppState, lang: Lang, code: str, parsed: ParsedCode, auth: Auth | None
) -> str:
    """The address page as ``auth`` sees it (the registry read inline: WAL readers never wait)."""
    with state.registry.read() as conn:
        located = locate_code(conn, code, parsed=parsed)
        # What a plate printed before a merge or rename may still say (None when unchanged).
        formerly = former_units(conn, located.point.id)
    point, user = located.point, auth.user if auth else None
    lat, lon = repr(point.lat), repr(point.lon)
    may_confirm = user is not None and user.may_work_on(
        commune_id=located.commune.id, village_id=located.village_id
    )
    return render(
        request,
        "address.html",
        lang,
        p=point,
        code_display=point.code_display,
        lat=lat,
        lon=lon,
        tiles=tile_url(state.settings.map_tiles) or "",
        google_url=f"https://www.google.com/maps/dir/?api=1&destination={lat},{lon}",
        osm_url=f"https://www.openstreetmap.org/directions?route=%3B{lat}%2C{lon}#map=18/{lat}/{lon}",
        name=point.name if point.kind != "household" else None,
        address=address_line(point, located.commune),
        formerly=formerly,
        verified=located.verified,
        user=user,
        may_confirm=may_confirm and located.verified and point.status != "retired",
        csrf=auth.csrf if auth else None,
        reasons=REPORT_REASONS,
        offline_texts=offline_texts(lang) if user is not None else None,
        card_texts=card_texts(lang) if user is not None else None,
    )


@router.get("/a/{code}", include_in_schema=False)
async def address_page_lower(code: str, request: Request) -> Response:
    """QR scanners and people may lower-case the path: the same page, one canonical URL."""
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/A/{code}{query}", status_code=308)
