"""Where the console's print batches are written, and which of their files it may hand out.

The CLI prints into the folder its officer names (``--out``); the app has no one to ask, so
each batch gets a new folder under the registry's batch folder: ``batch_dir`` when set, beside a
SQLite registry ``NAME.batches/`` (the officer's laptop keeps the registry and its prints
together), else ``var/batches`` under the working directory (a server's own disk: the files are
the plates' originals, not scratch for the system's temporary folder). A batch's file is found
from its row only (``batches.out_dir`` and the names in ``batches.files``), never from a path a
request spells: a name outside the row's list is not found.

The folders of recorded batches are the record of what was printed (the plates' originals, their
SHA-256 in the row) and are kept for ever. A render stopped mid-way by a killed process, a full
disk or a file held open leaves a folder no batch recorded; each new batch removes such orphans
once they are a day old (younger ones may be another officer's render under way). The folder
belongs to one registry: only its batches count as recorded."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from collections.abc import Callable, Collection
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy.engine import make_url

from api.services.printing import PrintResult
from gis.errors import NotFound
from gis.settings import Settings
from gis.views.batch_list import PastBatch

__all__ = ["ORPHAN_AGE", "batch_file", "batch_root", "print_into_new_folder", "sweep_orphans"]

#: How old a folder no batch recorded must be before it is removed: longer than any render.
ORPHAN_AGE = timedelta(days=1)
#: The names print_into_new_folder gives (a day, a dash, mkdtemp's letters): anything else in
#: the folder was put there by someone else and is left alone.
_OWN_NAME = re.compile(r"\d{8}-[A-Za-z0-9_]+")


def batch_root(settings: Settings) -> Path:
    """The folder under which the app writes each batch's folder."""
    if settings.batch_dir is not None:
        return settings.batch_dir
    url = make_url(settings.database_url)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        db = Path(str(url.database))
        return db.with_name(db.stem + ".batches")
    return Path("var") / "batches"


def print_into_new_folder(root: Path, render: Callable[[Path], PrintResult]) -> PrintResult:
    """``render`` into a fresh folder under ``root`` (named by day, then at random: two
    officers printing at once never share one); removed again when nothing was printed."""
    root.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(dir=root, prefix=f"{date.today():%Y%m%d}-"))
    try:
        return render(folder)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def sweep_orphans(root: Path, recorded: Collection[str], *, now: float | None = None) -> list[Path]:
    """Remove the folders under ``root`` of the app's naming that no batch recorded
    (``recorded``: the batches' ``out_dir``) and that were last changed over
    :data:`ORPHAN_AGE` ago; returns them. A folder that cannot be removed is left for next time."""
    if not root.is_dir():
        return []
    kept = {str(Path(d).resolve()) for d in recorded}
    cutoff = (time.time() if now is None else now) - ORPHAN_AGE.total_seconds()
    removed = []
    for folder in sorted(root.iterdir()):
        if not folder.is_dir() or folder.is_symlink() or not _OWN_NAME.fullmatch(folder.name):
            continue
        if str(folder.resolve()) in kept or folder.stat().st_mtime > cutoff:
            continue
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists():
            removed.append(folder)
    return removed


def batch_file(batch: PastBatch, name: str) -> Path:
    """The batch's file of that name, as recorded; anything else (another name, a path) is not
    found, and neither is a recorded file since removed from the disk."""
    if name not in batch.files or Path(name).name != name:
        raise NotFound("batch.no_such_file", field="name", value=name, batch=batch.label)
    path = Path(batch.out_dir) / name
    if not path.is_file():
        raise NotFound("batch.file_gone", field="name", value=name, batch=batch.label)
    return path
