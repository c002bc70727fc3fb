"""Recording a reorganisation: its row, the change rows it can be taken back with, the
commune history it writes, and the event.

A reorganisation is one row of `reorganisations` and one row of `reorg_changes` per field it
changed (before and after); `timeline` reads them back to find an earlier address, `undo` to take
a reorganisation back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, insert, select, update

from gis.registry.communes import Commune
from gis.registry.reorg.timeline import as_date
from gis.storage.events import log_event
from gis.storage.schema import commune_history, reorg_changes, reorganisations

__all__ = [
    "Change",
    "open_reorg",
    "outline_columns",
    "record_history",
    "record_reorg",
    "village_snapshot",
]

Change = tuple[str, int, str, Any, Any]  # entity, id, field, before, after


def open_reorg(conn: Connection, kind: str, effective: date, actor: str, at: datetime) -> int:
    """The reorganisation's row, first, so that what it writes can name it."""
    return int(
        conn.execute(
            insert(reorganisations)
            .values(
                kind=kind, effective=effective, summary="", details={}, actor=actor, created_at=at
            )
            .returning(reorganisations.c.id)
        ).scalar_one()
    )


def record_reorg(
    conn: Connection,
    reorg_id: int,
    *,
    summary: str,
    details: dict[str, Any],
    changes: Sequence[Change],
) -> None:
    """Complete the reorganisation's row (summary, details), write its change rows and log the
    event, once its writes are done."""
    row = conn.execute(select(reorganisations).where(reorganisations.c.id == reorg_id)).one()
    details = {**details, "reorg_id": reorg_id}
    conn.execute(
        update(reorganisations)
        .where(reorganisations.c.id == reorg_id)
        .values(summary=summary, details=details)
    )
    if changes:
        conn.execute(
            insert(reorg_changes),
            [
                {
                    "reorg_id": reorg_id,
                    "effective": row.effective,
                    "entity": e,
                    "entity_id": i,
                    "field": f,
                    "before": b,
                    "after": a,
                }
                for e, i, f, b, a in changes
            ],
        )
    log_event(
        conn,
        actor=row.actor,
        action=row.kind,
        entity="reorganisation",
        entity_id=reorg_id,
        after={"effective": as_date(row.effective).isoformat(), "summary": summary, **details},
        at=row.created_at,
    )


def record_history(
    conn: Connection,
    reorg_id: int,
    commune_id: int,
    effective: date,
    action: str,
    state: Commune,
    details: dict[str, Any],
) -> None:
    """A row of the commune's dated history (what `communes history` lists), naming the
    reorganisation so that an undo can take it back."""
    conn.execute(
        insert(commune_history).values(
            commune_id=commune_id,
            effective=effective,
            action=action,
            name=state.name,
            district=state.district,
            province=state.province,
            details={**details, "reorg_id": reorg_id},
        )
    )


def village_snapshot(row: Any, volunteers: list[int]) -> dict[str, Any]:
    """A village row as JSON (the boundary as hex WKB), to put it back on undo."""
    return {
        "name": row.name,
        "commune_id": row.commune_id,
        "ordinal": row.ordinal,
        "expected": row.expected,
        "boundary_wkb": bytes(row.boundary_wkb).hex(),
        "min_lon": row.min_lon,
        "min_lat": row.min_lat,
        "max_lon": row.max_lon,
        "max_lat": row.max_lat,
        "created_at": row.created_at.isoformat(),
        "volunteers": volunteers,
    }


def outline_columns(geom: BaseGeometry) -> dict[str, Any]:
    """A village's outline as its row stores it: the WKB and the bounding box the lookups use."""
    minx, miny, maxx, maxy = geom.bounds
    return {
        "boundary_wkb": shapely.to_wkb(geom),
        "min_lon": minx,
        "min_lat": miny,
        "max_lon": maxx,
        "max_lat": maxy,
    }
