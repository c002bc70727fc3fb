"""The officer's guide (docs/huong-dan-can-bo.md) shows its example files: each one, written out
as the guide shows it, is imported by the guide's own commands and comes in without an error —
the Excel sheet in VN-2000 metres with comma decimals, the agencies' CSV, the semicolon CSV with
comma decimals and degrees-minutes-seconds, the same file in the legacy TCVN3 and VNI fonts, a
second import that changes nothing, and the preview line the guide quotes."""

from __future__ import annotations

import csv
import io
import re
import shlex
from collections.abc import Callable
from pathlib import Path

import geopandas as gpd
import openpyxl
import pytest
import shapely
from sqlalchemy import select

from gis.ingest.textfix import encode_tcvn3, encode_vni
from gis.storage.db import open_registry
from gis.storage.schema import points
from scripts.guide_errors import GUIDE
from tests.conftest import CliResult, CliRunner
from tests.geometries import write_villages
from tests.test_officer_guide import commands

#: An example file: an HTML comment naming it, then a fenced block (its text) or a table (a sheet).
EXAMPLE = re.compile(
    r"<!-- example: (?P<name>\S+) -->\n(?:```\w*\n(?P<text>.*?)```|(?P<table>(?:\|.*\|\n)+))",
    re.DOTALL,
)


def examples(markdown: str) -> dict[str, str | list[list[str]]]:
    """The guide's example files by name: a CSV's text, or a sheet's rows of cells."""
    found: dict[str, str | list[list[str]]] = {}
    for m in EXAMPLE.finditer(markdown):
        if m["text"] is not None:
            found[m["name"]] = m["text"]
            continue
        rows = [
            [c.strip() for c in line.strip().strip("|").split("|")]
            for line in m["table"].splitlines()
        ]
        found[m["name"]] = [r for r in rows if not all(set(c) <= set("-: ") for c in r)]
    return found


def section(markdown: str, number: int) -> str:
    """The text of the guide's section ``number`` ("## 5. …" up to the next "## ")."""
    start = markdown.index(f"\n## {number}. ")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end > 0 else None]


#: Where the plots of ``thua_dat.shp`` stand (lon, lat): inside the test commune's villages.
PLOTS = [(105.9130, 18.3120), (105.9270, 18.3180)]
GUIDE_TEXT = GUIDE.read_text(encoding="utf-8")
EXAMPLES = examples(GUIDE_TEXT)
IMPORTS = [
    c.text for c in commands(section(GUIDE_TEXT, 14)) if c.text.startswith("diachiso points import")
]


def import_of(name: str) -> str:
    """The guide's (first) command importing the file ``name``."""
    return next(command for command in IMPORTS if shlex.split(command)[3] == name)


def write_plots(path: Path) -> Path:
    """``thua_dat.shp``, which the guide describes but cannot show: a cadastral layer of plots
    (squares of about 20 m, in VN-2000 with its .prj) that `--centroids` reads as points."""
    plots = [shapely.box(lon - 1e-4, lat - 1e-4, lon + 1e-4, lat + 1e-4) for lon, lat in PLOTS]
    frame = gpd.GeoDataFrame({"so_thua": [12, 13]}, geometry=plots, crs="EPSG:4326")
    frame.to_crs("EPSG:9209").to_file(path)
    return path


def write_example(folder: Path, name: str) -> Path:
    path = folder / name
    if name == "thua_dat.shp":
        return write_plots(path)
    content = EXAMPLES[name]
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in content:
        sheet.append([cell or None for cell in row])  # cells as the officer typed them: text
    book.save(path)
    return path


def run(cli: CliRunner, command: str) -> CliResult:
    args = shlex.split(command)
    assert args[0] == "diachiso"
    return cli(*args[1:])


