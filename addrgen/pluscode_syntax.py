"""The written form of an Open Location Code: its alphabet, the ``+`` and the padding, and why a
string is not a valid (full or short) plus code.

A reason is a catalog code (``pluscode.<why>``) with the parameters its message names, so that
:mod:`addrgen.pluscode` raises it as an :class:`~addrgen.errors.InvalidPlusCode` and a face says
it in the reader's language.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "CODE_ALPHABET",
    "DIGIT_VALUE",
    "ENCODING_BASE",
    "LATITUDE_MAX",
    "LONGITUDE_MAX",
    "PADDING",
    "SEPARATOR",
    "SEPARATOR_POSITION",
    "Reason",
    "is_full",
    "is_short",
    "is_valid",
    "why_invalid",
    "why_not_full",
]

CODE_ALPHABET = "23456789CFGHJMPQRVWX"  # digit values 0..19; no vowels, no confusables
SEPARATOR = "+"  # after the eighth digit of a full code
SEPARATOR_POSITION = 8  # number of digits before the separator in a full code
PADDING = "0"  # fills a full code shorter than eight digits up to the separator
ENCODING_BASE = 20  # base of the paired digits
LATITUDE_MAX = 90
LONGITUDE_MAX = 180
DIGIT_VALUE = {char: value for value, char in enumerate(CODE_ALPHABET)}

#: Why a string is not what was asked for: a catalog code and its parameters.
Reason = tuple[str, dict[str, Any]]


def why_invalid(code: str) -> Reason | None:
    """The reason ``code`` is not a valid plus code (full or short), or None when it is."""
    if not isinstance(code, str):
        return "pluscode.not_string", {}
    if code.count(SEPARATOR) != 1:
        return "pluscode.separator_count", {}
    if len(code) == 1:
        return "pluscode.no_digits", {}
    sep = code.index(SEPARATOR)
    # Full codes have 8 digits before '+'; short ones drop pairs, so it is always even.
    if sep > SEPARATOR_POSITION or sep % 2 == 1:
        return "pluscode.separator_position", {}
    pad = code.find(PADDING)
    if pad != -1:
        if sep < SEPARATOR_POSITION:
            return "pluscode.padding_in_short", {}
        if pad == 0:
            return "pluscode.leading_padding", {}
        run = code[pad : code.rfind(PADDING) + 1]
        if len(run) % 2 == 1 or run.count(PADDING) != len(run):
            return "pluscode.padding_run", {}
        if not code.endswith(SEPARATOR):
            return "pluscode.padding_end", {}
    if len(code) - sep - 1 == 1:
        return "pluscode.single_last_digit", {}
    for char in code:
        if char.upper() not in DIGIT_VALUE and char not in (SEPARATOR, PADDING):
            return "pluscode.bad_character", {"char": char}
    return None


def is_valid(code: str) -> bool:
    """Whether ``code`` is a valid full or short plus code (case-insensitive)."""
    return why_invalid(code) is None


def is_short(code: str) -> bool:
    """Whether ``code`` is a valid short code (fewer than eight digits before the ``+``)."""
    return is_valid(code) and code.index(SEPARATOR) < SEPARATOR_POSITION


def why_not_full(code: str) -> Reason | None:
    """The reason ``code`` is not a valid full plus code, or None when it is one."""
    reason = why_invalid(code)
    if reason is not None:
        return reason
    if code.index(SEPARATOR) < SEPARATOR_POSITION:
        return "pluscode.short", {}
    # The first digit pair is in 20° units; latitude must stay below 90, longitude below 180.
    if DIGIT_VALUE[code[0].upper()] * ENCODING_BASE >= 2 * LATITUDE_MAX:
        return "pluscode.latitude_beyond", {}
    if DIGIT_VALUE[code[1].upper()] * ENCODING_BASE >= 2 * LONGITUDE_MAX:
        return "pluscode.longitude_beyond", {}
    return None


def is_full(code: str) -> bool:
    """Whether ``code`` is a valid full plus code naming a cell on the globe."""
    return why_not_full(code) is None
