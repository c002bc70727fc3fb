"""The console's follow-up section and its JSON API (issue 15): the review queue (a far
confirmation queued, kept or moved to where the volunteer stood), the open problem reports
(closed with a note), the stale plates, the coverage per village; who may see and answer them
(401 signed out, 403 a volunteer or another commune's officer, 422 in the catalog's words)."""

from __future__ import annotations

import math
import re
from typing import Any

import pytest
from sqlalchemy import select, update

from addrgen.catalog import message
from gis.field.accounts import add_user
from gis.registry.batches import PrintItem, record_batch
from gis.registry.communes import add_commune
from gis.storage.schema import events, points
from tests.api.conftest import VILLAGE, Site, bearer
from tests.api.test_console import _officer_session
from tests.conftest import CliRunner

METRE_LAT = 1 / 111_195.0  # degrees of latitude per metre
QUEUES = ("/api/review", "/api/reports?open=true", "/api/stale")


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 100


def _confirm_far(
    site: Site, code: str, *, north_m: float = 60.0, photo: bool = False, name: str = "Lan"
) -> Any:
    """A volunteer's confirmation ``north_m`` from the registered point (flagged beyond 30 m)."""
    lat, lon = site.position(site.plate(code))
    body = {"lat": lat + north_m * METRE_LAT, "lon": lon, "accuracy_m": 5.0}
    token = bearer(site.volunteer_token(name))
    if photo:
        files = {"photo": ("p.jpg", JPEG, "image/jpeg")}
        data = {k: str(v) for k, v in body.items()}
        r = site.client.post(
            f"/api/points/{code}/installations", data=data, files=files, headers=token
        )
    else:
        r = site.client.post(f"/api/points/{code}/installations", json=body, headers=token)
    assert r.status_code == 201 and r.json()["needs_review"] is True, r.text
    return body


def printed_with(site: Site, code: str, text: str) -> None:
    """Record a final batch that printed ``code``'s plate with the words ``text``."""
    with site.registry.write() as conn:
        record_batch(
            conn,
            site.commune,
            purpose="batch",
            selection={"codes": [code]},
            mode="office",
            draft=False,
            public_url="https://diachi.example.vn",
            out_dir="/tmp",
            files={},
            items=[PrintItem(int(str(site.point(code)["id"])), 1, code, text)],
            actor="t",
        )


def _stranger(site: Site) -> dict[str, str]:
    """An officer of another commune, with a token."""
    other = add_commune(
        site.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t"
    )
    new = add_user(site.registry, other, name="Lạ", role="officer", token=True, actor="t")
    assert new.api_token is not None
    return bearer(new.api_token)


def test_the_queues_need_an_officer_of_the_commune(site: Site) -> None:
    code = site.code_in(VILLAGE)
    _confirm_far(site, code)
    volunteer = bearer(site.volunteer_token("Hạnh"))
    stranger = _stranger(site)
    mine = f"commune={site.commune.name}"
    for url in QUEUES:
        join = "&" if "?" in url else "?"
        assert site.client.get(url).status_code == 401, url
        assert site.client.get(url, headers=volunteer).status_code == 403, url
        r = site.client.get(f"{url}{join}{mine}", headers=stranger)
        assert r.status_code == 403 and r.json()["error"]["code"] == "auth.commune_not_allowed"
    move = f"/api/points/{code}/review/move"
    assert site.client.post(move, json={"note": "x"}).status_code == 401
    assert site.client.post(move, json={"note": "x"}, headers=volunteer).status_code == 403
    r = site.client.post(move, json={"note": "x"}, headers=stranger)
    assert r.status_code == 403 and r.json()["error"]["code"] == "auth.review_not_allowed"
    assert site.point(code)["needs_review"] is True  # nobody above changed it


