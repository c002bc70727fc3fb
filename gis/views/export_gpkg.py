"""The export's GeoPackage, ready for QGIS: a ``points`` layer, a ``villages`` layer (outlines
with coverage figures) and QGIS's ``layer_styles`` table holding each layer's default style.

GeoPackage 1.2 (GDAL's VERSION=1.2 creation option): GDAL 3.6 and the QGIS builds on it open a
newer file with "may only be partially supported"; 1.2 holds everything written here."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import geopandas as gpd

from addrgen.vocab import Lang
from gis.views.export_styles import points_qml, villages_qml

__all__ = ["GPKG_USER_VERSION", "LAYER_STYLES", "write_gpkg"]

#: ``PRAGMA user_version`` of a GeoPackage 1.2 file (the standard's 10200).
GPKG_USER_VERSION = 10200
LAYER_STYLES = "layer_styles"
# The table as QGIS creates it (QgsOgrProviderUtils, "saveStyle" on a GeoPackage), so that QGIS
# reads and updates it as one of its own.
_CREATE_STYLES = """
CREATE TABLE layer_styles (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    f_table_catalog TEXT(256),
    f_table_schema TEXT(256),
    f_table_name TEXT(256),
    f_geometry_column TEXT(256),
    styleName TEXT(30),
    styleQML TEXT,
    styleSLD TEXT,
    useAsDefault BOOLEAN,
    description TEXT,
    owner TEXT(30),
    ui TEXT(30),
    update_time DATETIME DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now'))
)"""


def write_gpkg(points: gpd.GeoDataFrame, villages: gpd.GeoDataFrame, out: Path, lang: Lang) -> None:
    """Write both layers to a new GeoPackage 1.2 at ``out``, each with its default style."""
    points.to_file(
        out, driver="GPKG", engine="pyogrio", layer="points", dataset_options={"VERSION": "1.2"}
    )
    villages.to_file(out, driver="GPKG", engine="pyogrio", layer="villages", mode="a")
    styles = {
        "points": points_qml(points.columns.drop(points.geometry.name), lang),
        "villages": villages_qml(villages.columns.drop(villages.geometry.name), lang),
    }
    with closing(sqlite3.connect(out)) as db, db:
        geometry = dict(db.execute("SELECT table_name, column_name FROM gpkg_geometry_columns"))
        db.execute(_CREATE_STYLES)
        db.executemany(
            "INSERT INTO layer_styles (f_table_catalog, f_table_schema, f_table_name,"
            " f_geometry_column, styleName, styleQML, styleSLD, useAsDefault, description,"
            " owner, ui) VALUES ('', '', ?, ?, ?, ?, '', 1, ?, '', '')",
            [
                (table, geometry[table], table, qml, f"diachiso: {table}")
                for table, qml in styles.items()
            ],
        )
        # Registered as an attributes table, as GDAL registers the one QGIS makes: a reader that
        # lists gpkg_contents sees it, and GDAL finds no table it does not know.
        db.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description,"
            " last_change) VALUES (?, 'attributes', ?, '',"
            " strftime('%Y-%m-%dT%H:%M:%fZ','now'))",
            (LAYER_STYLES, LAYER_STYLES),
        )
