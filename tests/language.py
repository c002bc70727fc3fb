"""Which language a text a person reads is in: the one detector the tests of every face (the
pages, the CLI's output) share, so that "no English in Vietnamese mode" means the same thing
everywhere.

English shows as a word Vietnamese cannot spell ("found", "Home"), or as a run of plain-ASCII
words: Vietnamese words that need no diacritic rarely come three in a row, nor two with an English
little word among them ("to go", "is on"). Codes (``import.rejected``),
paths, URLs, numbers, units, options, a template's ``{fields}`` and the names below are not words
of either language.
Vietnamese shows as its letters: đ, ă, â, ê, ô, ơ, ư or a tone mark.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from html.parser import HTMLParser

__all__ = ["NAMES", "english_lines", "page_text", "vietnamese_lines"]

#: Proper names and abbreviations either language writes as they are, and the switch to English
#: (a language's name is written in that language).
NAMES = (
    "English",
    "Google Maps",
    "OpenStreetMap",
    "Plus Code",
    "Leaflet",
    "Excel",
    "CSV",
    "GeoJSON",
    "GeoPackage",
    "Shapefile",
    "KML",
    "QR",
    "GPS",
    "PDF",
    "CMYK",  # the print shop's colour model, written so in Vietnamese too
    "HTML",
    "JSON",
    "PUBLIC_URL",
    "https",  # a printing refusal names the scheme PUBLIC_URL lacks
    "UTF-8",
    "diachiso",
)

# A Vietnamese syllable with its tone marks taken off: an initial consonant, a vowel cluster
# and a final consonant. An ASCII word of another shape (f, j, w, z, "ea", "ck", "ow"…) is not
# Vietnamese.
_SYLLABLE = re.compile(
    r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnprstvx])?"
    r"(uye|uya|oai|oay|uoi|uou|ieu|yeu|oeo|uay|uoi|uyu|ai|ao|au|ay|eo|eu|ia|ie|iu|oa|oe|oi|"
    r"oo|ua|ue|ui|uo|uu|uy|ye|[aeiouy])"
    r"(ch|ng|nh|[cmnpt])?$"
)
# English words a Vietnamese syllable also spells, that give English away beside another bare word.
_LITTLE_WORDS = frozenset(
    [
        "a",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "go",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "so",
        "the",
        "to",
        "up",
        "we",
        "yes",
        "you",
    ]
)
_VIETNAMESE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323", "\u0306", "\u0302", "\u031b"}
_NOT_WORDS = re.compile(
    r"\{[^{}]*\}"  # a template's fields, filled in later: {count}, {value!r}
    r"|\b(?:[km]?m|MB)\b"  # units: metres, kilometres, millimetres, megabytes
    r"|https?://\S+"  # URLs
    r"|\S*[/\\]\S*"  # paths
    r"|--?[a-z][\w-]*"  # options
    r"|\b[a-z_]+(?:\.[a-z_]+)+\b"  # codes and dotted ids
    r"|\b[A-Z]{2,}\w*\b"  # abbreviations: CSV, EPSG, WGS
    r"|\S*\d\S*"  # numbers and anything with a digit in it
)


def _is_vietnamese_word(word: str) -> bool:
    return _SYLLABLE.match(word.lower()) is not None


def _without_names(line: str, names: Iterable[str]) -> str:
    for name in sorted({*NAMES, *names}, key=len, reverse=True):
        if name:
            line = line.replace(name, " ")
    return line


def english_lines(text: str, *, names: Iterable[str] = ()) -> list[str]:
    """The lines of ``text`` that hold English: a word no Vietnamese syllable spells, three
    plain-ASCII words in a row, or two with an English little word. ``names`` are data (place
    names, people) ignored like NAMES."""
    found = []
    given = tuple(names)
    for line in text.splitlines():
        words = _NOT_WORDS.sub(" ", _without_names(line, given))
        tokens = re.findall(r"[^\W\d_]+", words)
        foreign = [t for t in tokens if t.isascii() and not _is_vietnamese_word(t)]
        if foreign or _bare_run(tokens):
            found.append(line.strip())
    return found


def _bare_run(tokens: list[str]) -> bool:
    """Three plain-ASCII words in a row, or two of which one is an English little word."""
    run: list[str] = []
    for token in tokens:
        run = [*run, token.lower()] if token.isascii() else []
        if len(run) >= 3 or (len(run) == 2 and _LITTLE_WORDS & set(run)):
            return True
    return False


def _has_vietnamese_letter(text: str) -> bool:
    decomposed = unicodedata.normalize("NFD", text)
    return "đ" in text.lower() or any(c in _VIETNAMESE_MARKS for c in decomposed)


def vietnamese_lines(text: str, *, names: Iterable[str] = ()) -> list[str]:
    """The lines of ``text`` written with Vietnamese letters, ``names`` (data: place names,
    people) and the switch to Vietnamese ("Tiếng Việt") apart."""
    given = (*names, "Tiếng Việt")
    return [
        line.strip()
        for line in text.splitlines()
        if _has_vietnamese_letter(_without_names(line, given))
    ]


class _Visible(HTMLParser):
    """What a page shows a person: its text outside scripts and styles, and the attributes a
    browser shows (a tooltip, a label read aloud, a placeholder). A command in ``<code>`` (the
    console's signed-out page names the one that makes a link) is a word of neither language."""

    SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "code"):
            self._hidden += 1
        self.lines += [v for k, v in attrs if k in self.SHOWN_ATTRIBUTES and v]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "code"):
            self._hidden = max(0, self._hidden - 1)

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.lines += [line for line in data.splitlines() if line.strip()]


def page_text(html: str) -> str:
    """The visible text of an HTML page (or an SVG in it), one piece a line."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines)
