"""Reading the files officers really have into a table of text cells (plus geometry when the
format carries it), with row numbers as a person sees them."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd

from gis.errors import InvalidInput, Problem
from gis.ingest.csvdialect import SIGNATURE_SCAN_ROWS, from_line, signature_start, sniff_delimiter
from gis.ingest.formulas import formulas_without_values
from gis.ingest.layers import Shape, read_layers
from gis.ingest.textfix import (
    Encoding,
    UndecodableText,
    decode_bytes_as,
    detect_legacy,
    likelier_cell_encoding,
    likelier_encoding,
    repair_text,
)
from gis.ingest.workbooks import read_workbook

__all__ = ["Detected", "SourceTable", "read_source"]

# A line with nothing but blanks. Two patterns, not one "(^|\n)…": a pattern that starts with a
# literal newline lets the regex engine jump from newline to newline instead of trying every
# character of a 20 MB file.
BLANK_FIRST_LINE = re.compile(r"[ \t\r]*\n")
BLANK_LINE = re.compile(r"\n[ \t\r]*\n")
TABULAR = {".csv", ".txt", ".xlsx", ".xlsm"}
GEOSPATIAL = {".geojson", ".json", ".gpkg", ".shp", ".kml", ".zip"}


@dataclass(frozen=True)
class Detected:
    """How a file was read, for an officer to check before importing (gis.ingest.preview):
    what the reader chose or was told. ``None`` where a choice does not apply to the format
    or the reader cannot tell."""

    file_type: str  # the suffix without its dot, lower case: "csv", "xlsx", "geojson", …
    columns: tuple[str, ...]  # as read, after making repeated names unique
    encoding: str | None = None  # "utf-8", "utf-16", "cp1258", "tcvn3", "vni"
    encoding_sniffed: bool = False  # True: found from the bytes; False: given by the officer
    delimiter: str | None = None  # CSV
    sheet: str | None = None  # workbooks
    header_row: int | None = (
        None  # workbooks, or a CSV's given one: the row number as Excel shows it
    )
    layer: str | None = None  # geo sources, when one layer of several was chosen


@dataclass
class SourceTable:
    """A file's rows as text cells. ``rows`` holds each row's number as a person sees it."""

    path: Path
    frame: pd.DataFrame
    rows: list[int]
    geometry: gpd.GeoSeries | None
    crs: str | None
    undecodable: dict[tuple[int, str], str]  # (position, column) -> raw value
    # position -> how many fields the row has (it should have one per column)
    malformed: dict[int, int] = field(default_factory=dict)
    # What reading found that the officer should know (the sheet and header row chosen, a
    # signature block under the table).
    notes: list[Problem] = field(default_factory=list)
    detected: Detected = field(kw_only=True)
    # A workbook's sheet, as its zip names it: see formulas().
    sheet_part: str | None = field(default=None, kw_only=True)

    @property
    def name(self) -> str:
        return self.path.name

    def formulas(self, cells: Iterable[tuple[int, str]]) -> dict[tuple[int, str], str]:
        """For a workbook, the formula (``=B2*2``) of each of ``cells`` (position, column) that
        holds one saved without its value, which reads as an empty cell; the sheet is read again
        for it, so ask only about empty cells that matter. Empty for other formats."""
        if self.sheet_part is None:
            return {}
        at = {name: k + 1 for k, name in enumerate(self.frame.columns)}
        asked = {(self.rows[pos], at[column]): (pos, column) for pos, column in cells}
        found = formulas_without_values(self.path, self.sheet_part, asked)
        return {asked[cell]: formula for cell, formula in found.items()}


def read_source(
    path: Path,
    *,
    encoding: Encoding = "auto",
    layer: str | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
    wanted: Iterable[str] = (),
    shape: Shape | None = None,
) -> SourceTable:
    """Read CSV, Excel, GeoJSON, GeoPackage, Shapefile or KML into a :class:`SourceTable`
    (``layer``: which layer of a multi-layer source; ``sheet``, ``header_row``: where a
    workbook's table is, else found from ``wanted``, the columns the command names; a CSV's
    header is its first line, or ``header_row``; ``shape``: the geometry a layer must have to be
    taken unasked from a source with several)."""
    if not path.is_file():
        raise InvalidInput("import.no_such_file", field="path", value=path)
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return _read_csv(path, encoding, header_row)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return _read_excel(path, encoding, sheet, header_row, wanted)
    if suffix in GEOSPATIAL:
        return _read_geo(path, encoding, layer, shape)
    raise InvalidInput(
        "import.unknown_file_type",
        field="path",
        value=path,
        suffix=suffix,
        expected=".csv, .xlsx, .geojson, .gpkg, .shp, .kml",
    )


def _read_csv(path: Path, encoding: Encoding, header_row: int | None = None) -> SourceTable:
    raw = path.read_bytes()
    try:
        text, read_as = decode_bytes_as(raw, encoding)
    except UndecodableText as exc:
        raise exc.in_file(path.name) from exc
    likely = likelier_encoding(raw, text, encoding) if encoding != "auto" else None
    if likely is not None:
        raise InvalidInput(
            "import.wrong_encoding", field="encoding", value=encoding, file=path.name, likely=likely
        )
    del raw  # the text holds the file now (a large file's bytes need not stay beside its cells)
    # Not text.strip(): that copies the whole file to learn whether it is blank.
    if not text or text.isspace():
        raise InvalidInput("import.empty_file", file=path.name, expected="a header row")
    skipped = 0
    if header_row is not None and header_row > 1:
        text, skipped = from_line(text, header_row, path.name)
    sep = sniff_delimiter(text)
    plain = _plain_csv_bytes(text, sep)
    if plain is not None:
        header = text[: text.find("\n")] if "\n" in text else text
        # The cells are parsed from the bytes: the text (up to four bytes a letter) need not be
        # kept beside them — at a million rows, 110 MB of the import's peak.
        del text
        fast = _read_plain_csv(plain, header, sep)
        if fast is not None:
            detected = _csv_detected(path, read_as, encoding, sep, fast[0].columns, header_row)
            rows = [r + skipped for r in fast[1]] if skipped else fast[1]
            table = SourceTable(path, fast[0], rows, None, None, {}, detected=detected)
            return _end_at_signature(table)
        text = plain.decode("utf-8")
    frame, rows, malformed = _read_quoted_csv(text, sep, path.name)
    rows = [r + skipped for r in rows] if skipped else rows
    detected = _csv_detected(path, read_as, encoding, sep, frame.columns, header_row)
    table = SourceTable(path, frame, rows, None, None, {}, malformed, detected=detected)
    return _end_at_signature(table)


def _end_at_signature(table: SourceTable) -> SourceTable:
    """A CSV saved from an officer's sheet keeps its signature block under the table: the data
    ends there, said as a note (:func:`~gis.ingest.csvdialect.signature_start`), not bad rows."""
    tail = table.frame.tail(SIGNATURE_SCAN_ROWS)
    at = signature_start([[str(c) for c in r] for r in tail.itertuples(index=False, name=None)])
    cut = len(table.frame) - len(tail) + at if at is not None else None
    if not cut:  # None, or the first row: no table above it
        return table
    first = next(str(c).strip() for c in table.frame.iloc[cut] if str(c).strip())
    params = {"rows": len(table.frame) - cut}
    table.notes.append(
        Problem(
            table.name, table.rows[cut], None, first, "import.csv_signature_block", params, "note"
        )
    )
    table.frame = table.frame.iloc[:cut].reset_index(drop=True)
    table.rows = table.rows[:cut]
    table.malformed = {pos: n for pos, n in table.malformed.items() if pos < cut}
    return table


def _read_quoted_csv(
    text: str, sep: str, file: str
) -> tuple[pd.DataFrame, list[int], dict[int, int]]:
    """The csv module's reading, for what the fast path leaves: quotes (a cell with the separator
    or a line break in it), blank lines, rows with too few or too many fields (each named)."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, skipinitialspace=True)
    try:
        header = next(reader)
    except StopIteration:
        raise InvalidInput("import.empty_file", file=file, expected="a header row") from None
    except csv.Error as exc:  # a stray carriage return in the header, say
        raise InvalidInput("import.unreadable_csv", file=file, line=1, detail=str(exc)) from exc
    columns = unique_headers([_clean_header(c) for c in header])
    width = len(columns)
    records: list[list[str]] = []
    rows: list[int] = []
    malformed: dict[int, int] = {}
    line = reader.line_num
    try:
        for record in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in record):
                continue  # blank lines are not rows
            if len(record) != width:
                malformed[len(records)] = len(record)
                record = (record + [""] * width)[:width]
            records.append(record)
            rows.append(start)
    except csv.Error as exc:
        raise InvalidInput(
            "import.unreadable_csv", file=file, line=reader.line_num, detail=str(exc)
        ) from exc
    return pd.DataFrame(records, columns=columns, dtype=str), rows, malformed


