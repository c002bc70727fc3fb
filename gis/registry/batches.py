"""Print batches in the registry: choosing what to print, and recording what was printed.

Rendering is not done here (`gis` knows nothing of PDFs): the caller takes the selection,
renders it, and hands back each plate's number and the exact address text it printed, which
are recorded with the batch in one transaction together with the points' new status."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import shapely
from sqlalchemy import Connection, func, insert, select, update

from addrgen.codes import parse_code
from addrgen.errors import InvalidCode
from addrgen.formatting import local_day
from addrgen.retiring import retire_reason_words
from gis.errors import InvalidInput, NotFound
from gis.registry.communes import Commune
from gis.registry.points import PointRecord, check_kind, point_record, point_select
from gis.registry.village_lookup import unknown_village
from gis.storage.db import lock_registry_numbering
from gis.storage.events import log_event, log_events, now
from gis.storage.schema import batch_items, batches, points, villages

__all__ = [
    "BatchRecord",
    "PrintItem",
    "PrintVillage",
    "next_label",
    "peek_label",
    "record_batch",
    "select_codes",
    "select_for_batch",
]


@dataclass(frozen=True)
class PrintVillage:
    """One village of a selection: its outline (for the checklist map) and its points."""

    name: str
    ordinal: int
    rings: list[list[tuple[float, float]]]
    points: list[PointRecord]


@dataclass(frozen=True)
class PrintItem:
    """What the renderer printed for one point."""

    point_id: int
    number: int
    code: str
    address_text: str
    letter_number: int | None = None  # the document number of its letter, if letters printed


@dataclass(frozen=True)
class BatchRecord:
    id: int
    label: str
    printed: int  # points that became `printed`
    unchanged: int  # points already printed or installed (a reprint)


def select_for_batch(
    conn: Connection, commune: Commune, *, village_names: Sequence[str], kinds: Sequence[str]
) -> list[PrintVillage]:
    """Coded points not yet printed, village by village in registry order."""
    for kind in kinds:
        check_kind(kind, field="kinds")
    vrows = _villages(conn, commune, village_names)
    query = point_select().where(points.c.commune_id == commune.id, points.c.status == "coded")
    query = query.where(points.c.village_id.in_([v.id for v in vrows]))
    if kinds:
        query = query.where(points.c.kind.in_(list(kinds)))
    records = [point_record(r) for r in conn.execute(query.order_by(points.c.code))]
    if not records:
        where = ", ".join(village_names) if village_names else commune.name
        if kinds:
            raise InvalidInput("batch.nothing_of_kind", where=where, kinds=", ".join(kinds))
        raise InvalidInput("batch.nothing_to_print", where=where)
    return _group(vrows, records)


def select_codes(conn: Connection, commune: Commune, codes: Sequence[str]) -> list[PrintVillage]:
    """The points of these codes, for a reprint: each must be issued and not retired."""
    if not codes:
        raise InvalidInput("reprint.no_codes", field="codes")
    canonical: list[str] = []
    for text in codes:
        parsed = parse_code(text)
        if parsed.code is None:
            raise InvalidCode(text, "national_form")
        canonical.append(parsed.code.canonical)
    query = point_select().where(points.c.commune_id == commune.id, points.c.code.in_(canonical))
    found = {r.code: point_record(r) for r in conn.execute(query)}
    for code in canonical:
        point = found.get(code)
        if point is None:
            raise NotFound("point.not_in_commune", field="codes", value=code, commune=commune.name)
        if point.status == "retired":
            raise InvalidInput(
                "reprint.point_retired",
                field="codes",
                value=point.code_display,
                reason=retire_reason_words(point.retired_reason, point.retired_note),
            )
    vrows = _villages(conn, commune, [])
    ordered = sorted(found.values(), key=lambda p: p.code or "")
    return _group(vrows, ordered)


def record_batch(
    conn: Connection,
    commune: Commune,
    *,
    purpose: str,
    selection: dict[str, Any],
    mode: str,
    draft: bool,
    public_url: str,
    out_dir: str,
    files: dict[str, str],
    items: Sequence[PrintItem],
    actor: str,
    at: datetime | None = None,
    label: str | None = None,
) -> BatchRecord:
    """Record a rendered batch; coded points become printed (not on a draft, whose plates say
    BẢN THỬ and go on no wall); points further along keep their status."""
    at = at or now()
    label = label or next_label(conn, at)
    batch_id = conn.execute(
        insert(batches)
        .values(
            commune_id=commune.id,
            label=label,
            purpose=purpose,
            selection=selection,
            mode=mode,
            draft=draft,
            public_url=public_url,
            out_dir=out_dir,
            files=files,
            actor=actor,
            created_at=at,
        )
        .returning(batches.c.id)
    ).scalar_one()
    _insert_items(conn, batch_id, items)
    to_print = [] if draft else _coded(conn, [it.point_id for it in items])
    if to_print:
        conn.execute(
            update(points).where(points.c.id.in_(to_print)).values(status="printed", updated_at=at)
        )
    _log_items(
        conn, items, set(to_print), purpose=purpose, label=label, draft=draft, actor=actor, at=at
    )
    log_event(
        conn,
        actor=actor,
        action=f"batch.{purpose}",
        entity="batch",
        entity_id=batch_id,
        after={"label": label, "selection": selection, "files": files, "plates": len(items)},
        at=at,
    )
    return BatchRecord(batch_id, label, len(to_print), len(items) - len(to_print))


def _insert_items(conn: Connection, batch_id: int, items: Sequence[PrintItem]) -> None:
    """Each plate of the batch, with the exact address text it printed."""
    conn.execute(
        insert(batch_items),
        [
            {
                "batch_id": batch_id,
                "point_id": it.point_id,
                "number": it.number,
                "code": it.code,
                "address_text": it.address_text,
                "letter_number": it.letter_number,
            }
            for it in items
        ],
    )


def _log_items(
    conn: Connection,
    items: Sequence[PrintItem],
    printed: set[int],
    *,
    purpose: str,
    label: str,
    draft: bool,
    actor: str,
    at: datetime,
) -> None:
    """One event per plate: ``point.print`` for a point that became printed, else the batch's
    purpose (a reprint, a draft). One executemany: a village's 2,000 plates are recorded inside
    the write lock, which statement by statement would hold it for seconds."""
    log_events(
        conn,
        [
            {
                "at": at,
                "actor": actor,
                "action": "point.print" if it.point_id in printed else f"point.{purpose}",
                "entity": "point",
                "entity_id": it.point_id,
                "before": None,
                "after": {
                    "batch": label,
                    "number": it.number,
                    "draft": draft,
                    "address_text": it.address_text,
                },
            }
            for it in items
        ],
    )


def next_label(conn: Connection, at: datetime) -> str:
    """'L2026-11-28-003': the day's next batch number (held until the caller commits)."""
    lock_registry_numbering(conn)
    return peek_label(conn, at=at)


