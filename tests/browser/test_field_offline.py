"""The field app without signal, on a 360 px phone: after one visit with signal the worklist and
a plate's card open offline (the service worker and IndexedDB), what is sent offline waits in a
visible queue and arrives exactly once when the signal returns, and the sign-out leaves nothing
of the volunteer's on the phone."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import func, select

from gis.field.volunteers import new_signin_link
from gis.storage.db import open_registry
from gis.storage.schema import installations, points, reports
from tests.browser.conftest import Server, _need_browser, new_context, serve_sample
from tests.browser.test_field import METRE_LAT, _walk
from tests.browser.test_pages import _sign_in, _watch_errors


@pytest.fixture(scope="module")
def tileless(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    _need_browser()
    # A dozen volunteers sign in from this one address: over the default 20 in 10 minutes.
    folder = tmp_path_factory.mktemp("offline")
    with serve_sample(
        folder, DIACHISO_MAP_TILES="none", DIACHISO_SIGNIN_ATTEMPTS="1000"
    ) as running:
        yield running


def _count(server: Server, table: Any, code: str) -> int:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        n = conn.execute(
            select(func.count())
            .select_from(table.join(points, points.c.id == table.c.point_id))
            .where(points.c.code == code)
        ).scalar_one()
    registry.dispose()
    return int(n)


def _until(page: Any, script: str, timeout: float = 15.0) -> None:
    """Polls a script until it is true (the pages' CSP refuses wait_for_function's eval)."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        assert time.monotonic() < deadline, f"never true: {script}"
        time.sleep(0.1)


SHELL, PAGES = "diachiso-shell-v1", "diachiso-pages-v1"  # static/sw.js's caches
KEPT = """async () => {
  const pages = await caches.open("diachiso-pages-v1");
  const shell = await caches.open("diachiso-shell-v1");
  return navigator.serviceWorker.controller !== null &&
    Boolean(await pages.match("/field", {ignoreSearch: true})) &&
    Boolean(await shell.match("/static/field.js"));
}"""


def _ready_offline(page: Any) -> None:
    """Waits until the service worker controls the page and has kept the shell and the page."""
    _until(page, KEPT)


def _volunteer_on_field(
    server: Server, browser: Any, name: str, at: tuple[float, float]
) -> tuple[Any, Any, list[str]]:
    """A volunteer standing at ``at`` (±8 m) after one visit of /field with signal: the page
    kept for offline use; the context, the page and the page's console errors."""
    where = {"latitude": at[0], "longitude": at[1], "accuracy": 8}
    context = new_context(browser, geolocation=where, permissions=["geolocation"])
    page = context.new_page()
    errors = _watch_errors(page)
    _sign_in(server, page, name)
    page.goto(f"{server.url}/field")
    page.wait_for_selector("#worklist li.plate")
    _ready_offline(page)
    return context, page, errors


SEND = """([kind, code, body]) => window.diachisoOutbox.send({kind, code, body, photo: null})"""


def test_the_outbox_delivers_online_and_queues_offline(tileless: Server, browser: Any) -> None:
    walk = _walk(tileless)
    (first, lat, lon), (second, lat2, lon2) = walk[2], walk[3]
    context, page, errors = _volunteer_on_field(tileless, browser, "Lan", (lat, lon))
    here = {"lat": lat, "lon": lon, "accuracy_m": 8, "notified": True}
    answer = page.evaluate(SEND, ["confirm", first, here])
    assert answer["queued"] is False and answer["status"] == 201
    assert answer["body"]["code"] == first and answer["body"]["notified"] is True

    context.set_offline(True)
    there = {"lat": lat2 + 3 * METRE_LAT, "lon": lon2, "accuracy_m": 8, "client_id": "c-two"}
    answer = page.evaluate(SEND, ["confirm", second, there])
    assert answer == {"queued": True}
    assert page.evaluate("window.diachisoOutbox.pending()") == 1
    assert _count(tileless, installations, second) == 0

    context.set_offline(False)
    page.evaluate("window.diachisoOutbox.flush()")
    assert page.evaluate("window.diachisoOutbox.pending()") == 0
    page.evaluate("window.diachisoOutbox.flush()")
    assert _count(tileless, installations, second) == 1
    assert _count(tileless, reports, second) == 0
    assert errors == []
    context.close()


