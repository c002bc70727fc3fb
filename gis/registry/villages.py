"""Villages: their registry order, their expected counts, importing their boundaries (the layer
is read by :mod:`gis.registry.villages_import` and checked by :mod:`gis.registry.village_checks`),
and finding one by name."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, func, insert, select, update

from gis.errors import ImportRejected, InvalidInput, Problem
from gis.registry.communes import Commune
from gis.registry.reorg.journal import outline_columns
from gis.registry.village_checks import check_placement, report_overlaps
from gis.registry.village_lookup import (
    checked_village_name,
    find_village,
    refuse_village_name_taken,
    unknown_village,
)
from gis.registry.village_replace import PointMove, replace_outlines
from gis.registry.villages_import import Candidate, read_village_layer
from gis.spatial.geometry import VillageIndex
from gis.spatial.queries import PostgisVillageIndex, is_postgis
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import villages

__all__ = [
    "Village",
    "VillageImportResult",
    "find_village",
    "import_villages",
    "list_villages",
    "refuse_village_name_taken",
    "set_village",
    "unknown_village",
    "village_index",
]


@dataclass(frozen=True)
class Village:
    id: int
    name: str
    ordinal: int
    expected: int | None
    boundary: BaseGeometry


@dataclass
class VillageImportResult:
    added: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)  # new outlines (with replace=True)
    moved: list[PointMove] = field(default_factory=list)  # points now in another village
    problems: list[Problem] = field(default_factory=list)

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


def list_villages(conn: Connection, commune: Commune) -> list[Village]:
    rows = conn.execute(
        select(villages).where(villages.c.commune_id == commune.id).order_by(villages.c.ordinal)
    ).all()
    return [
        Village(r.id, r.name, r.ordinal, r.expected, shapely.from_wkb(r.boundary_wkb)) for r in rows
    ]


def village_index(conn: Connection, commune: Commune) -> VillageIndex:
    """The commune's villages for point-in-village lookups, in registry order (a point on a
    shared border goes to the first). On PostgreSQL the lookups run in PostGIS, inside ``conn``'s
    transaction (gis/spatial.py)."""
    vs = list_villages(conn, commune)
    ids, names, shapes = [v.id for v in vs], [v.name for v in vs], [v.boundary for v in vs]
    if is_postgis(conn):
        return replace(PostgisVillageIndex.build(ids, names, shapes), conn=conn)
    return VillageIndex.build(ids, names, shapes)


def import_villages(
    registry: Registry,
    commune: Commune,
    path: Path,
    *,
    name_field: str | None = None,
    expected_field: str | None = None,
    crs: str | None = None,
    layer: str | None = None,
    replace: bool = False,
    effective: date | None = None,
    dry_run: bool = False,
    glyphs: frozenset[str] | None = None,
    actor: str,
) -> VillageImportResult:
    """Add the villages of a polygon layer, each taking the next ordinal, in one transaction;
    with ``replace``, a registered village whose outline differs takes the new one from
    ``effective`` (today by default), a dated reorganisation (:mod:`village_replace`).

    Invalid polygons are repaired when the repair is still a polygon (and reported); anything
    else is rejected with nothing written. ``dry_run``: everything is done and said, then the
    transaction is rolled back. ``layer``: which layer of a multi-layer source (GeoPackage);
    ``glyphs``: the plate font's, which the names must be written in."""
    result = VillageImportResult()
    candidates = read_village_layer(
        path,
        name_field=name_field,
        expected_field=expected_field,
        crs=crs,
        layer=layer,
        glyphs=glyphs,
        problems=result.problems,
        province=commune.province,
    )
    try:
        with registry.write() as conn:
            _import_layer(
                conn,
                commune,
                path.name,
                candidates,
                result,
                replace=replace,
                effective=effective or date.today(),
                actor=actor,
            )
            if dry_run:
                raise _NothingKept
    except _NothingKept:
        pass  # rolled back: the result says what the import would have done
    return result


class _NothingKept(Exception):
    """Raised at the end of a dry run's transaction, so that it rolls back."""


