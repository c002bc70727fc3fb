"""The notice's first half, and the leave to confirm a plate made elsewhere.

The commune's notice asks that every household be *notified* ("được thông báo": told, or its
letter handed over) and have its plate *on the wall* ("gắn biển"). The first is recorded on the
point (who, when) with an event, from a volunteer's confirmation ticked "đã trao thông báo" or
by an officer for the letters of a batch or a village handed over at a meeting. Recording it
again changes nothing: the first notification stands.

A plate is confirmed only when the point was in a final (not draft) batch: a draft sheet is not
a plate. An officer may allow one point anyway, for a plate made outside the system; that leave
is recorded (who, when) with an event.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, exists, select, update

from gis.errors import InvalidInput, NotFound
from gis.field.accounts import Forbidden, User
from gis.registry.communes import Commune
from gis.registry.points import PointRecord, find_point
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import batch_items, batches, points, villages

__all__ = [
    "NoticeResult",
    "allow_confirm",
    "in_final_batch",
    "mark_notified",
    "notify_points",
]


@dataclass(frozen=True)
class NoticeResult:
    """What an officer's notification did: the points newly notified and those already were."""

    notified: tuple[str, ...]
    already: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "notified": len(self.notified),
            "already": len(self.already),
            "codes": list(self.notified),
        }


def mark_notified(conn: Connection, *, point_id: int, actor: str, at: datetime, how: str) -> bool:
    """Record that the household of ``point_id`` was notified (``how``: "confirmation" or
    "officer"), unless it already was. Returns whether it was recorded now."""
    done = conn.execute(
        update(points)
        .where(points.c.id == point_id, points.c.notified_at.is_(None))
        .values(notified_at=at, notified_by=actor)
    ).rowcount
    if done:
        log_event(
            conn,
            actor=actor,
            action="point.notify",
            entity="point",
            entity_id=point_id,
            before={"notified": False},
            after={"notified": True, "how": how},
            at=at,
        )
    return bool(done)


def in_final_batch(conn: Connection, point_id: int) -> bool:
    """Whether the point was ever printed in a final batch, or an officer allowed it."""
    printed = exists().where(
        batch_items.c.point_id == point_id,
        batch_items.c.batch_id == batches.c.id,
        batches.c.draft.is_(False),
    )
    allowed = conn.execute(
        select(points.c.confirm_allowed_at).where(points.c.id == point_id)
    ).scalar_one()
    return allowed is not None or bool(conn.execute(select(printed)).scalar_one())


def notify_points(
    registry: Registry,
    commune: Commune,
    *,
    actor: str,
    batch: str | None = None,
    village: str | None = None,
    codes: Sequence[str] = (),
    user: User | None = None,
) -> NoticeResult:
    """Record the letters of a final batch, of a village, or of the given codes as handed over
    (``user`` is checked when the web asks; the CLI is trusted)."""
    if user is not None and not user.may_manage(commune_id=commune.id):
        raise Forbidden("auth.notify_not_allowed", user=user.name)
    if sum(1 for x in (batch, village, codes) if x) != 1:
        raise InvalidInput("notify.one_selection", field="batch")
    with registry.write(commune.id) as conn:
        targets = _targets(conn, commune, batch=batch, village=village, codes=codes)
        at = now()
        done: list[str] = []
        already: list[str] = []
        for point_id, code in targets:
            fresh = mark_notified(conn, point_id=point_id, actor=actor, at=at, how="officer")
            (done if fresh else already).append(code)
        return NoticeResult(tuple(done), tuple(already))


def _targets(
    conn: Connection,
    commune: Commune,
    *,
    batch: str | None,
    village: str | None,
    codes: Sequence[str],
) -> list[tuple[int, str]]:
    """The (id, code) of the points selected, coded and not retired, in a stable order."""
    live = (
        points.c.commune_id == commune.id,
        points.c.status.in_(("coded", "printed", "installed")),
    )
    if codes:
        found = [find_point(conn, commune, c)[0] for c in codes]
        return [(p.id, p.code or "") for p in found if _live(p)]
    if batch is not None:
        row = conn.execute(
            select(batches.c.id, batches.c.draft).where(
                batches.c.label == batch.strip(), batches.c.commune_id == commune.id
            )
        ).first()
        if row is None:
            raise NotFound("notify.batch_not_found", field="batch", value=batch)
        if row.draft:
            raise InvalidInput("notify.draft_batch", field="batch", value=batch)
        query = (
            select(points.c.id, points.c.code)
            .join(batch_items, batch_items.c.point_id == points.c.id)
            .where(batch_items.c.batch_id == row.id, *live)
            .order_by(batch_items.c.number)
        )
    else:
        query = (
            select(points.c.id, points.c.code)
            .join(villages, villages.c.id == points.c.village_id)
            .where(villages.c.name == (village or "").strip(), *live)
            .order_by(points.c.code)
        )
        if not conn.execute(query.limit(1)).first():
            raise NotFound("notify.village_empty", field="village", value=village)
    return [(r.id, r.code) for r in conn.execute(query)]


def _live(point: PointRecord) -> bool:
    if point.status not in ("coded", "printed", "installed"):
        raise InvalidInput("notify.not_coded", field="code", value=point.code_display or point.ref)
    return True


def allow_confirm(
    registry: Registry,
    commune: Commune,
    code_or_ref: str,
    *,
    actor: str,
    user: User | None = None,
) -> PointRecord:
    """Allow confirming a plate of this point although it never was in a final batch."""
    if user is not None and not user.may_manage(commune_id=commune.id):
        raise Forbidden("auth.allow_confirm_not_allowed", user=user.name)
    with registry.write(commune.id) as conn:
        point, _ = find_point(conn, commune, code_or_ref)
        if point.code is None:
            raise InvalidInput("notify.not_coded", field="code", value=point.ref or f"#{point.id}")
        at = now()
        changed = conn.execute(
            update(points)
            .where(points.c.id == point.id, points.c.confirm_allowed_at.is_(None))
            .values(confirm_allowed_at=at, confirm_allowed_by=actor)
        ).rowcount
        if changed:
            log_event(
                conn,
                actor=actor,
                action="point.allow_confirm",
                entity="point",
                entity_id=point.id,
                before={"confirm_allowed": False},
                after={"confirm_allowed": True},
                at=at,
            )
        return point
