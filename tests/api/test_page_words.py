"""Every page speaks one language: in Vietnamese no English sentence, in English no Vietnamese,
beyond the data it shows (place names, people's and agencies' names, addresses). The words come
from the catalog; the detector is tests/language.py, the one the CLI's tests use."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from gis.field.accounts import add_user
from gis.registry.points import edit_point, retire_point
from gis.storage.schema import events, villages
from gis.views.stale import stale_plates
from tests.api.conftest import VILLAGE, Site, bearer
from tests.api.test_console_followup import printed_with
from tests.excel import open_as_excel
from tests.language import english_lines, page_text, vietnamese_lines

Lang = str


def _words(html: str) -> str:
    """What a person can read on the page: its visible text, and the texts its scripts show
    (the address page's ``#texts``, the map's ``#diachiso-config``)."""
    shown = [page_text(html)]
    for block in re.findall(r'<script type="application/json" id="[^"]+">(.*?)</script>', html):
        data = json.loads(block.replace("<\\/", "</"))
        shown += list(_strings(data.get("texts", data)))
    return "\n".join(shown)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)


def _names(site: Site, *codes: str) -> list[str]:
    """The data the pages show: places, and the points' names and addresses."""
    with site.registry.read() as conn:
        names = [str(n) for (n,) in conn.execute(select(villages.c.name))]
    commune = site.commune
    names += [commune.name, str(commune.district), str(commune.province), "Hoa"]
    for code in codes:
        props = site.client.get(f"/api/points/{code}").json()["properties"]
        names += [props["address"], props["name"] or ""]
    return names


Page = Callable[[Site], tuple[str, list[str]]]


def _address(kind: str) -> Page:
    def page(site: Site) -> tuple[str, list[str]]:
        code = site.code_in(VILLAGE, kind=kind)
        return f"/A/{code}", _names(site, code)

    return page


def _national_form(site: Site) -> tuple[str, list[str]]:
    code = site.code_in(VILLAGE)
    return f"/A/{code[:10]}", _names(site, code)


def _retired(site: Site) -> tuple[str, list[str]]:
    code = site.code_in(VILLAGE, offset=1)
    retire_point(site.registry, site.commune, code, reason="demolished", actor="t")
    return f"/A/{code}", _names(site, code)


def _typo(site: Site) -> tuple[str, list[str]]:
    code = site.code_in(VILLAGE)
    return f"/A/{code[:10]}{(int(code[10]) + 1) % 10}", []


def _volunteer(site: Site) -> tuple[str, list[str]]:
    site.signed_in()
    code = site.code_in(VILLAGE)
    return f"/A/{code}", _names(site, code)


def _signin(site: Site) -> tuple[str, list[str]]:
    new = add_user(
        site.registry,
        site.commune,
        name="Hoa",
        role="volunteer",
        village_names=[VILLAGE],
        actor="t",
    )
    return f"/signin/{new.signin_token}", []


def _dashboard(site: Site) -> tuple[str, list[str]]:
    code = site.code_in(VILLAGE, offset=2)
    token = site.volunteer_token()
    lat, lon = site.position(site.plate(code))
    body = {"lat": lat, "lon": lon, "accuracy_m": 5.0}
    assert site.client.post(f"/api/points/{code}/installations", json=body, headers=bearer(token))
    report = {"reason": "damaged", "note": "rơi"}
    site.client.post(f"/api/points/{code}/reports", json=report, headers=bearer(token))
    return "/dashboard", _names(site)


def _console(url: str) -> Page:
    """A console page, seen by an officer signed in through the link."""

    def page(site: Site) -> tuple[str, list[str]]:
        new = add_user(site.registry, site.commune, name="Hoa", role="officer", actor="t")
        assert site.client.post(f"/signin/{new.signin_token}").status_code == 200
        return url, _names(site)

    return page


def _followup(site: Site) -> tuple[str, list[str]]:
    """The follow-up section with a point to review (with its positions) and an open report."""
    code = site.code_in(VILLAGE, offset=3)
    token = site.volunteer_token()
    lat, lon = site.position(site.plate(code))
    body = {"lat": lat + 0.0006, "lon": lon, "accuracy_m": 5.0}
    assert site.client.post(f"/api/points/{code}/installations", json=body, headers=bearer(token))
    report = {"reason": "wrong_house", "note": "nhà bên cạnh"}
    site.client.post(f"/api/points/{code}/reports", json=report, headers=bearer(token))
    stale = site.code_in(VILLAGE, offset=4)
    printed_with(site, stale, "thôn Cũ, xã Cũ")  # words out of date: a plate to reprint
    url, names = _console("/console/followup")(site)
    household = str(site.point(code)["name"])  # the officer sees it; the public page does not
    with site.registry.read() as conn:
        (plate,) = stale_plates(conn, site.commune)
    words = [household, "Lan", "nhà bên cạnh", plate.printed_text, plate.current_text]
    return url, [*names, *_names(site, code, stale), *words]


def _points(site: Site) -> tuple[str, list[str]]:
    """The points section's search, one household found by its name."""
    code = site.code_in(VILLAGE, offset=1)
    name = str(site.point(code)["name"])
    url, names = _console(f"/console/points?q={name}")(site)
    return url, [*names, *_names(site, code), name, f"“{name}”"]


