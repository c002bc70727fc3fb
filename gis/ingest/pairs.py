"""A position written in one column: "18.31, 105.92" as a phone's map copies it, "18,31; 105,92"
from Vietnamese Excel, a pair of degrees-minutes-seconds. Which column holds such pairs — the
one named, else one whose name says "coordinates" and whose cells are pairs."""

from __future__ import annotations

from itertools import islice

import pandas as pd

from gis.errors import InvalidInput
from gis.ingest.crs import CoordinateColumns, no_column
from gis.ingest.numbers import parse_pair
from gis.ingest.zones import crs_key

__all__ = ["LATLON_WORDS", "find_pair_column", "holds_pairs", "is_pair"]

#: What a pair column's name contains, compared as :func:`gis.ingest.zones.crs_key` writes
#: names: toa_do, "Tọa độ (WGS 84)", vi_tri, coordinates, latlon, "lat, lon", lat_lng…
LATLON_WORDS = ("toado", "vitri", "coord", "latlon", "latlng", "vidokinhdo", "position")
# Non-empty cells looked at to decide that a column holds pairs.
SAMPLE = 20


def is_pair(text: str) -> bool:
    """Whether a cell holds two numbers, each read as degrees could be ("18,316; 105,916": the
    comma decimals, not eighteen thousand), or any two plain numbers (metres)."""
    return parse_pair(text, _degrees, _degrees) is not None


def _degrees(value: float) -> bool:
    return -180.0 <= value <= 180.0


def holds_pairs(cells: pd.Series) -> bool:
    """Whether most of the column's first non-empty cells are pairs of numbers (the others are
    then named on their rows: a column of coordinates with a few mistakes is still one)."""
    texts = (str(cell).strip() for cell in cells.tolist() if cell is not None)
    sample = list(islice((t for t in texts if t), SAMPLE))
    pairs = sum(is_pair(t) for t in sample)
    return pairs > 0 and 2 * pairs >= len(sample)


def find_pair_column(
    frame: pd.DataFrame,
    *,
    file: str,
    latlon_field: str | None,
    lat_field: str | None,
    lon_field: str | None,
    looked_up: bool,
) -> CoordinateColumns | None:
    """The pair column: ``latlon_field`` if given; else, when ``looked_up`` (no pair of
    coordinate columns was found), a column named like one whose cells are pairs. A
    ``lat_field`` given alone that holds pairs is refused with what to do instead."""
    columns = [str(c) for c in frame.columns]
    if latlon_field is not None:
        if latlon_field not in columns:
            raise no_column("latlon_field", latlon_field, file=file, columns=columns)
        return CoordinateColumns("pair", latlon_field, latlon_field)
    alone = lat_field is not None and lon_field is None and lat_field in columns
    if alone and holds_pairs(frame[str(lat_field)]):
        raise InvalidInput("import.latlon_given_as_latitude", field="lat_field", value=lat_field)
    if not looked_up:
        return None
    for column in columns:
        key = crs_key(column)
        if any(word in key for word in LATLON_WORDS) and holds_pairs(frame[column]):
            return CoordinateColumns("pair", column, column)
    return None
