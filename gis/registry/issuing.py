"""Issuing codes: every point without one gets the next serial of its commune's area, village
by village in registry order and, inside a village, in Hilbert-curve order — so neighbours get
neighbouring serials. One transaction: all or nothing, and running it again changes nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
from sqlalchemy import Connection, bindparam, select, text, update

from addrgen.codes import DEFAULT_SCHEME, MAX_SERIAL, CodeScheme
from addrgen.ordering import issuing_order
from gis.errors import Conflict
from gis.registry.communes import Commune
from gis.registry.village_lookup import find_village
from gis.storage.db import Registry
from gis.storage.events import log_events, now
from gis.storage.schema import code_counters, points, villages

__all__ = ["IssueResult", "issue_codes"]


@dataclass(frozen=True)
class IssueResult:
    issued: int
    first: str | None
    last: str | None


def issue_codes(
    registry: Registry,
    commune: Commune,
    *,
    village: str | None = None,
    actor: str,
    scheme: CodeScheme = DEFAULT_SCHEME,
) -> IssueResult:
    with registry.write(commune.id) as conn:
        village_id = _village_id(conn, commune, village)
        query = (
            select(points.c.id, points.c.lon, points.c.lat, villages.c.ordinal)
            .join(villages, villages.c.id == points.c.village_id)
            .where(
                points.c.commune_id == commune.id,
                points.c.code.is_(None),
                points.c.status == "registered",
            )
        )
        if village_id is not None:
            query = query.where(points.c.village_id == village_id)
        rows = conn.execute(query).all()
        if not rows:
            return IssueResult(0, None, None)
        ids = np.array([r.id for r in rows], dtype=np.int64)
        order = issuing_order(
            np.array([r.ordinal for r in rows], dtype=np.int64),
            np.array([r.lon for r in rows], dtype=np.float64),
            np.array([r.lat for r in rows], dtype=np.float64),
            ids,
        )
        last = _take_serials(conn, commune.area_number, len(rows))
        serials = np.arange(last + 1, last + 1 + len(rows), dtype=np.int64)
        codes = scheme.bulk_make(commune.area_number, serials)
        at = now()
        params = [
            {
                "pid": int(ids[k]),
                "code": str(codes[n]),
                "serial": int(serials[n]),
            }
            for n, k in enumerate(order.tolist())
        ]
        _write_codes(conn, params, area_number=commune.area_number, at=at)
        log_events(
            conn,
            [
                {
                    "at": at,
                    "actor": actor,
                    "action": "point.code",
                    "entity": "point",
                    "entity_id": p["pid"],
                    "before": {"status": "registered", "code": None},
                    "after": {"status": "coded", "code": p["code"]},
                }
                for p in params
            ],
        )
    return IssueResult(len(params), str(codes[0]), str(codes[-1]))


def _write_codes(
    conn: Connection, params: list[dict[str, Any]], *, area_number: int, at: datetime
) -> None:
    """Give each point (``pid``) its ``code`` and ``serial``. On PostgreSQL one UPDATE from
    arrays does it (a statement, so the coverage tally counts the batch once); elsewhere an
    executemany."""
    if conn.dialect.name == "postgresql":
        conn.execute(
            text(
                "UPDATE points AS p SET code = u.code, serial = u.serial, "
                "area_number = :area, status = 'coded', updated_at = :at "
                "FROM unnest(CAST(:pids AS bigint[]), CAST(:codes AS text[]), "
                "CAST(:serials AS bigint[])) AS u(pid, code, serial) WHERE p.id = u.pid"
            ),
            {
                "area": area_number,
                "at": at,
                "pids": [p["pid"] for p in params],
                "codes": [p["code"] for p in params],
                "serials": [p["serial"] for p in params],
            },
        )
        return
    conn.execute(
        update(points)
        .where(points.c.id == bindparam("pid"))
        .values(
            code=bindparam("code"),
            serial=bindparam("serial"),
            area_number=area_number,
            status="coded",
            updated_at=at,
        ),
        params,
    )


def _village_id(conn: Connection, commune: Commune, name: str | None) -> int | None:
    if name is None:
        return None
    return int(find_village(conn, commune, name, field="village").id)


def _take_serials(conn: Connection, area_number: int, count: int) -> int:
    """Reserve ``count`` serials from the area's counter row; returns the last one used before.

    The row is read and written inside the write transaction (SQLite: BEGIN IMMEDIATE already
    holds the lock; elsewhere: SELECT … FOR UPDATE), so two issuers never take the same serial."""
    query = select(code_counters.c.last_serial).where(code_counters.c.area_number == area_number)
    if conn.dialect.name != "sqlite":
        query = query.with_for_update()
    last = conn.execute(query).scalar()
    if last is None:
        conn.execute(code_counters.insert().values(area_number=area_number, last_serial=0))
        last = 0
    if last + count > MAX_SERIAL:
        raise Conflict(
            "issue.serials_exhausted",
            area_number=area_number,
            left=MAX_SERIAL - last,
            count=count,
        )
    conn.execute(
        update(code_counters)
        .where(code_counters.c.area_number == area_number)
        .values(last_serial=last + count)
    )
    return int(last)
