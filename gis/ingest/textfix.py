"""Repairing Vietnamese text from legacy encodings into Unicode NFC.

Old government spreadsheets hold Vietnamese in three legacy forms: TCVN3 (ABC, the ``.VnTime``
fonts), VNI (VNI-Times) and Windows-1258 (Python's ``cp1258``, tones as combining marks, so the
text needs NFC); their tables are in :mod:`gis.ingest.legacy_tables`.

When such text arrives in an .xlsx cell or a DBF read with the wrong code page, each byte shows up
as its Latin-1/cp1252 character ('Th¹ch B×nh' for 'Thạch Bình'); :func:`repair_text` reverses that.

Choosing an encoding automatically rests on one observation: wrong decodings produce words that
are not Vietnamese syllables, while the right one produces syllables
(:func:`gis.ingest.plausibility.plausibility`); the identity (leave the text alone) wins every tie,
so correct text is never "repaired" into something else.
"""

from __future__ import annotations

import codecs
import unicodedata
from collections.abc import Iterable
from typing import Any, Literal

from gis.errors import InvalidInput
from gis.ingest.legacy_tables import (
    CP1252_EXTRA,
    TCVN3_ENCODE,
    TCVN3_TABLE,
    VNI_DECODE,
    VNI_ENCODE,
    VNI_PATTERN,
)
from gis.ingest.plausibility import plausibility

__all__ = [
    "Encoding",
    "UndecodableText",
    "decode_bytes",
    "decode_bytes_as",
    "detect_legacy",
    "encode_tcvn3",
    "encode_vni",
    "likelier_cell_encoding",
    "likelier_encoding",
    "repair_text",
    "to_nfc",
]

Encoding = Literal["auto", "utf-8", "cp1258", "tcvn3", "vni"]
Legacy = Literal["tcvn3", "vni"]
# What "auto" tries, as a message names it.
AUTO_TRIES = "utf-8, tcvn3, vni, cp1258"

# --- Errors --------------------------------------------------------------------------------------


class UndecodableText(InvalidInput, ValueError):
    """Text (or bytes) that no supported encoding explains, on the error tree: ``code`` says why
    (``text.bad_byte``, ``text.not_single_byte``, ``text.replacement_character``,
    ``text.control_character``), ``raw`` is the text, or the bytes around the spot, as given;
    ``encoding`` what was tried. A face shows it through :meth:`in_file` (a whole file) or as a
    bad cell of the import report."""

    raw: str | bytes
    encoding: str

    def __init__(self, raw: str | bytes, encoding: str, code: str, /, **detail: Any) -> None:
        value = raw if isinstance(raw, str) else raw.decode("ascii", "backslashreplace")
        super().__init__(
            code,
            value=value,
            shown=value,  # quoted by the message, the way its language quotes
            encoding=encoding,
            tried=AUTO_TRIES if encoding == "auto" else encoding,
            **detail,
        )
        self.raw = raw
        self.encoding = encoding

    @property
    def detail(self) -> dict[str, Any]:
        """Where it went wrong (a byte, a character, a position): the parameters of the code."""
        return {k: v for k, v in self.params.items() if k not in ("shown", "encoding", "tried")}

    def in_file(self, file: str) -> InvalidInput:
        """The same error about a whole file named ``file`` (``import.undecodable_file``)."""
        return InvalidInput("import.undecodable_file", value=self.value, file=file, **self.params)

    def __reduce__(self) -> Any:
        # Keep the attributes across pickling (multiprocessing, pytest-xdist).
        return (type(self), (self.raw, self.encoding, self.code), self.__dict__)


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
        elif ch in TCVN3_ENCODE:
            out.append(TCVN3_ENCODE[ch])
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
        elif ch in VNI_ENCODE:
            out += VNI_ENCODE[ch].encode("cp1252")
        elif ch in CP1252_EXTRA or "\u00a0" <= ch <= "\u00bf":
            # Punctuation and symbols: VNI fonts keep the Windows glyphs of bytes below 0xC0.
            out += ch.encode("cp1252")
        else:
            raise UnicodeEncodeError("vni", s, pos, pos + 1, "not in the VNI table")
    return bytes(out)


