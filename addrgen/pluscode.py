"""Open Location Code (plus codes), written from the specification.

A plus code names a latitude/longitude cell. Its first ten significant digits come in pairs
(latitude digit, longitude digit) in base 20, each pair dividing the cell by 20 on both axes,
starting from 20° cells; from the eleventh digit on, each digit picks one cell of a 4-column by
5-row grid, so a single extra character still gives a roughly square cell. A ``+`` separates
the first eight digits from the rest; codes shorter than eight digits are padded with ``0``.
Digits come from a 20-letter alphabet with no vowels, so codes do not spell words.

We print 11-digit codes (``7PC78W7J+WPF``, a cell of about 3 × 3.5 m) on every plate, and every
map app decodes them, so ours must agree with the official test vectors bit for bit. Like the
reference implementations we therefore compute with integers: a coordinate is multiplied by the
number of finest cells per degree (2.5e7 for latitude, 8.192e6 for longitude), rounded to six
decimals to absorb binary representation error (80.01 is not exactly representable) and
floored; every digit is then extracted by integer division, with no floating-point drift.
Latitude is clipped to [-90, 90] and 90 itself moved into the top cell; longitude is normalised
into [-180, 180) with a modulo, so huge values cost nothing.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from addrgen.errors import InvalidPlusCode
from addrgen.pluscode_syntax import (
    CODE_ALPHABET,
    DIGIT_VALUE,
    ENCODING_BASE,
    LATITUDE_MAX,
    LONGITUDE_MAX,
    PADDING,
    SEPARATOR,
    SEPARATOR_POSITION,
    Reason,
    is_full,
    is_short,
    is_valid,
    why_invalid,
    why_not_full,
)

__all__ = [
    "CODE_ALPHABET",
    "DEFAULT_CODE_LENGTH",
    "CodeArea",
    "decode",
    "encode",
    "encode_many",
    "is_full",
    "is_short",
    "is_valid",
    "recover_nearest",
    "shorten",
]

# The alphabet, the separator and the padding are in addrgen.pluscode_syntax, with the rules of
# the written form; the names here are the ones the arithmetic needs.
PAIR_CODE_LENGTH = 10  # digits encoded as latitude/longitude pairs
MAX_DIGIT_COUNT = 15  # digits beyond this are ignored (finer than a millimetre)
GRID_CODE_LENGTH = MAX_DIGIT_COUNT - PAIR_CODE_LENGTH  # digits encoded with the grid
GRID_COLUMNS = 4  # longitude divisions per grid digit
GRID_ROWS = 5  # latitude divisions per grid digit
MIN_TRIMMABLE_CODE_LENGTH = 6  # shorter codes cannot be shortened
DEFAULT_CODE_LENGTH = 11  # what Địa chỉ số prints: a cell of about 3 x 3.5 m
PAIR_PRECISION = ENCODING_BASE**3  # pair cells per degree at ten digits (1 / 0.000125)
# Finest cells per degree on each axis: the integer units all arithmetic is done in.
FINAL_LAT_PRECISION = PAIR_PRECISION * GRID_ROWS**GRID_CODE_LENGTH  # 2.5e7
FINAL_LNG_PRECISION = PAIR_PRECISION * GRID_COLUMNS**GRID_CODE_LENGTH  # 8.192e6
LAT_UNITS = 2 * LATITUDE_MAX * FINAL_LAT_PRECISION  # integer latitude range [0, LAT_UNITS)
LNG_UNITS = 2 * LONGITUDE_MAX * FINAL_LNG_PRECISION  # integer longitude range [0, LNG_UNITS)
# Pair-code place values in degrees, from the first pair (20°) to the fifth.
PAIR_RESOLUTIONS = (20.0, 1.0, 0.05, 0.0025, 0.000125)
_LAT_GRID_UNITS = GRID_ROWS**GRID_CODE_LENGTH  # finest latitude units per ten-digit cell
_LNG_GRID_UNITS = GRID_COLUMNS**GRID_CODE_LENGTH  # finest longitude units per ten-digit cell

_ALPHABET_UCS4 = np.array([ord(char) for char in CODE_ALPHABET], dtype=np.uint32)
# Any float whose fraction is at least this is within 5e-7 below the next integer, i.e. it
# rounds up at six decimals. The float 0.9999995 lies just above the real 0.9999995 and no
# float lies between them, so ">=" on the float is exactly "> 0.9999995" on the reals (a tie
# cannot occur: 5e-7 has no finite binary expansion).
_ROUND_UP_FRACTION = 1 - 5e-7


@dataclass(frozen=True)
class CodeArea:
    """The cell a plus code names, in degrees, and the code's number of significant digits."""

    latitude_lo: float
    longitude_lo: float
    latitude_hi: float
    longitude_hi: float
    code_length: int

    @property
    def latitude_center(self) -> float:
        return min(self.latitude_lo + (self.latitude_hi - self.latitude_lo) / 2, LATITUDE_MAX)

    @property
    def longitude_center(self) -> float:
        return min(self.longitude_lo + (self.longitude_hi - self.longitude_lo) / 2, LONGITUDE_MAX)


