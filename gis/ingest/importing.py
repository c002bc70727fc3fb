"""`points import`: address points from CSV, Excel, GeoJSON, GeoPackage, Shapefile or KML.

Whole columns are handled at once (numbers, reprojection, the village join, plus codes), so a
province's file imports in seconds; only the rows that go wrong are looked at one by one, to
name them. The import is one transaction: any bad row (unless ``skip_bad``) and nothing is
written."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
from pyproj import CRS
from sqlalchemy import Connection, insert

from addrgen.vocab import KIND_LABELS, Kind
from gis.errors import ImportRejected, InvalidInput
from gis.ingest.adminunits import match_address
from gis.ingest.candidates import (
    Candidates,
    candidates_from_columns,
    check_kinds_and_names,
    check_national_codes,
    clean_text,
    place_in_villages,
)
from gis.ingest.cells import check_cells, find_column
from gis.ingest.crs import CoordinateColumns, source_crs, zone_note
from gis.ingest.national_codes import find_national_codes, write_national_codes
from gis.ingest.neighbours import check_neighbours
from gis.ingest.positions import position_columns, read_positions
from gis.ingest.preview import ImportPreview, build_preview
from gis.ingest.report import ImportOptions, ImportReport
from gis.ingest.sources import SourceTable, read_source
from gis.ingest.textrules import check_text_rules, clean_cells
from gis.ingest.writing import insert_candidates
from gis.registry.communes import Commune
from gis.registry.villages import village_index
from gis.spatial.geometry import VillageIndex
from gis.storage.bulk import gc_paused, return_freed_memory
from gis.storage.db import Registry
from gis.storage.events import now
from gis.storage.schema import imports

# The options and the report live in gis.ingest.report; they are named here too, where the
# faces and the benches have always imported them from.
__all__ = ["ImportOptions", "ImportReport", "import_points", "preview_import", "rejection"]

NAME_FIELDS = ("name", "ten", "ho_ten", "chu_ho", "ten_co_quan", "ten_di_tich", "ten_don_vi")
# The last two: the headers of the registry's own Excel export (vi, en), which imports back.
REF_FIELDS = ("ref", "ma", "ma_ho", "ma_diem", "id", "stt_ho", "ma_tham_chieu", "source_reference")
HOUSE_FIELDS = ("house_number", "so_nha", "sonha")
STREET_FIELDS = ("street", "duong", "ten_duong")
PHONE_FIELDS = ("phone", "dien_thoai", "sdt", "so_dien_thoai")
# The registry's own exports carry the code: a row with a registered one is that point.
CODE_FIELDS = ("code", "ma_dia_chi", "ma_dia_chi_so", "digital_address_code")
# The national platform's code: the registry's own export's headers (vi, en) and its field name.
NATIONAL_CODE_FIELDS = (
    "national_code",
    "ma_tren_nen_tang_dia_chi_so_quoc_gia",
    "national_platform_code",
)
ADDRESS_FIELDS = ("address", "dia_chi", "diachi", "dia_chi_hanh_chinh")
# The replacement character and C0 controls (but tab) mean text that went wrong on its way here.
UNDECODABLE = re.compile("[\\x00-\\x08\\x0a-\\x1f\\ufffd]")
# A newline then whitespace (str.strip's whitespace: the same Unicode property).
BLANK_AFTER_NEWLINE = re.compile(r"\n\s")
# A kind column may say the stored value, the Vietnamese label (any case) or one of these.
KIND_ALIASES = {
    **{k.value: k.value for k in Kind},
    **{labels["vi"].lower(): k.value for k, labels in KIND_LABELS.items()},
    "ho": "household",
    "ho_gia_dinh": "household",
    "organisation": "agency",
    "organization": "agency",
    "co_quan": "agency",
    "cơ quan": "agency",
    "to_chuc": "agency",
    "di_tich": "heritage",
    "di tích": "heritage",
}


def import_points(
    registry: Registry, commune: Commune, path: Path, options: ImportOptions, *, actor: str
) -> ImportReport:
    """Check every row, then write the good ones in one transaction (none if any is bad,
    unless ``skip_bad``; none at all on a dry run). Raises :class:`ImportRejected`."""
    with gc_paused():
        return _import_points(registry, commune, path, options, actor=actor)


def preview_import(
    registry: Registry, commune: Commune, path: Path, options: ImportOptions
) -> ImportPreview:
    """What :func:`import_points` would do, writing nothing: how the file was read, a few rows'
    cells as read, the counts and every problem. Bad rows are in the preview, not raised (a
    face that refuses them raises :func:`rejection` itself)."""
    with gc_paused():
        table = _read(path, options)
        with registry.read() as conn:
            index = _villages(conn, commune)
            cands, report = _check(conn, commune, index, table, replace(options, dry_run=True))
        return build_preview(table, cands, report)


def rejection(report: ImportReport) -> ImportRejected:
    """The error of an import refused for its bad rows (nothing written)."""
    return ImportRejected(
        "import.rejected",
        problems=report.problems,
        file=report.file,
        bad_rows=report.bad_rows,
        rows=report.rows,
    )


def _import_points(
    registry: Registry, commune: Commune, path: Path, options: ImportOptions, *, actor: str
) -> ImportReport:
    table = _read(path, options)
    transaction = registry.read() if options.dry_run else registry.write(commune.id)
    with transaction as conn:
        index = _villages(conn, commune)
        cands, report = _check(conn, commune, index, table, options)
        if report.errors and not options.skip_bad:
            raise rejection(report)
        if options.dry_run:
            return report
        # The file's cells are in the candidates now, or not needed: a million rows' coordinates
        # as text (140 MB) need not sit beside the write's cache.
        del table
        insert_candidates(conn, cands, commune, index, actor=actor)
        write_national_codes(conn, cands.national_changes, actor=actor)
        with path.open("rb") as source:
            digest = hashlib.file_digest(source, "sha256").hexdigest()  # not the file at once
        conn.execute(
            insert(imports).values(
                commune_id=commune.id,
                file_name=path.name,
                sha256=digest,
                kind=options.kind,
                rows=report.rows,
                imported=report.imported,
                actor=actor,
                at=now(),
            )
        )
    return report


def _read(path: Path, options: ImportOptions) -> SourceTable:
    table = read_source(
        path,
        encoding=options.encoding,
        layer=options.layer,
        sheet=options.sheet,
        header_row=options.header_row,
        wanted=options.named_columns(),
        shape="point",
    )
    if len(table.frame) == 0:
        raise InvalidInput("import.no_rows", file=path.name)
    return table


def _villages(conn: Connection, commune: Commune) -> VillageIndex:
    index = village_index(conn, commune)
    if len(index.ids) == 0:
        raise InvalidInput("import.no_villages", commune=commune.name)
    return index


def _check(
    conn: Connection,
    commune: Commune,
    index: VillageIndex,
    table: SourceTable,
    options: ImportOptions,
) -> tuple[Candidates, ImportReport]:
    """Every row checked against the file, the villages and the registry: the candidates and
    the report of what an import would write (``imported`` 0 when it would be refused)."""
    bounds = None if table.geometry is None else list(table.geometry.total_bounds)
    crs = source_crs(options.crs, table.crs, province=commune.province, bounds=bounds)
    report = ImportReport(file=table.name, rows=len(table.frame), dry_run=options.dry_run)
    cands, report.coordinates, report.columns = _candidates(table, options, crs, index, commune)
    return_freed_memory(after_rows=len(cands))  # reading's and the village join's arrays
    report.crs = crs.to_string()
    _check_addresses(cands, table, options, commune)
    check_kinds_and_names(cands)
    place_in_villages(cands, index, commune)
    check_neighbours(conn, cands, commune)
    report.national_codes = find_national_codes(conn, cands, report.columns.get("national_code"))
    return_freed_memory(after_rows=len(cands))  # the neighbour search's
    cands.problems.extend(table.notes)
    cands.problems.extend(
        zone_note(options.crs, table.crs, crs, file=table.name, province=commune.province)
    )
    report.problems = cands.problems.in_report_order()
    report.unchanged = int(cands.unchanged.sum())
    report.imported = int(cands.to_write.sum())
    if report.errors and not options.skip_bad:
        report.imported = report.national_codes = 0
    return cands, report


def _candidates(
    table: SourceTable, options: ImportOptions, crs: CRS, index: VillageIndex, commune: Commune
) -> tuple[Candidates, CoordinateColumns | None, dict[str, str]]:
    """The rows as candidates, the columns their positions were read from (None: the file's
    own point geometry), and the column each other field of a point was read from."""
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    name_col = find_column(columns, options.name_field, NAME_FIELDS, table.name, "name_field")
    ref_col = find_column(columns, options.ref_field, REF_FIELDS, table.name, "ref_field")
    kind_col = find_column(columns, options.kind_field, (), table.name, "kind_field")
    named = {
        "name": name_col,
        "ref": ref_col,
        "house_number": find_column(columns, None, HOUSE_FIELDS, table.name),
        "street": find_column(columns, None, STREET_FIELDS, table.name),
        "phone": find_column(columns, None, PHONE_FIELDS, table.name),
        "national_code": find_column(
            columns,
            options.national_code_field,
            NATIONAL_CODE_FIELDS,
            table.name,
            "national_code_field",
        ),
    }
    code_col = find_column(columns, None, CODE_FIELDS, table.name)
    texts = {field: _texts(frame, col) for field, col in named.items()}
    kinds = _kinds(frame, kind_col, options.kind)
    n = len(frame)
    cands = candidates_from_columns(
        file=table.name,
        rows=table.rows,
        lon=np.zeros(n),
        lat=np.zeros(n),
        kind=kinds,
        name=texts["name"],
        ref=texts["ref"],
        house_number=texts["house_number"],
        street=texts["street"],
        phone=texts["phone"],
        code=_codes(frame, code_col),
        national_code=texts["national_code"],
    )
    used = {"kind": kind_col, **named, "code": code_col}
    read = {field: col for field, col in used.items() if col is not None}
    _check_text(cands, table, {"name": texts["name"], "ref": texts["ref"]}, named)
    check_text_rules(cands, named, glyphs=options.glyphs)
    check_national_codes(cands, named["national_code"])
    cols = position_columns(table, options, crs)
    check_cells(cands, table, read, cols, given=options.named_columns())
    read_positions(
        cands, table, cols, crs, index, centroids=options.centroids, province=commune.province
    )
    return cands, cols, read


def _check_addresses(
    c: Candidates, table: SourceTable, options: ImportOptions, commune: Commune
) -> None:
    """Rows whose address names a former unit that is now this commune are mapped (and said
    so); a row naming another commune is a warning — the point is placed by its position."""
    columns = [str(col) for col in table.frame.columns]
    column = find_column(
        columns, options.address_field, ADDRESS_FIELDS, table.name, "address_field"
    )
    if column is None:
        return
    for i, address in enumerate(_texts(table.frame, column)):
        if address is None or c.bad[i]:
            continue
        found = match_address(address, commune.name)
        if found.status == "mapped":
            c.problems.append(
                c.problem(
                    i,
                    column,
                    address,
                    "import.former_unit",
                    {"named": found.named, "now": found.now},
                    "note",
                )
            )
        elif found.status == "other":
            # ``named`` is never empty here: match_address falls back to the address itself.
            where = {"named": found.named, "commune": commune.name}
            if found.now:
                c.warn(i, column, address, "import.other_commune_now", now=found.now, **where)
            else:
                c.warn(i, column, address, "import.other_commune", **where)


def _texts(frame: pd.DataFrame, column: str | None) -> list[str | None]:
    """A text column, NFC and trimmed, empty cells as None."""
    if column is None:
        return [None] * len(frame)
    values = clean_cells(_cells(frame, column))
    # A newline never combines with its neighbours, so when the joined column is NFC every cell
    # is: one check in C instead of a normalisation call per cell (the common case).
    joined = "\n".join(values)
    if not unicodedata.is_normalized("NFC", joined):
        values = [unicodedata.normalize("NFC", v) for v in values]
        joined = "\n".join(values)
    # Likewise, no cell needs trimming or is empty when no blank follows or precedes a newline
    # (the second search runs on the reversed text, so both patterns start with a literal).
    framed = f"\n{joined}\n"
    if not BLANK_AFTER_NEWLINE.search(framed) and not BLANK_AFTER_NEWLINE.search(framed[::-1]):
        return list[str | None](values)
    return [v.strip() or None for v in values]


def _cells(frame: pd.DataFrame, column: str) -> list[str]:
    """A column's cells as Python strings (most columns already are: no conversion then)."""
    series = frame[column]
    if isinstance(series.dtype, pd.StringDtype) and not series.hasnans:
        return list(series.tolist())
    return [str(v) for v in series.tolist()]


