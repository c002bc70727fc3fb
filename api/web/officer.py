"""What the console's pages and the officer's JSON API share: the commune a signed-in officer
acts on, and an import's options read from a form (the same fields on the page and in the
API's multipart body)."""

from __future__ import annotations

from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from api.services.imports import Committed, commit_upload
from api.services.uploads import Upload, UploadRequest
from api.web.deps import AppState, Auth
from gis.errors import InvalidInput
from gis.field.accounts import Forbidden, User, managed_commune, managed_communes
from gis.registry.communes import Commune

__all__ = [
    "OPTION_FIELDS",
    "acting_commune",
    "choose_commune",
    "commit",
    "save_upload",
    "upload_commune",
    "upload_request",
]

#: The optional text fields of an import, as the form and the API name them.
OPTION_FIELDS = (
    "crs",
    "lat_field",
    "lon_field",
    "easting_field",
    "northing_field",
    "name_field",
    "ref_field",
    "national_code_field",
    "expected_field",
    "sheet",
    "layer",
)


async def acting_commune(state: AppState, auth: Auth, name: str | None) -> Commune:
    """The commune ``auth``'s user acts on (403 for a volunteer or another commune's officer)."""

    def find() -> Commune:
        with state.registry.read() as conn:
            return managed_commune(conn, auth.user, name or None)

    return await run_in_threadpool(find)


def choose_commune(
    conn: Connection, user: User, name: str | None
) -> tuple[list[Commune], Commune | None]:
    """The communes ``user`` manages and the one a page works on: ``name``, else the only one
    (None: an admin of several chooses first)."""
    communes = managed_communes(conn, user)
    if name is None and len(communes) > 1:
        return communes, None
    return communes, managed_commune(conn, user, name)


def upload_request(form: FormData) -> UploadRequest:
    """The import's target and options from a form: empty fields are not given."""

    def text(name: str) -> str | None:
        value = form.get(name)
        return value.strip() or None if isinstance(value, str) else None

    header_row = text("header_row")
    if header_row is not None and not header_row.isdigit():
        raise InvalidInput("upload.bad_number", field="header_row", value=header_row)
    return UploadRequest(
        target=text("target") or "points",
        kind=text("kind") or "household",
        encoding=text("encoding") or "auto",
        header_row=None if header_row is None else int(header_row),
        replace=text("replace") in ("1", "on", "true"),
        **{name: text(name) for name in OPTION_FIELDS},
    )


async def save_upload(state: AppState, auth: Auth, form: FormData) -> tuple[Upload, Commune]:
    """Keep the form's file for the officer's commune (named by the form's ``commune``)."""
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise InvalidInput("upload.no_file", field="file")
    request = upload_request(form)
    commune_name = form.get("commune")
    commune = await acting_commune(
        state, auth, commune_name if isinstance(commune_name, str) else None
    )
    upload = await run_in_threadpool(
        state.uploads.save,
        file.file,
        file_name=file.filename,
        user_id=auth.user.id,
        commune_id=commune.id,
        request=request,
    )
    return upload, commune


async def upload_commune(state: AppState, auth: Auth, upload: Upload) -> Commune:
    """The commune an upload was sent for, while its sender still manages it."""

    def find() -> Commune:
        with state.registry.read() as conn:
            for commune in managed_communes(conn, auth.user):
                if commune.id == upload.commune_id:
                    return commune
        raise Forbidden("auth.commune_not_allowed", user=auth.user.name, commune=upload.commune_id)

    return await run_in_threadpool(find)


async def commit(state: AppState, auth: Auth, upload: Upload, *, skip_bad: bool) -> Committed:
    """Import an upload on its sender's word (the service: once, all or nothing or the good
    rows); :class:`ImportRejected` with bad rows."""
    commune = await upload_commune(state, auth, upload)
    return await run_in_threadpool(
        lambda: commit_upload(
            state.registry,
            commune,
            upload,
            state.uploads,
            skip_bad=skip_bad,
            actor=auth.user.actor,
        )
    )
