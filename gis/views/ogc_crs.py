"""Coordinate systems of the OGC API – Features service (Part 2, CRS by reference).

The registry stores WGS 84 longitude and latitude; a reader may ask for them as CRS84 (the
default: longitude first), as EPSG:4326 (whose axis order is latitude first, as the EPSG
registry defines it and as OGC clients expect), or in the VN-2000 / TM-3 zone of the registry's
provinces (EPSG:9209 for Hà Tĩnh), which cadastral maps use. VN-2000 coordinates come from
PROJ's default transformation, the same one the import uses the other way
(gis/ingest/crs.py ``to_wgs84``), so a point imported in VN-2000 reads back where it was."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer

from gis.errors import RegistryError
from gis.ingest.zones import province_zones

__all__ = ["CRS84", "OgcCrs", "parse_bbox_in", "parse_ogc_crs", "registry_crs"]

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/"
LAT_LON = 4326  # the one geographic system served with its EPSG axis order (latitude first)


@dataclass(frozen=True)
class OgcCrs:
    """One coordinate system a reader may ask for: ``epsg`` None is CRS84 (the stored order)."""

    epsg: int | None

    @property
    def uri(self) -> str:
        return CRS84 if self.epsg is None else f"{EPSG_URI}{self.epsg}"

    def from_lonlat(
        self, lon: NDArray[np.float64], lat: NDArray[np.float64]
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Coordinates in this system's axis order (EPSG:9209's is easting, northing)."""
        if self.epsg is None:
            return lon, lat
        if self.epsg == LAT_LON:
            return lat, lon
        x, y = _to_projected(self.epsg).transform(lon, lat)
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)

    def geometry(self, geometry: dict[str, Any]) -> dict[str, Any]:
        """A GeoJSON geometry (CRS84) in this system."""
        if self.epsg is None:
            return geometry

        def move(xy: NDArray[np.float64]) -> NDArray[np.float64]:
            x, y = self.from_lonlat(xy[:, 0], xy[:, 1])
            return np.column_stack([x, y])

        moved = shapely.transform(shapely.geometry.shape(geometry), move)
        return dict(shapely.geometry.mapping(moved))

    def bbox_to_lonlat(self, box: Sequence[float]) -> tuple[float, float, float, float]:
        """A bbox given in this system as (min lon, min lat, max lon, max lat). A VN-2000 box
        becomes the WGS 84 box that encloses it (its edges densified: a projected rectangle's
        sides are curves in degrees), so a point inside the given box is never missed."""
        a, b, c, d = box
        if self.epsg is None:
            return a, b, c, d
        if self.epsg == LAT_LON:
            return b, a, d, c
        x0, y0, x1, y1 = _to_projected(self.epsg).transform_bounds(
            a, b, c, d, densify_pts=21, direction="INVERSE"
        )
        return float(x0), float(y0), float(x1), float(y1)


@cache
def _to_projected(epsg: int) -> Transformer:
    return Transformer.from_crs(CRS.from_epsg(4326), CRS.from_epsg(epsg), always_xy=True)


def registry_crs(provinces: Iterable[str | None]) -> list[OgcCrs]:
    """What the service offers: CRS84, EPSG:4326 and the VN-2000 zones of these provinces."""
    zones = dict.fromkeys(z for p in provinces for z in province_zones(p))
    return [OgcCrs(None), OgcCrs(LAT_LON), *(OgcCrs(z) for z in zones)]


def parse_ogc_crs(text: str | None, offered: Sequence[OgcCrs], *, field: str) -> OgcCrs:
    """The system a ``crs`` or ``bbox-crs`` parameter names: its URI (as the collections list
    it), or the short forms people type (``EPSG:9209``, ``CRS84``). One the service does not
    offer is refused (400), never silently read as another."""
    if text is None or not text.strip():
        return OgcCrs(None)
    key = text.strip().strip("<>")
    short = key.upper()
    for crs in offered:
        names = {crs.uri.upper()}
        names |= {"CRS84", "OGC:CRS84"} if crs.epsg is None else {f"EPSG:{crs.epsg}"}
        if short in names:
            return crs
    raise RegistryError(
        "ogc.bad_crs", field=field, value=text, expected=", ".join(c.uri for c in offered)
    )


def parse_bbox_in(text: str | None, crs: OgcCrs) -> tuple[float, float, float, float] | None:
    """The ``bbox`` parameter (four numbers in ``crs``'s axis order) as WGS 84 bounds."""
    if text is None:
        return None
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4 or not all(np.isfinite(values)):
        raise RegistryError("ogc.bad_bbox", field="bbox", value=text, expected="x0,y0,x1,y1")
    x0, y0, x1, y1 = crs.bbox_to_lonlat(values)
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise RegistryError("ogc.bad_bbox", field="bbox", value=text, expected="x0,y0,x1,y1")
    return x0, y0, x1, y1
