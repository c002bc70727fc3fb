"""The address text: the one place that turns an address's parts into words.

The plate, the notification letter, the print manifest, the address page and the public API
all call :func:`address_text`, so they print the same words. The form follows the Vietnamese
administrative convention: the unit words inside an address are lower case and the names keep
their capitals —

    số 26, thôn Bình Minh, xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh
    số 12 đường Lê Khôi, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh

A registry name that already starts with its unit word ("Thôn Bình Minh", "Xã Thạch Bình") has
that word lower-cased; a bare village or province name gets "thôn" / "tỉnh" in front so that it
still reads as an address. Abbreviations (TP, TX, TT, TDP) are kept as written. Where the text
starts a printed line (the plate, the letter), ``capital=True`` upper-cases its first letter
and nothing else.

:func:`same_address` compares two texts the way stale-plate detection must: a plate printed
with "Số 26, Thôn Bình Minh" before this form was settled says the same address as
"Số 26, thôn Bình Minh" today.
"""

from __future__ import annotations

import unicodedata
from typing import Protocol

__all__ = [
    "AddressParts",
    "address_of",
    "address_text",
    "at_line_start",
    "commune_text",
    "nfc",
    "province_words",
    "same_address",
    "village_words",
]

# Unit words, longest first so that "thị trấn" wins over a shorter word. The key decides when a
# name already says what it is; the word is then lower-cased in place.
_STREET_WORDS = ("đường", "phố", "ngõ", "ngách", "hẻm", "kiệt")
_VILLAGE_WORDS = ("tổ dân phố", "thôn", "xóm", "bản", "ấp", "khối", "làng", "tổ", "khu")
_COMMUNE_WORDS = ("thị trấn", "phường", "xã")
_DISTRICT_WORDS = ("thành phố", "thị xã", "huyện", "quận")
_PROVINCE_WORDS = ("thành phố", "tỉnh")
# Abbreviations are written in capitals by convention and stay as the registry has them.
_ABBREVIATIONS = ("tp", "tx", "tt", "tdp")


def nfc(text: str) -> str:
    """Text in Unicode NFC: one spelling per letter, the form fonts' Vietnamese glyphs match."""
    return unicodedata.normalize("NFC", text)


def _unit(name: str | None, words: tuple[str, ...], default: str | None) -> str | None:
    """A name with its leading unit word in lower case, or ``default`` put in front."""
    name = " ".join(nfc(name or "").split())
    if not name:
        return None
    for word in (*_ABBREVIATIONS, *words):
        head, rest = name[: len(word)], name[len(word) :]
        if head.casefold() == word and (not rest or rest.startswith(" ")):
            return name if word in _ABBREVIATIONS else word + rest
    return f"{default} {name}" if default else name


def village_words(name: str) -> str:
    """'Bình Minh' → 'thôn Bình Minh'; 'Xóm Mới' → 'xóm Mới'; 'TDP 3' stays."""
    return _unit(name, _VILLAGE_WORDS, "thôn") or ""


def commune_text(name: str) -> str:
    """'Xã Thạch Bình' → 'xã Thạch Bình' (inside a sentence); a bare name stays as it is (no
    unit word is guessed: it may be a xã, a phường or a thị trấn)."""
    return _unit(name, _COMMUNE_WORDS, None) or ""


def province_words(name: str) -> str:
    """'Hà Tĩnh' → 'tỉnh Hà Tĩnh'; 'Thành phố Huế' → 'thành phố Huế'; 'TP Hà Nội' stays."""
    return _unit(name, _PROVINCE_WORDS, "tỉnh") or ""


def at_line_start(text: str) -> str:
    """The text as it starts a printed line: its first letter in capitals, the rest as it is."""
    return text[:1].upper() + text[1:]


def _house(house_number: str | None, street: str | None) -> str | None:
    number = " ".join((house_number or "").split())
    road = _unit(street, _STREET_WORDS, None)
    if number and road:
        return f"số {number} {road}"
    if number:
        return f"số {number}"
    return road


def address_text(
    *,
    house_number: str | None,
    street: str | None,
    village: str,
    commune: str,
    district: str | None,
    province: str | None,
    capital: bool = False,
) -> str:
    """'số 12 đường Lê Khôi, thôn Bình Minh, xã Thạch Bình, TP Hà Tĩnh, tỉnh Hà Tĩnh'.

    Empty parts are left out; ``capital=True`` where the text starts a printed line."""
    parts = [
        _house(house_number, street),
        village_words(village),
        commune_text(commune) or None,
        _unit(district, _DISTRICT_WORDS, None),
        _unit(province, _PROVINCE_WORDS, "tỉnh"),
    ]
    text = nfc(", ".join(p for p in parts if p))
    return at_line_start(text) if capital else text


class AddressParts(Protocol):
    """Anything that holds an address's parts under these names (a plate's record, the address
    of a point at a date)."""

    @property
    def house_number(self) -> str | None: ...
    @property
    def street(self) -> str | None: ...
    @property
    def village(self) -> str: ...
    @property
    def commune(self) -> str: ...
    @property
    def district(self) -> str | None: ...
    @property
    def province(self) -> str | None: ...


def address_of(parts: AddressParts, *, capital: bool = False) -> str:
    """:func:`address_text` of an object that holds the parts."""
    return address_text(
        house_number=parts.house_number,
        street=parts.street,
        village=parts.village,
        commune=parts.commune,
        district=parts.district,
        province=parts.province,
        capital=capital,
    )


def same_address(printed: str, current: str) -> bool:
    """Whether two address texts say the same address: equal up to letter case, Unicode form
    and runs of white space. Case is ignored so that a plate printed before the unit words were
    settled in lower case ("Thôn Bình Minh") is not reported stale for that alone; a real change
    of words (a merged commune, a renamed village) still differs."""

    def key(text: str) -> str:
        return " ".join(nfc(text).casefold().split())

    return key(printed) == key(current)
