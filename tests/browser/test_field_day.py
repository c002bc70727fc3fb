"""A volunteer's day in the field app, end to end (issue 16's checks), in Chromium at 360×740
with the phone's position emulated: sign in, the worklist and its counts; the card waits at
±80 m and lets the volunteer confirm at ±10 m, with the notified box and a photo (green); a
confirmation 135 m away (amber, with the distance); the signal lost, a plate's page never
opened comes from the phone's copy and its confirmation waits; the signal back, it is
delivered exactly once; coverage's installed and notified rise by what was done; a plate only
ever printed as a draft is refused with its reason; signing out leaves nothing on the phone.
No console error, no request to another host (the map draws no tiles)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw
from sqlalchemy import func, select

from addrgen.catalog import t
from gis.registry.communes import get_commune
from gis.storage.db import open_registry
from gis.storage.schema import installations, points, villages
from gis.views.worklist import Village, worklist
from tests.browser.conftest import (
    Server,
    _need_browser,
    foreign_requests,
    new_context,
    serve_sample,
)
from tests.browser.test_pages import _sign_in
from tests.printed import print_final

VILLAGE = "Tây Bắc"  # the sample's village the test volunteers are given (_sign_in)
METRE_LAT = 1 / 111_195.0
Plate = tuple[str, float, float]  # code, lat, lon


@pytest.fixture(scope="module")
def day(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server whose maps draw no tiles: every request the phone makes stays on this machine."""
    _need_browser()
    with serve_sample(tmp_path_factory.mktemp("day"), DIACHISO_MAP_TILES="none") as running:
        yield running


def _print_village(server: Server) -> tuple[list[Plate], Plate]:
    """The village's plates printed in a final batch, in code order (the walk), except the last
    one, only ever printed in a draft ("BẢN THỬ" is no plate); (printed plates, draft one)."""
    registry = open_registry(server.db_url)
    try:
        with registry.read() as conn:
            commune = get_commune(conn, None)
            row = conn.execute(
                select(villages.c.id, villages.c.ordinal).where(villages.c.name == VILLAGE)
            ).one()
            # Never printed yet: the worklist lists them by code.
            items = worklist(conn, within=[Village(row.id, VILLAGE, row.ordinal)])
        plates = [(i.code, i.lat, i.lon) for i in items]
        print_final(registry, commune, [c for c, _, _ in plates[:-1]])
        print_final(registry, commune, [plates[-1][0]], draft=True)
    finally:
        registry.dispose()
    return plates[:-1], plates[-1]


def _installations(server: Server, code: str) -> list[tuple[str | None, int]]:
    """The plate's installations as the registry holds them: (photo type, photo bytes) each."""
    registry = open_registry(server.db_url)
    try:
        with registry.read() as conn:
            rows = conn.execute(
                select(installations.c.photo_type, func.length(installations.c.photo))
                .join(points, points.c.id == installations.c.point_id)
                .where(points.c.code == code)
            ).all()
    finally:
        registry.dispose()
    return [(r[0], int(r[1] or 0)) for r in rows]


def _coverage(server: Server) -> dict[str, int]:
    """The village's installed and notified, as anyone reads them (`GET /api/coverage`)."""
    doc = httpx.get(f"{server.url}/api/coverage", timeout=10).json()
    [village] = [v for v in doc["villages"] if v["village"] == VILLAGE]
    return {"installed": village["installed"], "notified": village["notified"]}


def _photo(folder: Path) -> Path:
    """A phone camera's picture: a plate on a wall, 3000×2000, several MB as a PNG."""
    image = Image.new("RGB", (3000, 2000))
    draw = ImageDraw.Draw(image)
    for y in range(0, 2000, 4):  # stripes and noise keep it from compressing to nothing
        draw.line([(0, y), (3000, y)], fill=(y % 251, (y * 7) % 253, (y * 13) % 241))
    draw.rectangle([1100, 700, 1900, 1300], fill=(255, 255, 255), outline=(0, 80, 200), width=30)
    path = folder / "plate.png"
    image.save(path)
    return path


