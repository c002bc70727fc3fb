"""The message catalog: every sentence a person reads, keyed by a stable id, in every language.

The texts live in gettext catalogs under ``addrgen/locale/`` — ``messages.pot`` (the ids, extracted
from the sources by ``scripts/messages.py``) and one ``diachiso.po`` per language, compiled to the
``diachiso.mo`` files this module reads (with Babel, once per language). An id is an error's
stable code (see :mod:`addrgen.errors`: ``code.check_digit``, ``import.rejected``) or a key of the
faces' words (``page.title``). Vietnamese (``vi``) is the users' language and the default;
English (``en``) is the other. The catalog lives at the bottom of the layers so that every face —
the CLI, the web pages and API, the printed documents — speaks with the same words.

A template names the message's data with ``str.format`` fields: ``{field}``, ``{value}``,
``{expected}`` and the error's own parameters (``{value!r}`` quotes a value as Python does). A
text missing in the asked language falls back to English; an id missing from the catalog renders
as the id itself with its data, never as an empty line. The ``.po`` files are the texts' only
home; docs/design.md ("Messages and languages") says how to add one.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.mofile import read_mo

from addrgen.vocab import Lang

__all__ = [
    "CODE_PATTERN",
    "DEFAULT_LANG",
    "FALLBACK_LANG",
    "LANGUAGES",
    "LOCALE_DIR",
    "N_",
    "Lang",
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
#: (``code.check_digit``, ``page.js.ok``, ``import.vn2000_needs_zone``).
CODE_PATTERN = r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)+$"

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "diachiso"


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


class _Missing(dict[str, Any]):
    """Format fields with no value render as ``?`` rather than failing."""

    def __missing__(self, key: str) -> str:
        return "?"


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
    return text.format_map(_Missing(arguments))


def t(key: str, lang: str, /, **arguments: Any) -> str:
    """A word or sentence of a face (a page, a table, a prompt) by its key, in ``lang``;
    ``scripts/messages.py`` extracts the keys of these calls."""
    return message(key, lang, **arguments)