def test_bad_answers_are_refused_in_the_catalogs_words(site: Site) -> None:
    code = site.code_in(VILLAGE)
    officer = bearer(site.token("Minh", "officer"))
    move = f"/api/points/{code}/review/move"
    r = site.client.post(move, json={}, headers=officer)
    assert r.status_code == 422 and r.json()["error"]["message"]
    r = site.client.post(move, json={"note": "  "}, headers=officer)
    assert r.status_code == 422 and r.json()["error"]["code"] == "review.note_empty"
    assert r.json()["error"]["message"] == message("review.note_empty", "vi", value="")
    r = site.client.post(move, json={"note": "đã xem"}, headers=officer)
    assert r.status_code == 409 and r.json()["error"]["code"] == "review.not_flagged"
    with site.registry.write() as conn:  # flagged without a confirmation: nowhere to move it
        conn.execute(update(points).where(points.c.code == code).values(needs_review=True))
    r = site.client.post(move + "?lang=en", json={"note": "đã xem"}, headers=officer)
    assert r.status_code == 409 and r.json()["error"]["code"] == "review.no_confirmation"
    assert "no confirmation from the field" in r.json()["error"]["message"]
    assert site.client.get("/api/reports?open=maybe", headers=officer).status_code == 422


def test_a_far_confirmation_is_queued_and_moved_to_where_it_was_made(site: Site) -> None:
    code = site.code_in(VILLAGE)
    registered = site.position(code)
    confirmed = _confirm_far(site, code, photo=True)
    officer = bearer(site.token("Minh", "officer"))
    (item,) = site.client.get("/api/review", headers=officer).json()
    assert item["code"] == code and item["village"] == VILLAGE
    assert (item["registered"]["lat"], item["registered"]["lon"]) == registered
    seen = item["confirmed"]
    assert math.isclose(seen["lat"], confirmed["lat"]) and seen["photo"] is True
    assert math.isclose(seen["distance_m"], 60.0, abs_tol=0.5) and seen["accuracy_m"] == 5.0
    r = site.client.post(
        f"/api/points/{code}/review/move", json={"note": "nhà ở phía bắc"}, headers=officer
    )
    assert r.status_code == 200, r.text
    moved = r.json()
    assert moved["needs_review"] is False and moved["status"] == "installed"
    assert math.isclose(moved["lat"], confirmed["lat"]) and moved["code"] == code
    assert site.position(code) == pytest.approx((confirmed["lat"], confirmed["lon"]))
    assert site.client.get("/api/review", headers=officer).json() == []
    with site.registry.read() as conn:
        actions = conn.execute(
            select(events.c.action).where(events.c.entity == "point").order_by(events.c.id)
        ).scalars()
        assert list(actions)[-2:] == ["point.move", "point.review_move"]
    again = site.client.post(
        f"/api/points/{code}/review/move", json={"note": "lại"}, headers=officer
    )
    assert again.status_code == 409


def test_open_reports_are_listed_and_closed(site: Site) -> None:
    code = site.code_in(VILLAGE)
    volunteer = bearer(site.volunteer_token())
    filed = site.client.post(
        f"/api/points/{code}/reports", json={"reason": "damaged", "note": "rơi"}, headers=volunteer
    )
    officer = bearer(site.token("Minh", "officer"))
    (report,) = site.client.get("/api/reports?open=true", headers=officer).json()
    assert report["id"] == filed.json()["id"] and report["open"] is True
    close = f"/api/reports/{report['id']}/close"
    assert site.client.post(close, json={"note": "đã thay"}, headers=officer).status_code == 200
    assert site.client.get("/api/reports?open=true", headers=officer).json() == []
    (closed,) = site.client.get("/api/reports", headers=officer).json()
    assert closed["close_note"] == "đã thay" and closed["open"] is False


