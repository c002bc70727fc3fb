"""The notice's first half and the leave to confirm a plate made elsewhere, as JSON (issue 16):
an officer records the letters of a final batch, a village or some codes as handed over, and
allows one point never printed in a final batch to be confirmed. Session (with its CSRF token)
or bearer token; officers in their commune, admins anywhere."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from api.web.deps import StateDep, WriterDep
from api.web.errors import ApiError
from api.web.officer import acting_commune
from api.web.routes.fieldwork import REFUSALS
from gis.field.notices import allow_confirm, notify_points

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["console"])


class NotifyBody(BaseModel):
    """Exactly one of ``batch`` (a final batch's label), ``village`` or ``codes``."""

    batch: str | None = Field(None, max_length=40)
    village: str | None = Field(None, max_length=200)
    codes: list[str] = Field(default_factory=list, max_length=5000)
    commune: str | None = Field(None, max_length=200)
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"batch": "L1"}]})


@router.post(
    "/notifications",
    summary="Record the households of a batch, a village or some codes as notified (officer)",
    responses=REFUSALS,
)
async def notify(body: NotifyBody, state: StateDep, auth: WriterDep) -> dict[str, Any]:
    """``notified``: newly recorded; ``already``: notified before (the first record stands)."""
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    commune = await acting_commune(state, auth, body.commune)
    result = await run_in_threadpool(
        lambda: notify_points(
            state.registry,
            commune,
            actor=auth.user.actor,
            batch=body.batch,
            village=body.village,
            codes=body.codes,
            user=auth.user,
        )
    )
    return result.as_dict()


@router.post(
    "/points/{code}/allow-confirm",
    summary="Allow confirming a plate never printed in a final batch (officer)",
    responses=REFUSALS,
)
async def allow(
    code: str, state: StateDep, auth: WriterDep, commune: str | None = None
) -> dict[str, Any]:
    if not auth.user.is_officer:
        raise ApiError(403, "forbidden", "web.officers_only")
    the_commune = await acting_commune(state, auth, commune)
    point = await run_in_threadpool(
        lambda: allow_confirm(
            state.registry, the_commune, code, actor=auth.user.actor, user=auth.user
        )
    )
    return {"code": point.code, "confirm_allowed": True}
