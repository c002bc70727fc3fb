"""The commune's own words on its printed documents: who issues them, the officer's title, the
Youth Union's name and a phone to call.

They are settings of the commune (``diachiso communes set``), not fixed text: the officer's title
was renamed by Nghị định 33/2023 ("công chức Địa chính – Nông nghiệp – Xây dựng và Môi
trường") and, since the July 2025 reorganisation, communes name their own specialised offices.
A setting left empty takes the default derived here from the commune's name, so a commune that
set nothing prints "Ủy ban nhân dân xã Thạch Bình" and "Đoàn Thanh niên xã Thạch Bình".

The registry stores the settings; the letters and the volunteers' guide receive the resolved
:class:`CommuneWords` as a plain record (``plates`` never reads the registry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from addrgen.address import commune_text, nfc

__all__ = [
    "DEFAULT_OFFICER_TITLE",
    "MAX_PHONE",
    "MAX_TEXT",
    "PHONE_PATTERN",
    "SIGNER_AUTHORITIES",
    "SIGNER_TITLES",
    "CommuneWords",
    "commune_words",
]

#: The cadastral officer's title since Nghị định 33/2023/NĐ-CP.
DEFAULT_OFFICER_TITLE = "công chức Địa chính – Nông nghiệp – Xây dựng và Môi trường"
#: How the commune's letters are signed (Nghị định 30/2020/NĐ-CP, Phụ lục I): "tm", the chair
#: signs for the People's Committee (TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH); "kt", a deputy signs for
#: the chair (TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH).
SIGNER_AUTHORITIES = ("tm", "kt")
#: The signer's title when the commune set none, by authority.
SIGNER_TITLES = {"tm": "Chủ tịch", "kt": "Phó Chủ tịch"}
#: The longest setting the registry holds (its columns' sizes).
MAX_TEXT = 200
MAX_PHONE = 40
#: A phone as people write it: digits, grouped by spaces, dots or dashes, maybe +84 or (0239).
PHONE_PATTERN = re.compile(r"\+?[0-9][0-9 .()-]*[0-9]")


@dataclass(frozen=True, kw_only=True)
class CommuneWords:
    """The resolved words one commune prints: never empty, except the phone (None: not set)."""

    issuer: str
    officer_title: str
    youth_union: str
    phone: str | None = None
    # Who signs the letters: the title printed above the signature, the name below it (None:
    # left for the signer to write), and "tm" or "kt" (SIGNER_AUTHORITIES).
    signer_title: str = SIGNER_TITLES["tm"]
    signer_name: str | None = None
    signer_authority: str = "tm"


def _clean(text: str | None) -> str | None:
    """One spelling (NFC), single spaces; None for nothing at all."""
    cleaned = " ".join(nfc(text or "").split())
    return cleaned or None


_YOUTH_UNION = "Đoàn Thanh niên"


def _youth_union(text: str | None) -> str | None:
    """The Youth Union's name with its own capitals ("Đoàn Thanh niên", the organisation's
    name), however the officer typed the words."""
    if text and text[: len(_YOUTH_UNION)].casefold() == _YOUTH_UNION.casefold():
        return _YOUTH_UNION + text[len(_YOUTH_UNION) :]
    return text


def commune_words(
    commune: str,
    *,
    issuer: str | None = None,
    officer_title: str | None = None,
    youth_union: str | None = None,
    phone: str | None = None,
    signer_title: str | None = None,
    signer_name: str | None = None,
    signer_authority: str | None = None,
) -> CommuneWords:
    """The words of ``commune`` (its name with its unit word, e.g. "xã Thạch Bình"): each
    setting as given, or its default when it is None or blank."""
    name = commune_text(commune)
    authority = signer_authority if signer_authority in SIGNER_AUTHORITIES else "tm"
    return CommuneWords(
        issuer=_clean(issuer) or f"Ủy ban nhân dân {name}",
        officer_title=_clean(officer_title) or DEFAULT_OFFICER_TITLE,
        youth_union=_youth_union(_clean(youth_union)) or f"{_YOUTH_UNION} {name}",
        phone=_clean(phone),
        signer_title=_clean(signer_title) or SIGNER_TITLES[authority],
        signer_name=_clean(signer_name),
        signer_authority=authority,
    )
