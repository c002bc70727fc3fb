"""The plain records `plates` renders: one per plate, and one per village map.

`plates` never sees the registry; the caller hands it ready strings (codes already issued and
formatted, plus codes already encoded), so rendering cannot disagree with the registry about
them. The only text composed here is the address line, and `address_text` is the single place
that composes it, so the plate, the letter and the manifest print the same words.
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

from plates.errors import PlatesError

__all__ = [
    "KIND_LABELS",
    "Kind",
    "PlateRecord",
    "VillageMap",
    "address_text",
    "nfc",
    "province_label",
    "village_label",
]

Kind = Literal["household", "agency", "heritage"]

# Vietnamese names of the kinds, as printed on checklists.
KIND_LABELS: dict[str, str] = {
    "household": "Hộ gia đình",
    "agency": "Cơ quan, tổ chức",
    "heritage": "Khu di tích",
}

# Words that already say what kind of place a village or province name is; without one we
# add "Thôn" / "tỉnh" so that a bare registry name still reads as an address.
_VILLAGE_WORDS = ("thôn", "xóm", "tổ dân phố", "tdp", "bản", "ấp", "khối", "làng", "tổ", "khu")
_PROVINCE_WORDS = ("tỉnh", "thành phố", "tp")
_CODE = re.compile(r"\d{11}")


def nfc(text: str) -> str:
    """Text in Unicode NFC, the form our font's precomposed Vietnamese glyphs match."""
    return unicodedata.normalize("NFC", text)


def _starts_with_word(name: str, words: tuple[str, ...]) -> bool:
    lowered = name.casefold()
    return any(lowered == w or lowered.startswith(w + " ") for w in words)


def village_label(name: str) -> str:
    """'Bình Minh' → 'Thôn Bình Minh'; a name that already says 'Xóm …' is kept."""
    name = nfc(name.strip())
    return name if _starts_with_word(name, _VILLAGE_WORDS) else f"Thôn {name}"


def province_label(name: str) -> str:
    """'Hà Tĩnh' → 'tỉnh Hà Tĩnh'; 'TP Hà Nội' or 'Thành phố Huế' are kept."""
    name = nfc(name.strip())
    return name if _starts_with_word(name, _PROVINCE_WORDS) else f"tỉnh {name}"


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

    def __post_init__(self) -> None:
        if not _CODE.fullmatch(self.code):
            raise PlatesError(f"code {self.code!r} is not the canonical 11 digits")
        if self.code_display.replace(" ", "") != self.code:
            raise PlatesError(f"display form {self.code_display!r} is not code {self.code}")
        if self.kind not in get_args(Kind):
            raise PlatesError(f"{self.code}: unknown kind {self.kind!r}")
        if not (-180.0 <= self.lon <= 180.0 and -90.0 <= self.lat <= 90.0):
            raise PlatesError(f"{self.code}: impossible position {self.lon}, {self.lat}")

    @property
    def address_text(self) -> str:
        """The exact address line printed on the plate."""
        return address_text(self)


def _house_part(record: PlateRecord) -> str | None:
    number = (record.house_number or "").strip()
    street = (record.street or "").strip()
    if number and street:
        return f"Số {number} {street}"
    if number:
        return f"Số {number}"
    return street or None


def address_text(record: PlateRecord) -> str:
    """'Thôn Bình Minh, xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh' (house and street first)."""
    parts = [
        _house_part(record),
        village_label(record.village),
        record.commune.strip(),
        (record.district or "").strip() or None,
        province_label(record.province),
    ]
    return nfc(", ".join(p for p in parts if p))


@dataclass(frozen=True)
class VillageMap:
    """A village's outline for the checklist map: polygon rings of (lon, lat), exterior first."""

    name: str
    boundary: list[list[tuple[float, float]]]
