"""The officer's JSON API for imports and codes: upload a file and see its preview (nothing
written), import it on the officer's word (once), download its bad rows; issue codes. Session
(with its CSRF token) or bearer token; officers in their commune, admins anywhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from addrgen.vocab import KINDS
from api.services.imports import bad_rows_workbook, preview_upload
from api.web.console_kit import REFUSALS, attachment
from api.web.deps import MaybeAuthDep, StateDep, WriterDep
from api.web.errors import ApiError, api_lang
from api.web.officer import (
    OPTION_FIELDS,
    acting_commune,
    commit,
    save_upload,
    upload_commune,
)
from gis.registry.issuing import issue_codes

__all__ = ["XLSX", "router"]

router = APIRouter(prefix="/api", tags=["console"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_UPLOAD_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary", "description": "≤ 50 MB"},
                        "target": {"type": "string", "enum": ["points", "villages"]},
                        "kind": {"type": "string", "enum": list(KINDS)},
                        **{
                            name: {"type": "string"}
                            for name in ("commune", *OPTION_FIELDS, "encoding")
                        },
                        "header_row": {"type": "integer"},
                        "replace": {
                            "type": "boolean",
                            "description": "villages: replace the outlines that differ",
                        },
                    },
                }
            }
        },
    }
}


class CommitBody(BaseModel):
    skip_bad: bool = Field(False, description="Import the good rows, leave out the bad ones")


class IssueBody(BaseModel):
    village: str | None = Field(None, description="Only this village (default: all)")
    commune: str | None = Field(None, description="When the registry holds more than one")


@router.post(
    "/imports",
    summary="Upload a file and preview its import (writes nothing)",
    responses=REFUSALS,
    openapi_extra=_UPLOAD_BODY,
)
async def create_import(request: Request, state: StateDep, auth: WriterDep) -> dict[str, Any]:
    upload, commune = await save_upload(state, auth, await request.form())
    preview = await run_in_threadpool(preview_upload, state.registry, commune, upload)
    return preview.as_dict(api_lang(request))


@router.post(
    "/imports/{upload_id}/commit",
    summary="Import a previewed file (201; once: a repeat answers 200 and does nothing)",
    status_code=201,
    responses={200: {"description": "Imported before; nothing done"}, **REFUSALS},
)
async def commit_import(
    upload_id: str, state: StateDep, auth: WriterDep, body: CommitBody | None = None
) -> JSONResponse:
    upload = state.uploads.get(upload_id, user_id=auth.user.id)
    done = await commit(state, auth, upload, skip_bad=body.skip_bad if body else False)
    return JSONResponse(done.as_dict(), status_code=201 if done.first_time else 200)


@router.get(
    "/imports/{upload_id}/bad-rows.xlsx",
    summary="The bad rows of an uploaded file, with what is wrong, as an Excel sheet",
    responses={200: {"content": {XLSX: {}}}, **REFUSALS},
)
async def bad_rows(
    upload_id: str, request: Request, state: StateDep, auth: MaybeAuthDep
) -> Response:
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    upload = state.uploads.get(upload_id, user_id=auth.user.id)
    commune = await upload_commune(state, auth, upload)
    preview = await run_in_threadpool(preview_upload, state.registry, commune, upload)
    data = await run_in_threadpool(bad_rows_workbook, preview, api_lang(request))
    stem = upload.file_name.rsplit(".", 1)[0]
    return Response(
        data,
        media_type=XLSX,
        headers={"Content-Disposition": attachment(f"{stem}-bad-rows.xlsx")},
    )


@router.post("/codes/issue", summary="Give a code to every point without one", responses=REFUSALS)
async def issue(state: StateDep, auth: WriterDep, body: IssueBody | None = None) -> dict[str, int]:
    village, name = (body.village, body.commune) if body else (None, None)
    commune = await acting_commune(state, auth, name)
    result = await run_in_threadpool(
        lambda: issue_codes(state.registry, commune, village=village, actor=auth.user.actor)
    )
    return {"issued": result.issued}
