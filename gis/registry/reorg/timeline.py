"""The address of a point at any date: the registry's rows hold the latest state, and the state
at an earlier date is found by taking back, newest first, the changes effective after it.

Dates only move forward per unit (`checks.refuse_earlier`), so taking changes back is the same
as replaying them forward. Also here: the list of reorganisations.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from addrgen.address import standing_district
from gis.errors import NotFound
from gis.storage.schema import (
    batch_items,
    batches,
    communes,
    points,
    reorg_changes,
    reorganisations,
    villages,
)

__all__ = [
    "NONE",
    "AddressText",
    "Reorganisation",
    "address_at",
    "addresses_at",
    "as_date",
    "former_units",
    "iso_date",
    "list_reorganisations",
    "reorganisation",
    "stored_summary",
]


@dataclass(frozen=True)
class AddressText:
    """The parts of a point's address at one date (house part, village, commune, district,
    province, and from when the district stands); the plate's words are composed from them by
    `addrgen.address.address_text`."""

    house_number: str | None
    street: str | None
    village: str
    commune: str
    district: str | None
    province: str | None
    district_from: date | None = None

    @property
    def units(self) -> str:
        """'xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh': the administrative part."""
        return ", ".join(p for p in (self.commune, self.district, self.province) if p)

    def as_on(self, day: date) -> AddressText:
        """This address as written on ``day``: its district only where it stands then (none
        from the 2025 reform on, unless set since: addrgen.address.standing_district)."""
        district = standing_district(self.district, on=day, district_from=self.district_from)
        return replace(self, district=district)

    def changed_units(self, later: AddressText) -> str | None:
        """What of this address a later one no longer says: 'xã Thạch Bình, TP Hà Tĩnh' (the
        village too when it changed), or None when the units are the same."""
        parts: list[str] = []
        if self.village != later.village:
            parts.append(self.village)
        if self.commune != later.commune or self.district != later.district:
            parts += [p for p in (self.commune, self.district) if p]
        if self.province != later.province:
            parts.append(self.province or "")
        shown = [p for p in parts if p]
        return ", ".join(shown) if shown else None


#: What a summary shows for a unit that is none (no district any more); a face may say it in words.
NONE = "—"
#: The English words set_district wrote after "—" before summaries held none (issue 13).
_OLD_NO_DISTRICT = " (no district level)"


def stored_summary(text: str) -> str:
    """A reorganisation's summary as stored, without the English words older registries hold."""
    return text.removesuffix(_OLD_NO_DISTRICT)


@dataclass(frozen=True)
class Reorganisation:
    """A reorganisation entered; ``summary`` holds names and arrows only (no words), and
    ``district_removed`` says that a commune was left with no district (its summary ends in
    ``NONE``)."""

    id: int
    kind: str
    effective: date
    summary: str
    actor: str
    created_at: datetime
    undone_at: datetime | None
    district_removed: bool = False


def addresses_at(
    conn: Connection, point_ids: Iterable[int], when: date, *, known_at: datetime | None = None
) -> dict[int, AddressText]:
    """The address of each point as it stood on ``when``; with ``known_at``, as the registry
    knew it then (reorganisations entered later taken back, whatever their date: what a plate
    printed at that moment said)."""
    ids = sorted(set(point_ids))
    if not ids:
        return {}
    overlay = _overlay(conn, when, known_at)
    prows: dict[int, Any] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        query = select(
            points.c.id, points.c.village_id, points.c.house_number, points.c.street
        ).where(points.c.id.in_(chunk))
        prows.update({r.id: r for r in conn.execute(query)})
    village_of = {
        pid: overlay.get(("point", pid, "village_id"), r.village_id) for pid, r in prows.items()
    }
    vstate = _states(conn, "village", set(village_of.values()), overlay)
    cstate = _states(conn, "commune", {v["commune_id"] for v in vstate.values()}, overlay)
    out: dict[int, AddressText] = {}
    for pid, row in prows.items():
        v = vstate[village_of[pid]]
        c = cstate[v["commune_id"]]
        since = c["district_from"]
        out[pid] = AddressText(
            row.house_number,
            row.street,
            v["name"],
            c["name"],
            c["district"],
            c["province"],
            as_date(since) if since else None,
        )
    return out


def address_at(conn: Connection, point_id: int, when: date) -> AddressText:
    """The address of one point as it stood on ``when`` (replaying the reorganisations)."""
    found = addresses_at(conn, [point_id], when)
    if point_id not in found:
        raise NotFound("point.no_id", field="point_id", value=point_id)
    return found[point_id]