@pytest.fixture
def commune(cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The working folder of the guide's section 2, with the registry of section 12 and the
    villages of section 13 (``thon.geojson``: names in ``ten_thon``, counts in ``so_ho``)."""
    monkeypatch.chdir(tmp_path)
    write_villages(tmp_path / "thon.geojson")
    for number, command in ((12, "diachiso init"), (13, "diachiso villages import")):
        shown = next(
            c.text for c in commands(section(GUIDE_TEXT, number)) if c.text.startswith(command)
        )
        result = run(cli, shown)
        assert result.code == 0, (shown, result.err)
    return tmp_path


def _registered() -> dict[str, tuple[str | None, str]]:
    """The registry's points (the guide's default registry file) by reference: name, kind."""
    registry = open_registry("sqlite:///var/diachiso.sqlite")
    with registry.read() as conn:
        rows = conn.execute(select(points.c.ref, points.c.name, points.c.kind)).all()
    registry.dispose()
    return {r.ref: (r.name, r.kind) for r in rows}


def test_the_guide_shows_its_example_files() -> None:
    assert set(EXAMPLES) == {
        *("ho_gia_dinh.xlsx", "co_quan.csv", "di_tich.csv", "diem_gps.csv", "ma_quoc_gia.csv")
    }
    # The household import (PowerShell and bash), agencies, heritage, one GPS column, national
    # codes, plots.
    assert len(IMPORTS) == 7
    for name in EXAMPLES:
        assert any(f" {name} " in command for command in IMPORTS), name
    named = {shlex.split(command)[3] for command in IMPORTS}
    assert named == {*EXAMPLES, "thua_dat.shp"}  # every file an import names is built here


def test_every_import_of_the_guide_takes_its_example(cli: CliRunner, commune: Path) -> None:
    for name in [*EXAMPLES, "thua_dat.shp"]:
        write_example(commune, name)
    for command in IMPORTS:
        result = run(cli, command)
        assert result.code == 0, (command, result.err)
        assert "error:" not in result.err and "warning:" not in result.err, (command, result.err)
    sheet = EXAMPLES["ho_gia_dinh.xlsx"]
    households = len(sheet) - 1
    households_import = import_of("ho_gia_dinh.xlsx")
    assert "--dry-run" in households_import
    registered = _registered()
    assert not any(ref.startswith("HGD") for ref in registered)  # the dry runs wrote nothing
    # "Khi không còn lỗi thì chạy lại lệnh, bỏ --dry-run".
    result = run(cli, households_import.replace(" --dry-run", ""))
    assert result.code == 0, result.err
    registered = _registered()
    assert sum(ref.startswith("HGD") for ref in registered) == households
    assert registered["HGD-0002"] == ("Nguyễn Văn Tuấn", "household")
    assert registered["CQ-01"] == ("Ủy ban nhân dân xã Thạch Bình", "agency")
    assert registered["DT-02"] == ("Đền Thạch Bình", "heritage")
    assert (commune / "loi-co-quan.csv").exists()  # --report writes the list, empty or not
    # "để nhập lại cùng một tệp không sinh ra điểm trùng": a second import changes nothing.
    again = run(cli, import_of("co_quan.csv").replace(" --report loi-co-quan.csv", ""))
    assert again.code == 0 and len(_registered()) == len(registered), again.err


def test_the_preview_line_the_guide_quotes(cli: CliRunner, commune: Path) -> None:
    quoted = re.search(r"`(dòng 2, cột X [^`]+)`", section(GUIDE_TEXT, 14))
    assert quoted is not None
    write_example(commune, "ho_gia_dinh.xlsx")
    result = run(cli, import_of("ho_gia_dinh.xlsx") + " --lang vi")
    assert result.code == 0, result.err
    assert f"  {quoted[1]}\n" in result.err


@pytest.mark.parametrize("encode", [encode_tcvn3, encode_vni])
def test_a_legacy_font_file_reads_as_unicode(
    cli: CliRunner, commune: Path, encode: Callable[[str], bytes]
) -> None:
    """ "Bảng tính cũ gõ bằng phông TCVN3 (.VnTime) hay VNI vẫn dùng được"."""
    shown = EXAMPLES["di_tich.csv"]
    assert isinstance(shown, str)
    # The fonts have no degree sign: the rows they can hold (the first is in decimal degrees).
    lines = [line for line in shown.splitlines() if "°" not in line]
    assert len(lines) >= 2
    text = "\n".join(lines) + "\n"
    (commune / "di_tich.csv").write_bytes(encode(text))
    result = run(cli, import_of("di_tich.csv"))
    assert result.code == 0, result.err
    names = {ref: name for ref, (name, _) in _registered().items()}
    expected = {row["ma"]: row["ten"] for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    assert names == expected
