"""The coverage map: the folium page (`GET /map`) and the live data it asks for as the view moves
(`GET /api/map/features`). The page holds no data; every open and every move asks again."""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse

from api.web.caching import PUBLIC, etag_of, not_modified
from api.web.deps import AppState, LangDep, StateDep, read_soon
from api.web.i18n import Lang
from api.web.mapview import MapPage, render_map, tile_host
from api.web.security import csrf_token, nonce_csp
from gis.registry.communes import get_commune
from gis.storage.schema import KINDS
from gis.views.aggregates import MAX_FEATURES, MapView, commune_bounds, map_features, parse_bbox

__all__ = ["router"]

router = APIRouter(tags=["map"])
CommuneQuery = Annotated[
    str | None, Query(description="The commune, when the registry holds more than one")
]


#: Where a kept map page has its nonce; each answer puts a fresh one there. Random, so that no
#: text can hold it (and a name is escaped anyway).
NONCE_SLOT = "slot-" + secrets.token_urlsafe(12)


@router.get("/map", response_class=HTMLResponse, summary="The coverage map (HTML)")
async def map_page(
    request: Request, state: StateDep, lang: LangDep, commune: CommuneQuery = None
) -> Response:
    """The page holds no data, only the commune's name and bounds: kept a few seconds per
    worker (api/web/pagecache.py); a render reads and renders as the other public routes do
    (``read_soon``: on the event loop with SQLite). Public and
    tagged by the kept page, so a client or proxy holding it gets 304; the CSP nonce put into
    the page is derived from that tag, so that a 304 keeps the stored page's CSP valid (a proxy
    serves one page to everyone anyway, and no part of it comes from a visitor)."""
    key = f"/map?{urlencode({'lang': lang, 'commune': commune or ''})}"
    kept = state.pages.get(key)
    if kept is None:
        kept = await read_soon(state, _render_page, state, lang, commune)
        state.pages.put(key, kept)
    etag = etag_of(kept)
    nonce = csrf_token(state.secret_key, f"map:{etag}")[:24]
    headers = {
        "Content-Security-Policy": nonce_csp(nonce, tile_host(state.settings.map_tiles)),
        "Cache-Control": "public, max-age=300",
        "ETag": etag,
        "Vary": "Accept-Language",  # the page's language, without ?lang=
    }
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    html = kept.replace(f'nonce="{NONCE_SLOT}"', f'nonce="{nonce}"')
    return HTMLResponse(html, headers=headers)


def _render_page(state: AppState, lang: Lang, commune: str | None) -> str:
    with state.registry.read() as conn:
        found = get_commune(conn, commune, field="commune")
        bounds = commune_bounds(conn, found)
    query = "?" + urlencode({"commune": found.name}) if commune else ""
    page = MapPage(found.name, bounds, lang, state.settings.map_tiles, "", query=query)
    return render_map(page, nonce=NONCE_SLOT)


@router.get(
    "/api/map/features",
    tags=["coverage"],
    summary=f"What the map draws for a view: villages, clusters or points (≤ {MAX_FEATURES})",
    description=(
        "Below zoom 12, one aggregate per village in view; otherwise the public points when "
        f"no more than {MAX_FEATURES} are in view, else grid clusters. Each aggregate counts "
        "its points by status (`review` counts flagged points whatever their status). Points "
        "carry public fields only."
    ),
)
async def features(
    state: StateDep,
    response: Response,
    bbox: Annotated[str, Query(description="minlon,minlat,maxlon,maxlat (WGS 84)")],
    zoom: Annotated[int, Query(ge=0, le=22, description="The map's zoom level")],
    kinds: Annotated[
        str | None,
        Query(description="Comma-separated kinds to include (all when absent; none when empty)"),
    ] = None,
    commune: CommuneQuery = None,
) -> dict[str, Any]:
    wanted = KINDS if kinds is None else tuple(k for k in kinds.split(",") if k.strip())
    view = MapView(parse_bbox(bbox), zoom, tuple(k.strip() for k in wanted))
    response.headers.update(PUBLIC)
    return await read_soon(state, _features, state, commune, view)


def _features(state: AppState, commune: str | None, view: MapView) -> dict[str, Any]:
    with state.registry.read() as conn:
        return map_features(conn, get_commune(conn, commune, field="commune"), view)
