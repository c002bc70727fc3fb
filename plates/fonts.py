"""Be Vietnam Pro, registered once per process, and the text helpers every drawing uses.

Every page we draw uses only these TrueType faces, embedded as subsets, so a printer never
substitutes a font without the Vietnamese glyphs (plates.canvas makes the canvases).
"""

from functools import cache, lru_cache
from pathlib import Path

import fontpkg_be_vietnam_pro
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from addrgen.address import nfc
from addrgen.line_words import BINDING_WORDS
from plates.errors import PlatesError

__all__ = [
    "BOLD",
    "FONT_FILES",
    "REGULAR",
    "SEMIBOLD",
    "check_glyphs",
    "fit_size",
    "register_fonts",
    "text_width",
    "wrap_text",
]

REGULAR = "BeVietnamPro"
SEMIBOLD = "BeVietnamPro-SemiBold"
BOLD = "BeVietnamPro-Bold"

_FONT_DIR = Path(fontpkg_be_vietnam_pro.ROOT) / "files"
# Our reportlab font names and the files they come from (tests read the cmaps from these).
FONT_FILES: dict[str, Path] = {
    REGULAR: _FONT_DIR / "BeVietnamPro-Regular.ttf",
    SEMIBOLD: _FONT_DIR / "BeVietnamPro-SemiBold.ttf",
    BOLD: _FONT_DIR / "BeVietnamPro-Bold.ttf",
}


@cache
def register_fonts() -> frozenset[str]:
    """Register our faces with reportlab (once) and return the characters all of them have."""
    covered: set[int] | None = None
    for name, path in FONT_FILES.items():
        font = TTFont(name, str(path))
        pdfmetrics.registerFont(font)
        chars = set(font.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD)
    return frozenset(chr(c) for c in covered or ())


def check_glyphs(text: str, where: str = "") -> str:
    """NFC `text`, refusing a character our font cannot draw (reportlab would print a box).
    ``where`` is the address code of the record the text is printed for, if any."""
    text = nfc(text)
    missing = set(text) - register_fonts()
    if missing:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in sorted(missing))
        if where:
            raise PlatesError("glyph.missing_for", value=text, where=where, chars=shown)
        raise PlatesError("glyph.missing", value=text, chars=shown)
    return text


@lru_cache(maxsize=8192)
def _unit_width(text: str, font: str) -> float:
    return float(pdfmetrics.stringWidth(text, font, 1.0))


def text_width(text: str, font: str, size: float) -> float:
    # Cached at size 1: a batch repeats the same header, hints and village names on every
    # plate, and reportlab measures TrueType text one character at a time in Python.
    return _unit_width(text, font) * size


def fit_size(text: str, font: str, width: float, largest: float, smallest: float) -> float:
    """The largest size (at most `largest`, at least `smallest`) at which `text` fits `width`."""
    at_one = text_width(text, font, 1.0)
    if at_one <= 0:
        return largest
    return max(smallest, min(largest, width / at_one))


def _ellipsize(line: str, font: str, size: float, width: float) -> str:
    while line and text_width(line + "…", font, size) > width:
        line = line[:-1].rstrip()
    return line + "…"


def _wrap_at(units: list[str], joiner: str, font: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for unit in units:
        candidate = f"{current}{joiner}{unit}" if current else unit
        if current and text_width(candidate, font, size) > width:
            lines.append(current + joiner.rstrip())
            current = unit
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fits(lines: list[str], font: str, size: float, width: float) -> bool:
    return all(text_width(line, font, size) <= width for line in lines)


def _sizes(largest: float, smallest: float) -> list[float]:
    steps = int((largest - smallest) / 0.5)
    return [largest - 0.5 * k for k in range(steps + 1)] + [smallest]


def _capital(word: str) -> bool:
    return word[:1].isupper()


def _glued(words: list[str]) -> list[str]:
    """Words joined into the pieces a line may not break inside: a name's syllables
    ("Việt Nam", "Thạch Bình", "Nguyễn Thị Hường"), a unit word with its name ("thôn Bình
    Minh"), a number with the word before it ("số 26")."""
    pieces: list[str] = []
    for word in words:
        if pieces and not pieces[-1].endswith(","):
            last = pieces[-1].rsplit(" ", 1)[-1]
            binding = last.casefold() in BINDING_WORDS
            if (_capital(word) and (_capital(last) or binding)) or word[:1].isdigit() or binding:
                pieces[-1] += " " + word
                continue
        pieces.append(word)
    return pieces


def wrap_text(
    text: str, font: str, width: float, sizes: tuple[float, float], max_lines: int
) -> tuple[list[str], float]:
    """Wrap `text` into at most `max_lines`, shrinking from sizes[0] towards sizes[1].

    Lines break after commas first ("TP Hà Tĩnh" stays whole) if that fits at no less than
    80 % of the largest size; then between words, never inside a name ("Tổ quốc Việt / Nam"
    is never printed: the text shrinks or breaks elsewhere); only a name too long for a line at
    the smallest size is broken between its words. Nothing is hyphenated. Text that does not fit
    even so is cut with an ellipsis rather than run into the QR's quiet zone.
    """
    largest, smallest = sizes
    words = text.split()
    attempts = (
        (text.split(", "), ", ", 0.8 * largest),
        (_glued(words), " ", 0),
        (words, " ", smallest),
    )
    for units, joiner, floor in attempts:
        for size in _sizes(largest, max(smallest, floor)):
            lines = _wrap_at(units, joiner, font, size, width)
            if len(lines) <= max_lines and _fits(lines, font, size, width):
                return lines, size
    lines = _wrap_at(words, " ", font, smallest, width)[:max_lines]
    lines[-1] = _ellipsize(lines[-1], font, smallest, width)
    return [
        _ellipsize(ln, font, smallest, width) if text_width(ln, font, smallest) > width else ln
        for ln in lines
    ], smallest