def test_stale_plates_are_listed_with_the_way_to_reprint_them(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    r = site.client.get("/api/stale", headers=officer)
    assert r.status_code == 200 and r.json() == []  # the sample has printed nothing
    code = site.code_in(VILLAGE)
    printed_with(site, code, "thôn Cũ, xã Cũ")  # words the address no longer has
    (plate,) = site.client.get("/api/stale", headers=officer).json()
    assert plate["code"] == code and plate["printed_text"] == "thôn Cũ, xã Cũ"
    assert VILLAGE in plate["current_text"]
    _officer_session(site, name="Hà")
    page = site.client.get("/console/followup").text
    assert f'<tr data-code="{code}">' in page and "Biển cần in lại (1)" in page
    link = re.search(r'href="(/console/print[^"#]*)#reprint" id="to-reprint"', page)
    assert link and site.client.get(link.group(1).replace("&amp;", "&")).status_code == 200


def test_the_cli_moves_a_point_as_the_api_does(site: Site, cli: CliRunner) -> None:
    """`review move`: the same service as the console's button and the API's route."""
    code = site.code_in(VILLAGE)
    confirmed = _confirm_far(site, code)
    refused = cli("review", "move", code, "--note", " ", "--db", site.db_url)
    assert refused.code == 1 and site.point(code)["needs_review"] is True
    done = cli("review", "move", code, "--note", "nhà ở phía bắc", "--db", site.db_url)
    assert done.code == 0 and "moved" in done.err and VILLAGE in done.err  # told on stderr
    assert site.position(code) == pytest.approx((confirmed["lat"], confirmed["lon"]))
    again = cli("review", "move", code, "--note", "lại", "--db", site.db_url)
    assert again.code == 1 and "not flagged" in again.err


# --- the page ---------------------------------------------------------------------------------


def test_the_page_is_for_officers(site: Site) -> None:
    assert site.client.get("/console/followup").status_code == 401
    site.signed_in()
    r = site.client.get("/console/followup")
    assert r.status_code == 403 and "Traceback" not in r.text


def test_the_officer_moves_a_point_and_closes_a_report_on_the_page(site: Site) -> None:
    code, kept = site.code_in(VILLAGE), site.code_in(VILLAGE, offset=1)
    confirmed = _confirm_far(site, code)
    _confirm_far(site, kept, north_m=45, name="Tâm")
    volunteer = bearer(site.volunteer_token("Hạnh"))
    report = site.client.post(
        f"/api/points/{kept}/reports", json={"reason": "damaged"}, headers=volunteer
    ).json()
    csrf = _officer_session(site)
    page = site.client.get("/console/followup")
    assert page.status_code == 200 and 'id="nav-followup"' in page.text
    assert f'data-code="{code}"' in page.text and f'data-report="{report["id"]}"' in page.text
    assert "Điểm cần kiểm tra (2)" in page.text and "Phản ánh chưa xử lý (1)" in page.text
    lat = f"{confirmed['lat']:.6f}".replace(".", ",")
    assert lat in page.text  # the confirmed position, the Vietnamese way
    form = {"csrf_token": csrf, "note": "nhà ở phía bắc", "action": "move"}
    assert (
        site.client.post(
            f"/console/followup/review/{code}", data={**form, "csrf_token": "x"}
        ).status_code
        == 403
    )
    r = site.client.post(f"/console/followup/review/{code}", data=form)
    assert r.status_code == 200 and 'id="done"' in r.text and "Điểm cần kiểm tra (1)" in r.text
    assert site.position(code) == pytest.approx((confirmed["lat"], confirmed["lon"]))
    keep = {"csrf_token": csrf, "note": "biển gắn đúng nhà", "action": "clear"}
    registered = site.position(kept)
    assert site.client.post(f"/console/followup/review/{kept}", data=keep).status_code == 200
    assert site.position(kept) == registered and site.point(kept)["needs_review"] is False
    r = site.client.post(
        f"/console/followup/reports/{report['id']}/close",
        data={"csrf_token": csrf, "note": "đã thay"},
    )
    assert r.status_code == 200 and "Không có phản ánh nào chưa xử lý." in r.text
    refused = site.client.post(
        f"/console/followup/reports/{report['id']}/close", data={"csrf_token": csrf, "note": " "}
    )
    assert (
        refused.status_code == 422 and message("report.note_empty", "vi", value="") in refused.text
    )


def test_the_officer_sees_the_volunteers_photo(site: Site) -> None:
    with_photo, without = site.code_in(VILLAGE), site.code_in(VILLAGE, offset=1)
    _confirm_far(site, with_photo, photo=True)
    _confirm_far(site, without, name="Tâm")
    _officer_session(site)
    page = site.client.get("/console/followup").text
    (href,) = re.findall(r'href="(/console/followup/photo/\d+)" class="photo"', page)
    r = site.client.get(href)
    assert r.status_code == 200 and r.headers["content-type"] == "image/jpeg"
    assert r.content == JPEG and "no-store" in r.headers["cache-control"]
    number = int(href.rsplit("/", 1)[1])
    missing = site.client.get(f"/console/followup/photo/{number + 1}")  # the one without
    assert missing.status_code == 404 and "không kèm ảnh" in missing.text
    site.client.cookies.clear()
    assert site.client.get(href).status_code == 401
    refused = site.client.get(href, headers=_stranger(site))  # another commune's officer
    assert refused.status_code == 403 and refused.content != JPEG
    site.signed_in()
    assert site.client.get(href).status_code == 403
