"""Formulas a workbook holds without their value.

Excel saves each formula with the value it last computed, and the import reads those values. A
workbook written by a program (openpyxl, a database's export, a script) often saves the formula
alone: the cell then reads as empty, and a latitude ``=B2/3600`` would be "no latitude" while the
sheet, opened in Excel, shows a number. Such cells are named with their formula instead.

Finding them takes a second pass over the sheet's XML, so it is only made when asked for (the
import asks about the empty cells of the columns it reads), and it searches the bytes for cells
with formulas rather than parsing the XML, unless they are written in an unusual way."""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, iterparse

from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple, get_column_letter

__all__ = ["formulas_without_values"]

# A formula element, with or without a namespace prefix: <f>, <f t="shared" …/>, <x:f>.
FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
# A cell with a formula as Excel, LibreOffice and openpyxl write it: its reference first, then
# its formula (text, or a shared formula's index alone) and its value, if any.
FORMULA_CELL = re.compile(
    rb'<c r="([A-Z]{1,3})([0-9]+)"([^>]*)>\s*<f([^>]*?)(?:/>|>([^<]*)</f>)\s*'
    rb"(<v\s*/>|<v>([^<]*)</v>)?"
)
SHARED_INDEX = re.compile(rb'\bsi="([0-9]+)"')
CHUNK = 1 << 22


def formulas_without_values(
    path: Path, part: str, cells: Iterable[tuple[int, int]]
) -> dict[tuple[int, int], str]:
    """``(row, column)`` (1-based, as Excel numbers them) → the formula (``=B2*2``) for each of
    ``cells`` of the sheet stored at ``part`` of the workbook ``path`` that holds a formula and
    no value computed for it. A formula whose value is an empty text (``t="str"`` with an empty
    value, what Excel writes for ``=IF(…;"";…)``) has its value: it is not named."""
    wanted = set(cells)
    if not wanted:
        return {}
    with zipfile.ZipFile(path) as book:
        found = _match(book, part, wanted)
        if found is None:  # not written the usual way: the XML parser reads it
            with book.open(part) as xml:
                found = _scan(xml, wanted)
    return found


def _match(
    book: zipfile.ZipFile, part: str, wanted: set[tuple[int, int]]
) -> dict[tuple[int, int], str] | None:
    """The fast reading: the sheet's bytes, a row-aligned chunk at a time, searched for cells
    with formulas (ten times faster than parsing). None when some formula element of a chunk is
    not in a cell this search reads (a prefixed tag, attributes in another order, a cell
    without its reference): :func:`_scan` reads those."""
    found: dict[tuple[int, int], str] = {}
    shared: dict[str, tuple[str, str]] = {}
    rest = b""
    with book.open(part) as xml:
        while True:
            chunk = xml.read(CHUNK)
            data = rest + chunk
            end = data.rfind(b"</row>")
            # A whole number of rows now, the rest with the next chunk (all of it at the end).
            cut = (end + len(b"</row>") if end >= 0 else 0) if chunk else len(data)
            data, rest = data[:cut], data[cut:]
            matches = list(FORMULA_CELL.finditer(data))
            if len(matches) != len(FORMULA_TAG.findall(data)):
                return None
            for m in matches:
                _found_one(m, wanted, shared, found)
            if not chunk:
                return found


def _found_one(
    m: re.Match[bytes],
    wanted: set[tuple[int, int]],
    shared: dict[str, tuple[str, str]],
    found: dict[tuple[int, int], str],
) -> None:
    """Record the cell of one match of FORMULA_CELL if it is wanted and has no value."""
    letters, row = m[1].decode(), int(m[2])
    ref = f"{letters}{row}"
    index = SHARED_INDEX.search(m[4])
    text = html.unescape((m[5] or b"").decode("utf-8"))
    formula = f"={text}"
    if index is not None and b'"shared"' in m[4]:
        si = index[1].decode()
        if text:
            shared[si] = (text, ref)
        elif si in shared:
            first, origin = shared[si]
            formula = str(Translator(f"={first}", origin=origin).translate_formula(ref))
    cell = (row, column_index_from_string(letters))
    has_value = m[6] is not None and (bool(m[7]) or b't="str"' in m[3])
    if cell in wanted and not has_value:
        found[cell] = formula


def _scan(xml: IO[bytes], wanted: set[tuple[int, int]]) -> dict[tuple[int, int], str]:
    """The wanted cells' formulas without values, from the sheet's XML (streamed: each row is
    dropped once read, the rest of the sheet unread after the last wanted row). Shared formulas
    are written once, on their first cell; the others are translated from it as Excel does
    (``B2*2`` on row 2 is ``B3*2`` on row 3). Rows and cells may omit their reference (``r``):
    they are then the next ones."""
    found: dict[tuple[int, int], str] = {}
    shared: dict[str, tuple[str, str]] = {}  # si -> (formula, the cell it is written on)
    last_row = max(r for r, _ in wanted)
    row = col = 0
    for event, elem in iterparse(xml, events=("start", "end")):
        tag = _local(elem)
        if tag == "row" and event == "start":
            row, col = int(elem.get("r") or row + 1), 0
        elif tag == "row":
            elem.clear()
            if row >= last_row:
                break
        elif tag == "c" and event == "end":
            ref = elem.get("r")
            row, col = coordinate_to_tuple(ref) if ref else (row, col + 1)
            formula = _formula(elem, ref or f"{get_column_letter(col)}{row}", shared)
            if formula is not None and (row, col) in wanted and not _has_value(elem):
                found[(row, col)] = formula
    return found


def _local(elem: Element) -> str:
    """An element's name without its namespace."""
    return elem.tag.rsplit("}", 1)[-1]


def _child(elem: Element, name: str) -> Element | None:
    return next((e for e in elem if _local(e) == name), None)


def _formula(elem: Element, ref: str, shared: dict[str, tuple[str, str]]) -> str | None:
    """The cell's formula as ``=…``, or None."""
    f = _child(elem, "f")
    if f is None:
        return None
    text, si = f.text or "", f.get("si")
    if f.get("t") == "shared" and si is not None:
        if text:
            shared[si] = (text, ref)
        elif si in shared:
            first, origin = shared[si]
            return str(Translator(f"={first}", origin=origin).translate_formula(ref))
    return f"={text}"


def _has_value(elem: Element) -> bool:
    """Whether a formula cell carries its computed value (an empty text result counts)."""
    v = _child(elem, "v")
    if v is None:
        return False
    return bool(v.text) or elem.get("t") == "str"
