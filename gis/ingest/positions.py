"""Where an import reads each row's position, and the mistakes about the whole file's
coordinates that are said once, not on every row: VN-2000 metres read as degrees (no system
declared, or WGS 84 declared), GPS degrees read as metres, a file in the neighbouring VN-2000
zone, a GeoJSON written [latitude, longitude]."""

from __future__ import annotations

import numpy as np
import pandas as pd
import shapely
from numpy.typing import NDArray
from pyproj import CRS, Transformer

from addrgen.catalog import N_
from gis.errors import InvalidInput
from gis.ingest.candidates import Candidates
from gis.ingest.coordinates import (
    coordinates_from_columns,
    coordinates_from_geometry,
    coordinates_from_pairs,
)
from gis.ingest.crs import (
    CoordinateColumns,
    describe_crs,
    find_columns,
    parse_numbers,
    same_crs,
)
from gis.ingest.pairs import find_pair_column
from gis.ingest.report import ImportOptions
from gis.ingest.sources import SourceTable
from gis.ingest.zones import (
    SAMPLE,
    ZONE_EPSG,
    fits_vn2000,
    meridian_label,
    province_zones,
    zone_of_metres,
)
from gis.registry.village_checks import VIETNAM_BOUNDS
from gis.spatial.geometry import VillageIndex

__all__ = ["position_columns", "read_positions"]


def position_columns(
    table: SourceTable, options: ImportOptions, crs: CRS
) -> CoordinateColumns | None:
    """The columns the positions are read from (None: the file's own point geometry): the
    ones named, else found by their usual names, else one column holding pairs."""
    if table.geometry is not None:
        return None
    frame = table.frame

    def pair_column(latlon_field: str | None, *, looked_up: bool) -> CoordinateColumns | None:
        return find_pair_column(
            frame,
            file=table.name,
            latlon_field=latlon_field,
            lat_field=options.lat_field,
            lon_field=options.lon_field,
            looked_up=looked_up,
        )

    cols = pair_column(options.latlon_field, looked_up=False)
    if cols is not None:
        return cols
    try:
        return find_columns(
            [str(col) for col in frame.columns],
            crs,
            file=table.name,
            lon_field=options.lon_field,
            lat_field=options.lat_field,
            easting_field=options.easting_field,
            northing_field=options.northing_field,
            crs_given=options.crs is not None,
        )
    except InvalidInput as exc:
        if exc.code != "import.no_coordinate_columns":
            raise
        found = pair_column(None, looked_up=True)
        if found is None:
            raise
        return found


def read_positions(
    c: Candidates,
    table: SourceTable,
    cols: CoordinateColumns | None,
    crs: CRS,
    index: VillageIndex,
    *,
    centroids: bool,
    province: str | None,
) -> None:
    """Every row's position into ``c``, from ``cols`` (:func:`position_columns`) or the file's
    geometry; the rows that go wrong rejected one by one, the file's whole mistakes raised."""
    if cols is None:
        if crs.is_geographic:
            x, y = _raw_points(table)
            ok = np.isfinite(x) & np.isfinite(y)
            _refuse_metres(x[ok], y[ok], index, file=table.name, crs=crs, province=province)
            _check_order(c, x, y, crs, index)
        coordinates_from_geometry(c, table, crs, centroids=centroids)
    elif cols.mode == "pair":
        coordinates_from_pairs(c, table.frame, cols, crs, index)
    else:
        if crs.is_geographic:
            _refuse_metres_in_columns(
                table.frame, cols, index, file=table.name, crs=crs, province=province
            )
        else:
            _refuse_degrees_in_columns(table.frame, cols, index, file=table.name, crs=crs)
        coordinates_from_columns(c, table.frame, cols, crs, index)
    from_file = table.crs is not None and same_crs(CRS.from_user_input(table.crs), crs)
    _refuse_other_zone(c, crs, index, file=table.name, from_file=from_file)


def _raw_points(table: SourceTable) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """The layer's point coordinates as the file holds them (NaN for anything but a point)."""
    assert table.geometry is not None
    geoms = table.geometry.to_numpy()
    return (
        np.asarray(shapely.get_x(geoms), dtype=np.float64),
        np.asarray(shapely.get_y(geoms), dtype=np.float64),
    )


def _check_order(
    c: Candidates, x: NDArray[np.float64], y: NDArray[np.float64], crs: CRS, index: VillageIndex
) -> None:
    """Points written [latitude, longitude] (GeoJSON and KML write [longitude, latitude]): the
    ones outside every village that the other order puts in one are named, as a CSV's swapped
    columns are."""
    if not crs.equals(CRS.from_epsg(4326)):
        return  # only plain degrees can be compared with the villages without reprojecting
    with np.errstate(invalid="ignore"):
        todo = np.flatnonzero(~c.bad & (np.abs(x) <= 180.0) & (np.abs(y) <= 180.0))
    found = index.locate(x[todo], y[todo])
    suspects = todo[found < 0]
    if len(suspects) == 0:
        return
    hit = index.locate(y[suspects], x[suspects])
    for k, i in enumerate(suspects.tolist()):
        if hit[k] >= 0:
            value = f"[{x[i]:g}, {y[i]:g}]"
            village = index.names[int(hit[k])]
            c.reject(i, "geometry", value, "import.swapped_geometry", village=village)


