"""The plate's text column: blocks stacked from its top (the plate's own lines) and from its
bottom (mostly the batch's shared lines), each wrapped and sized within its template range.

If the top blocks do not fit above the bottom ones, every top block's largest size is lowered
in steps until they do (or all sit at their smallest): a long agency name shrinks rather than
running into the location code.
"""

from dataclasses import dataclass

from reportlab.lib.units import mm

from plates.fonts import BOLD, REGULAR, SEMIBOLD, wrap_text
from plates.layout import PlateGeometry, PlateSpec
from plates.plate_texts import PlateTexts, plus_label
from plates.template_data import Block

__all__ = ["ColumnLayout", "PlacedBlock", "layout_column"]

_FONTS = {"regular": REGULAR, "semibold": SEMIBOLD, "bold": BOLD}
_LEADING = 1.22
# Lines the batch shares (drawn once, in the plate's form); the plus code's label is shared too.
_SHARED = frozenset({"scan_hint", "lookup", "issuer"})


@dataclass(frozen=True)
class PlacedBlock:
    field: str
    font: str
    size: float
    left: float
    lines: tuple[str, ...]
    baselines: tuple[float, ...]

    @property
    def shared(self) -> bool:
        return self.field in _SHARED


@dataclass(frozen=True)
class ColumnLayout:
    blocks: tuple[PlacedBlock, ...]

    @property
    def shared_key(self) -> tuple[object, ...]:
        """What the shared part of the drawing depends on (the form's name)."""
        return tuple(
            (b.field, b.size, b.lines, b.baselines)
            for b in self.blocks
            if b.shared or b.field == "plus_code"
        )


def _wrap(
    block: Block, text: str, width: float, scale: float, shrink: float
) -> tuple[list[str], float]:
    largest = max(block.smallest, block.largest * shrink) * scale
    font = _FONTS[block.face]
    return wrap_text(text, font, width, (largest, block.smallest * scale), block.lines)


def _height(lines: list[str], size: float) -> float:
    return (len(lines) - 1) * _LEADING * size + size


def _bottom(g: PlateGeometry, spec: PlateSpec, texts: PlateTexts) -> list[PlacedBlock]:
    """The bottom blocks, the last one's baseline on the column's bottom edge."""
    gap = 0.8 * mm * g.scale
    placed: list[PlacedBlock] = []
    y = g.column.bottom
    for block in reversed(spec.design.bottom):
        text = texts.field(block.field)
        if not text:
            continue
        shown = plus_label() + text if block.field == "plus_code" else text
        lines, size = _wrap(block, shown, g.column.width, g.scale, 1.0)
        if block.field == "plus_code":
            lines = [text]
        baselines = [y + (len(lines) - 1 - k) * _LEADING * size for k in range(len(lines))]
        font = _FONTS[block.face]
        placed.append(
            PlacedBlock(block.field, font, size, g.column.left, tuple(lines), tuple(baselines))
        )
        y = baselines[0] + size + gap
    return placed[::-1]


def _top(
    g: PlateGeometry, spec: PlateSpec, texts: PlateTexts, floor: float, shrink: float
) -> list[PlacedBlock] | None:
    """The top blocks from the column's top down; None if they reach below `floor`."""
    gap = 1.8 * mm * g.scale
    placed: list[PlacedBlock] = []
    y = g.column.top
    for block in spec.design.top:
        text = texts.field(block.field)
        if not text:
            continue
        lines, size = _wrap(block, text, g.column.width, g.scale, shrink)
        first = y - 0.8 * size
        baselines = [first - k * _LEADING * size for k in range(len(lines))]
        font = _FONTS[block.face]
        placed.append(
            PlacedBlock(block.field, font, size, g.column.left, tuple(lines), tuple(baselines))
        )
        y = first - _height(lines, size) + size - 0.25 * size - gap
    if placed and placed[-1].baselines[-1] - 0.25 * placed[-1].size < floor:
        return None
    return placed


def layout_column(g: PlateGeometry, spec: PlateSpec, texts: PlateTexts) -> ColumnLayout:
    bottom = _bottom(g, spec, texts)
    floor = (bottom[0].baselines[0] + bottom[0].size) if bottom else g.column.bottom
    floor += 1.5 * mm * g.scale
    for step in range(11):
        top = _top(g, spec, texts, floor, 1.0 - 0.05 * step)
        if top is not None:
            return ColumnLayout(tuple(top + bottom))
    return ColumnLayout(tuple((_top(g, spec, texts, float("-inf"), 0.0) or []) + bottom))