def peek_label(conn: Connection, *, at: datetime) -> str:
    """The label the day's next batch would take now, without holding it (a batch rendered
    outside the write lock; :func:`next_label` inside it tells whether it still holds)."""
    day = local_day(at).isoformat()  # the commune's day, not UTC's
    taken = conn.execute(
        select(func.count()).select_from(batches).where(batches.c.label.like(f"L{day}-%"))
    ).scalar_one()
    return f"L{day}-{int(taken) + 1:03d}"


def _coded(conn: Connection, ids: list[int]) -> list[int]:
    out: list[int] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        out += [
            int(r[0])
            for r in conn.execute(
                select(points.c.id).where(points.c.id.in_(chunk), points.c.status == "coded")
            )
        ]
    return out


def _villages(conn: Connection, commune: Commune, names: Sequence[str]) -> list[Any]:
    query = select(villages).where(villages.c.commune_id == commune.id)
    rows = conn.execute(query.order_by(villages.c.ordinal)).all()
    if not names:
        return list(rows)
    by_name = {r.name: r for r in rows}
    missing = [n for n in names if n.strip() not in by_name]
    if missing:
        raise unknown_village(commune, missing[0], by_name, field="village_names")
    wanted = {n.strip() for n in names}
    return [r for r in rows if r.name in wanted]


def _group(vrows: Sequence[Any], records: Sequence[PointRecord]) -> list[PrintVillage]:
    out = []
    for v in vrows:
        mine = [p for p in records if p.village == v.name]
        if mine:
            out.append(PrintVillage(v.name, v.ordinal, _rings(v.boundary_wkb), mine))
    return out


def _rings(wkb: bytes) -> list[list[tuple[float, float]]]:
    geom = shapely.from_wkb(wkb)
    polygon = max(shapely.get_parts(geom), key=lambda p: p.area)
    rings = [polygon.exterior, *polygon.interiors]
    return [[(float(x), float(y)) for x, y in ring.coords] for ring in rings]