def _import_layer(
    conn: Connection,
    commune: Commune,
    file: str,
    candidates: list[Candidate],
    result: VillageImportResult,
    *,
    replace: bool,
    effective: date,
    actor: str,
) -> None:
    check_placement(conn, commune, file=file, geoms=[g for _, g, _ in candidates])
    existing = {v.name: v for v in list_villages(conn, commune)}
    new, outlines = _split_existing(file, candidates, existing, result, replace)
    kept = [v for v in existing.values() if v.name not in dict(outlines)]
    report_overlaps(file, new + [(n, g, None) for n, g in outlines], kept, result.problems)
    errors = [p for p in result.problems if p.severity == "error"]
    if errors:
        raise ImportRejected(
            "villages.import_rejected",
            problems=result.problems,
            file=file,
            errors=len(errors),
        )
    _insert(conn, commune, new, actor)
    result.added = [n for n, _, _ in new]
    if outlines:
        result.moved = replace_outlines(
            conn,
            commune,
            file=file,
            outlines=outlines,
            effective=effective,
            actor=actor,
            problems=result.problems,
        )
        result.replaced = [n for n, _ in outlines]


def set_village(
    registry: Registry,
    commune: Commune,
    name: str,
    *,
    expected: int | None = None,
    rename: str | None = None,
    glyphs: frozenset[str] | None = None,
    actor: str,
) -> Village:
    """Set a village's expected address count and/or rename it (an event either way); a new
    name is held to the rules of imported names (``glyphs``: the plate font's)."""
    if expected is not None and expected < 0:
        raise InvalidInput(
            "village.bad_expected", field="expected", value=expected, expected="0 or more"
        )
    with registry.write() as conn:
        row = find_village(conn, commune, name)
        changes: dict[str, Any] = {}
        if expected is not None:
            changes["expected"] = expected
        if rename is not None:
            new_name = _new_name(conn, commune, row, rename, glyphs)
            if new_name != row.name:
                changes["name"] = new_name
        if changes:
            conn.execute(update(villages).where(villages.c.id == row.id).values(**changes))
            log_event(
                conn,
                actor=actor,
                action="village.set",
                entity="village",
                entity_id=row.id,
                before={k: getattr(row, k) for k in changes},
                after=changes,
            )
        updated = conn.execute(select(villages).where(villages.c.id == row.id)).one()
    return Village(
        updated.id,
        updated.name,
        updated.ordinal,
        updated.expected,
        shapely.from_wkb(updated.boundary_wkb),
    )


def _new_name(
    conn: Connection, commune: Commune, row: Any, rename: str, glyphs: frozenset[str] | None
) -> str:
    """The name a village is renamed to: not empty, printable on a plate, and no other
    village's."""
    new_name = checked_village_name(rename, field="rename", glyphs=glyphs)
    refuse_village_name_taken(conn, commune, new_name, row.id, field="rename")
    return new_name


def _split_existing(
    file: str,
    candidates: list[Candidate],
    existing: dict[str, Village],
    result: VillageImportResult,
    replace: bool,
) -> tuple[list[Candidate], list[tuple[str, BaseGeometry]]]:
    """The villages to add, and (with ``replace``) the registered ones with a new outline."""
    new, outlines = [], []
    for name, geom, expected in candidates:
        old = existing.get(name)
        if old is None:
            new.append((name, geom, expected))
        elif shapely.equals_exact(old.boundary, geom, tolerance=1e-9) or old.boundary.equals(geom):
            result.unchanged.append(name)
        elif replace:
            outlines.append((name, geom))
        else:
            result.problems.append(
                Problem(file, None, "geometry", None, "villages.boundary_differs", {"name": name})
            )
    return new, outlines


def _insert(
    conn: Connection,
    commune: Commune,
    new: list[Candidate],
    actor: str,
) -> None:
    last = conn.execute(
        select(func.max(villages.c.ordinal)).where(villages.c.commune_id == commune.id)
    ).scalar()
    ordinal = int(last or 0)
    at = now()
    for name, geom, expected in new:
        ordinal += 1
        row = {
            "commune_id": commune.id,
            "name": name,
            "ordinal": ordinal,
            "expected": expected,
            **outline_columns(geom),
            "created_at": at,
        }
        vid = conn.execute(insert(villages).values(**row).returning(villages.c.id)).scalar_one()
        log_event(
            conn,
            actor=actor,
            action="village.add",
            entity="village",
            entity_id=int(vid),
            after={"name": name, "ordinal": ordinal, "expected": expected, "wkt": geom.wkt},
            at=at,
        )
