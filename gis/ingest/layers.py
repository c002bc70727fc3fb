"""Reading a GIS file's layers: every folder of a KML, the one layer of a multi-layer source the
officer names (``--layer``), and a shapefile that lost the ``.cpg`` naming its encoding.

A source with several layers is never read by its first layer alone — that silently imported one
point in five of a two-layer GeoPackage."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Literal

import geopandas as gpd
import pandas as pd
import pyogrio

from gis.errors import InvalidInput

__all__ = ["Shape", "read_layers"]

#: What a caller reads a layer for: points (a households file) or polygons (village outlines).
Shape = Literal["point", "polygon"]

# Formats whose layers are folders of one collection: all of them are read, as one table.
FOLDER_FORMATS = {".kml", ".kmz"}


def read_layers(
    path: Path, *, layer: str | None = None, shape: Shape | None = None
) -> gpd.GeoDataFrame:
    """The features of ``path``: of ``layer`` if given, of every folder of a KML, else of its one
    layer — or of its one layer of ``shape`` when it has several (the app's own GeoPackage holds
    points, villages and QGIS's table of styles). Raises :class:`InvalidInput` for an unreadable
    file, an unknown layer, or a source with several layers and none chosen (naming them)."""
    try:
        listed = pyogrio.list_layers(path)
        names = [str(n) for n in listed[:, 0]]
    except Exception as exc:  # pyogrio raises several GDAL-specific types
        raise InvalidInput("import.unreadable_layer", file=path.name, detail=str(exc)) from exc
    if layer is not None:
        if layer not in names:
            raise InvalidInput(
                "import.no_such_layer",
                field="layer",
                value=layer,
                file=path.name,
                layers=", ".join(names),
            )
        return _read(path, layer)
    if len(names) <= 1:
        return _read(path, None)
    if path.suffix.lower() in FOLDER_FORMATS:
        frames = [_read(path, name) for name in names]
        frames = [f for f in frames if len(f)]
        if not frames:
            return _read(path, names[0])
        crs = frames[0].crs
        return gpd.GeoDataFrame(pd.concat(frames, ignore_index=True), crs=crs)
    if shape is not None:
        fitting = [str(n) for n, kind in listed if _shape_of(kind) == shape]
        if len(fitting) == 1:
            return _read(path, fitting[0])
    raise InvalidInput(
        "import.several_layers", file=path.name, count=len(names), layers=", ".join(names)
    )


def _shape_of(kind: object) -> Shape | None:
    """'Point', 'MultiPoint Z'… → point; 'Polygon', 'MultiPolygon'… → polygon; a table → None."""
    text = str(kind or "").lower()
    if "polygon" in text:
        return "polygon"
    if "point" in text:
        return "point"
    return None


def _read(path: Path, layer: str | None) -> gpd.GeoDataFrame:
    # A shapefile's DBF says its encoding only in the .cpg beside it; without one GDAL assumes
    # ISO-8859-1 and today's UTF-8 names come out as 'NhÃ  vÄƒn'. UTF-8 is tried first (legacy
    # bytes are almost never valid UTF-8); failing that, the cells go to the legacy repair.
    try_utf8 = path.suffix.lower() == ".shp" and not path.with_suffix(".cpg").exists()
    try:
        with warnings.catch_warnings():
            # GDAL's notes on columns it reads as text (mixed JSON, say) are not the
            # officer's business: every cell is read as text and checked row by row anyway.
            warnings.simplefilter("ignore", UserWarning)
            if try_utf8:
                try:
                    return pyogrio.read_dataframe(path, layer=layer, encoding="UTF-8")
                except Exception:  # not UTF-8: GDAL's own reading below says what is wrong
                    pass
            return pyogrio.read_dataframe(path, layer=layer)
    except Exception as exc:  # pyogrio raises several GDAL-specific types
        raise InvalidInput("import.unreadable_layer", file=path.name, detail=str(exc)) from exc
