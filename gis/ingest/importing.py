"""`points import`: address points from CSV, Excel, GeoJSON, GeoPackage, Shapefile or KML.

Whole columns are handled at once (numbers, reprojection, the village join, plus codes), so a
province's file imports in seconds; only the rows that go wrong are looked at one by one, to
name them. The import is one transaction: any bad row (unless ``skip_bad``) and nothing is
written."""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pyproj import CRS
from sqlalchemy import insert

from addrgen.vocab import KIND_LABELS, Kind, KindName
from gis.errors import ImportRejected, InvalidInput, Problem
from gis.ingest.adminunits import match_address
from gis.ingest.candidates import (
    Candidates,
    candidates_from_columns,
    check_kinds_and_names,
    check_neighbours,
    clean_text,
    insert_candidates,
    place_in_villages,
)
from gis.ingest.crs import CoordinateColumns, find_columns, parse_crs, parse_numbers, to_wgs84
from gis.ingest.sources import SourceTable, read_source
from gis.ingest.textfix import Encoding
from gis.registry.communes import Commune
from gis.registry.villages import village_index
from gis.spatial.geometry import VillageIndex
from gis.storage.bulk import gc_paused
from gis.storage.db import Registry
from gis.storage.events import now
from gis.storage.schema import imports

__all__ = ["ImportOptions", "ImportReport", "import_points", "write_report_csv"]

NAME_FIELDS = ("name", "ten", "ho_ten", "chu_ho", "ten_co_quan", "ten_di_tich", "ten_don_vi")
REF_FIELDS = ("ref", "ma", "ma_ho", "ma_diem", "id", "stt_ho")
HOUSE_FIELDS = ("house_number", "so_nha", "sonha")
STREET_FIELDS = ("street", "duong", "ten_duong")
PHONE_FIELDS = ("phone", "dien_thoai", "sdt", "so_dien_thoai")
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


@dataclass(frozen=True)
class ImportOptions:
    kind: KindName
    crs: str | None = None
    lon_field: str | None = None
    lat_field: str | None = None
    easting_field: str | None = None
    northing_field: str | None = None
    name_field: str | None = None
    ref_field: str | None = None
    kind_field: str | None = None
    address_field: str | None = None
    encoding: Encoding = "auto"
    dry_run: bool = False
    skip_bad: bool = False


@dataclass
class ImportReport:
    file: str
    rows: int
    imported: int = 0
    unchanged: int = 0
    dry_run: bool = False
    columns: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def notes(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "note"]

    @property
    def bad_rows(self) -> int:
        return len({p.row for p in self.errors})

    def summary(self) -> str:
        verb = "would be imported" if self.dry_run else "imported"
        return (
            f"{self.file}: {self.rows} rows read; {self.imported} {verb}, "
            f"{self.unchanged} already registered (unchanged), {self.bad_rows} bad, "
            f"{len(self.warnings)} warning(s)"
            + (f", {len(self.notes)} naming former units (mapped)" if self.notes else "")
        )


def import_points(
    registry: Registry, commune: Commune, path: Path, options: ImportOptions, *, actor: str
) -> ImportReport:
    """Check every row, then write the good ones in one transaction (none if any is bad,
    unless ``skip_bad``; none at all on a dry run). Raises :class:`ImportRejected`."""
    with gc_paused():
        return _import_points(registry, commune, path, options, actor=actor)


def _import_points(
    registry: Registry, commune: Commune, path: Path, options: ImportOptions, *, actor: str
) -> ImportReport:
    table = read_source(path, encoding=options.encoding)
    crs = parse_crs(options.crs or table.crs)
    report = ImportReport(file=path.name, rows=len(table.frame), dry_run=options.dry_run)
    transaction = registry.read() if options.dry_run else registry.write(commune.id)
    with transaction as conn:
        index = village_index(conn, commune)
        if len(index.ids) == 0:
            raise InvalidInput(
                f"{commune.name} has no villages yet: run `diachiso villages import` first"
            )
        cands, columns = _candidates(table, options, crs, index)
        _check_addresses(cands, table, options, commune)
        report.columns = columns
        check_kinds_and_names(cands)
        place_in_villages(cands, index, commune)
        check_neighbours(conn, cands, commune)
        report.problems = sorted(cands.problems, key=lambda p: (p.row or 0, p.severity))
        report.unchanged = int(cands.unchanged.sum())
        report.imported = int(cands.to_write.sum())
        if report.errors and not options.skip_bad:
            report.imported = 0
            raise ImportRejected(
                "import.rejected",
                problems=report.problems,
                file=report.file,
                bad_rows=report.bad_rows,
                rows=report.rows,
            )
        if options.dry_run:
            return report
        insert_candidates(conn, cands, commune, index, actor=actor)
        conn.execute(
            insert(imports).values(
                commune_id=commune.id,
                file_name=path.name,
                sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                kind=options.kind,
                rows=report.rows,
                imported=report.imported,
                actor=actor,
                at=now(),
            )
        )
    return report


