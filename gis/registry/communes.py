"""Communes: creating the registry of one, and finding the one a command is about."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select

from addrgen.address import address_text
from addrgen.commune_words import CommuneWords, commune_words
from gis.errors import Conflict, InvalidInput, NotFound
from gis.storage.db import Registry, prepare_registry
from gis.storage.events import log_event, now
from gis.storage.schema import code_counters, commune_history, communes

__all__ = [
    "Commune",
    "add_commune",
    "check_new_commune",
    "commune_from_row",
    "get_commune",
    "list_communes",
]


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
    # Its plates (`communes set --plate-template/--plate-household-head`); None: the defaults.
    plate_template: str | None = None
    plate_household_head: bool | None = None
    # From when ``district`` stands (a reorganisation's date; None: entered undated).
    district_from: date | None = None
    # Who signs its letters (`diachiso communes set`); None: the default.
    signer_name: str | None = None
    signer_title: str | None = None
    signer_authority: str | None = None

    def address(
        self, *, house_number: str | None, street: str | None, village: str, on: date
    ) -> str:
        """The address of a place in one of its villages as it stands ``on``, in running text
        (addrgen.address, the builder the plates and letters use too)."""
        return address_text(
            house_number=house_number,
            street=street,
            village=village,
            commune=self.name,
            district=self.district,
            province=self.province,
            on=on,
            district_from=self.district_from,
        )

    @property
    def words(self) -> CommuneWords:
        """The words its letters and guide print, defaults filled in from its name."""
        return commune_words(
            self.name,
            issuer=self.issuer,
            officer_title=self.officer_title,
            youth_union=self.youth_union,
            phone=self.phone,
            signer_title=self.signer_title,
            signer_name=self.signer_name,
            signer_authority=self.signer_authority,
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
    """Add a commune with its own area number (and that area's serial counter)."""
    name, commune_code = name.strip(), commune_code.strip()
    check_new_commune(name=name, commune_code=commune_code, area_number=area_number)
    # Transition: `diachiso init` (api/cli.py) still hands a new database straight to this
    # function; once it calls prepare_registry first, this becomes require_current(registry).
    prepare_registry(registry)
    new = Commune(0, name, commune_code, area_number, district, province)
    with registry.write() as conn:
        _refuse_clash(conn, new)
        return _insert_commune(conn, new, actor=actor)


def check_new_commune(
    *, name: str, commune_code: str, area_number: int, name_field: str = "name"
) -> None:
    """What a new commune needs (``name_field`` is the caller's parameter that holds its name):
    a name, a statistics code of digits, a 5-digit area number."""
    if not name:
        raise InvalidInput("commune.name_empty", field=name_field, value=name)
    if not commune_code.isdigit():
        raise InvalidInput(
            "commune.bad_code", field="commune_code", value=commune_code, expected="digits"
        )
    if not 0 <= area_number <= 99999:
        raise InvalidInput(
            "commune.bad_area_number", field="area_number", value=area_number, expected="0–99999"
        )


def _refuse_clash(conn: Connection, new: Commune) -> None:
    clash = conn.execute(
        select(communes.c.name, communes.c.area_number, communes.c.commune_code).where(
            (communes.c.area_number == new.area_number)
            | (communes.c.commune_code == new.commune_code)
            | (communes.c.name == new.name)
        )
    ).first()
    if clash is not None:
        raise Conflict(
            "commune.exists",
            value=new.name,
            name=clash.name,
            commune_code=clash.commune_code,
            area_number=clash.area_number,
        )


def _insert_commune(conn: Connection, new: Commune, *, actor: str) -> Commune:
    """The commune's row, its first history row, its area's counter (unless the area already
    has one) and the event; ``new.id`` is ignored."""
    at = now()
    row = {
        "name": new.name,
        "commune_code": new.commune_code,
        "area_number": new.area_number,
        "province": new.province,
        "district": new.district,
        "created_at": at,
    }
    commune_id = conn.execute(insert(communes).values(**row).returning(communes.c.id)).scalar_one()
    conn.execute(
        insert(commune_history).values(
            commune_id=commune_id,
            effective=date.today(),
            action="created",
            name=new.name,
            district=new.district,
            province=new.province,
        )
    )
    existing = conn.execute(
        select(code_counters.c.area_number).where(code_counters.c.area_number == new.area_number)
    ).first()
    if existing is None:
        conn.execute(insert(code_counters).values(area_number=new.area_number, last_serial=0))
    log_event(
        conn,
        actor=actor,
        action="commune.add",
        entity="commune",
        entity_id=commune_id,
        after=row,
        at=at,
    )
    return replace(new, id=commune_id)


def list_communes(conn: Connection) -> list[Commune]:
    rows = conn.execute(select(communes).order_by(communes.c.id)).all()
    return [commune_from_row(r) for r in rows]


def get_commune(conn: Connection, name: str | None, *, field: str = "name") -> Commune:
    """The commune named, or the registry's only commune when no name is given (``field`` is
    the caller's parameter that holds the name, for the error)."""
    if name is not None:
        # A merged commune may share its name with its successor: the standing one first.
        row = conn.execute(
            select(communes)
            .where(communes.c.name == name.strip())
            .order_by(communes.c.successor_id.is_not(None), communes.c.id)
        ).first()
        if row is None:
            held = ", ".join(c.name for c in list_communes(conn))
            if not held:
                raise NotFound("registry.no_commune")
            raise NotFound("commune.not_found", field=field, value=name, known=held)
        return commune_from_row(row)
    # Communes merged into another (successor_id set) no longer stand: not counted.
    standing = select(communes).where(communes.c.successor_id.is_(None))
    count = conn.execute(select(func.count()).select_from(standing.subquery())).scalar_one()
    if count == 0:
        raise NotFound("registry.no_commune")
    if count > 1:
        known = ", ".join(c.name for c in list_communes(conn))
        raise InvalidInput("commune.ambiguous", field=field, count=count, known=known)
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
        plate_template=row.plate_template,
        plate_household_head=row.plate_household_head,
        district_from=_as_date(row.district_from),
        signer_name=row.signer_name,
        signer_title=row.signer_title,
        signer_authority=row.signer_authority,
    )


def _as_date(value: Any) -> date | None:
    """A date column's value (SQLite may hand back text)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
