"""Files uploaded for an import, kept between their preview and the officer's word to import
(the console's and the JSON API's two steps). Each upload is a folder named by an unguessable
id and tied to the user who sent it: another user's id is not found. The folder is the
registry's data folder (beside a SQLite file) or, for a server database, the system's temporary
folder; uploads older than :data:`KEEP` are removed when a new one arrives."""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, get_args

from sqlalchemy.engine import make_url

from addrgen.vocab import Kind
from gis.errors import InvalidInput, NotFound
from gis.ingest.textfix import Encoding

__all__ = [
    "KEEP",
    "MAX_UPLOAD_BYTES",
    "SUFFIXES",
    "TARGETS",
    "Upload",
    "UploadRequest",
    "UploadStore",
    "upload_root",
]

MAX_UPLOAD_BYTES = 50 * 1024 * 1024  # a province's household sheet is a few MB
#: What an import reads (gis.ingest.sources), a Shapefile zipped with its companions.
SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm", ".geojson", ".json", ".gpkg", ".zip", ".kml")
TARGETS = ("points", "villages")
KEEP = 2 * 24 * 3600.0  # seconds: an officer previews today and imports tomorrow at the latest
ENCODINGS: tuple[str, ...] = get_args(Encoding)
_CHUNK = 1024 * 1024
_UNSAFE = re.compile(r"[^\w.\- ]")  # \w is Unicode: a Vietnamese file name stays readable


@dataclass(frozen=True)
class UploadRequest:
    """What to import the file as, and how to read it (the CLI's import options)."""

    target: str  # "points" or "villages"
    kind: str = "household"  # the points' kind
    crs: str | None = None
    lat_field: str | None = None
    lon_field: str | None = None
    easting_field: str | None = None
    northing_field: str | None = None
    name_field: str | None = None
    ref_field: str | None = None
    national_code_field: str | None = None  # points: the national platform's code
    expected_field: str | None = None  # villages: the expected number of addresses
    sheet: str | None = None
    header_row: int | None = None
    layer: str | None = None
    encoding: str = "auto"
    # villages: a registered village whose outline differs takes the new one (from today),
    # moving the points that then fall in another village; else such a row is refused
    replace: bool = False


@dataclass
class Upload:
    id: str
    folder: Path
    user_id: int
    commune_id: int
    file_name: str
    request: UploadRequest
    committed: dict[str, Any] | None = field(default=None)  # what the import did, once done

    @property
    def path(self) -> Path:
        return self.folder / self.file_name


def upload_root(database_url: str) -> Path:
    """Where uploads are kept: ``NAME.uploads`` beside a SQLite registry file, else a folder of
    the system's temporary folder."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        db = Path(str(url.database))
        return db.with_name(db.stem + ".uploads")
    return Path(tempfile.gettempdir()) / "diachiso-uploads"


class UploadStore:
    """The uploads under ``root``; one commit at a time per upload (in this process)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def save(
        self,
        source: BinaryIO,
        *,
        file_name: str,
        user_id: int,
        commune_id: int,
        request: UploadRequest,
    ) -> Upload:
        """Keep ``source`` (refused beyond :data:`MAX_UPLOAD_BYTES`, or when it is not a file
        an import reads) under a new id."""
        name = _safe_name(file_name)
        _check_choices(request)
        self._forget_old()
        upload = Upload(secrets.token_urlsafe(24), Path(), user_id, commune_id, name, request)
        upload.folder = self.root / upload.id
        upload.folder.mkdir(parents=True)
        try:
            _copy_limited(source, upload.path)
        except BaseException:
            shutil.rmtree(upload.folder, ignore_errors=True)
            raise
        self._write(upload)
        return upload

    def revise(self, upload: Upload, request: UploadRequest) -> Upload:
        """The same file under a new id, to be read with other settings (each id is one
        preview: importing it imports what that preview showed)."""
        _check_choices(request)
        revised = Upload(
            secrets.token_urlsafe(24),
            Path(),
            upload.user_id,
            upload.commune_id,
            upload.file_name,
            request,
        )
        revised.folder = self.root / revised.id
        revised.folder.mkdir(parents=True)
        try:
            os.link(upload.path, revised.path)  # no second copy of a large file
        except OSError:
            shutil.copyfile(upload.path, revised.path)
        self._write(revised)
        return revised

    def get(self, upload_id: str, *, user_id: int) -> Upload:
        """The upload of this user (another's is not found: its id tells nothing)."""
        meta = self.root / upload_id / "upload.json" if _is_id(upload_id) else None
        if meta is None or not meta.is_file():
            raise NotFound("upload.not_found", field="id", value=upload_id)
        doc = json.loads(meta.read_text(encoding="utf-8"))
        if doc["user_id"] != user_id:
            raise NotFound("upload.not_found", field="id", value=upload_id)
        return Upload(
            id=upload_id,
            folder=meta.parent,
            user_id=doc["user_id"],
            commune_id=doc["commune_id"],
            file_name=doc["file_name"],
            request=UploadRequest(**doc["request"]),
            committed=doc["committed"],
        )

    @contextmanager
    def committing(self, upload: Upload) -> Iterator[Upload]:
        """Hold the upload's lock, with its state read again inside it: two clicks on
        "import" import once."""
        with self._guard:
            lock = self._locks.setdefault(upload.id, threading.Lock())
        with lock:
            yield self.get(upload.id, user_id=upload.user_id)

    def mark_committed(self, upload: Upload, outcome: dict[str, Any]) -> None:
        upload.committed = outcome
        self._write(upload)

    def _write(self, upload: Upload) -> None:
        doc = {
            "user_id": upload.user_id,
            "commune_id": upload.commune_id,
            "file_name": upload.file_name,
            "request": asdict(upload.request),
            "committed": upload.committed,
        }
        tmp = upload.folder / "upload.json.tmp"
        tmp.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        tmp.replace(upload.folder / "upload.json")  # a reader never sees half a file

    def _forget_old(self) -> None:
        if not self.root.is_dir():
            return
        cutoff = time.time() - KEEP
        for folder in self.root.iterdir():
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)


def _check_choices(request: UploadRequest) -> None:
    for name, value, allowed in (
        ("target", request.target, TARGETS),
        ("kind", request.kind, tuple(k.value for k in Kind)),
        ("encoding", request.encoding, ENCODINGS),
    ):
        if value not in allowed:
            raise InvalidInput(
                "upload.bad_choice", field=name, value=value, expected=", ".join(allowed)
            )


def _safe_name(file_name: str) -> str:
    """The file's own name (reports name it), without a path or characters a file system
    refuses; its suffix must be one an import reads."""
    name = _UNSAFE.sub("_", Path(file_name.replace("\\", "/")).name).strip(". ")
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise InvalidInput(
            "upload.bad_type", field="file", value=file_name, expected=", ".join(SUFFIXES)
        )
    return name if name != suffix else f"upload{suffix}"


def _copy_limited(source: BinaryIO, target: Path) -> None:
    size = 0
    with target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            if size > MAX_UPLOAD_BYTES:
                raise InvalidInput(
                    "upload.too_large", field="file", megabytes=MAX_UPLOAD_BYTES // 2**20
                )
            out.write(chunk)


def _is_id(text: str) -> bool:
    return re.fullmatch(r"[A-Za-z0-9_-]{32}", text) is not None
