"""The plain records `plates` renders: one per plate, and one per village map.

`plates` never sees the registry; the caller hands it ready strings (codes already issued and
formatted, plus codes already encoded), so rendering cannot disagree with the registry about
them. The commune's own words (issuing unit, officer's title, Youth Union, phone) come as
:class:`~addrgen.commune_words.CommuneWords`, resolved by the caller from the commune's settings
(`commune_words` gives the defaults for a commune that set none). The address line is composed
by `addrgen.address` (the one builder the web page uses
too); `address_text` hands it a record, so the plate, the letter and the manifest print the same
words.
"""

import re
from dataclasses import dataclass
from datetime import date
from typing import get_args

from addrgen.address import address_of
from addrgen.commune_words import CommuneWords, commune_words
from addrgen.vocab import KindName
from plates.errors import PlatesError

__all__ = [
    "Background",
    "CommuneWords",
    "Kind",
    "PlateRecord",
    "VillageMap",
    "address_text",
    "commune_words",
]

# The kinds as a type for plain records (their one home is addrgen.vocab).
Kind = KindName
_CODE = re.compile(r"\d{11}")


@dataclass(frozen=True)
class PlateRecord:
    """One address point to print, with every string ready."""

    code: str
    code_display: str
    plus_code: str
    kind: Kind
    name: str | None
    house_number: str | None
    street: str | None
    village: str
    commune: str
    district: str | None
    province: str
    lon: float
    lat: float
    # The date the address is written for (the batch's print date; None: as recorded, no date
    # rule) and from when ``district`` stands: an address from 1 July 2025 names a district only
    # when it stands from then on (addrgen.address).
    printed_on: date | None = None
    district_from: date | None = None

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise PlatesError("record.code", field="code", value=self.code)
        if self.code_display.replace(" ", "") != self.code:
            raise PlatesError(
                "record.code_display", field="code_display", value=self.code_display, code=self.code
            )
        if self.kind not in get_args(Kind):
            raise PlatesError("record.kind", field="kind", value=self.kind, code=self.code)
        if not (-180.0 <= self.lon <= 180.0 and -90.0 <= self.lat <= 90.0):
            raise PlatesError(
                "record.position",
                field="position",
                value=f"{self.lon}, {self.lat}",
                code=self.code,
            )

    @property
    def address_text(self) -> str:
        """The exact address line printed on the plate."""
        return address_text(self)


def address_text(record: PlateRecord, *, formal: bool = False, keep_names: bool = False) -> str:
    """The address line as printed where it starts a line, on the record's print date:
    'Số 12 đường Lê Khôi, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh' (addrgen.address);
    ``formal`` (the letter) spells abbreviations out, ``keep_names`` keeps place names whole."""
    return address_of(
        record, capital=True, on=record.printed_on, formal=formal, keep_names=keep_names
    )


@dataclass(frozen=True)
class VillageMap:
    """A village's outline for the checklist map: polygon rings of (lon, lat), exterior first."""

    name: str
    boundary: list[list[tuple[float, float]]]


@dataclass(frozen=True)
class Background:
    """What the officer's background layer puts under a checklist's maps: roads and other
    lines as lists of (lon, lat), and landmarks as (lon, lat, name), the name "" when none."""

    lines: list[list[tuple[float, float]]]
    points: list[tuple[float, float, str]]
