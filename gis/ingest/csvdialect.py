"""Which character separates a CSV's fields, found from its header and first lines.

Counting commas against semicolons over the whole sample is wrong for the files officers have:
Vietnamese Excel writes a semicolon-separated file with comma decimals
(``ten;vi_do;kinh_do`` / ``Nhà văn hóa;18,325574;105,93``), which holds more commas than
semicolons. A header names its columns without decimals in them, and every row of a real table has
as many fields as its header: the separator is the candidate that splits the header into the most
columns *and* splits the first rows the same way, quoted cells (``"18,3255"``, a name with a
comma) counted as the csv module reads them."""

from __future__ import annotations

import csv
import io

from gis.errors import InvalidInput
from gis.ingest.workbooks import is_signature

__all__ = ["CANDIDATES", "SIGNATURE_SCAN_ROWS", "from_line", "signature_start", "sniff_delimiter"]

#: The separators Excel and GIS tools write: comma, semicolon (Excel in a comma-decimal locale),
#: tab (Excel's "Text (Tab delimited)" and "Unicode Text") and the pipe of some database exports.
CANDIDATES = (",", ";", "\t", "|")
SAMPLE_CHARS = 64 * 1024  # enough for the header and dozens of rows, whatever the file's size
SAMPLE_RECORDS = 50
SIGNATURE_SCAN_ROWS = 30  # the last rows of a CSV that may hold a signature block


def sniff_delimiter(text: str) -> str:
    """The separator of the CSV ``text`` (a comma when nothing tells: a one-column file).

    Each candidate is scored on the sample's records, read with quotes respected: how many of
    the rows have as many fields as the header, then how many fields the header has. A
    candidate absent from the header is no candidate."""
    sample = _sample(text)
    best: tuple[int, int, int] | None = None
    chosen = ","
    for rank, sep in enumerate(CANDIDATES):
        records = _records(sample, sep)
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        agreeing = sum(len(r) == width for r in records[1:])
        # Earlier candidates win ties (a comma before a semicolon): -rank.
        score = (agreeing, width, -rank)
        if best is None or score > best:
            best, chosen = score, sep
    return chosen


def _sample(text: str) -> str:
    """The first lines of ``text``, the last (possibly cut) one dropped when it was cut."""
    if len(text) <= SAMPLE_CHARS:
        return text
    head = text[:SAMPLE_CHARS]
    return head[: head.rfind("\n") + 1] or head


def _records(sample: str, sep: str) -> list[list[str]]:
    """The first non-blank records of ``sample`` split by ``sep`` (empty when unreadable)."""
    reader = csv.reader(io.StringIO(sample), delimiter=sep, skipinitialspace=True)
    out: list[list[str]] = []
    try:
        for record in reader:
            if any(cell.strip() for cell in record):
                out.append(record)
            if len(out) >= SAMPLE_RECORDS:
                break
    except csv.Error:
        pass  # what was read so far still counts; the reader itself names the bad line later
    return out


def from_line(text: str, header_row: int, file: str) -> tuple[str, int]:
    """The text from line ``header_row`` on (a CSV saved from a sheet with a title above its
    table), and how many lines were left out; rows keep the numbers Excel shows."""
    at = 0
    for _ in range(header_row - 1):
        at = text.find("\n", at) + 1
        if at == 0:
            break
    if at == 0 or not text[at:].strip():
        raise InvalidInput(
            "import.csv_no_such_row", field="header_row", value=header_row, file=file
        )
    return text[at:], header_row - 1


def signature_start(rows: list[list[str]]) -> int | None:
    """Where a signature block ("Người lập biểu", a date, names) starts among the last rows of
    a table (a CSV saved from an officer's sheet keeps it), or None."""
    for k, cells in enumerate(rows):
        texts = [c.strip() for c in cells]
        if any(texts) and is_signature(texts):
            return k
    return None
