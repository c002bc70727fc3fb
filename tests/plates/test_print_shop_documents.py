"""The batch's other documents, the checklist and the letters, as a print shop meets them: the
same metadata as the plates, DeviceCMYK with pure black text and QR under ``--color cmyk``."""

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from plates.batch import BatchFiles
from plates.canvas import CMYK, document_cmyk
from plates.layout import PlateSpec
from plates.urls import qr_payload
from tests.plates.samples import PUBLIC_URL, decode_qrs, needs_pdftoppm, rasterise
from tests.plates.test_print_shop import _fills, _operations, _render

BLACK, WHITE = (0.0, 0.0, 0.0, 1.0), (0.0, 0.0, 0.0, 0.0)
RGB_OPERATORS = {b"rg", b"RG", b"g", b"G", b"sc", b"scn", b"SC", b"SCN", b"cs", b"CS"}


def _documents(files: BatchFiles) -> dict[str, Path]:
    assert files.letters is not None
    return {"checklist": files.checklist, "letters": files.letters}


@pytest.fixture(scope="module")
def rgb(tmp_path_factory: pytest.TempPathFactory) -> BatchFiles:
    return _render(tmp_path_factory.mktemp("rgb"), letters=True, first_letter_number=12)


@pytest.fixture(scope="module")
def cmyk(tmp_path_factory: pytest.TempPathFactory) -> BatchFiles:
    return _render(
        tmp_path_factory.mktemp("cmyk"),
        letters=True,
        first_letter_number=12,
        spec=PlateSpec(color="cmyk"),
    )


@pytest.mark.parametrize(
    ("document", "title", "subject"),
    [
        (
            "checklist",
            "DANH SÁCH GẮN BIỂN ĐỊA CHỈ SỐ — TB-2025-07",
            "Danh sách gắn biển địa chỉ số xã Thạch Bình, đợt in TB-2025-07, 12 biển",
        ),
        (
            "letters",
            "THÔNG BÁO — TB-2025-07",
            "Thông báo địa chỉ số xã Thạch Bình, đợt in TB-2025-07, 12 thông báo",
        ),
    ],
)
@pytest.mark.parametrize("color", ["rgb", "cmyk"])
def test_the_documents_say_who_issued_them_and_when(
    document: str, title: str, subject: str, color: str, request: pytest.FixtureRequest
) -> None:
    files: BatchFiles = request.getfixturevalue(color)
    with pdfplumber.open(_documents(files)[document]) as doc:
        info = doc.metadata
    assert info["Title"] == title
    assert info["Author"] == "Ủy ban nhân dân xã Thạch Bình"
    assert info["Subject"] == subject
    assert info["Creator"] == "Địa chỉ số (diachiso)"
    assert info["CreationDate"] == "D:20251128093000+00'00'"


@pytest.mark.parametrize("document", ["checklist", "letters"])
def test_cmyk_documents_are_devicecmyk_with_pure_black_text(
    document: str, cmyk: BatchFiles
) -> None:
    ops = _operations(_documents(cmyk)[document])
    assert not {op for _, op in ops} & RGB_OPERATORS
    text_fills, shape_fills = _fills(ops)
    builds = {
        tuple(round(float(v), 3) for v in (c.cyan, c.magenta, c.yellow, c.black))
        for c in (CMYK.accent, CMYK.alert)
    }
    assert BLACK in text_fills
    # Text is K only, but for the titles in the brand blue and a warning in red.
    assert all(c == m == y == 0 or f in builds for f in text_fills for c, m, y, _ in [f])
    if document == "letters":
        assert text_fills == {BLACK}  # the letter is all pure black
        assert BLACK in shape_fills  # the QR's modules


def test_the_same_batch_renders_its_documents_to_the_same_bytes(
    cmyk: BatchFiles, tmp_path: Path
) -> None:
    again = _render(tmp_path, letters=True, first_letter_number=12, spec=PlateSpec(color="cmyk"))
    assert again.sha256 == cmyk.sha256


def test_a_document_colour_without_a_cmyk_build_is_refused() -> None:
    assert document_cmyk("#555555").black == pytest.approx(1 - 0x55 / 255)
    assert document_cmyk("#0B3C7D") == CMYK.accent
    with pytest.raises(ValueError, match="0x00ff00"):
        document_cmyk("#00FF00")


@needs_pdftoppm
def test_cmyk_letters_still_decode(cmyk: BatchFiles, tmp_path: Path) -> None:
    assert cmyk.letters is not None
    pages = rasterise(cmyk.letters, tmp_path, dpi=120)
    decoded = [decode_qrs(Image.open(page)) for page in pages]
    assert decoded == [[qr_payload(PUBLIC_URL, p.record.code)] for p in cmyk.printed]
