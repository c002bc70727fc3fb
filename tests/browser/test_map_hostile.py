"""The exported map against hostile names: villages and agencies named to end a script block
early (``</script>``), to make the HTML parser run past its end (``<!--<script>``), with the
line separators old JavaScript ends a string at, or with markup. The file still opens from
disk, defines ``window.diachisoMap``, runs nothing of the names and shows them as text."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from api.cli import main
from api.web.mapview import embedded_json
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import add_commune
from gis.registry.issuing import issue_codes
from gis.registry.villages import import_villages
from gis.storage.db import open_registry
from gis.storage.schema import points, villages
from tests.browser.test_map import _click_point, _open_map
from tests.geometries import village_features

VILLAGE_NAMES = [
    "<!--<script>",
    "</script><script>window.pwned=1</script>",
    "Thôn\u2028Mới\u2029 ]]>",
]
AGENCY_NAMES = [
    "<!--<script>",
    "</script><img src=x onerror=window.pwned=1>",
    "UBND <b>xã</b> & “Đoàn” ]]> \u2028",
]


def test_no_name_breaks_the_embedded_data() -> None:
    for name in VILLAGE_NAMES + AGENCY_NAMES:
        text = embedded_json({"name": name})
        assert not any(c in text for c in "<>&\u2028\u2029")
        assert json.loads(text) == {"name": name}


@pytest.fixture
def hostile_map(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, dict[str, Any]]:
    """A commune of hostile names exported with `diachiso map`; returns the file and the
    names as the registry keeps them (village → its agencies' codes and names)."""
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    registry = open_registry(url)
    commune = add_commune(
        registry,
        name="xã <!--<script>",
        commune_code="18112",
        area_number=18112,
        province="tỉnh Hà Tĩnh",
        district="TP Hà Tĩnh",
        actor="test",
    )
    features = village_features()
    for feature, name in zip(features["features"], VILLAGE_NAMES, strict=True):
        feature["properties"]["ten_thon"] = name
    geojson = tmp_path / "thon.geojson"
    geojson.write_text(json.dumps(features, ensure_ascii=False), encoding="utf-8")
    import_villages(registry, commune, geojson, actor="test")
    rows = [[f"A{i}", n, 18.315, 105.915 + i / 100] for i, n in enumerate(AGENCY_NAMES)]
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["ma", "ten", "vi_do", "kinh_do"], *rows])
    (tmp_path / "cq.csv").write_text(buffer.getvalue(), encoding="utf-8")
    options = ImportOptions(kind="agency")
    assert import_points(registry, commune, tmp_path / "cq.csv", options, actor="test").imported
    issue_codes(registry, commune, actor="test")
    with registry.read() as conn:
        kept = {
            "villages": sorted(conn.execute(select(villages.c.name)).scalars()),
            "points": {r.code: r.name for r in conn.execute(select(points.c.code, points.c.name))},
        }
    registry.dispose()
    monkeypatch.setenv("DIACHISO_MAP_TILES", "none")
    out = tmp_path / "ban-do.html"
    assert main(["map", "--out", str(out), "--db", url]) == 0
    return out, kept


def test_the_exported_map_shows_hostile_names_as_text(
    hostile_map: tuple[Path, dict[str, Any]], browser: Any
) -> None:
    out, kept = hostile_map
    page, watch = _open_map(browser, out.as_uri(), width=1000)
    assert page.evaluate("typeof window.diachisoMap") == "object"
    assert page.evaluate("window.pwned") is None  # nothing of a name ran
    drawn = page.eval_on_selector_all(
        "path.diachiso-village", "els => els.map(e => e.getAttribute('data-village'))"
    )
    assert sorted(drawn) == kept["villages"]
    labels = page.eval_on_selector_all(
        ".diachiso-village-label", "els => els.map(e => e.textContent)"
    )
    assert sorted(labels) == kept["villages"]
    # markup in a name is text: no element came out of it
    assert page.locator(".leaflet-container b, .leaflet-container img[src='x']").count() == 0
    for code, name in kept["points"].items():
        _click_point(page, code)
        shown = page.inner_text(".leaflet-popup table")
        assert " ".join(name.split()) in " ".join(shown.split()), (name, shown)
        page.keyboard.press("Escape")  # closes the popup before the next point
        page.wait_for_selector(".leaflet-popup", state="detached")
    assert page.evaluate("window.pwned") is None
    assert watch.errors == []