def _csv_detected(
    path: Path,
    read_as: str,
    encoding: Encoding,
    sep: str,
    columns: Iterable[str],
    header_row: int | None,
) -> Detected:
    return Detected(
        file_type=path.suffix.lower().lstrip("."),
        columns=tuple(str(c) for c in columns),
        encoding=read_as,
        encoding_sniffed=encoding == "auto",
        delimiter=sep,
        header_row=header_row if header_row is not None and header_row > 1 else None,
    )


def _plain_csv_bytes(text: str, sep: str) -> bytes | None:
    """The file as UTF-8 for pandas' C parser, when it is the common case — no quotes, no blank
    lines, every line with the header's number of fields — where a row's number is simply its
    line number; else None: the csv module then reads it, and can name each odd row."""
    if '"' in text or BLANK_FIRST_LINE.match(text) or BLANK_LINE.search(text):
        return None
    if _empty_row(sep).search(text):
        return None  # a row of separators only: Excel writes them for formatted empty rows
    encoded = text.encode("utf-8")
    data = np.frombuffer(encoded, dtype=np.uint8)
    ends = np.flatnonzero(data == ord("\n"))
    if len(ends) == 0 or ends[-1] != len(data) - 1:
        ends = np.append(ends, len(data))
    # Separators before each line's end, minus those before the previous line's end.
    per_line = np.diff(np.searchsorted(np.flatnonzero(data == ord(sep)), ends), prepend=0)
    if (per_line != per_line[0]).any():
        return None
    return encoded


