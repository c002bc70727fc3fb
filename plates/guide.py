"""The volunteer's one-page guide (Vietnamese, A4): how to sign in, fix a plate, confirm it from
the phone, what to do without signal, and how to report a problem. Printed with each batch or
on its own (`diachiso plates guide`)."""

from pathlib import Path
from typing import IO

from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, Spacer

from plates.docs import ACCENT, STYLES, build_document, contact_text, make_style, para_text
from plates.fonts import BOLD, REGULAR, check_glyphs
from plates.records import CommuneWords

__all__ = ["GUIDE_STEPS", "GUIDE_TITLE", "write_guide_pdf"]

GUIDE_TITLE = "HƯỚNG DẪN GẮN BIỂN ĐỊA CHỈ SỐ"
_HEADING = make_style(
    "guide_heading", BOLD, 12, textColor=ACCENT, spaceBefore=1 * mm, spaceAfter=1 * mm
)
GUIDE_FOR = "Dành cho đoàn viên thanh niên đi gắn biển"
# (heading, lines): in the order a volunteer meets them in the field.
GUIDE_STEPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "1. Trước khi đi",
        (
            "Nhận bộ biển và danh sách gắn biển của thôn. Biển đã xếp theo đường đi: số thứ tự "
            "(STT) in ở góc mỗi biển trùng với STT trong danh sách.",
            "Đăng nhập một lần: mở camera của điện thoại, quét mã QR đăng nhập cán bộ địa chính "
            "gửi cho bạn, rồi bấm «Đăng nhập». Đừng mở đường link trong Zalo: hãy mở bằng trình "
            "duyệt của điện thoại, trình duyệt mà camera mở khi quét biển.",
            "Đường link đăng nhập chỉ dùng được một lần và hết hạn sau 7 ngày.",
        ),
    ),
    (
        "2. Tại mỗi nhà",
        (
            "Đối chiếu STT, mã địa chỉ số và tên (cơ quan, di tích) trên biển với danh sách.",
            "Gắn biển ở chỗ dễ thấy từ đường, cạnh cổng hoặc cửa chính, cao khoảng 1,5–2 m, "
            "không bị cây hay mái che khuất, không dán đè lên biển số nhà cũ.",
        ),
    ),
    (
        "3. Xác nhận đã gắn biển",
        (
            "Đứng cạnh biển, quét mã QR trên biển bằng camera điện thoại.",
            "Bấm «Xác nhận đã gắn biển» và cho phép trang web dùng vị trí. Chờ độ chính xác "
            "xuống dưới 30 m (ở ngoài trời sẽ nhanh hơn).",
            "Trang báo kết quả bằng tiếng Việt. Nếu vị trí cách điểm đã đăng ký quá xa, biển vẫn "
            "được ghi nhận và cán bộ địa chính sẽ kiểm tra lại.",
            "Đánh dấu vào ô «Đã gắn» trong danh sách.",
        ),
    ),
    (
        "4. Khi không có sóng",
        (
            "Cứ bấm xác nhận như bình thường. Điện thoại giữ lại xác nhận và tự gửi khi có mạng "
            "trở lại; không cần bấm lại, không bị ghi hai lần.",
        ),
    ),
    (
        "5. Khi gặp sự cố",
        (
            "Bấm «Báo sự cố» trên trang của biển và chọn: sai vị trí, nhà đã phá dỡ, biển hỏng, "
            "hoặc lý do khác (ghi thêm vài chữ).",
            "Biển mất hay hỏng sẽ được in lại với đúng mã cũ.",
        ),
    ),
    (
        "6. Cuối buổi",
        ("Nộp lại danh sách đã đánh dấu và những biển chưa gắn được cho cán bộ địa chính.",),
    ),
)


def write_guide_pdf(target: str | Path | IO[bytes], *, commune: str, words: CommuneWords) -> None:
    """One A4 page; the same inputs give the same bytes. Whom to ask is the commune's own
    words (its officer's title, issuing unit and phone)."""
    story: list[Flowable] = [
        Paragraph(para_text(GUIDE_TITLE), STYLES["centre_title"]),
        Paragraph(para_text(f"{GUIDE_FOR} — {commune}"), STYLES["centre"]),
        Spacer(1, 4 * mm),
    ]
    for heading, lines in GUIDE_STEPS:
        story.append(Paragraph(para_text(heading), _HEADING))
        for line in lines:
            story.append(Paragraph(para_text(line), STYLES["bullet"], bulletText="•"))
        story.append(Spacer(1, 2 * mm))
    story.append(Spacer(1, 3 * mm))
    contact = contact_text(words)
    story.append(Paragraph(para_text(f"Cần hỏi gì, liên hệ: {contact}."), STYLES["body"]))

    def footer(canvas: Canvas, page: int) -> None:
        canvas.setFont(REGULAR, 8)
        canvas.setFillColor(HexColor("#555555"))
        canvas.drawString(15 * mm, 9 * mm, check_glyphs("Địa chỉ số · Hướng dẫn đoàn viên"))

    build_document(target, story, title=GUIDE_TITLE, footer=footer)
