"""Administrative reorganisations as dated events, and the address of a point at any date.

A commune merge or rename, a district level abolished, a village renamed: each is one row of
`reorganisations` and one row of `reorg_changes` per field it changed (before and after). The
registry's rows always hold the latest state; the state at an earlier date is found by taking
back, newest first, the changes effective after that date (`addresses_at`). Dates only move
forward per unit: a change dated before the last one already recorded for the same unit is
refused, so taking changes back is the same as replaying them forward.

Codes are never touched: a point keeps its code and area number whatever happens around it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any

import shapely
from sqlalchemy import Connection, bindparam, delete, func, insert, select, update

from gis.errors import Conflict, InvalidInput, NotFound
from gis.registry.communes import Commune
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

__all__ = [
    "AddressText",
    "Reorganisation",
    "address_at",
    "addresses_at",
    "find_commune",
    "former_units",
    "list_reorganisations",
    "merge_communes",
    "merge_villages",
    "rename_commune",
    "rename_village",
    "set_district",
    "undo_reorganisation",
]


@dataclass(frozen=True)
class AddressText:
    """The parts of a point's address at one date (house part, village, commune, district,
    province); the plate's words are composed from them by `plates.records.address_text`."""

    house_number: str | None
    street: str | None
    village: str
    commune: str
    district: str | None
    province: str | None

    @property
    def units(self) -> str:
        """'xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh': the administrative part."""
        return ", ".join(p for p in (self.commune, self.district, self.province) if p)

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


@dataclass(frozen=True)
class Reorganisation:
    id: int
    kind: str
    effective: date
    summary: str
    actor: str
    created_at: datetime
    undone_at: datetime | None


# --- reading: the address at a date ------------------------------------------------------


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
        out[pid] = AddressText(
            row.house_number, row.street, v["name"], c["name"], c["district"], c["province"]
        )
    return out


def address_at(conn: Connection, point_id: int, when: date) -> AddressText:
    """The address of one point as it stood on ``when`` (replaying the reorganisations)."""
    found = addresses_at(conn, [point_id], when)
    if point_id not in found:
        raise NotFound(f"no point with id {point_id}")
    return found[point_id]


