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

from plates.docs import ACCENT, STYLES, build_document, contact_text, make_style, para_text
from plates.fonts import BOLD, REGULAR, check_glyphs
from plates.layout import PlateSpec
from plates.qr import QUIET_ZONE, QrMatrix, draw_qr
from plates.records import CommuneWords, PlateRecord, address_text, commune_words

__all__ = ["LETTER_TITLE", "USES", "write_letters_pdf"]

LETTER_TITLE = "THÔNG BÁO ĐỊA CHỈ SỐ"
# What a digital address is for, in the words a household reads.
USES = (
    "Tìm đúng vị trí trên bản đồ số và được chỉ đường đến tận nơi.",
    "Nhận thư, bưu phẩm và hàng giao tận nhà, không nhầm địa chỉ.",
    "Giúp cấp cứu (115), cứu hỏa (114) và công an (113) tìm đến nhanh.",
    "Khai báo địa chỉ khi làm thủ tục hành chính và dịch vụ công.",
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
        return f"Hộ ông/bà {record.name.strip()}"
    return "Chủ hộ gia đình tại địa chỉ nêu dưới đây"


def _heading(issuer: str) -> Table:
    lines = _UNIT_BREAK.split(issuer.upper(), maxsplit=1)
    left = Paragraph("<br/>".join(para_text(line) for line in lines), STYLES["centre_bold"])
    right = Paragraph(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<br/>Độc lập – Tự do – Hạnh phúc", STYLES["centre_bold"]
    )
    table = Table([[left, right]], colWidths=[70 * mm, 110 * mm])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), REGULAR)])
    )
    return table


def _address_box(record: PlateRecord, qr: QrMatrix) -> Table:
    where = record.code
    details = [
        Paragraph("Mã địa chỉ số", STYLES["small"]),
        Paragraph(para_text(record.code_display, where), _CODE_STYLE),
        Spacer(1, 2 * mm),
        Paragraph("Địa chỉ", STYLES["small"]),
        Paragraph(para_text(address_text(record), where), STYLES["body"]),
        Paragraph("Mã vị trí (Plus Code, dùng được trên mọi ứng dụng bản đồ)", STYLES["small"]),
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


def _letter(
    record: PlateRecord,
    qr: QrMatrix,
    spec: PlateSpec,
    created_at: datetime,
    words: CommuneWords,
    draft: bool,
) -> list[Flowable]:
    where = record.code
    commune = record.commune.strip()
    place = _COMMUNE_WORDS.sub("", commune)
    date = f"{place}, ngày {created_at.day:02d} tháng {created_at.month:02d} năm {created_at.year}"
    title = LETTER_TITLE + (" (BẢN THỬ)" if draft else "")
    story: list[Flowable] = [
        _heading(words.issuer),
        Spacer(1, 6 * mm),
        Paragraph(para_text(date, where), _DATE_STYLE),
        Spacer(1, 8 * mm),
        Paragraph(para_text(title), STYLES["centre_title"]),
        Spacer(1, 6 * mm),
        Paragraph(f"Kính gửi: <b>{para_text(_addressee(record, spec), where)}</b>", STYLES["body"]),
        Paragraph(
            para_text(
                f"{words.issuer} thông báo địa chỉ số của địa điểm dưới đây. Mã địa chỉ "
                "số được cấp một lần và không thay đổi, kể cả khi đổi tên thôn, xã.",
                where,
            ),
            STYLES["body"],
        ),
        Spacer(1, 2 * mm),
        _address_box(record, qr),
        Spacer(1, 5 * mm),
        Paragraph("<b>Địa chỉ số dùng để:</b>", STYLES["body"]),
    ]
    story += [Paragraph(para_text(use), STYLES["bullet"], bulletText="•") for use in USES]
    story += [
        Spacer(1, 3 * mm),
        Paragraph(
            para_text(
                f"Biển địa chỉ số mang mã trên sẽ được {words.youth_union} gắn tại nhà hoặc "
                "cổng. Quét mã QR trên biển bằng camera điện thoại để xem vị trí và chỉ đường. "
                "Đề nghị gia đình, cơ quan giữ gìn biển; khi biển bị mất hoặc hư hỏng, "
                "xin báo để được cấp lại đúng mã cũ.",
                where,
            ),
            STYLES["body"],
        ),
        Paragraph(
            f"Mọi thắc mắc xin liên hệ: <b>{para_text(contact_text(words), where)}</b>.",
            STYLES["body"],
        ),
        Spacer(1, 8 * mm),
        _signature(),
    ]
    return story


def _signature() -> Table:
    block = Paragraph("TM. ỦY BAN NHÂN DÂN<br/>CHỦ TỊCH", STYLES["centre_bold"])
    table = Table([["", block]], colWidths=[100 * mm, 80 * mm])
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
        canvas.drawString(15 * mm, 9 * mm, check_glyphs(f"Địa chỉ số · Đợt in {batch_id}"))

    build_document(target, story, title=f"{LETTER_TITLE} — {batch_id}", footer=footer)
