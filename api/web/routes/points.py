"""Public reads of points: one by code, many as a paged GeoJSON FeatureCollection."""

from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from api.web.caching import PUBLIC, public_link
from api.web.deps import AppState, StateDep, read_soon, state_of
from api.web.errors import ApiError
from api.web.models import ErrorBody, FeatureCollectionPublic, FeaturePublic
from api.web.request_limits import MAX_ID
from gis.views.public import MAX_PAGE, PointFilter, list_public, locate_code, public_feature

__all__ = ["router"]

router = APIRouter(prefix="/api/points", tags=["points"])
BBOX_HELP = "minlon,minlat,maxlon,maxlat (WGS 84)"
BBOX_EXAMPLE = "105.9,18.3,106.0,18.4"
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorBody, "description": "A bad check digit or an unknown code"}
}


@router.get(
    "/{code}",
    summary="One point's public fields as a GeoJSON Feature",
    responses={200: {"model": FeaturePublic}, **NOT_FOUND},
)
async def get_point(code: str, request: Request) -> JSONResponse:
    """A 10-digit national-form code answers with ``"verified": false``: it carried no check
    digit."""
    with state_of(request).registry.read() as conn:
        located = locate_code(conn, code)
    feature = public_feature(located.point, located.commune)
    feature["verified"] = located.verified
    return JSONResponse(feature, headers=PUBLIC)


@router.get(
    "",
    summary="Points as a paged GeoJSON FeatureCollection",
    responses={200: {"model": FeatureCollectionPublic}, 422: {"model": ErrorBody}},
)
async def list_points(
    request: Request,
    state: StateDep,
    village: Annotated[str | None, Query(description="Village name")] = None,
    kind: Annotated[str | None, Query(description="household, agency or heritage")] = None,
    status: Annotated[str | None, Query(description="registered … retired")] = None,
    bbox: Annotated[str | None, Query(description=BBOX_HELP, examples=[BBOX_EXAMPLE])] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
    cursor: Annotated[str | None, Query(description="next_cursor of the previous page")] = None,
) -> JSONResponse:
    where = PointFilter(village=village, kind=kind, status=status, bbox=_bbox(bbox))
    features, last = await read_soon(state, _page, state, where, limit, _after(cursor))
    next_cursor = None if last is None else _cursor(last)
    links = []
    if next_cursor is not None:
        query = request.url.include_query_params(cursor=next_cursor).query
        href = public_link(state.settings.public_url, request.url.path, query)
        links.append({"rel": "next", "href": href})
    body = {
        "type": "FeatureCollection",
        "features": features,
        "numberReturned": len(features),
        "next_cursor": next_cursor,
        "links": links,
    }
    return JSONResponse(body, headers=PUBLIC)


def _page(
    state: AppState, where: PointFilter, limit: int, after: int
) -> tuple[list[dict[str, Any]], int | None]:
    with state.registry.read() as conn:
        return list_public(conn, where, limit=limit, after_id=after)


def _bbox(text: str | None) -> tuple[float, float, float, float] | None:
    if text is None:
        return None
    try:
        x0, y0, x1, y1 = (float(v) for v in text.split(","))
    except ValueError:
        raise ApiError(422, "invalid_bbox", "web.bbox_shape", field="bbox", value=text) from None
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise ApiError(422, "invalid_bbox", "web.bbox_range", field="bbox", value=text)
    return x0, y0, x1, y1


def _cursor(after_id: int) -> str:
    return base64.urlsafe_b64encode(f"p:{after_id}".encode()).decode().rstrip("=")


def _after(cursor: str | None) -> int:
    """Cursors are opaque to clients; inside, the last id of the previous page."""
    if cursor is None:
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        # At most 19 digits: a larger number is beyond any id (and the database driver's
        # integers); int() of a long digit string is itself slow.
        if text.startswith("p:") and text[2:].isdigit() and len(text) <= 21:
            after = int(text[2:])
            if after <= MAX_ID:
                return after
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise ApiError(422, "invalid_cursor", "web.bad_cursor", field="cursor")