def write_report_csv(path: Path, problems: list[Problem]) -> None:
    """The import report as CSV (UTF-8 with BOM, so Excel shows the Vietnamese right)."""
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["file", "row", "field", "value", "severity", "message"])
        for p in problems:
            out.writerow([p.file, p.row or "", p.field or "", p.value or "", p.severity, p.message()])


def _candidates(
    table: SourceTable, options: ImportOptions, crs: CRS, index: VillageIndex
) -> tuple[Candidates, str]:
    frame = table.frame
    columns = [str(c) for c in frame.columns]
    name_col = _column(columns, options.name_field, NAME_FIELDS, table.name)
    ref_col = _column(columns, options.ref_field, REF_FIELDS, table.name)
    kind_col = _column(columns, options.kind_field, (), table.name)
    texts = {
        "name": _texts(frame, name_col),
        "ref": _texts(frame, ref_col),
        "house_number": _texts(frame, _column(columns, None, HOUSE_FIELDS, table.name)),
        "street": _texts(frame, _column(columns, None, STREET_FIELDS, table.name)),
        "phone": _texts(frame, _column(columns, None, PHONE_FIELDS, table.name)),
    }
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
    )
    _check_text(cands, table, {"name": name_col, "ref": ref_col})
    if table.geometry is not None:
        described = _coordinates_from_geometry(cands, table, crs)
    else:
        cols = find_columns(
            columns,
            crs,
            file=table.name,
            lon_field=options.lon_field,
            lat_field=options.lat_field,
            easting_field=options.easting_field,
            northing_field=options.northing_field,
        )
        _coordinates_from_columns(cands, frame, cols, crs, index)
        described = f"{cols.describe()} in {crs.to_string()}"
    return cands, described


def _check_addresses(
    c: Candidates, table: SourceTable, options: ImportOptions, commune: Commune
) -> None:
    """Rows whose address names a former unit that is now this commune are mapped (and said
    so); a row naming another commune is a warning — the point is placed by its position."""
    columns = [str(col) for col in table.frame.columns]
    column = _column(columns, options.address_field, ADDRESS_FIELDS, table.name)
    if column is None:
        return
    for i, address in enumerate(_texts(table.frame, column)):
        if address is None or c.bad[i]:
            continue
        found = match_address(address, commune.name)
        if found.status == "mapped":
            c.problems.append(
                Problem(
                    c.file,
                    c.rows[i],
                    column,
                    address,
                    f"names {found.named}, now {found.now}: mapped",
                    severity="note",
                )
            )
        elif found.status == "other":
            c.warn(
                i,
                column,
                address,
                f"names {found.named or 'another commune'}"
                + (f" (now {found.now})" if found.now else "")
                + f", not {commune.name}; placed by its position",
            )


def _column(
    columns: list[str], given: str | None, common: tuple[str, ...], file: str
) -> str | None:
    if given is not None:
        if given not in columns:
            raise InvalidInput(f"{file}: no column {given!r}; columns are {', '.join(columns)}")
        return given
    lowered = {c.lower(): c for c in columns}
    return next((lowered[n] for n in common if n in lowered), None)


def _texts(frame: pd.DataFrame, column: str | None) -> list[str | None]:
    """A text column, NFC and trimmed, empty cells as None."""
    if column is None:
        return [None] * len(frame)
    values = _cells(frame, column)
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


def _kinds(frame: pd.DataFrame, column: str | None, default: str) -> list[str]:
    if column is None:
        return [default] * len(frame)
    out = []
    for raw in frame[column].tolist():
        text = (clean_text(raw) or "").lower()
        out.append(default if not text else KIND_ALIASES.get(text, text))
    return out


def _check_text(c: Candidates, table: SourceTable, columns: dict[str, str | None]) -> None:
    for pos, message in sorted(table.malformed.items()):
        c.reject(pos, None, None, message)
    for (pos, column), raw in sorted(table.undecodable.items()):
        if not c.bad[pos]:
            c.reject(
                pos,
                column,
                raw,
                "text that cannot be decoded (not UTF-8, TCVN3, VNI or "
                "Windows-1258); re-save the file as UTF-8 or give --encoding",
            )
    for named in sorted({col for col in columns.values() if col is not None}):
        values = _cells(table.frame, named)
        if not _any_undecodable("".join(values)):
            continue  # the common case: one scan of the whole column
        for i, value in enumerate(values):
            if UNDECODABLE.search(value) and not c.bad[i]:
                c.reject(
                    i,
                    named,
                    value,
                    "text that cannot be decoded; re-save the file as UTF-8 or give --encoding",
                )


def _any_undecodable(text: str) -> bool:
    """Whether UNDECODABLE matches anywhere in ``text``, without the regex engine's cost per
    character on a whole column. In UTF-8 a byte below 0x20 is always that control character."""
    if "\ufffd" in text:
        return True
    data = np.frombuffer(text.encode("utf-8", "surrogatepass"), dtype=np.uint8)
    return bool(((data < 0x20) & (data != ord("\t"))).any())


