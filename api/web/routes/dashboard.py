"""The coverage dashboard (`GET /dashboard`): the table per village, the chart of installations,
the open problem reports; and the table as CSV and Excel downloads."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from api.web.dashboard import (
    chart_svg,
    page_columns,
    table_rows,
    to_csv,
    to_xlsx,
    words,
)
from api.web.deps import AppState, LangDep, StateDep, render
from api.web.i18n import Lang
from gis.field.reports import list_reports
from gis.registry.communes import get_commune
from gis.views.aggregates import installations_per_day
from gis.views.coverage import coverage
from gis.views.stale import stale_counts

__all__ = ["router"]

router = APIRouter(tags=["pages"])
CommuneQuery = Annotated[
    str | None, Query(description="The commune, when the registry holds more than one")
]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/dashboard", response_class=HTMLResponse, summary="The coverage dashboard (HTML)")
def dashboard(
    request: Request, state: StateDep, lang: LangDep, commune: CommuneQuery = None
) -> HTMLResponse:
    with state.registry.read() as conn:
        found = get_commune(conn, commune, field="commune")
        doc = coverage(conn, found)
        days = installations_per_day(conn, found)
        reports = list_reports(conn, found, open_only=True)
        stale = stale_counts(conn, found)  # plates whose words a merge or rename changed
    whole = doc["commune"]
    missing = (whole["expected"] or 0) - whole["total"]
    html = render(
        request,
        "dashboard.html",
        lang,
        d=words(lang),
        commune=found.name,
        whole=whole,
        missing=missing,
        columns=page_columns(lang),
        rows=table_rows(doc, lang),
        chart=Markup(chart_svg(days, whole["total"], lang)),  # built with every text escaped
        has_chart=bool(days),
        reports=reports,
        stale=stale,
        suffix=_suffix(lang, commune),
    )
    return HTMLResponse(html)


@router.get(
    "/dashboard/coverage.csv",
    summary="The dashboard's table as CSV (UTF-8)",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def dashboard_csv(state: StateDep, lang: LangDep, commune: CommuneQuery = None) -> Response:
    rows = _rows(state, lang, commune)
    # A byte-order mark so that Excel reads the Vietnamese names as UTF-8.
    body = "\ufeff" + to_csv(rows, lang)
    return Response(body, media_type="text/csv; charset=utf-8", headers=_download("csv"))


@router.get(
    "/dashboard/coverage.xlsx",
    summary="The dashboard's table as an Excel workbook",
    response_class=Response,
    responses={200: {"content": {XLSX: {}}}},
)
def dashboard_xlsx(state: StateDep, lang: LangDep, commune: CommuneQuery = None) -> Response:
    return Response(
        to_xlsx(_rows(state, lang, commune), lang), media_type=XLSX, headers=_download("xlsx")
    )


def _rows(state: AppState, lang: Lang, commune: str | None) -> list[dict[str, Any]]:
    with state.registry.read() as conn:
        return table_rows(coverage(conn, get_commune(conn, commune, field="commune")), lang)


def _download(ext: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="coverage.{ext}"'}


def _suffix(lang: Lang, commune: str | None) -> str:
    return "?" + urlencode({"lang": lang, **({"commune": commune} if commune else {})})
