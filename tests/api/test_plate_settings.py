"""The commune chooses its plate template and whether household plates print "Chủ hộ: …"
(`communes set`), a batch overrides the template (`plates batch --template`) and writes a print
shop's DeviceCMYK (`--color cmyk`)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from reportlab.lib.units import mm

from gis.registry.communes import Commune, get_commune
from gis.storage.db import Registry
from tests.conftest import CliRunner

URL = "https://diachi.example.vn"


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", URL)


def _pages(pdf: Path) -> list[tuple[float, float, str]]:
    with pdfplumber.open(pdf) as doc:
        return [(float(p.width), float(p.height), p.extract_text() or "") for p in doc.pages]


def _shop_size(width_mm: float, height_mm: float) -> tuple[float, float]:
    """A shop page: the trim, 3 mm bleed on each side and the 7 mm slug."""
    return (round((width_mm + 6) * mm, 2), round((height_mm + 6 + 7) * mm, 2))


def test_the_communes_template_and_heads_line_reach_its_plates(
    cli: CliRunner, db_url: str, registry: Registry, coded: Commune, tmp_path: Path, env: None
) -> None:
    done = cli(
        "communes", "set", coded.name, "--plate-template", "A5", "--plate-household-head",
        "--db", db_url,
    )  # fmt: skip
    assert done.code == 0, done.err
    assert "plate template a5" in done.err and "Chủ hộ" in done.err
    with registry.read() as conn:
        now = get_commune(conn, coded.name)
    assert (now.plate_template, now.plate_household_head) == ("a5", True)
    out = tmp_path / "b"
    assert cli("plates", "batch", "--out", out, "--db", db_url).code == 0
    pages = _pages(out / "plates.pdf")
    assert {(round(w, 2), round(h, 2)) for w, h, _ in pages} == {_shop_size(210, 148)}
    texts = "\n".join(text for _, _, text in pages)
    assert "Chủ hộ: Nguyễn Văn An" in texts and "Chủ hộ: Nhà văn hóa" not in texts


def test_a_batch_overrides_the_template_and_prints_cmyk(
    cli: CliRunner, db_url: str, coded: Commune, tmp_path: Path, env: None
) -> None:
    assert cli("communes", "set", coded.name, "--plate-template", "a5", "--db", db_url).code == 0
    out = tmp_path / "b"
    done = cli(
        "plates", "batch", "--template", "sticker", "--color", "cmyk", "--out", out, "--db", db_url
    )
    assert done.code == 0, done.err
    pages = _pages(out / "plates.pdf")
    assert {(round(w, 2), round(h, 2)) for w, h, _ in pages} == {_shop_size(105, 74)}
    assert not any("Chủ hộ" in text for _, _, text in pages)  # the commune did not turn it on
    with pdfplumber.open(out / "plates.pdf") as doc:
        colours = {tuple(c["non_stroking_color"]) for p in doc.pages for c in p.chars}
    assert colours and all(len(c) == 4 for c in colours)  # every glyph in DeviceCMYK


def test_an_unknown_template_is_refused_naming_those_there_are(
    cli: CliRunner, db_url: str, coded: Commune, tmp_path: Path, env: None
) -> None:
    bad = cli("plates", "batch", "--template", "poster", "--out", tmp_path / "b", "--db", db_url)
    assert bad.code == 1 and "poster" in bad.err and "a5, a6, sticker" in bad.err
    assert not (tmp_path / "b").exists()
    bad = cli("communes", "set", coded.name, "--plate-template", "poster", "--db", db_url)
    assert bad.code == 1 and "a5, a6, sticker" in bad.err and "Traceback" not in bad.err
