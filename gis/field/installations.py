"""Confirming a plate on the wall: a volunteer's position as evidence.

The first confirmation of a coded or printed point records who, when, where, how precisely and
how far from the registered point, and makes the point *installed* — flagged *needs_review* when
it is too far (more than max(30 m, 2 × accuracy)) or the position too vague (accuracy worse than
50 m). Any later confirmation changes nothing and hands back the record already made, unless the
plate was re-printed since (a lost or damaged plate replaced), which may be confirmed anew. A
retry from a phone carries the same client id and is answered the same way. Every confirmation
is an event. A point never printed in a final batch is refused (a draft
sheet is not a plate) unless an officer allowed it; a confirmation ticked ``notified`` also
records the notice's first half, the household told (both in gis/field/notices.py).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from addrgen.retiring import retire_reason_words
from gis.errors import Conflict, InvalidInput
from gis.field.accounts import Forbidden, User
from gis.field.notices import in_final_batch, mark_notified
from gis.registry.points import check_position
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import batch_items, batches, installations, points
from gis.views.public import Located, PointView, write_for_code

__all__ = [
    "Confirmation",
    "InstallRules",
    "InstallationRecord",
    "confirm_installation",
    "distance_m",
    "image_type",
]

EARTH_RADIUS_M = 6_371_008.8
MEGABYTE = 1024 * 1024
# Magic numbers of the photo formats phones produce.
_IMAGE_MAGIC: tuple[tuple[bytes, int, str], ...] = (
    (b"\xff\xd8\xff", 0, "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", 0, "image/png"),
    (b"GIF8", 0, "image/gif"),
    (b"WEBP", 8, "image/webp"),
    (b"ftypheic", 4, "image/heic"),
    (b"ftypheix", 4, "image/heic"),
    (b"ftypmif1", 4, "image/heif"),
)


@dataclass(frozen=True)
class InstallRules:
    """When a confirmation is flagged, and what is refused as absurd."""

    review_distance_m: float = 30.0  # flagged beyond max(this, accuracy_factor × accuracy)
    accuracy_factor: float = 2.0
    review_accuracy_m: float = 50.0  # flagged when the position is vaguer than this
    max_accuracy_m: float = 1000.0  # refused: that is not a position at a gate
    max_photo_bytes: int = 5 * MEGABYTE

    def needs_review(self, distance: float, accuracy: float) -> bool:
        limit = max(self.review_distance_m, self.accuracy_factor * accuracy)
        return distance > limit or accuracy > self.review_accuracy_m


@dataclass(frozen=True)
class Confirmation:
    lat: float
    lon: float
    accuracy_m: float
    client_id: str | None = None
    note: str | None = None
    photo: bytes | None = None
    notified: bool = False  # the household told / its letter handed over at this visit


@dataclass(frozen=True)
class InstallationRecord:
    id: int
    code: str
    status: str
    distance_m: float
    accuracy_m: float
    needs_review: bool
    client_id: str | None
    confirmed_at: datetime
    created: bool  # False when an earlier confirmation was handed back unchanged
    notified: bool = False  # the point's household is recorded as notified (now or before)

    def as_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "distance_m": round(self.distance_m, 1),
            "needs_review": self.needs_review,
            "accuracy_m": self.accuracy_m,
            "code": self.code,
            "installation_id": self.id,
            "client_id": self.client_id,
            "confirmed_at": self.confirmed_at.isoformat(),
            "created": self.created,
            "notified": self.notified,
        }


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def image_type(data: bytes) -> str | None:
    """The image type of a photo by its first bytes, or None when it is not an image we take."""
    for magic, offset, mime in _IMAGE_MAGIC:
        if data[offset : offset + len(magic)] == magic:
            return mime
    return None


def confirm_installation(
    registry: Registry,
    *,
    code: str,
    user: User,
    confirmation: Confirmation,
    rules: InstallRules | None = None,
) -> InstallationRecord:
    """Record a confirmation (or hand back the one already made; see the module's docstring)."""
    rules = rules or InstallRules()
    photo_type = _check(confirmation, rules)
    with write_for_code(registry, code) as (conn, located):
        _check_point(located, user)
        point = located.point
        at = now()
        if confirmation.notified:
            mark_notified(conn, point_id=point.id, actor=user.actor, at=at, how="confirmation")
        told = _is_notified(conn, point.id)
        earlier = _earlier(conn, point.id, confirmation.client_id)
        if earlier is not None:
            return _record(earlier, point.code or "", point.status, created=False, notified=told)
        if not in_final_batch(conn, point.id):
            # A draft sheet says BẢN THỬ and goes on no wall: only a printed plate is confirmed.
            raise InvalidInput("install.never_printed", field="code", value=point.code_display)
        distance = distance_m(point.lat, point.lon, confirmation.lat, confirmation.lon)
        flagged = rules.needs_review(distance, confirmation.accuracy_m)
        values = {
            "point_id": point.id,
            "user_id": user.id,
            "actor": user.actor,
            "client_id": confirmation.client_id,
            "lat": confirmation.lat,
            "lon": confirmation.lon,
            "accuracy_m": confirmation.accuracy_m,
            "distance_m": distance,
            "needs_review": flagged,
            "note": confirmation.note,
            "photo": confirmation.photo,
            "photo_type": photo_type,
            "created_at": at,
        }
        new_id = conn.execute(
            insert(installations).values(**values).returning(installations.c.id)
        ).scalar_one()
        _mark_installed(conn, point, user, new_id, values)
        row = conn.execute(select(installations).where(installations.c.id == new_id)).one()
        return _record(row, point.code or "", "installed", created=True, notified=told)


def _mark_installed(
    conn: Connection, point: PointView, user: User, installation: int, values: dict[str, Any]
) -> None:
    """The point becomes installed (flagged for review when this confirmation is, or it already
    was), and the event says by which confirmation."""
    review = point.needs_review or bool(values["needs_review"])
    at = values["created_at"]
    conn.execute(
        update(points)
        .where(points.c.id == point.id)
        .values(status="installed", needs_review=review, updated_at=at)
    )
    after = {k: values[k] for k in ("lat", "lon", "accuracy_m", "distance_m", "client_id")}
    log_event(
        conn,
        actor=user.actor,
        action="point.install",
        entity="point",
        entity_id=point.id,
        before={"status": point.status, "needs_review": point.needs_review},
        after={
            "status": "installed",
            "needs_review": review,
            "installation": installation,
            "photo": values["photo_type"] is not None,
            **after,
        },
        at=at,
    )


def _check(confirmation: Confirmation, rules: InstallRules) -> str | None:
    c = confirmation
    check_position(c.lat, c.lon)
    if not (math.isfinite(c.accuracy_m) and 0 <= c.accuracy_m <= rules.max_accuracy_m):
        raise InvalidInput(
            "install.bad_accuracy",
            field="accuracy_m",
            value=c.accuracy_m,
            expected=f"0 to {rules.max_accuracy_m:g}",
            max_m=rules.max_accuracy_m,
        )
    if c.client_id is not None and not (1 <= len(c.client_id) <= 64):
        raise InvalidInput(
            "install.bad_client_id", field="client_id", value=c.client_id, expected="1 to 64"
        )
    if c.photo is None:
        return None
    if len(c.photo) > rules.max_photo_bytes:
        raise InvalidInput(
            "install.photo_too_large",
            field="photo",
            size_mb=len(c.photo) / MEGABYTE,
            max_mb=rules.max_photo_bytes / MEGABYTE,
        )
    kind = image_type(c.photo)
    if kind is None:
        raise InvalidInput(
            "install.photo_not_image", field="photo", expected="JPEG, PNG, WebP, GIF, HEIC"
        )
    return kind


def _check_point(located: Located, user: User) -> None:
    point = located.point
    if not located.verified:
        raise InvalidInput(
            "install.code_unverified", field="code", value=located.point.code_display
        )
    if not user.may_work_on(commune_id=located.commune.id, village_id=located.village_id):
        raise Forbidden("auth.village_not_allowed", user=user.name, village=point.village)
    if point.status == "retired":
        raise Conflict(
            "install.point_retired",
            field="code",
            value=point.code_display,
            reason=retire_reason_words(point.retired_reason),  # the note is the officer's
        )


def _earlier(conn: Connection, point_id: int, client_id: str | None) -> Any:
    """The confirmation that answers this one, if any: the same client's retry, or the latest
    confirmation when the plate has not been re-printed since."""
    if client_id is not None:
        same = conn.execute(
            select(installations).where(
                installations.c.point_id == point_id, installations.c.client_id == client_id
            )
        ).first()
        if same is not None:
            return same
    latest = conn.execute(
        select(installations)
        .where(installations.c.point_id == point_id)
        .order_by(installations.c.id.desc())
        .limit(1)
    ).first()
    if latest is None:
        return None
    printed = conn.execute(
        select(func.max(batches.c.created_at))
        .select_from(batch_items.join(batches, batches.c.id == batch_items.c.batch_id))
        .where(batch_items.c.point_id == point_id, batches.c.draft.is_(False))
    ).scalar_one()
    if printed is not None and printed > latest.created_at:
        return None  # re-printed since: the new plate may be confirmed anew
    return latest


def _is_notified(conn: Connection, point_id: int) -> bool:
    at = conn.execute(select(points.c.notified_at).where(points.c.id == point_id)).scalar_one()
    return at is not None


def _record(
    row: Any, code: str, status: str, *, created: bool, notified: bool
) -> InstallationRecord:
    return InstallationRecord(
        id=row.id,
        code=code,
        status=status,
        distance_m=float(row.distance_m),
        accuracy_m=float(row.accuracy_m),
        needs_review=bool(row.needs_review),
        client_id=row.client_id,
        confirmed_at=row.created_at,
        created=created,
        notified=notified,
    )
