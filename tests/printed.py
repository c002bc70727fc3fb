"""Plates printed in a final batch, for tests that confirm them: only a point printed in a final
batch can be confirmed (issue 16), and rendering the PDFs is not what these tests are about, so
the batch is recorded as `plates batch` records it, without its files."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import select

from gis.field.notices import in_final_batch
from gis.registry.batches import PrintItem, record_batch
from gis.registry.communes import Commune
from gis.registry.reorg import addresses_at
from gis.storage.db import Registry
from gis.storage.schema import points
from gis.views.stale import plate_text

__all__ = ["ensure_printed", "print_final", "print_in"]


def print_final(
    registry: Registry,
    commune: Commune,
    codes: Sequence[str],
    *,
    label: str | None = None,
    draft: bool = False,
) -> str:
    """Record a final (or ``draft``) batch of these codes; returns its label."""
    with registry.write() as conn:
        query = select(points.c.code, points.c.id).where(points.c.code.in_(list(codes)))
        ids = {row.code: row.id for row in conn.execute(query)}
        today = date.today()
        words = addresses_at(conn, ids.values(), today)  # what the plate says: not stale
        items = [
            PrintItem(int(ids[c]), i + 1, c, plate_text(words[ids[c]], today))
            for i, c in enumerate(codes)
        ]
        record = record_batch(
            conn,
            commune,
            purpose="batch",
            selection={"codes": list(codes)},
            mode="office",
            draft=draft,
            public_url="https://diachi.example.vn",
            out_dir="/tmp",
            files={},
            items=items,
            actor="test",
            label=label,
        )
    return record.label


def ensure_printed(registry: Registry, commune: Commune, code: str) -> str:
    """The code of a plate printed in a final batch: printed now when it never was (printing it
    again would be a re-print, which lets it be confirmed anew)."""
    with registry.read() as conn:
        point_id = conn.execute(select(points.c.id).where(points.c.code == code)).scalar_one()
        done = in_final_batch(conn, point_id)
    if not done:
        print_final(registry, commune, [code])
    return code


def print_in(db_url: str, codes: Sequence[str]) -> None:
    """The same for a registry served by another process (the browser tests' server)."""
    from gis.registry.communes import get_commune
    from gis.storage.db import open_registry

    registry = open_registry(db_url)
    try:
        with registry.read() as conn:
            commune = get_commune(conn, None)
        with registry.read() as conn:
            ids = {
                r.code: r.id
                for r in conn.execute(
                    select(points.c.code, points.c.id).where(points.c.code.in_(list(codes)))
                )
            }
            new = [c for c in codes if not in_final_batch(conn, ids[c])]
        if new:
            print_final(registry, commune, new)  # one batch, as an officer prints a village
    finally:
        registry.dispose()
