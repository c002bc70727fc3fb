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
from api.web.routes.fieldwork import REFUSALS as FIELD_REFUSALS
from gis.errors import NotFound
from gis.field.accounts import managed_communes
from gis.registry.communes import Commune
from gis.views.exporting import ExportFormat, export_crs

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["console"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    code: FIELD_REFUSALS[code]
    for code in (401, 403, 422)  # no code in the path: no 404
}


@router.get(
    "/export",
    summary="The points of a commune or of all the user manages: GeoJSON, GeoPackage, CSV, Excel",
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
    crs: str | None = None,
) -> Response:
    """The file ``export --format`` writes for the commune named, else for every commune the
    user manages (an admin's: the province's registry; an officer's: their own); ``crs`` as
    ``--crs`` (EPSG:9209, VN-2000). The Excel sheet in the request's language."""
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    epsg = export_crs(crs or None)

    def places() -> list[Commune]:
        with state.registry.read() as conn:
            return managed_communes(conn, auth.user, commune or None)

    chosen = await run_in_threadpool(places)
    if not chosen:  # an officer whose commune was merged away: it no longer stands
        raise NotFound("registry.no_commune")
    lang = api_lang(request)
    done = await run_in_threadpool(
        lambda: export_file(state.registry, chosen, fmt=fmt, lang=lang, crs=epsg)
    )
    disposition = f"attachment; filename*=UTF-8''{quote(done.file_name)}"
    headers = {"Cache-Control": "private, no-store", "Content-Disposition": disposition}
    return Response(done.content, media_type=done.media_type, headers=headers)
