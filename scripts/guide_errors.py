"""Fill the officer's guide's section "Khi gặp lỗi thì làm gì" (docs/huong-dan-can-bo.md) from the
catalog: for each error of addrgen/advice.py, its Vietnamese message as the officer sees it (the
data shown as "…") and the advice.

    python -m scripts.guide_errors            # rewrite the marked block (make messages runs it)
    python -m scripts.guide_errors --check    # exit 1, naming the first stale line

Only the block between ``<!-- BEGIN generated: errors -->`` and ``<!-- END generated: errors -->``
is written; the rest of the guide is prose. tests/test_officer_guide.py keeps the block in step.
"""

from __future__ import annotations

import argparse
import string
import sys
from pathlib import Path

from addrgen.advice import ADVICE
from addrgen.catalog import t, template
from scripts.glossary import first_difference

__all__ = ["BEGIN", "END", "GUIDE", "block", "fill", "shown"]

ROOT = Path(__file__).resolve().parents[1]
GUIDE = ROOT / "docs" / "huong-dan-can-bo.md"
BEGIN = "<!-- BEGIN generated: errors (scripts/guide_errors.py, from the catalog) -->"
END = "<!-- END generated: errors -->"
LANG = "vi"


def shown(text: str) -> str:
    """A catalog template as a reader meets it, each piece of data written "…" ('…' where the
    message quotes it as the program does)."""
    out = []
    for literal, name, _spec, conversion in string.Formatter().parse(text):
        out.append(literal)
        if name is not None:
            out.append("'…'" if conversion == "r" else "…")
    return "".join(out)


def block() -> list[str]:
    """The block's lines, markers included."""
    lines = [BEGIN, ""]
    for code, advice in ADVICE:
        message = template(code, LANG)
        if message is None:  # a code the catalog lost: the test names it
            raise KeyError(f"{code}: no text in the catalog")
        lines.append(f"- **{shown(message)}** — {t(advice, LANG)}")
    lines += ["", END]
    return lines


def fill(guide: str) -> str:
    """``guide`` with its marked block replaced by :func:`block`."""
    lines = guide.split("\n")
    try:
        start, stop = lines.index(BEGIN), lines.index(END)
    except ValueError:
        raise SystemExit(f"{GUIDE.name}: the markers {BEGIN!r} … {END!r} are missing") from None
    return "\n".join([*lines[:start], *block(), *lines[stop + 1 :]])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only check, write nothing")
    args = parser.parse_args(argv)
    have = GUIDE.read_text(encoding="utf-8")
    want = fill(have)
    if args.check:
        stale = first_difference(have.splitlines(), want.splitlines())
        if stale:
            print(f"{GUIDE}: {stale} (run make messages)", file=sys.stderr)
            return 1
        return 0
    if want != have:
        GUIDE.write_text(want, encoding="utf-8", newline="\n")
        print(f"{GUIDE.relative_to(ROOT)}: errors block written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
