"""Notification letters: one A4 page per address telling its owner the digital address.

The letter follows the shape of a Vietnamese administrative notice (issuing body and national
motto at the top, place and date, title, addressee), then gives the code, its QR and plus code,
what the digital address is for, and whom to ask. The issuing unit, the Youth Union that fixes
the plates and whom to ask are the commune's own words (:class:`CommuneWords`), not fixed text.
"""

import re
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO

from reportlab.lib.colors import HexColor
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from addrgen.catalog import N_, t
from plates.docs import (
    ACCENT,
    BOLD_SLOT,
    STYLES,
    build_document,
    contact_text,
    make_style,
    para_bold,
    para_text,
)
from plates.fonts import BOLD, REGULAR, check_glyphs
from plates.language import PRINTED
from plates.layout import PlateSpec
from plates.qr import QUIET_ZONE, QrMatrix, draw_qr
from plates.records import CommuneWords, PlateRecord, address_text, commune_words

__all__ = ["USES", "write_letters_pdf"]

# What a digital address is for, in the words a household reads (catalog keys).
USES = (
    N_("print.letter.use.directions"),
    N_("print.letter.use.deliveries"),
    N_("print.letter.use.emergencies"),
    N_("print.letter.use.procedures"),
)
_COMMUNE_WORDS = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)
# Where the issuing body's name breaks in the heading: before the unit's own name
# ("ỦY BAN NHÂN DÂN / XÃ THẠCH BÌNH"), as administrative documents set it.
_UNIT_BREAK = re.compile(r"\s+(?=(?:xã|phường|thị trấn|đặc khu)\s)", re.IGNORECASE)
_DATE_STYLE = make_style("date", REGULAR, 11, alignment=TA_RIGHT)
_CODE_STYLE = make_style("code", BOLD, 24, textColor=ACCENT)
_QR_MODULE = 1.5 * mm


class QrFlowable(Flowable):  # type: ignore[misc]
    """A QR symbol with its quiet zone, as a flowable."""

    def __init__(self, qr: QrMatrix, module: float = _QR_MODULE) -> None:
        super().__init__()
        self.qr = qr
        self.module = module
        self.width = self.height = (qr.size + 2 * QUIET_ZONE) * module

    def draw(self) -> None:
        quiet = QUIET_ZONE * self.module
        draw_qr(self.canv, self.qr, quiet, quiet, self.module)


def _addressee(record: PlateRecord, spec: PlateSpec) -> str:
    if record.kind != "household" and record.name:
        return record.name.strip()
    if spec.show_household_name and record.name:
        return t("print.letter.household", PRINTED, name=record.name.strip())
    return t("print.letter.household_unnamed", PRINTED)


def _lines(*texts: str) -> str:
    return "<br/>".join(para_text(text) for text in texts)


def _heading(issuer: str) -> Table:
    left = Paragraph(_lines(*_UNIT_BREAK.split(issuer.upper(), maxsplit=1)), STYLES["centre_bold"])
    nation = _lines(t("print.letter.nation", PRINTED), t("print.letter.motto", PRINTED))
    table = Table([[left, Paragraph(nation, STYLES["centre_bold"])]], colWidths=[70 * mm, 110 * mm])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), REGULAR)])
    )
    return table


def _address_box(record: PlateRecord, qr: QrMatrix) -> Table:
    where = record.code
    details = [
        Paragraph(para_text(t("print.letter.code", PRINTED)), STYLES["small"]),
        Paragraph(para_text(record.code_display, where), _CODE_STYLE),
        Spacer(1, 2 * mm),
        Paragraph(para_text(t("print.letter.address", PRINTED)), STYLES["small"]),
        Paragraph(para_text(address_text(record), where), STYLES["body"]),
        Paragraph(para_text(t("print.letter.plus_code", PRINTED)), STYLES["small"]),
        Paragraph(f"<b>{para_text(record.plus_code, where)}</b>", STYLES["body"]),
    ]
    table = Table([[details, QrFlowable(qr)]], colWidths=[118 * mm, 62 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), REGULAR),
                ("BOX", (0, 0), (-1, -1), 1, ACCENT),
                ("LEFTPADDING", (0, 0), (0, 0), 5 * mm),
            ]
        )
    )
    return table


