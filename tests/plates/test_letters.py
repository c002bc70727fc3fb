"""The notification letter in the form of Nghị định 30/2020/NĐ-CP (issue 17): its required parts
read back from the PDF, its serif font, its rules, and no place name broken across lines."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from addrgen.address import address_text as running_address
from addrgen.commune_words import commune_words
from plates.layout import PlateSpec
from plates.letters import write_letters_pdf
from plates.qr import build_matrix
from plates.records import PlateRecord
from tests.plates.samples import CENTRE, make_record, pdf_fonts

REPO = Path(__file__).resolve().parents[2]
AT = datetime(2026, 11, 30, 9, 0)
BATCH = "L2026-11-30-001"


def _letters(
    out: Path, records: list[PlateRecord], *, first: int | None = 41, **words: Any
) -> Path:
    pdf = out / "letters.pdf"
    qr = build_matrix("HTTPS://DIACHI.EXAMPLE.VN/A/18112001234")
    write_letters_pdf(
        pdf,
        [(r, qr) for r in records],
        spec=PlateSpec(),
        created_at=AT,
        batch_id=BATCH,
        words=commune_words("xã Thạch Bình", **words),
        first_number=first,
        plate_numbers=[3 + k for k in range(len(records))],
    )
    return pdf


def _records() -> list[PlateRecord]:
    day = AT.date()
    return [
        replace(make_record(1, "Bình Minh", *CENTRE, house_number="26"), printed_on=day),
        replace(
            make_record(2, "Xóm Mới", *CENTRE, kind="agency", name="Trạm Y tế xã Thạch Bình"),
            printed_on=day,
        ),
    ]


def _lines(page: Any) -> list[str]:
    """The page's text lines, white space (no-break spaces too) collapsed."""
    return [" ".join(line["text"].split()) for line in page.extract_text_lines()]


def test_the_letter_has_the_decree_s_parts(tmp_path: Path) -> None:
    pdf = _letters(tmp_path, _records(), signer_authority="kt", signer_name="Nguyễn Văn An")
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 2  # one page a letter
        for k, page in enumerate(doc.pages):
            text = "\n".join(_lines(page))
            for part in (
                "ỦY BAN NHÂN DÂN",
                "XÃ THẠCH BÌNH",
                f"Số: {41 + k + 2}/TB-UBND",  # the letter of plate 3 carries 41 + 3 - 1
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                "Độc lập - Tự do - Hạnh phúc",
                "Thạch Bình, ngày 30 tháng 11 năm 2026",
                "THÔNG BÁO",
                "Về việc cấp mã địa chỉ số và gắn biển địa chỉ số",
                "Nơi nhận:",
                "- Như trên;",
                "- Lưu: VT.",
                "TM. ỦY BAN NHÂN DÂN",
                "KT. CHỦ TỊCH",
                "PHÓ CHỦ TỊCH",
                "Nguyễn Văn An",
                f"biển số {3 + k} của đợt in {BATCH}",
            ):
                assert part in text, (part, text)
            _check_fonts(page)
            _check_rules(page)
    fonts = {name.strip("/'"): embedded for name, embedded in pdf_fonts(pdf)}
    assert all(fonts.values()), fonts  # every face embedded
    assert {name.split("+")[-1] for name in fonts} == {
        "TeXGyreTermes-Regular",
        "TeXGyreTermes-Bold",
        "TeXGyreTermes-Italic",
        "TeXGyreTermes-BoldItalic",
    }


def _check_fonts(page: Any) -> None:
    """Every character in the serif; the place and date in italics, 'Nơi nhận:' bold italic."""
    assert {c["fontname"].split("+")[-1].split("-")[0] for c in page.chars} == {"TeXGyreTermes"}
    for words, face in (("Thạch Bình, ngày", "Italic"), ("Nơi nhận:", "BoldItalic")):
        first = words.split()[0]
        found = [w for w in page.extract_words(extra_attrs=["fontname"]) if w["text"] == first]
        assert found and all(w["fontname"].endswith("-" + face) for w in found[:1]), found


