"""What the communes of a merger share and the merged commune may hold only once, settled in the
merger itself: villages of one name renamed by the officer's word (dated like the merger), and
source references in several former communes namespaced with each one's commune code.

Real communes share both: "Thôn 1" in two of them, "HK0001" in every officer's sheet. A village
name is a word on plates and in addresses, so only the officer chooses a new one; a source
reference is the officer's handle on a sheet, so the merger prefixes it ("30157:HK0001") and the
old reference still finds the point within its former commune (:mod:`gis.registry.former_refs`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune
from gis.registry.reorg.journal import Change
from gis.registry.village_lookup import checked_village_name, unknown_village
from gis.storage.schema import points, reorganisations, villages

__all__ = [
    "VillageRename",
    "merger_settled",
    "namespace_refs",
    "parse_village_rename",
    "rename_clashing_villages",
    "shared_province",
    "villages_of",
]


@dataclass(frozen=True)
class VillageRename:
    """A village of a merged commune renamed from the merger's date."""

    commune: str
    village: str
    to: str


def parse_village_rename(text: str) -> VillageRename:
    """``COMMUNE:VILLAGE=NEW NAME`` as the officer writes it ("xã Cẩm Vịnh:Thôn 1=Thôn 1 Cẩm
    Vịnh"); the commune is split at the first colon (village names hold none)."""
    where, sep, to = text.partition("=")
    commune, colon, village = where.partition(":")
    parts = [commune.strip(), village.strip(), to.strip()]
    if not sep or not colon or not all(parts):
        raise InvalidInput(
            "reorg.rename_form", field="rename_village", value=text, expected="COMMUNE:VILLAGE=NEW"
        )
    return VillageRename(*parts)


def rename_clashing_villages(
    conn: Connection,
    vrows: Sequence[Any],
    olds: Sequence[Commune],
    renames: Sequence[VillageRename],
    *,
    into: str,
    glyphs: frozenset[str] | None = None,
) -> list[Change]:
    """Rename the villages the officer named, then refuse (before anything else is written, so
    the transaction leaves nothing) if two villages of the merged commune would share a name,
    naming every clash. Returns the renames as changes, the form a village rename records."""
    names = {c.name: c for c in olds}
    new_name: dict[int, str] = {}
    for r in renames:
        commune = names.get(r.commune)
        if commune is None:
            raise InvalidInput(
                "reorg.rename_not_merged",
                field="rename_village",
                value=r.commune,
                into=into,
                known=", ".join(names),
            )
        mine = {v.name: v for v in vrows if v.commune_id == commune.id}
        if r.village not in mine:
            raise unknown_village(commune, r.village, mine, field="rename_village")
        to = checked_village_name(r.to, field="rename_village", glyphs=glyphs)
        new_name[mine[r.village].id] = to
    _refuse_clashes(vrows, names={c.id: c.name for c in olds}, new_name=new_name, into=into)
    changes: list[Change] = []
    for v in vrows:
        if v.id in new_name and new_name[v.id] != v.name:
            conn.execute(update(villages).where(villages.c.id == v.id).values(name=new_name[v.id]))
            changes.append(("village", v.id, "name", v.name, new_name[v.id]))
    return changes


def _refuse_clashes(
    vrows: Sequence[Any], *, names: dict[int, str], new_name: dict[int, str], into: str
) -> None:
    held: dict[str, list[str]] = {}
    for v in vrows:
        held.setdefault(new_name.get(v.id, v.name), []).append(names[v.commune_id])
    clashes = {name: where for name, where in held.items() if len(where) > 1}
    if clashes:
        listed = "; ".join(f"{name} ({', '.join(where)})" for name, where in clashes.items())
        first = next(iter(clashes))
        raise Conflict(
            "reorg.village_name_clash",
            value=first,
            clashes=listed,
            count=len(clashes),
            into=into,
            example=f"{clashes[first][0]}:{first}",
        )


def namespace_refs(conn: Connection, olds: Sequence[Commune], *, into: str) -> list[Change]:
    """Every source reference held by points of two or more of the merged communes becomes
    ``CODE:REF`` with its former commune's code, written while the points are still in their
    former communes (each prefixed reference is unique there, so the unique index holds at every
    step). Returns the changes, for undo and the record."""
    code_of = {c.id: c.commune_code for c in olds}
    rows = conn.execute(
        select(points.c.id, points.c.commune_id, points.c.ref).where(
            points.c.commune_id.in_(list(code_of)), points.c.ref.is_not(None)
        )
    ).all()
    communes_of: dict[str, set[int]] = {}
    for r in rows:
        communes_of.setdefault(r.ref, set()).add(r.commune_id)
    shared = {ref for ref, where in communes_of.items() if len(where) > 1}
    renamed = {r.id: f"{code_of[r.commune_id]}:{r.ref}" for r in rows if r.ref in shared}
    # A reference already written that way by an officer would then be held twice.
    kept = {r.ref for r in rows if r.ref not in shared}
    taken = sorted(set(renamed.values()) & kept)
    if taken:
        raise Conflict("reorg.ref_namespace_taken", field="ref", value=taken[0], into=into)
    if renamed:
        conn.execute(
            update(points).where(points.c.id == bindparam("pid")).values(ref=bindparam("new")),
            [{"pid": pid, "new": ref} for pid, ref in renamed.items()],
        )
    return [("point", r.id, "ref", r.ref, renamed[r.id]) for r in rows if r.id in renamed]


def shared_province(olds: Sequence[Commune]) -> str | None:
    """The merged communes' province when they all had the same one."""
    provinces = {c.province for c in olds}
    return provinces.pop() if len(provinces) == 1 else None


def villages_of(conn: Connection, commune_ids: Sequence[int]) -> list[Any]:
    """The villages of the merged communes, in the order the communes were given."""
    rows = conn.execute(
        select(villages.c.id, villages.c.name, villages.c.commune_id, villages.c.ordinal).where(
            villages.c.commune_id.in_(list(commune_ids))
        )
    ).all()
    order = {cid: i for i, cid in enumerate(commune_ids)}
    return sorted(rows, key=lambda r: (order[r.commune_id], r.ordinal))


def merger_settled(conn: Connection, *, into_id: int) -> tuple[list[dict[str, Any]], int]:
    """What the merger that made commune ``into_id`` settled: its renamed villages (``from``,
    ``to``) and how many references it namespaced (its details, matched in Python: JSON paths
    differ between the databases)."""
    rows = conn.execute(
        select(reorganisations.c.details).where(
            reorganisations.c.kind == "commune.merge", reorganisations.c.undone_at.is_(None)
        )
    ).scalars()
    for details in rows:
        if details.get("into_id") == into_id:
            return list(details.get("renamed_villages", [])), int(details.get("namespaced_refs", 0))
    return [], 0
