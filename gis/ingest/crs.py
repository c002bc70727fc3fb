"""Coordinate systems and coordinate columns: which columns hold the position, and turning them
into WGS 84 longitude/latitude in bulk."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from addrgen.catalog import N_
from gis.errors import InvalidInput, Problem
from gis.ingest.numbers import Ambiguous, parse_number
from gis.ingest.zones import ZONE_EPSG, crs_key, meridian_label, province_zones, vn2000_zone

__all__ = [
    "CoordinateColumns",
    "describe_crs",
    "find_columns",
    "no_column",
    "parse_crs",
    "parse_numbers",
    "same_crs",
    "source_crs",
    "to_wgs84",
    "zone_assumed",
    "zone_note",
]

WGS84 = "EPSG:4326"
LAT_NAMES = ("lat", "latitude", "vi_do", "vido", "vĩ_độ", "vĩ độ")
LON_NAMES = ("lon", "lng", "long", "longitude", "kinh_do", "kinhdo", "kinh_độ", "kinh độ")
EASTING_NAMES = ("easting", "x")
NORTHING_NAMES = ("northing", "y")


@dataclass(frozen=True)
class CoordinateColumns:
    """Which columns hold the position. ``mode`` says what they mean: geographic (lon/lat),
    projected (easting/northing), or one column holding both ("pair": ``x`` and ``y`` are that
    column, latitude or northing first)."""

    mode: Literal["geographic", "projected", "pair"]
    x: str  # longitude or easting
    y: str  # latitude or northing


def no_column(option: str | None, given: str, *, file: str, columns: list[str]) -> InvalidInput:
    """The error for a column named by ``option`` (``given``) that the file does not have."""
    return InvalidInput(
        "import.no_column", field=option, value=given, file=file, columns=", ".join(columns)
    )


# The names officers type for their coordinate system (compared by :func:`crs_key`). A VN-2000
# name without its zone (PROJ would read a bare "VN2000" as the geographic VN-2000, which no
# cadastral sheet is) takes the zone of the commune's province when the province has one
# (gis.ingest.zones), and is refused naming the choices otherwise — never guessed.
OFFICER_CRS = {"wgs84": WGS84}
ACCEPTED = "EPSG:4326, WGS 84, EPSG:9209, 9209, VN-2000 Hà Tĩnh, VN-2000 TM-3 105-30"


def parse_crs(text: str | None, *, province: str | None = None) -> CRS:
    """The CRS an officer names: an EPSG code (``EPSG:9209``, ``9209``), a name PROJ knows,
    "WGS 84", or VN-2000 with its zone ("VN-2000 Hà Tĩnh", "VN-2000 TM-3 105-30") or without it
    (then the zone of ``province``, the commune's; see :func:`zone_assumed`)."""
    key = crs_key(text or "")
    zones = vn2000_zone(key)
    if zones == () and key.removeprefix("vn2000") in ("", "tm3", "tm"):
        zones = province_zones(province)
        where = province
    else:
        where = text
    if zones is not None:
        if len(zones) == 1:
            return CRS.from_epsg(zones[0])
        if zones:
            choices = ", ".join(f"EPSG:{z} ({meridian_label(z)})" for z in zones)
            raise InvalidInput(
                "import.vn2000_choose_zone",
                field="crs",
                value=text,
                province=where,
                expected=choices,
            )
        raise InvalidInput(
            "import.vn2000_needs_zone",
            field="crs",
            value=text,
            expected="VN-2000 Hà Tĩnh, EPSG:9209",
        )
    try:
        return CRS.from_user_input(OFFICER_CRS.get(key) or text or WGS84)
    except CRSError as exc:
        raise InvalidInput(
            "import.unknown_crs", field="crs", value=text, expected=ACCEPTED
        ) from exc


def zone_assumed(text: str | None) -> bool:
    """Whether ``text`` names VN-2000 without a zone (:func:`parse_crs` took the province's)."""
    key = crs_key(text or "")
    return vn2000_zone(key) == () and key.removeprefix("vn2000") in ("", "tm3", "tm")


def source_crs(
    given: str | None,
    file_crs: str | None,
    *,
    province: str | None,
    bounds: Sequence[float] | None = None,
) -> CRS:
    """The coordinates' system: the one the officer gave, else the file's own (a .prj, a
    GeoPackage's), else WGS 84. A given one that differs from the file's is refused naming both:
    two VN-2000 zones are ≈ 26 km apart, a shift nothing later would notice. A VN-2000 given
    without its zone takes the file's zone. The file's own is no obstacle when its coordinates
    (``bounds``: min x, min y, max x, max y) cannot be in it: degrees that are metres, as every
    GeoJSON says WGS 84 whatever it holds."""
    if given is None:
        return CRS.from_user_input(file_crs) if file_crs else CRS.from_user_input(WGS84)
    if file_crs is None:
        return parse_crs(given, province=province)
    own = CRS.from_user_input(file_crs)
    if zone_assumed(given) and (own.to_epsg() or 0) in ZONE_EPSG.values():
        return own
    chosen = parse_crs(given, province=province)
    if not same_crs(chosen, own) and not _impossible_in(own, bounds):
        raise InvalidInput(
            "import.crs_conflict",
            field="crs",
            value=given,
            file_crs=describe_crs(own),
            given_crs=describe_crs(chosen),
        )
    return chosen


def _impossible_in(crs: CRS, bounds: Sequence[float] | None) -> bool:
    """Whether coordinates with these bounds cannot be in a geographic ``crs``."""
    if bounds is None or not crs.is_geographic or not all(map(math.isfinite, bounds)):
        return False
    minx, miny, maxx, maxy = bounds
    return not (-180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0)


def zone_note(
    given: str | None, file_crs: str | None, crs: CRS, *, file: str, province: str | None
) -> list[Problem]:
    """The note an import's report carries when a VN-2000 given without its zone took the
    province's (:func:`source_crs`): which zone was used, so that a wrong guess is seen."""
    if given is None or not zone_assumed(given):
        return []
    if file_crs is not None and same_crs(CRS.from_user_input(file_crs), crs):
        return []  # the file's own zone
    code = crs.to_epsg() or 0
    params = {"province": province, "crs": f"EPSG:{code}", "meridian": meridian_label(code)}
    return [Problem(file, None, "crs", given, "import.vn2000_zone_assumed", params, "note")]


def same_crs(a: CRS, b: CRS) -> bool:
    """Whether two systems put the same numbers at the same place (a .prj's WKT and its EPSG
    code are the same system; the axis order is the reader's business)."""
    if a.equals(b, ignore_axis_order=True):
        return True
    code = a.to_epsg(min_confidence=70)
    return code is not None and code == b.to_epsg(min_confidence=70)


def describe_crs(crs: CRS) -> str:
    """A system as a person recognises it: "EPSG:9209 (VN-2000 / TM-3 105-30)"."""
    code = crs.to_epsg(min_confidence=70)
    return f"EPSG:{code} ({crs.name})" if code else crs.name


def find_columns(
    columns: list[str],
    crs: CRS,
    *,
    file: str,
    lon_field: str | None = None,
    lat_field: str | None = None,
    easting_field: str | None = None,
    northing_field: str | None = None,
    crs_given: bool = False,
) -> CoordinateColumns:
    """The coordinate columns: the ones named, else found by their common names.
    ``crs_given``: ``crs`` was named (by the officer or the file), not WGS 84 by default."""
    named = {
        "lon_field": lon_field,
        "lat_field": lat_field,
        "easting_field": easting_field,
        "northing_field": northing_field,
    }
    for option, given in named.items():
        if given is not None and given not in columns:
            raise no_column(option, given, file=file, columns=columns)
    for x, y, code in (
        ("lon_field", "lat_field", "import.lon_lat_pair"),
        ("easting_field", "northing_field", "import.easting_northing_pair"),
    ):
        if (named[x] is None) != (named[y] is None):
            only = x if named[x] is not None else y
            raise InvalidInput(code, field=only, value=named[only])
    if lon_field and lat_field:
        return CoordinateColumns("geographic", lon_field, lat_field)
    if easting_field and northing_field:
        if crs.is_geographic:
            code = (
                N_("import.projected_given_geographic")
                if crs_given
                else "import.projected_needs_crs"
            )
            raise InvalidInput(code, field="crs", value=crs.to_string())
        return CoordinateColumns("projected", easting_field, northing_field)
    lowered = {c.lower(): c for c in columns}
    lon = next((lowered[n] for n in LON_NAMES if n in lowered), None)
    lat = next((lowered[n] for n in LAT_NAMES if n in lowered), None)
    if lon and lat:
        return CoordinateColumns("geographic", lon, lat)
    east = next((lowered[n] for n in EASTING_NAMES if n in lowered), None)
    north = next((lowered[n] for n in NORTHING_NAMES if n in lowered), None)
    if east and north:
        return CoordinateColumns("geographic" if crs.is_geographic else "projected", east, north)
    raise InvalidInput("import.no_coordinate_columns", file=file, columns=", ".join(columns))


def parse_numbers(
    cells: pd.Series, plausible: Callable[[float], bool] | None = None
) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.bool_], NDArray[np.bool_]]:
    """Numbers from text cells: (values, missing, unparseable, ambiguous). Plain numbers take
    the fast path; any other cell is read by :func:`gis.ingest.numbers.parse_number` (comma
    decimals, thousands separators, degrees-minutes-seconds), ``plausible`` deciding a form
    that allows two readings; one it cannot decide is marked ambiguous, never guessed."""
    try:
        # The common case, every cell a plain number: numpy converts them with Python's own
        # float() (what the fallback below uses too), three times faster than to_numeric.
        values = cells.to_numpy(dtype=object).astype(np.float64)
    except (ValueError, TypeError):
        # A copy: pandas may hand out a read-only view, and the cells below are written into it
        # (the failed write was once taken for an unreadable number: "18,3255" refused).
        values = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64, copy=True)
    missing = np.zeros(len(values), dtype=bool)
    unparseable = np.zeros(len(values), dtype=bool)
    ambiguous = np.zeros(len(values), dtype=bool)
    raw = cells.tolist()
    for i in np.flatnonzero(np.isnan(values)).tolist():  # only the cells that did not parse
        text = str(raw[i]).strip()
        if not text:
            missing[i] = True
            continue
        try:
            number = parse_number(text, plausible)
        except Ambiguous:
            ambiguous[i] = True
        except ValueError:
            unparseable[i] = True
        else:
            values[i] = number
    return values, missing, unparseable, ambiguous


def to_wgs84(
    x: NDArray[np.float64], y: NDArray[np.float64], crs: CRS
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Longitude, latitude in WGS 84 (PROJ's default datum shift, e.g. EPSG:6960 for VN-2000)."""
    if crs.equals(CRS.from_epsg(4326)):
        return np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    transformer = Transformer.from_crs(crs, WGS84, always_xy=True)
    with np.errstate(invalid="ignore"):
        lon, lat = transformer.transform(x, y, errcheck=False)
    return np.asarray(lon, dtype=np.float64), np.asarray(lat, dtype=np.float64)
