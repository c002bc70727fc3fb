"""The append-only event log: every change writes one row (who, when, what, before/after).

The actor is passed in by the face that acts (`cli:<login>` at the keyboard, the signed-in user
on the web); the log never guesses who is acting."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, insert

from gis.storage.schema import events

__all__ = ["log_event", "log_events", "now"]


def now() -> datetime:
    return datetime.now(UTC)


def log_event(
    conn: Connection,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: int | None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    at: datetime | None = None,
) -> None:
    conn.execute(
        insert(events).values(
            at=at or now(),
            actor=actor,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=_jsonable(before),
            after=_jsonable(after),
        )
    )


def log_events(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> None:
    """Many events in one executemany (bulk import and issuing)."""
    if rows:
        conn.execute(insert(events), [dict(r) for r in rows])


def _jsonable(record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in record.items()}
