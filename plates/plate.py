"""One plate, drawn on a canvas with its bottom-left trim corner at the origin.

The caller translates the canvas to where the plate goes (a shop page with bleed, a cell of an
office sheet). Everything is vector: text in Be Vietnam Pro, the QR as one filled path.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.lib.colors import HexColor, white
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from addrgen.catalog import t
from plates.fonts import BOLD, REGULAR, SEMIBOLD, check_glyphs, fit_size, text_width, wrap_text
from plates.language import PRINTED
from plates.layout import PlateGeometry, PlateSpec, plate_geometry
from plates.qr import QUIET_ZONE, QrMatrix, draw_qr
from plates.records import PlateRecord, address_text

__all__ = [
    "PlateRenderer",
    "PlateTexts",
    "draw_plate",
    "plate_texts",
]

_INK = HexColor("#1A1A1A")
_GREY = HexColor("#555555")
_DRAFT_RED = HexColor("#C62828")


@dataclass(frozen=True)
class PlateTexts:
    """Every string a plate shows, already NFC and checked against the font."""

    header: str
    commune: str | None
    code: str
    name: str | None
    address: str | None
    plus_code: str | None
    scan_hint: str | None
    number: str | None


def _shows_name(record: PlateRecord, spec: PlateSpec) -> bool:
    if record.kind == "household":
        return spec.show_household_name
    return spec.show_name


def plate_texts(record: PlateRecord, spec: PlateSpec, number: int) -> PlateTexts:
    where = record.code

    def opt(text: str | None, shown: bool) -> str | None:
        return check_glyphs(text.strip(), where) if shown and text and text.strip() else None

    return PlateTexts(
        header=check_glyphs(spec.header, where),
        commune=opt(record.commune.upper(), spec.show_commune),
        code=check_glyphs(record.code_display, where),
        name=opt(record.name, _shows_name(record, spec)),
        address=opt(address_text(record), spec.show_address),
        plus_code=opt(record.plus_code, spec.show_plus_code),
        scan_hint=opt(t("print.plate.scan_hint", PRINTED), spec.show_scan_hint),
        # A sequence number, not a quantity: never grouped in thousands.
        number=opt(t("print.plate.number", PRINTED, number=str(number)), spec.show_number),
    )


def _header(
    canvas: Canvas, g: PlateGeometry, spec: PlateSpec, texts: PlateTexts, bleed: float, draft: bool
) -> None:
    s = g.scale
    top = g.height - g.header_height
    canvas.setFillColor(HexColor(spec.accent))
    # The band runs into the bleed, so a trim that is off by a millimetre shows no white edge.
    canvas.rect(-bleed, top, g.width + 2 * bleed, g.header_height + bleed, stroke=0, fill=1)
    canvas.setFillColor(white)
    title_size = 19 * s
    middle = top + g.header_height / 2
    canvas.setFont(BOLD, title_size)
    canvas.drawString(g.margin, middle - 0.36 * title_size, texts.header)
    used = g.margin + text_width(texts.header, BOLD, title_size)
    badge = 0.0
    if draft:
        badge = _draft_badge(canvas, used + 4 * mm * s, middle, s)
    if texts.commune:
        room = g.width - 2 * g.margin - (used - g.margin) - badge - 8 * mm * s
        size = fit_size(texts.commune, SEMIBOLD, room, 12 * s, 6 * s)
        canvas.setFillColor(white)
        canvas.setFont(SEMIBOLD, size)
        canvas.drawRightString(g.width - g.margin, middle - 0.36 * size, texts.commune)


def _draft_badge(canvas: Canvas, left: float, middle: float, s: float) -> float:
    """A red 'BẢN THỬ' box: nobody should fix a draft plate to a wall. Returns its width."""
    size = 11 * s
    pad = 2.2 * mm * s
    mark = t("print.plate.draft", PRINTED)
    width = text_width(mark, BOLD, size) + 2 * pad
    height = size + 2 * pad * 0.7
    canvas.setFillColor(_DRAFT_RED)
    canvas.setStrokeColor(white)
    canvas.setLineWidth(0.8 * s)
    canvas.roundRect(left, middle - height / 2, width, height, 1.5 * mm * s, stroke=1, fill=1)
    canvas.setFillColor(white)
    canvas.setFont(BOLD, size)
    canvas.drawString(left + pad, middle - 0.36 * size, mark)
    return float(width + 4 * mm * s)


def _lines(
    canvas: Canvas, lines: list[str], font: str, size: float, left: float, top: float
) -> float:
    """Draw lines downwards from `top`; return the y below the last one."""
    canvas.setFont(font, size)
    y = top - size
    for line in lines:
        canvas.drawString(left, y, line)
        y -= 1.22 * size
    return y + 1.22 * size - 0.3 * size


def _column(canvas: Canvas, g: PlateGeometry, spec: PlateSpec, texts: PlateTexts) -> None:
    s = g.scale
    width = g.text_right - g.text_left
    size = fit_size(texts.code, BOLD, width, 30 * s, 12 * s)
    canvas.setFillColor(HexColor(spec.accent))
    canvas.setFont(BOLD, size)
    y = g.text_top - 0.76 * size
    canvas.drawString(g.text_left, y, texts.code)
    y -= 5 * mm * s
    canvas.setFillColor(_INK)
    if texts.name:
        lines, nsize = wrap_text(texts.name, BOLD, width, (14 * s, 9 * s), 3)
        y = _lines(canvas, lines, BOLD, nsize, g.text_left, y) - 2.5 * mm * s
    if texts.address:
        lines, asize = wrap_text(texts.address, REGULAR, width, (11.5 * s, 7.5 * s), 3)
        _lines(canvas, lines, REGULAR, asize, g.text_left, y)


def _plus_label() -> str:
    return t("print.plate.plus_code", PRINTED) + " "


def _plus_code_label(canvas: Canvas, g: PlateGeometry) -> None:
    canvas.setFillColor(_GREY)
    canvas.setFont(REGULAR, 8 * g.scale)
    canvas.drawString(g.text_left, g.footer_y + 7.5 * mm * g.scale, _plus_label())


def _plus_code(canvas: Canvas, g: PlateGeometry, plus_code: str) -> None:
    s = g.scale
    left = g.text_left + text_width(_plus_label(), REGULAR, 8 * s) + 1 * mm * s
    canvas.setFillColor(_INK)
    canvas.setFont(SEMIBOLD, 12 * s)
    canvas.drawString(left, g.footer_y + 7.5 * mm * s, plus_code)


def _scan_hint(canvas: Canvas, g: PlateGeometry, hint: str) -> None:
    quiet = QUIET_ZONE * g.qr_module
    size = fit_size(hint, REGULAR, g.qr_side + 2 * quiet, 9 * g.scale, 6 * g.scale)
    canvas.setFillColor(_INK)
    canvas.setFont(REGULAR, size)
    canvas.drawCentredString(g.qr_x + g.qr_side / 2, g.footer_y, hint)


def _number(canvas: Canvas, g: PlateGeometry, number: str) -> None:
    canvas.setFillColor(_GREY)
    canvas.setFont(REGULAR, 7.5 * g.scale)
    canvas.drawString(g.text_left, g.footer_y, number)


def _shared(
    canvas: Canvas, g: PlateGeometry, spec: PlateSpec, texts: PlateTexts, bleed: float, draft: bool
) -> None:
    """What every plate of a batch (same commune, same QR size) has in common."""
    _header(canvas, g, spec, texts, bleed, draft)
    if texts.plus_code:
        _plus_code_label(canvas, g)
    if texts.scan_hint:
        _scan_hint(canvas, g, texts.scan_hint)


def _own(canvas: Canvas, g: PlateGeometry, spec: PlateSpec, texts: PlateTexts) -> None:
    """What is this plate's alone: its code, name, address, plus code and number."""
    _column(canvas, g, spec, texts)
    if texts.plus_code:
        _plus_code(canvas, g, texts.plus_code)
    if texts.number:
        _number(canvas, g, texts.number)


