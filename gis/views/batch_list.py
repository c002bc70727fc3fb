"""Past print batches of a commune, as the console and its JSON API list them: who printed what,
when, how many plates, how many of their households are recorded as notified (issue 16), and
each file's SHA-256 as recorded when it was written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from gis.errors import NotFound
from gis.registry.communes import Commune
from gis.storage.schema import batch_items, batches, points

__all__ = ["PastBatch", "find_batch", "past_batches", "recorded_folders"]


@dataclass(frozen=True)
class PastBatch:
    id: int
    commune_id: int
    label: str
    purpose: str  # "batch" or "reprint"
    mode: str
    draft: bool
    actor: str
    created_at: datetime
    plates: int
    notified: int  # the batch's plates whose household is recorded as notified
    out_dir: str
    files: dict[str, str]  # file name → SHA-256, in the order they were written

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "purpose": self.purpose,
            "mode": self.mode,
            "draft": self.draft,
            "actor": self.actor,
            "created_at": self.created_at.isoformat(),
            "plates": self.plates,
            "notified": self.notified,
            "files": [
                {"name": name, "url": f"/api/batches/{self.id}/files/{name}", "sha256": digest}
                for name, digest in self.files.items()
            ],
        }


def _query() -> Any:
    plates = (
        select(func.count())
        .select_from(batch_items)
        .where(batch_items.c.batch_id == batches.c.id)
        .scalar_subquery()
    )
    notified = (
        select(func.count())
        .select_from(batch_items.join(points, points.c.id == batch_items.c.point_id))
        .where(batch_items.c.batch_id == batches.c.id, points.c.notified_at.is_not(None))
        .scalar_subquery()
    )
    return select(batches, plates.label("plates"), notified.label("notified"))


def _past(row: Any) -> PastBatch:
    return PastBatch(
        id=int(row.id),
        commune_id=int(row.commune_id),
        label=str(row.label),
        purpose=str(row.purpose),
        mode=str(row.mode),
        draft=bool(row.draft),
        actor=str(row.actor),
        created_at=row.created_at,
        plates=int(row.plates),
        notified=int(row.notified),
        out_dir=str(row.out_dir),
        files=dict(row.files),
    )


def past_batches(conn: Connection, *, commune: Commune, limit: int = 200) -> list[PastBatch]:
    """The commune's batches, newest first (drafts and reprints too)."""
    query = _query().where(batches.c.commune_id == commune.id)
    query = query.order_by(batches.c.created_at.desc(), batches.c.id.desc()).limit(limit)
    return [_past(r) for r in conn.execute(query)]


def find_batch(conn: Connection, *, batch_id: int, commune_ids: set[int]) -> PastBatch:
    """One batch of the communes given; another commune's is not found, as if it did not
    exist (its label and files are that commune's business)."""
    row = conn.execute(_query().where(batches.c.id == batch_id)).one_or_none()
    if row is None or int(row.commune_id) not in commune_ids:
        raise NotFound("batch.not_found", field="id", value=str(batch_id))
    return _past(row)


def recorded_folders(conn: Connection) -> set[str]:
    """The folder of every batch the registry recorded, of every commune (the batch folder's
    orphans are the others)."""
    return {str(d) for d in conn.execute(select(batches.c.out_dir).distinct()).scalars()}
