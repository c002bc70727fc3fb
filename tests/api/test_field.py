"""The volunteer's worklist (`GET /field`, `GET /api/field/worklist`): who sees what, the
walking order of the batch that printed the plates, the counts and the filters."""

from __future__ import annotations

from typing import Any

import shapely
from sqlalchemy import select, update

from gis.field.accounts import add_user
from gis.registry.batches import PrintItem, record_batch
from gis.registry.communes import add_commune
from gis.storage.schema import points, villages
from tests.api.conftest import OTHER_VILLAGE, VILLAGE, Site, bearer, personal_data
from tests.api.test_page_words import _names, _words
from tests.language import english_lines, vietnamese_lines

METRE_LAT = 1 / 111_195.0


def _village_points(site: Site, village: str) -> list[tuple[int, str, str | None]]:
    """(id, code, household head) of a village's coded points, by code."""
    with site.registry.read() as conn:
        rows = conn.execute(
            select(points.c.id, points.c.code, points.c.name)
            .join(villages, villages.c.id == points.c.village_id)
            .where(villages.c.name == village, points.c.code.is_not(None))
            .order_by(points.c.code)
        ).all()
    return [(r.id, r.code, r.name) for r in rows]


def _print(site: Site, ordered: list[tuple[int, str, str | None]], *, draft: bool) -> None:
    """A batch that walks ``ordered`` in that order."""
    with site.registry.write() as conn:
        record_batch(
            conn,
            site.commune,
            purpose="batch",
            selection={"village": VILLAGE},
            mode="office",
            draft=draft,
            public_url="https://diachi.example.vn",
            out_dir="/tmp",
            files={},
            items=[PrintItem(pid, n, code, VILLAGE) for n, (pid, code, _) in enumerate(ordered, 1)],
            actor="t",
        )


def _worklist(site: Site, token: str, **query: str) -> Any:
    return site.client.get("/api/field/worklist", params=query, headers=bearer(token))


def _confirm(site: Site, code: str, token: str, *, north_m: float) -> None:
    lat, lon = site.position(site.plate(code))  # only a printed plate is confirmed
    body = {"lat": lat + north_m * METRE_LAT, "lon": lon, "accuracy_m": 5.0}
    r = site.client.post(f"/api/points/{code}/installations", json=body, headers=bearer(token))
    assert r.status_code == 201, r.text


def test_signed_out_the_data_is_refused_and_the_page_says_how_to_sign_in(site: Site) -> None:
    r = site.client.get("/api/field/worklist")
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    page = site.client.get("/field", follow_redirects=False)
    assert page.status_code == 200
    assert 'id="field-signin"' in page.text and "đăng nhập" in page.text
    assert "field.js" not in page.text  # nothing to load for someone signed out
    english = site.client.get("/field?lang=en")
    assert "Scan the QR code" in english.text
    secrets = personal_data()
    for text in (r.text, page.text, english.text):
        assert not [s for s in secrets if s in text]


def test_the_page_holds_no_data_and_draws_the_settings_tiles(site: Site) -> None:
    site.signed_in()
    page = site.client.get("/field")
    assert page.status_code == 200 and 'id="worklist"' in page.text
    assert page.headers["cache-control"] == "private, no-store"
    assert (
        "img-src 'self' data: https://tile.openstreetmap.org"
        in page.headers["content-security-policy"]
    )
    assert "script-src 'self';" in page.headers["content-security-policy"]
    assert 'id="signout"' in page.text
    # The plates come from the API: not one household head is written into the page.
    assert not any(name and name in page.text for _, _, name in _village_points(site, VILLAGE))


def test_a_volunteer_gets_their_villages_plates_in_the_final_batchs_walking_order(
    site: Site,
) -> None:
    mine = _village_points(site, VILLAGE)
    walk = list(reversed(mine))
    _print(site, walk, draft=False)
    _print(site, mine, draft=True)  # a draft is walked by no one: its order does not count
    r = _worklist(site, site.volunteer_token())
    assert r.status_code == 200 and r.headers["cache-control"] == "private, no-store"
    body = r.json()
    assert body["villages"] == [VILLAGE]
    assert [p["code"] for p in body["plates"]] == [code for _, code, _ in walk]
    assert [p["number"] for p in body["plates"]] == list(range(1, len(walk) + 1))
    first = body["plates"][0]
    assert first["name"] == walk[0][2] and first["village"] == VILLAGE
    assert first["status"] == "printed" and first["state"] == "remaining"
    assert body["counts"] == {"remaining": len(mine), "review": 0, "done": 0, "total": len(mine)}


def test_plates_never_printed_come_after_the_printed_by_code(site: Site) -> None:
    mine = _village_points(site, VILLAGE)
    _print(site, [mine[5], mine[2]], draft=False)
    codes = [p["code"] for p in _worklist(site, site.volunteer_token()).json()["plates"]]
    rest = [code for _, code, _ in mine if code not in (mine[5][1], mine[2][1])]
    assert codes == [mine[5][1], mine[2][1], *rest]


