"""Export the registry's points with CONTRACT.md's fields to GeoJSON, GeoPackage, CSV or Excel.

This is the officer's export (the CLI): it includes household names. The public web API never
calls it."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import geopandas as gpd
import pandas as pd
import shapely
from sqlalchemy import Connection, select

from addrgen.codes import format_code
from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune
from gis.storage.schema import points, villages

__all__ = ["EXPORT_FIELDS", "ExportFormat", "export_points", "points_frame"]

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
)


def points_frame(conn: Connection, commune: Commune) -> pd.DataFrame:
    """Every point of the commune (retired ones too), in code order then registration order."""
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
        )
        .join(villages, villages.c.id == points.c.village_id)
        .where(points.c.commune_id == commune.id)
        .order_by(points.c.code.is_(None), points.c.code, points.c.id)
    ).all()
    frame = pd.DataFrame([r._asdict() for r in rows], columns=[*_COLUMNS, "lon", "lat"])
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


def export_points(conn: Connection, commune: Commune, fmt: ExportFormat, out: Path) -> int:
    """Write the export file; refuses to overwrite one. Returns the number of points."""
    if out.exists():
        raise Conflict(f"{out} already exists; choose another --out (nothing was overwritten)")
    if not out.parent.exists():
        raise InvalidInput(f"--out {out}: the folder {out.parent} does not exist")
    frame = points_frame(conn, commune)
    if fmt == "csv":
        # CONTRACT.md spells booleans true/false, as GeoJSON does, not Python's True/False.
        text = frame.assign(needs_review=frame["needs_review"].map({True: "true", False: "false"}))
        text.to_csv(out, index=False, encoding="utf-8-sig")
    elif fmt == "xlsx":
        _write_xlsx(frame, out)
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


def _write_xlsx(frame: pd.DataFrame, out: Path) -> None:
    """Excel, with every text cell kept as text: openpyxl would turn a name that starts with
    "=" into a formula (which Excel then runs), so such cells are set back to plain strings."""
    with pd.ExcelWriter(out, engine="openpyxl") as writer:
        frame.to_excel(writer, index=False, sheet_name=XLSX_SHEET)
        for row in writer.sheets[XLSX_SHEET].iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.data_type = "s"
