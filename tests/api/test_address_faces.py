"""One address, the same words on every face (issue 17): the plate (its PDF's text), the manifest,
the letter (the formal form: abbreviations spelled out), the address page, the public API and the
export say the same address for the same date, for villages of every unit word, with and without
a house number or street, and with a district recorded before the 2025 reform (not printed since
2025-07-01) or standing after it (printed)."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.web.app import create_app
from gis.settings import load_settings
from gis.storage.db import open_registry
from gis.storage.schema import batch_items, letter_counters
from tests.api.conftest import SECRET
from tests.conftest import CliRunner

URL = "https://diachi.example.vn"
LON0, LAT0 = 105.90, 18.30
# village, house number, street → the running text without and with a standing district
CASES = [
    ("Thôn Bình Minh", "26", "", "số 26, thôn Bình Minh"),
    ("Xóm Mới", "12A", "Đường Lê Khôi", "số 12A đường Lê Khôi, xóm Mới"),
    ("Tổ dân phố 5", "", "Ngõ 5", "ngõ 5, tổ dân phố 5"),
    ("Bản Na Hang", "", "", "bản Na Hang"),
    ("Khối 3", "7", "", "số 7, khối 3"),
]
COMMUNE = "xã Thạch Bình"
INIT = ["init", "--commune", COMMUNE, "--commune-code", "18112", "--area-number", "18112"]
TAIL = "xã Thạch Bình, tỉnh Hà Tĩnh"
STANDING_TAIL = "xã Thạch Bình, TX Hồng Lĩnh, tỉnh Hà Tĩnh"
FORMAL_TAIL = "xã Thạch Bình, thị xã Hồng Lĩnh, tỉnh Hà Tĩnh"


def _registry(cli: CliRunner, tmp: Path) -> str:
    url = f"sqlite:///{tmp / 'faces.sqlite'}"
    feats, rows = [], []
    for k, (village, house, street, _) in enumerate(CASES):
        x0 = LON0 + 0.01 * k
        ring = [[x0, LAT0], [x0 + 0.01, LAT0], [x0 + 0.01, LAT0 + 0.01], [x0, LAT0 + 0.01]]
        feats.append(
            {
                "type": "Feature",
                "properties": {"ten_thon": village},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
        rows.append(f"R{k},{LAT0 + 0.005},{x0 + 0.005},{house},{street}")
    (tmp / "v.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": feats}))
    (tmp / "p.csv").write_text("ma,vi_do,kinh_do,so_nha,duong\n" + "\n".join(rows) + "\n")
    steps: list[list[str | Path]] = [
        [*INIT, "--district", "TP Hà Tĩnh", "--province", "Hà Tĩnh"],
        ["villages", "import", tmp / "v.geojson", "--name-field", "ten_thon"],
        ["points", "import", tmp / "p.csv", "--kind", "household", "--ref-field", "ma"],
        ["codes", "issue"],
    ]
    for args in steps:
        done = cli(*args, "--db", url)
        assert done.code == 0, (args, done.err)
    return url


def _pdf_text(pdf: Path) -> list[str]:
    """Each page's text, white space (no-break spaces too) collapsed."""
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True).stdout
    return [" ".join(page.split()) for page in raw.decode("utf-8").split("\f") if page.strip()]


def _faces(cli: CliRunner, url: str, *printing: str | Path) -> dict[str, dict[str, str]]:
    """Print (``printing``: the plates command and its arguments, with --out last), then every
    face's words for each point (by its reference): plate, manifest, letter, page, api,
    export."""
    out = Path(printing[-1])
    done = cli(*printing, "--letters", "--db", url)
    assert done.code == 0, done.err
    with (out / "manifest.csv").open(encoding="utf-8-sig") as fh:
        manifest = list(csv.DictReader(fh))
    done = cli("export", "--format", "csv", "--out", out / "export.csv", "--db", url)
    assert done.code == 0, done.err
    with (out / "export.csv").open(encoding="utf-8-sig") as fh:
        exported = {r["code"]: r for r in csv.DictReader(fh)}
    plates, letters = _pdf_text(out / "plates.pdf"), _pdf_text(out / "letters.pdf")
    settings = load_settings(database_url=url, env="test", secret_key=SECRET, lang="vi")
    registry = open_registry(url)
    faces: dict[str, dict[str, str]] = {}
    try:
        with TestClient(create_app(settings, registry=registry)) as client:
            for k, row in enumerate(manifest):  # plates, letters and manifest: one order
                code, ref = row["code"], exported[row["code"]]["ref"]
                faces[ref] = {
                    "code": code,
                    "manifest": row["address_text"],
                    "plate": plates[k],
                    "letter": letters[k],
                    "page": " ".join(client.get(f"/A/{code}").text.split()),
                    "api": client.get(f"/api/points/{code}").json()["properties"]["address"],
                    "export": exported[code]["address"],
                }
    finally:
        registry.dispose()
    return faces


def _check(faces: dict[str, dict[str, str]], tail: str, formal_tail: str) -> None:
    for k, (_, _, _, head) in enumerate(CASES):
        face = faces[f"R{k}"]
        running = f"{head}, {tail}"
        capital = running[:1].upper() + running[1:]
        formal = capital.replace(tail, formal_tail)
        assert face["api"] == face["export"] == running, face
        assert running in face["page"], (running, face["page"][:200])
        assert face["manifest"] == capital
        assert capital in face["plate"], (capital, face["plate"])
        assert formal in face["letter"], (formal, face["letter"])


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="no pdftotext")
def test_every_face_prints_the_same_address(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", URL)
    url = _registry(cli, tmp_path)
    # The district entered without a date is the one before 1 July 2025: no face prints it.
    faces = _faces(cli, url, "plates", "batch", "--out", tmp_path / "first")
    _check(faces, TAIL, TAIL)
    # A district that stands from the reform on is printed (the letter spells "TX" out).
    done = cli(
        "communes", "set-district", COMMUNE, "--district", "TX Hồng Lĩnh",
        "--effective", "2025-07-01", "--db", url,
    )  # fmt: skip
    assert done.code == 0, done.err
    codes = [face["code"] for face in faces.values()]
    again = _faces(cli, url, "plates", "reprint", *codes, "--out", tmp_path / "again")
    _check(again, STANDING_TAIL, FORMAL_TAIL)
    _check_letter_numbers(url, faces, again)


def _check_letter_numbers(url: str, *batches: dict[str, dict[str, str]]) -> None:
    """Each letter's document number continues the commune's series of the year, and the batch
    records the number each plate's letter carried."""
    registry = open_registry(url)
    try:
        with registry.read() as conn:
            rows = conn.execute(
                select(
                    batch_items.c.batch_id, batch_items.c.code, batch_items.c.letter_number
                ).order_by(batch_items.c.batch_id, batch_items.c.number)
            ).all()
            last = conn.execute(select(letter_counters.c.last_number)).scalar_one()
    finally:
        registry.dispose()
    assert (
        [r.letter_number for r in rows]
        == list(range(1, 2 * len(CASES) + 1))
        == [*range(1, last + 1)]
    )
    for row in rows:
        faces = batches[0] if row.batch_id == rows[0].batch_id else batches[1]
        letter = next(f["letter"] for f in faces.values() if f["code"] == row.code)
        assert f"Số: {row.letter_number}/TB-UBND" in letter