class PlateRenderer:
    """Draws many plates on one canvas; the parts they share are drawn once, as a PDF form.

    The header band, title, commune, labels and scan hint (and, on shop pages, the crop marks
    via `marks`) are identical on every plate of a batch, so each page refers to one Form
    XObject instead of repeating them: fewer bytes per plate and half the text drawing.
    """

    def __init__(
        self,
        canvas: Canvas,
        spec: PlateSpec,
        *,
        draft: bool,
        bleed: float = 0.0,
        marks: Callable[[Canvas], None] | None = None,
    ) -> None:
        self.canvas, self.spec, self.draft, self.bleed, self.marks = (
            canvas,
            spec,
            draft,
            bleed,
            marks,
        )

    def _form(self, g: PlateGeometry, texts: PlateTexts) -> str:
        key = (
            self.spec,
            self.draft,
            self.bleed,
            self.marks is not None,
            g.qr_modules,
            texts.commune,
            texts.plus_code is not None,
            texts.scan_hint is not None,
        )
        # Named by content, so the same inputs give the same bytes and a form is never redefined.
        name = "plate" + hashlib.sha1(repr(key).encode()).hexdigest()[:12]
        if not self.canvas.hasForm(name):
            pad = self.bleed + 1
            self.canvas.beginForm(name, -pad, -pad, g.width + pad, g.height + pad)
            _shared(self.canvas, g, self.spec, texts, self.bleed, self.draft)
            if self.marks:
                self.marks(self.canvas)
            self.canvas.endForm()
        return name

    def draw_text(self, record: PlateRecord, g: PlateGeometry, number: int) -> None:
        """Everything but the QR, with the plate's trim corner at the canvas origin."""
        texts = plate_texts(record, self.spec, number)
        self.canvas.doForm(self._form(g, texts))
        _own(self.canvas, g, self.spec, texts)

    def draw(self, record: PlateRecord, qr: QrMatrix, number: int) -> None:
        g = plate_geometry(self.spec, qr.size)
        self.draw_text(record, g, number)
        draw_qr(self.canvas, qr, g.qr_x, g.qr_y, g.qr_module)


def draw_plate(
    canvas: Canvas,
    record: PlateRecord,
    qr: QrMatrix,
    spec: PlateSpec,
    *,
    number: int,
    draft: bool,
    bleed: float = 0.0,
) -> None:
    """Draw one plate with its bottom-left trim corner at the canvas origin, without forms.

    `bleed` (points) extends the coloured header band beyond the trim, for print-shop pages.
    """
    g = plate_geometry(spec, qr.size)
    texts = plate_texts(record, spec, number)
    _shared(canvas, g, spec, texts, bleed, draft)
    _own(canvas, g, spec, texts)
    draw_qr(canvas, qr, g.qr_x, g.qr_y, g.qr_module)
