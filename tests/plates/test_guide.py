"""The volunteers' guide: one A4 page in Vietnamese, our font embedded, every step on it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber

from addrgen.catalog import t
from addrgen.vocab import Reason, label
from plates.guide import GUIDE_STEPS, write_guide_pdf
from plates.records import commune_words
from tests.conftest import CliRunner


def test_guide_is_one_page_with_every_step(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    words = commune_words("xã Thạch Bình", phone="0239 3856 123")
    write_guide_pdf(out, commune="xã Thạch Bình", words=words)
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 1
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (595, 842)
        text = unicodedata.normalize("NFC", page.extract_text())
        fonts = {c["fontname"] for c in page.chars}
    assert "HƯỚNG DẪN GẮN BIỂN ĐỊA CHỈ SỐ" in text and "xã Thạch Bình" in text
    flat = " ".join(text.split())
    for heading, lines in GUIDE_STEPS:  # every step, in Vietnamese, from the catalog
        assert t(heading, "vi") in text
        assert all(" ".join(t(line, "vi").split()[:6]) in flat for line in lines)
    assert "“Xác nhận đã gắn biển”" in flat and "“Báo sự cố”" in flat
    # Whom to ask: the commune's officer, its issuing unit and phone (its settings' defaults).
    assert "Công chức Địa chính – Nông nghiệp – Xây dựng và Môi trường" in flat
    assert "Ủy ban nhân dân xã Thạch Bình, điện thoại 0239 3856 123" in flat
    assert fonts and all("BeVietnamPro" in f for f in fonts), fonts


def test_the_guide_names_the_apps_own_buttons_and_the_day_as_built(tmp_path: Path) -> None:
    """The guide quotes what the volunteer sees on the phone, word for word from the catalog
    the app draws from: renaming a button or a tab without the guide fails here."""
    out = tmp_path / "guide.pdf"
    write_guide_pdf(out, commune="xã Thạch Bình", words=commune_words("xã Thạch Bình"))
    with pdfplumber.open(out) as pdf:
        flat = " ".join(unicodedata.normalize("NFC", pdf.pages[0].extract_text()).split())
    quoted = [
        "page.field.title",
        "page.field.filter.remaining",
        "page.field.filter.review",
        "page.field.filter.done",
        "page.confirm.button",
        "page.report.button",
        "page.signin.button",
        "page.signout",
        "page.field.scan.open",
        "page.field.scan.photo",
        "page.field.offline.retry",
        "page.field.card.ok",
        "page.field.card.review",
        "page.field.card.refused",
        "page.field.card.queued",
        "page.field.offline.waiting",
    ]
    assert [k for k in quoted if f"“{t(k, 'vi')}”" not in flat] == []
    # The card's photo button, as it reads after its camera sign.
    assert t("page.field.card.photo", "vi").endswith("Chụp ảnh biển đã gắn")
    assert "“Chụp ảnh biển đã gắn”" in flat
    # The checkbox's label starts with the words the guide quotes.
    assert t("page.confirm.notified", "vi").startswith("Đã trao thông báo")
    assert "“Đã trao thông báo”" in flat
    # Every reason a volunteer can pick, as the card lists it; the new household by its name.
    reasons = [label(r, "vi") for r in Reason if r is not Reason.new_household]
    assert [r for r in reasons if r.lower() not in flat.lower()] == []
    assert f"“{label(Reason.new_household, 'vi')}”" in flat
    # The card's waiting (±30 m or 60 s), the answers' colours, the queue and its retry, the
    # order at the end of the day: the queue sent before signing out on a borrowed phone.
    # The queue's line as the worklist shows it (“3 xác nhận chờ gửi”).
    assert f"“{t('page.field.offline.confirms', 'vi', n=3)}”" in flat
    for words in ("30 m", "60 giây", "±12 m", "Xanh", "Vàng", "Đỏ", "chờ gửi"):
        assert words in flat, words
    end = flat.index("7. Cuối buổi")
    assert end < flat.index("chờ gửi", end) < flat.index("“Đăng xuất”", end)


def test_same_inputs_same_bytes(tmp_path: Path) -> None:
    a, b = tmp_path / "a.pdf", tmp_path / "b.pdf"
    for path in (a, b):
        write_guide_pdf(path, commune="xã Thạch Bình", words=commune_words("xã Thạch Bình"))
    assert a.read_bytes() == b.read_bytes()


def test_cli_guide(cli: CliRunner, db_url: str, commune: object, tmp_path: Path) -> None:
    out = tmp_path / "huong-dan.pdf"
    done = cli("plates", "guide", "--out", out, "--db", db_url)
    assert done.code == 0, done.err
    assert out.read_bytes().startswith(b"%PDF")
    again = cli("plates", "guide", "--out", out, "--db", db_url)
    assert again.code == 1 and "already exists" in again.err
