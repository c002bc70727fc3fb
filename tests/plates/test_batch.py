"""A whole sample batch, checked the way a print shop and a volunteer would meet it."""

import csv
import hashlib
from datetime import datetime
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pdfminer.pdftypes import resolve1
from PIL import Image
from reportlab.lib.units import mm

from plates.batch import BatchFiles, BatchOptions, render_batch
from plates.errors import EmptyBatch, OutputExists, PlatesError, UnsafePublicUrl
from plates.fonts import FONT_FILES
from plates.layout import PlateSpec
from plates.records import PlateRecord, VillageMap, address_text
from plates.serif import SERIF_FILES
from plates.urls import qr_payload
from tests.plates.samples import (
    PUBLIC_URL,
    decode_qrs,
    make_record,
    needs_pdftoppm,
    pdf_fonts,
    rasterise,
    sample_villages,
)

CREATED = datetime(2025, 11, 28, 9, 30)
DRAFT_URL = "http://127.0.0.1:8000"


def _options(**changes: object) -> BatchOptions:
    base: dict[str, object] = {
        "public_url": PUBLIC_URL,
        "batch_id": "TB-2025-07",
        "created_at": CREATED,
        "letters": True,
    }
    return BatchOptions(**{**base, **changes})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> BatchFiles:
    return render_batch(tmp_path_factory.mktemp("shop") / "out", sample_villages(), _options())


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> BatchFiles:
    # A borderless printer: four A6 plates on a landscape A4 sheet.
    options = _options(mode="office", office_margin_mm=0.0, draft=True, public_url=DRAFT_URL)
    return render_batch(tmp_path_factory.mktemp("office"), sample_villages(), options)


def _expected_urls(files: BatchFiles, public_url: str) -> list[str]:
    return [qr_payload(public_url, p.record.code) for p in files.printed]


def _texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() or "" for page in doc.pages]


def _page_sizes(pdf: Path) -> list[tuple[float, float]]:
    with pdfplumber.open(pdf) as doc:
        return [(round(float(p.width), 2), round(float(p.height), 2)) for p in doc.pages]


def test_numbers_follow_the_walking_order_across_villages(shop: BatchFiles) -> None:
    assert [p.number for p in shop.printed] == list(range(1, 13))
    villages = [p.record.village for p in shop.printed]
    assert villages == ["Bình Minh"] * 7 + ["Nam Bình"] * 5
    assert shop.printed[0].record.kind == "agency"  # Bình Minh's walk starts at its school


def test_writes_the_contract_files_with_their_hashes(shop: BatchFiles) -> None:
    names = sorted(p.name for p in shop.paths)
    assert names == ["checklist.pdf", "letters.pdf", "manifest.csv", "plates.pdf"]
    assert sorted(shop.sha256) == names
    for path in shop.paths:
        assert shop.sha256[path.name] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_opens_in_excel_and_matches_the_plates(shop: BatchFiles) -> None:
    raw = shop.manifest.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert rows[0] == ["number", "code", "village", "kind", "address_text"]
    assert rows[1:] == [
        [str(p.number), p.record.code, p.record.village, p.record.kind, p.address_text]
        for p in shop.printed
    ]


@needs_pdftoppm
def test_shop_pages_decode_to_the_expected_urls_in_order(shop: BatchFiles, tmp_path: Path) -> None:
    pages = rasterise(shop.plates, tmp_path)
    decoded = [decode_qrs(Image.open(page)) for page in pages]
    assert decoded == [[url] for url in _expected_urls(shop, PUBLIC_URL)]


@needs_pdftoppm
def test_office_sheets_decode_row_by_row(office: BatchFiles, tmp_path: Path) -> None:
    pages = rasterise(office.plates, tmp_path)
    assert len(pages) == 3  # twelve plates, four to a sheet
    decoded = [url for page in pages for url in decode_qrs(Image.open(page))]
    assert decoded == _expected_urls(office, DRAFT_URL)


@needs_pdftoppm
def test_letters_carry_the_same_qr_codes(shop: BatchFiles, tmp_path: Path) -> None:
    assert shop.letters is not None
    pages = rasterise(shop.letters, tmp_path)
    decoded = [decode_qrs(Image.open(page)) for page in pages]
    assert decoded == [[url] for url in _expected_urls(shop, PUBLIC_URL)]


def test_shop_pages_are_trim_plus_bleed_plus_slug(shop: BatchFiles) -> None:
    size = (round((148 + 6) * mm, 2), round((105 + 6 + 7) * mm, 2))
    assert _page_sizes(shop.plates) == [size] * 12
    with pdfplumber.open(shop.plates) as doc:
        trim = [float(v) for v in resolve1(doc.pages[0].page_obj.attrs["TrimBox"])]
        bleed = [float(v) for v in resolve1(doc.pages[0].page_obj.attrs["BleedBox"])]
    assert trim == pytest.approx([3 * mm, 10 * mm, 151 * mm, 115 * mm])
    assert bleed == pytest.approx([0, 7 * mm, 154 * mm, 118 * mm])


