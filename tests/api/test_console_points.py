"""The console's points section (issue 15, "Điểm địa chỉ"): search by code, name, reference or
house number; a point's page with its history; edit and retire through the services behind
`points edit` and `points retire` (same rules, same event log); who may (401 signed out, 403 a
volunteer or another commune's officer, 422 in the catalog's words)."""

from __future__ import annotations

import html
import re

import pytest
from sqlalchemy import select

from addrgen.catalog import message
from addrgen.codes import format_code
from gis.registry.point_search import fold
from gis.storage.schema import events, points
from tests.api.conftest import VILLAGE, Site, bearer
from tests.api.test_console import _officer_session
from tests.api.test_console_followup import _stranger


def _id(site: Site, code: str) -> int:
    return int(str(site.point(code)["id"]))


def _found(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'<tr data-point="(\d+)">', html)]


def test_the_points_section_needs_an_officer_of_the_commune(site: Site) -> None:
    code = site.code_in(VILLAGE)
    pid = _id(site, code)
    volunteer = bearer(site.volunteer_token("Hạnh"))
    stranger = _stranger(site)
    mine = f"commune={site.commune.name}"
    for url in ("/console/points?q=a", f"/console/points/{pid}"):
        assert site.client.get(url).status_code == 401, url
        assert site.client.get(url, headers=volunteer).status_code == 403, url
        r = site.client.get(f"{url}{'&' if '?' in url else '?'}{mine}", headers=stranger)
        assert r.status_code == 403, url
        said = message("auth.commune_not_allowed", "vi", user="Lạ", commune=site.commune.name)
        assert said in html.unescape(r.text)
    # the stranger's own commune does not hold the point: not found, never shown
    assert site.client.get(f"/console/points/{pid}", headers=stranger).status_code == 404
    edit = {"commune": site.commune.name, "house_number": "99"}
    retire = {"commune": site.commune.name, "reason": "demolished"}
    for url, form in (
        (f"/console/points/{pid}/edit", edit),
        (f"/console/points/{pid}/retire", retire),
    ):
        assert site.client.post(url, data=form).status_code == 401
        assert site.client.post(url, data=form, headers=volunteer).status_code == 403
        assert site.client.post(url, data=form, headers=stranger).status_code == 403
    assert site.point(code)["house_number"] != "99" and site.point(code)["status"] != "retired"