def _codes(frame: pd.DataFrame, column: str | None) -> list[str | None] | None:
    """A code column's cells as canonical 11-digit codes (spaces, dots, dashes dropped);
    anything else is None: a code that does not parse simply matches no point."""
    if column is None:
        return None
    out: list[str | None] = []
    for cell in _cells(frame, column):
        digits = "".join(ch for ch in cell if ch.isdigit())
        out.append(digits if len(digits) == 11 and digits.isascii() else None)
    return out


def _kinds(frame: pd.DataFrame, column: str | None, default: str) -> list[str]:
    if column is None:
        return [default] * len(frame)
    out = []
    for raw in frame[column].tolist():
        text = (clean_text(raw) or "").lower()
        out.append(default if not text else KIND_ALIASES.get(text, text))
    return out


def _check_text(
    c: Candidates,
    table: SourceTable,
    texts: dict[str, list[str | None]],
    columns: dict[str, str | None],
) -> None:
    header = [str(col) for col in table.frame.columns]
    for pos, fields in sorted(table.malformed.items()):
        c.reject(
            pos,
            None,
            None,
            "import.field_count",
            fields=fields,
            expected=len(header),
            columns=", ".join(header),
        )
    for (pos, column), raw in sorted(table.undecodable.items()):
        if not c.bad[pos]:
            c.reject(pos, column, raw, "import.undecodable")
    # The cleaned text (clean_cells): what is left that is not printable was garbled on the way.
    for field, cells in texts.items():
        named = columns[field]
        if named is None or not _any_undecodable(_joined(cells)):
            continue  # the common case: one scan of the whole column
        for i, value in enumerate(cells):
            if value and UNDECODABLE.search(value) and not c.bad[i]:
                c.reject(i, named, value, "import.garbled_text")


def _joined(cells: list[str | None]) -> str:
    """The cells' text run together, empty cells as nothing: straight when no cell is empty
    (one C call), else without the Nones."""
    try:
        return "".join(cells)  # type: ignore[arg-type]
    except TypeError:
        return "".join(v for v in cells if v)


def _any_undecodable(text: str) -> bool:
    """Whether UNDECODABLE matches anywhere in ``text``, without the regex engine's cost per
    character on a whole column. In UTF-8 a byte below 0x20 is always that control character."""
    if "\ufffd" in text:
        return True
    if text.isprintable():
        return False  # no control character: isprintable is one C scan, without a copy
    data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    return bool(((data < 0x20) & (data != ord("\t"))).any())
