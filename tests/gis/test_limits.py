"""The rate limits kept in the registry (gis/field/limits.py): per key, a sliding window, an
honest wait, refused attempts not counted, and a table that stays small and is read by its
key however many clients it has seen."""

from __future__ import annotations

import pytest
from sqlalchemy import func, insert, select, text

from gis.field.limits import Limit, blocked, hit
from gis.storage.db import Registry, prepare_registry
from gis.storage.schema import rate_hits

LIMIT = Limit("test", 3, 60)
T0 = 1_800_000_000.0  # the start of a bucket (a multiple of 60)


@pytest.fixture
def reg(registry: Registry) -> Registry:
    prepare_registry(registry)
    return registry


def _rows(reg: Registry) -> int:
    with reg.read() as conn:
        return int(conn.execute(select(func.count()).select_from(rate_hits)).scalar_one())


def test_a_key_is_refused_past_its_limit_and_others_are_not(reg: Registry) -> None:
    results = [hit(reg, limit=LIMIT, key="ip:a", now=T0 + i) for i in range(5)]
    assert results[:3] == [None, None, None]
    assert all(isinstance(w, int) and w >= 1 for w in results[3:])
    assert blocked(reg, limit=LIMIT, key="ip:a", now=T0 + 5) is not None
    assert hit(reg, limit=LIMIT, key="ip:b", now=T0 + 5) is None
    assert hit(reg, limit=Limit("other", 3, 60), key="ip:a", now=T0 + 5) is None


def test_the_wait_is_enough_and_refusals_are_not_counted(reg: Registry) -> None:
    for i in range(3):
        assert hit(reg, limit=LIMIT, key="k", now=T0 + 40 + i) is None
    wait = hit(reg, limit=LIMIT, key="k", now=T0 + 45)
    assert wait is not None
    for _ in range(50):  # hammering while refused changes nothing
        assert hit(reg, limit=LIMIT, key="k", now=T0 + 45) is not None
    assert hit(reg, limit=LIMIT, key="k", now=T0 + 45 + wait) is None
    assert hit(reg, limit=LIMIT, key="k", now=T0 + 45 + wait) is not None


def test_the_window_slides_over_the_bucket_boundary(reg: Registry) -> None:
    # Three hits at the end of one bucket still count at the start of the next (no burst of
    # twice the limit across a boundary), and are forgotten a window later.
    for i in range(3):
        assert hit(reg, limit=LIMIT, key="k", now=T0 + 57 + i) is None
    assert hit(reg, limit=LIMIT, key="k", now=T0 + 61) is not None
    assert hit(reg, limit=LIMIT, key="k", now=T0 + 125) is None


def test_sixty_thousand_addresses_are_forgotten_and_lookups_use_the_key(reg: Registry) -> None:
    bucket = int(T0 // LIMIT.window_s)
    many = [
        {"name": LIMIT.name, "key": f"ip:{i}", "bucket": bucket, "hits": 1} for i in range(60_000)
    ]
    with reg.write() as conn:
        conn.execute(insert(rate_hits), many)
    assert _rows(reg) == 60_000
    # Within the window every one of them still counts, found by its key.
    assert hit(reg, limit=Limit(LIMIT.name, 1, 60), key="ip:59999", now=T0 + 30) is not None
    with reg.read() as conn:
        if reg.is_sqlite:
            plan = " ".join(
                str(r[-1])
                for r in conn.exec_driver_sql(
                    "EXPLAIN QUERY PLAN SELECT hits FROM rate_hits "
                    "WHERE name = 'test' AND key = 'ip:7' AND bucket IN (1, 2)"
                )
            )
            assert "USING INDEX sqlite_autoindex_rate_hits_1" in plan or "PRIMARY KEY" in plan
        else:
            conn.execute(text("ANALYZE rate_hits"))
            plan = " ".join(
                str(r[0])
                for r in conn.execute(
                    text(
                        "EXPLAIN SELECT hits FROM rate_hits "
                        "WHERE name = 'test' AND key = 'ip:7' AND bucket IN (1, 2)"
                    )
                )
            )
            assert "pk_rate_hits" in plan
    # Two buckets on, the first hit of a new bucket deletes them all: the table holds only the
    # clients of the last two buckets, never everyone ever seen.
    assert hit(reg, limit=LIMIT, key="ip:new", now=T0 + 2 * LIMIT.window_s) is None
    assert _rows(reg) == 1