def test_search_by_code_name_reference_and_house_number(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    code = site.code_in(VILLAGE, offset=1)
    point = site.point(code)
    pid = int(str(point["id"]))

    def search(q: str) -> list[int]:
        r = site.client.get("/console/points", params={"q": q}, headers=officer)
        assert r.status_code == 200, r.text
        return _found(r.text)

    assert search(f"{code[:5]} {code[5:10]} {code[10:]}") == [pid]  # as a plate writes it
    assert pid in search(code[:9])
    name = str(point["name"])
    assert pid in search(name.upper()) and pid in search(fold(name))  # "nguyen van tuan"
    assert pid in search(str(point["ref"]))
    with site.registry.read() as conn:
        agency = conn.execute(select(points.c.id).where(points.c.ref == "CQ-01")).scalar_one()
    assert search("CQ-01")[0] == agency
    numbered = search("79")
    with site.registry.read() as conn:
        houses = set(
            conn.execute(select(points.c.id).where(points.c.house_number == "79")).scalars()
        )
    assert houses and houses <= set(numbered)
    assert search("không có ai tên này") == []
    assert search("100%") == []  # the wildcard is a character, not a pattern


def test_the_officer_edits_a_point_and_sees_the_history_line(site: Site) -> None:
    csrf = _officer_session(site)
    code = site.code_in(VILLAGE, offset=2)
    pid = _id(site, code)
    old = site.point(code)["house_number"]
    form = {"csrf_token": csrf, "commune": site.commune.name, "house_number": "12A"}
    form |= {"name": str(site.point(code)["name"]), "street": "", "kind": "household"}
    assert (
        site.client.post(
            f"/console/points/{pid}/edit", data={**form, "csrf_token": "x"}
        ).status_code
        == 403
    )
    r = site.client.post(f"/console/points/{pid}/edit", data=form)
    assert r.status_code == 200, r.text
    assert site.point(code)["house_number"] == "12A"
    assert "Đã lưu thay đổi" in r.text
    history = r.text[r.text.index('id="events"') :]
    assert "Sửa thông tin" in history and f"Số nhà: {old or '—'} → 12A" in history
    assert "Cấp mã địa chỉ" in history  # the code issued before, in words
    with site.registry.read() as conn:
        (after,) = conn.execute(
            select(events.c.after).where(events.c.action == "point.edit", events.c.entity_id == pid)
        ).scalars()
    assert after == {"house_number": "12A"}  # only what changed, as `points edit` logs it
    r = site.client.get(f"/console/points/{pid}?lang=en")
    assert "Details changed" in r.text and "House number" in r.text


def test_bad_edits_are_refused_in_the_catalogs_words(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    code = site.code_in(VILLAGE)
    pid = _id(site, code)
    url = f"/console/points/{pid}/edit"
    r = site.client.post(
        url, data={"house_number": str(site.point(code)["house_number"] or "")}, headers=officer
    )
    assert r.status_code == 422
    assert message("point.nothing_to_change", "vi") in r.text
    r = site.client.post(url, data={"kind": "agency", "name": ""}, headers=officer)
    assert r.status_code == 422 and site.point(code)["kind"] == "household"
    r = site.client.post(url, data={"house_number": "12 🏠"}, headers=officer)
    assert r.status_code == 422 and site.point(code)["house_number"] != "12 🏠"


def test_the_officer_edits_phone_and_reference(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    code, other = site.code_in(VILLAGE, offset=4), site.code_in(VILLAGE, offset=5)
    pid = _id(site, code)
    url = f"/console/points/{pid}/edit"
    old_ref = site.point(code)["ref"] or "—"
    page = site.client.get(f"/console/points/{pid}", headers=officer).text
    assert 'id="f-phone" name="phone"' in page and 'id="f-ref" name="ref"' in page
    r = site.client.post(url, data={"phone": "0912 345 678", "ref": "HGD-77"}, headers=officer)
    assert r.status_code == 200, r.text
    assert (site.point(code)["phone"], site.point(code)["ref"]) == ("0912 345 678", "HGD-77")
    history = html.unescape(r.text[r.text.index('id="events"') :])
    assert "Điện thoại: — → 0912 345 678" in history
    assert f"Mã tham chiếu: {old_ref} → HGD-77" in history
    r = site.client.post(url, data={"phone": "số nhà 12"}, headers=officer)
    assert r.status_code == 422 and site.point(code)["phone"] == "0912 345 678"
    assert message("point.bad_phone", "vi", value="số nhà 12") in html.unescape(r.text)
    other_edit = f"/console/points/{_id(site, other)}/edit"
    assert site.client.post(other_edit, data={"ref": "HGD-78"}, headers=officer).status_code == 200
    r = site.client.post(url, data={"ref": "HGD-78"}, headers=officer)
    assert r.status_code == 409 and site.point(code)["ref"] == "HGD-77"
    said = message("point.ref_taken", "vi", value="HGD-78", other=format_code(other))
    assert said in html.unescape(r.text)


def test_the_officer_retires_a_point_with_a_reason(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    code = site.code_in(VILLAGE, offset=3)
    pid = _id(site, code)
    url = f"/console/points/{pid}/retire"
    form = site.client.get(f"/console/points/{pid}", headers=officer).text
    offered = re.findall(r'<option value="(\w+)">([^<]+)</option>', form.split('id="f-reason"')[1])
    assert offered == [
        ("demolished", "Nhà đã phá dỡ"),
        ("merged", "Đã nhập vào điểm khác"),
        ("duplicate", "Trùng với điểm khác"),
        ("mistake", "Nhập nhầm"),
        ("other", "Lý do khác"),
    ]
    for wrong in ("moved away", "damaged"):  # not a reason to retire: a plate is reprinted
        r = site.client.post(url, data={"reason": wrong}, headers=officer)
        assert r.status_code == 422
        assert "“" + wrong + "”" in html.unescape(r.text) and "demolished, merged" in r.text
    r = site.client.post(
        url, data={"reason": "other"}, headers=officer
    )  # other says it in the note
    assert r.status_code == 422 and message("point.no_reason", "vi") in r.text
    r = site.client.post(url, data={"reason": "demolished", "note": "giải tỏa"}, headers=officer)
    assert r.status_code == 200, r.text
    point = site.point(code)
    assert point["status"] == "retired"
    # Stored as the vocabulary's code and the note; read in the reader's language.
    assert (point["retired_reason"], point["retired_note"]) == ("demolished", "giải tỏa")
    assert 'id="retired-reason">Nhà đã phá dỡ: giải tỏa<' in r.text
    events = site.client.get(f"/console/points/{pid}?lang=en", headers=officer).text
    assert 'id="retired-reason">Demolished: giải tỏa<' in events
    assert '<span class="change">Demolished: giải tỏa</span>' in events
    assert "Thu hồi điểm" in r.text and 'id="edit"' not in r.text
    again = site.client.post(url, data={"reason": "demolished"}, headers=officer)
    assert again.status_code == 409  # `points retire`'s own refusal: already retired


def test_the_officer_moves_a_point_to_a_typed_position(site: Site) -> None:
    officer = bearer(site.token("Minh", "officer"))
    code = site.code_in(VILLAGE, offset=4)
    pid = _id(site, code)
    lat, lon = site.position(code)
    url = f"/console/points/{pid}/move"
    page = site.client.get(f"/console/points/{pid}", headers=officer).text
    assert f'value="{lat:.6f}"'.replace(".", ",") in page  # prefilled the Vietnamese way
    typed = {"lat": f"{lat + 0.0001:.6f}".replace(".", ","), "lon": f"{lon:.6f}"}
    r = site.client.post(url, data=typed, headers=officer)
    assert r.status_code == 200, r.text
    assert "Đã chuyển" in r.text
    assert site.position(code) == pytest.approx((lat + 0.0001, lon), abs=1e-6)
    assert site.point(code)["code"] == code  # the code stays
    moved = r.text[r.text.index('data-action="point.move"') :]
    assert "Chuyển vị trí" in moved[: moved.index("</tr>")]
    for bad, code_id in (
        ({"lat": "abc", "lon": "105"}, "position.bad_latitude"),
        ({"lat": "18", "lon": "200"}, "position.bad_longitude"),
    ):
        r = site.client.post(url, data=bad, headers=officer)
        assert r.status_code == 422
        said = message(code_id, "vi", value=bad["lat" if "latitude" in code_id else "lon"])
        assert said in html.unescape(r.text)
    far = site.client.post(url, data={"lat": "10,5", "lon": "106,7"}, headers=officer)
    assert far.status_code == 422  # outside every village of the commune: `points move` refuses
    assert site.position(code) == pytest.approx((lat + 0.0001, lon), abs=1e-6)
