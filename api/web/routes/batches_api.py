"""The officer's JSON API for print batches: print one (the service of `plates batch`), reprint
lost or stale plates (that of `plates reprint`), list the commune's past batches, download a
batch's file. Session (with its CSRF token) or bearer token; officers in their commune, admins
anywhere. The console's print page calls the same functions."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter
from fastapi.responses import FileResponse, JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from addrgen.vocab import Kind
from api.services.batch_store import (
    batch_file,
    batch_root,
    print_into_new_folder,
    sweep_orphans,
)
from api.services.printing import (
    Color,
    Mode,
    PrintRequest,
    PrintResult,
    print_batch,
    reprint_plates,
)
from api.services.stale import reprint_stale
from api.web.console_kit import REFUSALS, attachment
from api.web.deps import AppState, Auth, MaybeAuthDep, StateDep, WriterDep
from api.web.errors import ApiError
from api.web.officer import acting_commune
from api.web.request_limits import IdPath
from gis.field.accounts import managed_communes
from gis.registry.communes import Commune
from gis.views.batch_list import PastBatch, find_batch, past_batches, recorded_folders

__all__ = ["batch_doc", "list_batches", "new_batch", "reprint", "router"]

router = APIRouter(prefix="/api", tags=["console"])


class BatchBody(BaseModel):
    villages: list[str] = Field(
        default_factory=list, description="Village names (default: every village)"
    )
    kinds: list[Kind] = Field(default_factory=list, description="Kinds (default: all)")
    mode: Literal["shop", "office"] = Field("shop", description="A plate a page, or A4 sheets")
    letters: bool = Field(False, description="Also the households' notification letters")
    draft: bool = Field(False, description="A test print: BẢN THỬ on every page, no status")
    color: Literal["rgb", "cmyk"] = Field(
        "rgb", description="cmyk: DeviceCMYK plates for a print shop (K-only QR and text)"
    )
    template: str | None = Field(
        None, description="Plate template for this batch: a6, a5 or sticker (default: commune's)"
    )
    no_names: bool = Field(
        False, description="Leave households' heads' names out of the install checklist"
    )
    commune: str | None = Field(None, description="When the registry holds more than one")


class ReprintBody(BaseModel):
    codes: list[str] = Field(default_factory=list, description="The plates' codes (or stale: true)")
    stale: bool = Field(False, description="Every plate whose address changed since printing")
    villages: list[str] = Field(default_factory=list, description="With stale: only these villages")
    mode: Literal["shop", "office"] = "shop"
    letters: bool = False
    draft: bool = False
    color: Literal["rgb", "cmyk"] = "rgb"
    commune: str | None = None


def batch_doc(result: PrintResult) -> dict[str, Any]:
    """A batch just printed, as the API answers it."""
    batch_id = result.batch.id
    return {
        "id": batch_id,
        "label": result.batch.label,
        "plates": len(result.files.printed),
        "printed": result.batch.printed,
        "files": [
            {"name": name, "url": f"/api/batches/{batch_id}/files/{name}", "sha256": digest}
            for name, digest in result.files.sha256.items()
        ],
    }


def _request(
    state: AppState,
    auth: Auth,
    mode: Mode,
    *,
    letters: bool,
    draft: bool,
    color: Color = "rgb",
    template: str | None = None,
    names: bool = True,
) -> Any:
    """The print request for a folder: the app's PUBLIC_URL, the signed-in user as actor."""

    def request(folder: Any) -> PrintRequest:
        return PrintRequest(
            out_dir=folder,
            public_url=state.settings.public_url,
            actor=auth.user.actor,
            mode=mode,
            letters=letters,
            draft=draft,
            color=color,
            template=template,
            checklist_names=names,
        )

    return request


