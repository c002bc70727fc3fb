"""Villages: importing their boundaries, their registry order, and their expected counts."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from pyproj import CRS
from shapely.geometry.base import BaseGeometry
from sqlalchemy import Connection, func, insert, select, update

from gis.errors import Conflict, ImportRejected, InvalidInput, NotFound, Problem
from gis.ingest.sources import read_source
from gis.registry.communes import Commune
from gis.registry.reorg.journal import outline_columns
from gis.registry.village_checks import (
    check_degrees,
    check_placement,
    check_polygon,
    report_overlaps,
)
from gis.registry.village_replace import PointMove, replace_outlines
from gis.spatial.geometry import VillageIndex
from gis.spatial.queries import PostgisVillageIndex, is_postgis
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import villages

__all__ = [
    "Village",
    "VillageImportResult",
    "import_villages",
    "list_villages",
    "set_village",
    "village_index",
]

NAME_FIELDS = ("ten_thon", "name", "ten", "thon", "village", "ten_xom", "xom")


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
    replace: bool = False,
    effective: date | None = None,
    actor: str,
) -> VillageImportResult:
    """Add the villages of a polygon layer, each taking the next ordinal, in one transaction;
    with ``replace``, a registered village whose outline differs takes the new one from
    ``effective`` (today by default), a dated reorganisation (:mod:`village_replace`).

    Invalid polygons are repaired when the repair is still a polygon (and reported); anything
    else is rejected with nothing written. (Over 60 lines: one transaction, read as a whole.)"""
    table = read_source(path)
    if table.geometry is None:
        raise InvalidInput(f"{path.name}: village boundaries need a GIS layer with polygons")
    name_col = _pick(table.frame.columns, name_field, NAME_FIELDS, path.name, "--name-field")
    if expected_field is not None and expected_field not in table.frame.columns:
        raise InvalidInput(_missing_column(path.name, expected_field, table.frame.columns))
    geoms = _to_wgs84(table.geometry, table.crs, crs, path.name)
    result = VillageImportResult()
    candidates: list[tuple[str, BaseGeometry, int | None]] = []
    seen: dict[str, int] = {}
    for pos, row_no in enumerate(table.rows):
        name = unicodedata.normalize("NFC", table.frame[name_col].iloc[pos]).strip()
        geom = geoms[pos]
        checked = check_polygon(path.name, row_no, name, geom, name_col, result.problems)
        expected = _expected(table.frame, pos, expected_field, path.name, row_no, result.problems)
        if checked is None or expected is False:
            continue
        if name in seen:
            result.problems.append(
                Problem(
                    path.name,
                    row_no,
                    name_col,
                    name,
                    f"the same village name is on row {seen[name]}; expected one row per village",
                )
            )
            continue
        seen[name] = row_no
        candidates.append((name, checked, expected if isinstance(expected, int) else None))
    with registry.write() as conn:
        check_placement(conn, commune, file=path.name, geoms=[g for _, g, _ in candidates])
        existing = {v.name: v for v in list_villages(conn, commune)}
        new, outlines = _split_existing(path.name, candidates, existing, result, replace)
        kept = [v for v in existing.values() if v.name not in dict(outlines)]
        report_overlaps(path.name, new + [(n, g, None) for n, g in outlines], kept, result.problems)
        errors = [p for p in result.problems if p.severity == "error"]
        if errors:
            raise ImportRejected(
                "villages.import_rejected",
                problems=result.problems,
                file=path.name,
                errors=len(errors),
            )
        _insert(conn, commune, new, actor)
        result.added = [n for n, _, _ in new]
        if outlines:
            result.moved = replace_outlines(
                conn,
                commune,
                file=path.name,
                outlines=outlines,
                effective=effective or date.today(),
                actor=actor,
                problems=result.problems,
            )
            result.replaced = [n for n, _ in outlines]
    return result


def set_village(
    registry: Registry,
    commune: Commune,
    name: str,
    *,
    expected: int | None = None,
    rename: str | None = None,
    actor: str,
) -> Village:
    """Set a village's expected address count and/or rename it (an event either way)."""
    if expected is not None and expected < 0:
        raise InvalidInput(f"--expected {expected}: expected a count of 0 or more")
    with registry.write() as conn:
        row = conn.execute(
            select(villages).where(
                villages.c.commune_id == commune.id, villages.c.name == name.strip()
            )
        ).first()
        if row is None:
            known = ", ".join(v.name for v in list_villages(conn, commune))
            raise NotFound(f"no village named {name!r} in {commune.name} (it has: {known})")
        changes: dict[str, Any] = {}
        if expected is not None:
            changes["expected"] = expected
        if rename is not None:
            new_name = unicodedata.normalize("NFC", rename).strip()
            if not new_name:
                raise InvalidInput("--rename: the new name is empty")
            taken = conn.execute(
                select(villages.c.id).where(
                    villages.c.commune_id == commune.id,
                    villages.c.name == new_name,
                    villages.c.id != row.id,
                )
            ).first()
            if taken is not None:
                raise Conflict(
                    f"--rename {new_name!r}: {commune.name} already has a village of that name; "
                    "expected a name no other village has"
                )
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


def _pick(columns: Any, given: str | None, common: tuple[str, ...], file: str, option: str) -> str:
    cols = [str(c) for c in columns]
    if given is not None:
        if given not in cols:
            raise InvalidInput(_missing_column(file, given, cols))
        return given
    lowered = {c.lower(): c for c in cols}
    for candidate in common:
        if candidate in lowered:
            return lowered[candidate]
    raise InvalidInput(
        f"{file}: no name column found (looked for {', '.join(common)}); "
        f"columns are {', '.join(cols)}: give {option}"
    )


def _missing_column(file: str, column: str, columns: Any) -> str:
    return f"{file}: no column {column!r}; columns are {', '.join(str(c) for c in columns)}"


def _to_wgs84(
    geometry: Any, file_crs: str | None, given: str | None, file: str
) -> list[BaseGeometry]:
    source = given or file_crs or "EPSG:4326"
    try:
        crs = CRS.from_user_input(source)
    except Exception as exc:  # pyproj's CRSError
        raise InvalidInput(f"--crs {source!r}: not a known coordinate system ({exc})") from exc
    series = geometry.set_crs(crs, allow_override=True) if given else geometry
    if series.crs is None:
        series = series.set_crs("EPSG:4326")
    if series.crs.is_geographic and len(series.dropna()):
        # Metres read as degrees would be stored as such: refused before any reprojection.
        minx, miny, maxx, maxy = (float(v) for v in series.dropna().total_bounds)
        check_degrees((minx, miny, maxx, maxy), file=file, crs=series.crs.to_string())
    return list(series.to_crs("EPSG:4326"))


def _expected(
    frame: Any, pos: int, column: str | None, file: str, row_no: int, problems: list[Problem]
) -> int | bool | None:
    if column is None:
        return None
    raw = str(frame[column].iloc[pos]).strip()
    if raw == "":
        return None
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = -1.0
    if value < 0 or value != int(value):
        problems.append(
            Problem(file, row_no, column, raw, "expected a whole number of addresses (0 or more)")
        )
        return False
    return int(value)


def _split_existing(
    file: str,
    candidates: list[tuple[str, BaseGeometry, int | None]],
    existing: dict[str, Village],
    result: VillageImportResult,
    replace: bool,
) -> tuple[list[tuple[str, BaseGeometry, int | None]], list[tuple[str, BaseGeometry]]]:
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
    new: list[tuple[str, BaseGeometry, int | None]],
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
