"""The officer's console (issue 15), server-rendered: its home (the commune's progress per
village, the sections), importing a file with its preview, issuing codes. Each page calls the
services the JSON API and the CLI call. Signed out, ``/console`` says how to get a sign-in
link; a volunteer is refused in words (403)."""

from __future__ import annotations

from dataclasses import replace
from secrets import token_urlsafe
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from addrgen.codes import format_code
from addrgen.errors import DiachisoError
from addrgen.vocab import Kind
from api.services.imports import UploadPreview, preview_upload
from api.services.preview_map import preview_map
from api.services.uploads import MAX_UPLOAD_BYTES, SUFFIXES, TARGETS, Upload, UploadRequest
from api.web.console_kit import console_page, officer_or_signin
from api.web.deps import AppState, Auth, LangDep, MaybeAuthDep, StateDep, WriterDep
from api.web.i18n import Lang
from api.web.mapview import OSM_TILES, tile_host
from api.web.officer import (
    acting_commune,
    choose_commune,
    commit,
    save_upload,
    upload_commune,
    upload_request,
)
from api.web.security import nonce_csp
from gis.errors import ImportRejected
from gis.field.accounts import managed_communes
from gis.registry.communes import Commune
from gis.registry.issuing import issue_codes
from gis.views.coverage import coverage

__all__ = ["router"]

router = APIRouter(prefix="/console", tags=["console"], include_in_schema=False)


