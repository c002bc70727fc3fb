"""The confirmation card on a 360×740 phone in the sun (issue 16), its position emulated: it waits
while the accuracy is 80 m and enables "Xác nhận" at 10 m (or after 60 s, with a warning); a
confirmation with the "đã trao thông báo" box and a multi-megabyte photo comes back green, the
plate moves to "đã xong" and the registry holds it with the photo shrunk on the phone; a far one
comes back amber with its distance, a draft-only point red with its reason; the same card on a
plate's own page; no console error and no request to another host."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from PIL import Image
from sqlalchemy import select

from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from gis.storage.schema import installations, points, reports
from tests.browser.conftest import LOOPBACK, Server, _need_browser, new_context, serve_sample
from tests.browser.test_pages import _codes, _sign_in, _watch_errors
from tests.printed import print_final, print_in

METRE_LAT = 1 / 111_195.0  # degrees of latitude per metre
SHOTS = Path("build/screenshots")


@pytest.fixture(scope="module")
def tileless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose maps draw no tiles: every request the page makes stays on this machine."""
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("card"), DIACHISO_MAP_TILES="none") as running:
        yield running


def _phone(
    browser: Any, at: tuple[float, float], accuracy: float
) -> tuple[Any, list[str], list[str]]:
    """A phone's page standing at ``at``, with the console errors and the requests to other
    hosts it will make."""
    context = new_context(
        browser,
        geolocation={"latitude": at[0], "longitude": at[1], "accuracy": accuracy},
        permissions=["geolocation"],
    )
    page = context.new_page()
    foreign: list[str] = []
    page.on(
        "request",
        lambda r: foreign.append(r.url) if urlparse(r.url).hostname not in LOOPBACK else None,
    )
    return page, _watch_errors(page), foreign


def _installation(server: Server, code: str) -> tuple[int, bool, bytes | None]:
    """How many installations the point has, whether it is notified, and the last one's photo."""
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        point = conn.execute(
            select(points.c.id, points.c.notified_at).where(points.c.code == code)
        ).one()
        photos = conn.execute(
            select(installations.c.photo).where(installations.c.point_id == point.id)
        ).all()
    registry.dispose()
    return len(photos), point.notified_at is not None, photos[-1].photo if photos else None


def _big_photo(folder: Path) -> Path:
    """A 4000×3000 noisy PNG of several megabytes: what a phone's camera hands the page."""
    image = Image.effect_noise((4000, 3000), 64).convert("RGB")
    path = folder / "cua-nha.png"
    image.save(path, compress_level=1)
    assert path.stat().st_size > 5_000_000
    return path


def _open_row(page: Any, code: str) -> None:
    page.locator(f'#worklist li[data-code="{code}"] a').click()
    page.wait_for_selector("#card[open]")


