"""Rate limits kept in the registry, so that every worker of the web app (and every host in
front of one PostGIS) counts the same attempts: sign-ins and failed bearer tokens per client
address, reports and confirmations per user.

Each limit is a sliding window approximated from two fixed buckets: the current one and the
previous one, weighted by the share of it still inside the window. A key's count is two rows
found by their primary key, so a check costs the same with ten addresses or a million; a
bucket older than the previous one is deleted as its limit's next bucket starts, so the table
holds at most two rows per key seen in the last two windows. Wall-clock time (not a monotonic
clock) because several processes compare it.

A refused attempt is not counted and costs only a read: a client hammering past its limit
never takes the write lock."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from sqlalchemy import Connection, delete, select, text

from gis.storage.db import Registry
from gis.storage.schema import rate_hits

__all__ = ["Limit", "blocked", "hit"]


@dataclass(frozen=True)
class Limit:
    """At most ``count`` attempts per ``window_s`` seconds per key, under the name ``name``."""

    name: str
    count: int
    window_s: int


_UPSERT = text(
    "INSERT INTO rate_hits (name, key, bucket, hits) VALUES (:name, :key, :bucket, 1) "
    "ON CONFLICT (name, key, bucket) DO UPDATE SET hits = rate_hits.hits + 1 RETURNING hits"
)


class _Refused(Exception):
    """Rolls back an attempt that went over the limit (counted by a concurrent writer)."""


def blocked(registry: Registry, *, limit: Limit, key: str, now: float | None = None) -> int | None:
    """The seconds to wait before ``key`` may try once more, or None if it may now. Reads only."""
    at = time.time() if now is None else now
    with registry.read() as conn:
        previous, current = _counts(conn, limit, key, at)
    return _wait(limit, previous, current, at)


def hit(registry: Registry, *, limit: Limit, key: str, now: float | None = None) -> int | None:
    """Count one attempt of ``key``; returns None when it is allowed, else the seconds to wait
    (and the attempt is not counted)."""
    at = time.time() if now is None else now
    wait = blocked(registry, limit=limit, key=key, now=at)
    if wait is not None:
        return wait
    bucket = int(at // limit.window_s)
    try:
        # shared: the upsert's row lock keeps the count right; no other writer need queue.
        with registry.write(shared=True) as conn:
            current = int(
                conn.execute(
                    _UPSERT, {"name": limit.name, "key": key, "bucket": bucket}
                ).scalar_one()
            )
            if current == 1:  # a new bucket for this key: forget the ones before the previous
                conn.execute(
                    delete(rate_hits).where(
                        rate_hits.c.name == limit.name, rate_hits.c.bucket < bucket - 1
                    )
                )
            previous, _ = _counts(conn, limit, key, at)
            if _estimate(limit, previous, current - 1, at) + 1 > limit.count:
                raise _Refused
    except _Refused:
        return _wait(limit, previous, current - 1, at) or 1
    return None


def _counts(conn: Connection, limit: Limit, key: str, at: float) -> tuple[int, int]:
    """The hits of the previous and the current bucket."""
    bucket = int(at // limit.window_s)
    rows = conn.execute(
        select(rate_hits.c.bucket, rate_hits.c.hits).where(
            rate_hits.c.name == limit.name,
            rate_hits.c.key == key,
            rate_hits.c.bucket.in_((bucket - 1, bucket)),
        )
    ).all()
    found = {int(b): int(h) for b, h in rows}
    return found.get(bucket - 1, 0), found.get(bucket, 0)


def _elapsed(limit: Limit, at: float) -> float:
    """The share of the current bucket that has passed, in [0, 1)."""
    return (at % limit.window_s) / limit.window_s


def _estimate(limit: Limit, previous: int, current: int, at: float) -> float:
    return previous * (1 - _elapsed(limit, at)) + current


def _wait(limit: Limit, previous: int, current: int, at: float) -> int | None:
    """Whole seconds until one more attempt fits, or None if it fits now."""
    if _estimate(limit, previous, current, at) + 1 <= limit.count:
        return None
    share = _elapsed(limit, at)
    room = limit.count - 1 - current
    if room >= 0 and previous > 0:
        # Within this bucket, as the previous one's weight falls: previous·(1−s) ≤ room.
        later = 1 - room / previous
    else:
        # Only in the next bucket, where this one is the previous: current·(1−s) ≤ count − 1.
        later = 1 + (1 - (limit.count - 1) / current if current else 0.0)
    return max(1, math.ceil((later - share) * limit.window_s))