def _point(site: Site) -> tuple[str, list[str]]:
    """A point's page after an edit and with its code: details, forms and history in words."""
    code = site.code_in(VILLAGE, offset=1)
    point = site.point(code)
    url, names = _console(f"/console/points/{point['id']}")(site)
    edit_point(site.registry, site.commune, code, actor="web:Hoa", house_number="12A")
    actors = [str(a) for a in _actors(site, int(str(point["id"])))]
    shown = [str(point[k]) for k in ("name", "ref", "plus_code")]
    return url, [*names, *_names(site, code), *shown, *actors]


def _actors(site: Site, point_id: int) -> list[str]:
    with site.registry.read() as conn:
        return list(
            conn.execute(
                select(events.c.actor).where(events.c.entity_id == point_id).distinct()
            ).scalars()
        )


def _fixed(url: str) -> Page:
    return lambda site: (url, _names(site))


PAGES: dict[str, Page] = {
    "home": _fixed("/"),
    "household": _address("household"),
    "agency": _address("agency"),
    "national form": _national_form,
    "retired": _retired,
    "check digit": _typo,
    "unknown code": _fixed("/A/18112999990"),
    "not a code": _fixed("/A/not-a-code"),
    "volunteer": _volunteer,
    "sign-in": _signin,
    "spent sign-in": _fixed("/signin/" + "A" * 42),
    "dashboard": _dashboard,
    "map": _fixed("/map"),
    "no such page": _fixed("/nowhere"),
    "console, signed out": _fixed("/console"),
    "console": _console("/console"),
    "console import": _console("/console/import"),
    "console codes": _console("/console/codes"),
    "console volunteers": _console("/console/volunteers"),
    "console follow-up": _followup,
    "console print": _console("/console/print"),
    "console points": _points,
    "console point": _point,
    "console export": _console("/console/export"),
    "console villages": _console("/console/villages"),
    "home, officer": _console("/"),
}


@pytest.mark.parametrize("name", PAGES)
def test_every_page_speaks_one_language(site: Site, name: str) -> None:
    url, names = PAGES[name](site)
    join = "&" if "?" in url else "?"
    vi = site.client.get(f"{url}{join}lang=vi")
    en = site.client.get(f"{url}{join}lang=en")
    assert vi.headers["content-type"].startswith("text/html"), vi.text
    assert 'lang="vi"' in vi.text and 'lang="en"' in en.text
    assert english_lines(_words(vi.text), names=names) == []
    assert vietnamese_lines(_words(en.text), names=names) == []


def test_the_detector_sees_a_word_left_in_english(site: Site) -> None:
    """The check above would see a sentence the catalog does not hold."""
    html = site.client.get("/dashboard?lang=vi").text
    assert english_lines(_words(html.replace("Tiến độ gắn biển", "Plating progress")))


def test_dashboard_numbers_and_dates_the_vietnamese_way(site: Site) -> None:
    url, _ = _dashboard(site)
    vi = site.client.get(url + "?lang=vi").text
    en = site.client.get(url + "?lang=en").text
    # 1 plate of 891: 0.1 %, a no-break space before "%" in Vietnamese as the officers write it
    summary = re.search(r'<p id="summary" class="summary">([^<]+)</p>', vi)
    assert summary and summary.group(1) == "Đã gắn 1 / 891 biển (0,1\u00a0%) — còn 890 biển"
    assert "(0.1%)" in en and "(0.1\u00a0%)" not in en
    assert re.search(r"<td class=\"pct\">0,0\u00a0%<svg", vi)
    assert re.search(r"<li>\d\d/\d\d/20\d\d · " + VILLAGE, vi)  # the report's day
    assert re.search(r">\d\d/\d\d/20\d\d</text>", vi)  # the chart's first and last day
    assert re.search(r"<li>\d\d?/\d\d?/20\d\d · " + VILLAGE, en)


def test_dashboard_downloads_in_vietnamese(site: Site) -> None:
    r = site.client.get("/dashboard/coverage.csv?lang=vi")
    top, *rows = open_as_excel(r.content, "vi")  # as a Vietnamese Excel opens it
    assert top[:2] == ["Thôn", "Hộ gia đình"] and rows[-1][0] == "Toàn xã"
    column = top.index("Tỷ lệ đã gắn")
    assert all(isinstance(row[column], float) for row in rows)
    assert all(isinstance(c, float) for c in rows[-1][1:])
    sheet = load_workbook(io.BytesIO(site.client.get("/dashboard/coverage.xlsx").content)).active
    assert sheet is not None and sheet.title == "Tiến độ gắn biển"
    header = [c.value for c in sheet[1]]
    assert header[:2] == ["Thôn", "Hộ gia đình"] and "Cần kiểm tra" in header
    share = sheet.cell(row=2, column=header.index("Tỷ lệ đã gắn") + 1)
    assert isinstance(share.value, int | float) and share.number_format == "0.0"


def test_the_dashboard_says_what_to_do_without_commands(site: Site) -> None:
    html = site.client.get("/dashboard").text
    for command in ("diachiso", "--stale", "reprint", "plates "):
        assert command not in html
