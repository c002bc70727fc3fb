"""What the A4 documents (checklists, letters) share: styles in our font, and the template.

Every paragraph style names Be Vietnam Pro explicitly; platypus would otherwise fall back to
Helvetica, which has no Vietnamese glyphs and is not embedded. A batch's documents carry the
same metadata and colour space as its plates (plates.canvas).
"""

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import IO, Literal
from xml.sax.saxutils import escape

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from addrgen.address import at_line_start
from addrgen.catalog import t
from addrgen.formatting import format_date, local_day
from plates.canvas import Metadata, binary_streams, document_cmyk, stamp
from plates.fonts import BOLD, REGULAR, check_glyphs, register_fonts
from plates.language import PRINTED
from plates.records import CommuneWords

__all__ = [
    "ACCENT",
    "BOLD_SLOT",
    "STYLES",
    "build_document",
    "contact_text",
    "make_style",
    "para_bold",
    "para_text",
    "vn_date",
]

ACCENT = HexColor("#0B3C7D")


def make_style(name: str, font: str = REGULAR, size: float = 10, **kw: object) -> ParagraphStyle:
    # bulletFontName too: platypus draws bullets in Helvetica unless told otherwise.
    return ParagraphStyle(
        name, fontName=font, bulletFontName=font, fontSize=size, leading=size * 1.3, **kw
    )


STYLES: dict[str, ParagraphStyle] = {
    "title": make_style("title", BOLD, 15, textColor=ACCENT, spaceAfter=2 * mm),
    "centre_title": make_style("centre_title", BOLD, 16, alignment=TA_CENTER, textColor=ACCENT),
    "body": make_style("body", REGULAR, 11, spaceAfter=2 * mm),
    "small": make_style("small", REGULAR, 9),
    "cell": make_style("cell", REGULAR, 9),
    "cell_bold": make_style("cell_bold", BOLD, 9),
    "bullet": make_style("bullet", REGULAR, 11, leftIndent=6 * mm, bulletIndent=1.5 * mm),
    "centre": make_style("centre", REGULAR, 11, alignment=TA_CENTER),
    "centre_bold": make_style("centre_bold", BOLD, 11, alignment=TA_CENTER),
}


def para_text(text: str, where: str = "") -> str:
    """Plain text made safe for a Paragraph's mark-up, after the glyph check."""
    return escape(check_glyphs(text, where))


#: Stands for the bold part while a catalog text is formatted (see :func:`para_bold`).
BOLD_SLOT = "\uffff"


def para_bold(text: str, value: str, where: str = "") -> str:
    """``text`` (a catalog text formatted with :data:`BOLD_SLOT` where ``value`` goes) as
    Paragraph mark-up with ``value`` in bold: the catalog's texts hold no mark-up."""
    before, _, after = text.partition(BOLD_SLOT)
    return f"{para_text(before)}<b>{para_text(value, where)}</b>{para_text(after)}"


def contact_text(words: CommuneWords) -> str:
    """Whom to ask, as the letters and the guide print it after "liên hệ:": 'Công chức Địa chính
    – Nông nghiệp – Xây dựng và Môi trường, Ủy ban nhân dân xã Thạch Bình, điện thoại 0239 …'."""
    parts = [at_line_start(words.officer_title), words.issuer]
    if words.phone:
        parts.append(t("print.contact.phone", PRINTED, phone=words.phone))
    return ", ".join(parts)


def vn_date(moment: datetime) -> str:
    """A date as the printed documents write it (addrgen.formatting): 28/11/2025."""
    return format_date(local_day(moment), PRINTED)


def build_document(
    target: str | Path | IO[bytes],
    story: list[Flowable],
    *,
    title: str,
    footer: Callable[[Canvas, int], None],
    margins_mm: tuple[float, float, float, float] = (14, 15, 16, 15),
    meta: Metadata | None = None,
    color: Literal["rgb", "cmyk"] = "rgb",
) -> None:
    """A4 portrait, invariant, our font as the canvas's initial font; ``margins_mm`` top, right,
    bottom and left (the letters keep the decree's). ``meta``: the whole information dictionary
    (a batch's document; else the title only); ``color`` "cmyk": DeviceCMYK throughout."""
    register_fonts()
    top, right, bottom, left = (m * mm for m in margins_mm)
    doc = SimpleDocTemplate(
        str(target) if isinstance(target, Path) else target,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author="Địa chỉ số",
        creator="Địa chỉ số",
        invariant=1,
        pageCompression=1,
        initialFontName=REGULAR,
        initialFontSize=10,
        enforceColorSpace=document_cmyk if color == "cmyk" else None,
    )

    def on_page(canvas: Canvas, document: SimpleDocTemplate) -> None:
        if meta and document.page == 1:
            stamp(canvas, meta)  # the template wrote its own author and date into the canvas
        if color == "cmyk":
            # A page starts in RGB black for fill and stroke; DeviceCMYK from its first mark.
            canvas.setFillColorCMYK(0, 0, 0, 1)
            canvas.setStrokeColorCMYK(0, 0, 0, 1)
        footer(canvas, document.page)

    with binary_streams():
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
