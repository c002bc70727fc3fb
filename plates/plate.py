"""One plate, drawn on a canvas with its bottom-left trim corner at the origin, from its template.

The caller translates the canvas to where the plate goes (a shop page with bleed, a cell of an
office sheet). Everything is vector: text in Be Vietnam Pro, the QR as one filled path. Where
things sit is the template's (plates.template_data, scaled by plates.layout); what they say is
:func:`plate_texts`. The sequence number is not drawn here: it belongs on the shop page's slug,
outside the trim (plates.sheets), never on the plate a household keeps.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from addrgen.catalog import t
from plates.canvas import Palette, palette
from plates.fonts import BOLD, REGULAR, SEMIBOLD, fit_size, text_width
from plates.language import PRINTED
from plates.layout import PlateGeometry, PlateSpec, plate_geometry
from plates.plate_column import ColumnLayout, layout_column
from plates.plate_texts import PlateTexts, plate_texts, plus_label
from plates.qr import QrMatrix, draw_qr
from plates.records import CommuneWords, PlateRecord

__all__ = ["PlateRenderer", "PlateTexts", "draw_plate", "plate_texts"]


@dataclass(frozen=True)
class Look:
    """How a page presents its plates: colours, and how the band meets the trim.

    `bleed` (points) runs the band beyond the trim on shop pages, so a cut that is off by a
    millimetre shows no white edge; `inset` keeps it inside the trim on office sheets, where the
    printer's margin would clip the outer plates' band and leave them unlike the inner ones."""

    colors: Palette
    bleed: float = 0.0
    inset: float = 0.0


def _band(canvas: Canvas, g: PlateGeometry, look: Look) -> tuple[float, float]:
    """Draw the colour band; return its bottom and the middle of its visible part."""
    bottom = g.height - g.band_height
    left, top = -look.bleed + look.inset, g.height + look.bleed - look.inset
    canvas.setFillColor(look.colors.accent)
    canvas.rect(left, bottom, g.width - 2 * left, top - bottom, stroke=0, fill=1)
    return bottom, (bottom + min(top, g.height)) / 2


def _header(
    canvas: Canvas, g: PlateGeometry, spec: PlateSpec, texts: PlateTexts, look: Look, draft: bool
) -> None:
    s, design = g.scale, spec.design
    _, middle = _band(canvas, g, look)
    left, right = g.code.left, g.width - g.code.left
    canvas.setFillColor(look.colors.paper)
    title_size = design.title_size * s
    canvas.setFont(BOLD, title_size)
    canvas.drawString(left, middle - 0.36 * title_size, texts.header)
    used = left + text_width(texts.header, BOLD, title_size)
    if draft:
        used += _draft_badge(canvas, used + 3 * mm * s, middle, s, look.colors)
    if texts.commune:
        room = right - used - 6 * mm * s
        size = fit_size(texts.commune, SEMIBOLD, room, design.commune_size * s, 5 * s)
        canvas.setFillColor(look.colors.paper)
        canvas.setFont(SEMIBOLD, size)
        canvas.drawRightString(right, middle - 0.36 * size, texts.commune)


def _draft_badge(canvas: Canvas, left: float, middle: float, s: float, colors: Palette) -> float:
    """A red 'BẢN THỬ' box: nobody should fix a draft plate to a wall. Returns its width."""
    size = 10 * s
    pad = 2 * mm * s
    mark = t("print.plate.draft", PRINTED)
    width = text_width(mark, BOLD, size) + 2 * pad
    height = size + 2 * pad * 0.7
    canvas.setFillColor(colors.alert)
    canvas.setStrokeColor(colors.paper)
    canvas.setLineWidth(0.8 * s)
    canvas.roundRect(left, middle - height / 2, width, height, 1.5 * mm * s, stroke=1, fill=1)
    canvas.setFillColor(colors.paper)
    canvas.setFont(BOLD, size)
    canvas.drawString(left + pad, middle - 0.36 * size, mark)
    return float(width + 3 * mm * s)


def code_size(g: PlateGeometry, code: str) -> float:
    """The code's font size: capitals of the template's height, smaller only to fit its box,
    never below the least capital height the template allows."""
    cap_ratio = pdfmetrics.getFont(BOLD).face.capHeight / 1000
    wanted, least = (c / cap_ratio for c in g.cap_height)
    return fit_size(code, BOLD, g.code.width, wanted, least)


def _code(canvas: Canvas, g: PlateGeometry, code: str, colors: Palette) -> None:
    size = code_size(g, code)
    cap = size * pdfmetrics.getFont(BOLD).face.capHeight / 1000
    canvas.setFillColor(colors.ink)
    canvas.setFont(BOLD, size)
    canvas.drawString(g.code.left, g.code.top - cap, code)


def _draw_column(
    canvas: Canvas, column: ColumnLayout, colors: Palette, *, shared: bool, plus: str | None
) -> None:
    """The column's lines: the batch's shared ones (into the form) or the plate's own."""
    for block in column.blocks:
        font = block.font
        if block.field == "plus_code":  # its label is shared, its value the plate's own
            label = plus_label()
            canvas.setFillColor(colors.grey)
            canvas.setFont(REGULAR, block.size)
            if shared:
                canvas.drawString(block.left, block.baselines[0], label)
            elif plus:
                canvas.setFillColor(colors.ink)
                canvas.setFont(font, block.size)
                offset = text_width(label, REGULAR, block.size)
                canvas.drawString(block.left + offset, block.baselines[0], plus)
            continue
        if block.shared != shared:
            continue
        canvas.setFont(font, block.size)
        canvas.setFillColor(colors.grey if block.field == "issuer" else colors.ink)
        for line, y in zip(block.lines, block.baselines, strict=True):
            canvas.drawString(block.left, y, line)


