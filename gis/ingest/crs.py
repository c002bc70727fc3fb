"""Coordinate systems and coordinate columns: which columns hold the position, and turning them
into WGS 84 longitude/latitude in bulk."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError

from gis.errors import InvalidInput
from gis.ingest.numbers import Ambiguous, parse_number

__all__ = [
    "CoordinateColumns",
    "find_columns",
    "no_column",
    "parse_crs",
    "parse_numbers",
    "to_wgs84",
]

WGS84 = "EPSG:4326"
LAT_NAMES = ("lat", "latitude", "vi_do", "vido", "vĩ_độ", "vĩ độ")
LON_NAMES = ("lon", "lng", "long", "longitude", "kinh_do", "kinhdo", "kinh_độ", "kinh độ")
EASTING_NAMES = ("easting", "x")
NORTHING_NAMES = ("northing", "y")


@dataclass(frozen=True)
class CoordinateColumns:
    """Which columns hold the position. ``mode`` says what they mean: geographic (lon/lat) or
    projected (easting/northing)."""

    mode: Literal["geographic", "projected"]
    x: str  # longitude or easting
    y: str  # latitude or northing


def no_column(option: str | None, given: str, *, file: str, columns: list[str]) -> InvalidInput:
    """The error for a column named by ``option`` (``given``) that the file does not have."""
    return InvalidInput(
        "import.no_column", field=option, value=given, file=file, columns=", ".join(columns)
    )


# The names officers type for their coordinate system (lower case, without diacritics, spaces or
# dashes). A bare "VN2000" names no zone (PROJ reads it as the geographic VN-2000, which no
# cadastral sheet is): refused with what is accepted, never guessed.
OFFICER_CRS = {
    "vn2000hatinh": "EPSG:9209",
    "vn2000tm310530": "EPSG:9209",
    "wgs84": WGS84,
}
VN2000_ZONELESS = {"vn2000", "vn2000tm3", "vn2000tm"}


def _crs_key(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in plain.lower() if ch.isalnum())


def parse_crs(text: str | None) -> CRS:
    """The CRS an officer names: an EPSG code (``EPSG:9209``, ``9209``), a name PROJ knows, or
    one of :data:`OFFICER_CRS` ("VN-2000 Hà Tĩnh")."""
    key = _crs_key(text or "")
    if key in VN2000_ZONELESS:
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
            "import.unknown_crs", field="crs", value=text, expected="EPSG:4326 or EPSG:9209"
        ) from exc


def find_columns(
    columns: list[str],
    crs: CRS,
    *,
    file: str,
    lon_field: str | None = None,
    lat_field: str | None = None,
    easting_field: str | None = None,
    northing_field: str | None = None,
) -> CoordinateColumns:
    """The coordinate columns: the ones named, else found by their common names."""
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
            raise InvalidInput("import.projected_needs_crs", field="crs", value=crs.to_string())
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
