"""The address text: the one place that turns an address's parts into words.

The plate, the notification letter, the checklist, the print manifest, the address page, the
public API and the export all call :func:`address_text`, so they print the same words for the
same date. The form follows the Vietnamese administrative convention: the unit words inside an
address are lower case and the names keep their capitals —

    số 26, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh
    số 12 đường Lê Khôi, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh

The builder knows the date (``on``): since 1 July 2025 local government has two tiers (province
and commune), so an address on or after :data:`TWO_TIER_FROM` names no district — unless the
commune's record holds a district that stands from that date on (``district_from``, the date a
reorganisation set it), which the registry keeps for the rare unit that still has one. The units'
names on that date are the caller's (the registry replays its dated history,
`gis.registry.reorg.addresses_at`). ``formal=True`` spells abbreviations out as formal letters
write them ("TP Hà Tĩnh" → "thành phố Hà Tĩnh", "H. Cẩm Xuyên" → "huyện Cẩm Xuyên");
``keep_names=True`` joins each part's words with no-break spaces so that a line breaks only
after a comma, never inside "tỉnh Hà Tĩnh".

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
from datetime import date
from functools import lru_cache
from typing import Protocol

__all__ = [
    "NBSP",
    "TWO_TIER_FROM",
    "AddressParts",
    "address_of",
    "address_text",
    "at_line_start",
    "commune_text",
    "nfc",
    "province_words",
    "same_address",
    "standing_district",
    "unbroken",
    "village_words",
]

#: The first day of two-tier local government (Luật Tổ chức chính quyền địa phương 2025,
#: Nghị quyết 202/2025/QH15): no district level from this date.
TWO_TIER_FROM = date(2025, 7, 1)
#: The no-break space that holds a place name together on a printed line.
NBSP = "\u00a0"

# Unit words, longest first so that "thị trấn" wins over a shorter word. The key decides when a
# name already says what it is; the word is then lower-cased in place.
_STREET_WORDS = ("đường", "phố", "ngõ", "ngách", "hẻm", "kiệt")
_VILLAGE_WORDS = ("tổ dân phố", "thôn", "xóm", "bản", "ấp", "khối", "làng", "tổ", "khu")
_COMMUNE_WORDS = ("thị trấn", "phường", "xã")
_DISTRICT_WORDS = ("thành phố", "thị xã", "huyện", "quận")
_PROVINCE_WORDS = ("thành phố", "tỉnh")
# Abbreviations are written in capitals by convention and stay as the registry has them, except in
# formal letters, which spell them out (with or without the dot the registry may hold).
_SPELLED = {
    "tp": "thành phố",
    "tx": "thị xã",
    "tt": "thị trấn",
    "tdp": "tổ dân phố",
    "h": "huyện",
    "q": "quận",
    "p": "phường",
    "x": "xã",
}
# "TP", "TX", "TT", "TDP" are read bare or dotted; a one-letter one only with its dot ("H. Cẩm
# Xuyên"), since a bare "H" or "P" may be a name ("Khu P").
_ABBREVIATIONS = (*(f"{a}." for a in _SPELLED), "tp", "tx", "tt", "tdp")


def nfc(text: str) -> str:
    """Text in Unicode NFC: one spelling per letter, the form fonts' Vietnamese glyphs match."""
    return unicodedata.normalize("NFC", text)


# Cached: a page of a thousand addresses (/ogc, /api/points) repeats the same few villages,
# communes and provinces, and this scan of the unit words was most of the page's time.
@lru_cache(maxsize=4096)
def _unit(
    name: str | None, words: tuple[str, ...], default: str | None, *, formal: bool = False
) -> str | None:
    """A name with its leading unit word in lower case, or ``default`` put in front; ``formal``
    spells an abbreviated unit word out."""
    name = " ".join(nfc(name or "").split())
    if not name:
        return None
    for word in (*_ABBREVIATIONS, *words):
        head, rest = name[: len(word)], name[len(word) :]
        if head.casefold() != word:
            continue
        if word.endswith(".") and formal:
            return f"{_SPELLED[word[:-1]]} {rest.strip()}".strip()
        if not rest or rest.startswith(" "):
            if word not in _ABBREVIATIONS:
                return word + rest
            return f"{_SPELLED[word]}{rest}" if formal else name
    return f"{default} {name}" if default else name


def unbroken(text: str) -> str:
    """Each comma-separated part of ``text`` with no-break spaces: a printed line breaks only
    after a comma, never inside a place name."""
    return ", ".join(part.replace(" ", NBSP) for part in text.split(", "))


def standing_district(
    district: str | None, *, on: date | None, district_from: date | None = None
) -> str | None:
    """The district an address names on ``on``: none from :data:`TWO_TIER_FROM` unless the
    record's district stands from that date on (``district_from``); ``on`` None: as recorded."""
    if on is None or on < TWO_TIER_FROM:
        return district
    if district_from is not None and district_from >= TWO_TIER_FROM:
        return district
    return None


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


def _house(house_number: str | None, street: str | None, formal: bool) -> str | None:
    number = " ".join((house_number or "").split())
    road = _unit(street, _STREET_WORDS, None, formal=formal)
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
    on: date | None = None,
    district_from: date | None = None,
    formal: bool = False,
    keep_names: bool = False,
) -> str:
    """'số 12 đường Lê Khôi, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh'.

    Empty parts are left out; ``capital=True`` where the text starts a printed line; ``on``, the
    date the address is written for (the district by :func:`standing_district`); ``formal``,
    abbreviations spelled out; ``keep_names``, no-break spaces inside each part."""
    district = standing_district(district, on=on, district_from=district_from)
    parts = [
        _house(house_number, street, formal),
        _unit(village, _VILLAGE_WORDS, "thôn", formal=formal),
        _unit(commune, _COMMUNE_WORDS, None, formal=formal),
        _unit(district, _DISTRICT_WORDS, None, formal=formal),
        _unit(province, _PROVINCE_WORDS, "tỉnh", formal=formal),
    ]
    text = nfc(", ".join(p for p in parts if p))
    text = at_line_start(text) if capital else text
    return unbroken(text) if keep_names else text


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
    @property
    def district_from(self) -> date | None: ...


def address_of(
    parts: AddressParts,
    *,
    capital: bool = False,
    on: date | None = None,
    formal: bool = False,
    keep_names: bool = False,
) -> str:
    """:func:`address_text` of an object that holds the parts."""
    return address_text(
        house_number=parts.house_number,
        street=parts.street,
        village=parts.village,
        commune=parts.commune,
        district=parts.district,
        province=parts.province,
        capital=capital,
        on=on,
        district_from=parts.district_from,
        formal=formal,
        keep_names=keep_names,
    )


def same_address(printed: str, current: str) -> bool:
    """Whether two address texts say the same address: equal up to letter case, Unicode form
    and runs of white space. Case is ignored so that a plate printed before the unit words were
    settled in lower case ("Thôn Bình Minh") is not reported stale for that alone; a real change
    of words (a merged commune, a renamed village) still differs."""

    def key(text: str) -> str:
        return " ".join(nfc(text).casefold().split())

    return key(printed) == key(current)
