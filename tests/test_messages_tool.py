"""scripts/messages.py on a small tree of its own: extraction finds codes where the sources put
them, update adds new ids with no text and marks gone ones obsolete, compile writes what the
runtime reads, and a second run changes nothing."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo

from scripts.catalog_ids import ROOT, scan
from scripts.messages import compiled, extract, read_catalog, run

SOURCE = '''
from addrgen.catalog import N_, t
from addrgen.errors import DiachisoError
from gis.errors import Problem


class DemoError(DiachisoError):
    """An error of the tree, found by its base's name."""


class Fixed(DemoError):
    def __init__(self, path: str) -> None:
        super().__init__("demo.fixed", value=path)


def report(i: int, code: str) -> None: ...


def check(kind: str) -> None:
    report(1, "demo.helper")
    Problem("f.csv", 2, "kind", kind, "demo.problem")
    if kind:
        raise DemoError("demo.first" if kind == "a" else "demo.second", value=kind)
    raise DemoError(f"no kind {kind}")


TABLE = {"x": N_("demo.marked")}
LABEL = t("demo.label", "vi")
'''


PROBLEM = """
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    file: str
    row: int | None
    field: str | None
    value: str | None
    code: str
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "babel.cfg", tmp_path / "babel.cfg")
    for package, name, text in (("addrgen", "demo", SOURCE), ("gis", "errors", PROBLEM)):
        (tmp_path / package).mkdir()
        (tmp_path / package / f"{name}.py").write_text(textwrap.dedent(text), encoding="utf-8")
    (tmp_path / "tests").mkdir()  # not a source package: never read
    (tmp_path / "tests" / "other.py").write_text('N_("demo.not_a_source")\n', encoding="utf-8")
    return tmp_path


def _po(root: Path, lang: str) -> Path:
    return root / "addrgen" / "locale" / lang / "LC_MESSAGES" / "diachiso.po"


def test_extraction_finds_codes_where_the_sources_put_them(tree: Path) -> None:
    ids = {m.id for m in extract(tree) if m.id}
    assert ids == {
        "demo.fixed",
        "demo.helper",
        "demo.problem",
        "demo.first",
        "demo.second",
        "demo.marked",
        "demo.label",
    }
    sentences = [f for f in scan(tree) if f.strict and not f.is_id]
    assert [(f.text, f.line) for f in sentences] == [("f'no kind {kind}'", 24)]


def test_update_adds_new_ids_empty_and_marks_gone_ones_obsolete(tree: Path) -> None:
    vi = _po(tree, "vi")
    vi.parent.mkdir(parents=True)
    vi.write_text(
        'msgid ""\nmsgstr ""\n"Language: vi\\n"\n\n'
        'msgid "demo.first"\nmsgstr "một {value}"\n\n'
        'msgid "demo.old"\nmsgstr "cũ"\n',
        encoding="utf-8",
    )
    run(tree)
    po = read_catalog(vi, "vi")
    assert po["demo.first"].string == "một {value}"
    assert po["demo.second"].string == ""  # new: to be filled in
    assert po.get("demo.old") is None and "demo.old" in po.obsolete
    en = read_catalog(_po(tree, "en"), "en")
    assert {m.id for m in en if m.id} == {m.id for m in po if m.id}
    with (tree / "addrgen/locale/vi/LC_MESSAGES/diachiso.mo").open("rb") as f:
        assert compiled(read_mo(f)) == {"demo.first": "một {value}"}


def test_obsolete_entries_can_be_dropped(tree: Path) -> None:
    vi = _po(tree, "vi")
    vi.parent.mkdir(parents=True)
    vi.write_text('msgid "demo.old"\nmsgstr "cũ"\n', encoding="utf-8")
    run(tree)
    assert "demo.old" in read_catalog(vi, "vi").obsolete
    run(tree, steps=["update"], drop_obsolete=True)
    assert "demo.old" not in vi.read_text(encoding="utf-8")


def test_a_second_run_changes_nothing(tree: Path) -> None:
    run(tree)
    files = sorted((tree / "addrgen" / "locale").rglob("*.*"))
    before = {p: p.read_bytes() for p in files}
    run(tree)
    assert {p: p.read_bytes() for p in files} == before