def test_offline_the_worklist_and_a_plate_never_opened_open_from_the_phone(
    tileless: Server, browser: Any
) -> None:
    """The issue's day without signal: the worklist reloads, a plate's page never opened answers
    with its card, a confirmation made there waits in the queue and arrives once with the
    signal (the card then says it was recorded)."""
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    walk = _walk(tileless)
    code, lat, lon = walk[5]
    context, page, errors = _volunteer_on_field(tileless, browser, "Mai", (lat, lon))
    counts, rows = page.inner_text("#counts"), page.locator("#worklist li.plate").count()
    context.set_offline(True)
    page.reload()
    expect(page.locator("#counts")).to_have_text(counts)
    expect(page.locator("#worklist li.plate")).to_have_count(rows)
    page.goto(f"{tileless.url}/A/{code}?lang=vi")  # never opened: the kept /field answers
    expect(page.locator("#field")).to_be_attached()
    card = page.locator("#card")
    expect(card).to_be_visible()
    expect(page.locator("#card-code")).to_have_text(f"{code[:5]} {code[5:10]} {code[10]}")
    button = page.get_by_role("button", name="Xác nhận đã gắn biển")
    expect(button).to_be_enabled()
    page.get_by_role("checkbox", name=re.compile("Đã trao thông báo")).check()
    button.click()
    head = page.locator("#card-answer-head")
    expect(head).to_have_text("Đã lưu trên máy — sẽ tự gửi khi có sóng")
    expect(page.locator("#queue-say")).to_have_text("1 xác nhận chờ gửi")
    assert _count(tileless, installations, code) == 0

    context.set_offline(False)  # the page hears "online" and sends what waits
    expect(head).to_have_text("Đã ghi nhận")
    expect(page.locator("#queue")).to_be_hidden()
    assert _count(tileless, installations, code) == 1
    page.reload()
    page.evaluate("window.diachisoOutbox.flush()")
    assert _count(tileless, installations, code) == 1

    context.set_offline(True)
    page.goto(f"{tileless.url}/A/18112999999?lang=vi")  # not in the list kept
    expect(page.locator("#offline-note span")).to_have_text(
        [
            re.compile(r"^Không có mạng: danh sách lưu trên máy lúc \d\d:\d\d \d\d/\d\d$"),
            "Không có mạng, và biển 18112 99999 9 không có trong danh sách lưu trên máy.",
        ]
    )
    assert errors == []
    context.close()


def test_the_queue_shows_retries_and_delivers_once(tileless: Server, browser: Any) -> None:
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    walk = _walk(tileless)
    (code, lat, lon), (other, _, _) = walk[6], walk[7]
    context, page, errors = _volunteer_on_field(tileless, browser, "Cúc", (lat, lon))
    rows = page.locator("#worklist li.plate").count()
    queue = page.locator("#queue")
    expect(queue).to_be_hidden()
    context.set_offline(True)
    here = {"lat": lat, "lon": lon, "accuracy_m": 6, "client_id": "q-confirm"}
    assert page.evaluate(SEND, ["confirm", code, here]) == {"queued": True}
    report = {"reason": "nobody_home", "note": "vắng", "client_id": "q-report"}
    assert page.evaluate(SEND, ["report", other, report]) == {"queued": True}
    expect(page.locator("#queue-say")).to_have_text("1 xác nhận chờ gửi · 1 báo cáo chờ gửi")
    assert queue.bounding_box()["width"] <= 360
    page.click("#queue-retry")  # still no signal: both wait
    expect(page.locator("#queue-say")).to_have_text("1 xác nhận chờ gửi · 1 báo cáo chờ gửi")
    assert _count(tileless, installations, code) == 0

    context.set_offline(False)
    page.click("#queue-retry")
    expect(queue).to_be_hidden()
    expect(page.locator("#queue-note")).to_have_text("Đã gửi hết các mục chờ gửi.")
    assert (_count(tileless, installations, code), _count(tileless, reports, other)) == (1, 1)
    # The same items sent again (a tab that had not heard, a reload): recorded once still.
    page.reload()
    page.evaluate(SEND, ["confirm", code, here])
    page.evaluate(SEND, ["report", other, report])
    page.evaluate("window.diachisoOutbox.flush()")
    assert (_count(tileless, installations, code), _count(tileless, reports, other)) == (1, 1)
    expect(page.locator("#worklist li.plate")).to_have_count(rows - 1)  # the plate is done
    assert errors == []
    context.close()


