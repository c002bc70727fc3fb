"""The glossary (docs/thuat-ngu.md) is generated from the vocabulary and the catalog's terms, and
kept in step: regenerated in memory here, it must equal the file, or the test names the line."""

from __future__ import annotations

from addrgen.catalog import has_message
from addrgen.terms import TERMS
from addrgen.vocab import KIND_LABELS, ROLE_LABELS
from scripts.glossary import GLOSSARY, first_difference, render


def test_the_glossary_is_up_to_date() -> None:
    have = GLOSSARY.read_text(encoding="utf-8").splitlines()
    stale = first_difference(have, render().splitlines())
    assert stale is None, f"{GLOSSARY.name} is stale at {stale}: run make messages"


def test_a_stale_line_is_named() -> None:
    want = render().splitlines()
    changed = [*want]
    row = next(i for i, line in enumerate(want) if "`heritage`" in line)
    changed[row] = "| Di tích | Heritage site | `heritage` |"  # a label edited by hand
    assert first_difference(changed, want) == (
        f"line {row + 1}: is '| Di tích | Heritage site | `heritage` |', "
        "should be '| Khu di tích | Heritage site | `heritage` |'"
    )
    assert first_difference(want[:-1], want) == f"line {len(want)}: {want[-1]!r} is missing"
    assert first_difference([*want, "x"], want) == f"line {len(want) + 1}: 'x' should not be there"


def test_it_lists_every_label_and_term_in_both_languages() -> None:
    text = render()
    for labels in (*KIND_LABELS.values(), *ROLE_LABELS.values()):
        assert f"| {labels['vi']} | {labels['en']} |" in text
    for word, note in TERMS:
        assert all(has_message(key, lang) for key in (word, note) for lang in ("vi", "en"))
    assert "| **số vùng** | area number |" in text and "không phải mã bưu chính" in text
