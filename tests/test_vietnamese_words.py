"""Words officers and the law use, in every Vietnamese text we write (the catalog's Vietnamese —
the CLI, the pages, the PDFs' texts —, the vocabulary's labels, the pages' templates and scripts,
the Vietnamese docs): one tone-mark style ("tọa độ", "xóa", "lũy kế",
"hòa", as administrative documents write them), one word for the volunteer ("đoàn viên"), the
area number never called a postcode, and Vietnamese quotation marks “…”."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from addrgen.catalog import po_path
from addrgen.vocab import KIND_LABELS, REASON_LABELS, ROLE_LABELS, STATUS_LABELS
from scripts.messages import read_catalog
from tests.conftest import REPO

VIETNAMESE_DOCS = (
    *sorted(p.relative_to(REPO).as_posix() for p in (REPO / "docs").glob("huong-dan-*.md")),
    "docs/thuat-ngu.md",
)
#: The pages' own files: a Vietnamese word written there rather than in the catalog counts too.
PAGE_FILES = ("api/web/templates", "api/web/static")
#: Labels of the vocabulary said another way ("Di tích" for "Khu di tích"); the kind's label is
#: the one word for it.
OTHER_LABELS = re.compile(r"(?<!khu )(?<!Khu )\bdi tích\b", re.IGNORECASE)
#: The notification letter is "thư thông báo" (the glossary), not "giấy báo".
OTHER_LETTER = re.compile(r"giấy báo", re.IGNORECASE)
#: "Đoàn Thanh niên" is written with its capitals.
YOUTH_UNION = re.compile(r"(?i:đoàn)\s+(?i:thanh)\s+(?i:niên)")
# The old placement of the tone mark in an open oa/oe/uy syllable ("hoà", "toạ", "luỹ"); "qu" is
# a consonant, so "quý" is not one of them.
OLD_TONE_MARK = re.compile(r"(?<![qQ])[oOuU][àáảãạèéẻẽẹỳýỷỹỵ](?![^\W\d_])")
VOLUNTEER = re.compile(r"tình nguyện viên", re.IGNORECASE)
POSTCODE = re.compile(r"bưu chính", re.IGNORECASE)
SAYS_IT_IS_NOT = re.compile(r"không phải (là )?mã bưu chính", re.IGNORECASE)
OTHER_QUOTES = re.compile(r"[«»„]|\"[^\"\n]*\"")
CODE = re.compile(r"`[^`]*`")


def _prose(path: str) -> Iterator[tuple[str, str]]:
    """(where, text) of a Markdown file's prose: code blocks and inline code left out."""
    fenced = False
    for number, line in enumerate((REPO / path).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith("```"):
            fenced = not fenced
        elif not fenced and not line.startswith("<!--"):
            yield f"{path}:{number}", CODE.sub("", line)


def texts(*, pages: bool = True) -> Iterator[tuple[str, str]]:
    """Every Vietnamese text we write, with where it is; ``pages`` adds the lines of the pages'
    templates and scripts (code: no place to look for quotation marks)."""
    for message in read_catalog(po_path("vi"), "vi"):
        if message.id and isinstance(message.string, str):
            # Inline code is a command typed as it is (straight quotes a shell takes), as in docs.
            yield f"vi .po {message.id}", CODE.sub("", message.string)
    for table in (KIND_LABELS, STATUS_LABELS, REASON_LABELS, ROLE_LABELS):
        for member, labels in table.items():
            yield f"addrgen/vocab.py {member}", labels["vi"]
    for path in VIETNAMESE_DOCS:
        yield from _prose(path)
    for folder in PAGE_FILES if pages else ():
        for file in sorted((REPO / folder).iterdir()):
            where = file.relative_to(REPO).as_posix()
            for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
                yield f"{where}:{number}", line


def _found(
    pattern: re.Pattern[str], *, but: re.Pattern[str] | None = None, pages: bool = True
) -> list[str]:
    return [
        f"{where}: {text.strip()[:90]}"
        for where, text in texts(pages=pages)
        if pattern.search(but.sub("", text) if but else text)
    ]


def test_one_tone_mark_style() -> None:
    assert _found(OLD_TONE_MARK) == []


def test_one_word_for_the_volunteer() -> None:
    assert _found(VOLUNTEER) == []


def test_one_label_per_kind_and_the_letters_name() -> None:
    assert _found(OTHER_LABELS) == []
    assert _found(OTHER_LETTER) == []


def test_the_youth_union_is_capitalised() -> None:
    wrong = [
        f"{where}: {m.group(0)}"
        for where, text in texts()
        for m in YOUTH_UNION.finditer(text)
        if m.group(0).split() != ["Đoàn", "Thanh", "niên"]
    ]
    assert wrong == []


def test_the_area_number_is_not_called_a_postcode() -> None:
    assert _found(POSTCODE, but=SAYS_IT_IS_NOT) == []


def test_vietnamese_quotation_marks() -> None:
    assert _found(OTHER_QUOTES, pages=False) == []


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        (OLD_TONE_MARK, "toạ độ", True),
        (OLD_TONE_MARK, "xoá điểm", True),
        (OLD_TONE_MARK, "luỹ kế", True),
        (OLD_TONE_MARK, "hoà", True),
        (OLD_TONE_MARK, "tọa độ, xóa, lũy kế, hòa, hoàn thành, quý, khuya", False),
        (OTHER_QUOTES, "bấm «Đăng nhập»", True),
        (OTHER_QUOTES, 'bấm "Đăng nhập"', True),
        (OTHER_QUOTES, "bấm “Đăng nhập”", False),
        (VOLUNTEER, "Đăng nhập tình nguyện viên", True),
        (OTHER_LABELS, "tên (cơ quan, di tích)", True),
        (OTHER_LABELS, "Di tích", True),
        (OTHER_LABELS, "Khu di tích và cơ quan", False),
        (OTHER_LETTER, "trên biển hoặc giấy báo", True),
        (YOUTH_UNION, "đoàn thanh niên xã", True),
    ],
)
def test_the_detectors(pattern: re.Pattern[str], text: str, hit: bool) -> None:
    assert bool(pattern.search(text)) is hit