def decode_bytes(raw: bytes, encoding: Encoding = "auto") -> str:
    """The text of a whole file as NFC Unicode (see :func:`decode_bytes_as`)."""
    return decode_bytes_as(raw, encoding)[0]


def decode_bytes_as(raw: bytes, encoding: Encoding = "auto") -> tuple[str, str]:
    """The text of a whole file as NFC Unicode, and the encoding it was read in ("utf-16",
    "utf-8", "tcvn3", "vni", "cp1258").

    ``auto``: UTF-16 (Excel's "Unicode Text", with its byte-order mark, or without one as some
    exports write it) is read as such; valid UTF-8 (with or without a byte-order mark) wins;
    otherwise whichever of TCVN3, VNI and Windows-1258 reads as the most plausible Vietnamese
    (ties in that order)."""
    utf16 = _utf16_codec(raw) if encoding == "auto" else None
    if utf16 is not None:
        try:
            return to_nfc(raw.decode(utf16)), "utf-16"
        except UnicodeDecodeError:
            pass  # not UTF-16 after all: the readings below say what is wrong
    if encoding == "utf-8":
        return _decode_utf8(raw), encoding
    if encoding != "auto":
        return _decode_legacy_bytes(raw, encoding), encoding
    try:
        return _decode_utf8(raw), "utf-8"
    except UndecodableText:
        pass
    best: tuple[int, str, str] | None = None
    for candidate in ("tcvn3", "vni", "cp1258"):
        try:
            text = _decode_legacy_bytes(raw, candidate)
        except UndecodableText:
            continue
        score = plausibility(text)
        if best is None or score > best[0]:  # strict: earlier candidates win ties
            best = (score, text, candidate)
    if best is None:
        pos = _first_non_ascii(raw)
        raise UndecodableText(_excerpt(raw, pos), "auto", "text.bad_byte", **_at(raw, pos))
    return best[1], best[2]


