"""The pieces of the letter's form (Nghị định 30/2020/NĐ-CP) that are not text: the rules under
the issuing body, the motto and the title; the issuing body's lines; the place of the date line;
the QR as a flowable."""

import re

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from plates.qr import QUIET_ZONE, QrMatrix, draw_qr

__all__ = ["QrFlowable", "Rule", "heading_lines", "place_of"]

_COMMUNE_WORDS = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)
# Where the issuing body's name breaks in the heading: before the unit's own name
# ("ỦY BAN NHÂN DÂN / XÃ THẠCH BÌNH"), as administrative documents set it.
_UNIT_BREAK = re.compile(r"\s+(?=(?:xã|phường|thị trấn|đặc khu)\s)", re.IGNORECASE)
_QR_MODULE = 1.5 * mm
_RULE_HEIGHT = 2 * mm


class Rule(Flowable):  # type: ignore[misc]
    """A horizontal rule of ``length`` points, centred in the space it is given (the decree's
    line under the issuing body, the motto and the title), 0.5 pt thick."""

    def __init__(self, length: float) -> None:
        super().__init__()
        self.length = length
        self.space = length

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.space = max(available_width, self.length)
        return self.space, _RULE_HEIGHT

    def draw(self) -> None:
        # 1.2 mm below the line above: clear of the dots under Vietnamese capitals (THẠCH).
        left, y = (self.space - self.length) / 2, _RULE_HEIGHT - 1.2 * mm
        self.canv.setLineWidth(0.5)
        self.canv.line(left, y, left + self.length, y)


def heading_lines(issuer: str) -> list[str]:
    """The issuing body in capitals, on its two lines: 'ỦY BAN NHÂN DÂN', 'XÃ THẠCH BÌNH'."""
    return _UNIT_BREAK.split(issuer.upper(), maxsplit=1)


def place_of(commune: str) -> str:
    """The place of the date line: the commune's name without its unit word ('Thạch Bình')."""
    return _COMMUNE_WORDS.sub("", commune.strip())


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
