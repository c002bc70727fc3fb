"""How a spreadsheet opens a CSV file a person double-clicks, per the locale's regional settings
(written here independently of addrgen.formatting): Excel needs a byte-order mark to read UTF-8,
splits fields at the system's list separator and reads a cell as a number when it has the
locale's decimal mark. vi-VN: separator ``;``, decimal comma; en-US: ``,`` and a point."""

from __future__ import annotations

import csv
import io
import re

__all__ = ["EXCEL", "open_as_excel"]

#: (list separator, decimal mark) of Windows' regional settings.
EXCEL = {"vi": (";", ","), "en": (",", ".")}


def open_as_excel(data: bytes, lang: str) -> list[list[str | float]]:
    """The cells Excel shows: text, or a float for a number in the locale's form."""
    assert data.startswith(b"\xef\xbb\xbf"), "no byte-order mark: Excel would garble the letters"
    separator, decimal = EXCEL[lang]
    number = re.compile(r"-?\d+(" + re.escape(decimal) + r"\d+)?")
    rows = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=separator)
    return [
        [float(c.replace(decimal, ".")) if number.fullmatch(c) else c for c in row] for row in rows
    ]
