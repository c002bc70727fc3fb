"""The notice's first half (issue 16): a household recorded as notified from a volunteer's
confirmation ticked "đã trao thông báo" or by the officer for a batch, a village or some codes
(JSON route and CLI); the first record stands; each is an event; coverage counts it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from api.cli import main
from gis.field.accounts import add_user
from gis.storage.schema import events, points
from gis.views.coverage import coverage
from tests.api.conftest import VILLAGE, Site, bearer
from tests.printed import print_final


def _body(site: Site, code: str, **extra: Any) -> dict[str, Any]:
    lat, lon = site.position(code)
    return {"lat": lat, "lon": lon, "accuracy_m": 5.0, **extra}


def _notify_events(site: Site, code: str) -> list[dict[str, Any]]:
    pid = site.point(code)["id"]
    with site.registry.read() as conn:
        rows = conn.execute(
            select(events.c.actor, events.c.after).where(
                events.c.action == "point.notify", events.c.entity_id == pid
            )
        ).all()
    return [{"actor": r.actor, **r.after} for r in rows]


def _village_figures(site: Site, village: str = VILLAGE) -> dict[str, Any]:
    with site.registry.read() as conn:
        doc = coverage(conn, site.commune)
    figures: dict[str, Any] = next(v for v in doc["villages"] if v["village"] == village)
    return figures | {"commune": doc["commune"]}


def _final_batch(site: Site, codes: list[str], label: str, *, draft: bool = False) -> None:
    print_final(site.registry, site.commune, codes, label=label, draft=draft)


def test_a_confirmation_ticked_notified_records_who_and_when(site: Site) -> None:
    code, other = site.code_in(VILLAGE), site.code_in(VILLAGE, offset=1)
    _final_batch(site, [code, other], "L-T1")
    token = site.volunteer_token()
    before = _village_figures(site)
    r = site.client.post(
        f"/api/points/{code}/installations",
        json=_body(site, code, notified=True, client_id="n-1"),
        headers=bearer(token),
    )
    assert r.status_code == 201 and r.json()["notified"] is True
    point = site.point(code)
    assert point["notified_at"] is not None and point["notified_by"] == "user:Lan"
    assert _notify_events(site, code) == [
        {"actor": "user:Lan", "notified": True, "how": "confirmation"}
    ]
    # Not ticked: installed, but not notified.
    plain = site.client.post(
        f"/api/points/{other}/installations", json=_body(site, other), headers=bearer(token)
    )
    assert plain.status_code == 201 and plain.json()["notified"] is False
    assert site.point(other)["notified_at"] is None
    after = _village_figures(site)
    assert after["installed"] == before["installed"] + 2
    assert after["notified"] == before["notified"] + 1
    assert after["percent_notified"] == round(100 * after["notified"] / after["total"], 1)
    assert after["commune"]["notified"] == before["commune"]["notified"] + 1


def test_a_retry_ticked_later_notifies_once(site: Site) -> None:
    code = site.code_in(VILLAGE)
    _final_batch(site, [code], "L-T2")
    token = site.volunteer_token()
    url = f"/api/points/{code}/installations"
    assert site.client.post(url, json=_body(site, code), headers=bearer(token)).status_code == 201
    again = site.client.post(url, json=_body(site, code, notified=True), headers=bearer(token))
    assert again.status_code == 200 and again.json()["notified"] is True
    site.client.post(url, json=_body(site, code, notified=True), headers=bearer(token))
    assert len(_notify_events(site, code)) == 1


def test_the_officer_notifies_a_final_batch_by_json(site: Site) -> None:
    codes = [site.code_in(VILLAGE, offset=i) for i in range(3)]
    _final_batch(site, codes, "L-T3")
    _final_batch(site, [site.code_in(VILLAGE, offset=5)], "L-DRAFT", draft=True)
    officer = site.token("Hà", "officer")
    url = "/api/notifications"
    r = site.client.post(url, json={"batch": "L-T3"}, headers=bearer(officer))
    assert r.status_code == 200, r.text
    assert r.json() == {"notified": 3, "already": 0, "codes": codes}
    assert all(_notify_events(site, c)[0]["how"] == "officer" for c in codes)
    twice = site.client.post(url, json={"batch": "L-T3"}, headers=bearer(officer))
    assert twice.json() == {"notified": 0, "already": 3, "codes": []}
    draft = site.client.post(url, json={"batch": "L-DRAFT"}, headers=bearer(officer))
    assert draft.status_code == 422 and "BẢN THỬ" not in draft.text
    assert "bản in thử" in draft.json()["error"]["message"]
    unknown = site.client.post(url, json={"batch": "L-NONE"}, headers=bearer(officer))
    assert unknown.status_code == 404
    both = site.client.post(url, json={"batch": "L-T3", "codes": codes}, headers=bearer(officer))
    assert both.status_code == 422
    volunteer = site.volunteer_token()
    refused = site.client.post(url, json={"codes": codes}, headers=bearer(volunteer))
    assert refused.status_code == 403


def test_the_officer_notifies_a_village_and_codes_from_the_command_line(
    site: Site, capsys: Any
) -> None:
    code = site.code_in(VILLAGE)
    assert main(["points", "notify", code, "--db", site.db_url, "--json"]) == 0
    assert '"notified": 1' in capsys.readouterr().out
    assert main(["points", "notify", "--village", VILLAGE, "--db", site.db_url]) == 0
    said = capsys.readouterr().err
    figures = _village_figures(site)
    assert figures["notified"] == figures["coded"]
    assert "đã được ghi nhận từ trước" in said and "1 hộ đã" in said
    assert figures["percent_notified"] == round(100 * figures["coded"] / figures["total"], 1)
    assert main(["points", "notify", "--db", site.db_url]) == 1
    assert "đúng một cách" in capsys.readouterr().err


def test_a_plate_only_in_a_draft_is_refused_until_an_officer_allows_it(site: Site) -> None:
    code = site.code_in(VILLAGE, offset=7)
    site.printed(code, draft=True)  # a BẢN THỬ sheet: not a plate
    token = site.volunteer_token()
    url = f"/api/points/{code}/installations"
    refused = site.client.post(url, json=_body(site, code, notified=True), headers=bearer(token))
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "install.never_printed"
    assert "chưa từng có trong lô in chính thức" in error["message"]
    point = site.point(code)
    assert point["status"] == "coded" and point["notified_at"] is None  # nothing recorded
    english = site.client.post(url + "?lang=en", json=_body(site, code), headers=bearer(token))
    assert "never in a final print batch" in english.json()["error"]["message"]
    volunteer = site.client.post(f"/api/points/{code}/allow-confirm", headers=bearer(token))
    assert volunteer.status_code == 403
    officer = site.token("Hà", "officer")
    allowed = site.client.post(f"/api/points/{code}/allow-confirm", headers=bearer(officer))
    assert allowed.status_code == 200 and allowed.json()["confirm_allowed"] is True
    point = site.point(code)
    assert point["confirm_allowed_by"] == "user:Hà" and point["confirm_allowed_at"] is not None
    with site.registry.read() as conn:
        logged = conn.execute(
            select(events.c.actor).where(
                events.c.action == "point.allow_confirm", events.c.entity_id == point["id"]
            )
        ).scalars()
        assert list(logged) == ["user:Hà"]
    confirmed = site.client.post(url, json=_body(site, code), headers=bearer(token))
    assert confirmed.status_code == 201 and confirmed.json()["status"] == "installed"


def test_the_officer_allows_a_plate_from_the_command_line(site: Site, capsys: Any) -> None:
    code = site.code_in(VILLAGE, offset=8)
    token = site.volunteer_token()
    url = f"/api/points/{code}/installations"
    assert site.client.post(url, json=_body(site, code), headers=bearer(token)).status_code == 422
    assert main(["points", "allow-confirm", code, "--db", site.db_url]) == 0
    assert "đã cho phép xác nhận" in capsys.readouterr().err
    assert site.client.post(url, json=_body(site, code), headers=bearer(token)).status_code == 201


def test_a_reprinted_installed_plate_is_still_confirmed_anew(site: Site) -> None:
    code = site.code_in(VILLAGE, offset=9)
    site.printed(code)
    token = site.volunteer_token()
    url = f"/api/points/{code}/installations"
    first = _body(site, code, client_id="a")
    assert site.client.post(url, json=first, headers=bearer(token)).status_code == 201
    site.printed(code)  # lost plate re-printed
    again = site.client.post(url, json=_body(site, code, client_id="b"), headers=bearer(token))
    assert again.status_code == 201


def test_the_new_reasons_are_taken_with_their_words(site: Site) -> None:
    token = site.volunteer_token()
    code = site.code_in(VILLAGE, offset=10)
    lat, lon = site.position(code)
    for reason in ("owner_refused", "nobody_home", "house_not_found", "new_household"):
        r = site.client.post(
            f"/api/points/{code}/reports",
            json={"reason": reason, "note": "ghi chú", "lat": lat, "lon": lon},
            headers=bearer(token),
        )
        assert r.status_code == 201 and r.json()["reason"] == reason
    site.signed_in("Hoa")  # the address page offers them to a signed-in volunteer, in words
    page = site.client.get(f"/A/{code}").text
    for words in ("Chủ hộ không đồng ý", "Vắng nhà", "Không tìm thấy nhà", "Hộ mới chưa có"):
        assert words in page
    assert 'id="card-notified"' in page and "Đã trao thông báo" in page


def test_a_new_household_is_a_candidate_point_the_officer_registers(
    site: Site, capsys: Any
) -> None:
    token = site.volunteer_token()
    near = site.code_in(VILLAGE, offset=11)
    lat, lon = site.position(near)
    url = f"/api/points/{near}/reports"
    no_position = site.client.post(
        url, json={"reason": "new_household", "note": "x"}, headers=bearer(token)
    )
    assert no_position.status_code == 422
    assert no_position.json()["error"]["code"] == "report.position_needed"
    body = {
        "reason": "new_household",
        "note": "Nguyễn Văn Tư, nhà mới sau chợ",
        "lat": lat + 0.0002,
        "lon": lon,
        "accuracy_m": 6.0,
    }
    filed = site.client.post(url, json=body, headers=bearer(token))
    assert filed.status_code == 201, filed.text
    report_id = filed.json()["id"]
    assert main(["review", "list", "--db", site.db_url]) == 0
    said = capsys.readouterr().err
    assert f"hộ mới chờ đăng ký (báo cáo số {report_id})" in said and "Nguyễn Văn Tư" in said
    args = ["review", "register", str(report_id), "--name", "Nguyễn Văn Tư", "--db", site.db_url]
    assert main(args) == 0
    assert "đã đăng ký hộ mới" in capsys.readouterr().err
    with site.registry.read() as conn:
        new = conn.execute(
            select(points.c.lat, points.c.status).where(points.c.name == "Nguyễn Văn Tư")
        ).one()
    assert abs(new.lat - (lat + 0.0002)) < 1e-9 and new.status == "registered"
    assert main(["review", "list", "--db", site.db_url]) == 0
    assert "hộ mới chờ đăng ký" not in capsys.readouterr().err  # closed: no longer a candidate
    assert main(args) == 1  # not twice


def test_the_dashboard_shows_the_notices_goal_line(site: Site) -> None:
    code = site.code_in(VILLAGE, offset=12)
    assert main(["points", "notify", code, "--db", site.db_url]) == 0
    page = site.client.get("/dashboard?lang=vi").text
    goal = page.split('<p id="goal" class="summary">', 1)[1].split("</p>", 1)[0]
    assert goal.startswith("Mục tiêu: 100\u00a0% được thông báo, gắn biển")
    assert "đã thông báo 1 / 891" in goal
    english = site.client.get("/dashboard?lang=en").text
    assert "Goal: 100 % notified and plated — notified 1 of 891" in english


def test_the_map_carries_the_notified_figures_and_words(site: Site) -> None:
    code = site.code_in(VILLAGE, offset=13)
    assert main(["points", "notify", code, "--db", site.db_url]) == 0
    villages = site.client.get("/api/villages").json()["features"]
    mine = next(f["properties"] for f in villages if f["properties"]["name"] == VILLAGE)
    assert mine["notified"] == 1 and mine["percent_notified"] > 0
    page = site.client.get("/map?lang=vi").text
    assert "Tỷ lệ đã thông báo" in page  # the popup's words, from the catalog


def test_the_consoles_follow_up_shows_the_notified_beside_installed(site: Site) -> None:
    code = site.code_in(VILLAGE, offset=14)
    assert main(["points", "notify", code, "--db", site.db_url]) == 0
    new = add_user(site.registry, site.commune, name="Hà", role="officer", actor="t")
    assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
    page = site.client.get("/console/followup").text
    row = page.split(f'<tr data-village="{VILLAGE}">', 1)[1].split("</tr>", 1)[0]
    assert '<td class="notified">1</td>' in row
    assert "Tỷ lệ đã thông báo" in page


def test_the_officer_allows_a_plate_from_the_points_page(site: Site) -> None:
    code = site.code_in(VILLAGE, offset=15)
    pid = site.point(code)["id"]
    new = add_user(site.registry, site.commune, name="Hà", role="officer", actor="t")
    assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
    page = site.client.get(f"/console/points/{pid}").text
    assert 'id="allow-confirm-button"' in page and "Biển làm ngoài hệ thống" in page
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    done = site.client.post(
        f"/console/points/{pid}/allow-confirm", data={"csrf_token": csrf, "commune": ""}
    )
    assert done.status_code == 200 and "Đã cho phép xác nhận biển" in done.text
    assert site.point(code)["confirm_allowed_by"] == "user:Hà"
    assert "Cho phép xác nhận biển làm ngoài hệ thống" in done.text  # in the history


def test_the_follow_up_notifies_a_village_and_registers_a_new_household(site: Site) -> None:
    near = site.code_in(VILLAGE, offset=16)
    lat, lon = site.position(near)
    body = {"reason": "new_household", "note": "nhà mới", "lat": lat + 0.0002, "lon": lon}
    token = site.volunteer_token()
    report = site.client.post(f"/api/points/{near}/reports", json=body, headers=bearer(token))
    report_id = report.json()["id"]
    new = add_user(site.registry, site.commune, name="Hà", role="officer", actor="t")
    assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
    page = site.client.get("/console/followup").text
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    assert f'action="/console/followup/reports/{report_id}/register' in page
    done = site.client.post(
        f"/console/followup/reports/{report_id}/register", data={"csrf_token": csrf}
    )
    assert done.status_code == 200 and f"phản ánh số {report_id}" in done.text
    with site.registry.read() as conn:
        added = conn.execute(select(points.c.status).where(points.c.lat == lat + 0.0002)).all()
    assert [r.status for r in added] == ["registered"]
    notified = site.client.post(
        "/console/followup/notify", data={"csrf_token": csrf, "village": VILLAGE}
    )
    assert notified.status_code == 200 and "đã được thông báo" in notified.text
    figures = _village_figures(site)
    assert figures["notified"] == figures["coded"]
