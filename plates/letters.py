"""Notification letters: one A4 page per address telling its owner the digital address.

The letter is an administrative notice (thông báo) in the form of Nghị định 30/2020/NĐ-CP (công
tác văn thư), Phụ lục I: the issuing body upper left with a rule under it and the document number
("Số: 12/TB-UBND") below; the national name and the motto upper right with a rule under the
motto and the italic place and date below; the title and what it is about; the body; "Nơi nhận:"
lower left and the signer's block lower right (TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH for a deputy,
the title and the printed name). It is set in a Times-proportioned serif with every Vietnamese
glyph (plates.serif), embedded. The body gives the code, its QR and plus code, the address (the
formal form: abbreviations spelled out; no place name broken across lines), what the digital
address is for, whom to ask, and the number of the plate it goes with. The issuing unit, the Youth
Union, whom to ask and the signer are the commune's own words (:class:`CommuneWords`).
"""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import IO
from xml.sax.saxutils import escape

from reportlab.lib.colors import black
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, PageBreak, Paragraph, Spacer, Table, TableStyle

from addrgen.address import unbroken
from addrgen.catalog import N_, t
from addrgen.formatting import local_day
from plates.canvas import batch_metadata
from plates.docs import BOLD_SLOT, build_document, contact_text
from plates.language import PRINTED
from plates.layout import PlateSpec
from plates.letter_parts import QrFlowable, Rule, heading_lines, place_of
from plates.qr import QrMatrix
from plates.records import CommuneWords, PlateRecord, address_text, commune_words
from plates.serif import (
    SERIF,
    SERIF_BOLD,
    SERIF_BOLD_ITALIC,
    SERIF_ITALIC,
    register_serif,
    serif_glyphs,
)

__all__ = ["USES", "write_letters_pdf"]

# What a digital address is for, in the words a household reads (catalog keys).
USES = (
    N_("print.letter.use.directions"),
    N_("print.letter.use.deliveries"),
    N_("print.letter.use.emergencies"),
    N_("print.letter.use.procedures"),
)
# Nghị định 30/2020, Phụ lục I: A4, left margin 30-35 mm, right 15-20, top and bottom 20-25.
MARGINS_MM = (20.0, 15.0, 18.0, 30.0)  # top, right, bottom, left
_WIDTH = (210 - MARGINS_MM[1] - MARGINS_MM[3]) * mm
_LEFT, _RIGHT = 62 * mm, _WIDTH - 62 * mm  # the header's two columns
_BODY = 13  # the decree's body size, 13-14 pt


def _style(name: str, font: str, size: float, **kw: object) -> ParagraphStyle:
    return ParagraphStyle(
        name, fontName=font, bulletFontName=font, fontSize=size, leading=size * 1.2, **kw
    )


STYLES = {
    "organ": _style("organ", SERIF_BOLD, 12.5, alignment=TA_CENTER),
    "nation": _style("nation", SERIF_BOLD, 12, alignment=TA_CENTER),
    "motto": _style("motto", SERIF_BOLD, 13, alignment=TA_CENTER),
    "number": _style("number", SERIF, 13, alignment=TA_CENTER),
    "date": _style("date", SERIF_ITALIC, 13, alignment=TA_CENTER),
    "title": _style("title", SERIF_BOLD, 14, alignment=TA_CENTER),
    "body": _style("body", SERIF, _BODY, alignment=TA_JUSTIFY, spaceAfter=1.5 * mm),
    "bullet": _style("bullet", SERIF, _BODY, leftIndent=6 * mm, bulletIndent=1.5 * mm),
    "label": _style("label", SERIF_ITALIC, 11),
    "code": _style("code", SERIF_BOLD, 20),
    "small": _style("small", SERIF, 11),
    "recipients_head": _style("recipients_head", SERIF_BOLD_ITALIC, 12),
    "recipients": _style("recipients", SERIF, 11),
    "signer": _style("signer", SERIF_BOLD, 13, alignment=TA_CENTER),
}


def _text(text: str, where: str = "") -> str:
    """Plain text as a Paragraph's mark-up, after the serif's glyph check."""
    return escape(serif_glyphs(text, where))


def _bold(text: str, value: str, where: str = "") -> str:
    """A catalog text formatted with BOLD_SLOT where ``value`` goes, ``value`` in bold."""
    before, _, after = text.partition(BOLD_SLOT)
    return f"{_text(before)}<b>{_text(value, where)}</b>{_text(after)}"


