"""The registry's export as a download (issue 15, 'Xuất dữ liệu'): ``GET /api/export`` answers
the file ``diachiso export --format …`` writes, through the same service. The console's export
page links here (a GET: the session needs no CSRF token); scripts send a bearer token. Officers
in their commune, admins anywhere: it holds household names, so never public."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.services.exporting import MEDIA_TYPES, export_file
from api.web.deps import MaybeAuthDep, StateDep
from api.web.errors import ApiError, api_lang
from api.web.officer import acting_commune
from api.web.routes.fieldwork import REFUSALS as FIELD_REFUSALS
from gis.views.exporting import ExportFormat

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["console"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    code: FIELD_REFUSALS[code]
    for code in (401, 403, 422)  # no code in the path: no 404
}


@router.get(
    "/export",
    summary="Every point of the commune as GeoJSON, GeoPackage, CSV or Excel (officer)",
    responses={
        **REFUSALS,
        200: {"content": {t: {} for t in MEDIA_TYPES.values()}, "description": "The file"},
    },
    response_class=Response,
)
async def export(
    request: Request,
    state: StateDep,
    auth: MaybeAuthDep,
    fmt: Annotated[ExportFormat, Query(alias="format")],
    commune: str | None = None,
) -> Response:
    """The file ``export --format`` writes for the commune named (or the officer's own); the
    Excel sheet in the request's language."""
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    place = await acting_commune(state, auth, commune)
    lang = api_lang(request)
    done = await run_in_threadpool(lambda: export_file(state.registry, place, fmt=fmt, lang=lang))
    disposition = f"attachment; filename*=UTF-8''{quote(done.file_name)}"
    headers = {"Cache-Control": "private, no-store", "Content-Disposition": disposition}
    return Response(done.content, media_type=done.media_type, headers=headers)
