"""What the plates can print, for the faces to hand to an import (gis knows no fonts): a name
the plate font cannot draw is refused when it is imported, not when its plate is printed."""

from __future__ import annotations

from plates.fonts import register_fonts

__all__ = ["plate_glyphs"]


def plate_glyphs() -> frozenset[str]:
    """The characters every face of the plate font has (newline and tab are layout, not
    glyphs: an imported cell may hold them)."""
    return register_fonts() | {"\n", "\t"}
