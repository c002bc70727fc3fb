"""Our fast QR builder against qrcode itself, symbol by symbol."""

import numpy as np
import pytest
import qrcode
from hypothesis import given, settings
from hypothesis import strategies as st
from qrcode import constants, util

from plates.qr import ErrorLevel, build_matrix, dark_runs, penalties
from plates.urls import qr_payload

_LEVELS = {
    "L": constants.ERROR_CORRECT_L,
    "M": constants.ERROR_CORRECT_M,
    "Q": constants.ERROR_CORRECT_Q,
    "H": constants.ERROR_CORRECT_H,
}


def _reference(payload: str, level: ErrorLevel, mask: int) -> qrcode.QRCode:
    qr = qrcode.QRCode(error_correction=_LEVELS[level], border=0, mask_pattern=mask)
    qr.add_data(payload)
    qr.make()
    return qr


def _check_against_qrcode(payload: str, level: ErrorLevel) -> None:
    ours = build_matrix(payload, level)
    references = [_reference(payload, level, mask) for mask in range(8)]
    assert ours.version == references[0].version
    assert np.array_equal(ours.modules, np.array(references[ours.mask].modules, dtype=bool))
    # Our mask is the one with the lowest penalty as qrcode scores the finished symbols.
    scores = [util.lost_point(r.modules) for r in references]
    assert ours.mask == int(np.argmin(scores))
    stack = np.array([r.modules for r in references], dtype=bool)
    assert penalties(stack).tolist() == scores


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
@pytest.mark.parametrize(
    "payload",
    [
        "HTTPS://DIACHI.EXAMPLE.VN/A/18112001234",
        "HTTP://127.0.0.1:8000/A/18112000018",
        "https://example.vn/a/lower case bytes",
        "Thôn Bình Minh, xã Thạch Bình",
        "0123456789" * 12,
        "A",
    ],
)
def test_matches_qrcode(payload: str, level: ErrorLevel) -> None:
    _check_against_qrcode(payload, level)


@settings(max_examples=60, deadline=None)
@given(st.text(min_size=1, max_size=120), st.sampled_from(["L", "M", "Q", "H"]))
def test_matches_qrcode_for_any_text(payload: str, level: ErrorLevel) -> None:
    _check_against_qrcode(payload, level)


def test_33_character_public_url_stays_at_version_3_in_alphanumeric_mode() -> None:
    public_url = "https://" + "diachiso-hatinh-camb".ljust(21, "x") + ".gov"
    assert len(public_url) == 33
    payload = qr_payload(public_url, "18112001234")
    assert build_matrix(payload, "Q").version <= 3
    segments = list(util.optimal_data_chunks(payload, minimum=20))
    assert [s.mode for s in segments] == [util.MODE_ALPHA_NUM]


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
