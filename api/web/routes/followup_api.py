"""The officer's follow-up queues as JSON (issue 15): the points flagged for review (and the
move of one to where the volunteer confirmed it), the problem reports, the stale plates.
Clearing a review (``POST /api/points/{code}/review``) and closing a report
(``POST /api/reports/{id}/close``) are the field-work routes'. Session (with its CSRF token) or
bearer token; officers in their commune, admins anywhere."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from api.web.deps import AppState, Auth, MaybeAuthDep, StateDep, WriterDep
from api.web.errors import ApiError, api_lang
from api.web.models import ErrorBody, NoteBody
from api.web.officer import acting_commune
from api.web.routes.fieldwork import REFUSALS as FIELD_REFUSALS
from gis.field.reports import list_reports, move_to_confirmed, review_list
from gis.registry.communes import Commune
from gis.views.stale import stale_plates

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["console"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    **FIELD_REFUSALS,
    409: {"model": ErrorBody, "description": "Not flagged for review, or never confirmed"},
}


async def _queue(
    state: AppState,
    auth: Auth | None,
    name: str | None,
    read: Callable[[Connection, Commune], list[Any]],
) -> list[dict[str, Any]]:
    """One of the officer's queues of the commune named (or their own), as JSON: 401 without
    credentials (a GET needs no CSRF token), 403 for a volunteer or another commune's officer."""
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    commune = await acting_commune(state, auth, name)

    def rows() -> list[dict[str, Any]]:
        with state.registry.read() as conn:
            return [row.as_dict() for row in read(conn, commune)]

    return await run_in_threadpool(rows)


@router.get(
    "/review",
    summary="The points flagged for review, with their latest confirmation",
    responses=REFUSALS,
)
async def review_queue(
    state: StateDep, auth: MaybeAuthDep, commune: str | None = None
) -> list[dict[str, Any]]:
    return await _queue(state, auth, commune, review_list)


@router.post(
    "/points/{code}/review/move",
    summary="Move a flagged point to its confirmed position and clear the flag (officer)",
    responses=REFUSALS,
)
async def review_move(
    code: str, body: NoteBody, request: Request, state: StateDep, auth: WriterDep
) -> dict[str, Any]:
    """Its ``warnings``: another point within a few metres of the new position, in words."""
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    point, warnings = await run_in_threadpool(
        lambda: move_to_confirmed(
            state.registry, code, note=body.note, actor=auth.user.actor, user=auth.user
        )
    )
    return {
        "code": point.code,
        "status": point.status,
        "needs_review": point.needs_review,
        "village": point.village,
        "lat": point.lat,
        "lon": point.lon,
        "warnings": [{"code": w.code, "message": w.message(api_lang(request))} for w in warnings],
    }


@router.get("/reports", summary="The commune's problem reports", responses=REFUSALS)
async def reports(
    state: StateDep, auth: MaybeAuthDep, commune: str | None = None, open: bool = False
) -> list[dict[str, Any]]:
    return await _queue(state, auth, commune, lambda conn, c: list_reports(conn, c, open_only=open))


@router.get(
    "/stale",
    summary="Printed plates whose words no longer say the address (to reprint)",
    responses=REFUSALS,
)
async def stale(
    state: StateDep, auth: MaybeAuthDep, commune: str | None = None
) -> list[dict[str, Any]]:
    return await _queue(state, auth, commune, stale_plates)
