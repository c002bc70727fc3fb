"""Repairing Vietnamese text from legacy encodings into Unicode NFC.

Old government spreadsheets hold Vietnamese in three legacy forms:

* **TCVN3** (ABC, the ``.VnTime`` fonts): one byte per precomposed lower-case letter in
  0xA8-0xFE plus seven capitals (Ă Â Ê Ô Ơ Ư Đ) in 0xA1-0xA7. Toned capitals exist only in the
  ``.VnTimeH`` capitals font, which draws the *same* byte values as capitals, so bytes carry no
  case: we decode them as lower case, the only reading the byte values support.
* **VNI** (VNI-Times): an ASCII base letter followed by one accent byte (vowel mark and tone in
  one, e.g. ``a`` + ``á`` = ấ) or by a tone byte after a horned base (``ô`` = ơ, ``ôù`` = ớ).
* **Windows-1258**: Python's ``cp1258``, tones as combining marks, so the text needs NFC.

When such text arrives in an .xlsx cell or a DBF read with the wrong code page, each byte shows up
as its Latin-1/cp1252 character ('Th¹ch B×nh' for 'Thạch Bình'); :func:`repair_text` reverses that.

Choosing an encoding automatically rests on one observation: wrong decodings produce words that
are not Vietnamese syllables ('Bỡnh' has no valid rhyme, 'Th¹ch' has a symbol in it), while the
right one produces syllables. :func:`_plausibility` counts valid syllables and penalises
characters that are not Vietnamese letters; the identity (leave the text alone) wins every tie, so
correct text is never "repaired" into something else.

The byte tables were cross-checked against glibc's TCVN5712-1 table (whose 0xA0-0xFF half agrees
with TCVN3 wherever TCVN3 defines a byte), the xvnkb VNI table and two public converters.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Literal

__all__ = [
    "Encoding",
    "UndecodableText",
    "decode_bytes",
    "detect_legacy",
    "encode_tcvn3",
    "encode_vni",
    "repair_text",
    "to_nfc",
]

Encoding = Literal["auto", "utf-8", "cp1258", "tcvn3", "vni"]
Legacy = Literal["tcvn3", "vni"]

# --- Letters -------------------------------------------------------------------------------------

_TONES = ("", "\u0300", "\u0309", "\u0303", "\u0301", "\u0323")  # none, huyền, hỏi, ngã, sắc, nặng
_VOWELS = "aăâeêioôơuưy"
# Every lower-case Vietnamese letter with its tones, NFC: 12 vowels x 6 tones, plus đ.
_VIETNAMESE_LOWER = (
    *(unicodedata.normalize("NFC", v + t) for v in _VOWELS for t in _TONES),
    "đ",
)
_VIETNAMESE_LETTERS = frozenset(
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
_TCVN3_ENCODE: dict[str, int] = {ch: b for b, ch in _TCVN3_DECODE.items()}
# 0x80-0x9F: the .VnTime fonts keep Windows punctuation there (curly quotes, dashes), so read those
# bytes as cp1252; the other bytes TCVN3 leaves unassigned (0xAF-0xB4, 0xBA, 0xBF-0xC5, 0xCD,
# 0xD9-0xDB, 0xE0, 0xF0, 0xFF) mean the text is not TCVN3.
# cp1252's characters in 0x80-0x9F, back to their bytes.
_CP1252_EXTRA = {
    ch: b for b in range(0x80, 0xA0) for ch in [bytes([b]).decode("cp1252", errors="ignore")] if ch
}
_TCVN3_DECODE.update({b: ch for ch, b in _CP1252_EXTRA.items()})
_TCVN3_ENCODE.update(_CP1252_EXTRA)
# All 256 bytes at once for speed; "" marks a byte TCVN3 does not assign.
_TCVN3_TABLE = [chr(b) if b < 0x80 else _TCVN3_DECODE.get(b, "") for b in range(256)]

# --- VNI -----------------------------------------------------------------------------------------

# Accent characters (as their cp1252 glyphs) after a base letter, by tone (see _TONES order).
_VNI_TONE = ("", "ø", "û", "õ", "ù", "ï")  # after a e o u y, and after ô (ơ) and ö (ư)
_VNI_CIRCUMFLEX = ("â", "à", "å", "ã", "á", "ä")  # â ê ô with their tones, after a e o
_VNI_BREVE = ("ê", "è", "ú", "ü", "é", "ë")  # ă with its tones, after a
_VNI_I = ("i", "ì", "æ", "ó", "í", "ò")  # i carries its tones as single characters


def _build_vni() -> dict[str, str]:
    """Unicode letter -> VNI character sequence, lower and upper case."""
    table: dict[str, str] = {}

    def put(base: str, mark: str, tone: int, seq: str) -> None:
        letter = unicodedata.normalize("NFC", base + mark + _TONES[tone])
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


_VNI_ENCODE = _build_vni()
_VNI_DECODE = {seq: letter for letter, seq in _VNI_ENCODE.items()}
# Regex alternation tries the alternatives in order: two-character sequences before single ones.
_VNI_PATTERN = re.compile(
    "|".join(re.escape(seq) for seq in sorted(_VNI_DECODE, key=lambda q: (-len(q), q)))
)

# --- Errors --------------------------------------------------------------------------------------


class UndecodableText(ValueError):
    """Text (or bytes) that no supported encoding explains."""

    def __init__(self, value: str | bytes, encoding: str, reason: str = "") -> None:
        self.value = value
        self.encoding = encoding
        self.reason = reason
        tried = "any of utf-8, tcvn3, vni, cp1258" if encoding == "auto" else encoding
        message = f"cannot decode {value!r} as {tried}"
        super().__init__(f"{message}: {reason}" if reason else message)

    def __reduce__(self) -> tuple[type[UndecodableText], tuple[str | bytes, str, str]]:
        # Keep the attributes across pickling (multiprocessing, pytest-xdist).
        return (type(self), (self.value, self.encoding, self.reason))


# --- Public functions ----------------------------------------------------------------------------


def to_nfc(s: str) -> str:
    """Unicode NFC: precomposed letters, as every comparison and index in the registry expects."""
    return unicodedata.normalize("NFC", s)


def encode_tcvn3(s: str) -> bytes:
    """TCVN3 bytes of ``s``. Raises :class:`UnicodeEncodeError` for what TCVN3 cannot hold:
    capitals with a tone mark (only the ``.VnTimeH`` font draws them) and non-Vietnamese letters."""
    s = to_nfc(s)
    out = bytearray()
    for pos, ch in enumerate(s):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in _TCVN3_ENCODE:
            out.append(_TCVN3_ENCODE[ch])
        else:
            raise UnicodeEncodeError("tcvn3", s, pos, pos + 1, "not in the TCVN3 (.VnTime) table")
    return bytes(out)


def encode_vni(s: str) -> bytes:
    """VNI-Windows bytes of ``s``. Raises :class:`UnicodeEncodeError` for non-Vietnamese letters."""
    s = to_nfc(s)
    out = bytearray()
    for pos, ch in enumerate(s):
        if ord(ch) < 0x80:
            out.append(ord(ch))
        elif ch in _VNI_ENCODE:
            out += _VNI_ENCODE[ch].encode("cp1252")
        elif ch in _CP1252_EXTRA or "\u00a0" <= ch <= "\u00bf":
            # Punctuation and symbols: VNI fonts keep the Windows glyphs of bytes below 0xC0.
            out += ch.encode("cp1252")
        else:
            raise UnicodeEncodeError("vni", s, pos, pos + 1, "not in the VNI table")
    return bytes(out)


def decode_bytes(raw: bytes, encoding: Encoding = "auto") -> str:
    """The text of a whole file as NFC Unicode.

    ``auto``: valid UTF-8 (with or without a byte-order mark) wins; otherwise whichever of TCVN3,
    VNI and Windows-1258 reads as the most plausible Vietnamese (ties in that order)."""
    if encoding == "utf-8":
        return _decode_utf8(raw)
    if encoding != "auto":
        return _decode_legacy_bytes(raw, encoding)
    try:
        return _decode_utf8(raw)
    except UndecodableText:
        pass
    best: tuple[int, str] | None = None
    for candidate in ("tcvn3", "vni", "cp1258"):
        try:
            text = _decode_legacy_bytes(raw, candidate)
        except UndecodableText:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:  # strict: earlier candidates win ties
            best = (score, text)
    if best is None:
        pos = _first_non_ascii(raw)
        raise UndecodableText(_excerpt(raw, pos), "auto", f"no encoding explains byte {pos}")
    return best[1]


def repair_text(s: str, encoding: Encoding = "auto") -> str:
    """One cell's text as correct NFC Vietnamese.

    The cell was read as if it were Latin-1/cp1252; ``encoding`` names what it really was.
    ``auto`` repairs TCVN3 or VNI text and leaves correct Unicode alone (only normalised to NFC);
    ``utf-8`` means the text is already Unicode. Raises :class:`UndecodableText` for characters no
    encoding explains: U+FFFD, control characters other than tab and line breaks."""
    _check_explainable(s, encoding)
    if encoding == "utf-8":
        return to_nfc(s)
    if encoding == "auto":
        return _best_repair(s)[1]
    raw = _as_misread_bytes(s)
    if raw is None:
        raise UndecodableText(s, encoding, "it holds characters that no single-byte text has")
    try:
        return _decode_legacy_bytes(raw, encoding)
    except UndecodableText as exc:  # name the cell's text, not its bytes
        raise UndecodableText(s, encoding, exc.reason) from None


def detect_legacy(s: str) -> Legacy | None:
    """Which legacy encoding ``s`` (read as Latin-1/cp1252) is in, or None when it reads best as it
    is. Short values can be ambiguous; joining a whole column gives the best evidence. Raises
    :class:`UndecodableText` as :func:`repair_text` does."""
    _check_explainable(s, "auto")
    return _best_repair(s)[0]


# --- Decoding ------------------------------------------------------------------------------------


def _decode_utf8(raw: bytes) -> str:
    try:
        return to_nfc(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise UndecodableText(_excerpt(raw, exc.start), "utf-8", exc.reason) from None


def _decode_legacy_bytes(raw: bytes, encoding: str) -> str:
    """Bytes in one legacy encoding -> NFC text; UndecodableText on a byte it does not define."""
    if encoding == "tcvn3":
        chars = [_TCVN3_TABLE[b] for b in raw]
        if "" in chars:
            pos = chars.index("")
            raise UndecodableText(_excerpt(raw, pos), encoding, f"byte 0x{raw[pos]:02X} at {pos}")
        return "".join(chars)
    if encoding == "vni":
        return _vni_to_unicode(_decode_codec(raw, "cp1252", "vni"))
    if encoding == "cp1258":
        return to_nfc(_decode_codec(raw, "cp1258", "cp1258"))
    raise ValueError(f"unknown encoding {encoding!r}; expected auto, utf-8, cp1258, tcvn3 or vni")


def _decode_codec(raw: bytes, codec: str, name: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise UndecodableText(
            _excerpt(raw, exc.start), name, f"byte 0x{raw[exc.start]:02X} at {exc.start}"
        ) from None


def _vni_to_unicode(text: str) -> str:
    """VNI character sequences -> letters, longest match first (no sequence is longer than 2)."""
    return _VNI_PATTERN.sub(lambda m: _VNI_DECODE[m.group()], text)


def _as_misread_bytes(s: str) -> bytes | None:
    """The bytes a Latin-1/cp1252 reader turned into ``s``; None if no such reader made ``s``."""
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if o <= 0xFF:
            out.append(o)
        elif ch in _CP1252_EXTRA:
            out.append(_CP1252_EXTRA[ch])
        else:
            return None
    return bytes(out)


def _best_repair(s: str) -> tuple[Legacy | None, str]:
    """The most plausible reading of ``s``: as it is, or repaired from TCVN3 or VNI."""
    nfc = to_nfc(s)
    if nfc.isascii():
        return None, nfc
    raw = _as_misread_bytes(s)
    if raw is None:  # a letter no single-byte reader produces: it is Unicode already
        return None, nfc
    best: tuple[int, Legacy | None, str] = (_plausibility(nfc), None, nfc)
    for candidate in ("tcvn3", "vni"):
        try:
            text = _decode_legacy_bytes(raw, candidate)
        except UndecodableText:
            continue
        score = _plausibility(text)
        if score > best[0]:  # strict: the text as it is wins every tie
            best = (score, candidate, text)
    return best[1], best[2]


def _check_explainable(s: str, encoding: str) -> None:
    for pos, ch in enumerate(s):
        if ch == "\ufffd":
            raise UndecodableText(
                s, encoding, f"U+FFFD REPLACEMENT CHARACTER at position {pos}: the bytes were lost"
            )
        if _is_control(ch):
            raise UndecodableText(s, encoding, f"control character U+{ord(ch):04X} at {pos}")


def _is_control(ch: str) -> bool:
    # Tab and line breaks occur in real cells (Alt+Enter in Excel); other controls do not.
    o = ord(ch)
    return (o < 0x20 and ch not in "\t\n\r") or 0x7F <= o <= 0x9F


def _first_non_ascii(raw: bytes) -> int:
    return next((i for i, b in enumerate(raw) if b >= 0x80), 0)


def _excerpt(raw: bytes, pos: int, width: int = 24) -> bytes:
    """A short slice around ``pos``: enough to find the spot, not a whole file in a message."""
    return raw[max(0, pos - width) : pos + width]


# --- Plausibility --------------------------------------------------------------------------------

# A word is split off at ASCII non-letters only: mojibake symbols (¹ × §) stay inside their word.
_WORD = re.compile(r"[^\x00-\x40\x5b-\x60\x7b-\x7f]+")


def _plausibility(text: str) -> int:
    """Higher for more Vietnamese-looking text: +2 per non-ASCII word that is a Vietnamese syllable,
    -2 per one that is not, -1 per non-ASCII character that is no Vietnamese letter, -4 per control
    character. ASCII-only words score 0: they read the same in every encoding. Only the first
    _SCORED_CHARS characters count: a file does not change its encoding halfway."""
    text = text[:_SCORED_CHARS]
    score = 0
    for word in _WORD.findall(text):
        if not word.isascii():
            score += 2 if _is_syllable(word.lower()) else -2
    score -= 4 * len(_CONTROL.findall(text))
    score -= len(_STRANGER.findall(text))
    return score


_SCORED_CHARS = 200_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab and line breaks are fine
# A non-ASCII character that is not a Vietnamese letter (nor a control, counted apart).
_STRANGER = re.compile(
    "[^\\x00-\\x9f" + "".join(sorted(c for c in _VIETNAMESE_LETTERS if not c.isascii())) + "]"
)


_ONSETS = (
    "ngh", "ng", "gh", "gi", "kh", "nh", "ph", "th", "tr", "ch", "qu",
    "b", "c", "d", "đ", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x", "",
)  # fmt: skip
_OPEN_RHYMES = (
    "a", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ia", "ua", "ưa", "oa", "oe", "uê", "uy",
    "uơ", "uya", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "iu", "oi", "ôi", "ơi", "ui",
    "ưi", "ưu", "ươi", "ươu", "iêu", "yêu", "uôi", "oai", "oay", "oao", "oeo", "uây", "uyu",
)  # fmt: skip
_CODAS = {  # nucleus -> the final consonants it takes
    "a": "m n ng nh p t c ch", "ă": "m n ng p t c", "â": "m n ng p t c",
    "e": "m n ng p t c", "ê": "m n nh p t ch", "i": "m n nh p t ch",
    "o": "m n ng p t c", "oo": "ng c", "ô": "m n ng p t c", "ơ": "m n p t",
    "u": "m n ng p t c", "ư": "m n ng t c", "iê": "m n ng p t c", "yê": "m n ng t",
    "uô": "m n ng t c", "ươ": "m n ng p t c", "oa": "m n ng nh p t c ch",
    "oă": "m n ng t c", "oe": "m n t", "uâ": "n ng t", "uê": "nh ch",
    "uy": "n nh t ch p", "uyê": "n t",
}  # fmt: skip
_RHYMES = frozenset(_OPEN_RHYMES) | frozenset(
    nucleus + coda for nucleus, codas in _CODAS.items() for coda in codas.split()
)
_TONE_MARKS = frozenset(_TONES[1:])
_STOP_TONES = frozenset({"\u0301", "\u0323"})  # a syllable ending in p t c ch takes sắc or nặng


@lru_cache(maxsize=65536)
def _is_syllable(word: str) -> bool:
    """Whether a lower-case word is one Vietnamese syllable: onset + rhyme + at most one tone, the
    tone on a vowel, and a checked syllable (-p -t -c -ch) only with sắc or nặng."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [ch for ch in decomposed if ch in _TONE_MARKS]
    if len(tones) > 1:
        return False
    if tones:
        at = decomposed.index(tones[0])
        base_before = decomposed[:at].rstrip("\u0302\u0306\u031b")
        if not base_before or base_before[-1] not in "aeiouy":
            return False
    base = unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONE_MARKS))
    if base.endswith(("p", "t", "c", "ch")) and (not tones or tones[0] not in _STOP_TONES):
        return False
    for onset in _ONSETS:
        if not base.startswith(onset):
            continue
        rest = base[len(onset) :]
        if rest in _RHYMES:
            return True
        # "qu" and "gi" swallow the glide of their rhyme: quynh = qu + uynh, giếng = gi + iêng.
        if onset == "qu" and "u" + rest in _RHYMES:
            return True
        if onset == "gi" and "i" + rest in _RHYMES:
            return True
    return False
