"""The console's export page (issue 15, 'Xuất dữ liệu'; issue 18): the formats ``diachiso export``
writes, each a download from ``GET /api/export`` (the same service as the CLI), in WGS 84 and in
the province's VN-2000 zone. An admin of several communes downloads the province's whole
registry, or chooses one commune; an officer, their own."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from api.services.exporting import EXPORT_FORMATS
from api.web.console_kit import console_page, officer_or_signin
from api.web.deps import LangDep, MaybeAuthDep, StateDep
from api.web.officer import choose_commune
from gis.ingest.zones import province_zones
from gis.registry.communes import Commune

__all__ = ["router"]

router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)


@router.get("/export", response_class=HTMLResponse)
async def export_page(
    request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep, commune: str | None = None
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer

    def read() -> tuple[list[Commune], Commune | None]:
        with state.registry.read() as conn:
            return choose_commune(conn, officer.user, commune)

    communes, chosen = await run_in_threadpool(read)
    zones = province_zones((chosen or communes[0]).province) if communes else ()
    return console_page(
        request,
        "console_export.html",
        lang,
        officer,
        commune=chosen,
        communes=communes,
        several=len(communes) > 1,
        formats=EXPORT_FORMATS,
        vn2000=f"EPSG:{zones[0]}" if zones else None,
    )
