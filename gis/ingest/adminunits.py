"""Addresses that name administrative units as they were: "xã Thạch Bình, TP Hà Tĩnh" in a sheet
made before the 2025 reorganisation names what is now xã Cẩm Bình. The old-to-new table is the
maintained, MIT-licensed `vietnamadminunits` package (63-province units to the 34-province
ones); this module only asks it and compares the answer with the registry's commune."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = ["UnitMatch", "match_address"]

_PREFIX = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class UnitMatch:
    """How an address's commune relates to the registry's commune.

    ``current``: it names the commune as it is; ``mapped``: it names a former unit that is now
    this commune (``now`` says what it became); ``other``: it names another commune;
    ``unknown``: the table does not recognise it."""

    status: Literal["current", "mapped", "other", "unknown"]
    named: str  # the commune the address names, as the table spells it
    now: str  # what that commune is today


def _key(name: str) -> str:
    text = unicodedata.normalize("NFC", name).strip().casefold()
    return " ".join(_PREFIX.sub("", text).split())


@lru_cache(maxsize=4096)
def match_address(address: str, commune_name: str) -> UnitMatch:
    """Compare an address ("xã Thạch Bình, TP Hà Tĩnh, Hà Tĩnh") with the registry's commune."""
    from vietnamadminunits import convert_address, parse_address

    wanted = _key(commune_name)
    try:
        legacy = parse_address(address, mode="LEGACY")
        named = str(getattr(legacy, "ward", "") or "")
    except Exception:  # the package raises plain exceptions on what it cannot read
        named = ""
    try:
        converted = convert_address(address)
        now = str(getattr(converted, "ward", "") or "")
    except Exception:
        now = ""
    if not named and not now:
        return UnitMatch("unknown", "", "")
    if named and _key(named) == wanted:
        return UnitMatch("current", named, now or named)
    if now and _key(now) == wanted:
        return UnitMatch("mapped", named or address, now)
    return UnitMatch("other", named or address, now)
