"""A field worker's worklist: the plates of the villages they are entrusted with, in the walking
order of the batch that printed them, with what each one still needs.

Personal data (the household head's name) is in it on purpose: volunteers are entrusted with
their villages. It is only ever answered to a signed-in user within their villages, never on a
public route."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import shapely
from sqlalchemy import Connection, select

from gis.field.accounts import Forbidden, User
from gis.spatial.geometry import light_geojson
from gis.storage.schema import batch_items, batches, points, villages

__all__ = [
    "FILTERS",
    "Village",
    "WorkItem",
    "counts",
    "outlines",
    "scope_villages",
    "worklist",
]

Filter = Literal["remaining", "review", "done"]
#: The page's filters, in the order it shows them.
FILTERS: tuple[Filter, ...] = ("remaining", "review", "done")


@dataclass(frozen=True)
class Village:
    id: int
    name: str
    ordinal: int


@dataclass(frozen=True)
class WorkItem:
    code: str
    village: str
    number: int | None  # the plate's number in its batch's walking order (None: never printed)
    house_number: str | None
    street: str | None
    kind: str
    name: str | None  # the household head (personal data: entrusted users only)
    status: str
    needs_review: bool
    notified: bool
    lat: float
    lon: float

    @property
    def state(self) -> Filter:
        """Which of the filters the plate falls under: a flagged plate is the officer's to
        settle whatever its status; an installed one is done; anything else is still to do."""
        if self.needs_review:
            return "review"
        return "done" if self.status == "installed" else "remaining"

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "village": self.village,
            "number": self.number,
            "house_number": self.house_number,
            "street": self.street,
            "kind": self.kind,
            "name": self.name,
            "status": self.status,
            "needs_review": self.needs_review,
            "notified": self.notified,
            "state": self.state,
            "lat": self.lat,
            "lon": self.lon,
        }


def scope_villages(conn: Connection, *, user: User, village: str | None) -> list[Village]:
    """The villages ``user`` may work on (a volunteer's own, an officer's commune's, an admin's
    every one), in registry order; ``village`` names one of them. A village outside the user's
    is refused as not allowed, whether or not it exists (its existence is not the user's to
    learn)."""
    query = select(villages.c.id, villages.c.name, villages.c.ordinal).order_by(
        villages.c.commune_id, villages.c.ordinal
    )
    if user.role == "volunteer":
        query = query.where(villages.c.id.in_(sorted(user.village_ids)))
    elif user.role == "officer":
        query = query.where(villages.c.commune_id == user.commune_id)
    found = [Village(r.id, r.name, r.ordinal) for r in conn.execute(query).all()]
    if village is None:
        return found
    chosen = [v for v in found if v.name == village]
    if not chosen:
        raise Forbidden("auth.village_not_allowed", user=user.name, village=village)
    return chosen


def worklist(conn: Connection, *, within: Sequence[Village]) -> list[WorkItem]:
    """The coded, standing plates of ``within``, village by village in registry order, then in
    walking order: the number each plate has in the latest final batch that printed it (a
    draft prints nothing to walk with), the batches in the order they were printed; plates
    never printed come last, by code."""
    if not within:
        return []
    names = {v.id: v for v in within}
    rows = conn.execute(
        select(
            points.c.id,
            points.c.code,
            points.c.village_id,
            points.c.house_number,
            points.c.street,
            points.c.kind,
            points.c.name,
            points.c.status,
            points.c.needs_review,
            points.c.notified_at,
            points.c.lat,
            points.c.lon,
        ).where(
            points.c.village_id.in_(sorted(names)),
            points.c.code.is_not(None),
            points.c.status != "retired",
        )
    ).all()
    walking = _walking_order(conn, [r.id for r in rows])
    never = (1 << 62, 0)  # after every batch
    rows = sorted(
        rows,
        key=lambda r: (names[r.village_id].ordinal, walking.get(r.id, never), r.code),
    )
    return [
        WorkItem(
            code=r.code,
            village=names[r.village_id].name,
            number=walking[r.id][1] if r.id in walking else None,
            house_number=r.house_number,
            street=r.street,
            kind=r.kind,
            name=r.name,
            status=r.status,
            needs_review=bool(r.needs_review),
            notified=r.notified_at is not None,
            lat=float(r.lat),
            lon=float(r.lon),
        )
        for r in rows
    ]


def _walking_order(conn: Connection, point_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Each printed point's (batch id, number) in the latest final batch that holds it. Read
    in chunks: an IN list of a whole commune's ids exceeds what a driver takes at once."""
    order: dict[int, tuple[int, int]] = {}
    for start in range(0, len(point_ids), 5_000):
        chunk = point_ids[start : start + 5_000]
        rows = conn.execute(
            select(batch_items.c.point_id, batch_items.c.batch_id, batch_items.c.number)
            .join(batches, batches.c.id == batch_items.c.batch_id)
            .where(batch_items.c.point_id.in_(chunk), batches.c.draft.is_(False))
            .order_by(batch_items.c.batch_id)
        ).all()
        for r in rows:  # ascending batch ids: the latest one stays
            order[r.point_id] = (r.batch_id, r.number)
    return order


def counts(items: Sequence[WorkItem]) -> dict[str, int]:
    """How many plates fall under each filter, and in all."""
    tally: dict[str, int] = dict.fromkeys(FILTERS, 0)
    for item in items:
        tally[item.state] += 1
    return {**tally, "total": len(items)}


def outlines(
    conn: Connection, *, within: Sequence[Village], items: Sequence[WorkItem]
) -> dict[str, Any]:
    """The outlines of ``within`` as a GeoJSON FeatureCollection (WGS 84) for the worklist's
    map, each village's name and its :func:`counts` in its properties. Simplified to about a
    metre: the outlines travel with the worklist (and its offline copy), so a village surveyed
    to thousands of vertices must still weigh little."""
    if not within:
        return {"type": "FeatureCollection", "features": []}
    rows = conn.execute(
        select(villages.c.id, villages.c.boundary_wkb).where(
            villages.c.id.in_(sorted(v.id for v in within))
        )
    ).all()
    shapes = {r.id: shapely.from_wkb(r.boundary_wkb) for r in rows}
    features = [
        {
            "type": "Feature",
            "properties": {
                "name": v.name,
                "counts": counts([i for i in items if i.village == v.name]),
            },
            "geometry": light_geojson(shapes[v.id]),
        }
        for v in within
    ]
    return {"type": "FeatureCollection", "features": features}
