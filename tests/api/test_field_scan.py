"""The scanner's fallback (`POST /api/field/scan`): a signed-in user's photo of a plate is read
to the plate's code on the server; a picture without a QR, a QR that is not a plate and a body
over 6 MB are refused with the catalog's words. The pictures hold symbols drawn by plates/qr.py
from the URL a plate prints (plates/urls.py), as a phone photographs them."""

from __future__ import annotations

import io
from typing import Any

import numpy as np
import pytest
from PIL import Image

from api.web.routes.field_scan import plate_code
from plates.qr import build_matrix
from plates.urls import qr_payload
from tests.api.conftest import Site, bearer

PLATE_URL = "https://diachi.example.vn"  # as the sample's batches print it


def qr_png(payload: str, *, scale: int = 6, size: tuple[int, int] | None = None) -> bytes:
    """A PNG of the QR symbol of ``payload`` (plates/qr.py's, as printed on a plate), black on
    white with its quiet zone, centred on a white picture of ``size`` when given."""
    modules = build_matrix(payload).modules
    light = np.pad(~modules, 4, constant_values=True)
    pixels = np.kron(light, np.ones((scale, scale), dtype=bool)).astype(np.uint8) * 255
    symbol = Image.fromarray(pixels)
    picture = Image.new("L", size or symbol.size, 255)
    corner = ((picture.width - symbol.width) // 2, (picture.height - symbol.height) // 2)
    picture.paste(symbol, corner)
    out = io.BytesIO()
    picture.save(out, format="PNG")
    return out.getvalue()


def plate_png(code: str, *, scale: int = 6, size: tuple[int, int] | None = None) -> bytes:
    """A picture of the QR a plate of ``code`` carries."""
    return qr_png(qr_payload(PLATE_URL, code), scale=scale, size=size)


def _scan(site: Site, picture: bytes, headers: dict[str, str], **query: str) -> Any:
    files = {"image": ("plate.png", picture, "image/png")}
    return site.client.post("/api/field/scan", files=files, headers=headers, params=query)


def test_signed_out_a_photo_is_refused_unread(site: Site) -> None:
    code = site.code_in("Tây Bắc")
    r = site.client.post("/api/field/scan", files={"image": ("p.png", plate_png(code))})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_a_photo_of_a_plate_gives_its_code(site: Site) -> None:
    code = site.code_in("Tây Bắc", offset=3)
    token = site.volunteer_token()
    # A phone's photo: the symbol small in a large picture, as the camera app takes it.
    r = _scan(site, plate_png(code, scale=8, size=(2400, 1800)), bearer(token))
    assert r.status_code == 200, r.text
    assert r.json() == {"code": code}
    assert r.headers["cache-control"] == "no-store"


def test_a_cookie_session_sends_its_csrf_token(site: Site) -> None:
    code = site.code_in("Tây Bắc")
    csrf = site.signed_in()
    assert _scan(site, plate_png(code), {}).status_code == 403
    r = _scan(site, plate_png(code), {"X-CSRF-Token": csrf})
    assert r.status_code == 200 and r.json() == {"code": code}


def test_a_picture_without_a_qr_is_refused_in_words(site: Site) -> None:
    token = site.volunteer_token()
    blank = io.BytesIO()
    Image.new("L", (640, 480), 200).save(blank, format="PNG")
    r = _scan(site, blank.getvalue(), bearer(token))
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "no_qr"
    assert error["message"].startswith("Không tìm thấy mã QR trong ảnh")
    english = _scan(site, blank.getvalue(), bearer(token), lang="en").json()["error"]
    assert english["message"].startswith("No QR code found in the picture")


@pytest.mark.parametrize(
    "payload",
    [
        "https://zalo.me/g/abcdef",  # a QR of another kind on the same wall
        "HTTPS://DIACHI.EXAMPLE.VN/A/18112001235",  # a plate's shape, a wrong check digit
        "HTTPS://DIACHI.EXAMPLE.VN/B/18112001234",  # another path of the same host
        "18112001234",  # a bare code is not a plate's URL
    ],
)
def test_a_qr_that_is_not_a_plate_is_refused(site: Site, payload: str) -> None:
    r = _scan(site, qr_png(payload), bearer(site.volunteer_token()))
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "not_a_plate"
    assert "không phải biển địa chỉ số" in error["message"]


def test_a_file_that_is_no_picture_and_a_form_without_one_are_refused(site: Site) -> None:
    headers = bearer(site.volunteer_token())
    r = _scan(site, b"%PDF-1.7 not a picture", headers)
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_body"
    assert "không phải ảnh" in r.json()["error"]["message"]
    empty = site.client.post("/api/field/scan", data={"note": "x"}, headers=headers)
    assert empty.status_code == 422 and empty.json()["error"]["code"] == "invalid_body"


def test_a_body_over_6_mb_is_refused_unread(site: Site) -> None:
    headers = bearer(site.volunteer_token())
    r = _scan(site, b"\0" * (6 * 1024 * 1024 + 1), headers)
    assert r.status_code == 413
    error = r.json()["error"]
    assert error["code"] == "too_large" and "6 MB" in error["message"]


def test_a_plates_url_from_any_host_names_its_code() -> None:
    code = "18112001234"
    assert plate_code(qr_payload(PLATE_URL, code)) == code
    assert plate_code(f"http://127.0.0.1:8000/A/{code}") == code
    assert plate_code(f"https://other.example/A/{code}/") == code
    assert plate_code(f"https://diachi.example.vn/a/{code}") == code
    assert plate_code(f"https://diachi.example.vn/A/{code}?x=1") == code
    for other in (
        f"ftp://diachi.example.vn/A/{code}",
        f"https:///A/{code}",
        f"https://diachi.example.vn/A/{code}1",
        f"https://diachi.example.vn/A/{code[:-1]}",
        f"https://diachi.example.vn/A/{code[:-1]}5",
        "https://diachi.example.vn/A/18112000004",  # right length, wrong check digit
        "not a url",
    ):
        assert plate_code(other) is None, other


def test_the_worklist_page_has_the_scanner_and_may_use_the_camera(site: Site) -> None:
    site.signed_in()
    page = site.client.get("/field")
    assert 'id="scan-open"' in page.text and ">Quét biển</button>" in page.text
    assert 'capture="environment"' in page.text and "/static/field_scan.js" in page.text
    assert "camera=(self)" in page.headers["permissions-policy"]
    english = site.client.get("/field?lang=en").text
    assert ">Scan a plate</button>" in english and "Close the camera" in english
    script = site.client.get("/static/field_scan.js")
    assert script.status_code == 200 and "BarcodeDetector" in script.text
