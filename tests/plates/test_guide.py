"""The volunteers' guide: one A4 page in Vietnamese, our font embedded, every step on it."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber

from addrgen.catalog import t
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
    assert "“Xác nhận đã gắn biển”" in text and "“Báo sự cố”" in text
    # Whom to ask: the commune's officer, its issuing unit and phone (its settings' defaults).
    assert "Công chức Địa chính – Nông nghiệp – Xây dựng và Môi trường" in flat
    assert "Ủy ban nhân dân xã Thạch Bình, điện thoại 0239 3856 123" in flat
    assert fonts and all("BeVietnamPro" in f for f in fonts), fonts


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
