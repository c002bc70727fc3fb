"""The console's village outlines (issue 15): the villages section leads to the import with
the outlines' target preset, and replacing an outline lists the points whose village changes
before the officer confirms; nothing moves until then."""

from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy import func, select

from gis.storage.schema import points, villages
from tests.api.conftest import DATA, OTHER_VILLAGE, VILLAGE, Site, bearer
from tests.api.test_console import _officer_session
from tests.language import english_lines, page_text


def _swapped(tmp_path: Path) -> Path:
    """The sample's villages with the first two outlines swapped: every point of both changes
    village."""
    doc = json.loads((DATA / "villages.geojson").read_text(encoding="utf-8"))
    first, second = doc["features"][0], doc["features"][1]
    assert [first["properties"]["ten_thon"], second["properties"]["ten_thon"]] == [
        VILLAGE,
        OTHER_VILLAGE,
    ]
    first["geometry"], second["geometry"] = second["geometry"], first["geometry"]
    path = tmp_path / "thon_moi.geojson"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def _per_village(site: Site) -> dict[str, int]:
    with site.registry.read() as conn:
        rows = conn.execute(
            select(villages.c.name, func.count(points.c.id))
            .join(points, points.c.village_id == villages.c.id)
            .group_by(villages.c.name)
        ).all()
    return {str(name): int(n) for name, n in rows}


def test_the_villages_section_leads_to_the_outline_import_preset(site: Site) -> None:
    _officer_session(site)
    page = site.client.get("/console/villages").text
    assert 'href="/console/import?target=villages&amp;lang=vi" id="to-import"' in page
    assert (
        'href="/console/import?target=villages&amp;replace=1&amp;lang=vi" id="to-replace"' in page
    )
    form = site.client.get("/console/import?target=villages").text
    assert re.search(r'<option value="villages" selected>', form)
    assert re.search(r'<label class="for-points" hidden>', form)  # no kind for outlines
    assert re.search(r'<label class="for-villages check">', form)
    assert 'id="replace" checked' not in form
    replacing = site.client.get("/console/import?target=villages&replace=1").text
    assert 'id="replace" checked' in replacing
    plain = site.client.get("/console/import").text
    assert re.search(r'<option value="points" selected>', plain)
    assert re.search(r'<label class="for-villages check" hidden>', plain)


def test_replacing_outlines_lists_the_points_that_change_village_first(
    site: Site, tmp_path: Path
) -> None:
    token = bearer(site.token("Minh", "officer"))
    before = _per_village(site)
    path = _swapped(tmp_path)
    files = {"file": (path.name, path.read_bytes(), "application/geo+json")}
    fields = {"target": "villages", "name_field": "ten_thon"}
    plain = site.client.post("/api/imports", files=files, data=fields, headers=token).json()
    said = {b["code"]: b for b in plain["bad"]}
    assert said["villages.boundary_differs"]["expected"].startswith("ranh giới như đã đăng ký")
    assert plain["moves"] == []
    doc = site.client.post(
        "/api/imports", files=files, data=fields | {"replace": "true"}, headers=token
    ).json()
    assert doc["bad"] == []
    moves = doc["moves"]
    assert len(moves) == before[VILLAGE] + before[OTHER_VILLAGE]
    assert {(m["from"], m["to"]) for m in moves} == {
        (VILLAGE, OTHER_VILLAGE),
        (OTHER_VILLAGE, VILLAGE),
    }
    assert all(re.fullmatch(r"\d{11}", m["code"]) for m in moves)
    assert _per_village(site) == before  # a preview moves nothing
    done = site.client.post(f"/api/imports/{doc['id']}/commit", json={}, headers=token)
    assert done.status_code == 201 and done.json()["imported"] == 2
    after = _per_village(site)
    assert (after[VILLAGE], after[OTHER_VILLAGE]) == (before[OTHER_VILLAGE], before[VILLAGE])


def test_the_console_shows_the_moves_before_the_import(site: Site, tmp_path: Path) -> None:
    csrf = _officer_session(site)
    before = _per_village(site)
    path = _swapped(tmp_path)
    files = {"file": (path.name, path.read_bytes(), "application/geo+json")}
    data = {"csrf_token": csrf, "target": "villages", "name_field": "ten_thon", "replace": "1"}
    page = site.client.post("/console/import", files=files, data=data)
    assert page.status_code == 200
    moved = before[VILLAGE] + before[OTHER_VILLAGE]
    assert f"Điểm sẽ chuyển sang thôn khác: {moved}" in page.text
    table = page.text.split('id="moves"', 1)[1].split("</table>", 1)[0]
    assert table.count("<tr>") == moved + 1  # the header's row, then one a point
    assert page.text.index('id="moves"') < page.text.index('id="commit"')
    columns = ("ma_thon", "ten_thon", "so_ho_du_kien")  # the file's, as it names them
    assert english_lines(page_text(page.text), names=columns) == []
    assert _per_village(site) == before
