"""Writing checked candidates as registered points in one go: bulk inserts with the indexes set
aside for large imports, plus codes computed for all at once, and the event that names them.

Split from :mod:`gis.ingest.candidates` (which checks the rows) so each stays one concern."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sqlalchemy import Connection, func, select

from addrgen.pluscode import encode_many
from gis.ingest.candidates import Candidates
from gis.registry.communes import Commune
from gis.spatial.geometry import VillageIndex
from gis.storage.bulk import (
    bind,
    bulk_insert,
    indexes_set_aside,
    refresh_statistics,
    reserve_ids,
    sql_literal,
)
from gis.storage.events import log_event, now
from gis.storage.schema import points

__all__ = ["POINT_COLUMNS", "id_ranges", "insert_candidates"]

WRITE_CHUNK = 100_000  # rows built and inserted at a time


POINT_COLUMNS = (
    "id",
    "commune_id",
    "village_id",
    "kind",
    "name",
    "house_number",
    "street",
    "phone",
    "lon",
    "lat",
    "plus_code",
    "status",
    "needs_review",
    "ref",
    "national_code",
    "created_at",
    "updated_at",
)


def insert_candidates(
    conn: Connection, c: Candidates, commune: Commune, index: VillageIndex, *, actor: str
) -> list[int]:
    """Write the good, new rows as registered points, each with its event; returns their ids."""
    todo = np.flatnonzero(c.to_write)
    if len(todo) == 0:
        return []
    n = len(todo)
    ids = reserve_ids(conn, points, n)
    at = bind(conn, points, "created_at", now())
    # SQLite numbers a row given no id max(id) + 1: exactly the ids reserve_ids took (the write
    # lock is ours), without binding one per row — a seventh of the insert's bound values.
    implicit = conn.dialect.name == "sqlite"
    tally = _tally(conn, c, todo, index, commune)
    # POINT_COLUMNS has no code or serial: the new rows are outside the partial indexes.
    with indexes_set_aside(conn, points, n, tally=tally, keep_partial=True):
        # A part at a time, all in the caller's transaction: a million rows' tuples and values at
        # once were 250 MB; a part's are freed before the next part's are made.
        for start in range(0, n, WRITE_CHUNK):
            part = slice(start, start + WRITE_CHUNK)
            values, shared = _point_values(conn, c, todo[part], index, ids[part], commune, at)
            bound = {k: v for k, v in values.items() if not (implicit and k == "id")}
            # Column by column, zipped in C: the rows are built without a Python loop per row.
            rows = list(zip(*bound.values(), strict=True))
            bulk_insert(conn, points, list(bound), rows, constants=shared)
            del rows, bound
        if implicit:
            _check_last_id(conn, ids[-1])
    refresh_statistics(conn, points, n)
    _log_registered(conn, c, ids, values, shared, actor=actor)
    return ids


def _check_last_id(conn: Connection, expected: int) -> None:
    """The ids SQLite gave end where reserve_ids said: the events and the report name them.
    An index probe; were it ever otherwise, the write is undone rather than misnamed."""
    last = conn.execute(select(func.max(points.c.id))).scalar_one()
    if last != expected:
        raise RuntimeError(f"points were numbered up to {last}, not {expected}")


def _tally(
    conn: Connection, c: Candidates, todo: NDArray[np.intp], index: VillageIndex, commune: Commune
) -> list[tuple[object, ...]]:
    """The coverage counts of the new points (gis.storage.bulk.COVERAGE_KEY and a count): per
    village and kind, all registered and not to review (as _point_values writes them)."""
    kind_codes, kinds = pd.factorize(np.array(c.kind, dtype=object)[todo])
    # Village and kind as one number, counted by one sort of integers.
    keys, counts = np.unique(
        index.ids[c.village_pos[todo]] * len(kinds) + kind_codes, return_counts=True
    )
    review = bind(conn, points, "needs_review", False)
    return [
        (commune.id, key // len(kinds), str(kinds[key % len(kinds)]), "registered", review, n)
        for key, n in zip(keys.tolist(), counts.tolist(), strict=True)
    ]


def _point_values(
    conn: Connection,
    c: Candidates,
    todo: NDArray[np.intp],
    index: VillageIndex,
    ids: list[int],
    commune: Commune,
    at: object,
) -> tuple[dict[str, Sequence[object]], dict[str, object]]:
    """The columns of the new points at ``todo`` (``at``: their time, bound): those that vary
    (one value per point) and those shared by all."""
    n = len(todo)
    first = int(todo[0])
    # A run of rows (every row good, the usual case) is a slice; else the rows one by one.
    idx = slice(first, first + n) if int(todo[-1]) - first + 1 == n else todo.tolist()

    def pick(column: Sequence[str | None]) -> Sequence[object]:
        return column[idx] if isinstance(idx, slice) else [column[i] for i in idx]

    values: dict[str, Sequence[object]] = {
        "id": ids,
        "village_id": index.ids[c.village_pos[todo]].tolist(),
        "kind": pick(c.kind),
        "name": pick(c.name),
        "house_number": pick(c.house_number),
        "street": pick(c.street),
        "phone": pick(c.phone),
        "lon": c.lon[todo].tolist(),
        "lat": c.lat[todo].tolist(),
        "plus_code": encode_many(c.lat[todo], c.lon[todo]).tolist(),
        "ref": pick(c.ref),
        "national_code": pick(c.national_code),
    }
    shared: dict[str, object] = {
        "commune_id": commune.id,
        "status": "registered",
        "needs_review": bind(conn, points, "needs_review", False),
        "created_at": at,
        "updated_at": at,
    }
    # A text column with one value throughout (every kind "household", no phone numbers) is
    # written into the statement once rather than bound half a million times.
    for name in ("kind", "name", "house_number", "street", "phone", "national_code"):
        column = values[name]
        if name == "national_code" and all(v is None for v in column):
            # Rarely given: left to the column's NULL, not written (nor read back) at all.
            values.pop(name)
        elif sql_literal(column[0]) is not None and column.count(column[0]) == n:
            shared[name] = values.pop(name)[0]
    return values, shared


def _log_registered(
    conn: Connection,
    c: Candidates,
    ids: list[int],
    values: dict[str, Sequence[object]],
    shared: dict[str, object],
    *,
    actor: str,
) -> None:
    if len(ids) == 1:
        record = {k: values[k][0] if k in values else shared.get(k) for k in POINT_COLUMNS}
        log_event(
            conn,
            actor=actor,
            action="point.register",
            entity="point",
            entity_id=ids[0],
            after={k: v for k, v in record.items() if k != "id"}
            | {"created_at": None, "updated_at": None, "source": c.file},
        )
    else:
        # One event names every point a bulk import registered (as id ranges): the audit
        # trail stays complete while a province's import writes one event, not half a million.
        log_event(
            conn,
            actor=actor,
            action="points.import",
            entity="import",
            entity_id=None,
            after={"source": c.file, "count": len(ids), "point_ids": id_ranges(ids)},
        )


def id_ranges(ids: Sequence[int]) -> list[list[int]]:
    """[1, 2, 3, 7, 8] → [[1, 3], [7, 8]]."""
    if len(ids) == 0:
        return []
    arr = np.asarray(ids, dtype=np.int64)
    breaks = np.flatnonzero(np.diff(arr) != 1) + 1
    starts = arr[np.concatenate([[0], breaks])]
    ends = arr[np.concatenate([breaks - 1, [len(arr) - 1]])]
    return [[int(a), int(b)] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]