def _para(text: str, style: str, where: str = "") -> Paragraph:
    return Paragraph(_text(text, where), STYLES[style])


def _addressee(record: PlateRecord, spec: PlateSpec) -> str:
    if record.kind != "household" and record.name:
        return record.name.strip()
    if spec.show_household_name and record.name:
        return t("print.letter.household", PRINTED, name=record.name.strip())
    return t("print.letter.household_unnamed", PRINTED)


def _cell(table: Table) -> Table:
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                # A table sets its font even around flowables: ours, not Helvetica.
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return table


def _heading(words: CommuneWords, record: PlateRecord, at: datetime, number: int | None) -> Table:
    """The header block: issuing body, rule and number; national name, motto, rule, date."""
    lines = heading_lines(words.issuer)
    organ_width = max(stringWidth(line, SERIF_BOLD, 12.5) for line in lines)
    motto = t("print.letter.motto", PRINTED)
    shown = t("print.letter.number", PRINTED, number=number) if number else None
    left: list[Flowable] = [
        Paragraph("<br/>".join(_text(line) for line in lines), STYLES["organ"]),
        Rule(organ_width / 3),
        Spacer(1, 2 * mm),
        _para(shown or t("print.letter.number_blank", PRINTED), "number"),
    ]
    place = place_of(record.commune)
    day = local_day(at)  # the commune's calendar day, not UTC's
    date = t(
        "print.letter.date",
        PRINTED,
        place=place,
        day=f"{day.day:02d}",
        month=f"{day.month:02d}",
        year=str(day.year),
    )
    # The place whole on its line (the catalog shows an invisible character passed in as its
    # escape, so the no-break spaces go in after formatting).
    date = date.replace(place, unbroken(place), 1)
    right: list[Flowable] = [
        _para(t("print.letter.nation", PRINTED), "nation"),
        _para(motto, "motto"),
        Rule(stringWidth(motto, SERIF_BOLD, 13)),
        Spacer(1, 3 * mm),
        _para(date, "date", record.code),
    ]
    return _cell(Table([[left, right]], colWidths=[_LEFT, _RIGHT]))


def _title(draft: bool) -> list[Flowable]:
    title = t("print.letter.title", PRINTED)
    if draft:
        title = t("print.draft_title", PRINTED, title=title)
    return [
        _para(title, "title"),
        _para(t("print.letter.subject", PRINTED), "title"),
        Rule(40 * mm),
    ]


def _address_box(record: PlateRecord, qr: QrMatrix, plate: int, batch_id: str) -> Table:
    where = record.code
    formal = address_text(record, formal=True, keep_names=True)
    details = [
        _para(t("print.letter.code", PRINTED), "label"),
        _para(record.code_display, "code", where),
        Spacer(1, 1.5 * mm),
        _para(t("print.letter.address", PRINTED), "label"),
        _para(formal, "small", where),
        Spacer(1, 1.5 * mm),
        _para(t("print.letter.plus_code", PRINTED), "label"),
        Paragraph(f"<b>{_text(record.plus_code, where)}</b>", STYLES["small"]),
        Spacer(1, 1.5 * mm),
        _para(t("print.letter.plate_ref", PRINTED, number=plate, batch=batch_id), "label"),
    ]
    table = Table([[details, QrFlowable(qr)]], colWidths=[_WIDTH - 58 * mm, 58 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("FONTNAME", (0, 0), (-1, -1), SERIF),
                ("BOX", (0, 0), (-1, -1), 0.75, black),
                ("LEFTPADDING", (0, 0), (0, 0), 4 * mm),
            ]
        )
    )
    return table


def _closing(words: CommuneWords) -> Table:
    """'Nơi nhận:' lower left; the signer's block lower right (Phụ lục I's TM./KT. forms)."""
    recipients = [
        _para(t("print.letter.recipients", PRINTED), "recipients_head"),
        _para(t("print.letter.recipient.addressee", PRINTED), "recipients"),
        _para(t("print.letter.recipient.archive", PRINTED), "recipients"),
    ]
    lines = [t("print.letter.on_behalf", PRINTED)]
    if words.signer_authority == "kt":
        lines.append(t("print.letter.deputy", PRINTED))
    lines.append(words.signer_title.upper())
    signer: list[Flowable] = [
        Paragraph("<br/>".join(_text(line) for line in lines), STYLES["signer"]),
        Spacer(1, 24 * mm),  # the signature and the seal
    ]
    if words.signer_name:
        signer.append(_para(words.signer_name, "signer"))
    return _cell(Table([[recipients, signer]], colWidths=[_WIDTH - 85 * mm, 85 * mm]))


