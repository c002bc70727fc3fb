"""OGC API – Features (Part 1 Core, GeoJSON, OpenAPI 3.0; Part 2 CRS) under ``/ogc``: the
registry as a live layer for QGIS, ArcGIS, GDAL and OWSLib. Thin: the collections are
:mod:`gis.views.ogc`'s; this module adds the links (under PUBLIC_URL, never the request's Host
header) and the headers. docs/design.md ("OGC API – Features") says why these are our own
routes rather than pygeoapi's."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import Connection, select

from addrgen.catalog import t
from api.web.caching import PUBLIC
from api.web.deps import AppState, Auth, LangDep, MaybeAuthDep, StateDep, read_soon
from api.web.i18n import Lang
from api.web.models import ErrorBody
from gis.errors import NotFound
from gis.storage.schema import communes
from gis.views.ogc import (
    COLLECTIONS,
    ItemsQuery,
    Page,
    collection_item,
    collection_items,
    extent,
    offered_crs,
)
from gis.views.ogc_crs import CRS84, OgcCrs, parse_bbox_in, parse_ogc_crs
from gis.views.public import PointFilter

__all__ = ["router"]

router = APIRouter(prefix="/ogc", tags=["ogc"])
GEOJSON = "application/geo+json"
CONFORMANCE = [
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
]
REFUSALS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter out of range or a CRS not offered"},
    404: {"model": ErrorBody, "description": "An unknown collection or feature"},
    422: {"model": ErrorBody, "description": "A parameter of the wrong type or vocabulary"},
}
PRIVATE = {"Cache-Control": "private, no-store"}  # an officer's answer holds personal data
CrsQuery = Annotated[str | None, Query(description="The coordinates' system (default CRS84)")]


class GeoJSONResponse(JSONResponse):
    media_type = GEOJSON


def _href(state: AppState, path: str, query: str = "") -> str:
    return f"{state.settings.public_url}/ogc{path}{'?' + query if query else ''}"


def _link(state: AppState, rel: str, path: str, kind: str, title: str = "") -> dict[str, str]:
    link = {"rel": rel, "type": kind, "href": _href(state, path)}
    return link | ({"title": title} if title else {})


@router.get("", summary="OGC API – Features landing page")
def landing(state: StateDep, lang: LangDep) -> JSONResponse:
    base = state.settings.public_url
    body = {
        "title": t("ogc.title", lang),
        "description": t("ogc.description", lang),
        "links": [
            _link(state, "self", "", "application/json"),
            {
                "rel": "service-desc",
                "type": "application/vnd.oai.openapi+json;version=3.0",
                "href": f"{base}/openapi.json",
            },
            _link(state, "conformance", "/conformance", "application/json"),
            _link(state, "data", "/collections", "application/json"),
        ],
    }
    return JSONResponse(body, headers=PUBLIC)


@router.get("/conformance", summary="The conformance classes the service implements")
def conformance() -> JSONResponse:
    return JSONResponse({"conformsTo": CONFORMANCE}, headers=PUBLIC)


@router.get("/collections", summary="The registry's collections: points, villages, communes")
async def collections(state: StateDep, lang: LangDep) -> JSONResponse:
    offered, bounds = await read_soon(state, _metadata, state)
    body = {
        "links": [_link(state, "self", "/collections", "application/json")],
        "collections": [_collection(state, c, lang, offered, bounds) for c in COLLECTIONS],
    }
    return JSONResponse(body, headers=PUBLIC)


@router.get("/collections/{collection}", summary="One collection's description", responses=REFUSALS)
async def collection(collection: str, state: StateDep, lang: LangDep) -> JSONResponse:
    if collection not in COLLECTIONS:
        raise NotFound("ogc.no_collection", field="collection", value=collection)
    offered, bounds = await read_soon(state, _metadata, state)
    return JSONResponse(_collection(state, collection, lang, offered, bounds), headers=PUBLIC)


def _metadata(state: AppState) -> tuple[list[OgcCrs], list[float] | None]:
    with state.registry.read() as conn:
        return offered_crs(conn), extent(conn)


def _collection(
    state: AppState, name: str, lang: Lang, offered: list[OgcCrs], bounds: list[float] | None
) -> dict[str, Any]:
    path = f"/collections/{name}"
    body: dict[str, Any] = {
        "id": name,
        "title": t(COLLECTIONS[name], lang),
        "itemType": "feature",
        "crs": [c.uri for c in offered],
        "storageCrs": CRS84,
        "links": [
            _link(state, "self", path, "application/json"),
            _link(state, "items", f"{path}/items", GEOJSON),
        ],
    }
    if bounds is not None:
        body["extent"] = {"spatial": {"bbox": [bounds], "crs": CRS84}}
    return body


@router.get(
    "/collections/{collection}/items",
    summary="A page of a collection's features",
    responses={200: {"content": {GEOJSON: {}}, "description": "GeoJSON"}, **REFUSALS},
)
async def items(
    collection: str,
    request: Request,
    state: StateDep,
    auth: MaybeAuthDep,
    bbox: Annotated[str | None, Query(description="x0,y0,x1,y1 in bbox-crs")] = None,
    bbox_crs: Annotated[str | None, Query(alias="bbox-crs")] = None,
    crs: CrsQuery = None,
    limit: Annotated[int, Query(description="1 to 10,000")] = 100,
    offset: Annotated[int, Query()] = 0,
    village: Annotated[str | None, Query(description="points: village name")] = None,
    kind: Annotated[str | None, Query(description="points: household, agency, heritage")] = None,
    status: Annotated[str | None, Query(description="points: registered … retired")] = None,
) -> GeoJSONResponse:
    if collection not in COLLECTIONS:
        raise NotFound("ogc.no_collection", field="collection", value=collection)
    stamp = datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    args = (state, collection, crs, bbox_crs, bbox, limit, offset, auth)
    out_crs, page = await read_soon(state, _items, *args, PointFilter(village, kind, status))
    body = {
        "type": "FeatureCollection",
        "timeStamp": stamp,
        "numberMatched": page.matched,
        "numberReturned": len(page.features),
        "features": page.features,
        "links": _page_links(request, state, collection, limit, offset, page),
    }
    return GeoJSONResponse(body, headers=_headers(auth, out_crs))


def _headers(auth: Auth | None, crs: OgcCrs) -> dict[str, str]:
    """Anonymous answers are cached like the public API's; a signed-in reader's never."""
    return (PUBLIC if auth is None else PRIVATE) | {"Content-Crs": f"<{crs.uri}>"}


def _items(
    state: AppState,
    collection: str,
    crs: str | None,
    bbox_crs: str | None,
    bbox: str | None,
    limit: int,
    offset: int,
    auth: Auth | None,
    where: PointFilter,
) -> tuple[OgcCrs, Page]:
    """The page, read in one connection (a thread on PostgreSQL). Its many arguments are the
    request's parameters, passed through :func:`read_soon` as they came."""
    with state.registry.read() as conn:
        offered = offered_crs(conn)
        out_crs = parse_ogc_crs(crs, offered, field="crs")
        box = parse_bbox_in(bbox, parse_ogc_crs(bbox_crs, offered, field="bbox-crs"))
        query = ItemsQuery(
            where=PointFilter(where.village, where.kind, where.status, box),
            limit=limit,
            offset=offset,
            crs=out_crs,
            full_communes=_full_communes(conn, auth),
        )
        return out_crs, collection_items(conn, collection, query=query)


