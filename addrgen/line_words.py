"""Words that printed lines treat specially, from the address builder's vocabulary.

* Unit words ("thôn", "xã", "tỉnh", "đường" …) and the house words ("số", "nhà") name what
  follows them: a printed line never ends on one ("tỉnh Hà / Tĩnh" and "thôn / Bình Minh" read
  as two places).
* "Ủy ban nhân dân" is written "UBND" where room is short (signboards, plates), as every
  commune's own signboard does.
"""

from __future__ import annotations

from addrgen.address import (
    _COMMUNE_WORDS,
    _DISTRICT_WORDS,
    _PROVINCE_WORDS,
    _STREET_WORDS,
    _VILLAGE_WORDS,
)

__all__ = ["BINDING_WORDS", "short_issuer"]

_HOUSE_WORDS = ("số", "nhà")
#: Single words (lower case) after which a printed line does not break.
BINDING_WORDS: frozenset[str] = frozenset(
    word
    for phrase in (
        *_STREET_WORDS,
        *_VILLAGE_WORDS,
        *_COMMUNE_WORDS,
        *_DISTRICT_WORDS,
        *_PROVINCE_WORDS,
        *_HOUSE_WORDS,
    )
    for word in phrase.split()
)

_PEOPLES_COMMITTEE = "Ủy ban nhân dân "


def short_issuer(issuer: str) -> str:
    """'Ủy ban nhân dân xã Thạch Bình' → 'UBND xã Thạch Bình'; any other issuer as it is."""
    if issuer.casefold().startswith(_PEOPLES_COMMITTEE.casefold()):
        return "UBND " + issuer[len(_PEOPLES_COMMITTEE) :]
    return issuer