def test_a_waiting_item_refused_on_arrival_is_said_and_not_retried(
    tileless: Server, browser: Any
) -> None:
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    walk = _walk(tileless)
    code, lat, lon = walk[11]
    context, page, errors = _volunteer_on_field(tileless, browser, "Sen", (lat, lon))
    context.set_offline(True)
    # A new household needs the position where the volunteer stands: this one lacks it.
    report = {"reason": "new_household", "note": "nhà mới", "client_id": "n-1"}
    assert page.evaluate(SEND, ["report", code, report]) == {"queued": True}
    expect(page.locator("#queue-say")).to_have_text("1 báo cáo chờ gửi")
    context.set_offline(False)
    expect(page.locator("#queue-note")).to_have_text(
        f"Biển {code[:5]} {code[5:10]} {code[10]} không được ghi nhận: "
        "hộ mới cần vị trí nơi bạn đứng (vĩ độ, kinh độ) để cán bộ đăng ký"
    )
    expect(page.locator("#queue")).to_be_hidden()
    assert page.evaluate("window.diachisoOutbox.pending()") == 0  # said once, not retried
    assert _count(tileless, reports, code) == 0
    # The refusal's answer (422) is the one console line the page may show.
    assert all("422" in e for e in errors) and len(errors) <= 1
    context.close()


def test_a_page_kept_from_an_earlier_session_still_delivers(tileless: Server, browser: Any) -> None:
    """The page's token is an earlier session's (a kept page, the volunteer signed in again):
    the first try is refused (403), the current token is read afresh and the item arrives."""
    walk = _walk(tileless)
    code, lat, lon = walk[12]
    context, page, _ = _volunteer_on_field(tileless, browser, "Lý", (lat, lon))
    page.evaluate(
        "() => document.querySelectorAll('input[name=csrf_token]')"
        ".forEach((i) => { i.value = 'stale'; })"
    )
    here = {"lat": lat, "lon": lon, "accuracy_m": 6}
    answer = page.evaluate(SEND, ["confirm", code, here])
    assert (answer["queued"], answer["status"]) == (False, 201)
    assert _count(tileless, installations, code) == 1
    context.close()


KEEP = """(entry) => new Promise((resolve, reject) => {
  const open = indexedDB.open("diachiso-field");
  open.onsuccess = () => {
    const tx = open.result.transaction("outbox", "readwrite");
    tx.objectStore("outbox").put(entry);
    tx.oncomplete = () => { open.result.close(); resolve(true); };
    tx.onerror = () => reject(tx.error);
  };
})"""
DATA = """async () => [
  (await indexedDB.databases()).map((d) => d.name),
  await caches.keys(),
]"""


def test_sign_out_warns_of_what_waits_then_leaves_nothing(tileless: Server, browser: Any) -> None:
    walk = _walk(tileless)
    code, lat, lon = walk[8]
    context, page, errors = _volunteer_on_field(tileless, browser, "Đào", (lat, lon))
    # Kept as a confirmation made without signal is, but the signal is back: no flush runs
    # before the sign-out (the page's next try is 15 s away).
    entry: dict[str, Any] = {"id": "s-1", "kind": "confirm", "code": code, "added": 0}
    entry["photo"] = None
    entry["body"] = {"lat": lat, "lon": lon, "accuracy_m": 6, "client_id": "s-1"}
    page.evaluate(KEEP, entry)
    assert page.evaluate("window.diachisoOutbox.pending()") == 1
    databases, kept = page.evaluate(DATA)
    assert "diachiso-field" in databases and set(kept) == {SHELL, PAGES}
    said: list[str] = []

    def refuse(dialog: Any) -> None:
        said.append(dialog.message)
        dialog.dismiss()

    page.once("dialog", refuse)
    page.click("#signout")
    page.wait_for_timeout(300)
    assert said == [
        "Còn 1 mục chưa gửi được. Đăng xuất bây giờ sẽ xóa chúng khỏi máy này. Vẫn đăng xuất?"
    ]
    assert page.url.endswith("/field") and page.evaluate("window.diachisoOutbox.pending()") == 1
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#signout")
    page.wait_for_url(f"{tileless.url}/?lang=vi")
    assert page.evaluate(DATA) == [[], []]
    assert _count(tileless, installations, code) == 0  # signed out before it was sent
    assert errors == []
    context.close()


