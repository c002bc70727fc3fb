"""Our QR builder against two independent libraries, through their public APIs only.

qrcode and segno build the same symbol (version, level and mask forced) module for module;
the mask we choose is checked against a plain, slow reading of the penalty rules written
here; and symbols we draw are decoded by zxing-cpp.
"""

from fractions import Fraction

import numpy as np
import pytest
import qrcode
import segno
import zxingcpp
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from plates.errors import PlatesError
from plates.qr import ErrorLevel, QrMatrix, build_matrix, dark_runs, penalties
from plates.urls import qr_payload

LEVELS: list[ErrorLevel] = ["L", "M", "Q", "H"]
_QRCODE_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}
_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")
PAYLOADS = {
    "alphanumeric": "HTTPS://DIACHI.EXAMPLE.VN/A/18112001234",
    "alphanumeric odd": "HTTP://127.0.0.1:8000/A/18112000018",
    "byte": "https://example.vn/a/lower case bytes",
    "byte utf-8": "Thôn Bình Minh, xã Thạch Bình",
    "numeric": "0123456789" * 3,
    "one character": "A",
}


def _qrcode(payload: str, level: ErrorLevel, version: int, mask: int) -> np.ndarray:
    """qrcode's symbol, all choices forced; optimize=0 keeps the payload in one segment."""
    qr = qrcode.QRCode(
        version=version, error_correction=_QRCODE_LEVELS[level], mask_pattern=mask, border=0
    )
    qr.add_data(payload, optimize=0)
    qr.make(fit=False)
    return np.array(qr.get_matrix(), dtype=bool)


def _segno(payload: str, level: ErrorLevel, version: int, mask: int) -> segno.QRCode:
    if payload.isascii() and payload.isdigit():
        content: str | bytes = payload
        mode = "numeric"
    elif set(payload) <= _ALPHANUMERIC:
        content, mode = payload, "alphanumeric"
    else:  # as bytes: given text, segno would write ISO 8859-1 where it can, we write UTF-8
        content, mode = payload.encode("utf-8"), "byte"
    return segno.make_qr(
        content, error=level, version=version, mode=mode, mask=mask, boost_error=False
    )


def _modules(qr: segno.QRCode) -> np.ndarray:
    return np.array([list(row) for row in qr.matrix_iter(border=0)], dtype=bool)


def _decode(modules: np.ndarray, scale: int = 4) -> list[str]:
    """The texts zxing-cpp reads from the symbol drawn black on white, with its quiet zone."""
    light = np.pad(~modules, 4, constant_values=True)
    pixels = np.kron(light, np.ones((scale, scale), dtype=bool)).astype(np.uint8) * 255
    image = Image.fromarray(pixels)
    found = zxingcpp.read_barcodes(image)
    return [r.text for r in found if r.format == zxingcpp.BarcodeFormat.QRCode]


def _fits(payload: str, level: ErrorLevel, version: int) -> bool:
    try:
        build_matrix(payload, level, version=version, mask=0)
    except PlatesError:
        return False
    return True


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_same_symbols_as_qrcode_and_segno_for_versions_1_to_10(
    payload: str, level: ErrorLevel
) -> None:
    compared = 0
    for version in range(1, 11):
        if not _fits(payload, level, version):
            continue
        for mask in range(8):
            ours = build_matrix(payload, level, version=version, mask=mask)
            assert (ours.version, ours.mask, ours.error_correction) == (version, mask, level)
            assert ours.modules.shape == (4 * version + 17,) * 2
            assert np.array_equal(ours.modules, _qrcode(payload, level, version, mask))
            theirs = _segno(payload, level, version, mask)
            if np.array_equal(ours.modules, _modules(theirs)):
                compared += 1
                continue
            # segno 1.6 writes a needless 0 byte when the data end on a byte boundary after
            # the terminator (segno issue 148), as byte mode always does: a different symbol
            # with the same content.
            assert _decode(ours.modules) == _decode(_modules(theirs)) == [payload]
    assert compared > 0 or not set(payload) <= _ALPHANUMERIC


@pytest.mark.parametrize("level", LEVELS)
def test_same_symbols_as_qrcode_and_segno_for_versions_11_to_40(level: ErrorLevel) -> None:
    # Larger versions: more blocks of two lengths, more alignment patterns, version information.
    payload = "HTTPS://DIACHI.EXAMPLE.VN/A/18112001234 " * 3
    for version in range(11, 41):
        mask = version % 8
        ours = build_matrix(payload, level, version=version, mask=mask).modules
        assert np.array_equal(ours, _qrcode(payload, level, version, mask))
        assert np.array_equal(ours, _modules(_segno(payload, level, version, mask)))


