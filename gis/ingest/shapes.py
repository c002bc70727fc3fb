"""What each feature of a GIS layer gives as an address point.

An address is a point. A polygon (a plot, a building's footprint from a cadastral map) may stand
for one when the officer asks for it (``centroids``): its representative point, which shapely
guarantees to lie inside it — a centroid may fall outside an L-shaped plot, in the neighbour's.
A line (a road, a canal) never does: it is not an address. A multipoint of one point is that
point (QGIS saves point layers as multipoints); of several, it is not one address."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import geopandas as gpd
import numpy as np
import shapely
from numpy.typing import NDArray

from addrgen.catalog import N_

__all__ = ["AREAS", "LINES", "Shapes", "as_points"]

AREAS = frozenset({"Polygon", "MultiPolygon"})
LINES = frozenset({"LineString", "MultiLineString", "LinearRing"})


@dataclass
class Shapes:
    """Per feature: its point (None where there is none), why there is none (a catalog code and
    its parameters), and which points stand for an area."""

    points: NDArray[Any]
    refused: dict[int, tuple[str, dict[str, Any]]] = field(default_factory=dict)
    areas: list[int] = field(default_factory=list)

    @property
    def usable(self) -> NDArray[np.bool_]:
        return np.array([p is not None for p in self.points], dtype=bool)


def as_points(series: gpd.GeoSeries, *, centroids: bool) -> Shapes:
    """The point of each feature of ``series`` (see the module's docstring). Empty features are
    neither points nor refused here: the caller names them as features without geometry."""
    geoms = series.to_numpy()
    kinds = series.geom_type.to_numpy()
    empty = series.isna().to_numpy() | series.is_empty.to_numpy()
    points = np.full(len(geoms), None, dtype=object)
    is_point = (kinds == "Point") & ~empty
    points[is_point] = geoms[is_point]
    shapes = Shapes(points)
    for i in np.flatnonzero((kinds != "Point") & ~empty).tolist():
        kind = str(kinds[i])
        if kind in AREAS and centroids:
            shapes.points[i] = shapely.point_on_surface(geoms[i])
            shapes.areas.append(i)
        elif kind in AREAS:
            shapes.refused[i] = (N_("import.area_not_a_point"), {})
        elif kind in LINES:
            shapes.refused[i] = (N_("import.line_not_a_point"), {})
        elif kind == "MultiPoint" and shapely.get_num_geometries(geoms[i]) == 1:
            shapes.points[i] = shapely.get_geometry(geoms[i], 0)
        elif kind == "MultiPoint":
            count = int(shapely.get_num_geometries(geoms[i]))
            shapes.refused[i] = (N_("import.multipoint_not_a_point"), {"count": count})
        else:  # a geometry collection
            shapes.refused[i] = (N_("import.not_a_point"), {})
    return shapes