SEND_PHOTO = """([code, body]) => {
  // A JPEG's first bytes are what the server checks; the rest stands for the picture.
  const bytes = new Uint8Array(2048);
  bytes.set([0xff, 0xd8, 0xff, 0xe0]);
  const photo = new Blob([bytes], { type: "image/jpeg" });
  return window.diachisoOutbox.send({ kind: "confirm", code, body, photo });
}"""


def _photo_size(server: Server, code: str) -> int | None:
    registry = open_registry(server.db_url)
    with registry.read() as conn:
        photo = conn.execute(
            select(installations.c.photo)
            .join(points, points.c.id == installations.c.point_id)
            .where(points.c.code == code)
        ).scalar_one()
    registry.dispose()
    return None if photo is None else len(photo)


def test_two_tabs_deliver_a_queue_with_a_photo_once(tileless: Server, browser: Any) -> None:
    """Two tabs hear the signal come back at the same moment: each item is posted once (the
    Web Lock), the photo kept in IndexedDB arrives as the form's file."""
    walk = _walk(tileless)
    (code, lat, lon), (other, lat2, lon2) = walk[9], walk[10]
    context, page, errors = _volunteer_on_field(tileless, browser, "Huệ", (lat, lon))
    second = context.new_page()
    second.goto(f"{tileless.url}/field")
    second.wait_for_selector("#worklist li.plate")
    posts: list[str] = []
    context.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    context.set_offline(True)
    here = {"lat": lat, "lon": lon, "accuracy_m": 6, "notified": True}
    assert page.evaluate(SEND_PHOTO, [code, here]) == {"queued": True}
    there = {"lat": lat2, "lon": lon2, "accuracy_m": 6}
    assert second.evaluate(SEND, ["confirm", other, there]) == {"queued": True}
    assert second.evaluate("window.diachisoOutbox.pending()") == 2
    context.set_offline(False)  # both tabs flush on "online"
    _until(page, "window.diachisoOutbox.pending().then((n) => n === 0)")
    page.evaluate("window.diachisoOutbox.flush()")
    second.evaluate("window.diachisoOutbox.flush()")
    assert sorted(u.split("/")[-2] for u in posts) == sorted([code, other])
    assert (_count(tileless, installations, code), _count(tileless, installations, other)) == (1, 1)
    assert _photo_size(tileless, code) == 2048 and _photo_size(tileless, other) is None
    assert errors == []
    context.close()


