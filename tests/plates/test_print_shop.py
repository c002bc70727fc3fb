"""The plates as a print shop and a household meet them: templates, the code's size, the slug,
DeviceCMYK, the document's metadata."""

import itertools
from datetime import UTC, datetime
from pathlib import Path

import pdfplumber
import pytest
from fontTools.ttLib import TTFont
from pdfminer.pdfinterp import PDFContentParser
from pdfminer.pdftypes import resolve1
from pdfminer.psparser import PSEOF, PSKeyword
from PIL import Image
from reportlab.lib.units import mm

from plates.batch import BatchFiles, BatchOptions, render_batch
from plates.errors import PlatesError
from plates.fonts import BOLD, FONT_FILES, wrap_text
from plates.layout import PlateSpec, plate_geometry
from plates.qr import QUIET_ZONE
from plates.records import VillageMap, commune_words
from plates.template_data import TEMPLATES, template
from plates.urls import qr_payload
from tests.plates.samples import (
    PUBLIC_URL,
    decode_qrs,
    make_record,
    needs_pdftoppm,
    rasterise,
    sample_villages,
)

CREATED = datetime(2025, 11, 28, 9, 30, tzinfo=UTC)
PT_TO_MM = 25.4 / 72


def _render(out: Path, **changes: object) -> BatchFiles:
    base: dict[str, object] = {
        "public_url": PUBLIC_URL,
        "batch_id": "TB-2025-07",
        "created_at": CREATED,
    }
    return render_batch(out, sample_villages(), BatchOptions(**{**base, **changes}))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> BatchFiles:
    return _render(tmp_path_factory.mktemp("shop"))


@pytest.fixture(scope="module")
def cmyk(tmp_path_factory: pytest.TempPathFactory) -> BatchFiles:
    return _render(tmp_path_factory.mktemp("cmyk"), spec=PlateSpec(color="cmyk"))


def _digit_height_mm(size_pt: float) -> float:
    """The height of the digit 1 (a flat-topped capital-height glyph) of the bold face."""
    font = TTFont(FONT_FILES[BOLD])
    glyph = font["glyf"][font.getBestCmap()[ord("1")]]
    return float((glyph.yMax - glyph.yMin) / font["head"].unitsPerEm * size_pt * PT_TO_MM)


def test_the_a6_code_reads_at_three_metres(shop: BatchFiles) -> None:
    """Capitals of at least 12 mm, measured from the PDF: the size the code's glyphs are set
    in, times the embedded face's glyph height."""
    with pdfplumber.open(shop.plates) as doc:
        for page, printed in zip(doc.pages, shop.printed, strict=True):
            digits = [c for c in page.chars if c["text"].isdigit() and c["size"] > 30]
            code = "".join(c["text"] for c in digits)
            assert code == printed.record.code
            assert min(_digit_height_mm(c["size"]) for c in digits) >= 12.0


def test_the_plate_names_its_issuer_lookup_and_location_code(shop: BatchFiles) -> None:
    with pdfplumber.open(shop.plates) as doc:
        texts = [page.extract_text() for page in doc.pages]
    for text, printed in zip(texts, shop.printed, strict=True):
        assert "UBND xã Thạch Bình – Đoàn Thanh niên xã Thạch Bình" in text
        assert "Tra cứu: diachi.example.vn/A + mã" in text
        assert f"Mã vị trí: {printed.record.plus_code}" in text
        assert "Plus Code" not in text


def test_the_sequence_number_is_on_the_slug_never_inside_the_trim(shop: BatchFiles) -> None:
    with pdfplumber.open(shop.plates) as doc:
        for page, printed in zip(doc.pages, shop.printed, strict=True):
            # The boxes in PDF coordinates (from the bottom); pdfplumber's words from the top.
            trim_bottom = float(resolve1(page.page_obj.attrs["TrimBox"])[1])
            bleed_bottom = page.height - float(resolve1(page.page_obj.attrs["BleedBox"])[1])
            words = page.extract_words()
            slug = [w for w in words if w["top"] > page.height - trim_bottom]
            assert " ".join(w["text"] for w in slug) == f"STT {printed.number}"
            assert all(w["top"] >= bleed_bottom for w in slug)  # below the bleed, too
            inside = [w["text"] for w in words if w["bottom"] <= page.height - trim_bottom]
            assert "STT" not in inside


