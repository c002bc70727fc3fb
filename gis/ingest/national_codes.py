"""A re-import's national codes: a row that is a registered point again (by reference, code or
position: gis.ingest.neighbours) and carries a national platform code sets that point's code,
in the import's transaction, with an event per point as an officer's edit writes.

An empty cell leaves the point's code as it is (a sheet without the column for some rows does
not clear what an officer typed); a retired point is left as it is, as an edit would refuse it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sqlalchemy import Connection, bindparam, select, update

from gis.ingest.candidates import Candidates, NationalCodeChange
from gis.storage.events import log_events, now
from gis.storage.schema import points

__all__ = ["NationalCodeChange", "find_national_codes", "write_national_codes"]

# The event an officer's edit of a point writes (gis.registry.points.edit_point): the history
# shows a re-import's change of a code as that edit.
EDIT = "point.edit"
CHUNK = 500  # ids per IN list (SQLite's variable limit, PostgreSQL's plan size)


def find_national_codes(conn: Connection, c: Candidates, column: str | None) -> int:
    """Note in ``c.national_changes`` the registered points whose national code the file
    changes (``column``: the file's national code column, None: none); their number."""
    c.national_changes = _changes(conn, c, column) if column else []
    return len(c.national_changes)


def _changes(conn: Connection, c: Candidates, column: str) -> list[NationalCodeChange]:
    """Two rows that are one point with different codes: the later row is refused, naming the
    first (which code is right is the officer's to say)."""
    rows = np.flatnonzero(c.unchanged & ~c.bad & (c.matched >= 0))
    given = {i: code for i in rows.tolist() if (code := c.national_code[i])}
    if not given:
        return []  # no code in the matched rows (the usual re-import): no query
    current = _current(conn, sorted({int(c.matched[i]) for i in given}))
    first: dict[int, int] = {}
    changes: dict[int, NationalCodeChange] = {}
    for i, code in given.items():
        point_id = int(c.matched[i])
        if point_id not in current:
            continue  # retired
        if point_id in first:
            other = first[point_id]
            if c.national_code[other] != code:
                c.unchanged[i] = False  # refused, not "already registered"
                c.reject(i, column, code, "import.national_code_twice", other_row=c.rows[other])
            continue
        first[point_id] = i
        before = current[point_id]
        if before != code:
            changes[point_id] = NationalCodeChange(point_id, before, code)
    return [changes[p] for p in sorted(changes)]


def _current(conn: Connection, ids: list[int]) -> dict[int, str | None]:
    """The national code of each point of ``ids`` that is not retired."""
    out: dict[int, str | None] = {}
    for start in range(0, len(ids), CHUNK):
        found = conn.execute(
            select(points.c.id, points.c.national_code).where(
                points.c.id.in_(ids[start : start + CHUNK]), points.c.status != "retired"
            )
        )
        out.update({r.id: r.national_code for r in found})
    return out


def write_national_codes(
    conn: Connection, changes: Sequence[NationalCodeChange], *, actor: str
) -> None:
    """The changes in one executemany, each with its ``point.edit`` event (the history an
    officer's edit of the code leaves)."""
    if not changes:
        return
    at = now()
    conn.execute(
        update(points)
        .where(points.c.id == bindparam("point_id"))
        .values(national_code=bindparam("new_code"), updated_at=at),
        [{"point_id": ch.point_id, "new_code": ch.after} for ch in changes],
    )
    log_events(
        conn,
        [
            {
                "at": at,
                "actor": actor,
                "action": EDIT,
                "entity": "point",
                "entity_id": ch.point_id,
                "before": {"national_code": ch.before},
                "after": {"national_code": ch.after},
            }
            for ch in changes
        ],
    )