def _coordinates_from_geometry(c: Candidates, table: SourceTable, crs: CRS) -> str:
    geoms = table.geometry
    assert geoms is not None
    series = geoms.set_crs(crs, allow_override=True)
    kinds = series.geom_type.to_numpy()
    is_point = kinds == "Point"
    wgs = series.to_crs("EPSG:4326")
    xs = np.where(is_point, wgs.x.where(is_point), np.nan).astype(np.float64)
    ys = np.where(is_point, wgs.y.where(is_point), np.nan).astype(np.float64)
    c.lon[:] = xs
    c.lat[:] = ys
    for i in np.flatnonzero(~is_point).tolist():
        c.reject(i, "geometry", kinds[i], "expected a point")
    _check_ranges(c)
    return f"point geometry in {crs.to_string()}"


def _coordinates_from_columns(
    c: Candidates, frame: pd.DataFrame, cols: CoordinateColumns, crs: CRS, index: VillageIndex
) -> None:
    x, x_missing, x_bad = parse_numbers(frame[cols.x])
    y, y_missing, y_bad = parse_numbers(frame[cols.y])
    x_label, y_label = (
        ("longitude", "latitude") if cols.mode == "geographic" else ("easting", "northing")
    )
    flagged = ~c.bad & (x_missing | x_bad | y_missing | y_bad)
    for i in np.flatnonzero(flagged).tolist():  # only the rows with a problem, in row order
        for col, label, missing, bad in (
            (cols.y, y_label, y_missing, y_bad),
            (cols.x, x_label, x_missing, x_bad),
        ):
            if missing[i]:
                c.reject(i, col, "", f"no {label}; expected a number")
                break
            if bad[i]:
                c.reject(i, col, frame[col].iloc[i], f"{label} is not a number")
                break
    lon, lat = to_wgs84(np.where(c.bad, 0.0, x), np.where(c.bad, 0.0, y), crs)
    c.lon[:] = lon
    c.lat[:] = lat
    _check_swapped(c, frame, cols, crs, index, x, y)
    _check_ranges(c, cols, frame)


def _check_swapped(
    c: Candidates,
    frame: pd.DataFrame,
    cols: CoordinateColumns,
    crs: CRS,
    index: VillageIndex,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
) -> None:
    """A row outside every village (or out of range) that swapping its two coordinates would put
    in a village is named as swapped: the commonest mistake in hand-made sheets."""
    todo = np.flatnonzero(~c.bad)
    if len(todo) == 0:
        return
    ok = np.isfinite(c.lon[todo]) & np.isfinite(c.lat[todo])
    found = np.full(len(todo), -1, dtype=np.int64)
    found[ok] = index.locate(c.lon[todo][ok], c.lat[todo][ok])
    c.village_pos[todo] = found  # the village join, done once: place_in_villages reuses it
    suspects = todo[found < 0]
    if len(suspects) == 0:
        return
    slon, slat = to_wgs84(y[suspects], x[suspects], crs)
    ok = np.isfinite(slon) & np.isfinite(slat)
    hit = np.full(len(suspects), -1, dtype=np.int64)
    hit[ok] = index.locate(slon[ok], slat[ok])
    for k, i in enumerate(suspects.tolist()):
        if hit[k] < 0:
            continue
        village = index.names[int(hit[k])]
        if cols.mode == "geographic":
            msg = (
                f"latitude and longitude look swapped: swapping them puts the point in "
                f"{village}; expected latitude in {cols.y!r} and longitude in {cols.x!r}"
            )
        else:
            msg = (
                f"easting and northing look swapped: swapping them puts the point in "
                f"{village} (cadastral sheets often call the northing X: use "
                f"--northing-field {cols.x} --easting-field {cols.y})"
            )
        c.reject(i, f"{cols.y}/{cols.x}", f"{frame[cols.y].iloc[i]}, {frame[cols.x].iloc[i]}", msg)


def _check_ranges(
    c: Candidates, cols: CoordinateColumns | None = None, frame: pd.DataFrame | None = None
) -> None:
    lat_col = cols.y if cols else "geometry"
    lon_col = cols.x if cols else "geometry"
    lat, lon = c.lat, c.lon

    def shown(column: str, value: float, i: int) -> str:
        # The cell as the officer typed it, when the number came straight from it.
        if frame is not None and cols is not None and cols.mode == "geographic":
            return str(frame[column].iloc[i]).strip()
        return f"{value:g}"

    with np.errstate(invalid="ignore"):
        broken = ~(np.isfinite(lat) & np.isfinite(lon))
        bad_lat = ~broken & ((lat < -90.0) | (lat > 90.0))
        bad_lon = ~broken & ~bad_lat & ((lon < -180.0) | (lon > 180.0))
    for i in np.flatnonzero(~c.bad & (broken | bad_lat | bad_lon)).tolist():
        if broken[i]:
            c.reject(
                i,
                f"{lat_col}/{lon_col}",
                None,
                "the coordinates cannot be converted from the given --crs",
            )
        elif bad_lat[i]:
            c.reject(
                i, lat_col, shown(lat_col, lat[i], i), "latitude out of range; expected -90 to 90"
            )
        else:
            c.reject(
                i,
                lon_col,
                shown(lon_col, lon[i], i),
                "longitude out of range; expected -180 to 180",
            )