def _overlay(
    conn: Connection, when: date, known_at: datetime | None = None
) -> dict[tuple[str, int, str], Any]:
    """For each field changed after ``when`` (or entered after ``known_at``): its value before
    the first such change. Per unit, dates follow entry order (`_refuse_earlier`), so both
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
        cols = [communes.c.id, communes.c.name, communes.c.district, communes.c.province]
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
    return then[point_id].changed_units(address_at(conn, point_id, today or date.today()))


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
    return [
        Reorganisation(
            r.id, r.kind, _as_date(r.effective), r.summary, r.actor, r.created_at, r.undone_at
        )
        for r in rows
    ]


def find_commune(conn: Connection, name: str) -> Commune:
    """A commune by name, preferring the one still standing (a merged commune may share its
    name with its successor, as Cẩm Bình did in 2025)."""
    row = conn.execute(
        select(communes)
        .where(communes.c.name == name.strip())
        .order_by(communes.c.successor_id.is_not(None), communes.c.id)
    ).first()
    if row is None:
        known = ", ".join(r.name for r in conn.execute(select(communes.c.name)))
        raise NotFound(f"no commune named {name!r} in this registry (it holds: {known})")
    return Commune(row.id, row.name, row.commune_code, row.area_number, row.district, row.province)


# --- writing: the reorganisations ----------------------------------------------------------


Change = tuple[str, int, str, Any, Any]  # entity, id, field, before, after


def merge_communes(
    registry: Registry,
    *,
    into: str,
    commune_code: str,
    area_number: int,
    sources: Sequence[str],
    effective: date,
    district: str | None = None,
    province: str | None = None,
    actor: str,
) -> Commune:
    """Make a new commune of ``sources`` from ``effective``: their villages (and points) become
    its own, the old communes name it as successor; every code stays as it is, and new codes
    take the new area number."""
    into = into.strip()
    if not into:
        raise InvalidInput("--into: the new commune's name is empty")
    if not commune_code.strip().isdigit():
        raise InvalidInput(f"--code {commune_code!r}: expected the statistics code digits")
    if not 0 <= area_number <= 99999:
        raise InvalidInput(f"--area-number {area_number}: expected a 5-digit number (0–99999)")
    if len(set(sources)) < 1:
        raise InvalidInput("--from: name the communes that are merged")
    with registry.write() as conn:
        olds = [_standing(conn, name) for name in dict.fromkeys(s.strip() for s in sources)]
        _refuse_clashes(conn, into, commune_code.strip(), area_number, olds)
        vrows = _villages_of(conn, [c.id for c in olds])
        _refuse_duplicate_names(vrows, olds, into)
        _refuse_duplicate_refs(conn, [c.id for c in olds], into)
        _refuse_earlier(conn, [("commune", c.id) for c in olds], effective)
        provinces = {c.province for c in olds}
        if province is None and len(provinces) == 1:
            province = provinces.pop()
        at = now()
        reorg_id = _open(conn, "commune.merge", effective, actor, at)
        new_id = conn.execute(
            insert(communes)
            .values(
                name=into,
                commune_code=commune_code.strip(),
                area_number=area_number,
                district=district or None,
                province=province,
                created_at=at,
            )
            .returning(communes.c.id)
        ).scalar_one()
        if (
            conn.execute(
                select(code_counters.c.area_number).where(
                    code_counters.c.area_number == area_number
                )
            ).first()
            is None
        ):
            conn.execute(insert(code_counters).values(area_number=area_number, last_serial=0))
        changes: list[Change] = []
        for ordinal, v in enumerate(vrows, start=1):
            conn.execute(
                update(villages)
                .where(villages.c.id == v.id)
                .values(commune_id=new_id, ordinal=ordinal)
            )
            changes.append(("village", v.id, "commune_id", v.commune_id, new_id))
            changes.append(("village", v.id, "ordinal", v.ordinal, ordinal))
        old_ids = [c.id for c in olds]
        conn.execute(
            update(points).where(points.c.commune_id.in_(old_ids)).values(commune_id=new_id)
        )
        officers = {
            str(r.id): int(r.commune_id)
            for r in conn.execute(
                select(users.c.id, users.c.commune_id).where(users.c.commune_id.in_(old_ids))
            )
        }
        for c in olds:
            conn.execute(update(communes).where(communes.c.id == c.id).values(successor_id=new_id))
            changes.append(("commune", c.id, "successor_id", None, new_id))
            _history(conn, reorg_id, c.id, effective, "merged", c, {"into": into})
        if officers:
            ids = [int(u) for u in officers]
            conn.execute(update(users).where(users.c.id.in_(ids)).values(commune_id=new_id))
        new = Commune(new_id, into, commune_code.strip(), area_number, district or None, province)
        _history(
            conn, reorg_id, new_id, effective, "created", new, {"from": [c.name for c in olds]}
        )
        summary = f"{', '.join(c.name for c in olds)} → {into} ({area_number:05d})"
        details = {
            "into": into,
            "into_id": new_id,
            "commune_code": commune_code.strip(),
            "area_number": area_number,
            "from": [{"id": c.id, "name": c.name} for c in olds],
            "villages": len(vrows),
            "officers": officers,
        }
        _record(conn, reorg_id, summary=summary, details=details, changes=changes)
        return new


def rename_commune(
    registry: Registry, *, name: str, to: str, effective: date, actor: str
) -> Commune:
    to = to.strip()
    if not to:
        raise InvalidInput("--to: the new name is empty")
    with registry.write() as conn:
        old = _standing(conn, name)
        if to == old.name:
            raise InvalidInput(f"{old.name} is already called {to!r}")
        taken = conn.execute(
            select(communes.c.id).where(
                communes.c.name == to, communes.c.successor_id.is_(None), communes.c.id != old.id
            )
        ).first()
        if taken is not None:
            raise Conflict(f"--to {to!r}: another commune of the registry is called that")
        _refuse_earlier(conn, [("commune", old.id)], effective)
        reorg_id = _open(conn, "commune.rename", effective, actor, now())
        conn.execute(update(communes).where(communes.c.id == old.id).values(name=to))
        new = Commune(old.id, to, old.commune_code, old.area_number, old.district, old.province)
        _history(conn, reorg_id, old.id, effective, "renamed", new, {"from": old.name})
        _record(
            conn,
            reorg_id,
            summary=f"{old.name} → {to}",
            details={"commune_id": old.id, "from": old.name, "to": to},
            changes=[("commune", old.id, "name", old.name, to)],
        )
        return new


def set_district(
    registry: Registry, *, name: str, district: str | None, effective: date, actor: str
) -> Commune:
    """Re-parent a commune: a new district, or none when the district level is abolished."""
    district = (district or "").strip() or None
    with registry.write() as conn:
        old = _standing(conn, name)
        if district == old.district:
            raise InvalidInput(f"{old.name}'s district is already {district or 'none'}")
        _refuse_earlier(conn, [("commune", old.id)], effective)
        reorg_id = _open(conn, "commune.district", effective, actor, now())
        conn.execute(update(communes).where(communes.c.id == old.id).values(district=district))
        new = Commune(old.id, old.name, old.commune_code, old.area_number, district, old.province)
        _history(conn, reorg_id, old.id, effective, "district", new, {"from": old.district})
        _record(
            conn,
            reorg_id,
            summary=f"{old.name}: {old.district or '—'} → {district or '— (no district level)'}",
            details={"commune_id": old.id, "from": old.district, "to": district},
            changes=[("commune", old.id, "district", old.district, district)],
        )
        return new


def rename_village(
    registry: Registry, commune: Commune, *, name: str, to: str, effective: date, actor: str
) -> None:
    to = to.strip()
    if not to:
        raise InvalidInput("--to: the new name is empty")
    with registry.write() as conn:
        row = conn.execute(
            select(villages).where(
                villages.c.commune_id == commune.id, villages.c.name == name.strip()
            )
        ).first()
        if row is None:
            raise NotFound(f"no village named {name!r} in {commune.name}")
        taken = conn.execute(
            select(villages.c.id).where(
                villages.c.commune_id == commune.id, villages.c.name == to, villages.c.id != row.id
            )
        ).first()
        if taken is not None:
            raise Conflict(f"--to {to!r}: {commune.name} already has a village of that name")
        _refuse_earlier(conn, [("village", row.id)], effective)
        reorg_id = _open(conn, "village.rename", effective, actor, now())
        conn.execute(update(villages).where(villages.c.id == row.id).values(name=to))
        _record(
            conn,
            reorg_id,
            summary=f"{commune.name}: {row.name} → {to}",
            details={"village_id": row.id, "commune_id": commune.id, "from": row.name, "to": to},
            changes=[("village", row.id, "name", row.name, to)],
        )


def merge_villages(
    registry: Registry,
    commune: Commune,
    *,
    sources: Sequence[str],
    into: str,
    effective: date,
    actor: str,
) -> None:
    """Merge villages into one of them from a date: their points (codes unchanged) and their
    area join it; the merged villages leave the registry's list (their names stay in the
    history, for the addresses and plates of before)."""
    with registry.write() as conn:
        rows = {
            r.name: r
            for r in conn.execute(select(villages).where(villages.c.commune_id == commune.id))
        }
        names = [n.strip() for n in sources]
        for name in [*names, into.strip()]:
            if name not in rows:
                raise NotFound(f"no village named {name!r} in {commune.name}")
        target = rows[into.strip()]
        merged = [rows[n] for n in dict.fromkeys(names) if n != target.name]
        if not merged:
            raise InvalidInput("--from: name villages other than the one they merge into")
        _refuse_earlier(conn, [("village", v.id) for v in [target, *merged]], effective)
        reorg_id = _open(conn, "village.merge", effective, actor, now())
        changes: list[Change] = []
        for v in merged:
            moved = [
                int(p)
                for p in conn.execute(
                    select(points.c.id).where(points.c.village_id == v.id)
                ).scalars()
            ]
            conn.execute(
                update(points).where(points.c.village_id == v.id).values(village_id=target.id)
            )
            changes += [("point", p, "village_id", v.id, target.id) for p in moved]
            volunteers = [
                int(u)
                for u in conn.execute(
                    select(user_villages.c.user_id).where(user_villages.c.village_id == v.id)
                ).scalars()
            ]
            conn.execute(delete(user_villages).where(user_villages.c.village_id == v.id))
            have = set(
                conn.execute(
                    select(user_villages.c.user_id).where(user_villages.c.village_id == target.id)
                ).scalars()
            )
            add = [u for u in volunteers if u not in have]
            if add:
                conn.execute(
                    insert(user_villages), [{"user_id": u, "village_id": target.id} for u in add]
                )
            changes.append(("village", v.id, "removed", _snapshot(v, volunteers), None))
            conn.execute(delete(villages).where(villages.c.id == v.id))
        union = shapely.union_all([shapely.from_wkb(v.boundary_wkb) for v in [target, *merged]])
        minx, miny, maxx, maxy = union.bounds
        conn.execute(
            update(villages)
            .where(villages.c.id == target.id)
            .values(
                boundary_wkb=shapely.to_wkb(union),
                min_lon=minx,
                min_lat=miny,
                max_lon=maxx,
                max_lat=maxy,
            )
        )
        changes.append(("village", target.id, "boundary", _snapshot(target, []), None))
        _record(
            conn,
            reorg_id,
            summary=f"{commune.name}: {', '.join(v.name for v in merged)} → {target.name}",
            details={
                "commune_id": commune.id,
                "village_id": target.id,
                "from": [{"id": v.id, "name": v.name} for v in merged],
            },
            changes=changes,
        )


def _snapshot(row: Any, volunteers: list[int]) -> dict[str, Any]:
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


def undo_reorganisation(registry: Registry, reorg_id: int, *, actor: str) -> Reorganisation:
    """Take back a wrongly entered reorganisation: refused once plates were printed under it
    (or codes issued in a commune it made), or when a later one builds on it."""
    with registry.write() as conn:
        row = conn.execute(select(reorganisations).where(reorganisations.c.id == reorg_id)).first()
        if row is None:
            raise NotFound(f"no reorganisation {reorg_id} (see `diachiso communes history`)")
        if row.undone_at is not None:
            raise InvalidInput(f"reorganisation {reorg_id} was already undone")
        changes = conn.execute(
            select(reorg_changes)
            .where(reorg_changes.c.reorg_id == reorg_id)
            .order_by(reorg_changes.c.id.desc())
        ).all()
        _refuse_later(conn, row, changes)
        _refuse_printed(conn, row, changes)
        at = now()
        if row.kind == "village.merge":
            changes = _restore_villages(conn, changes)
        # One update per unit with all its fields: a village goes back to its commune and its
        # ordinal at once (one field at a time could meet another village's ordinal).
        undo: dict[tuple[str, int], dict[str, Any]] = {}
        for ch in changes:
            undo.setdefault((ch.entity, int(ch.entity_id)), {})[ch.field] = ch.before
        for (entity, entity_id), values in undo.items():
            table = {"commune": communes, "village": villages, "point": points}[entity]
            conn.execute(update(table).where(table.c.id == entity_id).values(values))
        _drop_history(conn, reorg_id)
        if row.kind == "commune.merge":
            _unmerge(conn, row.details)
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
        return Reorganisation(
            row.id, row.kind, _as_date(row.effective), row.summary, row.actor, row.created_at, at
        )


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
                f"reorganisation {later.id} ({later.summary}) was entered after {row.id} and "
                f"builds on it: undo {later.id} first"
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
                raise Conflict(f"reorganisation {rid} changed the merged commune: undo it first")


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
                f"{issued} code(s) were issued with area number {area:05d} of "
                f"{row.details['into']}: codes are permanent, so this merge cannot be undone"
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
            f"{printed[0]} plate(s) were printed under reorganisation {row.id} (batch "
            f"{printed[1]} and later): it can no longer be undone; enter a new one instead"
        )


def _standing(conn: Connection, name: str) -> Commune:
    commune = find_commune(conn, name)
    successor = conn.execute(
        select(communes.c.successor_id).where(communes.c.id == commune.id)
    ).scalar()
    if successor is not None:
        raise InvalidInput(f"{commune.name} was already merged into another commune")
    return commune


def _refuse_clashes(
    conn: Connection, into: str, code: str, area_number: int, olds: Sequence[Commune]
) -> None:
    clash = conn.execute(
        select(communes.c.name, communes.c.commune_code, communes.c.area_number).where(
            (communes.c.area_number == area_number) | (communes.c.commune_code == code)
        )
    ).first()
    if clash is not None:
        raise Conflict(
            f"{clash.name} already has code {clash.commune_code} and area number "
            f"{clash.area_number:05d}: the new commune needs its own code and area number"
        )
    used = conn.execute(
        select(code_counters.c.area_number).where(code_counters.c.area_number == area_number)
    ).first()
    if used is not None:
        raise Conflict(f"area number {area_number:05d} has already issued codes")
    others = conn.execute(
        select(communes.c.id).where(
            communes.c.name == into,
            communes.c.successor_id.is_(None),
            communes.c.id.not_in([c.id for c in olds]),
        )
    ).first()
    if others is not None:
        raise Conflict(f"--into {into!r}: another standing commune is called that")


def _villages_of(conn: Connection, commune_ids: Sequence[int]) -> list[Any]:
    rows = conn.execute(
        select(villages.c.id, villages.c.name, villages.c.commune_id, villages.c.ordinal).where(
            villages.c.commune_id.in_(list(commune_ids))
        )
    ).all()
    order = {cid: i for i, cid in enumerate(commune_ids)}
    return sorted(rows, key=lambda r: (order[r.commune_id], r.ordinal))


def _refuse_duplicate_names(vrows: Sequence[Any], olds: Sequence[Commune], into: str) -> None:
    names = {c.id: c.name for c in olds}
    seen: dict[str, int] = {}
    for v in vrows:
        if v.name in seen:
            raise Conflict(
                f"{names[seen[v.name]]} and {names[v.commune_id]} both have a village called "
                f"{v.name!r}, and {into} may have only one: rename one first "
                "(`diachiso villages rename NAME --to NEW --effective DATE --commune …`)"
            )
        seen[v.name] = v.commune_id


def _refuse_duplicate_refs(conn: Connection, commune_ids: Sequence[int], into: str) -> None:
    clash = conn.execute(
        select(points.c.ref, func.count())
        .where(points.c.commune_id.in_(list(commune_ids)), points.c.ref.is_not(None))
        .group_by(points.c.ref)
        .having(func.count() > 1)
        .limit(5)
    ).all()
    if clash:
        refs = ", ".join(repr(r.ref) for r in clash)
        raise Conflict(
            f"points of the merged communes share source references ({refs}…), which must be "
            f"unique within {into}: give them distinct references first"
        )


def _refuse_earlier(conn: Connection, units: Sequence[tuple[str, int]], effective: date) -> None:
    # The registry's tables hold today's units, so a reorganisation is entered once it stands:
    # a future date would show the new units before their day.
    if effective > date.today():
        raise InvalidInput(
            f"--effective {effective.isoformat()} is in the future: enter a reorganisation on "
            "or after the day it takes effect (until then the current units stand)"
        )
    for entity, entity_id in units:
        latest = conn.execute(
            select(func.max(reorg_changes.c.effective))
            .join(reorganisations, reorganisations.c.id == reorg_changes.c.reorg_id)
            .where(
                reorg_changes.c.entity == entity,
                reorg_changes.c.entity_id == entity_id,
                reorganisations.c.undone_at.is_(None),
            )
        ).scalar()
        if latest is not None and _as_date(latest) > effective:
            raise InvalidInput(
                f"--effective {effective.isoformat()}: a reorganisation effective "
                f"{_as_date(latest).isoformat()} is already recorded for this {entity}; "
                "changes are entered in date order (undo the later one first)"
            )


def _history(
    conn: Connection,
    reorg_id: int,
    commune_id: int,
    effective: date,
    action: str,
    state: Commune,
    details: dict[str, Any],
) -> None:
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


def _open(conn: Connection, kind: str, effective: date, actor: str, at: datetime) -> int:
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


def _record(
    conn: Connection,
    reorg_id: int,
    *,
    summary: str,
    details: dict[str, Any],
    changes: Sequence[Change],
) -> None:
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
        after={"effective": _as_date(row.effective).isoformat(), "summary": summary, **details},
        at=row.created_at,
    )


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
