"""The volunteer's one-page guide (Vietnamese, A4): how to sign in, fix a plate, confirm it from
the phone, what to do without signal, and how to report a problem. Printed with each batch or
on its own (`diachiso plates guide`)."""

from pathlib import Path
from typing import IO

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from addrgen.catalog import N_, t
from plates.docs import ACCENT, STYLES, build_document, contact_text, make_style, para_text
from plates.fonts import BOLD, REGULAR, check_glyphs
from plates.language import PRINTED
from plates.records import CommuneWords

__all__ = ["GUIDE_STEPS", "write_guide_pdf"]

_HEADING = make_style(
    "guide_heading", BOLD, 11, textColor=ACCENT, spaceBefore=1 * mm, spaceAfter=0.5 * mm
)
# A little smaller than the letters' bullets: the whole day (worklist, scanner, card, offline
# queue, sign-out) must still fit one page a volunteer folds into a pocket.
_BULLET = make_style("guide_bullet", REGULAR, 9.5, leftIndent=5 * mm, bulletIndent=1 * mm)
_CONTACT = make_style("guide_contact", REGULAR, 10)
# (heading, lines) as catalog keys: in the order a volunteer meets them in the field.
GUIDE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        N_("print.guide.before.heading"),
        (
            N_("print.guide.before.kit"),
            N_("print.guide.before.sign_in"),
            N_("print.guide.before.link"),
            N_("print.guide.before.save"),
        ),
    ),
    (
        N_("print.guide.worklist.heading"),
        (
            N_("print.guide.worklist.order"),
            N_("print.guide.worklist.filters"),
            N_("print.guide.worklist.map"),
        ),
    ),
    (
        N_("print.guide.at_house.heading"),
        (N_("print.guide.at_house.compare"), N_("print.guide.at_house.where")),
    ),
    (
        N_("print.guide.confirm.heading"),
        (
            N_("print.guide.confirm.scan"),
            N_("print.guide.confirm.fallback"),
            N_("print.guide.confirm.press"),
            N_("print.guide.confirm.photo"),
            N_("print.guide.confirm.notified"),
            N_("print.guide.confirm.result"),
            N_("print.guide.confirm.tick"),
        ),
    ),
    (
        N_("print.guide.offline.heading"),
        (N_("print.guide.offline.keep"), N_("print.guide.offline.send")),
    ),
    (
        N_("print.guide.problem.heading"),
        (
            N_("print.guide.problem.report"),
            N_("print.guide.problem.new_household"),
            N_("print.guide.problem.reprint"),
        ),
    ),
    (
        N_("print.guide.end.heading"),
        (N_("print.guide.end.hand_in"), N_("print.guide.end.sign_out")),
    ),
)


def write_guide_pdf(target: str | Path | IO[bytes], *, commune: str, words: CommuneWords) -> None:
    """One A4 page; the same inputs give the same bytes. Whom to ask is the commune's own
    words (its officer's title, issuing unit and phone)."""
    title = t("print.guide.title", PRINTED)
    story: list[Flowable] = [
        Paragraph(para_text(title), STYLES["centre_title"]),
        Paragraph(para_text(t("print.guide.for", PRINTED, commune=commune)), STYLES["centre"]),
        Spacer(1, 2 * mm),
    ]
    for heading, lines in GUIDE_STEPS:
        story.append(Paragraph(para_text(t(heading, PRINTED)), _HEADING))
        for line in lines:
            text = para_text(t(line, PRINTED))
            story.append(Paragraph(text, _BULLET, bulletText="•"))
        story.append(Spacer(1, 1 * mm))
    story.append(Spacer(1, 1 * mm))
    contact = t("print.guide.contact", PRINTED, contact=contact_text(words))
    story.append(Paragraph(para_text(contact), _CONTACT))

    def footer(canvas: Canvas, page: int) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(HexColor("#555555"))
        canvas.drawString(15 * mm, 9 * mm, check_glyphs(t("print.guide.footer", PRINTED)))

    build_document(target, story, title=title, footer=footer)
