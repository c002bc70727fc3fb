"""The notice's first half where officers and leaders take it away (issue 16): the dashboard's
coverage.csv and coverage.xlsx with `notified` and `percent_notified`; `review list --json`
with the new households reported at the door; the print page's button that records a whole
final batch as notified (its letters handed over at a meeting), and the batches' JSON count."""

from __future__ import annotations

import io
import json
from typing import Any

from openpyxl import load_workbook

from api.cli import main
from gis.field.accounts import add_user
from gis.views.coverage import coverage
from tests.api.conftest import VILLAGE, Site, bearer
from tests.excel import open_as_excel
from tests.printed import print_final


def _notify(site: Site, *codes: str) -> None:
    assert main(["points", "notify", *codes, "--db", site.db_url]) == 0


def _figures(site: Site) -> tuple[dict[str, Any], dict[str, Any]]:
    with site.registry.read() as conn:
        doc = coverage(conn, site.commune)
    return next(v for v in doc["villages"] if v["village"] == VILLAGE), doc["commune"]


def test_the_dashboard_downloads_carry_the_notified_columns(site: Site) -> None:
    _notify(site, site.code_in(VILLAGE), site.code_in(VILLAGE, offset=1))
    village, commune = _figures(site)
    assert village["notified"] == 2
    top, *rows = open_as_excel(site.client.get("/dashboard/coverage.csv?lang=vi").content, "vi")
    # Last, after the columns that were there: a sheet reading them by place goes on working.
    assert top[-2:] == ["Đã thông báo", "Tỷ lệ đã thông báo"] and top[-3] == "Dự kiến"
    row = next(r for r in rows if r[0] == VILLAGE)
    assert row[-2:] == [2.0, village["percent_notified"]] and village["percent_notified"] > 0
    assert rows[-1][-2:] == [float(commune["notified"]), commune["percent_notified"]]
    raw = site.client.get("/dashboard/coverage.csv?lang=vi").content.decode("utf-8-sig")
    share = f"{village['percent_notified']:.1f}".replace(".", ",")
    assert f";2;{share}\r\n" in raw  # the Vietnamese decimal comma, the list separator ';'
    english, *_ = open_as_excel(site.client.get("/dashboard/coverage.csv?lang=en").content, "en")
    assert english[-2:] == ["Notified", "Share notified"]
    book = load_workbook(io.BytesIO(site.client.get("/dashboard/coverage.xlsx").content))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert header[-2:] == ["Đã thông báo", "Tỷ lệ đã thông báo"]
    line = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == VILLAGE)
    assert line[-2].value == 2 and line[-1].value == village["percent_notified"]
    assert line[-1].number_format == "0.0"  # a number, shown with one decimal
    page = site.client.get("/dashboard?lang=vi").text  # the page's table has them as details
    assert 'data-column="notified" class="detail">Đã thông báo' in page


def test_review_list_json_adds_the_new_households_in_the_rows_shape(site: Site) -> None:
    flagged, near = site.code_in(VILLAGE, offset=2), site.code_in(VILLAGE, offset=3)
    site.printed(flagged)
    token = site.volunteer_token()
    lat, lon = site.position(flagged)
    far = {"lat": lat + 0.002, "lon": lon, "accuracy_m": 5}
    url = f"/api/points/{flagged}/installations"
    assert site.client.post(url, json=far, headers=bearer(token)).status_code == 201
    lat, lon = site.position(near)
    report = {"reason": "new_household", "note": "Nguyễn Văn Tư", "lat": lat, "lon": lon}
    report |= {"accuracy_m": 7.5}
    filed = site.client.post(f"/api/points/{near}/reports", json=report, headers=bearer(token))
    assert filed.status_code == 201, filed.text
    listed = _review_json(site)
    keys = {"code", "code_display", "village", "kind", "status", "distance_m", "accuracy_m"}
    assert all(keys | {"item", "candidate"} == set(r) for r in listed)
    point, candidate = listed
    assert point["code"] == flagged and point["item"] == "point" and point["candidate"] is None
    assert point["distance_m"] > 200
    assert candidate["item"] == "new_household" and candidate["code"] is None
    assert candidate["village"] == VILLAGE and candidate["kind"] == "household"
    assert candidate["accuracy_m"] == 7.5
    assert candidate["candidate"] == {
        "report_id": filed.json()["id"],
        "near_code": near,
        "lat": lat,
        "lon": lon,
        "note": "Nguyễn Văn Tư",
        "reported_by": "user:Lan",
    }
    register = ["review", "register", str(filed.json()["id"]), "--db", site.db_url]
    assert main(register) == 0
    assert [r["item"] for r in _review_json(site)] == ["point"]  # registered: no longer listed


def _review_json(site: Site) -> list[dict[str, Any]]:
    from typer.testing import CliRunner

    from api.cli import app

    done = CliRunner().invoke(app, ["review", "list", "--json", "--db", site.db_url])
    assert done.exit_code == 0, done.output
    rows: list[dict[str, Any]] = json.loads(done.stdout)
    return rows


def _officer_page(site: Site) -> str:
    new = add_user(site.registry, site.commune, name="Hà", role="officer", actor="t")
    assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
    page: str = site.client.get("/console/print").text
    return page


def _row(page: str, label: str) -> str:
    return page.split(f'<th scope="row">{label}</th>', 1)[1].split("</tr>", 1)[0]


def test_the_print_page_records_a_final_batch_as_notified(site: Site) -> None:
    codes = [site.code_in(VILLAGE, offset=20 + i) for i in range(3)]
    print_final(site.registry, site.commune, codes, label="L-MEET")
    draft_code = site.code_in(VILLAGE, offset=30)
    print_final(site.registry, site.commune, [draft_code], label="L-D", draft=True)
    _notify(site, codes[0])  # one letter already handed over at the door
    page = _officer_page(site)
    final, draft = _row(page, "L-MEET"), _row(page, "L-D")
    assert "Đã thông báo 1 / 3" in final and 'name="batch" value="L-MEET"' in final
    assert "Đã trao thư thông báo cả lô" in final
    assert "notify-form" not in draft  # a draft sheet hands no letter over
    listed = {b["label"]: b for b in site.client.get("/api/batches").json()["batches"]}
    assert listed["L-MEET"]["notified"] == 1 and listed["L-D"]["notified"] == 0
    csrf = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    done = site.client.post("/console/print/notify", data={"csrf_token": csrf, "batch": "L-MEET"})
    assert done.status_code == 200, done.text
    assert "Lô L-MEET: đã ghi nhận 2 hộ được thông báo; 1 hộ đã được ghi nhận từ trước" in done.text
    after = _row(done.text, "L-MEET")
    assert "Đã thông báo 3 / 3" in after and "notify-form" not in after
    assert all(site.point(c)["notified_by"] == "user:Hà" for c in codes[1:])
    listed = {b["label"]: b for b in site.client.get("/api/batches").json()["batches"]}
    assert listed["L-MEET"]["notified"] == 3
    refused = site.client.post("/console/print/notify", data={"csrf_token": csrf, "batch": "L-D"})
    assert refused.status_code == 422 and "bản in thử" in refused.text
    english = site.client.get("/console/print?lang=en").text
    assert "Notified 3 of 3" in english
    no_csrf = site.client.post("/console/print/notify", data={"batch": "L-MEET"})
    assert no_csrf.status_code == 403
