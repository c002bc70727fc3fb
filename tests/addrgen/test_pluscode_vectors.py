"""Open Location Code conformance: the official test vectors, one test per CSV row.

The CSV files are the OLC project's ``test_data/``, copied unmodified into
``tests/addrgen/data/olc/`` (see the README there for their source and licence). They are part
of the repository, so a missing or emptied file is a failure, never a skip: a conformance test
that quietly stops running would let a plate carry a plus code that map apps read elsewhere.
"""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
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

OLC_DIR = Path(__file__).resolve().parent / "data" / "olc"
VECTOR_FILES = ("encoding.csv", "decoding.csv", "validityTests.csv", "shortCodeTests.csv")


@dataclass(frozen=True)
class Vector:
    """One data row of a vector file, where it came from, and its fields (``line`` 0: none)."""

    file: Path
    line: int
    fields: tuple[str, ...]


def _read(name: str) -> list[Vector]:
    """The data rows of ``name``; a missing file, or one without data rows, gives one row that
    has no line (``_fields`` fails its test)."""
    path = OLC_DIR / name
    if not path.is_file():
        return [Vector(path, 0, ())]
    vectors = []
    with path.open(newline="", encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if line.startswith("#") or not line.strip():
                continue
            vectors.append(Vector(path, line_number, tuple(next(csv.reader([line])))))
    return vectors or [Vector(path, 0, ())]


def _vectors(name: str) -> list[Any]:
    """One ``pytest.param`` per data row of ``name``, with the file and line in its id."""
    stem = Path(name).stem
    return [
        pytest.param(
            v, id=f"{stem}-L{v.line}-{v.fields[0]}" if v.line else f"{stem}-missing-or-empty"
        )
        for v in _read(name)
    ]


def _fields(vector: Vector) -> tuple[str, ...]:
    """The row's fields; fails the test when its file was missing or had no data rows."""
    if not vector.line:
        state = "has no data rows" if vector.file.is_file() else "is missing"
        pytest.fail(f"OLC test vectors: {vector.file} {state} (see tests/addrgen/data/olc/)")
    return vector.fields


def test_a_missing_vector_file_fails_rather_than_skips() -> None:
    [vector] = _read("no-such-file.csv")
    with pytest.raises(pytest.fail.Exception, match="is missing"):
        _fields(vector)


def test_the_vector_files_are_unmodified() -> None:
    """The files hash to the SHA-256 sums recorded in the folder's README when they were copied."""
    readme = (OLC_DIR / "README.md").read_text(encoding="utf-8")
    sums = re.findall(r"^([0-9a-f]{64})  (\S+)$", readme, re.MULTILINE)
    recorded = {name: digest for digest, name in sums}
    assert sorted(recorded) == sorted(VECTOR_FILES)
    for name, digest in recorded.items():
        actual = hashlib.sha256((OLC_DIR / name).read_bytes()).hexdigest()
        assert actual == digest, f"{name} differs from the upstream copy recorded in README.md"


@pytest.mark.parametrize("vector", _vectors("encoding.csv"))
def test_encoding(vector: Vector) -> None:
    row = _fields(vector)
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


@pytest.mark.parametrize("vector", _vectors("decoding.csv"))
def test_decoding(vector: Vector) -> None:
    code, length, lat_lo, lng_lo, lat_hi, lng_hi = _fields(vector)
    area = decode(code)
    assert area.code_length == int(length)
    assert area.latitude_lo == pytest.approx(float(lat_lo), abs=1e-10)
    assert area.longitude_lo == pytest.approx(float(lng_lo), abs=1e-10)
    assert area.latitude_hi == pytest.approx(float(lat_hi), abs=1e-10)
    assert area.longitude_hi == pytest.approx(float(lng_hi), abs=1e-10)


@pytest.mark.parametrize("vector", _vectors("validityTests.csv"))
def test_validity(vector: Vector) -> None:
    code, valid, short, full = _fields(vector)
    assert is_valid(code) is (valid == "true")
    assert is_short(code) is (short == "true")
    assert is_full(code) is (full == "true")
    if full != "true":
        with pytest.raises(InvalidPlusCode):
            decode(code)


@pytest.mark.parametrize("vector", _vectors("shortCodeTests.csv"))
def test_short_codes(vector: Vector) -> None:
    full, lat, lng, short, test_type = _fields(vector)
    if test_type in ("S", "B"):
        assert shorten(full, float(lat), float(lng)) == short
    if test_type in ("R", "B"):
        assert recover_nearest(short, float(lat), float(lng)) == full