# --- encoding -----------------------------------------------------------------------------


def _check_length(code_length: int) -> int:
    if isinstance(code_length, bool) or not isinstance(code_length, int | np.integer):
        raise InvalidPlusCode("pluscode.length_not_integer", field="code_length", value=code_length)
    if code_length < 2 or (code_length < PAIR_CODE_LENGTH and code_length % 2 == 1):
        raise InvalidPlusCode(
            "pluscode.bad_length",
            field="code_length",
            value=code_length,
            expected="2, 4, 6, 8, 10 or more",
        )
    return min(int(code_length), MAX_DIGIT_COUNT)


def _location_to_integers(latitude: float, longitude: float) -> tuple[int, int]:
    """Latitude and longitude in finest-cell units from the south-west corner of the globe."""
    if not (math.isfinite(latitude) and math.isfinite(longitude)):
        raise InvalidPlusCode("pluscode.not_finite", latitude=latitude, longitude=longitude)
    latitude = min(LATITUDE_MAX, max(-LATITUDE_MAX, float(latitude)))
    # Round to six decimals before flooring: a product such as 35.6 * 2.5e7 may land a hair
    # below the integer it stands for. Offsets are added after, in exact integers.
    lat_value = math.floor(round(latitude * FINAL_LAT_PRECISION, 6)) + LATITUDE_MAX * (
        FINAL_LAT_PRECISION
    )
    # Clipping moves 90° (and anything beyond) into the topmost cell, so the code decodes.
    lat_value = min(max(lat_value, 0), LAT_UNITS - 1)
    lng_value = math.floor(round(float(longitude) * FINAL_LNG_PRECISION, 6))
    lng_value = (lng_value + LONGITUDE_MAX * FINAL_LNG_PRECISION) % LNG_UNITS
    return lat_value, lng_value


def _format(digits: str, code_length: int) -> str:
    """Insert the separator and, for codes under eight digits, the padding."""
    if code_length >= SEPARATOR_POSITION:
        return digits[:SEPARATOR_POSITION] + SEPARATOR + digits[SEPARATOR_POSITION:code_length]
    return digits[:code_length] + PADDING * (SEPARATOR_POSITION - code_length) + SEPARATOR


