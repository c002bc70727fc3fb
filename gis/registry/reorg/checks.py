"""What a reorganisation is refused for, checked before anything is written: a commune already
merged, a clash of names, codes or area numbers, villages or references the merged commune could
hold only once, and a date earlier than one already recorded (or in the future).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune
from gis.registry.reorg.timeline import as_date, find_commune
from gis.storage.schema import code_counters, communes, points, reorg_changes, reorganisations

__all__ = [
    "refuse_clashes",
    "refuse_duplicate_names",
    "refuse_duplicate_refs",
    "refuse_earlier",
    "standing_commune",
]


def standing_commune(conn: Connection, name: str) -> Commune:
    commune = find_commune(conn, name)
    successor = conn.execute(
        select(communes.c.successor_id).where(communes.c.id == commune.id)
    ).scalar()
    if successor is not None:
        raise InvalidInput(f"{commune.name} was already merged into another commune")
    return commune


def refuse_clashes(
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


def refuse_duplicate_names(vrows: Sequence[Any], olds: Sequence[Commune], into: str) -> None:
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


def refuse_duplicate_refs(conn: Connection, commune_ids: Sequence[int], into: str) -> None:
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


def refuse_earlier(conn: Connection, units: Sequence[tuple[str, int]], effective: date) -> None:
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
        if latest is not None and as_date(latest) > effective:
            raise InvalidInput(
                f"--effective {effective.isoformat()}: a reorganisation effective "
                f"{as_date(latest).isoformat()} is already recorded for this {entity}; "
                "changes are entered in date order (undo the later one first)"
            )
