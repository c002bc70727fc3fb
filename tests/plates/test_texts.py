"""The printed documents' fixed texts come from the message catalog: no Vietnamese sentence is
written in plates/ itself, every key the renderer looks up has its texts, and what is printed is
the catalog's Vietnamese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from addrgen.catalog import has_message, t
from plates.checklist import _HEADER
from plates.guide import GUIDE_STEPS
from plates.language import PRINTED
from plates.layout import PlateSpec
from plates.letters import USES
from tests.conftest import REPO

PLATES = REPO / "plates"
# Letters a Vietnamese word has and English does not.
VIETNAMESE = re.compile(r"[ăâđêôơưĂÂĐÊÔƠƯ\u0300-\u036f]|[àáảãạèéẻẽẹìíỉĩịòóỏõọùúủũụỳýỷỹỵ]", re.I)
# Written in the code on purpose: the product's name (PDF metadata) and the unit words the
# letter's heading and date are cut at (pattern, not text).
ALLOWED = {
    "Địa chỉ số",
    r"^(xã|phường|thị trấn|đặc khu)\s+",
    r"\s+(?=(?:xã|phường|thị trấn|đặc khu)\s)",
}


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the string nodes that are docstrings (they explain; they are never printed)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                found.add(id(body[0].value))
    return found


def _vietnamese_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skip
        and VIETNAMESE.search(node.value)
        and node.value not in ALLOWED
    ]


def test_no_fixed_vietnamese_text_is_written_in_plates() -> None:
    found = [
        f"{path.relative_to(REPO)}:{line}: {text!r}"
        for path in sorted(PLATES.glob("*.py"))
        for line, text in _vietnamese_literals(path)
    ]
    assert found == [], "move these into the catalog (t('print.…', PRINTED)):\n" + "\n".join(found)


def test_the_detector_sees_a_sentence(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text('"""Trang."""\nHINT = "Quét mã QR"\nOK = "Plus Code"\n', encoding="utf-8")
    assert _vietnamese_literals(sample) == [(2, "Quét mã QR")]


def test_every_key_of_the_documents_has_both_languages() -> None:
    keys = [*_HEADER, *USES, *(k for heading, lines in GUIDE_STEPS for k in (heading, *lines))]
    assert keys and all(k.startswith("print.") for k in keys)
    missing = [(k, lang) for k in keys for lang in ("vi", "en") if not has_message(k, lang)]
    assert missing == []


def test_printed_in_vietnamese() -> None:
    assert PRINTED == "vi"
    assert PlateSpec().header == t("print.plate.header", "vi") == "ĐỊA CHỈ SỐ"
    assert t("print.plate.header", "en") == "DIGITAL ADDRESS"