def _dated_title(record: PlateRecord, created_at: datetime, draft: bool) -> list[Flowable]:
    """Place and date (the administrative form: "Thạch Bình, ngày 28 tháng 11 năm 2025"), then
    the title."""
    place = _COMMUNE_WORDS.sub("", record.commune.strip())
    date = t(
        "print.letter.date",
        PRINTED,
        place=place,
        day=f"{created_at.day:02d}",
        month=f"{created_at.month:02d}",
        year=str(created_at.year),
    )
    title = t("print.letter.title", PRINTED)
    if draft:
        title = t("print.draft_title", PRINTED, title=title)
    return [
        Paragraph(para_text(date, record.code), _DATE_STYLE),
        Spacer(1, 8 * mm),
        Paragraph(para_text(title), STYLES["centre_title"]),
    ]


def _letter(
    record: PlateRecord,
    qr: QrMatrix,
    spec: PlateSpec,
    created_at: datetime,
    words: CommuneWords,
    draft: bool,
) -> list[Flowable]:
    where = record.code
    to = t("print.letter.to", PRINTED, addressee=BOLD_SLOT)
    story: list[Flowable] = [
        _heading(words.issuer),
        Spacer(1, 6 * mm),
        *_dated_title(record, created_at, draft),
        Spacer(1, 6 * mm),
        Paragraph(para_bold(to, _addressee(record, spec), where), STYLES["body"]),
        Paragraph(
            para_text(t("print.letter.intro", PRINTED, issuer=words.issuer), where),
            STYLES["body"],
        ),
        Spacer(1, 2 * mm),
        _address_box(record, qr),
        Spacer(1, 5 * mm),
        Paragraph(f"<b>{para_text(t('print.letter.uses', PRINTED))}</b>", STYLES["body"]),
    ]
    story += [
        Paragraph(para_text(t(use, PRINTED)), STYLES["bullet"], bulletText="•") for use in USES
    ]
    plates = t("print.letter.plates", PRINTED, youth_union=words.youth_union)
    contact = t("print.letter.contact", PRINTED, contact=BOLD_SLOT)
    story += [
        Spacer(1, 3 * mm),
        Paragraph(para_text(plates, where), STYLES["body"]),
        Paragraph(para_bold(contact, contact_text(words), where), STYLES["body"]),
        Spacer(1, 8 * mm),
        _signature(),
    ]
    return story


def _signature() -> Table:
    block = _lines(t("print.letter.on_behalf", PRINTED), t("print.letter.chair", PRINTED))
    table = Table([["", Paragraph(block, STYLES["centre_bold"])]], colWidths=[100 * mm, 80 * mm])
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    return table


def write_letters_pdf(
    target: str | Path | IO[bytes],
    letters: Sequence[tuple[PlateRecord, QrMatrix]],
    *,
    spec: PlateSpec,
    created_at: datetime,
    batch_id: str,
    words: CommuneWords | None = None,
    draft: bool = False,
) -> None:
    """One page per (record, QR), in the order given (the plates' walking order); ``words``
    None: the defaults of each record's commune."""
    story: list[Flowable] = []
    for k, (record, qr) in enumerate(letters):
        if k:
            story.append(PageBreak())
        own = words or commune_words(record.commune)
        story += _letter(record, qr, spec, created_at, own, draft)

    def footer(canvas: Canvas, page: int) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(HexColor("#555555"))
        text = t("print.footer.batch", PRINTED, batch=batch_id)
        canvas.drawString(15 * mm, 9 * mm, check_glyphs(text))

    title = f"{t('print.letter.title', PRINTED)} — {batch_id}"
    build_document(target, story, title=title, footer=footer)
