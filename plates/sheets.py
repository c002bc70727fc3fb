"""Pages of plates: print-shop pages (trim + bleed + slug, crop marks) and office A4 sheets.

Shop pages are the plate's trim size plus a 3 mm bleed on every side and a slug below the bleed,
with the TrimBox and BleedBox set so prepress software knows where to cut. The slug carries the
plate's sequence number ("STT 12") for the shop and the volunteer who sorts the bundle; it is
cut away with the bleed, so the number of one printing campaign is never on a wall.

Office sheets fit as many plates as the printer's real printable area allows on A4, in either
orientation, with cut lines along the plate edges. A template keeps everything but its colour
band `safe` millimetres inside the trim (5 mm on the A6), so plates may tile the sheet edge to
edge: the usual 5 mm printer margin then only clips paper that is blank on every plate (the band
is drawn inside that margin on office sheets), and four A6 plates fit an A4 sheet. Office
sheets carry no sequence number (there is no paper outside the trims); they come out in the
walking order, four a sheet in reading order.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from plates.canvas import Metadata, Palette, new_canvas, palette, save
from plates.errors import PlatesError
from plates.fonts import REGULAR
from plates.layout import PlateSpec, plain_number
from plates.plate import PlateRenderer
from plates.qr import QrMatrix
from plates.records import CommuneWords, PlateRecord

__all__ = [
    "BLEED",
    "SLUG",
    "Mode",
    "OfficeGrid",
    "PlateJob",
    "PlatePages",
    "draw_crop_marks",
    "office_grid",
    "shop_canvas",
    "write_plates_pdf",
]

Mode = Literal["shop", "office"]
BLEED = 3 * mm
SLUG = 7 * mm  # below the bleed: the sequence number, outside what is cut out
_MARK_GAP = 1 * mm  # crop marks stop short of the trim corner so no mark is left on the plate


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
    """As many plates as fit on A4, portrait or landscape, with what each must print (all but
    its outer `safe` millimetres) inside the printer's margin of `margin_mm`."""
    width, height = spec.size
    # How far a plate must stay from the paper's edge so that its content clears the margin.
    keep_off = max(0.0, margin_mm * mm - spec.safe)
    best: OfficeGrid | None = None
    for page in (A4, (A4[1], A4[0])):
        cols = int((page[0] - 2 * keep_off + 1e-6) // width)
        rows = int((page[1] - 2 * keep_off + 1e-6) // height)
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


def draw_crop_marks(
    canvas: Canvas, width: float, height: float, colors: Palette | None = None
) -> None:
    """Corner marks in the bleed, along the trim lines, drawn black on a white halo."""
    colors = colors or palette("rgb")
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
    for colour, line_width in ((colors.paper, 1.0), (colors.qr, 0.3)):
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(line_width)
        canvas.drawPath(path, stroke=1, fill=0)


def shop_canvas(
    target: str | Path | IO[bytes], spec: PlateSpec, meta: Metadata | None = None
) -> Canvas:
    """A canvas for shop pages: trim, bleed and slug, with TrimBox and BleedBox set. The
    plate's trim corner is at (BLEED, SLUG + BLEED)."""
    width, height = spec.size
    page = (width + 2 * BLEED, height + 2 * BLEED + SLUG)
    canvas = new_canvas(target, page, color=spec.color, meta=meta)
    canvas.setTrimBox((BLEED, SLUG + BLEED, BLEED + width, SLUG + BLEED + height))
    canvas.setBleedBox((0, SLUG, width + 2 * BLEED, SLUG + height + 2 * BLEED))
    return canvas


@dataclass(frozen=True, kw_only=True)
class PlatePages:
    """What every page of a plates PDF shares: the layout, the draft mark, the commune's
    words (for the issuer line) and the host of the lookup line."""

    spec: PlateSpec
    draft: bool
    words: CommuneWords | None = None
    host: str | None = None


def _trim_marks(canvas: Canvas, spec: PlateSpec) -> None:
    """Crop marks drawn from the trim corner's origin (inside the plate's shared form)."""
    canvas.saveState()
    canvas.translate(-BLEED, -BLEED)
    draw_crop_marks(canvas, *spec.size, palette(spec.color))
    canvas.restoreState()


def _slug(canvas: Canvas, text: str, colors: Palette) -> None:
    canvas.setFillColor(colors.ink)
    canvas.setFont(REGULAR, 8)
    canvas.drawString(BLEED, SLUG / 2 - 3, text)


def _shop(canvas: Canvas, jobs: Iterable[PlateJob], pages: PlatePages) -> None:
    spec = pages.spec
    renderer = PlateRenderer(
        canvas,
        spec,
        draft=pages.draft,
        bleed=BLEED,
        marks=lambda c: _trim_marks(c, spec),
        words=pages.words,
        host=pages.host,
    )
    for job in jobs:
        number = renderer.texts(job.record, job.number).number
        if number:
            _slug(canvas, number, renderer.look.colors)
        canvas.saveState()
        canvas.translate(BLEED, SLUG + BLEED)
        renderer.draw(job.record, job.qr, job.number)
        canvas.restoreState()
        canvas.showPage()


def _cut_lines(canvas: Canvas, grid: OfficeGrid, colors: Palette) -> None:
    canvas.setStrokeColor(colors.cut)
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


def _office(canvas: Canvas, jobs: list[PlateJob], pages: PlatePages, grid: OfficeGrid) -> None:
    per_page = len(grid.cells)
    spec = pages.spec
    renderer = PlateRenderer(
        canvas, spec, draft=pages.draft, inset=spec.safe, words=pages.words, host=pages.host
    )
    for first in range(0, len(jobs), per_page):
        for job, (x, y) in zip(jobs[first : first + per_page], grid.cells, strict=False):
            canvas.saveState()
            canvas.translate(x, y)
            renderer.draw(job.record, job.qr, job.number)
            canvas.restoreState()
        _cut_lines(canvas, grid, renderer.look.colors)
        canvas.showPage()


def write_plates_pdf(
    target: str | Path | IO[bytes],
    jobs: list[PlateJob],
    pages: PlatePages,
    *,
    mode: Mode,
    office_margin_mm: float = 5.0,
    meta: Metadata | None = None,
) -> None:
    """Write `jobs` in the given order: one per page (shop) or several per A4 sheet (office)."""
    if mode == "shop":
        canvas = shop_canvas(target, pages.spec, meta)
        _shop(canvas, jobs, pages)
    else:
        grid = office_grid(pages.spec, office_margin_mm)
        canvas = new_canvas(target, grid.page, color=pages.spec.color, meta=meta)
        _office(canvas, jobs, pages, grid)
    save(canvas)
