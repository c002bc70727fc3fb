"""What spreadsheets do to the cells the import reads, named instead of imported as it is.

* **Repeated column names**: a header with two ``ten`` columns. A column the import finds by
  its usual name is refused (which one was meant?); one the officer named is read (the first is
  ``ten``, the second ``ten (2)``) and said so; a repeated column the import does not read is a
  note.
* **Formulas without their value** (a workbook written by a program, see
  :mod:`gis.ingest.formulas`): the cell reads as empty; it is named with its formula.
* **Dates Excel made of a house number** ("10/3" typed becomes 10 March): in the house-number,
  reference and name columns a date is refused with its likely original, never stored as
  ``2024-03-10 00:00:00``. Dates elsewhere are left alone."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

import numpy as np
from openpyxl.utils.cell import get_column_letter

from addrgen.catalog import N_
from gis.errors import InvalidInput, Problem
from gis.ingest.candidates import Candidates
from gis.ingest.crs import CoordinateColumns, no_column
from gis.ingest.sources import SourceTable

__all__ = ["check_cells", "column_key", "find_column", "refuse_repeated"]

# A date as a workbook's date cell reads (2024-03-10 00:00:00, or a date alone) or as Excel
# writes one into a CSV in a Vietnamese locale (10/03/2024, day first, maybe with 0:00).
ISO_DATE = r"(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?: 00:00:00)?"
DAY_FIRST = r"(?P<d2>\d{1,2})/(?P<m2>\d{1,2})/(?P<y2>\d{4})(?: 0?0:00(?::00)?)?"
DATE = re.compile(rf"^\s*(?:{ISO_DATE}|{DAY_FIRST})\s*$")
# What every such date holds, as patterns that start with a literal: the regex engine scans a
# whole column for those four times faster than for DATE at each line's start.
DATE_HINTS = (re.compile(r"/\d{4}"), re.compile(r"-\d\d-\d\d"))
# The columns a date cannot be, with their code and how the original was likely written.
DATE_CODES = {
    "house_number": (N_("import.house_number_is_date"), "{d}/{m}"),
    "ref": (N_("import.ref_is_date"), "{d}-{m}"),
    "name": (N_("import.name_is_date"), "{d}-{m}"),
}

# The options that name the coordinate columns, by what they hold (x, y).
COORDINATE_OPTIONS = {
    "geographic": ("lon_field", "lat_field"),
    "projected": ("easting_field", "northing_field"),
    "pair": ("latlon_field", "latlon_field"),
}


def check_cells(
    c: Candidates,
    table: SourceTable,
    read: dict[str, str],
    coordinates: CoordinateColumns | None,
    *,
    given: Iterable[str],
) -> None:
    """Check the cells of the columns the import reads (``read``: field → column, and the
    ``coordinates``); ``given``: the columns the officer named. Rows are rejected on ``c``;
    notes join the table's. Raises :class:`InvalidInput` for a repeated column found by its
    usual name."""
    named = set(given)
    used = list(read.values())
    if coordinates is not None:
        x, y = COORDINATE_OPTIONS[coordinates.mode]
        for column, option in ((coordinates.x, x), (coordinates.y, y)):
            if column not in named:
                refuse_repeated(_columns(table), column, table.name, option=option)
            used.append(column)
    _note_repeated(table, set(used))
    _check_formulas(c, table, used)
    _check_dates(c, table, read)


def find_column(
    columns: list[str],
    given: str | None,
    common: tuple[str, ...],
    file: str,
    option: str | None = None,
) -> str | None:
    """The column named by the option ``option`` (``given``), else the first of its common
    names the file has. A repeated name is refused when found by itself; one the officer named
    is read (the first of the repeats; the second is "name (2)") and said so by check_cells."""
    if given is not None:
        if given not in columns:
            raise no_column(option, given, file=file, columns=columns)
        found: str | None = given
    else:
        keyed: dict[str, str] = {}
        for column in columns:
            keyed.setdefault(column_key(column), column)  # the first of two alike
        found = next((keyed[n] for n in common if n in keyed), None)
    if found is not None and given is None:
        refuse_repeated(columns, found, file, option=option)
    return found


def column_key(name: str) -> str:
    """A header as the usual names are written: lower case, no tone marks, words joined by
    "_" ("Tên" → "ten", "Mã tham chiếu" → "ma_tham_chieu"): the headers people type in
    Vietnamese, and the registry's own Excel export, are found like "ten" is."""
    plain = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).lower()
    return re.sub(r"[\s\-]+", "_", plain.strip())


