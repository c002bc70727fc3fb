"""The vocabulary's one home: every member has both labels, the stored values are the
contract's, and no other module of the packages writes a label or the kind list again."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, get_args

import pytest

from addrgen.vocab import (
    KIND_LABELS,
    KINDS,
    REASON_LABELS,
    REPORT_REASONS,
    REVIEW_LABELS,
    ROLE_LABELS,
    ROLES,
    STATUS_LABELS,
    STATUSES,
    Kind,
    KindName,
    Reason,
    ReasonName,
    Role,
    Status,
    label,
)

Labels = Mapping[Any, Mapping[Any, str]]
TABLES: list[tuple[type[StrEnum], Labels]] = [
    (Kind, KIND_LABELS),
    (Status, STATUS_LABELS),
    (Reason, REASON_LABELS),
    (Role, ROLE_LABELS),
]


@pytest.mark.parametrize(("enum", "labels"), TABLES, ids=lambda t: getattr(t, "__name__", ""))
def test_every_member_has_both_labels(enum: type[StrEnum], labels: Labels) -> None:
    assert set(labels) == set(enum)
    for member in enum:
        assert set(labels[member]) == {"vi", "en"}, member
        assert all(text.strip() == text and text for text in labels[member].values()), member
        assert label(member, "vi") == labels[member]["vi"]  # type: ignore[arg-type]
        assert label(member, "en") == labels[member]["en"]  # type: ignore[arg-type]
    for lang in ("vi", "en"):  # one label per concept: no two members share one
        texts = [labels[m][lang] for m in enum]
        assert len(set(texts)) == len(texts)


def test_the_stored_values_are_the_contracts() -> None:
    assert KINDS == ("household", "agency", "heritage") == get_args(KindName)
    assert STATUSES == ("registered", "coded", "printed", "installed", "retired")
    assert REPORT_REASONS == (
        "wrong_location",
        "demolished",
        "damaged",
        "other",
        "owner_refused",
        "nobody_home",
        "house_not_found",
        "new_household",
    )
    assert get_args(ReasonName) == REPORT_REASONS
    assert ROLES == ("admin", "officer", "volunteer")
    assert all(type(v) is str for v in (*KINDS, *STATUSES, *REPORT_REASONS, *ROLES))


def test_labels_people_read() -> None:
    assert [label(k) for k in Kind] == ["Hộ gia đình", "Cơ quan, tổ chức", "Khu di tích"]
    assert label(Status.installed) == "Đã gắn biển"
    assert label(Kind("heritage"), "en") == "Heritage site"
    assert set(REVIEW_LABELS) == {"vi", "en"}
    with pytest.raises(ValueError):
        Kind("shop")


# --- one home: no label and no kind list written out anywhere else ------------------------------

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("addrgen", "gis", "plates", "api")
HOME = ROOT / "addrgen" / "vocab.py"
# The migrations wrote the stored values into CHECK constraints once and must never change.
ALLOWED = (ROOT / "gis" / "storage" / "migrations",)
TABLES_ALL = (KIND_LABELS, STATUS_LABELS, REASON_LABELS, ROLE_LABELS)
# Vietnamese labels are matched in any case (a lower-case copy is still a copy); English ones
# exactly, since "officer" or "other" in lower case are the stored values, which code may use.
VI_LABELS = {t["vi"].casefold() for table in TABLES_ALL for t in table.values()}
VI_LABELS.add(REVIEW_LABELS["vi"].casefold())
EN_LABELS = {t["en"] for table in TABLES_ALL for t in table.values()} | {REVIEW_LABELS["en"]}


def _is_label(text: str) -> bool:
    return text.strip().casefold() in VI_LABELS or text.strip() in EN_LABELS


def _sources() -> list[Path]:
    files = [p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*") if p.suffix in SUFFIXES]
    return [p for p in files if p != HOME and not any(p.is_relative_to(a) for a in ALLOWED)]


SUFFIXES = (".py", ".html", ".js")
_QUOTED = re.compile(r"""(["'])((?:(?!\1)[^\\\n]|\\.)*)\1""")


def _literals(path: Path) -> list[tuple[int, str]]:
    """Every string literal of a Python file (from its syntax tree), or every quoted string of
    a template or script, with its line."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".py":
        tree = ast.parse(text)
        exported = {  # the names in __all__ are the module's objects ("Volunteer"), not words
            id(element)
            for node in ast.walk(tree)
            if isinstance(node, ast.Assign | ast.AnnAssign)
            and any(isinstance(t, ast.Name) and t.id == "__all__" for t in _targets(node))
            and isinstance(node.value, ast.List | ast.Tuple)
            for element in node.value.elts
        }
        return [
            (node.lineno, node.value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in exported
        ]
    return [
        (n, m[2]) for n, line in enumerate(text.splitlines(), 1) for m in _QUOTED.finditer(line)
    ]


def _targets(node: ast.Assign | ast.AnnAssign) -> list[ast.expr]:
    return node.targets if isinstance(node, ast.Assign) else [node.target]


def _kind_lists(path: Path) -> list[int]:
    """Lines of a Python file where one tuple, list, set or subscript spells all the kinds."""
    if path.suffix != ".py":
        return []
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            values = {e.value for e in node.elts if isinstance(e, ast.Constant)}
            if set(KINDS) <= values:
                out.append(node.lineno)
    return out


def test_no_label_is_written_outside_the_vocabulary() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{line}: {value!r}"
        for path in _sources()
        for line, value in _literals(path)
        if _is_label(value)
    ] + [
        f"{path.relative_to(ROOT)}:{n}: {label!r}"
        for path in _sources()
        if path.suffix != ".py"
        for n, line in enumerate(path.read_text(encoding="utf-8").casefold().splitlines(), 1)
        for label in VI_LABELS
        if " " in label and label in line  # one-word labels ("Khác") are ordinary words too
    ]
    assert found == []


def test_no_kind_list_is_written_outside_the_vocabulary() -> None:
    found = [f"{p.relative_to(ROOT)}:{line}" for p in _sources() for line in _kind_lists(p)]
    assert found == []


def test_the_scans_see_what_they_look_for(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('X = ("household", "agency", "heritage")\nY = "Khu di tích"\n')
    assert _kind_lists(sample) == [1]
    assert (2, "Khu di tích") in _literals(sample)
    page = tmp_path / "page.html"
    page.write_text('{% for r in ["wrong_location", "damaged"] %}<b>Biển hỏng</b>\n')
    assert (1, "damaged") in _literals(page)