def _reference_penalty(modules: np.ndarray) -> int:
    """ISO/IEC 18004 §7.8.3 read plainly, one module at a time (as qrcode reads rule N3)."""
    m = modules.tolist()
    n = len(m)
    lines = [*m, *([m[r][c] for r in range(n)] for c in range(n))]
    score = 0
    for line in lines:
        run = 1
        for previous, module in zip(line, [*line[1:], None], strict=True):
            if module == previous:
                run += 1
                continue
            if run >= 5:  # N1: 3 for five in a row, 1 more for each further module
                score += 3 + run - 5
            run = 1
        text = "".join("1" if module else "0" for module in line)
        for pattern in ("10111010000", "00001011101"):  # N3: 1:1:3:1:1 and four light
            score += 40 * sum(text.startswith(pattern, i) for i in range(n))
    for r in range(n - 1):  # N2: every 2×2 block of one colour
        for c in range(n - 1):
            score += 3 * (m[r][c] == m[r + 1][c] == m[r][c + 1] == m[r + 1][c + 1])
    dark = Fraction(100 * sum(map(sum, m)), n * n)
    score += 10 * int(abs(dark - 50) // 5)  # N4: each full 5 % away from half dark
    return score


def _check_choice(payload: str, level: ErrorLevel) -> QrMatrix:
    ours = build_matrix(payload, level)
    # The smallest version that holds the payload, as qrcode finds it.
    fitted = qrcode.QRCode(error_correction=_QRCODE_LEVELS[level], border=0)
    fitted.add_data(payload, optimize=0)
    fitted.make()
    assert ours.version == fitted.version
    candidates = [build_matrix(payload, level, version=ours.version, mask=k) for k in range(8)]
    assert np.array_equal(ours.modules, candidates[ours.mask].modules)
    assert np.array_equal(ours.modules, _qrcode(payload, level, ours.version, ours.mask))
    # The lowest penalty wins, the first mask on a tie.
    scores = [_reference_penalty(c.modules) for c in candidates]
    assert ours.mask == scores.index(min(scores))
    assert penalties(np.stack([c.modules for c in candidates])).tolist() == scores
    return ours


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_chooses_the_smallest_version_and_the_lowest_penalty_mask(
    payload: str, level: ErrorLevel
) -> None:
    _check_choice(payload, level)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=60), st.sampled_from(LEVELS))
def test_chooses_the_same_way_for_any_text(payload: str, level: ErrorLevel) -> None:
    _check_choice(payload, level)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("payload", list(PAYLOADS.values()), ids=list(PAYLOADS))
def test_zxing_reads_what_we_encode(payload: str, level: ErrorLevel) -> None:
    assert _decode(build_matrix(payload, level).modules) == [payload]


@pytest.mark.parametrize("length", [1, 15, 80, 200, 600])
def test_zxing_reads_long_payloads(length: int) -> None:
    payload = ("HTTPS://DIACHI.EXAMPLE.VN/A/18112001234/thôn-" * 20)[:length]
    qr = build_matrix(payload, "M")
    assert _decode(qr.modules, scale=3) == [payload]


def test_a_payload_too_large_for_its_version_or_any_is_refused() -> None:
    url = "HTTPS://DIACHI.EXAMPLE.VN/A/18112001234"
    with pytest.raises(PlatesError, match="version 2-Q"):
        build_matrix(url, "Q", version=2)
    with pytest.raises(PlatesError, match="cannot hold"):
        build_matrix("x" * 3000, "L")


def test_33_character_public_url_stays_at_version_3_in_alphanumeric_mode() -> None:
    public_url = "https://" + "diachiso-hatinh-camb".ljust(21, "x") + ".gov"
    assert len(public_url) == 33
    payload = qr_payload(public_url, "18112001234")
    qr = build_matrix(payload, "Q")
    assert qr.version <= 3
    assert set(payload) <= _ALPHANUMERIC  # so one alphanumeric segment holds it
    assert np.array_equal(qr.modules, _qrcode(payload, "Q", qr.version, qr.mask))


def test_a_lower_case_payload_would_not_fit_version_3() -> None:
    # Why the payload is upper case: byte mode needs a larger symbol, so smaller modules.
    public_url = "https://" + "d" * 25
    assert build_matrix(f"{public_url}/A/18112001234", "Q").version > 3


def test_dark_runs_cover_exactly_the_dark_modules() -> None:
    qr = build_matrix("HTTPS://DIACHI.EXAMPLE.VN/A/18112001234")
    painted = np.zeros_like(qr.modules)
    for col, row, width, height in dark_runs(qr.modules).tolist():
        assert not painted[row : row + height, col : col + width].any()  # no overlaps
        painted[row : row + height, col : col + width] = True
    assert np.array_equal(painted, qr.modules)
    assert len(dark_runs(qr.modules)) < qr.modules.sum() / 2  # runs really are merged