def test_counts_and_filters_follow_the_confirmations(site: Site) -> None:
    mine = _village_points(site, VILLAGE)
    token = site.volunteer_token()
    _confirm(site, mine[0][1], token, north_m=3)  # on the wall
    _confirm(site, mine[1][1], token, north_m=200)  # far from its point: the officer reviews it
    body = _worklist(site, token).json()
    assert body["counts"] == {
        "remaining": len(mine) - 2,
        "review": 1,
        "done": 1,
        "total": len(mine),
    }
    done = _worklist(site, token, state="done").json()
    assert [p["code"] for p in done["plates"]] == [mine[0][1]]
    assert done["counts"] == body["counts"]  # the counts are the whole list's
    review = _worklist(site, token, state="review").json()["plates"]
    assert [(p["code"], p["needs_review"]) for p in review] == [(mine[1][1], True)]
    remaining = _worklist(site, token, state="remaining").json()["plates"]
    assert len(remaining) == len(mine) - 2
    assert {p["state"] for p in remaining} == {"remaining"}
    assert _worklist(site, token, state="lost").status_code == 422


def test_the_villages_outlines_come_with_the_worklist_light_and_with_their_counts(
    site: Site,
) -> None:
    mine = _village_points(site, VILLAGE)
    token = site.volunteer_token()
    _confirm(site, mine[0][1], token, north_m=3)
    # A village surveyed to thousands of vertices: a circle of 8,000 points, 0.2 m apart.
    with site.registry.read() as conn:
        wkb = conn.execute(select(villages.c.boundary_wkb).where(villages.c.name == VILLAGE))
        surveyed = shapely.from_wkb(wkb.scalar_one())
    centre = surveyed.centroid
    dense = shapely.Point(centre.x, centre.y).buffer(0.0025, quad_segs=2_000)  # ~280 m across
    with site.registry.write() as conn:
        conn.execute(
            update(villages)
            .where(villages.c.name == VILLAGE)
            .values(boundary_wkb=shapely.to_wkb(dense))
        )
    body = _worklist(site, token).json()
    outlines = body["outlines"]
    assert outlines["type"] == "FeatureCollection"
    [feature] = outlines["features"]  # the volunteer's one village, none of the others
    assert feature["properties"] == {
        "name": VILLAGE,
        "counts": {"remaining": len(mine) - 1, "review": 0, "done": 1, "total": len(mine)},
    }
    drawn = shapely.geometry.shape(feature["geometry"])
    ring = feature["geometry"]["coordinates"][0]
    # Simplified to about a metre: far fewer vertices, the same village within a metre or so.
    assert 10 < len(ring) < 500
    assert drawn.hausdorff_distance(dense) < 1.5 / 111_195.0
    assert all(len(str(x).split(".")[1]) <= 6 for x, _ in ring)  # 0.1 m, no more
    # An officer's list of the commune holds every village's outline, each with its counts.
    officer = _worklist(site, site.token("Cán bộ", "officer")).json()
    names = [f["properties"]["name"] for f in officer["outlines"]["features"]]
    assert names == officer["villages"] and OTHER_VILLAGE in names
    total = sum(f["properties"]["counts"]["total"] for f in officer["outlines"]["features"])
    assert total == officer["counts"]["total"]


def test_nobody_sees_the_plates_of_villages_not_theirs(site: Site) -> None:
    theirs = {code for _, code, _ in _village_points(site, OTHER_VILLAGE)}
    token = site.volunteer_token()
    codes = {p["code"] for p in _worklist(site, token).json()["plates"]}
    assert codes and not codes & theirs
    refused = _worklist(site, token, village=OTHER_VILLAGE)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "auth.village_not_allowed"
    assert "plates" not in refused.json()
    # A village that does not exist is refused the same way: its existence is not theirs.
    assert _worklist(site, token, village="Thôn Không Có").status_code == 403
    other = add_commune(
        site.registry, name="xã Khác", commune_code="99999", area_number=99999, actor="t"
    )
    stranger = site.token("Lạ", "officer")
    new = add_user(site.registry, other, name="Xa", role="officer", token=True, actor="t")
    assert new.api_token is not None
    empty = _worklist(site, new.api_token).json()
    assert empty == {
        "villages": [],
        "counts": {"remaining": 0, "review": 0, "done": 0, "total": 0},
        "plates": [],
        "outlines": {"type": "FeatureCollection", "features": []},
    }
    assert _worklist(site, new.api_token, village=VILLAGE).status_code == 403
    # The commune's own officer sees every village of it, the volunteer's and the others.
    own = {p["code"] for p in _worklist(site, stranger).json()["plates"]}
    assert codes | theirs <= own


def test_the_page_speaks_one_language_signed_in_or_out(site: Site) -> None:
    """Its words and its script's, Vietnamese by default and English with ?lang=en."""
    names = _names(site)
    for signed_in in (False, True):
        if signed_in:
            site.signed_in()
        vi = site.client.get("/field?lang=vi").text
        en = site.client.get("/field?lang=en").text
        assert 'lang="vi"' in vi and 'lang="en"' in en
        assert english_lines(_words(vi), names=names) == []
        assert vietnamese_lines(_words(en), names=names) == []
    assert "còn {n} biển" in _words(vi) and "Plates left: {n}" in _words(en)


def test_a_signed_in_volunteer_finds_the_worklist_from_the_home_page(site: Site) -> None:
    assert 'id="to-field"' not in site.client.get("/").text
    site.signed_in()
    home = site.client.get("/?lang=en").text
    assert '<a id="to-field" href="/field?lang=en">Open my worklist</a>' in home