def _read_plain_csv(
    encoded: bytes, header_line: str, sep: str
) -> tuple[pd.DataFrame, list[int]] | None:
    """pandas' C parser on a file :func:`_plain_csv_bytes` passed (``header_line``: its first
    line as text)."""
    # The bytes, not the text: the C parser reads UTF-8, and would encode a StringIO again.
    frame = pd.read_csv(
        io.BytesIO(encoded),
        encoding="utf-8",
        dtype=str,
        keep_default_na=False,
        sep=sep,
        # As the csv module's path reads: a blank after the separator is not part of the cell.
        skipinitialspace=True,
    )
    # The header as written (pandas renames a repeated name "ten.1"); no quotes on this path.
    header = header_line.rstrip("\r").split(sep)
    if len(header) != len(frame.columns):
        return None
    frame.columns = unique_headers([_clean_header(c) for c in header])
    return frame, list(range(2, len(frame) + 2))


@cache
def _empty_row(sep: str) -> re.Pattern[str]:
    """A line of nothing but ``sep`` and blanks (after the first line), which the csv module's
    path skips as it skips blank lines. It starts with a literal newline (see BLANK_LINE)."""
    blank = f"[ \t\r{re.escape(sep)}]*"
    return re.compile(f"\n{blank}{re.escape(sep)}{blank}(?:\n|\\Z)")


