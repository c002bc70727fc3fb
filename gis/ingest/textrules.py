"""Rules every imported text keeps, so that nothing stored can fail later: lengths a plate and a
report can hold, and only characters the plate font draws.

Each check looks at a whole column in one C-level pass (its longest cell, the set of its
characters) and goes row by row only when something is wrong — a province's file costs a few
milliseconds here."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np

from gis.errors import InvalidInput, Problem
from gis.ingest.candidates import INVISIBLE_CHARS, Candidates, candidates_from_columns

__all__ = [
    "LIMITS",
    "check_text_rules",
    "check_typed_texts",
    "clean_cells",
    "clean_name",
    "name_fault",
    "raise_first_error",
    "shown_text",
]

# The longest text each field may hold: a name longer than 200 characters cannot be laid out on
# a plate (a 5,000-character agency name made the plate batch fail); a reference is an identifier
# from another system; a house number is a few digits and letters.
LIMITS = {"name": 200, "street": 200, "ref": 64, "house_number": 20}
# The fields printed on a plate, whose characters must be in the font.
PRINTED = ("name", "house_number", "street")


def check_text_rules(
    c: Candidates, columns: Mapping[str, str | None], *, glyphs: frozenset[str] | None
) -> None:
    """Reject rows whose text is too long, or (``glyphs`` given) holds characters the plate font
    lacks. ``columns`` maps a field to the file's column it came from (for the report)."""
    for field, limit in LIMITS.items():
        values: list[str | None] = getattr(c, field)
        if len(max(filter(None, values), key=len, default="")) <= limit:
            continue  # the common case, found in one pass in C
        for i, value in enumerate(values):
            if value and len(value) > limit and not c.bad[i]:
                c.reject(
                    i,
                    columns.get(field) or field,
                    shown_text(value),
                    "import.too_long",
                    length=len(value),
                    limit=limit,
                )
    if glyphs is None:
        return
    for field in PRINTED:
        values = getattr(c, field)
        if set("".join(v for v in values if v)) <= glyphs:
            continue
        for i, value in enumerate(values):
            missing = set(value or "") - glyphs
            if missing and not c.bad[i]:
                chars = _named_chars(missing)
                c.reject(i, columns.get(field) or field, value, "import.glyph_missing", chars=chars)


def shown_text(value: str) -> str:
    """A long text as a report line shows it: its first 57 characters."""
    return value if len(value) <= 60 else value[:57] + "…"


def _named_chars(chars: Iterable[str]) -> str:
    return ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in sorted(chars))


def clean_name(value: str) -> str:
    """A name as the registry keeps it: NFC, invisible and control characters gone, spaces
    collapsed (how an imported name is cleaned, for the names of villages too)."""
    return unicodedata.normalize("NFC", clean_cells([value])[0]).strip()


def name_fault(name: str, *, glyphs: frozenset[str] | None) -> tuple[str, dict[str, Any]]:
    """The rule a cleaned name breaks, as (code, parameters) with an import's codes: longer
    than a plate holds, or (``glyphs`` given) a character the plate font lacks; ("", {}) for
    none. For the names of villages, which every plate and checklist of theirs prints."""
    if len(name) > LIMITS["name"]:
        return "import.too_long", {"length": len(name), "limit": LIMITS["name"]}
    missing = set(name) - glyphs if glyphs is not None else set()
    if missing:
        return "import.glyph_missing", {"chars": _named_chars(missing)}
    return "", {}


# Control characters but NUL (a NUL means a wrongly decoded file: the garbled-text check names
# it) and those that are whitespace (a tab, a line break: a space, below).
CONTROLS = [chr(o) for o in (*range(0x01, 0x20), *range(0x7F, 0xA0)) if not chr(o).isspace()]
# Invisible and control characters go; any other space (no-break, thin, a line break from
# Alt+Enter, a tab) becomes a plain one and runs of them collapse — via str.split().
# (INVISIBLE_CHARS: zero-width spaces, joiners, a stray byte-order mark, the soft hyphen — copied
# from web pages and Word, typed on purpose by nobody.)
CLEAN = str.maketrans(dict.fromkeys(INVISIBLE_CHARS + "".join(CONTROLS)))


def clean_cells(values: list[str]) -> list[str]:
    """Text cells with invisible and control characters removed and whitespace collapsed and
    trimmed. A clean column — every character printable, no double space — is recognised by two
    C-level scans of the joined text and returned as it is."""
    joined = "".join(values)
    if joined.isprintable() and "  " not in joined:
        return values
    return [" ".join(v.translate(CLEAN).split()) if v else v for v in values]


def check_typed_texts(
    texts: Mapping[str, str | None], *, glyphs: frozenset[str] | None
) -> dict[str, str | None]:
    """One point's texts typed by hand (name, ref, house_number, street), cleaned as an
    import's cells are (NFC, invisible characters gone, spaces collapsed; empty → None) and held
    to the same rules, with the same codes: the first broken rule is raised as InvalidInput."""
    cleaned = {
        field: unicodedata.normalize("NFC", clean_cells([value])[0]).strip() or None
        for field, value in texts.items()
        if value is not None
    }
    row = {field: [cleaned.get(field)] for field in LIMITS}
    c = candidates_from_columns(
        file="", rows=[None], lon=np.zeros(1), lat=np.zeros(1), kind=["household"], ref=row["ref"],
        name=row["name"], house_number=row["house_number"], street=row["street"],
    )  # fmt: skip
    check_text_rules(c, {field: field for field in LIMITS}, glyphs=glyphs)
    raise_first_error(c.problems)
    return cleaned


def raise_first_error(problems: Iterable[Problem]) -> None:
    """For one point typed by hand: its first error, raised as InvalidInput with the field,
    value and parameters an import's report line would have."""
    for p in problems:
        if p.severity == "error":
            raise InvalidInput(p.code, field=p.field, value=p.value, **p.params)