def test_the_heads_line_only_when_the_commune_turns_it_on(shop: BatchFiles, tmp_path: Path) -> None:
    with pdfplumber.open(shop.plates) as doc:
        assert not any("Chủ hộ" in (p.extract_text() or "") for p in doc.pages)
    opted = _render(tmp_path, spec=PlateSpec(show_household_name=True))
    with pdfplumber.open(opted.plates) as doc:
        texts = dict(
            zip(
                (p.record.code for p in opted.printed),
                (pg.extract_text() for pg in doc.pages),
                strict=True,
            )
        )
    for printed in opted.printed:
        record = printed.record
        if record.kind == "household" and record.name:
            assert f"Chủ hộ: {record.name}" in texts[record.code]
        else:
            assert "Chủ hộ" not in texts[record.code]


def _parse(stream: object) -> list[tuple[list[object], bytes]]:
    parser = PDFContentParser([stream])
    ops: list[tuple[list[object], bytes]] = []
    operands: list[object] = []
    while True:
        try:
            _, obj = parser.nextobject()
        except PSEOF:
            return ops
        if isinstance(obj, PSKeyword):
            ops.append((operands, obj.name))
            operands = []
        else:
            operands.append(obj)


def _operations(pdf: Path) -> list[tuple[list[object], bytes]]:
    """Every operation of every page and of every form it draws, forms in place."""
    found: list[tuple[list[object], bytes]] = []

    def walk(stream: object, resources: dict[str, object]) -> None:
        xobjects = resolve1(resources.get("XObject")) or {}
        for operands, operator in _parse(stream):
            if operator == b"Do":
                form = resolve1(xobjects[operands[0].name])  # type: ignore[attr-defined]
                found.append(([], b"q"))
                walk(form, resolve1(form.attrs.get("Resources")) or resources)
                found.append(([], b"Q"))
            else:
                found.append((operands, operator))

    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            for stream in page.page_obj.contents:
                walk(stream, resolve1(page.page_obj.resources) or {})
    return found


Fill = tuple[float, ...]


def _fills(ops: list[tuple[list[object], bytes]]) -> tuple[set[Fill], set[Fill]]:
    """The CMYK fill colours (rounded) that text and filled shapes are drawn in, following the
    graphics state's saves and restores."""
    fill: Fill = ()
    stack: list[Fill] = []
    text_fills, shape_fills = set(), set()
    for operands, op in ops:
        if op == b"q":
            stack.append(fill)
        elif op == b"Q":
            fill = stack.pop()
        elif op == b"k":
            fill = tuple(round(float(v), 3) for v in operands)  # type: ignore[arg-type]
        elif op in (b"Tj", b"TJ"):
            text_fills.add(fill)
        elif op in (b"f", b"f*"):
            shape_fills.add(fill)
    return text_fills, shape_fills


def test_cmyk_plates_are_devicecmyk_with_pure_black_qr_and_text(cmyk: BatchFiles) -> None:
    ops = _operations(cmyk.plates)
    operators = {op for _, op in ops}
    assert not operators & {b"rg", b"RG", b"g", b"G", b"sc", b"scn", b"SC", b"SCN", b"cs", b"CS"}
    text_fills, qr_fills = _fills(ops)
    black, white = (0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0)
    assert black in text_fills and black in qr_fills
    assert all(c == m == y == 0 for c, m, y, _ in text_fills)  # K only, no rich black
    assert text_fills <= {black, white, (0.0, 0.0, 0.0, 0.7)}


@needs_pdftoppm
def test_cmyk_plates_still_decode(cmyk: BatchFiles, tmp_path: Path) -> None:
    pages = rasterise(cmyk.plates, tmp_path, dpi=120)
    decoded = [decode_qrs(Image.open(page)) for page in pages]
    assert decoded == [[qr_payload(PUBLIC_URL, p.record.code)] for p in cmyk.printed]


