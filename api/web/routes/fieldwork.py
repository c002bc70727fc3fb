"""Writes from the field and the office: confirming a plate, reporting a problem, clearing a
review flag, closing a report. Each needs a signed-in user (401), the right to the point (403)
and a valid body (422); cookie sessions also need their CSRF token."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from api.web.deps import FieldWriterDep, StateDep, WriterDep
from api.web.errors import ApiError
from api.web.models import (
    ErrorBody,
    InstallationCreate,
    InstallationPublic,
    NoteBody,
    ReportCreate,
    ReportPublic,
)
from api.web.request_limits import IdPath
from gis.field.installations import Confirmation, confirm_installation
from gis.field.reports import clear_review, close_report, file_report

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["field work"])
REFUSALS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "Not signed in"},
    403: {"model": ErrorBody, "description": "Signed in without the right (or no CSRF token)"},
    404: {"model": ErrorBody, "description": "Unknown code or report"},
    422: {"model": ErrorBody, "description": "Invalid body"},
}
#: Reports and confirmations also answer 429 past the user's writes per minute.
FIELD_REFUSALS: dict[int | str, dict[str, Any]] = {
    **REFUSALS,
    429: {"model": ErrorBody, "description": "Too many writes this minute (see Retry-After)"},
}
_MULTIPART_SCHEMA = {
    "type": "object",
    "required": ["lat", "lon", "accuracy_m"],
    "properties": {
        **InstallationCreate.model_json_schema()["properties"],
        "photo": {"type": "string", "format": "binary", "description": "An image, ≤ 5 MB"},
    },
}
_INSTALL_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": InstallationCreate.model_json_schema()},
            "multipart/form-data": {"schema": _MULTIPART_SCHEMA},
        },
    }
}


@router.post(
    "/points/{code}/installations",
    summary="Confirm that the plate is on the wall",
    status_code=201,
    responses={
        200: {"model": InstallationPublic, "description": "Already confirmed"},
        201: {"model": InstallationPublic},
        **FIELD_REFUSALS,
    },
    openapi_extra=_INSTALL_BODY,
)
async def confirm(
    code: str, request: Request, state: StateDep, auth: FieldWriterDep
) -> JSONResponse:
    """The first confirmation answers 201; a later one (any client) 200 with the existing record,
    unless the plate was re-printed since."""
    confirmation = await _confirmation(request, state.rules.max_photo_bytes)
    record = await run_in_threadpool(
        confirm_installation,
        state.registry,
        code=code,
        user=auth.user,
        confirmation=confirmation,
        rules=state.rules,
    )
    return JSONResponse(record.as_dict(), status_code=201 if record.created else 200)


@router.post(
    "/points/{code}/reports",
    summary="Report a problem with a point",
    status_code=201,
    response_model=ReportPublic,
    responses={
        200: {"model": ReportPublic, "description": "Sent again (same client_id): the first"},
        **FIELD_REFUSALS,
    },
)
def report(code: str, body: ReportCreate, state: StateDep, auth: FieldWriterDep) -> JSONResponse:
    """A new report answers 201; the same ``client_id`` again, for the same point, 200 with the
    report first filed (the phone sends again what it is not sure arrived)."""
    position = None
    if body.lat is not None and body.lon is not None:
        position = (body.lat, body.lon, body.accuracy_m)
    record = file_report(
        state.registry,
        code=code,
        user=auth.user,
        reason=body.reason,
        note=body.note,
        position=position,
        client_id=body.client_id,
    )
    answer = ReportPublic.model_validate(record.as_dict()).model_dump()
    return JSONResponse(answer, status_code=201 if record.created else 200)


@router.post(
    "/points/{code}/review",
    summary="Clear a point's needs_review flag (officer)",
    responses=REFUSALS,
)
def review(code: str, body: NoteBody, state: StateDep, auth: WriterDep) -> dict[str, Any]:
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    point = clear_review(
        state.registry, code, note=body.note, actor=auth.user.actor, user=auth.user
    )
    return {"code": point.code, "status": point.status, "needs_review": point.needs_review}


@router.post(
    "/reports/{report_id}/close",
    summary="Close a problem report (officer)",
    response_model=ReportPublic,
    responses=REFUSALS,
)
def close(report_id: IdPath, body: NoteBody, state: StateDep, auth: WriterDep) -> dict[str, Any]:
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    record = close_report(
        state.registry, report_id, note=body.note, actor=auth.user.actor, user=auth.user
    )
    return record.as_dict()


async def _confirmation(request: Request, max_photo: int) -> Confirmation:
    """The body as JSON, or as a multipart form with an optional photo."""
    photo: bytes | None = None
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        form = await request.form()
        data: Any = {k: v for k, v in form.items() if k != "photo" and isinstance(v, str)}
        upload = form.get("photo")
        if isinstance(upload, UploadFile):
            photo = await upload.read(max_photo + 1)
            photo = photo or None
    else:
        try:
            data = await request.json()
        except ValueError:
            raise ApiError(422, "invalid_body", "web.body.not_json") from None
    try:
        body = InstallationCreate.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from None  # one handler words them
    return Confirmation(
        lat=body.lat,
        lon=body.lon,
        accuracy_m=body.accuracy_m,
        client_id=body.client_id,
        note=body.note,
        photo=photo,
        notified=body.notified,
    )
