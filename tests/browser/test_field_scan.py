"""The in-page scanner of /field on a 360 px phone, through its whole path: Chromium's fake
camera plays a video made of real plates' QR symbols (plates/qr.py, the URL a plate prints),
the page's script looks at its frames a few times a second, a detector reads them and the
plate's card opens; after the card closes the next plate is read, a QR that is not a plate is
said so, and the camera is let go on close and while the page is hidden. Linux Chromium has no
`BarcodeDetector`: the test gives the page one whose `detect()` draws the frame to a canvas and
hands its pixels to zxing-cpp in Python (a decoder independent of the page). Without a detector,
the phone's camera app's photo is read by the server. No console error, no other host."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from api.web.routes.field_scan import QR_ONLY
from gis.storage.db import open_registry
from gis.storage.schema import points, villages
from plates.urls import qr_payload
from tests.api.test_field_scan import PLATE_URL, plate_png, qr_png
from tests.browser.conftest import (
    CHROMIUM,
    Server,
    _need_browser,
    foreign_requests,
    new_context,
    serve_sample,
)
from tests.browser.test_pages import _sign_in, _watch_errors

VILLAGE = "Tây Bắc"
NOT_A_PLATE = "https://zalo.me/g/thontaybac"  # the village's chat group, on the same wall
WIDTH, HEIGHT, FPS, SECONDS = 320, 240, 10, 1.5

# The page's detector, as a phone's browser has it: detect() reads a video frame or a picture.
FAKE_DETECTOR = """
window.BarcodeDetector = class {
  constructor(options) { this.formats = (options || {}).formats || ["qr_code"]; }
  static async getSupportedFormats() { return ["qr_code"]; }
  async detect(source) {
    window.__looks = (window.__looks || 0) + 1;
    (window.__lookedAt = window.__lookedAt || []).push(performance.now());
    if (window.__away) return [];  // the test turned the camera to a bare wall
    const w = source.videoWidth || source.width, h = source.videoHeight || source.height;
    if (!w || !h) return [];
    const canvas = document.createElement("canvas");
    canvas.width = w; canvas.height = h;
    const g = canvas.getContext("2d");
    g.drawImage(source, 0, 0, w, h);
    const rgba = g.getImageData(0, 0, w, h).data;
    let grey = "";
    for (let i = 0; i < w * h; i++) grey += String.fromCharCode(rgba[4 * i + 1]);
    const texts = await window.__zxing(w, h, btoa(grey));
    return texts.map((t) => ({ rawValue: t, format: "qr_code", cornerPoints: [] }));
  }
};
"""
# The real card (field_card.js), with a record of what it was asked to open: its script's
# window.diachisoCard is wrapped as it is set.
CARD_SPY = """
window.__opened = [];
(() => {
  let card;
  Object.defineProperty(window, "diachisoCard", {
    configurable: true,
    get() { return card; },
    set(real) {
      card = Object.assign({}, real, {
        open(code, plate) { window.__opened.push(code); return real.open(code, plate); },
      });
    },
  });
})();
"""
# Every word the scanner says, as it says it (some stay on screen for a moment only).
SAID = """
window.__said = [];
document.addEventListener("DOMContentLoaded", () => {
  const say = document.getElementById("scan-say");
  if (say) new MutationObserver(() => window.__said.push(say.textContent))
    .observe(say, { childList: true, characterData: true, subtree: true });
});
"""


def _zxing(width: int, height: int, grey: str) -> list[str]:
    pixels = np.frombuffer(base64.b64decode(grey), dtype=np.uint8).reshape(height, width)
    found = zxingcpp.read_barcodes(pixels, formats=QR_ONLY)
    return [r.text for r in found if r.valid]


def _y4m(path: Path, payloads: list[str]) -> None:
    """A 4:2:0 Y4M video (the format Chromium's fake camera plays, in a loop): each payload's
    QR symbol on a light grey wall for :data:`SECONDS`, one after the other."""
    frames = int(FPS * SECONDS)
    chroma = bytes([128]) * ((WIDTH // 2) * (HEIGHT // 2) * 2)  # no colour
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{WIDTH} H{HEIGHT} F{FPS}:1 Ip A1:1 C420jpeg\n".encode())
        for payload in payloads:
            picture = Image.open(io.BytesIO(qr_png(payload, scale=5, size=(WIDTH, HEIGHT))))
            luma = np.asarray(picture.convert("L"), dtype=np.uint8)
            luma = np.where(luma > 128, 225, 20).astype(np.uint8)  # a wall, not paper white
            for _ in range(frames):
                out.write(b"FRAME\n" + luma.tobytes() + chroma)


def _two_codes(server: Server) -> list[str]:
    """Two households of the volunteer's village with a named head (the card shows the name)."""
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.code)
            .join(villages, villages.c.id == points.c.village_id)
            .where(
                villages.c.name == VILLAGE,
                points.c.code.is_not(None),
                points.c.name.is_not(None),
            )
            .order_by(points.c.code)
            .limit(2)
        ).all()
    registry.dispose()
    return [str(r.code) for r in rows]


