"""The byte tables of the legacy Vietnamese encodings, for :mod:`gis.ingest.textfix`.

* **TCVN3** (ABC, the ``.VnTime`` fonts): one byte per precomposed lower-case letter in
  0xA8-0xFE plus seven capitals (Ă Â Ê Ô Ơ Ư Đ) in 0xA1-0xA7. Toned capitals exist only in the
  ``.VnTimeH`` capitals font, which draws the *same* byte values as capitals, so bytes carry no
  case: we decode them as lower case, the only reading the byte values support.
* **VNI** (VNI-Times): an ASCII base letter followed by one accent byte (vowel mark and tone in
  one, e.g. ``a`` + ``á`` = ấ) or by a tone byte after a horned base (``ô`` = ơ, ``ôù`` = ớ).

(Windows-1258 needs no table: it is Python's ``cp1258``.) The byte tables were cross-checked
against glibc's TCVN5712-1 table (whose 0xA0-0xFF half agrees with TCVN3 wherever TCVN3 defines a
byte), the xvnkb VNI table and two public converters.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = [
    "CP1252_EXTRA",
    "TCVN3_ENCODE",
    "TCVN3_TABLE",
    "TONES",
    "VIETNAMESE_LETTERS",
    "VNI_DECODE",
    "VNI_ENCODE",
    "VNI_PATTERN",
]

# --- Letters -------------------------------------------------------------------------------------

TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
_VOWELS = "aăâeêioôơuưy"
# Every lower-case Vietnamese letter with its tones, NFC: 12 vowels x 6 tones, plus đ.
_VIETNAMESE_LOWER = (
    *(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in TONES),
    "đ",
)
VIETNAMESE_LETTERS = frozenset(
    _VIETNAMESE_LOWER
    + tuple(c.upper() for c in _VIETNAMESE_LOWER)
    + tuple("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
)

# --- TCVN3 (ABC) ---------------------------------------------------------------------------------

# Byte -> letter. Rows: plain/modified vowel, then its tones in the byte order of the table.
_TCVN3_DECODE: dict[int, str] = {
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xA8: "ă", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xA9: "â", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xAA: "ê", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xAB: "ô", 0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xAC: "ơ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xAD: "ư", 0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
    0xAE: "đ",
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA0: "\u00a0",  # no-break space, as in Latin-1
}  # fmt: skip
TCVN3_ENCODE: dict[str, int] = {ch: b for b, ch in _TCVN3_DECODE.items()}
# 0x80-0x9F: the .VnTime fonts keep Windows punctuation there (curly quotes, dashes), so read those
# bytes as cp1252; the other bytes TCVN3 leaves unassigned (0xAF-0xB4, 0xBA, 0xBF-0xC5, 0xCD,
# 0xD9-0xDB, 0xE0, 0xF0, 0xFF) mean the text is not TCVN3.
# cp1252's characters in 0x80-0x9F, back to their bytes.
CP1252_EXTRA = {
    ch: b for b in range(0x80, 0xA0) for ch in [bytes([b]).decode("cp1252", errors="ignore")] if ch
}
_TCVN3_DECODE.update({b: ch for ch, b in CP1252_EXTRA.items()})
TCVN3_ENCODE.update(CP1252_EXTRA)
# All 256 bytes at once for speed; "" marks a byte TCVN3 does not assign.
TCVN3_TABLE = [chr(b) if b < 0x80 else _TCVN3_DECODE.get(b, "") for b in range(256)]

# --- VNI -----------------------------------------------------------------------------------------

# Accent characters (as their cp1252 glyphs) after a base letter, by tone (see TONES order).
_VNI_TONE = ("", "ø", "û", "õ", "ù", "ï")  # after a e o u y, and after ô (ơ) and ö (ư)
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")  # â ê ô with their tones, after a e o
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")  # ă with its tones, after a
_VNI_I = ("i", "ì", "æ", "ó", "í", "ò")  # i carries its tones as single characters


def _build_vni() -> dict[str, str]:
    """Unicode letter -> VNI character sequence, lower and upper case."""
    table: dict[str, str] = {}

    def put(base: str, mark: str, tone: int, seq: str) -> None:
        letter = unicodedata.normalize("NFC", base + mark + TONES[tone])
        if letter.isascii():
            return  # a plain vowel is itself
        table[letter] = seq  # ì and í are themselves too: VNI kept the Latin-1 letters

    for tone in range(6):
        for base in "aeouy":
            put(base, "", tone, base + _VNI_TONE[tone])
        for base in "aeo":
            put(base, "\u0302", tone, base + _VNI_CIRCUMFLEX[tone])
        put("a", "\u0306", tone, "a" + _VNI_BREVE[tone])
        put("o", "\u031b", tone, "ô" + _VNI_TONE[tone])
        put("u", "\u031b", tone, "ö" + _VNI_TONE[tone])
        put("i", "", tone, _VNI_I[tone])
    table["ỵ"] = "î"  # y with dot below is one character, not y + ï
    table["đ"] = "ñ"
    # Capitals: the same sequences in upper case (every accent character has a Latin-1 capital).
    table.update({letter.upper(): seq.upper() for letter, seq in list(table.items())})
    return table


VNI_ENCODE = _build_vni()
VNI_DECODE = {seq: letter for letter, seq in VNI_ENCODE.items()}
# Regex alternation tries the alternatives in order: two-character sequences before single ones.
VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(VNI_DECODE, key=lambda q: (-len(q), q)))
)
