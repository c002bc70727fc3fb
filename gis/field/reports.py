"""Problems found in the field, and the officer's review.

A volunteer who finds the wrong house, a demolished one or a damaged plate files a report
instead of confirming; the officer reads the open reports and closes each with a note. A
confirmation far from the registered point flags the point *needs_review*; the officer looks
at it and clears the flag with a note. Each of these is an event."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from gis.errors import Conflict, InvalidInput, NotFound
from gis.field.accounts import Forbidden, User
from gis.registry.communes import Commune
from gis.registry.points import PointBase, PointRecord, find_point, point_record, point_select
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import REPORT_REASONS, communes, installations, points, reports, villages
from gis.views.public import locate_code, write_for_code

__all__ = [
    "ReportRecord",
    "ReviewItem",
    "clear_review",
    "close_report",
    "file_report",
    "list_reports",
    "review_list",
]


@dataclass(frozen=True)
class ReportRecord:
    id: int
    code: str | None
    village: str
    reason: str
    note: str | None
    actor: str
    created_at: datetime
    closed_at: datetime | None
    closed_by: str | None
    close_note: str | None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("created_at", "closed_at"):
            data[key] = data[key].isoformat() if data[key] is not None else None
        data["open"] = self.is_open
        return data


@dataclass(frozen=True)
class ReviewItem:
    point: PointRecord
    distance_m: float | None  # of the latest confirmation, if any
    accuracy_m: float | None


def file_report(
    registry: Registry, *, code: str, user: User, reason: str, note: str | None = None
) -> ReportRecord:
    if reason not in REPORT_REASONS:
        raise InvalidInput(
            "report.bad_reason", field="reason", value=reason, expected=", ".join(REPORT_REASONS)
        )
    with write_for_code(registry, code) as (conn, located):
        if not user.may_work_on(commune_id=located.commune.id, village_id=located.village_id):
            raise Forbidden(
                "auth.report_not_allowed", user=user.name, village=located.point.village
            )
        at = now()
        values = {"reason": reason, "note": (note or "").strip() or None}
        report_id = conn.execute(
            insert(reports)
            .values(point_id=located.point.id, user_id=user.id, actor=user.actor, created_at=at)
            .values(**values)
            .returning(reports.c.id)
        ).scalar_one()
        log_event(
            conn,
            actor=user.actor,
            action="report.file",
            entity="report",
            entity_id=report_id,
            after={"point": located.point.code, **values},
            at=at,
        )
        return _one(conn, report_id)


def close_report(
    registry: Registry, report_id: int, *, note: str, actor: str, user: User | None = None
) -> ReportRecord:
    """Close a report with a note (``user`` is checked when the web asks; the CLI is trusted)."""
    note = note.strip()
    if not note:
        raise InvalidInput("report.note_empty", field="note", value=note)
    with registry.write() as conn:
        row = conn.execute(
            select(reports.c.id, reports.c.closed_at, points.c.commune_id)
            .join(points, points.c.id == reports.c.point_id)
            .where(reports.c.id == report_id)
        ).first()
        if row is None:
            raise NotFound("report.not_found", field="report_id", value=report_id)
        if user is not None and not user.may_manage(commune_id=row.commune_id):
            raise Forbidden("auth.close_not_allowed", user=user.name)
        if row.closed_at is not None:
            raise Conflict("report.already_closed", field="report_id", value=report_id)
        at = now()
        conn.execute(
            update(reports)
            .where(reports.c.id == report_id)
            .values(closed_at=at, closed_by=actor, close_note=note)
        )
        log_event(
            conn,
            actor=actor,
            action="report.close",
            entity="report",
            entity_id=report_id,
            before={"open": True},
            after={"open": False, "note": note},
            at=at,
        )
        return _one(conn, report_id)


def list_reports(
    conn: Connection,
    commune: Commune,
    *,
    open_only: bool = False,
    point_id: int | None = None,
) -> list[ReportRecord]:
    query = _select().where(points.c.commune_id == commune.id)
    if open_only:
        query = query.where(reports.c.closed_at.is_(None))
    if point_id is not None:
        query = query.where(reports.c.point_id == point_id)
    return [_record(r) for r in conn.execute(query.order_by(reports.c.id))]


def review_list(conn: Connection, commune: Commune) -> list[ReviewItem]:
    """Points flagged needs_review, each with its latest confirmation's distance and accuracy."""
    rows = conn.execute(
        point_select()
        .where(points.c.commune_id == commune.id, points.c.needs_review.is_(True))
        .order_by(points.c.code)
    ).all()
    items = []
    for row in rows:
        latest = conn.execute(
            select(installations.c.distance_m, installations.c.accuracy_m)
            .where(installations.c.point_id == row.id)
            .order_by(installations.c.id.desc())
            .limit(1)
        ).first()
        items.append(
            ReviewItem(
                point_record(row),
                None if latest is None else float(latest.distance_m),
                None if latest is None else float(latest.accuracy_m),
            )
        )
    return items


def clear_review(
    registry: Registry,
    code: str,
    *,
    note: str,
    actor: str,
    commune: Commune | None = None,
    user: User | None = None,
) -> PointRecord:
    """Clear a point's needs_review flag with a note. The CLI names the commune; the web passes
    the signed-in user, who must manage the point's commune."""
    note = note.strip()
    if not note:
        raise InvalidInput("review.note_empty", field="note", value=note)
    with registry.write() as conn:
        point: PointBase
        if commune is not None:
            point, _ = find_point(conn, commune, code)
            commune_id = commune.id
        else:
            located = locate_code(conn, code)
            point, commune_id = located.point, located.commune.id
        if user is not None and not user.may_manage(commune_id=commune_id):
            raise Forbidden("auth.review_not_allowed", user=user.name)
        if not point.needs_review:
            raise Conflict(
                "review.not_flagged", field="code", value=point.code_display or point.ref
            )
        at = now()
        conn.execute(
            update(points).where(points.c.id == point.id).values(needs_review=False, updated_at=at)
        )
        log_event(
            conn,
            actor=actor,
            action="point.review_clear",
            entity="point",
            entity_id=point.id,
            before={"needs_review": True},
            after={"needs_review": False, "note": note},
            at=at,
        )
        row = conn.execute(point_select().where(points.c.id == point.id)).one()
        return point_record(row)


def _select() -> Any:
    return (
        select(reports, points.c.code, villages.c.name.label("village_name"))
        .join(points, points.c.id == reports.c.point_id)
        .join(villages, villages.c.id == points.c.village_id)
        .join(communes, communes.c.id == points.c.commune_id)
    )


def _record(row: Any) -> ReportRecord:
    return ReportRecord(
        id=row.id,
        code=row.code,
        village=row.village_name,
        reason=row.reason,
        note=row.note,
        actor=row.actor,
        created_at=row.created_at,
        closed_at=row.closed_at,
        closed_by=row.closed_by,
        close_note=row.close_note,
    )


def _one(conn: Connection, report_id: int) -> ReportRecord:
    return _record(conn.execute(_select().where(reports.c.id == report_id)).one())
