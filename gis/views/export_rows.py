"""The rows of an export: every point of the communes asked for, one row each with the fields of
docs/reference.md's export contract, and the villages' outlines with their coverage figures (the
GeoPackage's second layer).

A province exports as one file: each row names its commune (``commune``, ``commune_code``), and
its address is the commune's own (addrgen.address through Commune.address). Times are ISO 8601
in Vietnam time with their offset ("2026-11-30T09:15:00+07:00"), one text form every format and
every spreadsheet reads the same way."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
import shapely
from sqlalchemy import Connection, func, select

from addrgen.codes import format_code
from gis.registry.communes import Commune
from gis.storage.schema import batch_items, batches, installations, points, villages
from gis.views.coverage import coverage

__all__ = ["EXPORT_FIELDS", "VILLAGE_FIELDS", "iso_time", "points_frame", "villages_frame"]

#: The export's fields in order (docs/reference.md): the first ten as before issue 18, then the
#: province's and the GIS user's.
EXPORT_FIELDS = (
    "code",
    "code_display",
    "plus_code",
    "kind",
    "name",
    "village",
    "status",
    "needs_review",
    "ref",
    "address",
    "commune",
    "commune_code",
    "house_number",
    "street",
    "national_code",
    "batch",
    "printed_at",
    "notified_at",
    "installed_at",
)
#: The villages layer's fields: the coverage figures of gis.views.coverage.
VILLAGE_FIELDS = (
    "village",
    "commune",
    "commune_code",
    "total",
    "coded",
    "printed",
    "notified",
    "installed",
    "needs_review",
    "remaining",
    "percent_installed",
    "percent_notified",
    "expected",
)
#: What the points query selects (``village`` is the village's name).
_SELECTED = (
    "id",
    "commune_id",
    "code",
    "plus_code",
    "kind",
    "name",
    "village",
    "status",
    "needs_review",
    "ref",
    "lon",
    "lat",
    "house_number",
    "street",
    "national_code",
    "notified_at",
)
_TEXT_FIELDS = ("name", "ref", "house_number", "street", "national_code")
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def iso_time(value: datetime | None) -> str:
    """A stored time in Vietnam time, ISO 8601 to the second; "" for none. SQLite hands back the
    stored UTC time without its zone."""
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.astimezone(VIETNAM).isoformat(timespec="seconds")


def points_frame(
    conn: Connection, communes: Sequence[Commune], *, on: date | None = None
) -> pd.DataFrame:
    """Every point of ``communes`` (retired ones too), commune by commune in the order given,
    then in code order and registration order, with its address as it stands ``on`` (today by
    default: the rows hold today's units)."""
    on = on or date.today()
    by_id = {c.id: c for c in communes}
    rows = conn.execute(
        select(*(villages.c.name.label(f) if f == "village" else points.c[f] for f in _SELECTED))
        .join(villages, villages.c.id == points.c.village_id)
        .where(points.c.commune_id.in_(list(by_id)))
        .order_by(points.c.code.is_(None), points.c.code, points.c.id)
    ).all()
    order = {c.id: i for i, c in enumerate(communes)}
    rows = sorted(rows, key=lambda r: order[r.commune_id])  # stable: code order within
    printed = _last_batches(conn, list(by_id))
    installed = _first_installed(conn, list(by_id))
    frame = pd.DataFrame([r._asdict() for r in rows], columns=_SELECTED)
    frame["address"] = [
        by_id[r.commune_id].address(
            house_number=r.house_number, street=r.street, village=r.village, on=on
        )
        for r in rows
    ]
    frame["commune"] = [by_id[r.commune_id].name for r in rows]
    frame["commune_code"] = [by_id[r.commune_id].commune_code for r in rows]
    frame["code"] = frame["code"].fillna("")
    frame["code_display"] = [format_code(c) if c else "" for c in frame["code"]]
    frame["needs_review"] = frame["needs_review"].astype(bool)
    frame["batch"] = [printed.get(r.id, ("", None))[0] for r in rows]
    frame["printed_at"] = [iso_time(printed.get(r.id, ("", None))[1]) for r in rows]
    frame["notified_at"] = [iso_time(r.notified_at) for r in rows]
    frame["installed_at"] = [iso_time(installed.get(r.id)) for r in rows]
    for col in ("lon", "lat"):
        frame[col] = frame[col].astype("float64")
    for col in _TEXT_FIELDS:
        frame[col] = frame[col].fillna("").astype(str)
    return frame[[*EXPORT_FIELDS, "lon", "lat"]].reset_index(drop=True)


def _last_batches(conn: Connection, commune_ids: list[int]) -> dict[int, tuple[str, datetime]]:
    """Each printed point's last batch (a reprint too; a draft prints no plate): label, time."""
    rows = conn.execute(
        select(batch_items.c.point_id, batches.c.label, batches.c.created_at)
        .join(batches, batches.c.id == batch_items.c.batch_id)
        .where(batches.c.commune_id.in_(commune_ids), batches.c.draft.is_(False))
        .order_by(batches.c.created_at, batches.c.id)
    ).all()
    return {r.point_id: (r.label, r.created_at) for r in rows}  # later batches overwrite


def _first_installed(conn: Connection, commune_ids: list[int]) -> dict[int, datetime]:
    """The first confirmation of each point installed now (coverage counts it from that day)."""
    rows = conn.execute(
        select(installations.c.point_id, func.min(installations.c.created_at).label("at"))
        .join(points, points.c.id == installations.c.point_id)
        .where(points.c.commune_id.in_(commune_ids), points.c.status == "installed")
        .group_by(installations.c.point_id)
    ).all()
    return {r.point_id: r.at for r in rows}


def villages_frame(conn: Connection, communes: Sequence[Commune]) -> pd.DataFrame:
    """One row per village of ``communes``: its coverage figures and its outline (WGS 84)."""
    records: list[dict[str, Any]] = []
    for commune in communes:
        figures = {v["village"]: v for v in coverage(conn, commune)["villages"]}
        outlines = conn.execute(
            select(villages.c.name, villages.c.boundary_wkb)
            .where(villages.c.commune_id == commune.id)
            .order_by(villages.c.ordinal)
        ).all()
        for name, wkb in outlines:
            v = figures[name]
            records.append(
                {
                    **{f: v[f] for f in VILLAGE_FIELDS if f in v},
                    "commune": commune.name,
                    "commune_code": commune.commune_code,
                    "geometry": shapely.from_wkb(wkb),
                }
            )
    frame = pd.DataFrame(records, columns=[*VILLAGE_FIELDS, "geometry"])
    frame["expected"] = frame["expected"].astype("Int64")  # None: the commune gave no figure
    return frame