async def new_batch(
    state: AppState,
    auth: Auth,
    commune: Commune,
    *,
    villages: Sequence[str],
    kinds: Sequence[str],
    mode: Mode,
    letters: bool,
    draft: bool,
    color: Color = "rgb",
    template: str | None = None,
    names: bool = True,
) -> PrintResult:
    """Print the coded points not yet printed, as `plates batch` does, into a new folder;
    ``template`` None: the commune's; ``names`` False: the checklist without heads' names."""
    request = _request(
        state,
        auth,
        mode,
        letters=letters,
        draft=draft,
        color=color,
        template=template,
        names=names,
    )
    return await run_in_threadpool(
        _print_new,
        state,
        lambda folder: print_batch(
            state.registry, commune, request(folder), village_names=villages, kinds=kinds
        ),
    )


async def reprint(state: AppState, auth: Auth, commune: Commune, body: ReprintBody) -> PrintResult:
    """Reprint plates with the same codes, as `plates reprint` does (codes, or the stale)."""
    request = _request(
        state, auth, body.mode, letters=body.letters, draft=body.draft, color=body.color
    )

    def render(folder: Any) -> PrintResult:
        if body.stale:
            return reprint_stale(
                state.registry, commune, request(folder), village_names=body.villages
            )
        return reprint_plates(state.registry, commune, request(folder), codes=body.codes)

    return await run_in_threadpool(_print_new, state, render)


def _print_new(state: AppState, render: Callable[[Path], PrintResult]) -> PrintResult:
    """Render into a new folder of the batch folder, first removing the orphans that renders
    stopped mid-way left there (a day old; recorded batches' folders are kept)."""
    root = batch_root(state.settings)
    with state.registry.read() as conn:
        recorded = recorded_folders(conn)
    sweep_orphans(root, recorded)
    return print_into_new_folder(root, render)


async def list_batches(state: AppState, commune: Commune) -> list[PastBatch]:
    def read() -> list[PastBatch]:
        with state.registry.read() as conn:
            return past_batches(conn, commune=commune)

    return await run_in_threadpool(read)


@router.post(
    "/batches",
    summary="Print a batch of plates (as `plates batch`)",
    status_code=201,
    responses=REFUSALS,
)
async def create_batch(state: StateDep, auth: WriterDep, body: BatchBody) -> dict[str, Any]:
    commune = await acting_commune(state, auth, body.commune)
    result = await new_batch(
        state,
        auth,
        commune,
        villages=body.villages,
        kinds=[k.value for k in body.kinds],
        mode=body.mode,
        letters=body.letters,
        draft=body.draft,
        color=body.color,
        template=body.template,
        names=not body.no_names,
    )
    return batch_doc(result)


@router.post(
    "/batches/reprint",
    summary="Reprint lost, damaged or stale plates with the same codes (as `plates reprint`)",
    status_code=201,
    responses=REFUSALS,
)
async def create_reprint(state: StateDep, auth: WriterDep, body: ReprintBody) -> dict[str, Any]:
    commune = await acting_commune(state, auth, body.commune)
    return batch_doc(await reprint(state, auth, commune, body))


@router.get("/batches", summary="The commune's past batches, newest first", responses=REFUSALS)
async def get_batches(
    state: StateDep, auth: MaybeAuthDep, commune: str | None = None
) -> JSONResponse:
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")
    chosen = await acting_commune(state, auth, commune)
    batches = await list_batches(state, chosen)
    return JSONResponse({"batches": [b.as_dict() for b in batches]})


@router.get(
    "/batches/{batch_id}/files/{name}",
    summary="A file of a batch (plates, checklist, letters, manifest)",
    responses=REFUSALS,
)
async def get_batch_file(
    batch_id: IdPath, name: str, state: StateDep, auth: MaybeAuthDep
) -> FileResponse:
    if auth is None:
        raise ApiError(401, "unauthorized", "web.sign_in_first")

    def find() -> PastBatch:
        with state.registry.read() as conn:
            mine = {c.id for c in managed_communes(conn, auth.user)}
            return find_batch(conn, batch_id=batch_id, commune_ids=mine)

    path = batch_file(await run_in_threadpool(find), name)
    media = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        path,
        media_type=media,
        headers={"Content-Disposition": attachment(name), "Cache-Control": "private, no-store"},
    )
