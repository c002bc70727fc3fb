"""The message catalog: every sentence a person reads, keyed by a stable id, in every language.

The texts live in gettext catalogs under ``addrgen/locale/`` — ``messages.pot`` (the ids, extracted
from the sources by ``scripts/messages.py``) and one ``diachiso.po`` per language, compiled to the
``diachiso.mo`` files this module reads (with Babel, once per language). An id is an error's
stable code (see :mod:`addrgen.errors`: ``code.check_digit``, ``import.rejected``) or a key of the
faces' words (``page.title``). Vietnamese (``vi``) is the users' language and the default;
English (``en``) is the other. The catalog lives at the bottom of the layers so that every face —
the CLI, the web pages and API, the printed documents — speaks with the same words.

A template names the message's data with ``str.format`` fields: ``{field}``, ``{value}``,
``{expected}`` and the error's own parameters. A number given as a number is written the way the
message's language writes it (:mod:`addrgen.formatting`: ``{metres:.1f}`` is ``0,6`` in
Vietnamese, ``{count}`` is ``12.345``); an integer field with a ``d`` format (``{area_number:05d}``)
is a code and keeps its digits as they are. Vietnamese quotes a value with its own marks
(``“{value}”``), English as Python does (``{value!r}``); a text shown inside quotes keeps its
invisible characters visible (``\xa0``). A tuple is a number's readings, with no thousands
separator (vi ``2,026 / 2026``). A :class:`Phrase` is words of the catalog, said in the
message's language. A text missing in the asked language falls back to
English; an id missing from the catalog renders as the id itself with its data, never as an empty
line. The ``.po`` files are the texts' only
home; docs/design.md ("Messages and languages") says how to add one.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo

from addrgen.formatting import format_decimal, format_number
from addrgen.vocab import Lang

__all__ = [
    "CODE_PATTERN",
    "DEFAULT_LANG",
    "FALLBACK_LANG",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "Lang",
    "Phrase",
    "has_message",
    "message",
    "mo_path",
    "po_path",
    "t",
    "template",
]

#: The languages every entry has; the first is the default.
LANGUAGES: tuple[Lang, ...] = ("vi", "en")
DEFAULT_LANG: Lang = LANGUAGES[0]
#: The language a text falls back to when the asked one lacks it.
FALLBACK_LANG: Lang = "en"

#: What an id looks like: dotted lower-case words, digits after their first letter
#: (``code.check_digit``, ``page.field.card.ok``, ``import.vn2000_needs_zone``).
CODE_PATTERN = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$"

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "diachiso"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


#: The fields that name a place in a file (``row``, ``header_row``, ``other_row``, ``line``):
#: numbers that are names, written without a thousands separator; ``rows`` is a count.
_PLACE = re.compile(r"(?:\w+_)?(?:row|line)")
#: A format spec with a fixed number of decimals, perhaps signed: ``.1f``, ``,.0f``, ``+.1f``.
_FIXED = re.compile(r"(\+?),?\.(\d+)f")


#: Characters a reader cannot see or tell from a space: controls, format characters (a zero-width
#: space), separators other than the space (a no-break space).
_INVISIBLE = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})


def _visible(text: str) -> str:
    """``text`` with its invisible characters written as their escapes (``\\xa0``), as a quoted
    value shows them; the placeholders a face puts in a text (private or non-characters) stay."""
    return "".join(
        repr(c)[1:-1] if c != " " and unicodedata.category(c) in _INVISIBLE else c for c in text
    )


@dataclass(frozen=True)
class Phrase:
    """Words of the catalog passed as a message's parameter, said in the message's language when
    it is formatted: an error raised in the core does not know its reader's language (a retired
    point's reason, a word of the vocabulary, inside the sentence that refuses to change it)."""

    key: str
    arguments: Mapping[str, Any] = field(default_factory=dict)

    def say(self, lang: str) -> str:
        return message(self.key, lang, **self.arguments)

    def __str__(self) -> str:
        return self.say(FALLBACK_LANG)


class _Formatter(string.Formatter):
    """``str.format`` in a language: numbers by its locale, a missing field as ``?`` rather
    than a failure."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in LANGUAGES else FALLBACK_LANG

    def get_value(self, key: int | str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Any:
        if not isinstance(key, str):
            return args[key]
        value = kwargs.get(key, "?")
        if _PLACE.fullmatch(key) and isinstance(value, int) and not isinstance(value, bool):
            return str(value)  # a row's number names it, as Excel's row header does: "dòng 1521"
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Phrase):
            return value.say(self.lang)
        if isinstance(value, tuple):  # the readings of an ambiguous number ("2,026 / 2026"):
            # no thousands separator in them, the very mark that is in doubt
            return " / ".join(
                format_decimal(v, self.lang, every_digit=True, grouping=False)
                if isinstance(v, int | float | Decimal) and not isinstance(v, bool)
                else self.format_field(v, format_spec)
                for v in value
            )
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            if isinstance(value, str) and not format_spec:
                return _visible(value)
            try:
                return str(super().format_field(value, format_spec))
            except ValueError:  # a number's spec for a missing field ("?") or a text: as it is
                return str(value)
        if format_spec in ("", ",", "g"):
            if isinstance(value, int):
                return format_number(value, self.lang)
            return format_decimal(value, self.lang, every_digit=True)
        fixed = _FIXED.fullmatch(format_spec)
        if fixed:
            sign = fixed.group(1) if value >= 0 else ""
            return sign + format_decimal(value, self.lang, digits=int(fixed.group(2)))
        return str(super().format_field(value, format_spec))  # a code's digits: {area_number:05d}


def N_(msgid: str) -> str:
    """Mark an id for extraction (gettext's name for it) where it is written but looked up
    later — a table of codes, a key chosen at run time; returns it unchanged."""
    return msgid


@cache
def _compiled(lang: str) -> dict[str, str]:
    """The compiled catalog of ``lang`` as id → template (empty for an unknown language)."""
    path = mo_path(lang)
    if lang not in LANGUAGES or not path.is_file():
        return {}
    with path.open("rb") as f:
        catalog = read_mo(f)
    return {
        m.id: m.string
        for m in catalog
        if isinstance(m.id, str) and m.id and isinstance(m.string, str) and m.string
    }


def _lookup(msgid: str, lang: str) -> str | None:
    """The template of ``msgid`` in exactly ``lang`` (its compiled catalog)."""
    return _compiled(lang).get(msgid)


def template(msgid: str, lang: str) -> str | None:
    """The unformatted template of ``msgid`` in ``lang``, else in English; None when the catalog
    lacks it (for a face that formats it later, e.g. in the browser)."""
    return _lookup(msgid, lang) or _lookup(msgid, FALLBACK_LANG)


def has_message(code: str, lang: str = "en") -> bool:
    """Whether ``code`` has a text in ``lang`` itself (no fallback)."""
    return _lookup(code, lang) is not None


def message(code: str, lang: str = "en", /, **arguments: Any) -> str:
    """The sentence for ``code`` in ``lang`` (English when the language lacks it)."""
    text = template(code, lang)
    if text is None:
        data = ", ".join(f"{k}={v!r}" for k, v in arguments.items() if v is not None)
        return f"{code} ({data})" if data else code
    return _Formatter(lang).vformat(text, (), arguments)


def t(key: str, lang: str, /, **arguments: Any) -> str:
    """A word or sentence of a face (a page, a table, a prompt) by its key, in ``lang``;
    ``scripts/messages.py`` extracts the keys of these calls."""
    return message(key, lang, **arguments)
