"""Be Vietnam Pro, registered once per process, and the text helpers every drawing uses.

Every page we draw uses only these TrueType faces, embedded as subsets, so a printer never
substitutes a font without the Vietnamese glyphs (plates.canvas makes the canvases).
"""

from functools import cache, lru_cache
from pathlib import Path

import fontpkg_be_vietnam_pro
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from plates.errors import PlatesError
from plates.records import nfc

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
    """NFC `text`, refusing a character our font cannot draw (reportlab would print a box)."""
    text = nfc(text)
    missing = set(text) - register_fonts()
    if missing:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in sorted(missing))
        place = f"{where}: " if where else ""
        raise PlatesError(f"{place}no glyph in Be Vietnam Pro for {shown}")
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


def _wrap_once(text: str, font: str, size: float, width: float, max_lines: int) -> list[str]:
    """Break after commas when that fits ("TP Hà Tĩnh" stays whole), else between words."""
    by_phrase = _wrap_at(text.split(", "), ", ", font, size, width)
    if len(by_phrase) <= max_lines and _fits(by_phrase, font, size, width):
        return by_phrase
    return _wrap_at(text.split(), " ", font, size, width)


def _fits(lines: list[str], font: str, size: float, width: float) -> bool:
    return all(text_width(line, font, size) <= width for line in lines)


def wrap_text(
    text: str, font: str, width: float, sizes: tuple[float, float], max_lines: int
) -> tuple[list[str], float]:
    """Wrap `text` into at most `max_lines`, shrinking from sizes[0] towards sizes[1].

    Text that still does not fit at the smallest size is cut with an ellipsis rather than
    printed across the QR's quiet zone or off the plate.
    """
    largest, smallest = sizes
    size = largest
    while True:
        lines = _wrap_once(text, font, size, width, max_lines)
        fits = len(lines) <= max_lines and _fits(lines, font, size, width)
        if fits or size <= smallest:
            break
        size = max(smallest, size - 0.5)
    if not fits:
        lines = lines[:max_lines]
        lines[-1] = _ellipsize(lines[-1], font, size, width)
        lines = [
            _ellipsize(ln, font, size, width) if text_width(ln, font, size) > width else ln
            for ln in lines
        ]
    return lines, size
