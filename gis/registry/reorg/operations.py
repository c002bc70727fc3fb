"""The reorganisations themselves, each one transaction: a commune merge, rename or change of
district, a village rename or merge.

Each is checked first (`checks`), then written and recorded with the changes it can be taken back
with (`journal`). Codes are never touched: a point keeps its code and area number whatever
happens around it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

import shapely
from sqlalchemy import Connection, delete, insert, select, update

from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune, check_new_commune
from gis.registry.reorg.checks import (
    refuse_clashes,
    refuse_earlier,
    standing_commune,
)
from gis.registry.reorg.journal import (
    Change,
    open_reorg,
    outline_columns,
    record_history,
    record_reorg,
    village_snapshot,
)
from gis.registry.reorg.merge_clashes import (
    VillageRename,
    namespace_refs,
    rename_clashing_villages,
    shared_province,
    villages_of,
)
from gis.registry.reorg.timeline import NONE, iso_date
from gis.registry.village_lookup import (
    checked_village_name,
    find_village,
    refuse_village_name_taken,
    unknown_village,
)
from gis.storage.db import Registry
from gis.storage.events import now
from gis.storage.schema import code_counters, communes, points, user_villages, users, villages

__all__ = [
    "merge_communes",
    "merge_villages",
    "rename_commune",
    "rename_village",
    "set_district",
]


# --- a commune merge -----------------------------------------------------------------------


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
    village_renames: Sequence[VillageRename] = (),
    glyphs: frozenset[str] | None = None,
    actor: str,
) -> Commune:
    """Make a new commune of ``sources`` from ``effective``: their villages (and points) become
    its own, the old communes name it as successor; every code stays as it is, and new codes
    take the new area number. Villages of one name are renamed as ``village_renames`` say (or
    the merger is refused naming each clash); references several communes share are namespaced
    (:mod:`gis.registry.reorg.merge_clashes`). One transaction: all of it or nothing."""
    into, commune_code = into.strip(), commune_code.strip()
    check_new_commune(
        name=into, commune_code=commune_code, area_number=area_number, name_field="into"
    )
    if not sources:
        raise InvalidInput("reorg.no_sources", field="sources")
    with registry.write() as conn:
        names = dict.fromkeys(s.strip() for s in sources)
        olds = [standing_commune(conn, name, field="sources") for name in names]
        refuse_clashes(conn, into, commune_code, area_number, olds)
        vrows = villages_of(conn, [c.id for c in olds])
        renamed = rename_clashing_villages(
            conn, vrows, olds, village_renames, into=into, glyphs=glyphs
        )
        units = [("village", int(ch[1])) for ch in renamed]
        refuse_earlier(conn, [*(("commune", c.id) for c in olds), *units], effective)
        if province is None:
            province = shared_province(olds)
        at = now()
        reorg_id = open_reorg(conn, "commune.merge", effective, actor, at)
        changes = renamed + namespace_refs(conn, olds, into=into)
        made = Commune(0, into, commune_code, area_number, district or None, province)
        made = replace(made, district_from=effective if made.district else None)
        new = _create_commune(conn, made, at)
        changes += _move_villages(conn, vrows, new.id)
        officers = _move_points_and_officers(conn, olds, new.id)
        changes += _close_communes(conn, reorg_id, olds, new, effective)
        summary = f"{', '.join(c.name for c in olds)} → {into} ({area_number:05d})"
        details = {
            "into": into,
            "into_id": new.id,
            "commune_code": commune_code,
            "area_number": area_number,
            "from": [{"id": c.id, "name": c.name} for c in olds],
            "villages": len(vrows),
            "officers": officers,
            "renamed_villages": [{"id": ch[1], "from": ch[3], "to": ch[4]} for ch in renamed],
            "namespaced_refs": sum(1 for ch in changes if ch[0] == "point"),
        }
        record_reorg(conn, reorg_id, summary=summary, details=details, changes=changes)
        return new


def _create_commune(conn: Connection, new: Commune, at: datetime) -> Commune:
    """The merged commune's row (``new.id`` is ignored), and its area's counter if it has none."""
    new_id = conn.execute(
        insert(communes)
        .values(
            name=new.name,
            commune_code=new.commune_code,
            area_number=new.area_number,
            district=new.district,
            district_from=new.district_from,
            province=new.province,
            created_at=at,
        )
        .returning(communes.c.id)
    ).scalar_one()
    counter = conn.execute(
        select(code_counters.c.area_number).where(code_counters.c.area_number == new.area_number)
    ).first()
    if counter is None:
        conn.execute(insert(code_counters).values(area_number=new.area_number, last_serial=0))
    return replace(new, id=new_id)


def _move_villages(conn: Connection, vrows: Sequence[Any], new_id: int) -> list[Change]:
    """The villages join the new commune, numbered in the merged communes' order."""
    changes: list[Change] = []
    for ordinal, v in enumerate(vrows, start=1):
        conn.execute(
            update(villages).where(villages.c.id == v.id).values(commune_id=new_id, ordinal=ordinal)
        )
        changes.append(("village", v.id, "commune_id", v.commune_id, new_id))
        changes.append(("village", v.id, "ordinal", v.ordinal, ordinal))
    return changes