def _watch_errors(page: Any, *, expected: str) -> list[str]:
    """The console's errors and the page's uncaught exceptions, but for the browser's own line
    about the one refusal the scenario asks for (Chromium logs every 4xx answer to a fetch,
    whatever the script does with it)."""
    errors: list[str] = []

    def console(message: Any) -> None:
        refused = "status of 422" in message.text
        if message.type == "error" and not (refused and expected in message.location["url"]):
            errors.append(f"{message.text} ({message.location['url']})")

    page.on("console", console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    return errors


def _stand(context: Any, plate: Plate, *, north_m: float, accuracy: float) -> None:
    _, lat, lon = plate
    context.set_geolocation(
        {"latitude": lat + north_m * METRE_LAT, "longitude": lon, "accuracy": accuracy}
    )


def _open_card(page: Any, plate: Plate) -> Any:
    """Tap the plate's row in the worklist (under "Còn lại"): its card opens over the list."""
    page.get_by_role("button", name=t("page.field.filter.remaining", "vi")).click()
    page.locator(f'#worklist li.plate[data-code="{plate[0]}"] a').click()
    card = page.locator("#card")
    card.wait_for(state="visible")
    return card


def _answer(page: Any, kind: str) -> Any:
    from playwright.sync_api import expect

    box = page.locator("#card-answer")
    expect(box).to_have_class(re.compile(rf"\banswer-{kind}\b"), timeout=15_000)
    return box


def _pending(page: Any) -> int:
    return int(page.evaluate("() => window.diachisoOutbox.pending()"))


def test_a_volunteers_day(day: Server, browser: Any, tmp_path: Path) -> None:
    """One scenario, step by step as a volunteer lives it (longer than 60 lines: the day is one
    story, each step depending on the last)."""
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    printed, draft = _print_village(day)
    first, far, unseen = printed[0], printed[1], printed[2]
    before = _coverage(day)
    context = new_context(browser, permissions=["geolocation", "camera"])
    _stand(context, first, north_m=4, accuracy=80)
    page = context.new_page()
    errors = _watch_errors(page, expected=f"/api/points/{draft[0]}/installations")
    foreign = foreign_requests(page)
    _sign_in(day, page, "Hoa")
    page.goto(f"{day.url}/field")
    # The worklist: every plate of the village still to do, none flagged, none done.
    total = len(printed) + 1
    expect(page.locator("#counts")).to_have_text(f"còn {total} biển · 0 đã xong")
    expect(page.locator("#worklist li.plate")).to_have_count(total)
    _kept_for_offline(page)

    # At the first door the fix is ±80 m: the card waits; at ±10 m it lets the volunteer confirm.
    card = _open_card(page, first)
    expect(page.locator("#card-metres")).to_have_text("±80 m")
    expect(page.locator("#card-confirm")).to_be_disabled()
    _stand(context, first, north_m=4, accuracy=10)
    expect(page.locator("#card-metres")).to_have_text("±10 m")
    expect(page.locator("#card-confirm")).to_be_enabled()
    page.locator("#card-notified").check()
    page.locator("#card-photo-input").set_input_files(str(_photo(tmp_path)))
    expect(page.locator("#card-photo-note")).to_contain_text("Đã có ảnh")
    page.locator("#card-confirm").click()
    green = _answer(page, "ok")
    expect(green.locator("#card-answer-head")).to_have_text(t("page.field.card.ok", "vi"))
    # One installation, with the photo shrunk on the phone to what a weak signal carries.
    [(photo_type, photo_bytes)] = _installations(day, first[0])
    assert photo_type == "image/jpeg" and 10_000 < photo_bytes <= 300_000
    page.locator("#card-close").click()
    expect(card).to_be_hidden()

    # The next plate is confirmed 135 m from its registered point: recorded, for the officer.
    _stand(context, far, north_m=135, accuracy=10)
    _open_card(page, far)
    expect(page.locator("#card-confirm")).to_be_enabled()
    page.locator("#card-confirm").click()
    amber = _answer(page, "review")
    expect(amber.locator("#card-answer-head")).to_have_text(
        re.compile(r"^Đã ghi nhận — cần cán bộ xem lại vì cách điểm đăng ký 13[4-6]\u00a0m$")
    )
    page.locator("#card-close").click()
    # The list follows: one done, one for the officer to review, the rest still to do.
    counts = f"còn {total - 2} biển · 1 cần xem lại · 1 đã xong"
    expect(page.locator("#counts")).to_have_text(counts)

    # A plate printed only in a draft is refused, saying why and whom to ask.
    _stand(context, draft, north_m=3, accuracy=8)
    _open_card(page, draft)
    expect(page.locator("#card-confirm")).to_be_enabled()
    page.locator("#card-confirm").click()
    red = _answer(page, "refused")
    expect(red.locator("#card-answer-head")).to_have_text(t("page.field.card.refused", "vi"))
    expect(red.locator("#card-answer-more")).to_contain_text("chưa từng có trong lô in chính thức")
    assert _installations(day, draft[0]) == []
    page.locator("#card-close").click()

    _offline_then_delivered_once(day, context, page, unseen)

    after = _coverage(day)
    # Three plates on the wall (the far one too, flagged); two households told (the box).
    assert after == {
        "installed": before["installed"] + 3,
        "notified": before["notified"] + 2,
    }
    _signed_out_nothing_kept(day, page)
    assert errors == [] and foreign == [], (errors, foreign)
    context.close()


def _until(page: Any, script: str, arg: Any = None, *, seconds: float = 30) -> None:
    """Poll an async script until it answers true (wait_for_function takes the Promise an async
    function returns for a true answer)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(script, arg):
        assert time.monotonic() < deadline, f"still false after {seconds} s: {script}"
        page.wait_for_timeout(200)


def _kept_for_offline(page: Any) -> None:
    """One visit with signal keeps the app on the phone: wait until its service worker runs the
    page and holds the worklist page (a plate's page never opened is answered from it)."""
    _until(
        page,
        """async () => Boolean(navigator.serviceWorker && navigator.serviceWorker.controller
            && await caches.match("/field", { ignoreSearch: true }))""",
    )


def _offline_then_delivered_once(server: Server, context: Any, page: Any, plate: Plate) -> None:
    """No signal: a plate's page never opened opens from the phone; its confirmation waits on
    the phone and is delivered, once, when the signal returns."""
    from playwright.sync_api import expect

    context.set_offline(True)
    _stand(context, plate, north_m=2, accuracy=6)
    page.goto(f"{server.url}/A/{plate[0]}?lang=vi")
    card = page.locator("#card")
    expect(card).to_be_visible()
    # Under the card, the worklist kept on the phone, its map with the village's outline.
    expect(page.locator("#field-map path.field-outline")).to_have_count(1)
    expect(page.locator("#card-confirm")).to_be_enabled()
    page.locator("#card-notified").check()
    page.locator("#card-confirm").click()
    queued = _answer(page, "queued")
    expect(queued.locator("#card-answer-head")).to_have_text(t("page.field.card.queued", "vi"))
    assert _pending(page) == 1
    # The page from the phone is the worklist's: its queue says what waits, with a retry.
    expect(page.locator("#queue-say")).to_have_text(t("page.field.offline.confirms", "vi", n=1))
    assert _installations(server, plate[0]) == []

    context.set_offline(False)  # the phone's "online" event: the app sends what waits
    _until(page, "async () => (await window.diachisoOutbox.pending()) === 0")
    _answer(page, "ok")  # the card, still open on that plate, shows the server's answer
    expect(page.locator("#queue")).to_be_hidden()
    page.evaluate("() => window.diachisoOutbox.flush()")  # a second try sends nothing again
    page.reload()
    assert _pending(page) == 0
    assert len(_installations(server, plate[0])) == 1


def _signed_out_nothing_kept(server: Server, page: Any) -> None:
    """Signing out on a borrowed phone: no IndexedDB database and no cached page is left."""
    page.goto(f"{server.url}/field")
    page.click("#signout")
    page.wait_for_url(f"{server.url}/?lang=vi")  # the home page, once the server said so
    assert page.locator("#signed-in").count() == 0
    databases = page.evaluate("async () => (await indexedDB.databases()).map((d) => d.name)")
    assert "diachiso-field" not in databases
    assert page.evaluate("async () => await caches.keys()") == []
