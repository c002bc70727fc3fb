"""Every error code raised by addrgen, plates, gis.ingest, gis.storage, gis.spatial and the
settings has a sentence in both languages, and the two sentences name the same data."""

from __future__ import annotations

import ast
import re
import string
import unicodedata
from pathlib import Path

import pytest

from addrgen.catalog import LANGUAGES, has_message, template
from tests.conftest import REPO

SOURCES = [
    *sorted((REPO / "addrgen").glob("*.py")),
    *sorted(p for p in (REPO / "plates").glob("*.py") if p.name != "qr.py"),
    *sorted((REPO / "gis" / "ingest").glob("*.py")),
    *sorted((REPO / "gis" / "storage").glob("*.py")),
    *sorted((REPO / "gis" / "spatial").glob("*.py")),
    REPO / "gis" / "settings.py",
]
# The areas whose codes these modules raise (a dotted lower-case literal with one of them).
AREAS = (
    "area",
    "backup",
    "batch",
    "code",
    "glyph",
    "import",
    "ordering",
    "output",
    "plate",
    "plate_url",
    "pluscode",
    "point",
    "record",
    "registry",
    "restore",
    "serial",
    "settings",
    "sheet",
    "text",
)
CODE = re.compile(rf"(?:{'|'.join(AREAS)})\.[a-z_]+")


def _codes_in(path: Path) -> set[str]:
    """Dotted literals where a code goes: a positional argument of a call (an error, a report
    line), a dict value or a tuple element (tables of codes); never a keyword argument, which is
    where event names go (``action="point.register"``)."""
    places: list[ast.expr] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            places += node.args
        elif isinstance(node, ast.Dict):
            places += node.values
        elif isinstance(node, ast.Tuple):
            places += node.elts
    return {
        node.value
        for node in places
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and CODE.fullmatch(node.value)
    }


RAISED = sorted(set().union(*(_codes_in(p) for p in SOURCES)))


def test_the_walk_finds_the_codes() -> None:
    # A guard against a walk that finds nothing and so checks nothing.
    assert {"import.no_latitude", "text.bad_byte", "pluscode.short", "settings.map_tiles"} <= set(
        RAISED
    )


@pytest.mark.parametrize("code", RAISED)
def test_each_raised_code_has_both_languages(code: str) -> None:
    for lang in LANGUAGES:
        assert has_message(code, lang), f"{code} is raised but has no {lang} sentence"


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("code", RAISED)
def test_both_sentences_name_the_same_data(code: str) -> None:
    entry = {lang: template(code, lang) or "" for lang in LANGUAGES}
    assert _fields(entry["vi"]) == _fields(entry["en"])
    assert unicodedata.is_normalized("NFC", entry["vi"])
    # No command-line advice in the core's words: the faces add their own.
    for lang in LANGUAGES:
        assert not re.search(r"--[a-z]|diachiso ", entry[lang]), (code, lang)