def encode(lat: float, lon: float, code_length: int = DEFAULT_CODE_LENGTH) -> str:
    """The plus code of a point, with ``code_length`` significant digits (default 11).

    Latitude is clipped to [-90, 90], longitude normalised; lengths above 15 give 15 digits.
    """
    length = _check_length(code_length)
    lat_value, lng_value = _location_to_integers(lat, lon)
    grid: list[str] = []
    for _ in range(GRID_CODE_LENGTH):
        # Least significant first: row from latitude (5 rows), column from longitude (4).
        grid.append(
            CODE_ALPHABET[(lat_value % GRID_ROWS) * GRID_COLUMNS + lng_value % GRID_COLUMNS]
        )
        lat_value //= GRID_ROWS
        lng_value //= GRID_COLUMNS
    pairs: list[str] = []
    for _ in range(PAIR_CODE_LENGTH // 2):
        pairs.append(CODE_ALPHABET[lng_value % ENCODING_BASE])
        pairs.append(CODE_ALPHABET[lat_value % ENCODING_BASE])
        lat_value //= ENCODING_BASE
        lng_value //= ENCODING_BASE
    digits = "".join(reversed(pairs)) + "".join(reversed(grid))
    return _format(digits, length)


def _code_width(length: int) -> int:
    return max(length, SEPARATOR_POSITION) + 1


def encode_many(
    lats: npt.ArrayLike, lons: npt.ArrayLike, code_length: int = DEFAULT_CODE_LENGTH
) -> npt.NDArray[np.str_]:
    """Plus codes of many points at once, equal to :func:`encode` on each point.

    Same integer method as :func:`encode`, applied to whole arrays: coordinates become
    integer finest-cell units, each digit fills one column of a character matrix, and the
    matrix is read back as strings; no per-point Python code runs. Returns a ``'<U12'``
    array for the default length (``'<U9'`` for padded codes), in the shape of the input.
    """
    length = _check_length(code_length)
    lat = np.asarray(lats, dtype=np.float64)
    lng = np.asarray(lons, dtype=np.float64)
    if lat.shape != lng.shape:
        raise InvalidPlusCode(
            "pluscode.shape_mismatch", lat_shape=str(lat.shape), lon_shape=str(lng.shape)
        )
    shape = lat.shape
    lat, lng = lat.ravel(), lng.ravel()
    if not (np.isfinite(lat).all() and np.isfinite(lng).all()):
        raise InvalidPlusCode("pluscode.not_finite_many")
    width = _code_width(length)
    chars = np.ascontiguousarray(_characters(*_units_many(lat, lng), length).T)
    codes: npt.NDArray[np.str_] = chars.view(f"U{width}").reshape(shape)
    return codes


_Int32s = npt.NDArray[np.int32]


def _units_many(
    lat: npt.NDArray[np.float64], lng: npt.NDArray[np.float64]
) -> tuple[_Int32s, _Int32s, _Int32s, _Int32s]:
    """Each coordinate in finest-cell units, split once into its pair part and its grid part
    (latitude pair, latitude grid, longitude pair, longitude grid); both parts fit in int32,
    which halves the memory traffic of the digit loops."""
    lat_value = _round_floor(np.clip(lat, -LATITUDE_MAX, LATITUDE_MAX) * FINAL_LAT_PRECISION)
    lat_value = np.clip(lat_value + LATITUDE_MAX * FINAL_LAT_PRECISION, 0, LAT_UNITS - 1)
    # The modulo is taken on floats holding integers (exact: fmod never rounds, and the
    # values stay far below 2**53) so that huge longitudes never overflow int64.
    lng_value = np.mod(
        _round_floor(lng * FINAL_LNG_PRECISION) + LONGITUDE_MAX * FINAL_LNG_PRECISION, LNG_UNITS
    )
    lat_pair, lat_grid = (
        part.astype(np.int32) for part in np.divmod(lat_value.astype(np.int64), _LAT_GRID_UNITS)
    )
    lng_pair, lng_grid = (
        part.astype(np.int32) for part in np.divmod(lng_value.astype(np.int64), _LNG_GRID_UNITS)
    )
    return lat_pair, lat_grid, lng_pair, lng_grid


def _characters(
    lat_pair: _Int32s, lat_grid: _Int32s, lng_pair: _Int32s, lng_grid: _Int32s, length: int
) -> npt.NDArray[np.uint32]:
    """The codes' characters, one row per character position.

    Characters are written as UCS-4 code points straight into the memory of a str_ array
    (numpy stores each character as a uint32), which saves a bytes-to-str conversion that
    would cost more than the digit extraction. The matrix is filled one contiguous row per
    character position; the caller transposes it once to one row per code."""
    by_position = np.empty((_code_width(length), lat_pair.shape[0]), dtype=np.uint32)
    # Grid digits: latitude row (base 5) and longitude column (base 4), least significant last.
    for position in range(MAX_DIGIT_COUNT - 1, PAIR_CODE_LENGTH - 1, -1):
        lat_grid, row = np.divmod(lat_grid, GRID_ROWS)
        lng_grid, column = np.divmod(lng_grid, GRID_COLUMNS)
        if position < length:
            np.take(
                _ALPHABET_UCS4, row * GRID_COLUMNS + column, out=by_position[_char_index(position)]
            )
    # Pair digits, base 20, latitude first in each pair.
    for position in range(PAIR_CODE_LENGTH - 2, -1, -2):
        lat_pair, lat_digit = np.divmod(lat_pair, ENCODING_BASE)
        lng_pair, lng_digit = np.divmod(lng_pair, ENCODING_BASE)
        if position < length:
            np.take(_ALPHABET_UCS4, lat_digit, out=by_position[_char_index(position)])
            np.take(_ALPHABET_UCS4, lng_digit, out=by_position[_char_index(position + 1)])
    by_position[length:SEPARATOR_POSITION] = ord(PADDING)
    by_position[SEPARATOR_POSITION] = ord(SEPARATOR)
    return by_position


def _char_index(position: int) -> int:
    """Where significant digit ``position`` (0-based) goes in the code: after the separator
    from the eighth digit on."""
    return position if position < SEPARATOR_POSITION else position + 1


def _round_floor(scaled: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """``floor(round(x, 6))`` for whole arrays, exactly as Python computes it per value."""
    whole = np.floor(scaled)
    # x - floor(x) is exact in binary floating point, so the comparison is exact too.
    return whole + (scaled - whole >= _ROUND_UP_FRACTION)


# --- decoding -----------------------------------------------------------------------------


def _refuse(code: str, reason: Reason | None) -> None:
    """Raise the reason ``code`` cannot be used, if there is one."""
    if reason is not None:
        why, params = reason
        raise InvalidPlusCode(why, field="code", value=code, **params)


def decode(code: str) -> CodeArea:
    """The cell named by a full plus code; digits beyond the fifteenth are ignored."""
    _refuse(code, why_not_full(code))
    digits = code.replace(SEPARATOR, "").replace(PADDING, "").upper()[:MAX_DIGIT_COUNT]
    # Integer place values, in finest-cell units, from the most significant digit down.
    lat_units = -LATITUDE_MAX * FINAL_LAT_PRECISION
    lng_units = -LONGITUDE_MAX * FINAL_LNG_PRECISION
    lat_place = ENCODING_BASE ** (PAIR_CODE_LENGTH // 2 - 1) * GRID_ROWS**GRID_CODE_LENGTH
    lng_place = ENCODING_BASE ** (PAIR_CODE_LENGTH // 2 - 1) * GRID_COLUMNS**GRID_CODE_LENGTH
    lat_step, lng_step = lat_place * ENCODING_BASE, lng_place * ENCODING_BASE
    for index in range(0, min(len(digits), PAIR_CODE_LENGTH), 2):
        lat_step, lng_step = lat_place, lng_place
        lat_units += DIGIT_VALUE[digits[index]] * lat_place
        lng_units += DIGIT_VALUE[digits[index + 1]] * lng_place
        lat_place //= ENCODING_BASE
        lng_place //= ENCODING_BASE
    lat_place, lng_place = (
        GRID_ROWS ** (GRID_CODE_LENGTH - 1),
        GRID_COLUMNS ** (GRID_CODE_LENGTH - 1),
    )
    for char in digits[PAIR_CODE_LENGTH:]:
        value = DIGIT_VALUE[char]
        lat_step, lng_step = lat_place, lng_place
        lat_units += (value // GRID_COLUMNS) * lat_place
        lng_units += (value % GRID_COLUMNS) * lng_place
        lat_place //= GRID_ROWS
        lng_place //= GRID_COLUMNS
    # Rounding to 14 decimals hides the last-bit noise of the division, as the reference does.
    return CodeArea(
        latitude_lo=round(lat_units / FINAL_LAT_PRECISION, 14),
        longitude_lo=round(lng_units / FINAL_LNG_PRECISION, 14),
        latitude_hi=round((lat_units + lat_step) / FINAL_LAT_PRECISION, 14),
        longitude_hi=round((lng_units + lng_step) / FINAL_LNG_PRECISION, 14),
        code_length=len(digits),
    )


# --- short codes --------------------------------------------------------------------------


def _clip_latitude(latitude: float) -> float:
    return min(LATITUDE_MAX, max(-LATITUDE_MAX, latitude))


def _normalize_longitude(longitude: float) -> float:
    # A modulo rather than repeated +-360, so absurd inputs cannot stall the loop.
    if -LONGITUDE_MAX <= longitude < LONGITUDE_MAX:
        return longitude
    return (longitude + LONGITUDE_MAX) % (2 * LONGITUDE_MAX) - LONGITUDE_MAX


def _check_reference(lat: float, lon: float) -> None:
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise InvalidPlusCode("pluscode.reference_not_finite", latitude=lat, longitude=lon)


def shorten(code: str, lat: float, lon: float) -> str:
    """Drop leading digits of a full code that a nearby reference location implies.

    Removes four, six or eight digits when the reference lies well within (0.3 of) the cell
    they describe, so that a slightly different reference still recovers the same code;
    returns the code unchanged (upper-cased) when the reference is too far.
    """
    _refuse(code, why_not_full(code))
    if PADDING in code:
        raise InvalidPlusCode("pluscode.padded_shorten", field="code", value=code)
    _check_reference(lat, lon)
    code = code.upper()
    area = decode(code)
    if area.code_length < MIN_TRIMMABLE_CODE_LENGTH:
        raise InvalidPlusCode(
            "pluscode.too_short_to_shorten",
            field="code",
            value=code,
            digits=area.code_length,
            minimum=MIN_TRIMMABLE_CODE_LENGTH,
        )
    distance = max(
        abs(area.latitude_center - _clip_latitude(lat)),
        abs(area.longitude_center - _normalize_longitude(lon)),
    )
    for index in range(len(PAIR_RESOLUTIONS) - 2, 0, -1):
        # 0.3 rather than 0.5 of the cell leaves a margin for a reference that moves a bit.
        if distance < PAIR_RESOLUTIONS[index] * 0.3:
            return code[(index + 1) * 2 :]
    return code


def recover_nearest(short_code: str, ref_lat: float, ref_lon: float) -> str:
    """The full code nearest to a reference location that ends with ``short_code``.

    A full code is returned upper-cased and otherwise unchanged.
    """
    if is_full(short_code):
        return short_code.upper()
    if not is_short(short_code):
        _refuse(short_code, why_invalid(short_code) or ("pluscode.neither_full_nor_short", {}))
    _check_reference(ref_lat, ref_lon)
    ref_lat = _clip_latitude(ref_lat)
    ref_lon = _normalize_longitude(ref_lon)
    code = short_code.upper()
    padding_length = SEPARATOR_POSITION - code.index(SEPARATOR)
    # Size of the cell the missing digits describe, and half of it.
    resolution = float(ENCODING_BASE ** (2 - padding_length / 2))
    half = resolution / 2
    area = decode(encode(ref_lat, ref_lon)[:padding_length] + code)
    lat_center, lng_center = area.latitude_center, area.longitude_center
    # The candidate shares the reference's leading digits; if it is more than half a cell
    # away, the neighbouring cell's code (same trailing digits) is nearer. Never past a pole.
    if ref_lat + half < lat_center and lat_center - resolution >= -LATITUDE_MAX:
        lat_center -= resolution
    elif ref_lat - half > lat_center and lat_center + resolution <= LATITUDE_MAX:
        lat_center += resolution
    if ref_lon + half < lng_center:
        lng_center -= resolution
    elif ref_lon - half > lng_center:
        lng_center += resolution
    return encode(lat_center, lng_center, area.code_length)
