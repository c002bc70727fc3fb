"""The officer's JSON API for users: enrol one (with a one-time sign-in link), list the
commune's volunteers with how many plates each confirmed, revoke one. Session (with its CSRF
token) or bearer token; an officer enrols and revokes the volunteers of their commune, an admin
anyone. The console's volunteers page calls the same services."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from addrgen.vocab import ROLES
from api.services.volunteers import enrol, revoke
from api.web.console_kit import REFUSALS
from api.web.deps import MaybeAuthDep, StateDep, WriterDep
from api.web.errors import ApiError
from api.web.models import ErrorBody
from api.web.officer import acting_commune
from gis.field.volunteers import list_volunteers

__all__ = ["UserBody", "router"]

router = APIRouter(prefix="/api", tags=["console"])
_REFUSED = {k: v for k, v in REFUSALS.items() if k != 404}
_REFUSED[409] = {"model": ErrorBody, "description": "The name is taken"}


class UserBody(BaseModel):
    role: str = Field("volunteer", description=f"One of: {', '.join(ROLES)}")
    name: str = Field(..., max_length=200)
    villages: list[str] = Field(default_factory=list, description="A volunteer's villages")
    commune: str | None = Field(None, description="When the registry holds more than one")


@router.post(
    "/users",
    summary="Enrol a user with a one-time sign-in link",
    status_code=201,
    responses=_REFUSED,
)
async def create_user(body: UserBody, state: StateDep, auth: WriterDep) -> dict[str, str]:
    commune = await acting_commune(state, auth, body.commune)
    made = await run_in_threadpool(
        lambda: enrol(
            state.registry,
            commune,
            by=auth.user,
            role=body.role,
            names=[body.name],
            villages=body.villages,
            public_url=state.settings.public_url,
        )
    )
    return made[0].as_dict()


@router.get(
    "/users", summary="The commune's volunteers and their confirmations", responses=REFUSALS
)
async def users_list(
    state: StateDep, auth: MaybeAuthDep, commune: str | None = None
) -> dict[str, Any]:
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    chosen = await acting_commune(state, auth, commune)

    def read() -> list[dict[str, object]]:
        with state.registry.read() as conn:
            return [v.as_dict() for v in list_volunteers(conn, commune=chosen)]

    return {"commune": chosen.name, "volunteers": await run_in_threadpool(read)}


@router.post(
    "/users/{name}/revoke",
    summary="Revoke a user: every sign-in link, token and session ends now",
    responses=REFUSALS,
)
async def users_revoke(name: str, state: StateDep, auth: WriterDep) -> dict[str, Any]:
    ended = await run_in_threadpool(lambda: revoke(state.registry, by=auth.user, name=name))
    return {"name": name, "revoked": True, "ended": ended}
