"""Files the command writes for people to open: CSV for Excel, in the run's language, never
over an existing file."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from decimal import Decimal
from pathlib import Path

from addrgen.catalog import N_, Lang, t
from addrgen.formatting import csv_delimiter, spreadsheet_number
from addrgen.spreadsheet import csv_text
from api.cli.context import SEVERITIES
from gis.errors import Conflict, InvalidInput, Problem

__all__ = ["REPORT_COLUMNS", "refuse_existing", "write_people_csv", "write_report_csv"]


def write_people_csv(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    lang: Lang,
    field: str = "out",
) -> None:
    """``header`` and ``rows`` as CSV in UTF-8 with a byte-order mark: without it Excel reads the
    file in the Windows code page and garbles every Vietnamese letter (machine CSV on stdout has
    none: programs read it). The fields are separated as a spreadsheet of ``lang``'s locale
    splits them (vi ``;``: its decimal mark is the comma), numbers written with its decimal mark.
    Refuses an existing file (``field`` names the option that gave it)."""
    refuse_existing(path, field=field)
    try:
        # "x": create, or fail if it exists — no window between a check and the write.
        handle = path.open("x", encoding="utf-8-sig", newline="")
    except FileExistsError as exc:
        raise Conflict("output.exists", field=field, value=str(path)) from exc
    with handle:
        writer = csv.writer(handle, delimiter=csv_delimiter(lang))  # \r\n ends, as Excel's
        writer.writerow(header)
        writer.writerows([_cell(value, lang) for value in row] for row in rows)


def _cell(value: object, lang: Lang) -> object:
    if isinstance(value, float | Decimal):
        return spreadsheet_number(value, lang)
    return csv_text(value)


def refuse_existing(path: Path, *, field: str) -> None:
    """Refuse, before any work, an output path that exists or whose folder does not: the write
    itself refuses too (it opens with "x"), this only spares the work it would follow."""
    if not path.parent.is_dir():
        raise InvalidInput("output.no_folder", field=field, value=str(path.parent))
    if path.exists():
        raise Conflict("output.exists", field=field, value=str(path))


#: The columns of an import's report CSV and their headers' ids (in English: the names they had).
REPORT_COLUMNS = (
    ("file", N_("cli.report.csv.file")),
    ("row", N_("cli.report.csv.row")),
    ("field", N_("cli.report.csv.field")),
    ("value", N_("cli.report.csv.value")),
    ("severity", N_("cli.report.csv.severity")),
    ("message", N_("cli.report.csv.message")),
)


def write_report_csv(path: Path, problems: Iterable[Problem], *, lang: Lang) -> None:
    """An import's report for the officer's spreadsheet (``--report``, never over an existing
    file): one row per problem, the words in ``lang``. The rows are made as they are written: a
    million-row import's two million lines never sit in memory at once."""
    rows = (
        [
            p.file,
            p.row or "",
            p.field or "",
            p.value or "",
            t(SEVERITIES.get(p.severity, SEVERITIES["error"]), lang),
            p.message(lang),
        ]
        for p in problems
    )
    header = [t(key, lang) for _, key in REPORT_COLUMNS]
    write_people_csv(path, header, rows, lang=lang, field="report")
