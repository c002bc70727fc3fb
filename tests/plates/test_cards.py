"""Volunteers' sign-in cards (plates/cards.py): six to an A4 page, each QR read back by zxing-cpp
from poppler's rendering to the link it was given, the same bytes for the same cards, and no
card at all refused in words."""

from __future__ import annotations

import io
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from plates.cards import SigninCard, write_cards_pdf
from plates.errors import EmptyBatch
from tests.plates.samples import decode_qrs, rasterise

LINK = "https://diachiso.example.vn/signin/"


def _cards(n: int) -> list[SigninCard]:
    return [
        SigninCard(
            name=f"Nguyễn Thị Hương {i}",
            villages=("Tây Bắc", "Đông Nam"),
            signin_url=f"{LINK}{'AB2' * 13}A{i:02d}",  # a link's 42 characters
            expires=datetime(2026, 12, 7, 7, 5, tzinfo=UTC),  # 14:05 in Hà Tĩnh
        )
        for i in range(n)
    ]


def test_each_card_carries_its_own_link(tmp_path: Path) -> None:
    cards = _cards(7)  # a full page and one more
    pdf = tmp_path / "cards.pdf"
    write_cards_pdf(pdf, cards, commune="xã Thạch Bình")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 2
        text = unicodedata.normalize("NFC", doc.pages[0].extract_text())
        fonts = {c["fontname"] for c in doc.pages[0].chars}
    assert fonts and all("BeVietnamPro" in f for f in fonts), fonts  # every glyph embedded
    pages = rasterise(pdf, tmp_path)
    found = [text for png in pages for text in decode_qrs(Image.open(png))]
    assert found == [c.signin_url for c in cards]
    assert "Nguyễn Thị Hương 0" in text and "Tây Bắc, Đông Nam" in text
    assert "14:05 07/12/2026" in text and "quét mã QR" in text


def test_the_same_cards_give_the_same_bytes() -> None:
    first, second = io.BytesIO(), io.BytesIO()
    write_cards_pdf(first, _cards(2), commune="xã Thạch Bình")
    write_cards_pdf(second, _cards(2), commune="xã Thạch Bình")
    assert first.getvalue() == second.getvalue()


def test_no_card_is_refused() -> None:
    with pytest.raises(EmptyBatch) as refused:
        write_cards_pdf(io.BytesIO(), [], commune="xã Thạch Bình")
    assert refused.value.code == "print.cards.empty"