def test_a_phone_passed_on_keeps_each_volunteers_queue_to_them(
    tileless: Server, browser: Any
) -> None:
    """A phone handed to another volunteer without a sign-out: what the first one queued is
    never sent as the second one's work (their session, their name on the installation); it
    waits, out of the second one's queue, and arrives when its owner signs in again."""
    walk = _walk(tileless)
    code, lat, lon = walk[13]
    context, page, errors = _volunteer_on_field(tileless, browser, "Ánh", (lat, lon))
    first = page.get_attribute("form.signout", "data-user")
    assert first
    entry: dict[str, Any] = {"id": "h-1", "kind": "confirm", "code": code, "added": 0}
    entry.update(photo=None, user=first)
    entry["body"] = {"lat": lat, "lon": lon, "accuracy_m": 6, "client_id": "h-1"}

    _sign_in(tileless, page, "Bảo")  # the same phone, Ánh never signed out
    page.goto(f"{tileless.url}/field")
    page.wait_for_selector("#worklist li.plate")
    second = page.get_attribute("form.signout", "data-user")
    assert second and second != first
    page.evaluate(KEEP, entry)  # as Ánh's page had kept it without signal
    page.evaluate("window.diachisoOutbox.flush()")
    assert page.evaluate("window.diachisoOutbox.pending()") == 0  # not in Bảo's queue
    assert _count(tileless, installations, code) == 0
    # A page of Ánh's session, kept on the phone, tries too: the token it holds is refused and
    # the session it would renew from is Bảo's, so the item waits.
    page.evaluate(
        """(who) => {
          document.querySelector("form.signout").dataset.user = who;
          document.querySelectorAll("input[name=csrf_token]").forEach((i) => { i.value = "old"; });
        }""",
        first,
    )
    answer = page.evaluate("window.diachisoOutbox.flush()")
    assert answer is None and _count(tileless, installations, code) == 0
    page.reload()
    page.wait_for_selector("#worklist li.plate")

    registry = open_registry(tileless.db_url)
    token, _ = new_signin_link(registry, name="Ánh", actor="test")
    registry.dispose()
    page.goto(f"{tileless.url}/signin/{token}")
    page.click("#signin")
    page.wait_for_selector("#signed-in")
    page.goto(f"{tileless.url}/field")
    page.wait_for_selector("#worklist li.plate")
    _until(page, "window.diachisoOutbox.pending().then((n) => n === 0)")
    page.evaluate("window.diachisoOutbox.flush()")
    assert _count(tileless, installations, code) == 1
    registry = open_registry(tileless.db_url)
    with registry.read() as conn:
        actor = conn.execute(
            select(installations.c.actor)
            .join(points, points.c.id == installations.c.point_id)
            .where(points.c.code == code)
        ).scalar_one()
    registry.dispose()
    assert actor == "user:Ánh"
    assert not [e for e in errors if "403" not in e]  # Ánh's stale token: the browser's line
    context.close()


def test_a_plate_confirmed_offline_leaves_what_is_left_until_it_is_sent(
    tileless: Server, browser: Any
) -> None:
    """Confirmed at the door without signal, a plate is done for the volunteer: off "còn lại",
    on "đã xong" tagged "chờ gửi", still so after a reload without signal; the tag goes when
    the confirmation arrives. A household told already opens with its box ticked."""
    from playwright.sync_api import expect  # after the fixtures: they skip when it is missing

    walk = _walk(tileless)
    code, lat, lon = walk[14]
    told = walk[15][0]
    registry = open_registry(tileless.db_url)
    with registry.write() as conn:
        conn.execute(points.update().where(points.c.code == told).values(notified_at=func.now()))
    registry.dispose()
    context, page, errors = _volunteer_on_field(tileless, browser, "Hạnh", (lat, lon))
    left = page.locator("#worklist li.plate").count()
    context.set_offline(True)
    page.locator(f"#worklist li.plate[data-code='{code}'] a").click()
    page.get_by_role("button", name="Xác nhận đã gắn biển").click()
    expect(page.locator("#card-answer-head")).to_have_text(
        "Đã lưu trên máy — sẽ tự gửi khi có sóng"
    )
    page.get_by_role("button", name="Đóng").click()
    rows = page.locator("#worklist li.plate")
    expect(rows).to_have_count(left - 1)
    expect(page.locator(f"#worklist li.plate[data-code='{code}']")).to_have_count(0)
    expect(page.locator("#counts")).to_contain_text(f"còn {left - 1} biển")

    page.reload()  # no signal: the kept page and list, and what waits on the phone
    expect(rows).to_have_count(left - 1)
    page.get_by_role("button", name="Đã xong").click()
    waiting = page.locator(f"#worklist li.plate[data-code='{code}'] .plate-waiting")
    expect(waiting).to_have_text("chờ gửi")

    page.get_by_role("button", name="Còn lại").click()
    page.locator(f"#worklist li.plate[data-code='{told}'] a").click()
    expect(page.get_by_role("checkbox", name=re.compile("Đã trao thông báo"))).to_be_checked()
    page.get_by_role("button", name="Đóng").click()

    context.set_offline(False)  # the page hears "online" and sends what waits
    expect(page.locator("#queue")).to_be_hidden()
    page.get_by_role("button", name="Đã xong").click()
    expect(page.locator(f"#worklist li.plate[data-code='{code}']")).to_be_visible()
    expect(waiting).to_have_count(0)
    assert _count(tileless, installations, code) == 1
    assert errors == []
    context.close()