def _overlay(
    conn: Connection, when: date, known_at: datetime | None = None
) -> dict[tuple[str, int, str], Any]:
    """For each field changed after ``when`` (or entered after ``known_at``): its value before
    the first such change. Per unit, dates follow entry order (`checks.refuse_earlier`), so both
    select the latest changes of each field and taking them back is exact."""
    later = reorg_changes.c.effective > when
    if known_at is not None:
        later = later | (reorganisations.c.created_at > known_at)
    rows = conn.execute(
        select(
            reorg_changes.c.entity,
            reorg_changes.c.entity_id,
            reorg_changes.c.field,
            reorg_changes.c.before,
        )
        .join(reorganisations, reorganisations.c.id == reorg_changes.c.reorg_id)
        .where(later, reorganisations.c.undone_at.is_(None))
        .order_by(reorg_changes.c.effective.desc(), reorg_changes.c.id.desc())
    ).all()
    overlay: dict[tuple[str, int, str], Any] = {}
    for r in rows:  # newest first: the oldest change's `before` is written last and wins
        overlay[(r.entity, int(r.entity_id), r.field)] = r.before
    return overlay


def _states(
    conn: Connection, entity: str, ids: set[int], overlay: dict[tuple[str, int, str], Any]
) -> dict[int, dict[str, Any]]:
    if entity == "village":
        cols = [villages.c.id, villages.c.name, villages.c.commune_id]
        table: Any = villages
    else:
        cols = [
            communes.c.id,
            communes.c.name,
            communes.c.district,
            communes.c.district_from,
            communes.c.province,
        ]
        table = communes
    out: dict[int, dict[str, Any]] = {}
    wanted = sorted(ids)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        for row in conn.execute(select(*cols).where(table.c.id.in_(chunk))):
            out[row.id] = dict(row._mapping)
    if entity == "village" and set(wanted) - set(out):
        out.update(_removed_villages(conn, set(wanted) - set(out)))
    for key, state in out.items():
        for field in state:
            if (entity, key, field) in overlay:
                state[field] = overlay[(entity, key, field)]
    return out


def _removed_villages(conn: Connection, ids: set[int]) -> dict[int, dict[str, Any]]:
    """Villages a village merge removed: their last state, kept in the merge's change rows."""
    rows = conn.execute(
        select(reorg_changes.c.entity_id, reorg_changes.c.before).where(
            reorg_changes.c.entity == "village",
            reorg_changes.c.field == "removed",
            reorg_changes.c.entity_id.in_(sorted(ids)),
        )
    ).all()
    return {
        int(r.entity_id): {
            "id": int(r.entity_id),
            "name": r.before["name"],
            "commune_id": r.before["commune_id"],
        }
        for r in rows
    }


def former_units(conn: Connection, point_id: int, *, today: date | None = None) -> str | None:
    """What the point's last plate on a wall may still say that is no longer its address
    ('xã Thạch Bình, TP Hà Tĩnh'), or None: the units at the print date against today's."""
    printed = conn.execute(_last_printed(), {"point_id": point_id}).scalar()
    if printed is None:
        return None
    then = addresses_at(conn, [point_id], date.max, known_at=printed)
    if point_id not in then:
        return None
    today = today or date.today()
    # Each side as its plate words it: a plate printed after the reform names no district.
    printed_words = then[point_id].as_on(as_date(printed))
    return printed_words.changed_units(address_at(conn, point_id, today).as_on(today))


@cache
def _last_printed() -> Any:
    """When the point's last real plate was printed (built once: the address page asks it on
    every view)."""
    return (
        select(func.max(batches.c.created_at))
        .select_from(batch_items)
        .join(batches, batches.c.id == batch_items.c.batch_id)
        .where(batch_items.c.point_id == bindparam("point_id"), batches.c.draft.is_(False))
    )


def list_reorganisations(conn: Connection) -> list[Reorganisation]:
    rows = conn.execute(select(reorganisations).order_by(reorganisations.c.id)).all()
    return [reorganisation(r, r.undone_at) for r in rows]


def reorganisation(row: Any, undone_at: datetime | None) -> Reorganisation:
    """A row of ``reorganisations`` as read by the faces."""
    removed = row.kind == "commune.district" and not (row.details or {}).get("to")
    return Reorganisation(
        row.id,
        row.kind,
        as_date(row.effective),
        stored_summary(row.summary),
        row.actor,
        row.created_at,
        undone_at,
        removed,
    )


def iso_date(day: date | None) -> str | None:
    """A date as a change row's JSON holds it (:func:`as_date` reads it back)."""
    return day.isoformat() if day else None


def as_date(value: Any) -> date:
    """A date column's value as a date (SQLite hands back text or a datetime)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