def test_the_card_waits_for_the_fix_then_confirms_with_a_photo(
    tileless: Server, browser: Any, tmp_path: Path
) -> None:
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    (code, lat, lon), (far, flat, flon) = _codes(tileless, 2)
    print_in(tileless.db_url, [code, far])
    page, errors, foreign = _phone(browser, (lat, lon), 80)
    _sign_in(tileless, page, "Thắm")
    page.goto(f"{tileless.url}/field")
    expect(page.locator(f'#worklist li[data-code="{code}"]')).to_be_visible()
    before = page.inner_text("#counts")
    _open_row(page, code)
    assert page.url.endswith("/field")  # the card opens over the list, not another page
    button = page.get_by_role("button", name="Xác nhận đã gắn biển")
    expect(page.locator("#card-metres")).to_have_text("±80 m")
    expect(button).to_be_disabled()
    expect(page.locator("#card-hint")).to_contain_text("dưới 30 m")
    page.context.set_geolocation({"latitude": lat, "longitude": lon, "accuracy": 10})
    expect(page.locator("#card-metres")).to_have_text("±10 m")
    expect(button).to_be_enabled()
    page.get_by_role("checkbox", name=re.compile("Đã trao thông báo")).check()
    page.set_input_files("#card-photo-input", str(_big_photo(tmp_path)))
    expect(page.locator("#card-photo-note")).to_contain_text("Đã có ảnh", timeout=20000)
    button.click()
    answer = page.locator("#card-answer")
    expect(page.locator("#card-answer-head")).to_have_text("Đã ghi nhận")
    expect(answer).to_have_class(re.compile("answer-ok"))
    expect(button).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "card-green-360.png"))
    count, notified, photo = _installation(tileless, code)
    assert (count, notified) == (1, True)
    assert photo is not None and len(photo) <= 300_000
    with Image.open(io.BytesIO(photo)) as shot:
        assert shot.format == "JPEG" and max(shot.size) <= 1600
        shot.load()  # the whole picture decodes
    page.get_by_role("button", name="Đóng").click()
    expect(page.locator("#card")).not_to_have_attribute("open", "")
    # The plate left "còn lại" for "đã xong", and the counts say so.
    expect(page.locator(f'#worklist li[data-code="{code}"]')).to_have_count(0)
    assert page.inner_text("#counts") != before
    page.get_by_role("button", name="Đã xong").click()
    expect(page.locator(f'#worklist li[data-code="{code}"]')).to_contain_text("Đã trao thông báo")

    # 135 m north of the registered point: recorded, amber, with the distance in words.
    page.get_by_role("button", name="Còn lại").click()
    page.context.set_geolocation(
        {"latitude": flat + 135 * METRE_LAT, "longitude": flon, "accuracy": 8}
    )
    _open_row(page, far)
    expect(button).to_be_enabled()
    button.click()
    expect(page.locator("#card-answer-head")).to_have_text(
        "Đã ghi nhận — cần cán bộ xem lại vì cách điểm đăng ký 135 m"
    )
    expect(answer).to_have_class(re.compile("answer-review"))
    page.screenshot(path=str(SHOTS / "card-amber-360.png"))
    assert _installation(tileless, far)[:2] == (1, False)
    assert errors == [] and foreign == []
    page.context.close()


def test_a_draft_only_plate_is_refused_in_red(tileless: Server, browser: Any) -> None:
    from playwright.sync_api import expect

    code, lat, lon = _codes(tileless, 3)[2]
    registry = open_registry(tileless.db_url)
    with registry.read() as conn:
        commune = get_commune(conn, None)
    print_final(registry, commune, [code], draft=True)  # a "BẢN THỬ" sheet, not a plate
    registry.dispose()
    page, errors, _ = _phone(browser, (lat, lon), 6)
    _sign_in(tileless, page, "Nga")
    page.goto(f"{tileless.url}/field")
    _open_row(page, code)
    page.get_by_role("button", name="Xác nhận đã gắn biển").click()
    expect(page.locator("#card-answer-head")).to_have_text("Chưa ghi nhận")
    expect(page.locator("#card-answer")).to_have_class(re.compile("answer-refused"))
    more = page.locator("#card-answer-more")
    expect(more).to_contain_text("chưa từng có trong lô in chính thức")
    expect(more).to_contain_text("báo cán bộ xã")
    assert _installation(tileless, code)[0] == 0
    assert all("422" in e for e in errors)  # the refusal's own answer only
    page.context.close()


def test_after_a_minute_a_vague_fix_may_confirm_with_a_warning(
    tileless: Server, browser: Any
) -> None:
    from playwright.sync_api import expect

    code, lat, lon = _codes(tileless, 4)[3]
    print_in(tileless.db_url, [code])
    page, errors, foreign = _phone(browser, (lat, lon), 80)
    page.clock.install()
    _sign_in(tileless, page, "Khuê")
    page.goto(f"{tileless.url}/field")
    _open_row(page, code)
    button = page.get_by_role("button", name="Xác nhận đã gắn biển")
    expect(page.locator("#card-metres")).to_have_text("±80 m")
    expect(button).to_be_disabled()
    # The page's clock also runs in real time: 50 s leaves room for a slow machine's seconds.
    page.clock.run_for(50_000)
    expect(button).to_be_disabled()
    page.clock.run_for(11_000)
    expect(button).to_be_enabled()
    hint = page.locator("#card-hint")
    expect(hint).to_contain_text("Vị trí chưa chính xác (±80 m)")
    expect(hint).to_contain_text("cán bộ xã sẽ xem lại")
    button.click()
    expect(page.locator("#card-answer-head")).to_have_text(
        "Đã ghi nhận — cần cán bộ xem lại vì vị trí chỉ chính xác ±80 m"
    )
    assert _installation(tileless, code)[0] == 1
    assert errors == [] and foreign == []
    page.context.close()