def test_the_pdf_says_who_issued_it_and_when(shop: BatchFiles) -> None:
    with pdfplumber.open(shop.plates) as doc:
        info = doc.metadata
    assert info["Title"] == "Biển địa chỉ số — TB-2025-07"
    issuer = commune_words("xã Thạch Bình").issuer
    assert info["Author"] == issuer == "Ủy ban nhân dân xã Thạch Bình"
    assert info["Subject"] == "Biển địa chỉ số xã Thạch Bình, đợt in TB-2025-07, 12 biển"
    assert info["Creator"] == "Địa chỉ số (diachiso)"
    assert info["CreationDate"] == "D:20251128093000+00'00'"


def test_the_same_cmyk_batch_renders_to_the_same_bytes(cmyk: BatchFiles, tmp_path: Path) -> None:
    again = _render(tmp_path, spec=PlateSpec(color="cmyk"))
    assert again.sha256 == cmyk.sha256


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_keeps_its_qr_readable_and_inside_the_safe_area(name: str) -> None:
    spec = PlateSpec(template=name)
    design = template(name)
    assert (spec.width_mm, spec.height_mm) == (design.width, design.height)
    g = plate_geometry(spec, 29)  # version 3, what a plate URL of up to 33 characters needs
    quiet = QUIET_ZONE * g.qr_module
    assert g.qr_module >= 1.5 * mm
    assert g.safe <= g.qr_x and g.qr_x + g.qr_side <= g.width - g.safe
    assert g.safe <= g.qr_y and g.qr_y + g.qr_side <= g.height - g.band_height
    assert g.column.right <= g.qr_x - quiet  # no text in the quiet zone
    assert g.column.left >= g.safe - 1e-6 and g.column.bottom >= g.safe - 1e-6


@needs_pdftoppm
@pytest.mark.parametrize("name", ["a5", "sticker"])
def test_other_templates_decode_and_print_the_same_words(name: str, tmp_path: Path) -> None:
    files = _render(tmp_path / "out", spec=PlateSpec(template=name))
    pages = rasterise(files.plates, tmp_path, dpi=150)
    decoded = [decode_qrs(Image.open(page)) for page in pages]
    assert decoded == [[qr_payload(PUBLIC_URL, p.record.code)] for p in files.printed]
    with pdfplumber.open(files.plates) as doc:
        text = " ".join((doc.pages[0].extract_text() or "").split())
    assert files.printed[0].record.code_display in text and "Tra cứu:" in text


def test_an_unknown_template_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(PlatesError) as caught:
        PlateSpec(template="poster")
    assert caught.value.code == "plate.unknown_template"
    assert caught.value.params["known"] == ", ".join(TEMPLATES) == "a5, a6, sticker"


@pytest.mark.parametrize(
    "text",
    [
        "Đài tưởng niệm các Anh hùng liệt sĩ Tổ quốc Việt Nam",
        "Số 12 đường Lê Khôi, thôn Bình Minh, xã Thạch Bình, tỉnh Hà Tĩnh",
        "Nhà văn hóa tổ dân phố Trung Tiến",
    ],
)
@pytest.mark.parametrize("width_mm", [40, 55, 70])
def test_lines_never_break_inside_a_name(text: str, width_mm: float) -> None:
    lines, _ = wrap_text(text, BOLD, width_mm * mm, (16, 9), 4)
    assert " ".join(lines) == text  # nothing dropped, nothing hyphenated
    for line, following in itertools.pairwise(lines):
        last, first = line.split()[-1], following.split()[0]
        assert not (last[:1].isupper() and first[:1].isupper()), (line, following)
        assert last.casefold() not in ("thôn", "xã", "tỉnh", "số", "đường", "phố"), line


def test_households_are_told_apart(tmp_path: Path) -> None:
    """Two houses with neither number nor name differ by their code only; with a name, the
    head's name distinguishes them; with a number, the number."""
    records = [
        make_record(1, "Bình Minh", 105.93, 18.31, house_number="26"),
        make_record(2, "Bình Minh", 105.931, 18.311, name="Trần Văn Bình"),
    ]
    files = render_batch(
        tmp_path,
        [(VillageMap("Bình Minh", []), records)],
        BatchOptions(public_url=PUBLIC_URL, batch_id="TB-2025-08", created_at=CREATED),
    )
    with pdfplumber.open(files.plates) as doc:
        texts = {
            p.record.code: pg.extract_text() for p, pg in zip(files.printed, doc.pages, strict=True)
        }
    assert "Số nhà 26" in texts[records[0].code]
    assert "Trần Văn Bình" in texts[records[1].code]
