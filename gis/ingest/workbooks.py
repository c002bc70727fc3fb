"""Reading an Excel workbook the officer has, or saying in one line why it cannot be read.

The first bytes decide what the file really is, whatever its name says: a zip (an .xlsx), an
OLE2 container (an Excel 97-2003 .xls, or any workbook saved with a password — Excel encrypts
those into the same container) or text (a CSV someone renamed).

Officers' sheets are made to be printed: a title ("UBND XÃ THẠCH BÌNH", "DANH SÁCH HỘ …") above
the table, headers over two rows with a merged group cell ("Tọa độ" over "X" and "Y"), the data
on the second sheet, a signature block under the table ("Người lập biểu", "Xác nhận của UBND
xã", a date, names). The header row is the one, among the first rows of each sheet, that names
the most of the columns the import looks for; everything above it is skipped, and the signature
block ends the data (reported as a note, never as bad rows)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl

from gis.errors import InvalidInput, Problem

__all__ = ["SheetTable", "is_signature", "read_workbook"]

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
HEADER_SCAN_ROWS = 30  # a header below this many title rows is not a header
# Column names that mark a header row, besides those the command names (ASCII-folded, lower).
USUAL_NAMES = frozenset(
    (  # noqa: SIM905 (a word list reads better as words)
        "lat latitude vi_do vido lon lng longitude kinh_do kinhdo x y easting northing toa_do_x "
        "toa_do_y ten name ho_ten chu_ho ma ma_ho ref id stt so_nha dia_chi thon loai kind "
        "ten_co_quan ten_di_tich dien_thoai sdt"
    ).split()
) | {"vi do", "kinh do", "ho ten", "chu ho", "ma ho", "so nha", "dia chi", "dien thoai", "toa do"}
# The first words of a signature block under a table.
SIGNATURE = re.compile(
    r"^\s*(ngu?oi lap|nguoi lap bieu|xac nhan|thu truong|chu tich|pho chu tich|tm\.?\s|"
    r"t/m|ke toan|can bo|ky ten|\(ky|ngay\s*\.*\s*\d*\s*thang|[^,]*,\s*ngay\s|"
    # A place and date without the comma: "Thạch Bình ngày 10 tháng 3 năm 2025".
    r".*\bngay\s*[\d.…\s]*thang\s*[\d.…\s]*nam\b)",
    re.IGNORECASE,
)


@dataclass
class SheetTable:
    """One sheet's table as text cells: column names, rows, each row's number in Excel, and
    what was found on the way (the sheet, the header row, a signature block) as notes."""

    columns: list[str]
    records: list[list[str]]
    rows: list[int]
    sheet: str
    header_row: int
    notes: list[Problem] = field(default_factory=list)
    # Where the sheet's XML is in the workbook's zip ("xl/worksheets/sheet2.xml"): the second
    # pass that names formulas saved without their value reads it (gis.ingest.formulas).
    part: str | None = None


def read_workbook(
    path: Path,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    wanted: Iterable[str] = (),
) -> SheetTable:
    """The table of an .xlsx as text cells. ``sheet`` and ``header_row`` (1-based, as Excel
    numbers rows) override what is detected from ``wanted`` (the columns the command names) and
    the usual names. Raises :class:`InvalidInput` for a file that is not an .xlsx (naming what
    it is instead), a damaged one, or an unknown sheet."""
    _check_kind(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        # A damaged workbook makes openpyxl (and zipfile, and the XML parser under it) fail in
        # many ways; none is a bug of ours, and each is the same thing to the officer.
        raise InvalidInput("import.unreadable_excel", file=path.name, detail=_short(exc)) from exc
    try:
        return _read_book(book, path.name, sheet, header_row, {_fold(w) for w in wanted})
    except InvalidInput:
        raise
    except Exception as exc:  # damage found only while reading the rows
        raise InvalidInput("import.unreadable_excel", file=path.name, detail=_short(exc)) from exc
    finally:
        book.close()


def _check_kind(path: Path) -> None:
    with path.open("rb") as fh:
        head = fh.read(4096)
    if head.startswith(OLE_MAGIC):
        raise InvalidInput("import.old_or_protected_workbook", file=path.name)
    if not head.startswith(ZIP_MAGIC):
        if not head:
            raise InvalidInput("import.empty_file", file=path.name, expected="a header row")
        if b"\x00" not in head and not any(b < 0x09 for b in head):
            raise InvalidInput("import.text_not_workbook", file=path.name)
        raise InvalidInput("import.not_a_workbook", file=path.name)


def _read_book(
    book: Any, file: str, sheet: str | None, header_row: int | None, wanted: set[str]
) -> SheetTable:
    names = list(book.sheetnames)
    if sheet is not None:
        if sheet not in names:
            raise InvalidInput(
                "import.no_such_sheet",
                field="sheet",
                value=sheet,
                file=file,
                sheets=", ".join(names),
            )
        chosen = [sheet]
    else:
        chosen = names
    best: tuple[int, str, int, list[tuple[Any, ...]]] | None = None
    for name in chosen:
        head = _rows(book[name], HEADER_SCAN_ROWS)
        at, score = _find_header(head, wanted, header_row)
        if best is None or score > best[0]:
            best = (score, name, at, head)
    assert best is not None
    _, name, at, head = best
    if header_row is not None and header_row > len(head):
        raise InvalidInput(
            "import.no_such_header_row",
            field="header_row",
            value=header_row,
            file=file,
            sheet=name,
        )
    return _table(book[name], file, name, at, wanted)


def _rows(ws: Any, limit: int | None = None) -> list[tuple[Any, ...]]:
    out = []
    for row in ws.iter_rows(values_only=True):
        out.append(tuple(row))
        if limit is not None and len(out) >= limit:
            break
    return out


def _find_header(
    head: Sequence[tuple[Any, ...]], wanted: set[str], given: int | None
) -> tuple[int, int]:
    """The header row's index (0-based) in ``head`` and how many known names it holds."""
    if given is not None:
        return given - 1, 1_000
    best = (0, -1)
    for i, row in enumerate(head):
        names = {_fold(v) for v in row if isinstance(v, str)}
        score = 2 * len(names & wanted) + len(names & USUAL_NAMES)
        if score > best[1]:
            best = (i, score)
    if best[1] <= 0:  # nothing known: the first non-empty row, as a plain table has it
        first = next((i for i, r in enumerate(head) if any(_text(v) for v in r)), 0)
        return first, 0
    return best