@router.get("", response_class=HTMLResponse)
def console_home(
    request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    with state.registry.read() as conn:
        communes = [(c, coverage(conn, c)) for c in managed_communes(conn, officer.user)]
    several = len(communes) > 1
    return console_page(request, "console.html", lang, officer, communes=communes, several=several)


@router.get("/import", response_class=HTMLResponse)
async def import_form(
    request: Request,
    state: StateDep,
    lang: LangDep,
    auth: MaybeAuthDep,
    target: str | None = None,
    replace: bool = False,
) -> HTMLResponse:
    """The import form; ``target`` (and ``replace``) preset by the link that leads here, e.g.
    the villages section's "import outlines"."""
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    preset = target if target in TARGETS else None
    return await _import_page(
        request, state, lang, officer, preset_target=preset, preset_replace=replace
    )


@router.post("/import", response_class=HTMLResponse)
async def import_preview(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """The file uploaded and previewed: nothing is written yet."""
    officer_or_signin(request, lang, auth)
    upload, commune = await save_upload(state, auth, await request.form())
    return await _previewed(request, state, lang, auth, upload, commune)


@router.post("/uploads", status_code=201)
async def upload_only(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> dict[str, str]:
    """The import form's file kept, not yet read: the page's script sends it here to show the
    upload's progress, then opens its preview (``next``), whose reading it says it waits for."""
    officer_or_signin(request, lang, auth)
    upload, _ = await save_upload(state, auth, await request.form())
    return {"id": upload.id, "next": f"/console/import/{upload.id}?lang={lang}"}


@router.get("/import/{upload_id}", response_class=HTMLResponse)
async def import_preview_page(
    upload_id: str, request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep
) -> HTMLResponse:
    """A kept upload's preview (its sender's only), as ``POST /console/import`` shows it."""
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    upload = state.uploads.get(upload_id, user_id=officer.user.id)
    commune = await upload_commune(state, officer, upload)
    return await _previewed(request, state, lang, officer, upload, commune)


@router.post("/import/{upload_id}/revise", response_class=HTMLResponse)
async def import_revise(
    upload_id: str, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """The same file read with the settings the officer changed: a new preview."""
    officer_or_signin(request, lang, auth)
    upload = state.uploads.get(upload_id, user_id=auth.user.id)
    commune = await upload_commune(state, auth, upload)
    revised = state.uploads.revise(upload, upload_request(await request.form()))
    return await _previewed(request, state, lang, auth, revised, commune)


async def _previewed(
    request: Request, state: AppState, lang: Lang, auth: Auth, upload: Upload, commune: Commune
) -> HTMLResponse:
    """The upload's preview; a file that cannot be read so (a column named that it lacks, a
    coordinate system unknown…) says why, with its settings to change and what the import
    proposes. That page is a step of the import, not a failed request (200): the file is kept,
    and a browser would log a 4xx as an error."""
    try:
        preview = await run_in_threadpool(preview_upload, state.registry, commune, upload)
    except DiachisoError as exc:
        return await _import_page(
            request,
            state,
            lang,
            auth,
            upload=upload,
            unread=exc.message(lang),
            proposal=_proposal(upload.request, exc),
        )
    return await _preview_page(request, state, lang, auth, commune, preview)


@router.post("/import/{upload_id}", response_class=HTMLResponse)
async def import_commit(
    upload_id: str, request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Import a previewed file: all or nothing, or its good rows (``skip_bad``); refused with
    bad rows, the preview and its table stay on the page."""
    officer_or_signin(request, lang, auth)
    skip_bad = (await request.form()).get("skip_bad") == "1"
    upload = state.uploads.get(upload_id, user_id=auth.user.id)
    try:
        done = await commit(state, auth, upload, skip_bad=skip_bad)
    except ImportRejected as exc:
        commune = await upload_commune(state, auth, upload)
        preview = await run_in_threadpool(preview_upload, state.registry, commune, upload)
        refused = exc.message(lang)
        return await _preview_page(
            request, state, lang, auth, commune, preview, status=422, refused=refused
        )
    return await _import_page(request, state, lang, auth, done=done, file_name=upload.file_name)


async def _preview_page(
    request: Request,
    state: AppState,
    lang: Lang,
    auth: Auth,
    commune: Commune,
    preview: UploadPreview,
    **context: Any,
) -> HTMLResponse:
    """The import page with a preview and its map: the rows' positions, or the file's
    outlines, over the commune's villages, on the tiles the settings name."""
    where = await run_in_threadpool(preview_map, state.registry, commune, preview)
    tiles = state.settings.map_tiles
    url = "" if tiles == "none" else OSM_TILES if tiles == "openstreetmap" else tiles
    page = await _import_page(
        request, state, lang, auth, preview=preview, map_doc=where, tiles=url, **context
    )
    if url and tiles != "openstreetmap":
        # The strict policy lets images come from OpenStreetMap only; another tile server is
        # named for this page. Its nonce is never used: the page has no inline script.
        page.headers["Content-Security-Policy"] = nonce_csp(token_urlsafe(16), tile_host(tiles))
    return page


def _proposal(request: UploadRequest, exc: DiachisoError) -> UploadRequest | None:
    """The settings the import proposes when it refuses the coordinate system it was given or
    assumed (metres that fit a VN-2000 zone: that zone, and which column is the northing)."""
    found = exc.params
    if exc.field != "crs" or "crs" not in found:
        return None
    return replace(
        request,
        crs=str(found["crs"]),
        northing_field=found.get("northing_column", request.northing_field),
        easting_field=found.get("easting_column", request.easting_field),
    )


async def _import_page(
    request: Request,
    state: AppState,
    lang: Lang,
    auth: Auth,
    *,
    status: int = 200,
    preview: UploadPreview | None = None,
    **context: Any,
) -> HTMLResponse:
    """The import page: the form (with the officer's communes to choose from, when more than
    one), and the preview or the import's outcome when there is one."""

    def communes() -> list[Commune]:
        with state.registry.read() as conn:
            return managed_communes(conn, auth.user)

    return console_page(
        request,
        "console_import.html",
        lang,
        auth,
        status=status,
        preview=preview,
        doc=preview.as_dict(lang) if preview else None,
        kinds=[k.value for k in Kind],
        code=format_code,
        accept=",".join(SUFFIXES),
        megabytes=MAX_UPLOAD_BYTES // 2**20,
        communes=(mine := await run_in_threadpool(communes)),
        several=len(mine) > 1,
        commune_id=preview.upload.commune_id if preview else None,
        **({"upload": preview.upload} if preview else {}),
        **context,
    )


@router.get("/codes", response_class=HTMLResponse)
async def codes_page(
    request: Request, state: StateDep, lang: LangDep, auth: MaybeAuthDep, commune: str | None = None
) -> HTMLResponse:
    officer = officer_or_signin(request, lang, auth)
    if isinstance(officer, HTMLResponse):
        return officer
    return await _codes_page(request, state, lang, officer, commune)


@router.post("/codes", response_class=HTMLResponse)
async def codes_issue(
    request: Request, state: StateDep, lang: LangDep, auth: WriterDep
) -> HTMLResponse:
    """Issue the codes of one village or all (the same call as `codes issue`)."""
    officer_or_signin(request, lang, auth)
    form = await request.form()
    village, name = form.get("village"), form.get("commune")
    commune = await acting_commune(state, auth, name if isinstance(name, str) else None)
    result = await run_in_threadpool(
        lambda: issue_codes(
            state.registry,
            commune,
            village=village if isinstance(village, str) and village else None,
            actor=auth.user.actor,
        )
    )
    return await _codes_page(request, state, lang, auth, commune.name, issued=result)


async def _codes_page(
    request: Request, state: StateDep, lang: Lang, auth: Auth, name: str | None, **context: Any
) -> HTMLResponse:
    """Per village, how many points wait for a code: registered, not retired (the coverage
    view: its total less its coded). An admin of several communes chooses one first."""

    def read() -> tuple[list[Commune], Commune | None, list[tuple[str, int]]]:
        with state.registry.read() as conn:
            communes, chosen = choose_commune(conn, auth.user, name)
            if chosen is None:
                return communes, None, []
            doc = coverage(conn, chosen)
        waiting = [(v["village"], v["total"] - v["coded"]) for v in doc["villages"]]
        return communes, chosen, waiting

    communes, chosen, rows = await run_in_threadpool(read)
    return console_page(
        request,
        "console_codes.html",
        lang,
        auth,
        commune=chosen,
        communes=communes,
        several=len(communes) > 1,
        rows=rows,
        total=sum(n for _, n in rows),
        **context,
    )
