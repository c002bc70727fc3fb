"""Features that are not points (issue 14): every geometry type of every GIS format is named on
its row ("the feature is an area (Polygon)"), and ``centroids`` lets a polygon stand for its
representative point — inside it, where a centroid may not be — while lines stay refused."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pyogrio
import pytest
from shapely.geometry import (
    GeometryCollection,
    LineString,
    MultiLineString,
    MultiPoint,
    MultiPolygon,
    Point,
    Polygon,
)
from shapely.geometry.base import BaseGeometry
from sqlalchemy import select

from gis.errors import ImportRejected, InvalidInput
from gis.ingest.importing import ImportOptions, ImportReport, import_points
from gis.ingest.shapes import as_points
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import points
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND

# An L-shaped plot in the first village: its centroid lies in the notch, outside the plot.
ELL = Polygon(
    [(105.912, 18.312), (105.916, 18.312), (105.916, 18.313), (105.913, 18.313),
     (105.913, 18.316), (105.912, 18.316)]
)  # fmt: skip
SQUARE = Polygon([(105.922, 18.312), (105.923, 18.312), (105.923, 18.313), (105.922, 18.313)])
ROAD = LineString([INSIDE_FIRST, INSIDE_SECOND])

EVERY_TYPE: list[tuple[BaseGeometry | None, str | None, str | None]] = [
    # geometry, its code without centroids, with centroids (None: a point)
    (Point(INSIDE_FIRST), None, None),
    (MultiPoint([INSIDE_FIRST]), None, None),
    (MultiPoint([INSIDE_FIRST, INSIDE_SECOND]), "import.multipoint_not_a_point", "same"),
    (ROAD, "import.line_not_a_point", "same"),
    (
        MultiLineString([ROAD.coords, [(105.911, 18.311), (105.912, 18.312)]]),
        "import.line_not_a_point",
        "same",
    ),
    (ELL, "import.area_not_a_point", None),
    (MultiPolygon([ELL, SQUARE]), "import.area_not_a_point", None),
    (GeometryCollection([Point(INSIDE_FIRST), ROAD]), "import.not_a_point", "same"),
]


def test_the_l_shaped_plot_has_its_centroid_outside() -> None:
    """Why the representative point and not the centroid."""
    assert not ELL.contains(ELL.centroid)


@pytest.mark.parametrize("centroids", [False, True])
def test_every_geometry_type(centroids: bool) -> None:
    series = gpd.GeoSeries([g for g, _, _ in EVERY_TYPE] + [None, Point()], crs="EPSG:4326")
    shapes = as_points(series, centroids=centroids)
    for i, (geometry, plain, with_centroids) in enumerate(EVERY_TYPE):
        code = plain if not centroids or with_centroids == "same" else with_centroids
        if code is None:
            point = shapes.points[i]
            assert point is not None and point.geom_type == "Point", geometry
            assert geometry is not None and geometry.intersects(point)
        else:
            assert shapes.points[i] is None and shapes.refused[i][0] == code, geometry
    assert shapes.refused[2][1] == {"count": 2}
    # The two empty features are the caller's to name; the areas it took a point for, too.
    assert shapes.points[-1] is None and shapes.points[-2] is None
    assert len(EVERY_TYPE) not in shapes.refused and len(EVERY_TYPE) + 1 not in shapes.refused
    assert shapes.areas == ([5, 6] if centroids else [])


def _write(folder: Path, suffix: str, geometries: list[BaseGeometry]) -> Path:
    frame = gpd.GeoDataFrame(
        {"name": [f"Điểm {k}" for k in range(len(geometries))]},  # a KML's <name> too
        geometry=geometries,
        crs="EPSG:4326",
    )
    path = folder / f"diem{suffix}"
    pyogrio.write_dataframe(frame, path, driver="KML" if suffix == ".kml" else None)
    return path


def _import(registry: Registry, commune: Commune, path: Path, centroids: bool) -> ImportReport:
    options = ImportOptions(kind="agency", centroids=centroids)
    return import_points(registry, commune, path, options, actor=ACTOR)


MIXED_FORMATS = [".geojson", ".gpkg", ".kml"]  # a shapefile holds one type only: below


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("suffix", MIXED_FORMATS)
def test_a_polygon_is_refused_on_its_row_then_taken_with_centroids(
    registry: Registry, small_commune: Commune, tmp_path: Path, suffix: str
) -> None:
    path = _write(tmp_path, suffix, [Point(INSIDE_SECOND), ELL])
    with pytest.raises(ImportRejected) as caught:
        _import(registry, small_commune, path, centroids=False)
    (problem,) = caught.value.problems
    assert (problem.row, problem.code, problem.value) == (2, "import.area_not_a_point", "Polygon")
    assert problem.message("vi") == "đối tượng là vùng (Polygon), cần là điểm"
    report = _import(registry, small_commune, path, centroids=True)
    assert report.imported == 2
    (note,) = report.notes
    assert (note.row, note.code) == (2, "import.area_as_point")


@pytest.mark.parametrize("backend", ["sqlite"])
@pytest.mark.parametrize("suffix", [*MIXED_FORMATS, ".shp"])
def test_lines_stay_refused_with_centroids(
    registry: Registry, small_commune: Commune, tmp_path: Path, suffix: str
) -> None:
    if suffix == ".shp":  # one type per shapefile: all lines, refused as a whole
        path = _write(tmp_path, suffix, [ROAD, ROAD])
        with pytest.raises(InvalidInput) as whole:
            _import(registry, small_commune, path, centroids=True)
        assert whole.value.code == "import.no_points"
        return
    path = _write(tmp_path, suffix, [Point(INSIDE_SECOND), ROAD])
    with pytest.raises(ImportRejected) as caught:
        _import(registry, small_commune, path, centroids=True)
    (problem,) = caught.value.problems
    assert (problem.row, problem.code) == (2, "import.line_not_a_point")


@pytest.mark.parametrize("backend", ["sqlite"])
def test_a_shapefile_of_plots_gives_points_inside_them(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    path = _write(tmp_path, ".shp", [ELL, SQUARE])
    with pytest.raises(InvalidInput) as caught:
        _import(registry, small_commune, path, centroids=False)
    assert caught.value.code == "import.no_points" and "Polygon" in str(caught.value)
    report = _import(registry, small_commune, path, centroids=True)
    assert report.imported == 2 and [n.row for n in report.notes] == [1, 2]
    with registry.read() as conn:
        placed = [Point(lon, lat) for lon, lat in conn.execute(select(points.c.lon, points.c.lat))]
    assert sorted(ELL.contains(p) or SQUARE.contains(p) for p in placed) == [True, True]