def test_the_card_on_a_plates_own_page(tileless: Server, browser: Any) -> None:
    """The camera app's way in: the plate's QR opens /A/{code}, where the card is in place."""
    from playwright.sync_api import expect

    code, lat, lon = _codes(tileless, 5)[4]
    print_in(tileless.db_url, [code])
    page, errors, foreign = _phone(browser, (lat + 5 * METRE_LAT, lon), 9)
    _sign_in(tileless, page, "Duyên")
    page.goto(f"{tileless.url}/A/{code}")
    expect(page.locator("#card-metres")).to_have_text("±9 m")
    button = page.get_by_role("button", name="Xác nhận đã gắn biển")
    button.click()
    expect(page.locator("#card-answer-head")).to_have_text("Đã ghi nhận")
    expect(page.locator("#card-answer-more")).to_contain_text("cách điểm đăng ký 5 m")
    expect(page.locator("#status")).to_have_text("Đã gắn biển")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert _installation(tileless, code)[:2] == (1, False)
    assert errors == [] and foreign == []
    page.context.close()


def test_reports_from_the_card(tileless: Server, browser: Any) -> None:
    """ "Vắng nhà" with a note, and a new household next door, which carries where the
    volunteer stands (the officer registers it there)."""
    from playwright.sync_api import expect

    code, lat, lon = _codes(tileless, 6)[5]
    here = (lat + 20 * METRE_LAT, lon)
    page, errors, foreign = _phone(browser, here, 7)
    _sign_in(tileless, page, "Quế")
    page.goto(f"{tileless.url}/field")
    name = page.locator(f'#worklist li[data-code="{code}"] .plate-name').inner_text()
    # Opened by its code alone, as the scanner does: the worklist says whose house it is.
    page.evaluate("code => { window.diachisoCard.open(code); }", code)
    expect(page.locator("#card-house")).to_contain_text(name)
    expect(page.locator("#card-metres")).to_have_text("±7 m")
    page.get_by_text("Báo sự cố", exact=True).first.click()
    answer = page.locator("#card-report-answer")
    page.get_by_label("Vấn đề").select_option(label="Vắng nhà")
    page.get_by_label("Ghi chú").fill("hẹn chiều quay lại")
    page.get_by_role("button", name="Báo sự cố").click()
    expect(answer).to_have_text("Đã gửi báo cáo sự cố. Cảm ơn bạn.")
    page.get_by_label("Vấn đề").select_option(label="Hộ mới chưa có trong danh sách")
    page.get_by_role("button", name="Báo sự cố").click()
    expect(answer).to_have_text("Đã gửi báo cáo sự cố. Cảm ơn bạn.")
    registry = open_registry(tileless.db_url)
    with registry.read() as conn:
        point = conn.execute(select(points.c.id).where(points.c.code == code)).scalar_one()
        rows = conn.execute(
            select(reports.c.reason, reports.c.note, reports.c.lat, reports.c.lon)
            .where(reports.c.point_id == point)
            .order_by(reports.c.id)
        ).all()
    registry.dispose()
    assert [(r.reason, r.note) for r in rows] == [
        ("nobody_home", "hẹn chiều quay lại"),
        ("new_household", None),
    ]
    assert rows[0].lat is None
    assert rows[1].lat == pytest.approx(here[0]) and rows[1].lon == pytest.approx(here[1])
    assert errors == [] and foreign == []
    page.context.close()


def test_without_the_outbox_the_card_says_nothing_was_sent(tileless: Server, browser: Any) -> None:
    """field_store.js did not load (a broken download): the card says in red that nothing was
    sent, rather than a button that does nothing."""
    from playwright.sync_api import expect

    code, lat, lon = _codes(tileless, 7)[6]
    print_in(tileless.db_url, [code])
    page, _, foreign = _phone(browser, (lat, lon), 5)
    page.route("**/static/field_store.js", lambda route: route.abort())
    _sign_in(tileless, page, "Hạnh")
    page.goto(f"{tileless.url}/A/{code}")
    page.get_by_role("button", name="Xác nhận đã gắn biển").click()
    expect(page.locator("#card-answer-head")).to_have_text("Chưa ghi nhận")
    expect(page.locator("#card-answer-more")).to_contain_text("báo cán bộ xã")
    assert _installation(tileless, code)[0] == 0
    assert foreign == []
    page.context.close()
