"""Communes: creating the registry of one, and finding the one a command is about."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from addrgen.commune_words import CommuneWords, commune_words
from gis.errors import Conflict, InvalidInput, NotFound
from gis.storage.db import Registry
from gis.storage.events import log_event, now
from gis.storage.schema import code_counters, commune_history, communes

__all__ = ["Commune", "add_commune", "commune_from_row", "get_commune", "list_communes"]


@dataclass(frozen=True)
class Commune:
    id: int
    name: str
    commune_code: str
    area_number: int
    district: str | None
    province: str | None
    # The commune's own words on its documents (`diachiso communes set`); None: the default.
    issuer: str | None = None
    officer_title: str | None = None
    youth_union: str | None = None
    phone: str | None = None

    @property
    def words(self) -> CommuneWords:
        """The words its letters and guide print, defaults filled in from its name."""
        return commune_words(
            self.name,
            issuer=self.issuer,
            officer_title=self.officer_title,
            youth_union=self.youth_union,
            phone=self.phone,
        )


def add_commune(
    registry: Registry,
    *,
    name: str,
    commune_code: str,
    area_number: int,
    province: str | None = None,
    district: str | None = None,
    actor: str,
) -> Commune:
    """Create the registry's schema if needed and add a commune with its own area number."""
    name = name.strip()
    if not name:
        raise InvalidInput("--commune: the commune's name is empty")
    if not commune_code.strip().isdigit():
        raise InvalidInput(f"--commune-code {commune_code!r}: expected the statistics code digits")
    if not 0 <= area_number <= 99999:
        raise InvalidInput(f"--area-number {area_number}: expected a 5-digit number (0–99999)")
    registry.migrate()
    with registry.write() as conn:
        clash = conn.execute(
            select(communes.c.name, communes.c.area_number, communes.c.commune_code).where(
                (communes.c.area_number == area_number)
                | (communes.c.commune_code == commune_code.strip())
                | (communes.c.name == name)
            )
        ).first()
        if clash is not None:
            raise Conflict(
                f"the registry already holds {clash.name!r} (code {clash.commune_code}, "
                f"area number {clash.area_number:05d}); a commune's name, code and area number "
                "must be unique"
            )
        at = now()
        row = {
            "name": name,
            "commune_code": commune_code.strip(),
            "area_number": area_number,
            "province": province,
            "district": district,
            "created_at": at,
        }
        commune_id = conn.execute(
            insert(communes).values(**row).returning(communes.c.id)
        ).scalar_one()
        conn.execute(
            insert(commune_history).values(
                commune_id=commune_id,
                effective=date.today(),
                action="created",
                name=name,
                district=district,
                province=province,
            )
        )
        existing = conn.execute(
            select(code_counters.c.area_number).where(code_counters.c.area_number == area_number)
        ).first()
        if existing is None:
            conn.execute(insert(code_counters).values(area_number=area_number, last_serial=0))
        log_event(
            conn,
            actor=actor,
            action="commune.add",
            entity="commune",
            entity_id=commune_id,
            after=row,
            at=at,
        )
    return Commune(commune_id, name, commune_code.strip(), area_number, district, province)


def list_communes(conn: Connection) -> list[Commune]:
    rows = conn.execute(select(communes).order_by(communes.c.id)).all()
    return [commune_from_row(r) for r in rows]


def get_commune(conn: Connection, name: str | None) -> Commune:
    """The commune named, or the registry's only commune when no name is given."""
    if name is not None:
        # A merged commune may share its name with its successor: the standing one first.
        row = conn.execute(
            select(communes)
            .where(communes.c.name == name.strip())
            .order_by(communes.c.successor_id.is_not(None), communes.c.id)
        ).first()
        if row is None:
            known = ", ".join(c.name for c in list_communes(conn)) or "none"
            raise NotFound(f"no commune named {name!r} in this registry (it holds: {known})")
        return commune_from_row(row)
    # Communes merged into another (successor_id set) no longer stand: not counted.
    standing = select(communes).where(communes.c.successor_id.is_(None))
    count = conn.execute(select(func.count()).select_from(standing.subquery())).scalar_one()
    if count == 0:
        raise NotFound("the registry has no commune yet: run `diachiso init` first")
    if count > 1:
        known = ", ".join(c.name for c in list_communes(conn))
        raise InvalidInput(f"this registry holds {count} communes ({known}): give --commune NAME")
    return commune_from_row(conn.execute(standing).one())


def commune_from_row(row: Row[Any]) -> Commune:
    """A row of ``communes`` (every column selected) as the record."""
    return Commune(
        id=row.id,
        name=row.name,
        commune_code=row.commune_code,
        area_number=row.area_number,
        district=row.district,
        province=row.province,
        issuer=row.issuer,
        officer_title=row.officer_title,
        youth_union=row.youth_union,
        phone=row.phone,
    )
