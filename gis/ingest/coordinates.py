"""The position of each imported row: from a GIS layer's point geometry or from two coordinate
columns, reprojected to WGS 84 in bulk, with the rows that go wrong named one by one (a missing
or unreadable number, coordinates out of range, the two columns swapped)."""

from __future__ import annotations

from collections.abc import Callable

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from pyproj import CRS

from addrgen.catalog import N_
from gis.errors import InvalidInput
from gis.ingest.candidates import Candidates
from gis.ingest.crs import CoordinateColumns, parse_numbers, to_wgs84
from gis.ingest.numbers import parse_pair, readings
from gis.ingest.pairs import is_pair
from gis.ingest.shapes import as_points
from gis.ingest.sources import SourceTable
from gis.spatial.geometry import VillageIndex

__all__ = ["coordinates_from_columns", "coordinates_from_geometry", "coordinates_from_pairs"]

# What each problem with one coordinate is called, by what the column holds.
MISSING = {
    "latitude": "import.no_latitude",
    "longitude": "import.no_longitude",
    "easting": "import.no_easting",
    "northing": "import.no_northing",
}
# Where each value may lie: what decides a form with two readings ("105,931": 105.931 degrees,
# not 105931; "543.671": 543671 m of easting, not 543.671).
PLAUSIBLE = {
    "latitude": (-90.0, 90.0),
    "longitude": (-180.0, 180.0),
    "easting": (100_000.0, 900_000.0),
    "northing": (0.0, 10_000_000.0),
}
NOT_A_NUMBER = {
    "latitude": "import.latitude_not_a_number",
    "longitude": "import.longitude_not_a_number",
    "easting": "import.easting_not_a_number",
    "northing": "import.northing_not_a_number",
}


def coordinates_from_geometry(
    c: Candidates, table: SourceTable, crs: CRS, *, centroids: bool = False
) -> None:
    """Each row's position from its feature (see gis.ingest.shapes: ``centroids`` lets an area
    stand for its point, said as a note); the features that give no point are named row by
    row, a file without one point at once."""
    geoms = table.geometry
    assert geoms is not None
    series = geoms.set_crs(crs, allow_override=True)
    shapes = as_points(series, centroids=centroids)
    usable = shapes.usable
    kinds = series.geom_type.to_numpy()
    empty = series.isna().to_numpy() | series.is_empty.to_numpy()
    if len(kinds) and not (usable | empty).any():
        # Not one point: the wrong file (a village layer, a road network), said once.
        found = ", ".join(sorted({str(k) for k in kinds[~empty]}))
        raise InvalidInput("import.no_points", file=table.name, kinds=found)
    wgs = gpd.GeoSeries(shapes.points, crs=crs).to_crs("EPSG:4326").to_numpy()
    # A feature without a point is None: NaN coordinates, named row by row below.
    c.lon[:] = np.where(usable, shapely.get_x(wgs), np.nan)
    c.lat[:] = np.where(usable, shapely.get_y(wgs), np.nan)
    for i in np.flatnonzero(~usable).tolist():
        if empty[i]:
            c.reject(i, "geometry", None, "import.no_geometry", expected="a point")
        else:
            code, params = shapes.refused[i]
            c.reject(i, "geometry", kinds[i], code, expected="a point", **params)
    for i in shapes.areas:
        c.problems.append(c.problem(i, "geometry", kinds[i], "import.area_as_point", {}, "note"))
    _check_ranges(c, crs)


def coordinates_from_columns(
    c: Candidates, frame: pd.DataFrame, cols: CoordinateColumns, crs: CRS, index: VillageIndex
) -> None:
    x_label, y_label = (
        ("longitude", "latitude") if cols.mode == "geographic" else ("easting", "northing")
    )
    x, *x_flags = parse_numbers(frame[cols.x], _within(PLAUSIBLE[x_label]))
    y, *y_flags = parse_numbers(frame[cols.y], _within(PLAUSIBLE[y_label]))
    flagged = ~c.bad & np.logical_or.reduce([*x_flags, *y_flags])
    for i in np.flatnonzero(flagged).tolist():  # only the rows with a problem, in row order
        for col, label, (missing, bad, ambiguous) in (
            (cols.y, y_label, y_flags),
            (cols.x, x_label, x_flags),
        ):
            cell = frame[col].iloc[i]
            if missing[i]:
                c.reject(i, col, "", MISSING[label], expected="a number")
            elif bad[i] and is_pair(str(cell)):
                # "18.31, 105.92" in the latitude column: both numbers in one cell.
                c.reject(i, col, cell, "import.pair_in_cell", column=col)
            elif bad[i]:
                c.reject(i, col, cell, NOT_A_NUMBER[label], expected="a number")
            elif ambiguous[i]:
                options = readings(str(cell))  # each in the message's language
                c.reject(i, col, cell, "import.ambiguous_number", readings=options)
            else:
                continue
            break
    _convert(c, frame, cols, crs, index, x, y)


