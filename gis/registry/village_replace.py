"""Replacing village outlines (`villages import --replace`) as a dated reorganisation.

A new outline moves the points that now fall in another village to that village, and only
those; a point's code never changes (codes are permanent), and a point the new outlines leave
outside every village stays where it was, reported. The reorganisation's change rows keep each
old outline and each point's old village, so `communes undo` takes it back like a merge.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, select, update

from gis.errors import Problem
from gis.registry.communes import Commune
from gis.registry.reorg.checks import refuse_earlier
from gis.registry.reorg.journal import (
    Change,
    open_reorg,
    outline_columns,
    record_reorg,
    village_snapshot,
)
from gis.spatial.geometry import VillageIndex
from gis.storage.events import now
from gis.storage.schema import points, villages

__all__ = ["PointMove", "replace_outlines"]


@dataclass(frozen=True)
class PointMove:
    """A point whose village changed with the new outlines (its code did not)."""

    point_id: int
    code: str | None
    ref: str | None
    before: str
    after: str


def replace_outlines(
    conn: Connection,
    commune: Commune,
    *,
    file: str,
    outlines: Sequence[tuple[str, BaseGeometry]],
    effective: date,
    actor: str,
    problems: list[Problem],
) -> list[PointMove]:
    """Give the named (registered) villages their new outlines from ``effective``, move the
    points that now lie in another village, and record it all as one reorganisation."""
    rows = {
        r.name: r for r in conn.execute(select(villages).where(villages.c.commune_id == commune.id))
    }
    changed = [(rows[name], geom) for name, geom in outlines]
    refuse_earlier(conn, [("village", r.id) for r, _ in changed], effective)
    reorg_id = open_reorg(conn, "village.boundary", effective, actor, now())
    changes: list[Change] = []
    for row, geom in changed:
        changes.append(("village", row.id, "boundary", village_snapshot(row, []), None))
        conn.execute(update(villages).where(villages.c.id == row.id).values(outline_columns(geom)))
    moves = _move_points(conn, commune, file=file, problems=problems)
    changes += [
        ("point", m.point_id, "village_id", _id(rows, m.before), _id(rows, m.after)) for m in moves
    ]
    record_reorg(
        conn,
        reorg_id,
        summary=f"{commune.name}: new outline of {', '.join(r.name for r, _ in changed)}",
        details={
            "commune_id": commune.id,
            "file": file,
            "villages": [{"id": r.id, "name": r.name} for r, _ in changed],
            "points_moved": len(moves),
        },
        changes=changes,
    )
    return moves


def _id(rows: dict[str, Any], name: str) -> int:
    return int(rows[name].id)


def _move_points(
    conn: Connection, commune: Commune, *, file: str, problems: list[Problem]
) -> list[PointMove]:
    """Every point of the commune located again in the new outlines (registry order decides a
    shared border, as at import); the ones whose village changed are moved and returned."""
    vrows = conn.execute(
        select(villages.c.id, villages.c.name, villages.c.boundary_wkb)
        .where(villages.c.commune_id == commune.id)
        .order_by(villages.c.ordinal)
    ).all()
    # Shapely's index even on PostGIS: the new outlines are written in this transaction, and
    # the same index rule decides every point, whichever backend.
    index = VillageIndex.build(
        [int(v.id) for v in vrows],
        [v.name for v in vrows],
        [shapely.from_wkb(v.boundary_wkb) for v in vrows],
    )
    prow = conn.execute(
        select(
            points.c.id,
            points.c.code,
            points.c.ref,
            points.c.village_id,
            points.c.lon,
            points.c.lat,
        )
        .where(points.c.commune_id == commune.id)
        .order_by(points.c.id)
    ).all()
    if not prow:
        return []
    found = index.locate(
        np.array([p.lon for p in prow], dtype=np.float64),
        np.array([p.lat for p in prow], dtype=np.float64),
    )
    name_of = {int(v.id): v.name for v in vrows}
    moves = []
    for p, pos in zip(prow, found.tolist(), strict=True):
        before = name_of[int(p.village_id)]
        if pos < 0:
            problems.append(
                Problem(
                    file, None, "geometry", p.code or p.ref, "villages.point_left_outside",
                    {"point": p.code or f"#{p.id}", "village": before}, severity="warning",
                )
            )  # fmt: skip
            continue
        new_id = int(index.ids[pos])
        if new_id != int(p.village_id):
            conn.execute(update(points).where(points.c.id == p.id).values(village_id=new_id))
            moves.append(PointMove(int(p.id), p.code, p.ref, before, name_of[new_id]))
    return moves
