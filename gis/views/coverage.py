"""Coverage: per village and for the commune, how many points, coded, printed, installed,
flagged, and what is left (CONTRACT.md's coverage JSON).

Counts are cumulative along the lifecycle: `coded` counts every point with a code, `printed`
every point printed or installed; retired points are left out of every count. `notified` (the
notice's first half, the household told; gis/field/notices.py) is counted beside them, from a
partial index over the notified points only.

The counts come from `coverage_counts` (a few rows per village, kept by triggers on `points` in
the transaction of every change, migration 0004), so a request never scans the points; with
``recount`` they are counted from the points themselves, which tests use to check the two
agree."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Row, func, select

from gis.registry.communes import Commune
from gis.storage.schema import KINDS, coverage_counts, points, villages

__all__ = ["counted", "coverage"]

CODED = ("coded", "printed", "installed")
PRINTED = ("printed", "installed")


def coverage(conn: Connection, commune: Commune, *, recount: bool = False) -> dict[str, Any]:
    """The coverage document for one commune (villages in registry order)."""
    counts = counted(conn, commune, recount=recount)
    rows = conn.execute(
        select(villages.c.id, villages.c.name, villages.c.expected)
        .where(villages.c.commune_id == commune.id)
        .order_by(villages.c.ordinal)
    ).all()
    per_village = {r.id: _empty(r.name, r.expected) for r in rows}
    for c in counts:
        v = per_village[c.village_id]
        v["total"] += c.n
        v["by_kind"][c.kind] += c.n
        v["coded"] += c.n if c.status in CODED else 0
        v["printed"] += c.n if c.status in PRINTED else 0
        v["installed"] += c.n if c.status == "installed" else 0
        v["needs_review"] += c.n if c.needs_review else 0
    for village_id, n in _notified(conn, commune):
        per_village[village_id]["notified"] = n
    expected = [r.expected for r in rows]
    commune_doc: dict[str, Any] = {
        "name": commune.name,
        **{k: sum(v[k] for v in per_village.values()) for k in _COUNTS},
        "expected": sum(e for e in expected if e is not None)
        if expected and all(e is not None for e in expected)
        else None,
    }
    for doc in [commune_doc, *per_village.values()]:
        doc["remaining"] = doc["total"] - doc["installed"]
        doc["percent_installed"] = _percent(doc["installed"], doc["total"])
        doc["percent_notified"] = _percent(doc["notified"], doc["total"])
    ordered = ["name", *_COUNTS, "remaining", "percent_installed", "percent_notified", "expected"]
    return {
        "commune": {k: commune_doc[k] for k in ordered},
        "villages": [_village_doc(v) for v in per_village.values()],
    }


def counted(
    conn: Connection, commune: Commune, *, recount: bool = False
) -> list[Row[tuple[int, str, str, bool, int]]]:
    """The commune's non-retired points counted by (village, kind, status, review flag), with
    no zero counts: from the counts table, or with ``recount`` from the points."""
    if recount:
        query = (
            select(
                points.c.village_id,
                points.c.kind,
                points.c.status,
                points.c.needs_review,
                func.count().label("n"),
            )
            .where(points.c.commune_id == commune.id, points.c.status != "retired")
            .group_by(points.c.village_id, points.c.kind, points.c.status, points.c.needs_review)
        )
    else:
        c = coverage_counts.c
        query = select(c.village_id, c.kind, c.status, c.needs_review, c.n).where(
            c.commune_id == commune.id, c.status != "retired", c.n > 0
        )
    rows = conn.execute(query).all()
    return sorted(rows, key=lambda r: (r.village_id, r.kind, r.status, bool(r.needs_review)))


_COUNTS = ("total", "coded", "printed", "installed", "needs_review", "notified")


def _notified(conn: Connection, commune: Commune) -> list[tuple[int, int]]:
    """The notified, non-retired points per village (read through the partial index)."""
    query = (
        select(points.c.village_id, func.count().label("n"))
        .where(
            points.c.commune_id == commune.id,
            points.c.notified_at.is_not(None),
            points.c.status != "retired",
        )
        .group_by(points.c.village_id)
    )
    return [(int(r.village_id), int(r.n)) for r in conn.execute(query)]


def _empty(name: str, expected: int | None) -> dict[str, Any]:
    return {
        "village": name,
        "total": 0,
        "by_kind": dict.fromkeys(KINDS, 0),
        "coded": 0,
        "printed": 0,
        "installed": 0,
        "needs_review": 0,
        "notified": 0,
        "expected": expected,
    }


def _village_doc(v: dict[str, Any]) -> dict[str, Any]:
    keys = [
        "village",
        "total",
        "by_kind",
        *_COUNTS[1:],
        "remaining",
        "percent_installed",
        "percent_notified",
        "expected",
    ]
    return {k: v[k] for k in keys}


def _percent(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0