def _refuse_metres_in_columns(
    frame: pd.DataFrame,
    cols: CoordinateColumns,
    index: VillageIndex,
    *,
    file: str,
    crs: CRS,
    province: str | None,
) -> None:
    """VN-2000 metres in columns read as degrees: a first look at a sample of rows, the whole
    columns only when the sample is metres (then the import is refused anyway)."""
    head = frame.head(SAMPLE)
    x, y = parse_numbers(head[cols.x])[0], parse_numbers(head[cols.y])[0]
    ok = np.isfinite(x) & np.isfinite(y)
    if not (fits_vn2000(x[ok], y[ok]) or fits_vn2000(y[ok], x[ok])):
        return
    x, y = parse_numbers(frame[cols.x])[0], parse_numbers(frame[cols.y])[0]
    ok = np.isfinite(x) & np.isfinite(y)
    names = {"easting_column": cols.x, "northing_column": cols.y}
    _refuse_metres(x[ok], y[ok], index, file=file, crs=crs, province=province, columns=names)


def _refuse_degrees_in_columns(
    frame: pd.DataFrame, cols: CoordinateColumns, index: VillageIndex, *, file: str, crs: CRS
) -> None:
    """GPS degrees in columns read in a projected system (``--crs VN2000`` given to a list of
    latitudes and longitudes): read as metres every row lies "outside every village, about
    2,107 km" — refused once, saying that as degrees they lie in the commune's villages."""
    head = frame.head(SAMPLE)
    x, y = parse_numbers(head[cols.x])[0], parse_numbers(head[cols.y])[0]
    ok = np.isfinite(x) & np.isfinite(y)
    if not ok.any() or (index.locate(x[ok], y[ok]) >= 0).mean() < 0.5:
        return
    raise InvalidInput(
        "import.degrees_as_projected",
        field="crs",
        value=describe_crs(crs),
        file=file,
        x_column=cols.x,
        y_column=cols.y,
    )


def _refuse_metres(
    x: NDArray[np.float64],
    y: NDArray[np.float64],
    index: VillageIndex,
    *,
    file: str,
    crs: CRS,
    province: str | None,
    columns: dict[str, str] | None = None,
) -> None:
    """Refuse, once for the file, positions read as degrees that are all VN-2000 metres, naming
    the zone to declare: the one that puts them in the commune's villages, else the province's
    if it puts them in Vietnam. In columns the two orders are tried (cadastral X is the
    northing): the other one is said too."""
    orders = [(x, y, False)] + ([(y, x, True)] if columns else [])
    for east, north, swapped in orders:
        if not fits_vn2000(east, north):
            continue
        zone = zone_of_metres(east, north, index) or _province_zone(east, north, province)
        if zone is None:
            continue
        code = N_("import.looks_vn2000")
        names = dict(columns or {})
        if swapped:
            code = N_("import.looks_vn2000_swapped")
            names = {
                "easting_column": names["northing_column"],
                "northing_column": names["easting_column"],
            }
        raise InvalidInput(
            code,
            field="crs",
            value=describe_crs(crs),
            file=file,
            crs=f"EPSG:{zone}",
            meridian=meridian_label(zone),
            **names,
        )


def _province_zone(
    east: NDArray[np.float64], north: NDArray[np.float64], province: str | None
) -> int | None:
    """The province's one VN-2000 zone, if it puts every point in Vietnam."""
    zones = province_zones(province)
    if len(zones) != 1:
        return None
    lon, lat = Transformer.from_crs(zones[0], 4326, always_xy=True).transform(east, north)
    west, south, east_end, north_end = VIETNAM_BOUNDS
    inside = (lon >= west) & (lon <= east_end) & (lat >= south) & (lat <= north_end)
    return zones[0] if bool(np.all(inside)) else None


def _refuse_other_zone(
    c: Candidates, crs: CRS, index: VillageIndex, *, file: str, from_file: bool
) -> None:
    """A VN-2000 file read in one zone whose points mostly fall outside every village while
    another zone puts them in: refused once, naming that zone (the neighbouring zone is
    ≈ 26 km off, every row "outside every village" otherwise). ``from_file``: the zone is the
    file's own (its .prj), which is what must change — a different one given is refused."""
    code = crs.to_epsg() or 0
    if code not in ZONE_EPSG.values():
        return
    live = np.flatnonzero(~c.bad & np.isfinite(c.lon) & np.isfinite(c.lat))
    step = max(1, len(live) // SAMPLE)
    sample = live[::step]
    if len(sample) == 0 or (index.locate(c.lon[sample], c.lat[sample]) >= 0).mean() >= 0.5:
        return
    back = Transformer.from_crs(4326, crs, always_xy=True)
    east, north = (
        np.asarray(v, dtype=np.float64) for v in back.transform(c.lon[sample], c.lat[sample])
    )
    zone = zone_of_metres(east, north, index)
    if zone is not None and zone != code:
        raise InvalidInput(
            N_("import.prj_other_zone") if from_file else "import.other_vn2000_zone",
            field="crs",
            value=describe_crs(crs),
            file=file,
            crs=f"EPSG:{zone}",
            meridian=meridian_label(zone),
        )