class PlateRenderer:
    """Draws many plates on one canvas; the parts they share are drawn once, as a PDF form.

    The band, title, commune, labels, scan hint, lookup and issuer lines (and, on shop pages,
    the crop marks via `marks`) are identical on every plate of a batch, so each page refers to
    one Form XObject instead of repeating them: fewer bytes per plate and half the text drawing.
    """

    def __init__(
        self,
        canvas: Canvas,
        spec: PlateSpec,
        *,
        draft: bool,
        bleed: float = 0.0,
        inset: float = 0.0,
        marks: Callable[[Canvas], None] | None = None,
        words: CommuneWords | None = None,
        host: str | None = None,
    ) -> None:
        self.canvas, self.spec, self.draft, self.marks = canvas, spec, draft, marks
        self.look = Look(palette(spec.color), bleed, inset)
        self.words, self.host = words, host

    def _form(self, g: PlateGeometry, texts: PlateTexts, column: ColumnLayout) -> str:
        key: tuple[object, ...] = (self.spec, self.draft, self.look, self.marks is not None)
        key += (g.qr_modules, texts.commune, texts.issuer, texts.lookup, column.shared_key)
        # Named by content, so the same inputs give the same bytes and a form is never redefined.
        name = "plate" + hashlib.sha1(repr(key).encode()).hexdigest()[:12]
        if not self.canvas.hasForm(name):
            pad = self.look.bleed + 1
            self.canvas.beginForm(name, -pad, -pad, g.width + pad, g.height + pad)
            _header(self.canvas, g, self.spec, texts, self.look, self.draft)
            _draw_column(self.canvas, column, self.look.colors, shared=True, plus=None)
            if self.marks:
                self.marks(self.canvas)
            self.canvas.endForm()
        return name

    def texts(self, record: PlateRecord, number: int) -> PlateTexts:
        return plate_texts(record, self.spec, number, words=self.words, host=self.host)

    def draw_text(self, record: PlateRecord, g: PlateGeometry, number: int) -> None:
        """Everything but the QR, with the plate's trim corner at the canvas origin."""
        texts = self.texts(record, number)
        column = layout_column(g, self.spec, texts)
        self.canvas.doForm(self._form(g, texts, column))
        _code(self.canvas, g, texts.code, self.look.colors)
        _draw_column(self.canvas, column, self.look.colors, shared=False, plus=texts.plus_code)

    def draw(self, record: PlateRecord, qr: QrMatrix, number: int) -> None:
        g = plate_geometry(self.spec, qr.size)
        self.draw_text(record, g, number)
        colors = self.look.colors
        draw_qr(self.canvas, qr, g.qr_x, g.qr_y, g.qr_module, ink=colors.qr, paper=colors.paper)


def draw_plate(
    canvas: Canvas,
    record: PlateRecord,
    qr: QrMatrix,
    spec: PlateSpec,
    *,
    number: int,
    draft: bool,
    bleed: float = 0.0,
    words: CommuneWords | None = None,
    host: str | None = None,
) -> None:
    """Draw one plate with its bottom-left trim corner at the canvas origin, without forms.

    `bleed` (points) extends the coloured band beyond the trim, for print-shop pages.
    """
    g = plate_geometry(spec, qr.size)
    texts = plate_texts(record, spec, number, words=words, host=host)
    look = Look(palette(spec.color), bleed)
    column = layout_column(g, spec, texts)
    _header(canvas, g, spec, texts, look, draft)
    _draw_column(canvas, column, look.colors, shared=True, plus=None)
    _code(canvas, g, texts.code, look.colors)
    _draw_column(canvas, column, look.colors, shared=False, plus=texts.plus_code)
    draw_qr(canvas, qr, g.qr_x, g.qr_y, g.qr_module, ink=look.colors.qr, paper=look.colors.paper)
