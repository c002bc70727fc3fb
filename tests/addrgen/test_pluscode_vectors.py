"""Open Location Code conformance: the official test vectors, one test per CSV row.

The CSV files are the OLC project's ``test_data/`` (kept beside the repository, not copied into
it). A missing folder skips these tests with a message, except under CI, where it fails.
"""

from __future__ import annotations

import csv
import os
from pathlib import Path
from typing import Any

import pytest

from addrgen.errors import InvalidPlusCode
from addrgen.pluscode import (
    _location_to_integers,
    decode,
    encode,
    is_full,
    is_short,
    is_valid,
    recover_nearest,
    shorten,
)

OLC_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "oracles" / "olc"


def _rows(name: str) -> list[Any]:
    """One ``pytest.param`` per data row of ``name``, with the file and line in its id."""
    path = OLC_DIR / name
    if not path.is_file():
        missing = f"OLC oracles are missing: {path} not found (CI has them)"
        return [pytest.param([], id=f"{name}-missing", marks=pytest.mark.skip(reason=missing))]
    params = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            row = next(csv.reader([line]))
            params.append(pytest.param(row, id=f"{Path(name).stem}-L{line_number}-{row[0]}"))
    return params


@pytest.mark.skipif(not os.environ.get("CI"), reason="only CI is sure to have ../shared")
@pytest.mark.parametrize(
    "name", ["encoding.csv", "decoding.csv", "validityTests.csv", "shortCodeTests.csv"]
)
def test_oracles_are_there_in_ci(name: str) -> None:
    """In CI the conformance tests must not silently turn into skips."""
    assert (OLC_DIR / name).is_file(), f"{OLC_DIR / name} is missing"


@pytest.mark.parametrize("row", _rows("encoding.csv"))
def test_encoding(row: list[str]) -> None:
    # Older files: lat,lng,length,expected. Newer ones add the integer forms:
    # lat,lng,latInt,lngInt,length,expected.
    if len(row) == 6:
        lat, lng, lat_int, lng_int, length, expected = row
    else:
        lat, lng, length, expected = row
        lat_int = lng_int = ""
    if not expected:
        with pytest.raises(InvalidPlusCode):
            encode(float(lat), float(lng), int(length))
        return
    assert encode(float(lat), float(lng), int(length)) == expected
    if lat_int and lng_int:
        # The file's integers count from (0, 0); ours count from the south-west corner.
        lat_value, lng_value = _location_to_integers(float(lat), float(lng))
        assert lat_value - 90 * 25_000_000 == int(lat_int)
        assert lng_value - 180 * 8_192_000 == int(lng_int)


@pytest.mark.parametrize("row", _rows("decoding.csv"))
def test_decoding(row: list[str]) -> None:
    code, length, lat_lo, lng_lo, lat_hi, lng_hi = row
    area = decode(code)
    assert area.code_length == int(length)
    assert area.latitude_lo == pytest.approx(float(lat_lo), abs=1e-10)
    assert area.longitude_lo == pytest.approx(float(lng_lo), abs=1e-10)
    assert area.latitude_hi == pytest.approx(float(lat_hi), abs=1e-10)
    assert area.longitude_hi == pytest.approx(float(lng_hi), abs=1e-10)


@pytest.mark.parametrize("row", _rows("validityTests.csv"))
def test_validity(row: list[str]) -> None:
    code, valid, short, full = row
    assert is_valid(code) is (valid == "true")
    assert is_short(code) is (short == "true")
    assert is_full(code) is (full == "true")
    if full != "true":
        with pytest.raises(InvalidPlusCode):
            decode(code)


@pytest.mark.parametrize("row", _rows("shortCodeTests.csv"))
def test_short_codes(row: list[str]) -> None:
    full, lat, lng, short, test_type = row
    if test_type in ("S", "B"):
        assert shorten(full, float(lat), float(lng)) == short
    if test_type in ("R", "B"):
        assert recover_nearest(short, float(lat), float(lng)) == full
