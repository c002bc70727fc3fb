"""Finding a village of a commune by name, and the errors that name what it has instead.

Apart from :mod:`gis.registry.villages` so that the reorganisations, issuing, print batches and
accounts can use them without importing the import (which imports the reorganisations)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, Row, select

from gis.errors import Conflict, InvalidInput, NotFound
from gis.ingest.textrules import clean_name, name_fault, shown_text
from gis.registry.communes import Commune
from gis.storage.schema import villages

__all__ = [
    "checked_village_name",
    "find_village",
    "refuse_village_name_taken",
    "unknown_village",
]


def find_village(conn: Connection, commune: Commune, name: str, *, field: str = "name") -> Row[Any]:
    """The village row of that name in the commune; ``NotFound`` naming the villages it has
    otherwise (``field``: the caller's parameter that holds the name)."""
    row = conn.execute(
        select(villages).where(villages.c.commune_id == commune.id, villages.c.name == name.strip())
    ).first()
    if row is None:
        known = conn.execute(
            select(villages.c.name)
            .where(villages.c.commune_id == commune.id)
            .order_by(villages.c.ordinal)
        ).scalars()
        raise unknown_village(commune, name, known, field=field)
    return row


def unknown_village(
    commune: Commune, name: str, known: Iterable[str], *, field: str = "name"
) -> NotFound:
    """The error for a village name the commune does not have (``known``: the names it has)."""
    names = ", ".join(known)
    if not names:
        return NotFound("commune.no_villages", field=field, value=name, commune=commune.name)
    return NotFound("village.not_found", field=field, value=name, commune=commune.name, known=names)


def refuse_village_name_taken(
    conn: Connection, commune: Commune, name: str, village_id: int, *, field: str
) -> None:
    """A village may not take the name another village of its commune has."""
    taken = conn.execute(
        select(villages.c.id).where(
            villages.c.commune_id == commune.id,
            villages.c.name == name,
            villages.c.id != village_id,
        )
    ).first()
    if taken is not None:
        raise Conflict("village.name_taken", field=field, value=name, commune=commune.name)


def checked_village_name(value: str, *, field: str, glyphs: frozenset[str] | None) -> str:
    """A village's name typed by hand, cleaned as an imported one is; raises InvalidInput
    (naming the option ``field``) for an empty one, one too long or one the plate font cannot
    print (an emoji once stopped every plate batch of the village)."""
    name = clean_name(value)
    if not name:
        raise InvalidInput("village.name_empty", field=field, value=value)
    code, params = name_fault(name, glyphs=glyphs)
    if code:
        raise InvalidInput(code, field=field, value=shown_text(name), **params)
    return name
