"""What a reorganisation is refused for, checked before anything is written: a commune already
merged, a clash of names, codes or area numbers, and a date earlier than one already recorded (or
in the future). Villages and references a merged commune could hold only once: `merge_clashes`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import Connection, func, select

from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune, get_commune
from gis.registry.reorg.timeline import as_date
from gis.storage.schema import code_counters, communes, reorg_changes, reorganisations

__all__ = [
    "effective_date",
    "refuse_clashes",
    "refuse_earlier",
    "standing_commune",
]


def effective_date(text: str) -> date:
    """The date a reorganisation takes effect, as typed (YYYY-MM-DD: the CLI's ``--effective``
    and a browser's date field alike)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidInput(
            "date.invalid", field="effective", value=text, expected="YYYY-MM-DD"
        ) from exc


def standing_commune(conn: Connection, name: str, *, field: str = "name") -> Commune:
    """The commune of that name that still stands (``field``: the caller's parameter)."""
    commune = get_commune(conn, name, field=field)
    successor = conn.execute(
        select(communes.c.successor_id).where(communes.c.id == commune.id)
    ).scalar()
    if successor is not None:
        raise InvalidInput("commune.already_merged", field=field, value=commune.name)
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
            "reorg.code_taken",
            name=clash.name,
            commune_code=clash.commune_code,
            area_number=clash.area_number,
        )
    used = conn.execute(
        select(code_counters.c.area_number).where(code_counters.c.area_number == area_number)
    ).first()
    if used is not None:
        raise Conflict(
            "reorg.area_number_used",
            field="area_number",
            value=area_number,
            area_number=area_number,
        )
    others = conn.execute(
        select(communes.c.id).where(
            communes.c.name == into,
            communes.c.successor_id.is_(None),
            communes.c.id.not_in([c.id for c in olds]),
        )
    ).first()
    if others is not None:
        raise Conflict("commune.name_taken", field="into", value=into)


def refuse_earlier(conn: Connection, units: Sequence[tuple[str, int]], effective: date) -> None:
    # The registry's tables hold today's units, so a reorganisation is entered once it stands:
    # a future date would show the new units before their day.
    if effective > date.today():
        raise InvalidInput(
            "reorg.future_date",
            field="effective",
            value=effective.isoformat(),
            expected="today or earlier",
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
                "reorg.date_order",
                field="effective",
                value=effective.isoformat(),
                expected=f"{as_date(latest).isoformat()} or later",
                latest=as_date(latest).isoformat(),
                entity=entity,
            )
