"""Problems found in the field, and the officer's review.

A volunteer who finds the wrong house, a demolished one or a damaged plate files a report
instead of confirming; the officer reads the open reports and closes each with a note. A
confirmation far from the registered point flags the point *needs_review*; the officer looks
at it and clears the flag with a note. Each of these is an event."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update

from gis.errors import Conflict, InvalidInput, NotFound, Problem
from gis.field.accounts import Forbidden, User
from gis.registry.communes import Commune
from gis.registry.points import (
    PointRecord,
    check_position,
    find_point,
    move_within,
    point_record,
    point_select,
)
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import REPORT_REASONS, communes, installations, points, reports, villages
from gis.views.public import locate_code, write_for_code

__all__ = [
    "ReportRecord",
    "ReviewItem",
    "clear_review",
    "close_report",
    "confirmation_photo",
    "file_report",
    "list_reports",
    "move_to_confirmed",
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
    #: False when a report sent again (the same client_id) handed back the first one; not
    #: part of the report itself, so not in :meth:`as_dict`.
    created: bool = field(default=True, compare=False)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        del data["created"]
        for key in ("created_at", "closed_at"):
            data[key] = data[key].isoformat() if data[key] is not None else None
        data["open"] = self.is_open
        return data


@dataclass(frozen=True)
class ReviewItem:
    """A flagged point and its latest confirmation, if any: where the volunteer stood (``lat``,
    ``lon``), how far from the registered point, how accurate, and whether a photo came."""

    point: PointRecord
    distance_m: float | None
    accuracy_m: float | None
    lat: float | None = None
    lon: float | None = None
    installation_id: int | None = None
    photo: bool = False

    def as_dict(self) -> dict[str, Any]:
        p = self.point
        confirmed = None
        if self.lat is not None and self.lon is not None:
            confirmed = {
                "lat": self.lat,
                "lon": self.lon,
                "accuracy_m": self.accuracy_m,
                "distance_m": None if self.distance_m is None else round(self.distance_m, 1),
                "photo": self.photo,
                "installation": self.installation_id,
            }
        return {
            "code": p.code,
            "code_display": p.code_display,
            "village": p.village,
            "kind": p.kind,
            "name": p.name,
            "status": p.status,
            "registered": {"lat": p.lat, "lon": p.lon},
            "confirmed": confirmed,
        }


def file_report(
    registry: Registry,
    *,
    code: str,
    user: User,
    reason: str,
    note: str | None = None,
    position: tuple[float, float, float | None] | None = None,
    client_id: str | None = None,
) -> ReportRecord:
    """File a report; ``position`` (lat, lon, accuracy) is where the volunteer stood, required
    for a new household (the officer registers it there: gis/field/candidates.py). A report
    with the ``client_id`` of one already filed for the point is that one, handed back with
    ``created`` False: the phone sends again what it is not sure arrived."""
    if reason not in REPORT_REASONS:
        raise InvalidInput(
            "report.bad_reason", field="reason", value=reason, expected=", ".join(REPORT_REASONS)
        )
    if position is not None:
        check_position(position[0], position[1])
    elif reason == "new_household":
        raise InvalidInput("report.position_needed", field="lat")
    if client_id is not None and not (1 <= len(client_id) <= 64):
        raise InvalidInput(
            "install.bad_client_id", field="client_id", value=client_id, expected="1 to 64"
        )
    with write_for_code(registry, code) as (conn, located):
        if not user.may_work_on(commune_id=located.commune.id, village_id=located.village_id):
            raise Forbidden(
                "auth.report_not_allowed", user=user.name, village=located.point.village
            )
        if client_id is not None:
            earlier = conn.execute(
                select(reports.c.id).where(
                    reports.c.point_id == located.point.id, reports.c.client_id == client_id
                )
            ).scalar()
            if earlier is not None:
                return replace(_one(conn, earlier), created=False)
        at = now()
        values: dict[str, Any] = {"reason": reason, "note": (note or "").strip() or None}
        if position is not None:
            values |= dict(zip(("lat", "lon", "accuracy_m"), position, strict=True))
        report_id = conn.execute(
            insert(reports)
            .values(point_id=located.point.id, user_id=user.id, actor=user.actor, created_at=at)
            .values(client_id=client_id, **values)
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
        latest = _latest_confirmation(conn, row.id)
        if latest is None:
            items.append(ReviewItem(point_record(row), None, None))
            continue
        items.append(
            ReviewItem(
                point_record(row),
                float(latest.distance_m),
                float(latest.accuracy_m),
                lat=float(latest.lat),
                lon=float(latest.lon),
                installation_id=int(latest.id),
                photo=latest.photo_type is not None,
            )
        )
    return items


def _latest_confirmation(conn: Connection, point_id: int) -> Any:
    """The point's latest confirmation (its photo's type, not its bytes), or None."""
    c = installations.c
    return conn.execute(
        select(c.id, c.lat, c.lon, c.distance_m, c.accuracy_m, c.photo_type)
        .where(c.point_id == point_id)
        .order_by(c.id.desc())
        .limit(1)
    ).first()


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
    note = _review_note(note)
    with registry.write() as conn:
        point, _ = _flagged_point(conn, code, commune=commune, user=user)
        return _unflag(conn, point, action="point.review_clear", note=note, actor=actor)


def move_to_confirmed(
    registry: Registry,
    code: str,
    *,
    note: str,
    actor: str,
    commune: Commune | None = None,
    user: User | None = None,
) -> tuple[PointRecord, list[Problem]]:
    """The other answer to a review: the volunteer stood at the right house, the registry had
    it in the wrong place. The point moves to its latest confirmation's position (as
    `points move` moves it: its code stays, its village follows) and its flag is cleared, in
    one transaction. ``commune``/``user`` as for :func:`clear_review`."""
    note = _review_note(note)
    with registry.write() as conn:
        point, home = _flagged_point(conn, code, commune=commune, user=user)
        latest = _latest_confirmation(conn, point.id)
        if latest is None:
            label = point.code_display or point.ref
            raise Conflict("review.no_confirmation", field="code", value=label)
        moved, warnings = move_within(
            conn, home, point, lon=float(latest.lon), lat=float(latest.lat), actor=actor
        )
        note_with = {"note": note, "installation": int(latest.id)}
        return _unflag(conn, moved, action="point.review_move", actor=actor, **note_with), warnings


def confirmation_photo(conn: Connection, installation_id: int, *, user: User) -> tuple[bytes, str]:
    """A confirmation's photo and its type, for an officer who manages its point's commune
    (NotFound when there is none: the officer is shown what the volunteer saw, nothing else)."""
    row = conn.execute(
        select(installations.c.photo, installations.c.photo_type, points.c.commune_id)
        .join(points, points.c.id == installations.c.point_id)
        .where(installations.c.id == installation_id)
    ).first()
    if row is None or row.photo is None:
        raise NotFound("install.no_photo", field="installation", value=installation_id)
    if not user.may_manage(commune_id=row.commune_id):
        raise Forbidden("auth.review_not_allowed", user=user.name)
    return bytes(row.photo), str(row.photo_type)


def _review_note(note: str) -> str:
    note = note.strip()
    if not note:
        raise InvalidInput("review.note_empty", field="note", value=note)
    return note


def _flagged_point(
    conn: Connection, code: str, *, commune: Commune | None, user: User | None
) -> tuple[PointRecord, Commune]:
    """The flagged point of ``code`` and its commune (the CLI names the commune; the web's
    ``user`` must manage the point's)."""
    if commune is None:
        commune = locate_code(conn, code).commune
    point, _ = find_point(conn, commune, code)
    if user is not None and not user.may_manage(commune_id=commune.id):
        raise Forbidden("auth.review_not_allowed", user=user.name)
    if not point.needs_review:
        raise Conflict("review.not_flagged", field="code", value=point.code_display or point.ref)
    return point, commune


def _unflag(
    conn: Connection, point: PointRecord, *, action: str, actor: str, **after: Any
) -> PointRecord:
    at = now()
    conn.execute(
        update(points).where(points.c.id == point.id).values(needs_review=False, updated_at=at)
    )
    log_event(
        conn,
        actor=actor,
        action=action,
        entity="point",
        entity_id=point.id,
        before={"needs_review": True},
        after={"needs_review": False, **after},
        at=at,
    )
    return point_record(conn.execute(point_select().where(points.c.id == point.id)).one())


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