def test_qr_codes_and_text_are_vector_never_images(shop: BatchFiles, office: BatchFiles) -> None:
    for pdf in (shop.plates, office.plates, shop.letters):
        assert pdf is not None
        with pdfplumber.open(pdf) as doc:
            assert all(not page.images for page in doc.pages), pdf.name


def test_office_pages_are_a4(office: BatchFiles) -> None:
    assert _page_sizes(office.plates) == [(841.89, 595.28)] * 3
    assert set(_page_sizes(office.checklist)) == {(595.28, 841.89)}


def test_office_default_margins_fit_four_a6_plates_per_landscape_sheet(tmp_path: Path) -> None:
    files = render_batch(tmp_path, sample_villages(), _options(mode="office", letters=False))
    assert _page_sizes(files.plates) == [(841.89, 595.28)] * 3
    # What each plate prints lies inside the printer's usual 5 mm margin.
    with pdfplumber.open(files.plates) as doc:
        for page in doc.pages:
            for char in page.chars:
                assert 5 * mm <= char["x0"] and char["x1"] <= page.width - 5 * mm
                assert 5 * mm <= char["top"] and char["bottom"] <= page.height - 5 * mm


def test_plates_show_the_vietnamese_text_exactly(shop: BatchFiles) -> None:
    for printed, text in zip(shop.printed, _texts(shop.plates), strict=True):
        assert "ĐỊA CHỈ SỐ" in text
        assert "XÃ THẠCH BÌNH" in text
        assert printed.record.code_display in text
        assert "Quét mã QR để xem vị trí và chỉ đường" in text
        assert printed.record.plus_code in text
        assert f"STT {printed.number}" in text
        assert "BẢN THỬ" not in text
        flat = " ".join(text.split())
        assert printed.address_text in flat


def test_names_show_for_agencies_and_heritage_only(shop: BatchFiles) -> None:
    texts = dict(zip((p.record.code for p in shop.printed), _texts(shop.plates), strict=True))
    for printed in shop.printed:
        record = printed.record
        if record.kind != "household":
            assert record.name and record.name in texts[record.code]
    # A household without a house number is told apart by its head's name, without the label
    # of the head's line, which only a commune that turns it on prints.
    head = next(p.record for p in shop.printed if p.record.name == "Nguyễn Thị Hường")
    assert "Nguyễn Thị Hường" in texts[head.code]
    assert not any("Chủ hộ" in text for text in texts.values())
    numbered = next(p.record for p in shop.printed if p.record.house_number == "17")
    assert "Số nhà 17" in texts[numbered.code]


def test_household_names_show_when_the_commune_opts_in(tmp_path: Path) -> None:
    spec = PlateSpec(show_household_name=True)
    files = render_batch(tmp_path, sample_villages(), _options(spec=spec, letters=False))
    assert "Chủ hộ: Nguyễn Thị Hường" in "\n".join(_texts(files.plates))
    assert "Nguyễn Thị Hường" in "\n".join(_texts(files.checklist))


def test_every_draft_plate_says_so(office: BatchFiles) -> None:
    texts = _texts(office.plates)
    assert all(text.count("BẢN THỬ") == 4 for text in texts)
    assert all("BẢN THỬ" in text for text in _texts(office.checklist))


def test_checklist_lists_each_village_in_walking_order(shop: BatchFiles) -> None:
    text = "\n".join(_texts(shop.checklist))
    assert "DANH SÁCH GẮN BIỂN ĐỊA CHỈ SỐ — Thôn Bình Minh" in text
    assert "DANH SÁCH GẮN BIỂN ĐỊA CHỈ SỐ — Thôn Nam Bình" in text
    assert "28/11/2025" in text and "TB-2025-07" in text
    assert "Cơ quan, tổ chức" in text and "Khu di tích" in text and "Hộ gia đình" in text
    positions = [text.index(p.record.code_display) for p in shop.printed]
    assert positions == sorted(positions)
    assert "Số nhà 17" in text and "Trường Tiểu học Thạch Bình" in text