def refuse_repeated(columns: list[str], found: str, file: str, *, option: str | None) -> None:
    """Refuse reading ``found`` when the file has more columns of that name (``found (2)``…):
    which one was meant? ``option``: the option that names the column, if there is one."""
    twins = _twins(columns, found)
    if len(twins) < 2:
        return
    letters = [_letter(columns, t) for t in twins]
    params: dict[str, Any] = {"file": file, "count": len(twins), "letters": ", ".join(letters)}
    if option is None:
        raise InvalidInput("import.duplicate_column", value=found, **params)
    raise InvalidInput(
        "import.duplicate_column_choose",
        field=option,
        value=found,
        first=letters[0],
        second=twins[1],
        second_letter=letters[1],
        **params,
    )


def _columns(table: SourceTable) -> list[str]:
    return [str(col) for col in table.frame.columns]


def _twins(columns: list[str], name: str) -> list[str]:
    """``name`` and the columns that repeat it (sources.unique_headers calls the second one
    "name (2)"), when ``name`` is the first of them."""
    twins = [name]
    while f"{name} ({len(twins) + 1})" in columns:
        twins.append(f"{name} ({len(twins) + 1})")
    return twins


def _letter(columns: list[str], name: str) -> str:
    """The column's letter as Excel shows it (a CSV's too, opened in Excel)."""
    return get_column_letter(columns.index(name) + 1)


def _note_repeated(table: SourceTable, used: set[str]) -> None:
    """A note for each repeated name: which of its columns is read (one the officer named), or
    that none is."""
    columns = _columns(table)
    for name in columns:
        twins = _twins(columns, name)
        if len(twins) < 2 or not name.strip():
            continue  # trailing separators (",,") name empty columns: nothing to say
        letters = ", ".join(_letter(columns, t) for t in twins)
        params: dict[str, object] = {"count": len(twins), "letters": letters}
        chosen = next((t for t in twins if t in used), None)
        if chosen is None:
            code = N_("import.duplicate_column_unread")
        else:
            code = N_("import.duplicate_column_chosen")
            params.update(chosen=chosen, letter=_letter(columns, chosen))
        table.notes.append(Problem(table.name, None, None, name, code, params, "note"))


def _check_formulas(c: Candidates, table: SourceTable, used: list[str]) -> None:
    """Name the empty cells of the columns read that hold a formula saved without its value."""
    if table.sheet_part is None:
        return
    empty = [
        (pos, column)
        for column in dict.fromkeys(used)
        for pos in np.flatnonzero(table.frame[column].to_numpy() == "").tolist()
    ]
    found = table.formulas(empty) if empty else {}
    for (pos, column), formula in sorted(found.items()):
        if not c.bad[pos]:
            c.reject(pos, column, formula, "import.formula_without_value", formula=formula)


def _check_dates(c: Candidates, table: SourceTable, read: dict[str, str]) -> None:
    for field, (code, likely) in DATE_CODES.items():
        column = read.get(field)
        if column is None:
            continue
        cells, joined = _column_text(table.frame[column].tolist())
        if not any(hint.search(joined) for hint in DATE_HINTS):
            continue  # the common case: two scans of the whole column
        for pos, cell in enumerate(cells):
            match = DATE.match(cell)
            if match is None or c.bad[pos]:
                continue
            d, m, y = (
                (match["d"], match["m"], match["y"])
                if match["y"]
                else (match["d2"], match["m2"], match["y2"])
            )
            day, month = int(d), int(m)
            if not (1 <= day <= 31 and 1 <= month <= 12):
                continue  # not a date at all
            shown = f"{day:02d}/{month:02d}/{y}"
            c.reject(pos, column, cell, code, shown=shown, likely=likely.format(d=day, m=month))


def _column_text(values: list[Any]) -> tuple[list[str], str]:
    """A column's cells as strings and joined by newlines. A file's cells are strings already:
    joining them straight is one C call, where converting each cell first was a loop over
    every row; only a column that is not all text (a workbook's numbers) is converted."""
    try:
        return values, "\n".join(values)
    except TypeError:
        cells = [str(v) for v in values]
        return cells, "\n".join(cells)