def _utf16_codec(raw: bytes) -> str | None:
    """The codec of UTF-16 text: ``utf-16`` with a byte-order mark; ``utf-16-le`` or ``-be``
    without one when, in the first few hundred bytes, most bytes on one side are zero and almost
    none on the other (the ASCII letters, digits and separators of a table have one zero byte
    each, always on the same side; a combining tone mark, U+03xx, has its zero on the other);
    None for anything else: 8-bit text has no zero bytes."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    head = raw[: min(512, len(raw) - len(raw) % 2)]
    if len(head) < 4 or b"\x00" not in head:
        return None
    low, high = head[0::2], head[1::2]
    for zeros, others, codec in ((high, low, "utf-16-le"), (low, high, "utf-16-be")):
        if zeros.count(0) * 2 > len(zeros) and others.count(0) * 10 < len(others):
            return codec
    return None


def likelier_encoding(raw: bytes, text: str, encoding: Encoding) -> str | None:
    """When ``text`` (``raw`` read in the ``encoding`` an officer forced) is not Vietnamese but
    another encoding reads ``raw`` as Vietnamese, that encoding (a TCVN3 file forced through
    cp1258 is mojibake, stored for good if let through); else None."""
    given = plausibility(text)
    if given > 0:
        return None
    best: tuple[int, str | None] = (max(given, 0), None)
    for candidate in ("utf-8", "tcvn3", "vni", "cp1258"):
        if candidate == encoding:
            continue
        try:
            other = (
                _decode_utf8(raw) if candidate == "utf-8" else _decode_legacy_bytes(raw, candidate)
            )
        except UndecodableText:
            continue
        score = plausibility(other)
        if score > best[0]:
            best = (score, candidate)
    return best[1]


def likelier_cell_encoding(cells: Iterable[str], encoding: Encoding) -> str | None:
    """:func:`likelier_encoding` for cells a Latin-1/cp1252 reader made of legacy bytes (an
    .xlsx, a DBF) that the officer says are in ``encoding``; cells no such reader made (true
    Unicode) do not count."""
    raws = [raw for cell in cells if (raw := _as_misread_bytes(cell)) is not None]
    if not raws or encoding in ("auto", "utf-8"):
        return None
    raw = b"\n".join(raws)
    try:
        text = _decode_legacy_bytes(raw, encoding)
    except UndecodableText:
        return None  # each cell is then named as undecodable, row by row
    return likelier_encoding(raw, text, encoding)


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
        raise UndecodableText(s, encoding, "text.not_single_byte")
    try:
        return _decode_legacy_bytes(raw, encoding)
    except UndecodableText as exc:  # name the cell's text, not its bytes
        raise UndecodableText(s, encoding, exc.code, **exc.detail) from None


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
        # The codec counts from after the byte-order mark; the message counts in the file.
        pos = exc.start + (len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0)
        raise UndecodableText(
            _excerpt(raw, pos), "utf-8", "text.bad_byte", **_at(raw, pos)
        ) from None


def _decode_legacy_bytes(raw: bytes, encoding: str) -> str:
    """Bytes in one legacy encoding -> NFC text; UndecodableText on a byte it does not define."""
    if encoding == "tcvn3":
        chars = [TCVN3_TABLE[b] for b in raw]
        if "" in chars:
            pos = chars.index("")
            raise UndecodableText(_excerpt(raw, pos), encoding, "text.bad_byte", **_at(raw, pos))
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
            _excerpt(raw, exc.start), name, "text.bad_byte", **_at(raw, exc.start)
        ) from None


def _vni_to_unicode(text: str) -> str:
    """VNI character sequences -> letters, longest match first (no sequence is longer than 2)."""
    return VNI_PATTERN.sub(lambda m: VNI_DECODE[m.group()], text)


def _as_misread_bytes(s: str) -> bytes | None:
    """The bytes a Latin-1/cp1252 reader turned into ``s``; None if no such reader made ``s``."""
    out = bytearray()
    for ch in s:
        o = ord(ch)
        if o <= 0xFF:
            out.append(o)
        elif ch in CP1252_EXTRA:
            out.append(CP1252_EXTRA[ch])
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
    best: tuple[int, Legacy | None, str] = (plausibility(nfc), None, nfc)
    for candidate in ("tcvn3", "vni"):
        try:
            text = _decode_legacy_bytes(raw, candidate)
        except UndecodableText:
            continue
        score = plausibility(text)
        if score > best[0]:  # strict: the text as it is wins every tie
            best = (score, candidate, text)
    return best[1], best[2]


def _check_explainable(s: str, encoding: str) -> None:
    for pos, ch in enumerate(s):
        if ch == "\ufffd":
            raise UndecodableText(s, encoding, "text.replacement_character", position=pos)
        if _is_control(ch):
            raise UndecodableText(
                s, encoding, "text.control_character", char=f"U+{ord(ch):04X}", position=pos
            )


def _is_control(ch: str) -> bool:
    # Tab and line breaks occur in real cells (Alt+Enter in Excel); other controls do not.
    o = ord(ch)
    return (o < 0x20 and ch not in "\t\n\r") or 0x7F <= o <= 0x9F


def _first_non_ascii(raw: bytes) -> int:
    return next((i for i, b in enumerate(raw) if b >= 0x80), 0)


def _at(raw: bytes, pos: int) -> dict[str, Any]:
    """Where a byte no encoding explains is, and which byte it is (as the message names it)."""
    return {"byte": f"0x{raw[pos]:02X}", "position": pos}


def _excerpt(raw: bytes, pos: int, width: int = 24) -> bytes:
    """A short slice around ``pos``: enough to find the spot, not a whole file in a message."""
    return raw[max(0, pos - width) : pos + width]