def _read_excel(
    path: Path,
    encoding: Encoding,
    sheet: str | None,
    header_row: int | None,
    wanted: Iterable[str],
) -> SourceTable:
    table = read_workbook(path, sheet=sheet, header_row=header_row, wanted=wanted)
    columns = unique_headers([_clean_header(c) for c in table.columns])
    frame = pd.DataFrame(table.records, columns=columns, dtype=str)
    undecodable = _repair_cells(frame, encoding, path.name)
    detected = Detected(
        file_type=path.suffix.lower().lstrip("."),
        columns=tuple(columns),
        encoding=None if encoding == "auto" else encoding,
        encoding_sniffed=encoding == "auto",
        sheet=table.sheet,
        header_row=table.header_row,
    )
    return SourceTable(
        path,
        frame,
        table.rows,
        None,
        None,
        undecodable,
        notes=table.notes,
        detected=detected,
        sheet_part=table.part,
    )


def _read_geo(
    path: Path, encoding: Encoding, layer: str | None, shape: Shape | None
) -> SourceTable:
    gdf = read_layers(path, layer=layer, shape=shape)
    geometry = gdf.geometry
    crs = gdf.crs.to_string() if gdf.crs is not None else None
    attrs = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    frame = pd.DataFrame({c: [_cell(v) for v in attrs[c].tolist()] for c in attrs.columns})
    frame.columns = [_clean_header(c) for c in frame.columns]
    undecodable = _repair_cells(frame, encoding, path.name)
    rows = list(range(1, len(frame) + 1))  # 1-based feature index
    detected = Detected(
        file_type=path.suffix.lower().lstrip("."),
        columns=tuple(str(c) for c in frame.columns),
        encoding=None if encoding == "auto" else encoding,
        encoding_sniffed=encoding == "auto",
        layer=layer,
    )
    frame = frame.reset_index(drop=True)
    return SourceTable(path, frame, rows, geometry, crs, undecodable, detected=detected)


def _repair_cells(frame: pd.DataFrame, encoding: Encoding, file: str) -> dict[tuple[int, str], str]:
    """Repair legacy-encoded text. With "auto" the encoding is decided once per column, on all
    its text together: a short cell alone can read validly in two encodings, a column cannot.
    Remember the cells nothing can explain. An encoding the officer forced that makes the
    text no Vietnamese while another reads it as such is refused, naming that one (a TCVN3
    sheet forced through cp1258 would be stored as mojibake), as for a CSV."""
    bad: dict[tuple[int, str], str] = {}
    if encoding not in ("auto", "utf-8"):
        legacy = [v for c in frame.columns for v in map(str, frame[c].tolist()) if not v.isascii()]
        likely = likelier_cell_encoding(legacy, encoding)
        if likely is not None:
            raise InvalidInput(
                "import.wrong_encoding", field="encoding", value=encoding, file=file, likely=likely
            )
    for column in frame.columns:
        values = [str(v) for v in frame[column].tolist()]
        if all(v.isascii() for v in values):
            continue
        chosen: Encoding = encoding
        if encoding == "auto":
            chosen = detect_legacy("\n".join(v for v in values if not v.isascii())) or "utf-8"
        fixed: list[str] = []
        for pos, value in enumerate(values):
            try:
                fixed.append(value if value.isascii() else repair_text(value, chosen))
            except UndecodableText:
                bad[(pos, column)] = value
                fixed.append(value)
        frame[column] = fixed
    return bad


def _cell(value: object) -> str:
    """A GIS attribute as text: missing values (None, NaN) are empty cells."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value)


def unique_headers(names: list[str]) -> list[str]:
    """Column names made unique: a repeated "ten" becomes "ten (2)", so that an import using it
    can say the file has two (gis.ingest.importing), rather than silently reading the first."""
    seen: dict[str, int] = {}
    out = []
    for name in names:
        seen[name] = seen.get(name, 0) + 1
        out.append(name if seen[name] == 1 else f"{name} ({seen[name]})")
    return out


def _clean_header(name: object) -> str:
    return unicodedata.normalize("NFC", str(name)).strip().lstrip("\ufeff")