def _move_points_and_officers(
    conn: Connection, olds: Sequence[Commune], new_id: int
) -> dict[str, int]:
    """Points and officers follow; returns each moved officer's former commune (for undo)."""
    old_ids = [c.id for c in olds]
    conn.execute(update(points).where(points.c.commune_id.in_(old_ids)).values(commune_id=new_id))
    officers = {
        str(r.id): int(r.commune_id)
        for r in conn.execute(
            select(users.c.id, users.c.commune_id).where(users.c.commune_id.in_(old_ids))
        )
    }
    if officers:
        ids = [int(u) for u in officers]
        conn.execute(update(users).where(users.c.id.in_(ids)).values(commune_id=new_id))
    return officers


def _close_communes(
    conn: Connection, reorg_id: int, olds: Sequence[Commune], new: Commune, effective: date
) -> list[Change]:
    """The merged communes name their successor; the history says who was merged into whom."""
    changes: list[Change] = []
    for c in olds:
        conn.execute(update(communes).where(communes.c.id == c.id).values(successor_id=new.id))
        changes.append(("commune", c.id, "successor_id", None, new.id))
        record_history(conn, reorg_id, c.id, effective, "merged", c, {"into": new.name})
    record_history(
        conn, reorg_id, new.id, effective, "created", new, {"from": [c.name for c in olds]}
    )
    return changes


# --- a commune renamed or re-parented ------------------------------------------------------


