"""Merging registries: another commune's whole registry brought into this one.

The way four communes' registries become Cẩm Bình's: every table of the schema is copied in
foreign-key order, each row's id shifted past this registry's largest (so references follow
without a lookup table), in one transaction. Before anything is written the two are compared:
a shared area number, commune code, standing commune name, issued code or user name is refused
with a message that names it, and nothing is written. Batch labels that both registries used
(labels are per day, "L2026-11-28-001") get the other commune's area number appended.

The other registry is only read."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text

from gis.errors import Conflict, RegistryError
from gis.storage.db import Registry, open_registry, require_current
from gis.storage.events import log_event
from gis.storage.schema import batches, communes, metadata, points, users

__all__ = ["MergeResult", "merge_registry"]

# What an event's or a reorganisation change's `entity` names, and the table its id is in.
ENTITY_TABLES = {
    "commune": "communes",
    "village": "villages",
    "point": "points",
    "batch": "batches",
    "user": "users",
    "report": "reports",
    "installation": "installations",
    "import": "imports",
    "reorganisation": "reorganisations",
}


@dataclass
class MergeResult:
    communes: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    relabelled: list[str] = field(default_factory=list)


def merge_registry(registry: Registry, other_url: str, *, actor: str) -> MergeResult:
    other = open_registry(other_url, create=False)
    try:
        if not other.is_initialised():
            raise RegistryError("merge.no_registry", field="other_url", value=other.url)
        if not other.is_current():
            raise RegistryError("merge.schema_outdated", field="other_url", value=other.url)
        with other.read() as src:
            data = {t.name: [dict(r._mapping) for r in src.execute(select(t))] for t in _tables()}
    finally:
        other.dispose()
    require_current(registry)
    with registry.write() as conn:
        _refuse_collisions(conn, data, other_url)
        offsets = {t.name: _max_id(conn, t) for t in _tables() if "id" in t.c}
        result = MergeResult(communes=[str(c["name"]) for c in data["communes"]])
        labels = {r[0] for r in conn.execute(select(batches.c.label))}
        area_of = {int(c["id"]): int(c["area_number"]) for c in data["communes"]}
        for table in _tables():
            rows = [_shift(table, dict(r), offsets) for r in data[table.name]]
            if table.name == "batches":
                for r in rows:
                    if r["label"] in labels:
                        area = area_of[int(r["commune_id"]) - offsets["communes"]]
                        new_label = f"{r['label']}/{area:05d}"
                        result.relabelled.append(f"{r['label']} → {new_label}")
                        r["label"] = new_label
            if rows:
                for start in range(0, len(rows), 1000):
                    conn.execute(insert(table), rows[start : start + 1000])
            result.rows[table.name] = len(rows)
        _reset_sequences(conn)
        log_event(
            conn,
            actor=actor,
            action="registry.merge",
            entity="registry",
            entity_id=None,
            after={
                "from": _safe_url(other_url),
                "communes": result.communes,
                "rows": result.rows,
                "relabelled": result.relabelled,
            },
        )
    return result


def _tables() -> Sequence[Table]:
    # coverage_counts is derived: the triggers on `points` (migration 0004) count the copied
    # points as they go in, so copying its rows too would count them twice. rate_hits holds the
    # web's rate-limit counters, state about clients, not the other registry's records.
    skip = ("alembic_version", "coverage_counts", "rate_hits")
    return [t for t in metadata.sorted_tables if t.name not in skip]


def _max_id(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.coalesce(func.max(table.c.id), 0))).scalar_one())


def _shift(table: Table, row: dict[str, Any], offsets: dict[str, int]) -> dict[str, Any]:
    if "id" in table.c:
        row["id"] = int(row["id"]) + offsets[table.name]
    for column in table.c:
        for fk in column.foreign_keys:
            target = fk.column.table.name
            if row.get(column.name) is not None and target in offsets:
                row[column.name] = int(row[column.name]) + offsets[target]
    if table.name in ("events", "reorg_changes") and row.get("entity_id") is not None:
        named = ENTITY_TABLES.get(str(row["entity"]))
        if named is not None:
            row["entity_id"] = int(row["entity_id"]) + offsets[named]
    if table.name == "reorganisations":
        row["details"] = _shift_details(row["details"], offsets)
    if table.name == "commune_history" and row.get("details"):
        details = dict(row["details"])
        if details.get("reorg_id") is not None:
            details["reorg_id"] = int(details["reorg_id"]) + offsets["reorganisations"]
        row["details"] = details
    return row


def _shift_details(details: dict[str, Any], offsets: dict[str, int]) -> dict[str, Any]:
    """The ids a reorganisation's details keep (gis/registry/reorg/), shifted like the rows."""
    d = dict(details)
    for key, table in (
        ("reorg_id", "reorganisations"),
        ("into_id", "communes"),
        ("commune_id", "communes"),
        ("village_id", "villages"),
    ):
        if d.get(key) is not None:
            d[key] = int(d[key]) + offsets[table]
    if isinstance(d.get("from"), list):
        d["from"] = [
            {**c, "id": int(c["id"]) + offsets["communes"]} if isinstance(c, dict) else c
            for c in d["from"]
        ]
    if isinstance(d.get("officers"), dict):
        d["officers"] = {
            str(int(u) + offsets["users"]): int(c) + offsets["communes"]
            for u, c in d["officers"].items()
        }
    return d


def _refuse_collisions(conn: Connection, data: dict[str, list[dict[str, Any]]], url: str) -> None:
    mine = conn.execute(
        select(
            communes.c.name,
            communes.c.commune_code,
            communes.c.area_number,
            communes.c.successor_id,
        )
    ).all()
    where = _safe_url(url)
    for c in data["communes"]:
        for m in mine:
            if int(m.area_number) == int(c["area_number"]):
                raise Conflict(
                    "merge.area_number_clash",
                    source=where,
                    commune=c["name"],
                    area_number=int(c["area_number"]),
                    ours=m.name,
                )
            if m.commune_code == c["commune_code"]:
                raise Conflict(
                    "merge.commune_code_clash",
                    source=where,
                    commune=c["name"],
                    commune_code=c["commune_code"],
                    ours=m.name,
                )
            if m.name == c["name"] and m.successor_id is None and c["successor_id"] is None:
                raise Conflict("merge.commune_name_clash", source=where, commune=c["name"])
    codes = [str(p["code"]) for p in data["points"] if p.get("code")]
    for start in range(0, len(codes), 500):
        clash = conn.execute(
            select(points.c.code).where(points.c.code.in_(codes[start : start + 500])).limit(1)
        ).first()
        if clash is not None:
            raise Conflict("merge.code_clash", source=where, code=clash.code)
    names = [str(u["name"]) for u in data["users"]]
    if names:
        clash = conn.execute(select(users.c.name).where(users.c.name.in_(names)).limit(1)).first()
        if clash is not None:
            raise Conflict("merge.user_clash", source=where, user=clash.name)
    counters = {int(r["area_number"]) for r in data["code_counters"]}
    theirs = {int(c["area_number"]) for c in data["communes"]}
    for area in counters - theirs:
        for m in mine:
            if int(m.area_number) == area:
                raise Conflict("merge.counter_clash", source=where, area_number=area)


def _reset_sequences(conn: Connection) -> None:
    """PostgreSQL hands out ids from sequences, which explicit ids do not move."""
    if conn.dialect.name != "postgresql":
        return
    for table in _tables():
        if "id" in table.c:
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                    f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
                )
            )


def _safe_url(url: str) -> str:
    """The URL without a password, for messages and the event log."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # not a URL SQLAlchemy can read: say nothing of it
        return "the other registry"