def _letter(record: PlateRecord, qr: QrMatrix, plate: int, letter: "_Letter") -> list[Flowable]:
    where, words = record.code, letter.words or commune_words(record.commune)
    to = t("print.letter.to", PRINTED, addressee=BOLD_SLOT)
    story: list[Flowable] = [
        _heading(words, record, letter.created_at, letter.number(plate)),
        Spacer(1, 6 * mm),
        *_title(letter.draft),
        Spacer(1, 4 * mm),
        Paragraph(_bold(to, _addressee(record, letter.spec), where), STYLES["body"]),
        _para(t("print.letter.intro", PRINTED, issuer=words.issuer), "body", where),
        _address_box(record, qr, plate, letter.batch_id),
        Spacer(1, 3 * mm),
        Paragraph(f"<b>{_text(t('print.letter.uses', PRINTED))}</b>", STYLES["body"]),
    ]
    story += [Paragraph(_text(t(use, PRINTED)), STYLES["bullet"], bulletText="-") for use in USES]
    plates = t("print.letter.plates", PRINTED, youth_union=words.youth_union)
    contact = t("print.letter.contact", PRINTED, contact=BOLD_SLOT)
    return [
        *story,
        Spacer(1, 2 * mm),
        _para(plates, "body", where),
        Paragraph(_bold(contact, contact_text(words), where), STYLES["body"]),
        Spacer(1, 3 * mm),
        _closing(words),
    ]


class _Letter:
    """What every letter of a batch shares: the date, the batch, the words and the numbering."""

    def __init__(
        self,
        *,
        spec: PlateSpec,
        created_at: datetime,
        batch_id: str,
        words: CommuneWords | None,
        draft: bool,
        first_number: int | None,
    ) -> None:
        self.spec, self.created_at, self.batch_id = spec, created_at, batch_id
        self.words, self.draft, self.first_number = words, draft, first_number

    def number(self, plate: int) -> int | None:
        """The document number of the letter that goes with plate ``plate`` (1, 2, … in the
        batch's walking order); None when the batch took none (a draft)."""
        return None if self.first_number is None else self.first_number + plate - 1


def write_letters_pdf(
    target: str | Path | IO[bytes],
    letters: Sequence[tuple[PlateRecord, QrMatrix]],
    *,
    spec: PlateSpec,
    created_at: datetime,
    batch_id: str,
    words: CommuneWords | None = None,
    draft: bool = False,
    first_number: int | None = None,
    plate_numbers: Sequence[int] = (),
) -> None:
    """One page per (record, QR), in the order given (the plates' walking order); ``words``
    None: the defaults of each record's commune. ``plate_numbers`` are the plates' numbers in
    the batch (default 1, 2, …); the letter of plate n carries document number
    ``first_number + n - 1`` (None: left blank, as on a draft)."""
    register_serif()
    letter = _Letter(
        spec=spec,
        created_at=created_at,
        batch_id=batch_id,
        words=words,
        draft=draft,
        first_number=first_number,
    )
    numbers = list(plate_numbers) or list(range(1, len(letters) + 1))
    story: list[Flowable] = []
    for k, ((record, qr), plate) in enumerate(zip(letters, numbers, strict=True)):
        if k:
            story.append(PageBreak())
        story += _letter(record, qr, plate, letter)

    def footer(canvas: Canvas, page: int) -> None:
        canvas.setFont(SERIF, 9)
        text = t("print.footer.batch", PRINTED, batch=batch_id)
        canvas.drawString(MARGINS_MM[3] * mm, 9 * mm, serif_glyphs(text))

    commune = letters[0][0].commune if letters else ""
    meta = batch_metadata(
        title=t("print.letter.title", PRINTED),
        batch=batch_id,
        issuer=(words or commune_words(commune)).issuer,
        subject=t(
            "print.letters.subject", PRINTED, commune=commune, batch=batch_id, count=len(letters)
        ),
        created=created_at,
    )
    build_document(
        target, story, title=meta.title, footer=footer, margins_mm=MARGINS_MM, meta=meta,
        color=spec.color,
    )  # fmt: skip
