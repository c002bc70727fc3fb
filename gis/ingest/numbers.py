"""Numbers as officers' files hold them: Vietnamese Excel's comma decimals and dot or space
thousands, the English forms, VN-2000 metres with separators, degrees-minutes-seconds, and a
"lat, lon" pair in one cell.

One rule for every reading: a text is read only where its form decides it. ``2.026.977,11`` and
``2 026 977,11`` can only be 2026977.11; ``18,325574`` only 18.325574. ``2.026`` or ``2,026`` is
two thousand and twenty-six in one convention and two point zero two six in the other: such a
cell has two :func:`readings`, and :func:`parse_number` takes one only when the caller's
``plausible`` test (a coordinate's range) rules the other out — otherwise :class:`Ambiguous`,
reported with the cell as typed.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable

__all__ = ["Ambiguous", "parse_number", "parse_pair", "readings"]

# Spaces Excel and Word put between digit groups: space, no-break space, narrow no-break
# space, thin space.
_GROUP_SPACES = "\u0020\u00a0\u202f\u2009"
_MINUS = "-\u2212\u2013"  # hyphen-minus, minus sign, en dash (Word's "smart" dash)
_QUOTES = "\"'“”‘’"
_PLAIN = re.compile(r"(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")  # unsigned: the sign is read once
_SPACED = re.compile(r"\d{1,3}( \d{3})+")  # 2 026 977
_DOTTED = re.compile(r"\d{1,3}(\.\d{3})+")  # 2.026.977
_COMMAED = re.compile(r"\d{1,3}(,\d{3})+")  # 2,026,977
_DMS = re.compile(
    r"(?P<deg>\d+(?:[.,]\d+)?)\s*(?:°|º|˚|độ|do|d)\s*"
    r"(?:(?P<min>\d+(?:[.,]\d+)?)\s*(?:'|′|’|phút|phut|m)\s*)?"
    r"(?:(?P<sec>\d+(?:[.,]\d+)?)\s*(?:\"|″|”|''|′′|giây|giay|s)\s*)?",
    re.IGNORECASE,
)
_SPACED_DMS = re.compile(r"(?P<deg>\d{1,3}) (?P<min>\d{1,2}) (?P<sec>\d{1,2}(?:[.,]\d+)?)")
# A hemisphere after or before the value: English letters, or the Vietnamese words (a lone
# "N" is North as GPS units write it, never "Nam"). After the value, Vietnamese maps abbreviate
# the words too: 18°19'25"B (Bắc), 105°55'03"Đ (Đông).
_HEMISPHERES = {
    "n": 1, "s": -1, "e": 1, "w": -1, "b": 1, "đ": 1, "t": -1,
    "bắc": 1, "nam": -1, "đông": 1, "tây": -1, "vĩ độ bắc": 1, "kinh độ đông": 1,
}  # fmt: skip
_HEMI = re.compile(
    r"^(?P<pre>(?:vĩ độ bắc|kinh độ đông|bắc|nam|đông|tây|[nsew])\b\.?)?\s*(?P<body>.*?)\s*"
    r"(?P<post>\b(?:vĩ độ bắc|kinh độ đông|bắc|nam|đông|tây)|(?<=[\d°'\"″′\s])[nsewbđt])?\.?$",
    re.IGNORECASE,
)
_PAIR_SPLIT = re.compile(r"\s*;\s*|,\s+|\s*\|\s*|\s{2,}|\t")


class Ambiguous(ValueError):
    """A cell whose form allows two numbers (``2.026``: 2026 or 2.026); ``readings`` has both."""

    def __init__(self, text: str, options: tuple[float, ...]) -> None:
        super().__init__(text)
        self.text = text
        self.readings = options


def readings(text: str) -> tuple[float, ...]:
    """Every number the text can mean, most likely first; () when it is not a number."""
    t = _clean(text)
    if not t:
        return ()
    sign = -1.0 if t[0] in _MINUS else 1.0
    body = t[1:].lstrip() if t[0] in _MINUS or t[0] == "+" else t
    found = _unsigned(body)
    if not found:
        found = _dms(body)
    return tuple(dict.fromkeys(sign * v for v in found if math.isfinite(v)))


def parse_number(text: str, plausible: Callable[[float], bool] | None = None) -> float:
    """The one number ``text`` means. Raises ValueError when it is none, :class:`Ambiguous`
    when its form allows two and ``plausible`` does not keep exactly one."""
    options = readings(text)
    if not options:
        raise ValueError(text)
    if len(options) > 1 and plausible is not None:
        kept = tuple(v for v in options if plausible(v))
        options = kept or options
    if len(options) > 1:
        raise Ambiguous(text, options)
    return options[0]


def parse_pair(
    text: str,
    first: Callable[[float], bool] | None = None,
    second: Callable[[float], bool] | None = None,
) -> tuple[float, float] | None:
    """Two numbers in one cell ("18.31, 105.92", "18,31; 105,92", DMS pairs), in the order
    written, or None when the cell is not exactly two numbers, each one decided (by ``first``
    and ``second``, the plausible ranges of each, as :func:`parse_number` decides one)."""
    t = _clean(text)
    parts = [p for p in _PAIR_SPLIT.split(t) if p]
    if len(parts) != 2 and t.count(",") == 1 and "." in t:
        parts = [p.strip() for p in t.split(",")]  # "18.31,105.92": a comma between dot decimals
    if len(parts) != 2:
        dms = [m.group(0) for m in re.finditer(r"[^°]*°[^NSEWnsew]*[NSEWnsew]", t)]
        parts = [p.strip(" ,;") for p in dms] if len(dms) == 2 else parts
    if len(parts) != 2:
        return None
    try:
        return parse_number(parts[0], first), parse_number(parts[1], second)
    except ValueError:  # Ambiguous too
        return None


def _clean(text: str) -> str:
    t = str(text).strip()
    if t[:1] in _QUOTES:  # a cell quoted by hand ("18,3255"); a DMS ends in a quote, never starts
        t = t.strip(_QUOTES).strip()
    for space in _GROUP_SPACES[1:]:
        t = t.replace(space, " ")
    return re.sub(" +", " ", t)


def _unsigned(t: str) -> tuple[float, ...]:
    """Readings of a number without sign and without degree marks."""
    if _PLAIN.fullmatch(t):
        if re.fullmatch(r"\d{1,3}\.\d{3}", t):
            return (float(t), float(t.replace(".", "")))  # 2.026: decimal, or VN thousands
        return (float(t),)
    whole, _, decimals = t.rpartition(",") if "," in t and "." not in t else (t, "", "")
    if "," in t and "." in t:  # both: the last one written is the decimal mark
        mark = "," if t.rfind(",") > t.rfind(".") else "."
        whole, _, decimals = t.rpartition(mark)
        group = _DOTTED if mark == "," else _COMMAED
        ok = group.fullmatch(whole) or re.fullmatch(r"\d+", whole)
        return (_join(whole, decimals),) if ok and decimals.isdigit() else ()
    if "," in t:
        if _COMMAED.fullmatch(t) and re.fullmatch(r"\d{1,3},\d{3}", t):
            return (_join(whole, decimals), float(t.replace(",", "")))  # 2,026: both
        if _COMMAED.fullmatch(t):
            return (float(t.replace(",", "")),)  # 2,026,977: English thousands
        if re.fullmatch(r"\d+", whole) and decimals.isdigit():
            return (_join(whole, decimals),)  # 18,325574
        if _SPACED.fullmatch(whole) and decimals.isdigit():
            return (_join(whole, decimals),)  # 2 026 977,11
        return ()
    if _DOTTED.fullmatch(t):
        return (float(t.replace(".", "")),)  # 2.026.977
    if _SPACED.fullmatch(t):
        return (float(t.replace(" ", "")),)  # 2 026 977
    spaced = re.fullmatch(r"(\d{1,3}(?: \d{3})+)\.(\d+)", t)
    if spaced:
        return (_join(spaced.group(1), spaced.group(2)),)  # 2 026 977.11
    return ()


def _join(whole: str, decimals: str) -> float:
    digits = re.sub(r"[ .,]", "", whole)
    return float(f"{digits}.{decimals}" if decimals else digits)


def _dms(t: str) -> tuple[float, ...]:
    """Degrees, minutes and seconds (18°19'32.07"N, 18 độ 19 phút 32,07 giây, 18 19 32.07)."""
    m = _HEMI.match(t)
    if m is None:
        return ()
    hemi = (m.group("pre") or m.group("post") or "").rstrip(".").lower()
    body = m.group("body")
    parts = _DMS.fullmatch(body) or _SPACED_DMS.fullmatch(body)
    if parts is None:
        if hemi and (plain := _unsigned(body)):
            return tuple(_HEMISPHERES[hemi] * v for v in plain)  # 18.3255 N
        return ()
    deg, minutes, sec = (
        float((parts.group(k) or "0").replace(",", ".")) for k in ("deg", "min", "sec")
    )
    if minutes >= 60 or sec >= 60 or deg > 180:
        return ()
    return (_HEMISPHERES.get(hemi, 1) * (deg + minutes / 60.0 + sec / 3600.0),)
