"""Pages of plates: print-shop pages (trim + bleed, crop marks) and office A4 sheets.

Shop pages are the plate's trim size plus a 3 mm bleed on every side, with the TrimBox and
BleedBox set so prepress software knows where to cut. Office sheets fit as many plates as the
printer's margins allow on A4, in either orientation, with cut lines along the plate edges.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from reportlab.lib.colors import HexColor, black, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from addrgen.catalog import t
from plates.canvas import new_canvas, save
from plates.errors import PlatesError
from plates.language import PRINTED
from plates.layout import PlateSpec, plain_number
from plates.plate import PlateRenderer
from plates.qr import QrMatrix
from plates.records import PlateRecord

__all__ = [
    "BLEED",
    "Mode",
    "OfficeGrid",
    "PlateJob",
    "draw_crop_marks",
    "office_grid",
    "shop_canvas",
    "write_plates_pdf",
]

Mode = Literal["shop", "office"]
BLEED = 3 * mm
_MARK_GAP = 1 * mm  # crop marks stop short of the trim corner so no mark is left on the plate
_CUT_GREY = HexColor("#9E9E9E")


@dataclass(frozen=True)
class PlateJob:
    """One plate to draw: its record, its number on the checklist and its QR."""

    number: int
    record: PlateRecord
    qr: QrMatrix


@dataclass(frozen=True)
class OfficeGrid:
    page: tuple[float, float]
    cells: list[tuple[float, float]]  # bottom-left corners, reading order (rows, then columns)
    columns: list[float]  # x of every vertical plate edge
    rows: list[float]  # y of every horizontal plate edge


def office_grid(spec: PlateSpec, margin_mm: float) -> OfficeGrid:
    """As many plates as fit inside the printer's margins, A4 portrait or landscape."""
    width, height = spec.size
    best: OfficeGrid | None = None
    for page in (A4, (A4[1], A4[0])):
        cols = int((page[0] - 2 * margin_mm * mm + 1e-6) // width)
        rows = int((page[1] - 2 * margin_mm * mm + 1e-6) // height)
        if cols * rows == 0 or (best and cols * rows <= len(best.cells)):
            continue
        left = (page[0] - cols * width) / 2
        bottom = (page[1] - rows * height) / 2
        cells = [
            (left + c * width, bottom + (rows - 1 - r) * height)
            for r in range(rows)
            for c in range(cols)
        ]
        xs = [left + c * width for c in range(cols + 1)]
        ys = [bottom + r * height for r in range(rows + 1)]
        best = OfficeGrid(page, cells, xs, ys)
    if best is None:
        raise PlatesError(
            "sheet.does_not_fit",
            width=plain_number(spec.width_mm),
            height=plain_number(spec.height_mm),
            margin=plain_number(margin_mm),
        )
    return best


def draw_crop_marks(canvas: Canvas, width: float, height: float) -> None:
    """Corner marks in the bleed, along the trim lines, drawn black on a white halo."""
    right, top = BLEED + width, BLEED + height
    path = canvas.beginPath()
    for x, y in ((BLEED, BLEED), (right, BLEED), (BLEED, top), (right, top)):
        outer_x = 0.0 if x == BLEED else right + BLEED
        outer_y = 0.0 if y == BLEED else top + BLEED
        inner_x = x - _MARK_GAP if x == BLEED else x + _MARK_GAP
        inner_y = y - _MARK_GAP if y == BLEED else y + _MARK_GAP
        path.moveTo(outer_x, y)
        path.lineTo(inner_x, y)
        path.moveTo(x, outer_y)
        path.lineTo(x, inner_y)
    for colour, line_width in ((white, 1.0), (black, 0.3)):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(line_width)
        canvas.drawPath(path, stroke=1, fill=0)


def shop_canvas(target: str | Path | IO[bytes], spec: PlateSpec) -> Canvas:
    """A canvas for shop pages: trim plus bleed, with TrimBox and BleedBox set."""
    width, height = spec.size
    canvas = new_canvas(target, (width + 2 * BLEED, height + 2 * BLEED))
    canvas.setTrimBox((BLEED, BLEED, BLEED + width, BLEED + height))
    canvas.setBleedBox((0, 0, width + 2 * BLEED, height + 2 * BLEED))
    return canvas


def _trim_marks(canvas: Canvas, spec: PlateSpec) -> None:
    """Crop marks drawn from the trim corner's origin (inside the plate's shared form)."""
    canvas.saveState()
    canvas.translate(-BLEED, -BLEED)
    draw_crop_marks(canvas, *spec.size)
    canvas.restoreState()


def _shop(canvas: Canvas, jobs: Iterable[PlateJob], spec: PlateSpec, draft: bool) -> None:
    renderer = PlateRenderer(
        canvas, spec, draft=draft, bleed=BLEED, marks=lambda c: _trim_marks(c, spec)
    )
    for job in jobs:
        canvas.saveState()
        canvas.translate(BLEED, BLEED)
        renderer.draw(job.record, job.qr, job.number)
        canvas.restoreState()
        canvas.showPage()


def _cut_lines(canvas: Canvas, grid: OfficeGrid) -> None:
    canvas.setStrokeColor(_CUT_GREY)
    canvas.setLineWidth(0.25)
    canvas.setDash(3, 2)
    path = canvas.beginPath()
    for x in grid.columns:
        path.moveTo(x, 0)
        path.lineTo(x, grid.page[1])
    for y in grid.rows:
        path.moveTo(0, y)
        path.lineTo(grid.page[0], y)
    canvas.drawPath(path, stroke=1, fill=0)


def _office(
    canvas: Canvas, jobs: list[PlateJob], spec: PlateSpec, draft: bool, grid: OfficeGrid
) -> None:
    per_page = len(grid.cells)
    renderer = PlateRenderer(canvas, spec, draft=draft)
    for first in range(0, len(jobs), per_page):
        for job, (x, y) in zip(jobs[first : first + per_page], grid.cells, strict=False):
            canvas.saveState()
            canvas.translate(x, y)
            renderer.draw(job.record, job.qr, job.number)
            canvas.restoreState()
        _cut_lines(canvas, grid)
        canvas.showPage()


def write_plates_pdf(
    target: str | Path | IO[bytes],
    jobs: list[PlateJob],
    spec: PlateSpec,
    *,
    mode: Mode,
    draft: bool,
    office_margin_mm: float = 5.0,
    title: str | None = None,
) -> None:
    """Write `jobs` in the given order: one per page (shop) or several per A4 sheet (office)."""
    if mode == "shop":
        canvas = shop_canvas(target, spec)
        canvas.setTitle(title or t("print.plates.title", PRINTED))
        _shop(canvas, jobs, spec, draft)
    else:
        grid = office_grid(spec, office_margin_mm)
        canvas = new_canvas(target, grid.page)
        canvas.setTitle(title or t("print.plates.title", PRINTED))
        _office(canvas, jobs, spec, draft, grid)
    save(canvas)
