"""`plates batch --no-names --background FILE` (issue 17): the install checklist names the
households' heads unless told not to, and draws the officer's background layer under its maps;
a background with nothing to draw is refused, naming the option, before anything is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from gis.registry.communes import Commune
from tests.conftest import CliRunner

URL = "https://diachi.example.vn"


def _text(pdf: Path) -> str:
    with pdfplumber.open(pdf) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


def _background(path: Path, features: list[Any]) -> Path:
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), "utf-8")
    return path


def test_checklist_names_heads_unless_no_names_and_draws_the_background(
    cli: CliRunner, db_url: str, coded: Commune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", URL)
    market = {
        "type": "Feature",
        "properties": {"ten": "Chợ Bình Minh"},
        "geometry": {"type": "Point", "coordinates": [105.9155, 18.3152]},
    }
    road = {
        "type": "Feature",
        "properties": {},
        "geometry": {"type": "LineString", "coordinates": [[105.91, 18.315], [105.93, 18.315]]},
    }
    background = _background(tmp_path / "nen.geojson", [market, road])
    first = cli("plates", "batch", "--village", "Thôn Bình Minh", "--draft",
                "--background", background, "--out", tmp_path / "a", "--db", db_url)  # fmt: skip
    assert first.code == 0, first.err
    text = _text(tmp_path / "a" / "checklist.pdf")
    assert "Nguyễn Văn An" in text and "Chợ Bình Minh" in text and "Lý do chưa gắn" in text
    second = cli("plates", "batch", "--village", "Thôn Bình Minh", "--draft", "--no-names",
                 "--out", tmp_path / "b", "--db", db_url)  # fmt: skip
    assert second.code == 0, second.err
    text = _text(tmp_path / "b" / "checklist.pdf")
    assert "Nguyễn Văn An" not in text and "Trần Thị Bình" not in text
    assert "Nhà văn hóa thôn Bình Minh" in text  # an agency keeps its name: it is no person's


def test_a_background_with_nothing_to_draw_is_refused(
    cli: CliRunner, db_url: str, coded: Commune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", URL)
    empty = _background(tmp_path / "rong.geojson", [])
    refused = cli("plates", "batch", "--background", empty, "--out", tmp_path / "c",
                  "--db", db_url)  # fmt: skip
    assert refused.code == 1 and "--background" in refused.err and "rong.geojson" in refused.err
    assert not (tmp_path / "c").exists()
