"""Volunteers' sign-in cards (A4, six to a page, cut along the dashed lines): each names the
volunteer and their villages, carries the one-time sign-in link as a QR, says when the link
expires and, in three lines, how to use it. Printed in Vietnamese (:mod:`plates.language`).

The renderer knows nothing of the registry: it takes plain data (:class:`SigninCard`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from addrgen.catalog import N_, t
from addrgen.formatting import VIETNAM, format_datetime
from plates.canvas import new_canvas, save
from plates.docs import ACCENT
from plates.errors import EmptyBatch
from plates.fonts import BOLD, REGULAR, check_glyphs, fit_size, wrap_text
from plates.language import PRINTED
from plates.qr import QUIET_ZONE, build_matrix, draw_qr

__all__ = ["CARD_STEPS", "SigninCard", "write_cards_pdf"]

#: How to use the card, as catalog keys: in the order a volunteer does it.
CARD_STEPS = (
    N_("print.card.step.scan"),
    N_("print.card.step.press"),
    N_("print.card.step.keep"),
)
_COLUMNS, _ROWS = 2, 3
_MARGIN = 12 * mm
_PAD = 5 * mm
_QR_SIDE = 38 * mm  # with its quiet zone: a phone reads it at arm's length


@dataclass(frozen=True)
class SigninCard:
    name: str
    villages: tuple[str, ...]
    signin_url: str
    expires: datetime  # in the time the card should print (the service gives Vietnam's)


def write_cards_pdf(
    target: str | Path | IO[bytes], cards: Sequence[SigninCard], *, commune: str
) -> None:
    """The cards in the order given; the same inputs give the same bytes."""
    if not cards:
        raise EmptyBatch("print.cards.empty")
    canvas = new_canvas(target, A4)
    canvas.setTitle(t("print.card.title", PRINTED))
    canvas.setAuthor("Địa chỉ số")
    per_page = _COLUMNS * _ROWS
    width = (A4[0] - 2 * _MARGIN) / _COLUMNS
    height = (A4[1] - 2 * _MARGIN) / _ROWS
    for i, card in enumerate(cards):
        if i and i % per_page == 0:
            canvas.showPage()
        slot = i % per_page
        x = _MARGIN + (slot % _COLUMNS) * width
        y = A4[1] - _MARGIN - (slot // _COLUMNS + 1) * height
        _card(canvas, card, commune, x, y, width, height)
    save(canvas)


def _card(
    canvas: Canvas, card: SigninCard, commune: str, x: float, y: float, w: float, h: float
) -> None:
    """One card in the box (x, y, w, h), its dashed outline the line to cut along."""
    canvas.saveState()
    canvas.setDash(3, 3)
    canvas.setStrokeColorRGB(0.6, 0.6, 0.6)
    canvas.rect(x, y, w, h, stroke=1, fill=0)
    canvas.restoreState()
    left, inner = x + _PAD, w - 2 * _PAD
    top = y + h - _PAD
    canvas.setFillColor(ACCENT)
    _line(canvas, t("print.card.title", PRINTED), BOLD, 10, left, top - 10, inner)
    canvas.setFillColorRGB(0, 0, 0)
    _line(canvas, commune, REGULAR, 9, left, top - 22, inner)
    name = check_glyphs(card.name)
    size = fit_size(name, BOLD, inner, 16, 9)
    canvas.setFont(BOLD, size)
    canvas.drawString(left, top - 22 - 6 - size, name)
    villages = t("print.card.villages", PRINTED, villages=", ".join(card.villages))
    lines, vsize = wrap_text(check_glyphs(villages), REGULAR, inner, (9, 7), 2)
    cursor = top - 22 - 8 - size
    for line in lines:
        cursor -= vsize * 1.25
        canvas.setFont(REGULAR, vsize)
        canvas.drawString(left, cursor, line)
    qr = build_matrix(card.signin_url, "M")
    module = _QR_SIDE / (qr.size + 2 * QUIET_ZONE)
    qr_bottom = y + _PAD + 9
    draw_qr(canvas, qr, left + QUIET_ZONE * module, qr_bottom + QUIET_ZONE * module, module)
    _steps(canvas, left + _QR_SIDE + 2 * mm, qr_bottom + _QR_SIDE, inner - _QR_SIDE - 2 * mm)
    when = format_datetime(card.expires, PRINTED, tz=VIETNAM)  # the volunteer's clock
    expires = t("print.card.expires", PRINTED, when=when)
    _line(canvas, expires, BOLD, 8, left, y + _PAD, inner)


def _steps(canvas: Canvas, left: float, top: float, width: float) -> None:
    """The three numbered lines beside the QR."""
    cursor = top - 2
    for n, key in enumerate(CARD_STEPS, start=1):
        text = check_glyphs(f"{n}. {t(key, PRINTED)}")
        lines, size = wrap_text(text, REGULAR, width, (8, 6.5), 4)
        canvas.setFont(REGULAR, size)
        for line in lines:
            cursor -= size * 1.2
            canvas.drawString(left, cursor, line)
        cursor -= 2


def _line(
    canvas: Canvas, text: str, font: str, largest: float, left: float, y: float, width: float
) -> None:
    text = check_glyphs(text)
    canvas.setFont(font, fit_size(text, font, width, largest, largest * 0.7))
    canvas.drawString(left, y, text)
