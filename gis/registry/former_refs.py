"""Finding a point by what its former commune called it, after a merger.

A merger namespaces the source references several former communes shared ("HK0001" becomes
"30157:HK0001", :mod:`gis.registry.reorg.merge_clashes`). The officer still has the old sheet, so
the old reference, asked within the former commune, finds its point: the namespaced reference
first, then the reference as it was among the points of the villages that commune had.

Why a lookup and not a table of former references: the namespaced reference already says which
commune it came from, and the merger's change rows say which villages each former commune had,
so nothing new needs to be stored or kept in step (an undo of the merger restores the references
and these rows go with it).
"""

from __future__ import annotations

from sqlalchemy import Connection, select

from gis.errors import NotFound
from gis.registry.communes import Commune, commune_from_row
from gis.registry.point_search import like_escaped
from gis.registry.points import PointRecord, find_point
from gis.storage.schema import communes, points, reorg_changes, reorganisations

__all__ = ["find_point_formerly"]


def find_point_formerly(
    conn: Connection, *, commune: Commune, code_or_ref: str
) -> tuple[PointRecord, bool, Commune]:
    """:func:`gis.registry.points.find_point`, where ``commune`` may be one merged into another:
    then the point is looked for in the commune that stands now. Returns the point, whether its
    code was verified, and the standing commune it is in."""
    standing = _standing(conn, commune)
    text = code_or_ref.strip()
    if standing.id == commune.id:
        try:
            return (*find_point(conn, commune, text), commune)
        except NotFound as exc:
            found = _in_namesake(conn, commune, text)
            if found is not None:
                return found
            raise _namespaced(conn, commune, text) or exc from None
    try:
        return (*find_point(conn, standing, f"{commune.commune_code}:{text}"), standing)
    except NotFound:
        pass
    try:
        point, verified = find_point(conn, standing, text)
    except NotFound as exc:
        raise NotFound(
            "point.not_found", field="code_or_ref", value=text, commune=commune.name
        ) from exc
    village = conn.execute(select(points.c.village_id).where(points.c.id == point.id)).scalar()
    if village not in _former_villages(conn, commune.id):
        raise NotFound("point.not_found", field="code_or_ref", value=text, commune=commune.name)
    return point, verified, standing


def _in_namesake(
    conn: Connection, commune: Commune, text: str
) -> tuple[PointRecord, bool, Commune] | None:
    """A merged commune may keep the name of one it was made of (xã Cẩm Bình of four, one of
    them xã Cẩm Bình): that name then finds the standing one, and an old reference of the
    namesake's sheet its namespaced point."""
    namesake = conn.execute(
        select(communes.c.commune_code).where(
            communes.c.successor_id == commune.id, communes.c.name == commune.name
        )
    ).scalar()
    if namesake is None or ":" in text:
        return None
    try:
        return (*find_point(conn, commune, f"{namesake}:{text}"), commune)
    except NotFound:
        return None


def _standing(conn: Connection, commune: Commune) -> Commune:
    """The commune that stands now in place of ``commune`` (itself when it was not merged)."""
    row = conn.execute(select(communes).where(communes.c.id == commune.id)).one()
    seen = {row.id}
    while row.successor_id is not None and row.successor_id not in seen:
        row = conn.execute(select(communes).where(communes.c.id == row.successor_id)).one()
        seen.add(row.id)
    return commune_from_row(row) if row.id != commune.id else commune


def _former_villages(conn: Connection, commune_id: int) -> set[int]:
    """The villages a merger took from the commune (their ``before`` is JSON, compared here:
    JSON paths differ between the databases)."""
    rows = conn.execute(
        select(reorg_changes.c.entity_id, reorg_changes.c.before)
        .join(reorganisations, reorganisations.c.id == reorg_changes.c.reorg_id)
        .where(
            reorganisations.c.kind == "commune.merge",
            reorganisations.c.undone_at.is_(None),
            reorg_changes.c.entity == "village",
            reorg_changes.c.field == "commune_id",
        )
    ).all()
    return {int(r.entity_id) for r in rows if r.before == commune_id}


def _namespaced(conn: Connection, commune: Commune, text: str) -> NotFound | None:
    """When a reference is not found in a merged commune but namespaced copies of it are: the
    error names them and their former communes, so the officer can say which is meant."""
    if not text or ":" in text:
        return None
    pattern = f"%:{like_escaped(text)}"
    held = conn.execute(
        select(points.c.ref).where(
            points.c.commune_id == commune.id, points.c.ref.like(pattern, escape="\\")
        )
    ).scalars()
    refs = [r for r in held if r.partition(":")[2] == text]
    if not refs:
        return None
    names = dict(
        conn.execute(
            select(communes.c.commune_code, communes.c.name).where(
                communes.c.successor_id.is_not(None)
            )
        ).all()
    )
    listed = ", ".join(f"{r} ({names.get(r.partition(':')[0], '?')})" for r in sorted(refs))
    return NotFound(
        "point.ref_namespaced", field="code_or_ref", value=text, commune=commune.name, held=listed
    )