def _table(ws: Any, file: str, sheet: str, at: int, wanted: set[str]) -> SheetTable:
    """The sheet's table from the header at ``at`` (0-based): the other row of a two-row header
    joined, blank rows dropped, the data ended by a signature block."""
    notes: list[Problem] = []
    all_rows = _rows(ws)
    header = [_text(v) for v in (all_rows[at] if at < len(all_rows) else ())]
    first_data = at + 1
    above = [_text(v) for v in all_rows[at - 1]] if 0 < at <= len(all_rows) else []
    below = [_text(v) for v in all_rows[at + 1]] if at + 1 < len(all_rows) else []
    if _names_known(above, wanted) and _continues_header(above, header):
        # The names the command gave ("X", "Y") are on the lower row of a merged header: the
        # upper row ("Mã hộ", "Chủ hộ" merged down, "Tọa độ" over X and Y) names the rest.
        header = _join_headers(above, header)
        at -= 1
    elif _continues_header(header, below):
        header = _join_headers(header, below)
        first_data = at + 2
    width = len(header)
    while width and not header[width - 1]:
        width -= 1  # trailing empty header cells (formatting that runs off the table)
    columns = [h or f"column_{k + 1}" for k, h in enumerate(header[:width])]
    records: list[list[str]] = []
    rows: list[int] = []
    for k in range(first_data, len(all_rows)):
        cells = [_text(v) for v in all_rows[k][:width]]
        cells += [""] * (width - len(cells))
        if not any(cells):
            continue
        if records and is_signature(cells):
            notes.append(
                Problem(
                    file,
                    k + 1,
                    None,
                    next(c for c in cells if c),
                    "import.signature_block",
                    {"sheet": sheet, "rows": len(all_rows) - k},
                    "note",
                )
            )
            break
        records.append(cells)
        rows.append(k + 1)
    if at > 0 or len(ws.parent.sheetnames) > 1:
        notes.insert(
            0,
            Problem(
                file,
                None,
                None,
                None,
                "import.table_found",
                {"sheet": sheet, "header_row": at + 1},
                "note",
            ),
        )
    # openpyxl keeps a read-only sheet's part name in a private attribute, and has no public one.
    part = getattr(ws, "_worksheet_path", None)
    return SheetTable(columns, records, rows, sheet, at + 1, notes, part)


def _names_known(row: list[str], wanted: set[str]) -> bool:
    """Whether a row names a column the import looks for (a header row, not a title)."""
    names = {_fold(v) for v in row if v}
    return bool(names & (wanted | USUAL_NAMES))


def _continues_header(header: list[str], below: list[str]) -> bool:
    """Whether ``below`` is the second row of a two-row header: text only (no number), and text
    under a cell the first row left empty (the rest of a merged group cell)."""
    if not any(below) or any(_is_number(c) for c in below if c):
        return False
    return any(b and (k >= len(header) or not header[k]) for k, b in enumerate(below))


def _join_headers(top: list[str], below: list[str]) -> list[str]:
    """A merged group cell's text carried over the cells it spans; each column named by its
    lower cell ("X"), or "group X" when the lower name alone would repeat."""
    width = max(len(top), len(below))
    top = top + [""] * (width - len(top))
    below = below + [""] * (width - len(below))
    group, filled = "", []
    for t, b in zip(top, below, strict=True):
        group = t or (group if b else "")
        filled.append(group)
    names = [b or t for t, b in zip(filled, below, strict=True)]
    return [
        f"{filled[k]} {below[k]}".strip() if below[k] and names.count(names[k]) > 1 else names[k]
        for k in range(width)
    ]


def is_signature(cells: list[str]) -> bool:
    """Whether a row (text cells, not all empty) starts a signature block under a table."""
    first = next(c for c in cells if c)
    return bool(SIGNATURE.match(_fold(first, keep_spaces=True)))


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", "."))
    except ValueError:
        return False
    return True


def _text(value: Any) -> str:
    """A cell as the text the import reads (what pandas' dtype=str gave before)."""
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        return str(value)
    return unicodedata.normalize("NFC", str(value)).strip()


def _fold(text: str, *, keep_spaces: bool = False) -> str:
    """Lower case without diacritics ('Vĩ độ' → 'vi do'): how header names are compared."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower().strip()
    return plain if keep_spaces else re.sub(r"\s+", " ", plain)


def _short(exc: Exception) -> str:
    """The library's reason on one line, not a page of XML."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:117] + "…"
