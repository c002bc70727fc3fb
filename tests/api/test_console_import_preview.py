"""The import preview's details (issue 15): what each bad row expected, in the reader's
language, in the JSON API, the console's table and the bad rows' workbook; the preview's map;
the upload kept alone, then previewed on its own page (what the page's script does to show
progress)."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from openpyxl import load_workbook

from addrgen.catalog import t
from addrgen.vocab import KINDS
from api.web.request_limits import body_limit
from gis.ingest.candidates import Candidates
from gis.ingest.expectations import EXPECTED
from gis.ingest.preview import MAP_BAD, MAP_GOOD, _positions
from tests.api.conftest import DATA, Site, bearer
from tests.api.test_console import _officer_session
from tests.language import english_lines, page_text, vietnamese_lines

BAD_ROWS = DATA / "bad_rows.csv"
# Every parameter an expectation's text may name, so that no field shows as "?".
ARGUMENTS = {"limit": 40, "expected": 5, "columns": "ma, ten", "lat_column": "vi_do"}
ARGUMENTS |= {"lon_column": "kinh_do"}
# What a file writes, in either language: the kinds' identifiers and the sample's columns.
DATA_WORDS = (*KINDS, "vi_do", "kinh_do", "ma", "ten")


def _upload(site: Site, path: Path, headers: dict[str, str], query: str = "") -> dict[str, Any]:
    files = {"file": (path.name, path.read_bytes(), "text/csv")}
    data = {"target": "points", "kind": "household"}
    r = site.client.post(f"/api/imports{query}", files=files, data=data, headers=headers)
    assert r.status_code == 200, r.text
    doc: dict[str, Any] = r.json()
    return doc


@pytest.mark.parametrize("key", sorted(set(EXPECTED.values())))
def test_every_expectation_is_said_in_each_language(key: str) -> None:
    """No Vietnamese `expected` is English, no English one Vietnamese."""
    vi, en = t(key, "vi", **ARGUMENTS), t(key, "en", **ARGUMENTS)
    assert vi != key and en != key and "?" not in vi + en
    assert english_lines(vi, names=DATA_WORDS) == [], vi
    assert vietnamese_lines(en) == [], en


def test_the_api_says_what_each_bad_row_expected_in_the_readers_language(site: Site) -> None:
    token = bearer(site.token("Minh", "officer"))
    vi = _upload(site, BAD_ROWS, token)
    en = _upload(site, BAD_ROWS, token, "?lang=en")
    said = {(b["row"], b["code"]): b["expected"] for b in vi["bad"]}
    assert said[(3, "import.no_latitude")] == "một số"
    assert said[(5, "import.latitude_out_of_range")] == "một vĩ độ từ -90 đến 90"
    assert said[(6, "import.swapped_coordinates")] == "vĩ độ ở cột “vi_do”, kinh độ ở cột “kinh_do”"
    assert said[(7, "point.outside_villages")] == "một vị trí nằm trong một thôn của xã"
    english = {(b["row"], b["code"]): b["expected"] for b in en["bad"]}
    assert english[(3, "import.no_latitude")] == "a number"
    assert english[(4, "import.longitude_not_a_number")] == "a number"
    texts = [b["expected"] for b in vi["bad"] if b["expected"]]
    assert len(texts) == len(vi["bad"])  # every bad row of the sample says what it expected
    assert all(english_lines(x, names=DATA_WORDS) == [] for x in texts), texts
    assert all(vietnamese_lines(b["expected"]) == [] for b in en["bad"] if b["expected"])


def test_the_console_table_and_the_workbook_name_what_was_expected(site: Site) -> None:
    csrf = _officer_session(site)
    files = {"file": (BAD_ROWS.name, BAD_ROWS.read_bytes(), "text/csv")}
    data = {"csrf_token": csrf, "target": "points", "kind": "household"}
    page = site.client.post("/console/import", files=files, data=data)
    assert page.status_code == 200
    table = page.text.split('id="bad-rows"', 1)[1].split("</table>", 1)[0]
    assert '<th scope="col">Cần có</th>' in table
    assert '<td class="expected">một vĩ độ từ -90 đến 90</td>' in table
    assert english_lines(page_text(table), names=DATA_WORDS) == []
    upload_id = page.text.split("/api/imports/", 1)[1].split("/", 1)[0]
    for lang, header, number in (("vi", "Cần có", "một số"), ("en", "Expected", "a number")):
        r = site.client.get(f"/api/imports/{upload_id}/bad-rows.xlsx?lang={lang}")
        assert r.status_code == 200
        sheet = load_workbook(io.BytesIO(r.content)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][-2] == header
        by_row = {r[0]: r[-2] for r in rows[1:]}
        assert by_row[3] == number


def _map_of(page: str) -> dict[str, Any]:
    block = page.split('<script type="application/json" id="preview-map-data">', 1)[1]
    doc: dict[str, Any] = json.loads(block.split("</script>", 1)[0])
    return doc


def test_the_preview_page_embeds_its_map(site: Site) -> None:
    """The rows with a position over the commune's villages, as a JSON block the page's
    script draws (no inline script): each good row, and each bad row that has a position."""
    csrf = _officer_session(site)
    files = {"file": (BAD_ROWS.name, BAD_ROWS.read_bytes(), "text/csv")}
    data = {"csrf_token": csrf, "target": "points", "kind": "household"}
    page = site.client.post("/console/import", files=files, data=data).text
    where = _map_of(page)
    assert len(where["villages"]["features"]) == 6 and where["outlines"] is None
    rows = {p[2]: p[3] for p in where["points"]}
    # Rows 3-6 have no position on Earth (no latitude, not a number, 95°, swapped: 105° N);
    # 7 is outside every village, 8 a duplicate of 2.
    assert rows == {2: 0, 7: 1, 8: 1, 9: 0, 10: 0, 11: 0}
    assert (where["good_total"], where["bad_total"]) == (4, 2)
    assert '<script src="/static/console_map.js" defer></script>' in page
    assert 'data-tiles="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in page


def test_an_outline_preview_draws_the_files_outlines_over_the_registered(site: Site) -> None:
    csrf = _officer_session(site)
    path = DATA / "villages.geojson"
    files = {"file": (path.name, path.read_bytes(), "application/geo+json")}
    data = {"csrf_token": csrf, "target": "villages", "name_field": "ten_thon"}
    where = _map_of(site.client.post("/console/import", files=files, data=data).text)
    assert where["points"] == []
    names = [f["properties"]["name"] for f in where["outlines"]["features"]]
    assert names == [f["properties"]["name"] for f in where["villages"]["features"]]


def test_the_map_stays_bounded_for_a_large_file() -> None:
    """50,000 rows: the map gets an even sample of the good ones and the first bad ones."""
    n = 50_000
    rng = np.random.default_rng(7)
    empty: list[str | None] = [None] * n
    cands = Candidates(
        file="ho.csv",
        rows=list(range(2, n + 2)),
        lon=rng.uniform(105.9, 106.0, n),
        lat=rng.uniform(18.3, 18.4, n),
        kind=["household"] * n,
        name=empty,
        ref=empty,
        house_number=empty,
        street=empty,
        phone=empty,
    )
    cands.bad[::10] = True
    cands.lat[1::10] = np.nan  # a good row without a position is not drawn
    shown = _positions(cands)
    assert len(shown.rows) == MAP_GOOD + MAP_BAD
    assert (shown.good_total, shown.bad_total) == (n - 2 * n // 10, n // 10)
    good_rows = [r for r, bad in zip(shown.rows, shown.bad, strict=True) if not bad]
    assert good_rows[0] == 4 and good_rows[-1] == n + 1  # spread over the whole file


def test_an_upload_is_kept_then_previewed_on_its_own_page(site: Site) -> None:
    """What the page's script does: the file sent alone (its progress shown), then the preview
    opened at its own address, for its sender only; nothing written."""
    csrf = _officer_session(site)
    files = {"file": (BAD_ROWS.name, BAD_ROWS.read_bytes(), "text/csv")}
    data = {"csrf_token": csrf, "target": "points", "kind": "household"}
    assert body_limit("/console/uploads") == body_limit("/console/import")  # a file's size
    kept = site.client.post("/console/uploads?lang=en", files=files, data=data)
    assert kept.status_code == 201
    answer = kept.json()
    assert answer["next"] == f"/console/import/{answer['id']}?lang=en"
    page = site.client.get(answer["next"])
    assert page.status_code == 200 and 'id="bad-rows"' in page.text and "Expected" in page.text
    refused = site.client.post("/console/uploads", files=files, data=data | {"csrf_token": "x"})
    assert refused.status_code == 403
    site.client.cookies.clear()
    _officer_session(site, name="An")
    assert site.client.get(answer["next"]).status_code == 404
