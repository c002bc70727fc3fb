"""The letters' serif: TeX Gyre Termes, registered once per process.

Nghị định 30/2020/NĐ-CP sets administrative documents in a Unicode Times New Roman. TeX Gyre
Termes (GUST Font License, from the `rinoh-typeface-texgyretermes` package on PyPI, so no system
font is needed) has Times' proportions and every Vietnamese glyph. It ships as OpenType with
PostScript (CFF) outlines, which reportlab cannot embed; the outlines are converted here, in
memory, to TrueType quadratics (fontTools' cu2qu, within a thousandth of the em), once per process
and face (about a third of a second each). The package is found, not imported: its module
imports its own typesetter, which we do not use.
"""

from __future__ import annotations

import importlib.util
import io
from functools import cache
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

from addrgen.address import nfc
from plates.errors import PlatesError

__all__ = [
    "SERIF",
    "SERIF_BOLD",
    "SERIF_BOLD_ITALIC",
    "SERIF_FILES",
    "SERIF_ITALIC",
    "register_serif",
    "serif_glyphs",
]

SERIF = "TeXGyreTermes"
SERIF_BOLD = "TeXGyreTermes-Bold"
SERIF_ITALIC = "TeXGyreTermes-Italic"
SERIF_BOLD_ITALIC = "TeXGyreTermes-BoldItalic"


def _package_dir() -> Path:
    spec = importlib.util.find_spec("rinoh_typeface_texgyretermes")
    if spec is None or not spec.submodule_search_locations:
        raise PlatesError("font.serif_missing", value="rinoh-typeface-texgyretermes")
    return Path(next(iter(spec.submodule_search_locations)))


_STYLES = {
    SERIF: "regular",
    SERIF_BOLD: "bold",
    SERIF_ITALIC: "italic",
    SERIF_BOLD_ITALIC: "bolditalic",
}
#: Our reportlab font names and the OpenType files they are converted from.
SERIF_FILES: dict[str, Path] = {
    name: _package_dir() / f"texgyretermes-{style}.otf" for name, style in _STYLES.items()
}
# cu2qu's tolerance in font units (the em is 1000): far below what print or the eye resolves.
_TOLERANCE = 1.0


def truetype(path: Path) -> bytes:
    """The font of ``path`` (CFF outlines) with TrueType outlines, as the bytes of a .ttf."""
    font = TTFont(str(path))
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        # PostScript outlines run counter-clockwise, TrueType's clockwise.
        glyphs[name].draw(Cu2QuPen(pen, _TOLERANCE, reverse_direction=True))
        glyf[name] = pen.glyph()
    del font["CFF "]
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000  # the TrueType maxp: no hinting programs of our own
    for field in (
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
        "maxComponentDepth",
    ):
        setattr(maxp, field, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 2.0  # glyph names kept, as CFF fonts carry them
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


@cache
def register_serif() -> frozenset[str]:
    """Register the four faces with reportlab (once) and return the characters all have."""
    covered: set[int] | None = None
    for name, path in SERIF_FILES.items():
        face = ReportlabFont(name, io.BytesIO(truetype(path)))
        pdfmetrics.registerFont(face)
        chars = set(face.face.charToGlyph)
        covered = chars if covered is None else covered & chars
    pdfmetrics.registerFontFamily(
        SERIF, normal=SERIF, bold=SERIF_BOLD, italic=SERIF_ITALIC, boldItalic=SERIF_BOLD_ITALIC
    )
    return frozenset(chr(c) for c in covered or ())


def serif_glyphs(text: str, where: str = "") -> str:
    """NFC ``text``, refusing a character the serif cannot draw (reportlab would print a box)."""
    text = nfc(text)
    missing = set(text) - register_serif()
    if missing:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X})" for c in sorted(missing))
        if where:
            raise PlatesError("glyph.serif_missing_for", value=text, where=where, chars=shown)
        raise PlatesError("glyph.serif_missing", value=text, chars=shown)
    return text