def coordinates_from_pairs(
    c: Candidates, frame: pd.DataFrame, cols: CoordinateColumns, crs: CRS, index: VillageIndex
) -> None:
    """Positions from one column holding both numbers ("18.31, 105.92", "18,31; 105,92", DMS
    pairs), in the order people write them: latitude first (northing first, the cadastral X,
    in a projected system). A cell that is not such a pair is named on its row."""
    n = len(frame)
    x, y = np.full(n, np.nan), np.full(n, np.nan)
    labels = ("latitude", "longitude") if crs.is_geographic else ("northing", "easting")
    first, second = (_within(PLAUSIBLE[label]) for label in labels)
    for i, cell in enumerate(frame[cols.y].tolist()):
        text = "" if cell is None else str(cell).strip()
        pair = parse_pair(text, first, second) if text else None
        if pair is not None:
            y[i], x[i] = pair
        elif c.bad[i]:
            continue
        elif text:
            c.reject(i, cols.y, text, "import.not_a_pair", column=cols.y)
        else:
            c.reject(i, cols.y, "", "import.no_pair", column=cols.y)
    _convert(c, frame, cols, crs, index, x, y)


def _convert(
    c: Candidates,
    frame: pd.DataFrame,
    cols: CoordinateColumns,
    crs: CRS,
    index: VillageIndex,
    x: NDArray[np.float64],
    y: NDArray[np.float64],
) -> None:
    """The read numbers to WGS 84, then the rows whose position is swapped or impossible. A row
    outside every village (or out of range) that swapping its two coordinates would put in a
    village is named as swapped: the commonest mistake in hand-made sheets."""
    # A row refused already keeps the position it has, if any (the preview's map shows it as a
    # bad row); a number that could not be read leaves it without one (NaN), not at 0, 0.
    readable = np.isfinite(x) & np.isfinite(y)
    lon, lat = to_wgs84(np.where(readable, x, 0.0), np.where(readable, y, 0.0), crs)
    c.lon[:] = np.where(readable, lon, np.nan)
    c.lat[:] = np.where(readable, lat, np.nan)
    todo = np.flatnonzero(~c.bad)
    if len(todo) == 0:
        return
    ok = np.isfinite(c.lon[todo]) & np.isfinite(c.lat[todo])
    found = np.full(len(todo), -1, dtype=np.int64)
    found[ok] = index.locate(c.lon[todo][ok], c.lat[todo][ok])
    c.village_pos[todo] = found  # the village join, done once: place_in_villages reuses it
    suspects = todo[found < 0]
    slon, slat = to_wgs84(y[suspects], x[suspects], crs)
    ok = np.isfinite(slon) & np.isfinite(slat)
    hit = np.full(len(suspects), -1, dtype=np.int64)
    hit[ok] = index.locate(slon[ok], slat[ok])
    # Projected sheets are the cadastral ones, which often call the northing X: the columns as
    # read are named so that a face can say how to read them the other way round.
    code, columns = {
        "geographic": ("import.swapped_coordinates", {"lat_column": cols.y, "lon_column": cols.x}),
        "projected": (
            "import.swapped_projected",
            {"easting_column": cols.x, "northing_column": cols.y},
        ),
        "pair": (N_("import.swapped_pair"), {"column": cols.y}),
    }[cols.mode]
    where = cols.y if cols.mode == "pair" else f"{cols.y}/{cols.x}"
    for k, i in enumerate(suspects.tolist()):
        if hit[k] < 0:
            continue
        value = str(frame[cols.y].iloc[i])
        if cols.mode != "pair":
            value = f"{value}, {frame[cols.x].iloc[i]}"
        village = index.names[int(hit[k])]
        c.reject(i, where, value, code, village=village, **columns)
    _check_ranges(c, crs, cols, frame)


def _within(bounds: tuple[float, float]) -> Callable[[float], bool]:
    return lambda v: bounds[0] <= v <= bounds[1]


def _check_ranges(
    c: Candidates,
    crs: CRS,
    cols: CoordinateColumns | None = None,
    frame: pd.DataFrame | None = None,
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
            c.reject(i, f"{lat_col}/{lon_col}", None, "import.unconvertible", crs=crs.to_string())
        elif bad_lat[i]:
            value = shown(lat_col, lat[i], i)
            c.reject(i, lat_col, value, "import.latitude_out_of_range", expected="-90 to 90")
        else:
            value = shown(lon_col, lon[i], i)
            c.reject(i, lon_col, value, "import.longitude_out_of_range", expected="-180 to 180")
