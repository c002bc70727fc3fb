"""Export the registry's points to GeoJSON, GeoPackage, CSV or Excel.

GeoJSON, GeoPackage and CSV are for programs: docs/reference.md's field names and values, in any
language. The Excel sheet is for people: headers and values in their language (kinds and statuses
by their labels in addrgen.vocab, yes/no for the review flag), the codes as text cells so that
Excel never shows an 11-digit code as 1.81E+10.

This is the officer's export (the CLI): it includes household names. The public web API never
calls it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import shapely
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import Connection

from addrgen.catalog import message
from addrgen.spreadsheet import append_text_row
from addrgen.vocab import Kind, Lang, Status, label
from gis.errors import Conflict, InvalidInput
from gis.ingest.zones import ZONE_EPSG
from gis.registry.communes import Commune, get_commune, list_communes
from gis.views.export_gpkg import write_gpkg
from gis.views.export_rows import EXPORT_FIELDS, points_frame, villages_frame
from gis.views.export_styles import column_header

__all__ = [
    "EXPORT_CRS",
    "EXPORT_FIELDS",
    "ExportFormat",
    "export_communes",
    "export_crs",
    "export_points",
    "people_frame",
    "points_frame",
]

ExportFormat = Literal["geojson", "gpkg", "csv", "xlsx"]
WGS84 = 4326
#: The systems an export may be written in: WGS 84, or a VN-2000 / TM-3 zone (EPSG:9209 is Hà
#: Tĩnh's), which cadastral maps use.
EXPORT_CRS = (WGS84, *sorted(set(ZONE_EPSG.values())))

XLSX_SHEET = "diachiso"
#: Columns whose digits are an identifier, not a quantity: text cells, text format.
XLSX_TEXT_COLUMNS = (
    "code",
    "code_display",
    "plus_code",
    "ref",
    "commune_code",
    "house_number",
    "national_code",
)


def export_crs(text: str | None) -> int:
    """The EPSG code of ``--crs`` ("EPSG:9209"; none: WGS 84); refuses one not in EXPORT_CRS."""
    if text is None:
        return WGS84
    code = text.strip().upper().removeprefix("EPSG:")
    if not code.isdigit() or int(code) not in EXPORT_CRS:
        expected = ", ".join(f"EPSG:{c}" for c in EXPORT_CRS)
        raise InvalidInput("export.bad_crs", field="crs", value=text, expected=expected)
    return int(code)


def export_communes(conn: Connection, *, name: str | None) -> list[Commune]:
    """The communes an export covers: the one named, else every commune of the registry (a
    province's file); an empty registry is refused as a command about a commune refuses it."""
    if name is not None:
        return [get_commune(conn, name, field="commune")]
    return list_communes(conn) or [get_commune(conn, None, field="commune")]


def export_points(
    conn: Connection,
    communes: Commune | Sequence[Commune],
    fmt: ExportFormat,
    out: Path,
    *,
    lang: Lang = "vi",
    crs: int = WGS84,
) -> int:
    """Write the export file of ``communes`` (a province's: one file, a ``commune`` column);
    refuses to overwrite one. Returns the number of points. ``lang`` is the Excel sheet's
    language and the GeoPackage's aliases (the other formats have none); ``crs`` an EPSG code
    of EXPORT_CRS: the geometries, or ``x``/``y`` for ``lon``/``lat`` in CSV and Excel."""
    if out.exists():
        raise Conflict("output.exists", field="out", value=out)
    if not out.parent.exists():
        raise InvalidInput("output.no_folder", field="out", value=out.parent)
    chosen = [communes] if isinstance(communes, Commune) else list(communes)
    frame = points_frame(conn, chosen)
    geo = gpd.GeoDataFrame(
        frame.drop(columns=["lon", "lat"]),
        geometry=shapely.points(frame["lon"].to_numpy(), frame["lat"].to_numpy()),
        crs=f"EPSG:{WGS84}",
    ).to_crs(f"EPSG:{crs}")
    if fmt in ("csv", "xlsx") and crs != WGS84:
        frame = frame.drop(columns=["lon", "lat"]).assign(x=geo.geometry.x, y=geo.geometry.y)
    if fmt == "csv":
        # CONTRACT.md spells booleans true/false, as GeoJSON does, not Python's True/False.
        text = frame.assign(needs_review=frame["needs_review"].map({True: "true", False: "false"}))
        text.to_csv(out, index=False, encoding="utf-8-sig")
    elif fmt == "xlsx":
        _write_xlsx(frame, out, lang)
    elif fmt == "gpkg":
        outlines = villages_frame(conn, chosen)
        villages = gpd.GeoDataFrame(
            outlines.drop(columns=["geometry"]), geometry=outlines["geometry"], crs=f"EPSG:{WGS84}"
        ).to_crs(f"EPSG:{crs}")
        write_gpkg(geo, villages, out, lang)
    else:
        geo.to_file(out, driver="GeoJSON", engine="pyogrio")  # a "crs" member if not WGS 84
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
    return shown.rename(columns={c: column_header(c, lang) for c in frame.columns})


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