def rename_commune(
    registry: Registry, *, name: str, to: str, effective: date, actor: str
) -> Commune:
    to = to.strip()
    if not to:
        raise InvalidInput("commune.name_empty", field="to", value=to)
    with registry.write() as conn:
        old = standing_commune(conn, name)
        if to == old.name:
            raise InvalidInput("reorg.same_name", field="to", value=to, commune=old.name)
        taken = conn.execute(
            select(communes.c.id).where(
                communes.c.name == to, communes.c.successor_id.is_(None), communes.c.id != old.id
            )
        ).first()
        if taken is not None:
            raise Conflict("commune.name_taken", field="to", value=to)
        refuse_earlier(conn, [("commune", old.id)], effective)
        reorg_id = open_reorg(conn, "commune.rename", effective, actor, now())
        conn.execute(update(communes).where(communes.c.id == old.id).values(name=to))
        new = replace(old, name=to)  # its settings (issuer, phone…) stay
        record_history(conn, reorg_id, old.id, effective, "renamed", new, {"from": old.name})
        record_reorg(
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
        old = standing_commune(conn, name)
        if district == old.district:
            if district is None:
                raise InvalidInput("reorg.no_district_already", field="district", commune=old.name)
            raise InvalidInput(
                "reorg.same_district", field="district", value=district, commune=old.name
            )
        refuse_earlier(conn, [("commune", old.id)], effective)
        reorg_id = open_reorg(conn, "commune.district", effective, actor, now())
        # The district stands from the reorganisation's date: after the 2025 reform an address
        # names it only when that date is on or after 1 July 2025 (addrgen.address).
        conn.execute(
            update(communes)
            .where(communes.c.id == old.id)
            .values(district=district, district_from=effective)
        )
        new = replace(old, district=district, district_from=effective)
        record_history(conn, reorg_id, old.id, effective, "district", new, {"from": old.district})
        record_reorg(
            conn,
            reorg_id,
            # No words in a stored summary: its reader's language says what "—" means.
            summary=f"{old.name}: {old.district or NONE} → {district or NONE}",
            details={"commune_id": old.id, "from": old.district, "to": district},
            changes=[
                ("commune", old.id, "district", old.district, district),
                (
                    "commune",
                    old.id,
                    "district_from",
                    iso_date(old.district_from),
                    iso_date(effective),
                ),
            ],
        )
        return new


# --- villages ------------------------------------------------------------------------------


def rename_village(
    registry: Registry,
    commune: Commune,
    *,
    name: str,
    to: str,
    effective: date,
    actor: str,
    glyphs: frozenset[str] | None = None,
) -> None:
    """Rename a village from ``effective``; the new name is held to the rules of imported
    names (``glyphs``: the plate font's, which every plate of the village prints it in)."""
    to = checked_village_name(to, field="to", glyphs=glyphs)
    with registry.write() as conn:
        row = find_village(conn, commune, name)
        refuse_village_name_taken(conn, commune, to, row.id, field="to")
        refuse_earlier(conn, [("village", row.id)], effective)
        reorg_id = open_reorg(conn, "village.rename", effective, actor, now())
        conn.execute(update(villages).where(villages.c.id == row.id).values(name=to))
        record_reorg(
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
        target, merged = _villages_to_merge(conn, commune, sources, into)
        refuse_earlier(conn, [("village", v.id) for v in [target, *merged]], effective)
        reorg_id = open_reorg(conn, "village.merge", effective, actor, now())
        changes: list[Change] = []
        for v in merged:
            changes += _move_points(conn, v, target)
            volunteers = _move_volunteers(conn, v, target)
            changes.append(("village", v.id, "removed", village_snapshot(v, volunteers), None))
            conn.execute(delete(villages).where(villages.c.id == v.id))
        changes.append(_widen_boundary(conn, target, merged))
        record_reorg(
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


def _villages_to_merge(
    conn: Connection, commune: Commune, sources: Sequence[str], into: str
) -> tuple[Any, list[Any]]:
    """The village merged into, and the others (each once, in the order given)."""
    rows = {
        r.name: r for r in conn.execute(select(villages).where(villages.c.commune_id == commune.id))
    }
    names = [n.strip() for n in sources]
    for field, name in [*(("sources", n) for n in names), ("into", into.strip())]:
        if name not in rows:
            raise unknown_village(commune, name, rows, field=field)
    target = rows[into.strip()]
    merged = [rows[n] for n in dict.fromkeys(names) if n != target.name]
    if not merged:
        raise InvalidInput("reorg.no_villages_to_merge", field="sources", into=target.name)
    return target, merged


def _move_points(conn: Connection, village: Any, target: Any) -> list[Change]:
    moved = [
        int(p)
        for p in conn.execute(
            select(points.c.id).where(points.c.village_id == village.id)
        ).scalars()
    ]
    conn.execute(
        update(points).where(points.c.village_id == village.id).values(village_id=target.id)
    )
    return [("point", p, "village_id", village.id, target.id) for p in moved]


def _move_volunteers(conn: Connection, village: Any, target: Any) -> list[int]:
    """The village's volunteers work in the target from now; returns who they were (for undo)."""
    volunteers = [
        int(u)
        for u in conn.execute(
            select(user_villages.c.user_id).where(user_villages.c.village_id == village.id)
        ).scalars()
    ]
    conn.execute(delete(user_villages).where(user_villages.c.village_id == village.id))
    have = set(
        conn.execute(
            select(user_villages.c.user_id).where(user_villages.c.village_id == target.id)
        ).scalars()
    )
    add = [u for u in volunteers if u not in have]
    if add:
        conn.execute(insert(user_villages), [{"user_id": u, "village_id": target.id} for u in add])
    return volunteers


def _widen_boundary(conn: Connection, target: Any, merged: Sequence[Any]) -> Change:
    """The target's outline becomes the union of all; the change keeps the old one (for undo)."""
    union = shapely.union_all([shapely.from_wkb(v.boundary_wkb) for v in [target, *merged]])
    conn.execute(update(villages).where(villages.c.id == target.id).values(outline_columns(union)))
    return ("village", target.id, "boundary", village_snapshot(target, []), None)