def _full_communes(conn: Connection, auth: Auth | None) -> frozenset[int]:
    """The communes whose full records this reader may see: an officer's own, an admin's all."""
    if auth is None or not auth.user.is_officer:
        return frozenset()
    if auth.user.role == "admin":
        return frozenset(conn.execute(select(communes.c.id)).scalars())
    return frozenset() if auth.user.commune_id is None else frozenset({auth.user.commune_id})


def _page_links(
    request: Request, state: AppState, collection: str, limit: int, offset: int, page: Page
) -> list[dict[str, str]]:
    path = f"/collections/{collection}/items"
    links = [{"rel": "self", "type": GEOJSON, "href": _href(state, path, request.url.query)}]
    steps = []
    if offset + len(page.features) < page.matched:
        steps.append(("next", offset + limit))
    if offset > 0:
        steps.append(("prev", max(0, offset - limit)))
    for rel, start in steps:
        query = request.url.include_query_params(offset=start, limit=limit).query
        links.append({"rel": rel, "type": GEOJSON, "href": _href(state, path, query)})
    links.append(_link(state, "collection", f"/collections/{collection}", "application/json"))
    return links


@router.get(
    "/collections/{collection}/items/{item}",
    summary="One feature by its id",
    responses={200: {"content": {GEOJSON: {}}, "description": "GeoJSON"}, **REFUSALS},
)
async def item(
    collection: str,
    item: str,
    state: StateDep,
    auth: MaybeAuthDep,
    crs: CrsQuery = None,
) -> GeoJSONResponse:
    out_crs, feature = await read_soon(state, _item, state, collection, item, crs, auth)
    path = f"/collections/{collection}"
    feature["links"] = [
        {"rel": "self", "type": GEOJSON, "href": _href(state, f"{path}/items/{item}")},
        _link(state, "collection", path, "application/json"),
    ]
    return GeoJSONResponse(feature, headers=_headers(auth, out_crs))


def _item(
    state: AppState, collection: str, item: str, crs: str | None, auth: Auth | None
) -> tuple[OgcCrs, dict[str, Any]]:
    with state.registry.read() as conn:
        out_crs = parse_ogc_crs(crs, offered_crs(conn), field="crs")
        query = ItemsQuery(crs=out_crs, full_communes=_full_communes(conn, auth))
        return out_crs, collection_item(conn, collection, item, query=query)
