"""Stale plates: printed or installed plates whose printed words no longer say the address.

Each batch recorded the exact address text of every plate (batch_items). After a commune merge,
a rename or a district level abolished, the words the plate would carry today are composed the
same way (`addrgen.address.address_text`, the one place that composes them) from the address as
it stands today (`gis.registry.reorg.addresses_at`); where the two differ, the plate is stale.
They are compared with `addrgen.address.same_address`, which ignores letter case: plates
printed with "Thôn Bình Minh" before the unit words were settled in lower case ("thôn Bình
Minh") say the same address and are not stale for that alone.
Drafts went on no wall and do not count. The codes never change: a reprint carries the same ones
(`api.services.stale.reprint_stale`, which renders them)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select

from addrgen.address import address_of, same_address
from gis.registry.communes import Commune
from gis.registry.reorg import AddressText, addresses_at
from gis.registry.village_lookup import unknown_village
from gis.storage.schema import batch_items, batches, points, villages

__all__ = ["StalePlate", "last_printed", "plate_text", "stale_counts", "stale_plates"]


@dataclass(frozen=True)
class StalePlate:
    village: str
    code: str
    status: str
    batch: str
    printed_text: str
    current_text: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def plate_text(address: AddressText, on: date) -> str:
    """The words a plate printed ``on`` would carry for this address (as the plate prints
    them: a capital at the start of the line; no district from the 2025 reform on)."""
    return address_of(address, capital=True, on=on)


def last_printed(conn: Connection, *, point_ids: Sequence[int]) -> dict[int, tuple[str, str, Any]]:
    """Per point: the text, batch label and time of the last plate that went on a wall."""
    out: dict[int, tuple[str, str, Any]] = {}
    ids = sorted(set(point_ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        rows = conn.execute(
            select(
                batch_items.c.point_id,
                batch_items.c.address_text,
                batches.c.label,
                batches.c.created_at,
            )
            .join(batches, batches.c.id == batch_items.c.batch_id)
            .where(batch_items.c.point_id.in_(chunk), batches.c.draft.is_(False))
            .order_by(batches.c.created_at, batch_items.c.id)
        )
        for r in rows:  # later rows overwrite earlier ones: the last print wins
            out[int(r.point_id)] = (r.address_text, r.label, r.created_at)
    return out


def stale_plates(
    conn: Connection,
    commune: Commune,
    *,
    village_names: Sequence[str] = (),
    today: date | None = None,
) -> list[StalePlate]:
    """The commune's printed or installed plates whose words are out of date, village by village
    in registry order, then by code."""
    query = (
        select(
            points.c.id,
            points.c.code,
            points.c.plus_code,
            points.c.kind,
            points.c.lon,
            points.c.lat,
            points.c.status,
            villages.c.name.label("village"),
            villages.c.ordinal,
        )
        .join(villages, villages.c.id == points.c.village_id)
        .where(
            points.c.commune_id == commune.id,
            points.c.status.in_(["printed", "installed"]),
            points.c.code.is_not(None),
        )
    )
    wanted = [n.strip() for n in village_names]
    if wanted:
        known = (
            conn.execute(
                select(villages.c.name)
                .where(villages.c.commune_id == commune.id)
                .order_by(villages.c.ordinal)
            )
            .scalars()
            .all()
        )
        missing = [n for n in wanted if n not in known]
        if missing:
            raise unknown_village(commune, missing[0], known, field="village_names")
        query = query.where(villages.c.name.in_(wanted))
    rows = conn.execute(query.order_by(villages.c.ordinal, points.c.code)).all()
    ids = [int(r.id) for r in rows]
    printed = last_printed(conn, point_ids=ids)
    today = today or date.today()
    now_addr = addresses_at(conn, ids, today)
    out: list[StalePlate] = []
    for r in rows:
        if r.id not in printed:
            continue
        text, label, _ = printed[r.id]
        current = plate_text(now_addr[r.id], today)
        if not same_address(text, current):
            out.append(StalePlate(r.village, r.code, r.status, label, text, current))
    return out


def stale_counts(conn: Connection, commune: Commune) -> dict[str, int]:
    """Stale plates per village (only villages that have some)."""
    counts: dict[str, int] = {}
    for plate in stale_plates(conn, commune):
        counts[plate.village] = counts.get(plate.village, 0) + 1
    return counts
