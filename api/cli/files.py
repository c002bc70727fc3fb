"""Files the command writes for people to open: CSV for Excel, never over an existing file."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from pathlib import Path

from gis.errors import Conflict, InvalidInput

__all__ = ["refuse_existing", "write_people_csv"]


def write_people_csv(
    path: Path, header: Sequence[str], rows: Iterable[Sequence[object]], *, field: str = "out"
) -> None:
    """``header`` and ``rows`` as CSV in UTF-8 with a byte-order mark: without it Excel reads the
    file in the Windows code page and garbles every Vietnamese letter (machine CSV on stdout has
    none: programs read it). Refuses an existing file (``field`` names the option that gave it)."""
    refuse_existing(path, field=field)
    try:
        # "x": create, or fail if it exists — no window between a check and the write.
        handle = path.open("x", encoding="utf-8-sig", newline="")
    except FileExistsError as exc:
        raise Conflict("output.exists", field=field, value=str(path)) from exc
    with handle:
        writer = csv.writer(handle)  # \r\n line ends, as Excel writes them
        writer.writerow(header)
        writer.writerows(rows)


def refuse_existing(path: Path, *, field: str) -> None:
    """Refuse, before any work, an output path that exists or whose folder does not: the write
    itself refuses too (it opens with "x"), this only spares the work it would follow."""
    if not path.parent.is_dir():
        raise InvalidInput("output.no_folder", field=field, value=str(path.parent))
    if path.exists():
        raise Conflict("output.exists", field=field, value=str(path))
