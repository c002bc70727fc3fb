"""Reading the officer's background layer for the checklist's maps: roads and landmarks.

An OSM extract or the commune's own GIS layer, as GeoJSON or GeoPackage (any file GDAL reads):
every layer of it is read, in any CRS (turned into WGS 84 longitudes and latitudes), and kept as
plain lines (roads, paths, canals, and the outlines of areas such as ponds or the market) and
points (landmarks, with their name when a column holds one). Nothing of it enters the registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import pyogrio
from shapely.geometry.base import BaseGeometry

from addrgen.address import nfc
from gis.errors import InvalidInput
from gis.ingest.layers import read_layers

__all__ = ["BackgroundLayer", "read_background"]

# Columns that name a landmark, as OSM extracts and Vietnamese GIS layers spell them.
NAME_COLUMNS = ("name", "ten", "tên", "ten_dia_danh", "ten_dd", "label", "nhan")
Coords = list[tuple[float, float]]


@dataclass
class BackgroundLayer:
    """Lines of (lon, lat) and landmarks (lon, lat, name; name "" when none)."""

    lines: list[Coords] = field(default_factory=list)
    points: list[tuple[float, float, str]] = field(default_factory=list)


def read_background(path: Path) -> BackgroundLayer:
    """Every layer of ``path`` as lines and named points in WGS 84. Raises
    :class:`InvalidInput` for a file GDAL cannot read or one with nothing to draw."""
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
    except Exception as exc:  # pyogrio raises several GDAL-specific types
        raise InvalidInput("import.unreadable_layer", file=path.name, detail=str(exc)) from exc
    layer = BackgroundLayer()
    for name in names:
        _add(layer, read_layers(path, layer=name))
    if not layer.lines and not layer.points:
        raise InvalidInput("background.empty", field="background", value=path.name)
    return layer


def _add(layer: BackgroundLayer, frame: gpd.GeoDataFrame) -> None:
    if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
        frame = frame.to_crs("EPSG:4326")
    column = next((c for c in frame.columns if str(c).casefold() in NAME_COLUMNS), None)
    for k, geometry in enumerate(frame.geometry):
        if geometry is None or geometry.is_empty:
            continue
        label = frame[column].iloc[k] if column is not None else None
        _add_geometry(layer, geometry, nfc(str(label)).strip() if isinstance(label, str) else "")


def _add_geometry(layer: BackgroundLayer, geometry: BaseGeometry, name: str) -> None:
    kind = geometry.geom_type
    if kind.startswith("Multi") or kind == "GeometryCollection":
        for part in geometry.geoms:  # type: ignore[attr-defined]
            _add_geometry(layer, part, name)
    elif kind == "Point":
        layer.points.append((float(geometry.x), float(geometry.y), name))  # type: ignore[attr-defined]
    elif kind in ("LineString", "LinearRing"):
        layer.lines.append([(float(x), float(y)) for x, y, *_ in geometry.coords])
    elif kind == "Polygon":
        for ring in (geometry.exterior, *geometry.interiors):  # type: ignore[attr-defined]
            layer.lines.append([(float(x), float(y)) for x, y, *_ in ring.coords])