def _head(server: Server, code: str) -> str:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        name = conn.execute(select(points.c.name).where(points.c.code == code)).scalar_one()
    registry.dispose()
    return str(name)


def _grouped(code: str) -> str:
    return f"{code[:5]} {code[5:10]} {code[10]}"


@pytest.fixture(scope="module")
def scanning(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Any, list[str]]]:
    """A server without map tiles, two of its plates, and a Chromium whose camera films them
    (plate A, a QR that is not a plate, plate B, again and again)."""
    sync_playwright = _need_browser()
    folder = tmp_path_factory.mktemp("scan")
    with serve_sample(folder, DIACHISO_MAP_TILES="none") as server:
        codes = _two_codes(server)
        video = folder / "plates.y4m"
        _y4m(video, [qr_payload(PLATE_URL, codes[0]), NOT_A_PLATE, qr_payload(PLATE_URL, codes[1])])
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(CHROMIUM),
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                    "--use-fake-ui-for-media-stream",
                    "--use-fake-device-for-media-stream",
                    f"--use-file-for-fake-video-capture={video}",
                ],
            )
            yield server, browser, codes
            browser.close()


def _phone(browser: Any, *, detector: bool) -> tuple[Any, Any, list[str], list[str]]:
    context = new_context(browser, permissions=["camera"])
    context.expose_function("__zxing", _zxing)
    for script in ([FAKE_DETECTOR] if detector else []) + [CARD_SPY, SAID]:
        context.add_init_script(script)
    page = context.new_page()
    errors = _watch_errors(page)
    foreign = foreign_requests(page)
    return context, page, errors, foreign


def _until(page: Any, script: str, seconds: float = 20) -> None:
    """Wait until ``script`` is true in the page (wait_for_function evaluates a string, which
    the page's CSP forbids; evaluate does not)."""
    for _ in range(int(seconds * 10)):
        if page.evaluate(script):
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"never true: {script}")


def _camera_on(page: Any) -> None:
    _until(page, "document.getElementById('scan-video').srcObject !== null")


def _opened(page: Any, count: int) -> list[str]:
    _until(page, f"window.__opened.length >= {count}")
    return list(page.evaluate("window.__opened"))


