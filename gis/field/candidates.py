"""New households found at the door: candidate points for the officer to register.

A volunteer who finds a household the registry does not have files a report "hộ mới chưa có
trong danh sách" (``new_household``) with where they stood and a note (the head's name, the
house number); it is filed from the page of the nearest plate. The officer's review queue lists
the open ones as candidates, and registering one adds a household at that position (under an
import row's rules, gis/registry/points.py) and closes the report, both as events."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, select

from gis.errors import Conflict, NotFound
from gis.field.reports import close_report
from gis.registry.communes import Commune
from gis.registry.points import PointRecord, add_point
from gis.storage.db import Registry
from gis.storage.schema import points, reports, villages

__all__ = ["Candidate", "new_households", "register_candidate"]


@dataclass(frozen=True)
class Candidate:
    report_id: int
    near_code: str | None  # the plate whose page the report was filed from
    village: str
    lat: float
    lon: float
    accuracy_m: float | None
    note: str | None
    actor: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _query(commune: Commune) -> Any:
    return (
        select(reports, points.c.code, villages.c.name.label("village_name"))
        .join(points, points.c.id == reports.c.point_id)
        .join(villages, villages.c.id == points.c.village_id)
        .where(
            points.c.commune_id == commune.id,
            reports.c.reason == "new_household",
            reports.c.closed_at.is_(None),
            reports.c.lat.is_not(None),
        )
        .order_by(reports.c.id)
    )


def _candidate(row: Any) -> Candidate:
    return Candidate(
        report_id=row.id,
        near_code=row.code,
        village=row.village_name,
        lat=float(row.lat),
        lon=float(row.lon),
        accuracy_m=None if row.accuracy_m is None else float(row.accuracy_m),
        note=row.note,
        actor=row.actor,
    )


def new_households(conn: Connection, commune: Commune) -> list[Candidate]:
    """The open reports of a new household with a position: points to register."""
    return [_candidate(r) for r in conn.execute(_query(commune))]


def register_candidate(
    registry: Registry,
    commune: Commune,
    report_id: int,
    *,
    actor: str,
    name: str | None = None,
    house_number: str | None = None,
) -> PointRecord:
    """Register the household of an open new-household report at its position (its village
    follows from the position) and close the report saying so."""
    with registry.read() as conn:
        row = conn.execute(_query(commune).where(reports.c.id == report_id)).first()
        if row is None:
            done = conn.execute(select(reports.c.id).where(reports.c.id == report_id)).first()
            if done is None:
                raise NotFound("report.not_found", field="report_id", value=report_id)
            raise Conflict("report.not_a_candidate", field="report_id", value=report_id)
    point, _ = add_point(
        registry,
        commune,
        kind="household",
        lon=float(row.lon),
        lat=float(row.lat),
        name=name,
        house_number=house_number,
        actor=actor,
    )
    close_report(registry, report_id, note=f"#{point.id}", actor=actor)
    return point
