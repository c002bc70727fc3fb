"""The registered codes one typo away from a mistyped one, for an officer to choose knowingly.

A mistyped code is never resolved to an address (the neighbour is someone else's house): the
officer who holds the registry sees every registered code one typo away, with its village and
public name, and compares them with the plate or the letter. A household's name is personal and
never listed; the public faces never call this.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from addrgen.codes import format_code, one_typo_away
from addrgen.vocab import Kind
from gis.registry.communes import Commune
from gis.storage.schema import points, villages

__all__ = ["Neighbour", "registered_neighbours"]


@dataclass(frozen=True)
class Neighbour:
    code: str  # display form
    village: str
    kind: Kind
    public_name: str | None  # an agency's or heritage site's name; never a household's


def registered_neighbours(conn: Connection, commune: Commune, text: str) -> list[Neighbour]:
    """The commune's registered codes one digit changed or two neighbouring digits swapped
    away from ``text``, in code order."""
    candidates = one_typo_away(text)
    if not candidates:
        return []
    rows = conn.execute(
        select(points.c.code, points.c.kind, points.c.name, villages.c.name.label("village"))
        .join(villages, villages.c.id == points.c.village_id)
        .where(points.c.commune_id == commune.id, points.c.code.in_(candidates))
        .order_by(points.c.code)
    ).all()
    return [
        Neighbour(
            format_code(r.code),
            r.village,
            Kind(r.kind),
            None if r.kind == Kind.household else r.name,
        )
        for r in rows
    ]
