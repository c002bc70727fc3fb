"""Cells that no spreadsheet runs: the one defence against formula injection (CSV injection) in
every sheet the app and the command line write for people.

Names come from officers' files and volunteers' phones, so a village named
``=HYPERLINK("http://…";"Bấm vào đây")`` must reach Excel as that text, never as a live formula.
Excel, LibreOffice and Google Sheets start a formula at ``=``, ``+``, ``-`` or ``@`` (and after a
leading tab or carriage return); OWASP's advice is to write such a cell as text:

- in an xlsx workbook, a string cell (openpyxl turns a string that starts with ``=`` into a
  formula cell unless told otherwise: :func:`append_text_row`);
- in a CSV file a person opens, the text after an apostrophe (:func:`csv_text`), which the
  spreadsheet shows as the text itself.

A negative number stays a number in both: it is not a formula, and a sheet of figures keeps
adding up. CSV files for programs keep their values exactly (the contract's); only files for
people go through here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

__all__ = ["FORMULA_STARTS", "append_text_row", "csv_text", "starts_a_formula"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A negative number as a spreadsheet of either language reads it ("-2", "-1,5", "-0.25").
_NEGATIVE_NUMBER = re.compile(r"-\d+(?:[.,]\d+)?")


def starts_a_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text`` as a formula (a negative number is not one)."""
    return text.startswith(FORMULA_STARTS) and _NEGATIVE_NUMBER.fullmatch(text) is None


def csv_text(value: object) -> object:
    """A CSV cell for people: text that could start a formula behind an apostrophe, which Excel
    shows as the text; anything else (numbers, other text) as it is."""
    if isinstance(value, str) and starts_a_formula(value):
        return "'" + value
    return value


def append_text_row(sheet: Any, values: Iterable[object]) -> None:
    """``sheet.append(values)`` on an openpyxl worksheet, with every text a string cell: a value
    that starts with ``=`` stays the text it was, never a formula. Numbers stay numbers.
    (``sheet`` is typed loosely: addrgen imports no spreadsheet library.)"""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":  # openpyxl's formula type; "s" is a string cell
            cell.data_type = "s"
