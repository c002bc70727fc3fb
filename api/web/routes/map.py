"""The coverage map: the folium page (`GET /map`) and the live data it asks for as the view moves
(`GET /api/map/features`). The page holds no data; every open and every move asks again."""

from __future__ import annotations

import secrets
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse

from api.web.deps import LangDep, StateDep
from api.web.mapview import MapPage, render_map, tile_host
from api.web.security import nonce_csp
from gis.registry.communes import get_commune
from gis.storage.schema import KINDS
from gis.views.aggregates import MAX_FEATURES, MapView, commune_bounds, map_features, parse_bbox

__all__ = ["router"]

router = APIRouter(tags=["map"])
CommuneQuery = Annotated[
    str | None, Query(description="The commune, when the registry holds more than one")
]


@router.get("/map", response_class=HTMLResponse, summary="The coverage map (HTML)")
def map_page(state: StateDep, lang: LangDep, commune: CommuneQuery = None) -> HTMLResponse:
    with state.registry.read() as conn:
        found = get_commune(conn, commune, field="commune")
        bounds = commune_bounds(conn, found)
    query = "?" + urlencode({"commune": found.name}) if commune else ""
    page = MapPage(found.name, bounds, lang, state.settings.map_tiles, "", query=query)
    nonce = secrets.token_urlsafe(18)
    html = render_map(page, nonce=nonce)
    headers = {
        "Content-Security-Policy": nonce_csp(nonce, tile_host(state.settings.map_tiles)),
        "Cache-Control": "no-store",
    }
    return HTMLResponse(html, headers=headers)


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
def features(
    state: StateDep,
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
    with state.registry.read() as conn:
        return map_features(conn, get_commune(conn, commune, field="commune"), view)
