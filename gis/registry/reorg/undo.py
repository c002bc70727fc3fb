"""Taking back a wrongly entered reorganisation, and what it is refused for: plates printed
under it, codes issued in a commune it made, or a later reorganisation that builds on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from gis.errors import Conflict, InvalidInput, NotFound
from gis.registry.reorg.timeline import (
    Reorganisation,
    as_date,
    reorganisation,
    stored_summary,
)
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import (
    batch_items,
    batches,
    code_counters,
    commune_history,
    communes,
    points,
    reorg_changes,
    reorganisations,
    user_villages,
    users,
    villages,
)

__all__ = ["undo_reorganisation"]


def undo_reorganisation(registry: Registry, reorg_id: int, *, actor: str) -> Reorganisation:
    """Take back a wrongly entered reorganisation: refused once plates were printed under it
    (or codes issued in a commune it made), or when a later one builds on it."""
    with registry.write() as conn:
        row = conn.execute(select(reorganisations).where(reorganisations.c.id == reorg_id)).first()
        if row is None:
            raise NotFound("reorg.not_found", field="reorg_id", value=reorg_id)
        if row.undone_at is not None:
            raise InvalidInput("reorg.already_undone", field="reorg_id", value=reorg_id)
        changes = conn.execute(
            select(reorg_changes)
            .where(reorg_changes.c.reorg_id == reorg_id)
            .order_by(reorg_changes.c.id.desc())
        ).all()
        _refuse_later(conn, row, changes)
        _refuse_printed(conn, row, changes)
        at = now()
        if row.kind in ("village.merge", "village.boundary"):  # outlines kept as snapshots
            changes = _restore_villages(conn, changes)
        # One update per unit with all its fields: a village goes back to its commune and its
        # ordinal at once (one field at a time could meet another village's ordinal).
        undo: dict[tuple[str, int], dict[str, Any]] = {}
        for ch in changes:
            undo.setdefault((ch.entity, int(ch.entity_id)), {})[ch.field] = ch.before
        # A merger's namespaced references go back once the points are back in their former
        # communes: in the merged one two of them would hold the same reference at once.
        later = {k: v for k, v in undo.items() if row.kind == "commune.merge" and k[0] == "point"}
        for (entity, entity_id), values in undo.items():
            if (entity, entity_id) in later:
                continue
            if values.get("district_from"):  # JSON holds the date as text
                values["district_from"] = as_date(values["district_from"])
            table = {"commune": communes, "village": villages, "point": points}[entity]
            conn.execute(update(table).where(table.c.id == entity_id).values(values))
        _drop_history(conn, reorg_id)
        if row.kind == "commune.merge":
            _unmerge(conn, row.details)
        for (_, point_id), values in later.items():
            conn.execute(update(points).where(points.c.id == point_id).values(values))
        conn.execute(
            update(reorganisations)
            .where(reorganisations.c.id == reorg_id)
            .values(undone_at=at, undone_by=actor)
        )
        log_event(
            conn,
            actor=actor,
            action="reorg.undo",
            entity="reorganisation",
            entity_id=reorg_id,
            before={"kind": row.kind, "summary": row.summary},
            at=at,
        )
        return reorganisation(row, at)


def _restore_villages(conn: Connection, changes: Sequence[Any]) -> list[Any]:
    """Undo of a village merge, first part: the merged villages back (same ids), the target's
    outline back; returns the other changes, for the generic undo."""
    rest = []
    for ch in changes:
        if ch.entity != "village" or ch.field not in ("removed", "boundary"):
            rest.append(ch)
            continue
        snap = dict(ch.before)
        volunteers = snap.pop("volunteers")
        snap["boundary_wkb"] = bytes.fromhex(snap["boundary_wkb"])
        snap["created_at"] = datetime.fromisoformat(snap["created_at"])
        if ch.field == "boundary":
            snap.pop("created_at")
            conn.execute(update(villages).where(villages.c.id == ch.entity_id).values(**snap))
            continue
        conn.execute(insert(villages).values(id=ch.entity_id, **snap))
        if volunteers:
            conn.execute(
                insert(user_villages),
                [{"user_id": u, "village_id": ch.entity_id} for u in volunteers],
            )
    return rest


def _drop_history(conn: Connection, reorg_id: int) -> None:
    """The commune_history rows a reorganisation wrote (matched in Python: JSON paths differ
    between the databases)."""
    rows = conn.execute(select(commune_history.c.id, commune_history.c.details)).all()
    ids = [r.id for r in rows if (r.details or {}).get("reorg_id") == reorg_id]
    if ids:
        conn.execute(delete(commune_history).where(commune_history.c.id.in_(ids)))


def _unmerge(conn: Connection, details: dict[str, Any]) -> None:
    """After the villages went back: points and officers follow, the new commune goes."""
    new_id = int(details["into_id"])
    old_ids = [int(c["id"]) for c in details["from"]]
    for v in conn.execute(
        select(villages.c.id, villages.c.commune_id).where(villages.c.commune_id.in_(old_ids))
    ).all():
        conn.execute(
            update(points).where(points.c.village_id == v.id).values(commune_id=v.commune_id)
        )
    for uid, cid in details.get("officers", {}).items():
        conn.execute(update(users).where(users.c.id == int(uid)).values(commune_id=int(cid)))
    area = int(details["area_number"])
    conn.execute(delete(code_counters).where(code_counters.c.area_number == area))
    conn.execute(delete(communes).where(communes.c.id == new_id))


def _refuse_later(conn: Connection, row: Any, changes: Sequence[Any]) -> None:
    for ch in changes:
        later = conn.execute(
            select(reorganisations.c.id, reorganisations.c.summary)
            .join(reorg_changes, reorg_changes.c.reorg_id == reorganisations.c.id)
            .where(
                reorg_changes.c.entity == ch.entity,
                reorg_changes.c.entity_id == ch.entity_id,
                reorganisations.c.id > row.id,
                reorganisations.c.undone_at.is_(None),
            )
        ).first()
        if later is not None:
            raise Conflict(
                "reorg.later_builds_on_it",
                field="reorg_id",
                value=row.id,
                later=later.id,
                summary=stored_summary(later.summary),
            )
    if row.kind == "commune.merge":
        later_ref = conn.execute(
            select(reorganisations.c.id).where(
                reorganisations.c.id > row.id, reorganisations.c.undone_at.is_(None)
            )
        ).all()
        into = int(row.details["into_id"])
        for (rid,) in later_ref:
            touched = conn.execute(
                select(reorg_changes.c.id).where(
                    reorg_changes.c.reorg_id == rid,
                    reorg_changes.c.entity == "commune",
                    reorg_changes.c.entity_id == into,
                )
            ).first()
            if touched is not None:
                raise Conflict(
                    "reorg.merged_commune_changed", field="reorg_id", value=row.id, later=rid
                )


def _refuse_printed(conn: Connection, row: Any, changes: Sequence[Any]) -> None:
    village_ids = {int(c.entity_id) for c in changes if c.entity == "village"}
    commune_ids = {int(c.entity_id) for c in changes if c.entity == "commune"}
    if row.kind == "commune.merge":
        area = int(row.details["area_number"])
        issued = conn.execute(
            select(func.count()).select_from(points).where(points.c.area_number == area)
        ).scalar_one()
        if issued:
            raise Conflict(
                "reorg.codes_issued",
                field="reorg_id",
                value=row.id,
                issued=issued,
                area_number=area,
                commune=row.details["into"],
            )
    if commune_ids:
        village_ids |= {
            int(r[0])
            for r in conn.execute(
                select(villages.c.id).where(villages.c.commune_id.in_(sorted(commune_ids)))
            )
        }
    if not village_ids:
        return
    printed = conn.execute(
        select(func.count(), func.min(batches.c.label))
        .select_from(batch_items)
        .join(batches, batches.c.id == batch_items.c.batch_id)
        .join(points, points.c.id == batch_items.c.point_id)
        .where(
            points.c.village_id.in_(sorted(village_ids)),
            batches.c.created_at > row.created_at,
            batches.c.draft.is_(False),
        )
    ).one()
    if printed[0]:
        raise Conflict(
            "reorg.plates_printed",
            field="reorg_id",
            value=row.id,
            plates=printed[0],
            batch=printed[1],
        )
