"""Export the registry's points to GeoJSON, GeoPackage, CSV or Excel.

GeoJSON, GeoPackage and CSV are for programs: docs/reference.md's field names and values, in any
language. The Excel sheet is for people: headers and values in their language (kinds and statuses
by their labels in addrgen.vocab, yes/no for the review flag), the codes as text cells so that
Excel never shows an 11-digit code as 1.81E+10.

This is the officer's export (the CLI): it includes household names. The public web API never
calls it."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
import shapely
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import Connection, select

from addrgen.catalog import N_, message
from addrgen.codes import format_code
from addrgen.spreadsheet import append_text_row
from addrgen.vocab import REVIEW_LABELS, Kind, Lang, Status, label
from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune
from gis.storage.schema import points, villages

__all__ = ["EXPORT_FIELDS", "ExportFormat", "export_points", "people_frame", "points_frame"]

ExportFormat = Literal["geojson", "gpkg", "csv", "xlsx"]
EXPORT_FIELDS = (
    "code",
    "code_display",
    "plus_code",
    "kind",
    "name",
    "village",
    "status",
    "needs_review",
    "ref",
    "address",
)


def points_frame(conn: Connection, commune: Commune, *, on: date | None = None) -> pd.DataFrame:
    """Every point of the commune (retired ones too), in code order then registration order,
    with its address as it stands ``on`` (today by default: the rows hold today's units)."""
    on = on or date.today()
    rows = conn.execute(
        select(
            points.c.code,
            points.c.plus_code,
            points.c.kind,
            points.c.name,
            villages.c.name.label("village"),
            points.c.status,
            points.c.needs_review,
            points.c.ref,
            points.c.lon,
            points.c.lat,
            points.c.house_number,
            points.c.street,
        )
        .join(villages, villages.c.id == points.c.village_id)
        .where(points.c.commune_id == commune.id)
        .order_by(points.c.code.is_(None), points.c.code, points.c.id)
    ).all()
    frame = pd.DataFrame([r._asdict() for r in rows], columns=[*_COLUMNS, "lon", "lat"])
    frame["address"] = [
        commune.address(house_number=r.house_number, street=r.street, village=r.village, on=on)
        for r in rows
    ]
    frame["code"] = frame["code"].fillna("")
    frame["code_display"] = [format_code(c) if c else "" for c in frame["code"]]
    frame["needs_review"] = frame["needs_review"].astype(bool)
    frame["lon"] = frame["lon"].astype("float64")
    frame["lat"] = frame["lat"].astype("float64")
    for col in ("name", "ref"):
        frame[col] = frame[col].fillna("")
    return frame[[*EXPORT_FIELDS, "lon", "lat"]]


XLSX_SHEET = "diachiso"
_COLUMNS = ("code", "plus_code", "kind", "name", "village", "status", "needs_review", "ref")
#: The Excel sheet's headers: catalog ids, in the order of the export's columns (the review
#: flag is headed by its label in addrgen.vocab).
XLSX_HEADERS = {
    "code": "export.column.code",
    "code_display": "export.column.code_display",
    "plus_code": "export.column.plus_code",
    "kind": "export.column.kind",
    "name": "export.column.name",
    "village": "export.column.village",
    "status": "export.column.status",
    "ref": "export.column.ref",
    "address": N_("export.column.address"),
    "lon": "export.column.lon",
    "lat": "export.column.lat",
}
#: Columns whose digits are an identifier, not a quantity: text cells, text format.
XLSX_TEXT_COLUMNS = ("code", "code_display", "plus_code", "ref")


def export_points(
    conn: Connection, commune: Commune, fmt: ExportFormat, out: Path, *, lang: Lang = "vi"
) -> int:
    """Write the export file; refuses to overwrite one. Returns the number of points. ``lang``
    is the Excel sheet's language (the other formats have none)."""
    if out.exists():
        raise Conflict("output.exists", field="out", value=out)
    if not out.parent.exists():
        raise InvalidInput("output.no_folder", field="out", value=out.parent)
    frame = points_frame(conn, commune)
    if fmt == "csv":
        # CONTRACT.md spells booleans true/false, as GeoJSON does, not Python's True/False.
        text = frame.assign(needs_review=frame["needs_review"].map({True: "true", False: "false"}))
        text.to_csv(out, index=False, encoding="utf-8-sig")
    elif fmt == "xlsx":
        _write_xlsx(frame, out, lang)
    else:
        geo = gpd.GeoDataFrame(
            frame.drop(columns=["lon", "lat"]),
            geometry=shapely.points(frame["lon"].to_numpy(), frame["lat"].to_numpy()),
            crs="EPSG:4326",
        )
        driver = {"geojson": "GeoJSON", "gpkg": "GPKG"}[fmt]
        kwargs: dict[str, Any] = {"layer": "points"} if fmt == "gpkg" else {}
        geo.to_file(out, driver=driver, engine="pyogrio", **kwargs)
    return len(frame)


def people_frame(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The export's rows as people read them in ``lang``: kinds and statuses by their labels,
    the review flag as yes or no, the headers in words."""
    yes, no = message("export.yes", lang), message("export.no", lang)
    shown = frame.assign(
        kind=[label(Kind(k), lang) for k in frame["kind"]],
        status=[label(Status(s), lang) for s in frame["status"]],
        needs_review=[yes if flag else no for flag in frame["needs_review"]],
    )
    return shown.rename(columns={c: _header(c, lang) for c in frame.columns})


def _header(column: str, lang: Lang) -> str:
    if column == "needs_review":
        return REVIEW_LABELS[lang]
    return message(XLSX_HEADERS[column], lang)


def _write_xlsx(frame: pd.DataFrame, out: Path, lang: Lang) -> None:
    """The sheet for people. Every text cell stays text: a code is never a number, and a name
    that starts with "=" is not a formula (addrgen.spreadsheet)."""
    shown = people_frame(frame, lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = XLSX_SHEET
    append_text_row(sheet, shown.columns)
    for row in shown.itertuples(index=False):
        append_text_row(sheet, [None if v == "" else v for v in row])  # nothing: an empty cell
    for pos, column in enumerate(frame.columns, start=1):
        letter = get_column_letter(pos)
        if column in XLSX_TEXT_COLUMNS:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=pos, max_col=pos):
                cell.number_format = "@"  # Excel's Text format: an edit keeps it text
        width = max([len(str(v)) for v in shown.iloc[:, pos - 1]] + [len(shown.columns[pos - 1])])
        sheet.column_dimensions[letter].width = min(width + 2, 50)
    sheet.freeze_panes = "A2"
    book.save(out)
