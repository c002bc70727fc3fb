"""The import preview's details (issue 15): what each bad row expected, in the reader's
language, in the JSON API, the console's table and the bad rows' workbook."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from addrgen.catalog import t
from addrgen.vocab import KINDS
from gis.ingest.expectations import EXPECTED
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