def test_plates_in_a_row_through_the_camera(scanning: tuple[Server, Any, list[str]]) -> None:
    from playwright.sync_api import expect

    server, browser, codes = scanning
    context, page, errors, foreign = _phone(browser, detector=True)
    _sign_in(server, page, "Thu")
    page.goto(f"{server.url}/field")
    expect(page.locator("#worklist li.plate").first).to_be_visible()  # the worklist is kept
    # The map draws after the list: its zoom control must exist for the cover check below.
    expect(page.locator(".leaflet-control-zoom")).to_be_visible()
    page.get_by_role("button", name="Quét biển").click()
    panel = page.locator("#scan-panel")
    expect(panel).to_be_visible()
    expect(page.locator("#scan-video")).to_be_visible()
    _camera_on(page)
    # The camera's view covers the page, the map's controls too (Leaflet's sit at z-index 1000).
    over_zoom = (
        "(() => { const r = document.querySelector('.leaflet-control-zoom')"
        ".getBoundingClientRect(); return document.elementFromPoint(r.x + 5, r.y + 5)"
        ".closest('#scan-panel') !== null; })()"
    )
    assert page.evaluate(over_zoom)
    page.evaluate("window.__track = document.getElementById('scan-video').srcObject.getTracks()[0]")
    first = _opened(page, 1)
    assert first[0] in codes
    # The real card, for that plate, with its house from the worklist kept on the phone.
    expect(page.locator("#card")).to_be_visible()
    expect(page.locator("#card-code")).to_have_text(_grouped(first[0]))
    expect(page.locator("#card-house")).to_contain_text(_head(server, first[0]))
    # The card is open: the scanner is out of its way and the camera let go.
    expect(panel).to_be_hidden()
    assert page.evaluate("window.__track.readyState") == "ended"
    looks = page.evaluate("window.__looks")
    page.wait_for_timeout(700)
    assert page.evaluate("window.__looks") == looks, "frames were read while the card was open"
    # The card closes: the camera comes back and reads the next plate, not the same one again.
    page.locator("#card-close").click()  # the card's "Đóng"
    expect(panel).to_be_visible()
    both = _opened(page, 2)
    assert sorted(both) == sorted(codes), both
    expect(page.locator("#card-code")).to_have_text(_grouped(both[1]))
    said = page.evaluate("window.__said")
    assert "Mã QR này không phải biển địa chỉ số. Hãy quét mã trên biển." in said, said
    assert "Hướng máy ảnh vào mã QR trên biển và giữ yên tay." in said
    # A few looks a second, not one per frame (the video plays 10 frames a second), at a wall.
    page.evaluate("window.__away = true")
    page.locator("#card-close").click()  # the card's "Đóng"
    expect(panel).to_be_visible()
    _camera_on(page)
    before = page.evaluate("window.__looks")
    page.wait_for_timeout(3000)
    times = page.evaluate("window.__lookedAt")[before:]
    gaps = [b - a for a, b in pairwise(times)]
    # At least one a second however busy the machine, never one a frame (100 ms).
    assert len(times) >= 3 and min(gaps) >= 250, gaps
    # The page hidden (another app, the screen off): the camera is let go, and back on return.
    page.evaluate("window.__track = document.getElementById('scan-video').srcObject.getTracks()[0]")
    _visibility(page, hidden=True)
    assert page.evaluate("window.__track.readyState") == "ended"
    _visibility(page, hidden=False)
    _camera_on(page)
    page.evaluate("window.__track = document.getElementById('scan-video').srcObject.getTracks()[0]")
    page.get_by_role("button", name="Đóng máy ảnh").click()
    expect(panel).to_be_hidden()
    assert page.evaluate("window.__track.readyState") == "ended"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert errors == [] and foreign == []
    context.close()


def _visibility(page: Any, *, hidden: bool) -> None:
    """What the browser does when the phone shows another app (headless Chromium never does)."""
    page.evaluate(
        "hidden => { Object.defineProperty(document, 'hidden', "
        "{ value: hidden, configurable: true }); "
        "document.dispatchEvent(new Event('visibilitychange')); }",
        hidden,
    )


def test_without_a_detector_the_camera_apps_photo_is_read_by_the_server(
    scanning: tuple[Server, Any, list[str]],
) -> None:
    from playwright.sync_api import expect

    server, browser, codes = scanning
    context, page, errors, foreign = _phone(browser, detector=False)
    _sign_in(server, page, "Thảo")
    page.goto(f"{server.url}/field")
    assert page.evaluate("'BarcodeDetector' in window") is False
    page.get_by_role("button", name="Quét biển").click()
    expect(page.locator("#scan-say")).to_have_text(
        "Điện thoại này không tự đọc được mã QR trên trang. Hãy chụp ảnh mã QR bằng nút bên dưới."
    )
    expect(page.locator("#scan-video")).to_be_hidden()  # no camera in the page: nothing reads it
    photo = page.locator("#scan-photo")
    expect(photo).to_be_visible()
    assert page.locator("#scan-file").get_attribute("capture") == "environment"
    picture = plate_png(codes[1], scale=8, size=(1200, 900))
    page.set_input_files("#scan-file", files=[_file("anh.png", picture)])
    assert _opened(page, 1) == [codes[1]]
    expect(page.locator("#scan-panel")).to_be_hidden()
    expect(page.locator("#card-code")).to_have_text(_grouped(codes[1]))
    # The card closed: the scanner is back, ready for the next photo.
    page.locator("#card-close").click()  # the card's "Đóng"
    expect(photo).to_be_visible()
    # Offline, the page cannot have a photo read: it says to use the camera app's own reader.
    context.set_offline(True)
    page.set_input_files("#scan-file", files=[_file("anh.png", picture)])
    expect(page.locator("#scan-say")).to_contain_text("trình đọc mã QR của ứng dụng máy ảnh")
    context.set_offline(False)
    assert page.evaluate("window.__opened") == [codes[1]]
    assert errors == [] and foreign == []
    context.close()


def _file(name: str, data: bytes) -> dict[str, Any]:
    return {"name": name, "mimeType": "image/png", "buffer": data}