def _check_rules(page: Any) -> None:
    """A rule under the motto as long as the motto, one under the issuing body shorter than its
    name, both just below the text."""
    lines = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.1]
    words = page.extract_words()
    motto = [w for w in words if w["text"] in ("Độc", "phúc")]
    x0, x1, bottom = motto[0]["x0"], motto[-1]["x1"], motto[0]["bottom"]
    under = [ln for ln in lines if 0 < ln["top"] - bottom < 8]
    assert any(abs(ln["x0"] - x0) < 2 and abs(ln["x1"] - x1) < 2 for ln in under), under
    body = next(w for w in words if w["text"] == "THẠCH")
    below = [ln for ln in lines if 0 < ln["top"] - body["bottom"] < 8 and ln["x1"] < x0]
    assert below and below[0]["x1"] - below[0]["x0"] < 40 * 72 / 25.4


def test_the_chair_signs_for_the_committee(tmp_path: Path) -> None:
    with pdfplumber.open(_letters(tmp_path, _records()[:1])) as doc:
        lines = _lines(doc.pages[0])
    signer = lines.index(next(ln for ln in lines if ln.endswith("TM. ỦY BAN NHÂN DÂN")))
    assert lines[signer + 1].endswith("CHỦ TỊCH") and "KT." not in "\n".join(lines)


def test_a_letter_without_a_number_leaves_it_blank(tmp_path: Path) -> None:
    with pdfplumber.open(_letters(tmp_path, _records()[:1], first=None)) as doc:
        text = "\n".join(_lines(doc.pages[0]))
    assert "Số: /TB-UBND" in text


def _scenario_names() -> list[tuple[str, str]]:
    """(village, commune) of the sample and of the Cẩm Bình merger (tests/api/test_reorg_cli)."""
    sample = json.loads((REPO / "data" / "thach_binh" / "villages.geojson").read_text("utf-8"))
    names = [(f["properties"]["ten_thon"], "xã Thạch Bình") for f in sample["features"]]
    for commune, tag in (
        ("xã Cẩm Vịnh", "Vịnh"),
        ("xã Cẩm Thành", "Thành"),
        ("xã Cẩm Bình", "Cẩm"),
    ):
        names += [(f"Thôn {tag} {k}", commune) for k in (1, 2)]
    return names


STREETS = [("", ""), ("7", "Đường Lê Khôi"), ("123/45B", "Đường Nguyễn Thị Minh Khai")]
STREETS += [("", "Ngõ 15 đường Phan Đình Phùng kéo dài")]


@pytest.mark.parametrize("day", [date(2025, 6, 30), date(2026, 11, 30)])
def test_no_place_name_is_split_across_lines(tmp_path: Path, day: date) -> None:
    records: list[PlateRecord] = []
    names: list[list[str]] = []
    for village, commune in _scenario_names():
        for house, street in STREETS:
            record = make_record(len(records) + 1, village, *CENTRE, house_number=house)
            records.append(
                replace(
                    record,
                    street=street or None,
                    commune=commune,
                    district="huyện Cẩm Xuyên",
                    printed_on=day,
                )
            )
            parts = running_address(
                house_number=None,
                street=None,
                village=village,
                commune=commune,
                district="huyện Cẩm Xuyên",
                province="Hà Tĩnh",
                on=day,
                formal=True,
            )
            names.append(parts.split(", "))
    wrapped = 0
    with pdfplumber.open(_letters(tmp_path, records)) as doc:
        for page, places in zip(doc.pages, names, strict=True):
            lines = _lines(page)
            start = lines.index("Địa chỉ") + 1
            end = next(k for k, ln in enumerate(lines) if ln.startswith("Mã vị trí"))
            address = lines[start:end]
            wrapped += len(address) > 1
            for place in places:  # each unit and its name whole on one line
                assert any(place.casefold() in ln.casefold() for ln in address), (place, address)
            assert "huyện Cẩm Xuyên" in places or day >= date(2025, 7, 1)
            assert any(f"{places[1].split(' ', 1)[1]}, ngày" in ln for ln in lines)
    assert wrapped >= len(records) // 4  # the addresses do wrap: the breaks were tested
