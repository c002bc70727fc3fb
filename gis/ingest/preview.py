"""What an import would do, shown before it does it (issue 14): how the file was read (type,
encoding, delimiter, sheet, header row, layer, columns), where the positions come from and in
which coordinate system, how a few rows' cells were read, the counts and every problem.

Data only: the faces say it in words (the CLI's `points import --dry-run`, the officer's
console). Only a dry run builds one, from what the checks computed anyway, and it reads a few
rows again: a real import never pays for it."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from gis.ingest.candidates import Candidates
from gis.ingest.coordinates import PLAUSIBLE
from gis.ingest.crs import parse_numbers
from gis.ingest.report import ImportReport
from gis.ingest.sources import Detected, SourceTable

__all__ = [
    "MAP_BAD",
    "MAP_GOOD",
    "SAMPLE_ROWS",
    "CellReading",
    "ImportPreview",
    "MapPositions",
    "SampleRow",
    "build_preview",
]

#: How many good rows the preview shows cell by cell: enough to see a misread column.
SAMPLE_ROWS = 5
#: How many rows' positions the preview's map shows at most: an even sample of the good rows
#: and the first bad ones, so that a page of 50,000 rows stays light in the browser.
MAP_GOOD = 2_000
MAP_BAD = 1_000


@dataclass(frozen=True)
class MapPositions:
    """Where the rows fall (WGS 84), for the preview's map: ``bad`` marks a bad row that has a
    position; ``good_total`` and ``bad_total`` count every row with one, shown or not."""

    rows: tuple[int | None, ...]
    lat: tuple[float, ...]
    lon: tuple[float, ...]
    bad: tuple[bool, ...]
    good_total: int
    bad_total: int


@dataclass(frozen=True)
class CellReading:
    """One cell and what the import read from it."""

    field: str  # what it gives the point: "latitude", "easting", "kind", "name", "ref", …
    column: str
    raw: str  # the cell as the file has it
    # A coordinate as a number (before any reprojection), a kind's stored value, a text
    # cleaned (NFC, trimmed); None for an empty cell.
    value: float | str | None


@dataclass(frozen=True)
class SampleRow:
    row: int | None  # as a person numbers it (the header is row 1)
    cells: tuple[CellReading, ...]
    lat: float  # the position as registered: WGS 84
    lon: float


@dataclass(frozen=True)
class ImportPreview:
    """``report`` is what the import would do (``imported``: the rows it would write, 0 when
    bad rows would refuse it); ``detected`` how the file was read; ``samples`` the first good
    rows' cells as read."""

    report: ImportReport
    detected: Detected
    samples: tuple[SampleRow, ...]
    positions: MapPositions | None = None  # not in as_dict: the CLI's JSON stays as it was

    def as_dict(self) -> dict[str, Any]:
        """The preview as JSON-ready data, its field names stable (docs/reference.md); the
        problems without their words, which a face adds in its language."""
        r = self.report
        coordinates = None
        if r.coordinates is not None:
            coordinates = {"mode": r.coordinates.mode, "x": r.coordinates.x, "y": r.coordinates.y}
        return {
            "file": r.file,
            "detected": {**asdict(self.detected), "columns": list(self.detected.columns)},
            "coordinates": coordinates,
            "crs": r.crs,
            "columns": dict(r.columns),
            "counts": {
                "rows": r.rows,
                "would_import": r.imported,
                "unchanged": r.unchanged,
                "bad_rows": r.bad_rows,
                "warnings": len(r.warnings),
                "notes": len(r.notes),
            },
            "samples": [
                {
                    "row": s.row,
                    "lat": s.lat,
                    "lon": s.lon,
                    "cells": [asdict(c) for c in s.cells],
                }
                for s in self.samples
            ],
            "problems": [
                {
                    "file": p.file,
                    "row": p.row,
                    "field": p.field,
                    "value": p.value,
                    "severity": p.severity,
                    "code": p.code,
                    "params": dict(p.params),
                }
                for p in r.problems
            ],
        }


def build_preview(table: SourceTable, cands: Candidates, report: ImportReport) -> ImportPreview:
    """The preview of an import whose rows ``cands`` were checked into ``report``."""
    good = np.flatnonzero(~cands.bad)[:SAMPLE_ROWS]
    read = {
        (field, column): _values(cands, field, table.frame[column].iloc[good], good)
        for field, column in _read_columns(report)
    }
    samples = []
    for k, i in enumerate(good.tolist()):
        cells = tuple(
            CellReading(field, column, raws[k], values[k])
            for (field, column), (raws, values) in read.items()
        )
        samples.append(SampleRow(cands.rows[i], cells, float(cands.lat[i]), float(cands.lon[i])))
    return ImportPreview(
        report=report,
        detected=table.detected,
        samples=tuple(samples),
        positions=_positions(cands),
    )


def _positions(cands: Candidates) -> MapPositions:
    """The rows with a position a map can show: every good one up to :data:`MAP_GOOD` (else an
    even sample of them), then the bad ones up to :data:`MAP_BAD`."""
    lat, lon = cands.lat, cands.lon
    on_earth = np.isfinite(lat) & np.isfinite(lon) & (np.abs(lat) <= 90) & (np.abs(lon) <= 180)
    good = np.flatnonzero(on_earth & ~cands.bad)
    bad = np.flatnonzero(on_earth & cands.bad)
    if len(good) > MAP_GOOD:
        good = good[np.linspace(0, len(good) - 1, MAP_GOOD).astype(np.intp)]
    shown = np.concatenate([good, bad[:MAP_BAD]]).tolist()
    return MapPositions(
        rows=tuple(cands.rows[i] for i in shown),
        lat=tuple(lat[shown].tolist()),
        lon=tuple(lon[shown].tolist()),
        bad=tuple(bool(b) for b in cands.bad[shown].tolist()),
        good_total=int(np.count_nonzero(on_earth & ~cands.bad)),
        bad_total=len(bad),
    )


def _read_columns(report: ImportReport) -> list[tuple[str, str]]:
    """(field, column) for each column the import read, the coordinates first (y before x:
    latitude, longitude as people say them)."""
    cols = report.coordinates
    out: list[tuple[str, str]] = []
    if cols is not None and cols.mode != "pair":  # a pair's cell: its position line says it
        y, x = ("latitude", "longitude") if cols.mode == "geographic" else ("northing", "easting")
        out += [(y, cols.y), (x, cols.x)]
    return out + list(report.columns.items())


def _values(
    cands: Candidates, field: str, cells: pd.Series, rows: NDArray[np.intp]
) -> tuple[list[str], list[float | str | None]]:
    """The cells as the file has them, and as the import read them: coordinates by the very
    function the import uses, the other fields as the candidates hold them."""
    raws = [str(v) for v in cells.tolist()]
    if field not in PLAUSIBLE:
        column = getattr(cands, field)
        return raws, [column[i] for i in rows.tolist()]
    low, high = PLAUSIBLE[field]
    numbers = parse_numbers(cells, lambda v: low <= v <= high)[0]
    return raws, [float(v) if np.isfinite(v) else None for v in numbers.tolist()]