def test_checklist_tables_repeat_their_header_on_every_page(tmp_path: Path) -> None:
    lon, lat = 105.9318, 18.3148
    records = [
        make_record(
            k + 1,
            "Bình Minh",
            lon + (k % 10) * 2e-4,
            lat + (k // 10) * 2e-4,
            house_number=str(k + 1),
        )
        for k in range(90)
    ]
    village = VillageMap("Bình Minh", [])
    files = render_batch(tmp_path, [(village, records)], _options(letters=False))
    # The pages that list plates (not the village's map page, nor a signature block run over).
    texts = [t for t in _texts(files.checklist) if "18112 000" in t]
    assert len(texts) >= 3
    assert all("Mã địa chỉ số" in t and "Tên / số nhà" in t for t in texts)


def test_letters_explain_the_address(shop: BatchFiles) -> None:
    texts = _texts(shop.letters) if shop.letters else []
    assert len(texts) == 12
    for printed, text in zip(shop.printed, texts, strict=True):
        flat = " ".join(text.split())
        assert "THÔNG BÁO Về việc cấp mã địa chỉ số và gắn biển địa chỉ số" in flat
        assert printed.record.code_display in flat
        assert printed.record.plus_code in flat
        # The letter spells the plate's abbreviations out ("TP" is "thành phố").
        assert address_text(printed.record, formal=True) in flat
        assert "cấp cứu" in flat and "Địa chính" in flat


@pytest.mark.parametrize("name", ["plates", "checklist", "letters"])
def test_every_font_is_embedded_and_none_is_helvetica(
    shop: BatchFiles, office: BatchFiles, name: str
) -> None:
    for files in (shop, office):
        path = {"plates": files.plates, "checklist": files.checklist, "letters": files.letters}
        pdf = path[name]
        if pdf is None:
            continue
        fonts = pdf_fonts(pdf)
        assert fonts
        # The letters are set in the decree's Times-proportioned serif, the rest in Be Vietnam Pro.
        face = "TeXGyreTermes" if name == "letters" else "BeVietnamPro"
        for base, embedded in fonts:
            assert "Helvetica" not in base and face in base
            assert embedded, f"{base} in {pdf.name} is not embedded"


def test_every_character_drawn_has_a_glyph(shop: BatchFiles, office: BatchFiles) -> None:
    cmaps = {name: set(TTFont(path).getBestCmap()) for name, path in FONT_FILES.items()}
    by_style = {
        "Regular": cmaps["BeVietnamPro"],
        "SemiBold": cmaps["BeVietnamPro-SemiBold"],
        "Bold": cmaps["BeVietnamPro-Bold"],
    }
    serif = {  # by the PostScript name the PDF gives the face
        str(font["name"].getDebugName(6)): set(font.getBestCmap())
        for font in (TTFont(path) for path in SERIF_FILES.values())
    }
    for pdf in [*shop.paths, *office.paths]:
        if pdf.suffix != ".pdf":
            continue
        with pdfplumber.open(pdf) as doc:
            for char in (c for page in doc.pages for c in page.chars):
                style = char["fontname"].rsplit("-", 1)[-1]
                assert len(char["text"]) == 1, (pdf.name, char["text"], char["fontname"])
                font = char["fontname"].split("+", 1)[-1]
                known = serif[font] if font.startswith("TeXGyreTermes") else by_style[style]
                assert ord(char["text"]) in known, (pdf.name, char["text"])


def test_rendering_twice_gives_identical_bytes(shop: BatchFiles, tmp_path: Path) -> None:
    again = render_batch(tmp_path, sample_villages(), _options())
    assert again.sha256 == shop.sha256
    for first, second in zip(shop.paths, again.paths, strict=True):
        assert first.read_bytes() == second.read_bytes()


def test_refuses_to_overwrite_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "checklist.pdf").write_bytes(b"earlier batch")
    with pytest.raises(OutputExists, match=r"checklist\.pdf"):
        render_batch(tmp_path, sample_villages(), _options())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["checklist.pdf"]  # nothing written
    assert (tmp_path / "checklist.pdf").read_bytes() == b"earlier batch"


def test_creates_a_missing_output_folder(tmp_path: Path) -> None:
    files = render_batch(tmp_path / "a" / "b", sample_villages(), _options(letters=False))
    assert files.letters is None and files.plates.exists()


@pytest.mark.parametrize(
    "url", ["http://diachi.example.vn", "https://127.0.0.1", "https://192.168.0.9"]
)
def test_refuses_unsafe_urls_unless_draft(tmp_path: Path, url: str) -> None:
    with pytest.raises(UnsafePublicUrl):
        render_batch(tmp_path / "real", sample_villages(), _options(public_url=url))
    assert not (tmp_path / "real").exists()
    render_batch(tmp_path / "draft", sample_villages(), _options(public_url=url, draft=True))


def test_an_empty_batch_says_nothing_to_print(tmp_path: Path) -> None:
    villages: list[tuple[VillageMap, list[PlateRecord]]] = [(VillageMap("Bình Minh", []), [])]
    with pytest.raises(EmptyBatch, match="nothing to print"):
        render_batch(tmp_path, villages, _options())


def test_a_character_without_a_glyph_is_refused_before_writing(tmp_path: Path) -> None:
    bad = make_record(1, "Bình Minh", 105.93, 18.31, "agency", "Chùa 妙法")
    with pytest.raises(PlatesError, match="U\\+5999") as caught:
        render_batch(tmp_path, [(VillageMap("Bình Minh", []), [bad])], _options())
    assert (caught.value.code, caught.value.params["where"]) == ("glyph.missing_for", bad.code)
    assert list(tmp_path.iterdir()) == []


def test_a_url_too_long_for_readable_modules_is_refused(tmp_path: Path) -> None:
    long_url = "https://" + "diachiso-" * 6 + "example.vn"
    with pytest.raises(PlatesError, match="modules would be"):
        render_batch(tmp_path, sample_villages(), _options(public_url=long_url))
