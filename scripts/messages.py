"""Keep the message catalogs (``addrgen/locale/``) in step with the sources, with Babel.

    python -m scripts.messages extract    # messages.pot: the ids the sources use (babel.cfg)
    python -m scripts.messages update     # the vi and en .po from the .pot: a new id gets an
                                          # empty text to fill in, a gone id is marked obsolete
    python -m scripts.messages compile    # the .mo files the program reads
    python -m scripts.messages all        # the three, in order (`make messages`)
    ... update --drop-obsolete            # remove gone ids' entries instead of marking them

A file is rewritten only when its entries change (not for a new date in its header), so running
these twice changes nothing. The tests (tests/addrgen/test_catalog.py) use the same functions
to check that the committed files are up to date.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, cast

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from addrgen.catalog import LANGUAGES, LOCALE_DIR, mo_path, po_path
from scripts.catalog_ids import ROOT, SOURCES

__all__ = [
    "compile_catalogs",
    "compiled",
    "extract",
    "main",
    "read_catalog",
    "run",
    "update",
]

# Babel leaves this one without annotations.
_parse_mapping = cast(
    Callable[[IO[str], str], tuple[list[tuple[str, str]], dict[str, dict[str, Any]]]],
    parse_mapping_cfg,
)
POT = LOCALE_DIR / "messages.pot"
MAPPING = ROOT / "babel.cfg"
#: Header lines that change on every run, whatever the entries: not a reason to rewrite a file.
VOLATILE = (b'"POT-Creation-Date:', b'"PO-Revision-Date:', b'"Generated-By:')
#: The checkout that holds the imported addrgen (its catalog paths are under it).
BASE = LOCALE_DIR.parents[1]


HEADER_COMMENT = """\
# The messages of diachiso: error codes and the faces' keys, with their texts.
# Fill in each msgstr (str.format fields as in the other language); after changing the sources
# run `make messages`. See docs/design.md, "Messages and languages"."""
TEAM = "Địa chỉ số contributors"


def new_catalog(lang: str | None = None) -> Catalog:
    return Catalog(
        locale=lang,
        header_comment=HEADER_COMMENT,
        project="diachiso",
        copyright_holder=TEAM,
        last_translator=TEAM,
        language_team=TEAM,
        charset="utf-8",
        fuzzy=False,
    )


def read_catalog(path: Path, lang: str | None = None) -> Catalog:
    """A .po or .pot file, or an empty catalog of ``lang`` when there is none yet."""
    if not path.is_file():
        return new_catalog(lang)
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def compiled(catalog: Catalog) -> dict[str, str]:
    """What a .mo built from ``catalog`` holds: id → text, for the filled, non-fuzzy entries."""
    return {
        m.id: m.string
        for m in catalog
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
        if not m.fuzzy
    }


def _render(catalog: Catalog, **options: bool) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=100, sort_output=True, **options)
    return out.getvalue()


def _write_if_changed(path: Path, data: bytes) -> bool:
    def body(raw: bytes) -> list[bytes]:
        return [line for line in raw.splitlines() if not line.startswith(VOLATILE)]

    if path.is_file() and body(path.read_bytes()) == body(data):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return True


def extract(root: Path = ROOT) -> Catalog:
    """The template: every id the sources use, with the files that use it."""
    with (root / MAPPING.name).open(encoding="utf-8") as f:
        method_map, options_map = _parse_mapping(f, str(MAPPING))
    for options in options_map.values():
        options["root"] = str(root)
    template = new_catalog()

    def in_sources(directory: str) -> bool:  # the packages only (not .venv, var, tests…)
        top = Path(directory).relative_to(root).parts[:1]
        return not top or top[0] in SOURCES

    found = extract_from_dir(root, method_map, options_map, directory_filter=in_sources)
    for filename, lineno, msgid, _comments, _context in found:
        assert isinstance(msgid, str)
        template.add(msgid, locations=[(Path(filename).as_posix(), lineno)])
    return template


def render_template(template: Catalog) -> bytes:
    """The .pot as written: files without line numbers, which move with every edit."""
    return _render(template, include_lineno=False)


def update(template: Catalog, root: Path = ROOT) -> dict[str, Catalog]:
    """Each language's .po brought to the template's ids (pybabel update, without guessing a
    text from a similar id: ids are codes, a near one means something else)."""
    out: dict[str, Catalog] = {}
    for lang in LANGUAGES:
        po = read_catalog(_under(root, po_path(lang)), lang)
        po.update(template, no_fuzzy_matching=True, update_creation_date=False)
        out[lang] = po
    return out


def compile_catalogs(root: Path = ROOT) -> list[str]:
    """Write each language's .mo from its .po when their entries differ; returns the ids that
    have no text (they fall back to English, then to the id)."""
    empty = []
    for lang in LANGUAGES:
        po = read_catalog(_under(root, po_path(lang)), lang)
        messages = compiled(po)
        empty += [f"{lang}: {m.id}" for m in po if m.id and m.id not in messages]
        mo = _under(root, mo_path(lang))
        if mo.is_file():
            with mo.open("rb") as f:
                if compiled(read_mo(f)) == messages:
                    continue
        out = io.BytesIO()
        write_mo(out, po, use_fuzzy=False)
        mo.write_bytes(out.getvalue())
    return empty


def _under(root: Path, path: Path) -> Path:
    """``path`` (a file of the catalog in this checkout) in the tree at ``root``."""
    return root / path.relative_to(BASE)


def run(
    root: Path = ROOT,
    *,
    steps: Iterable[str] = ("extract", "update", "compile"),
    drop_obsolete: bool = False,
) -> None:
    """Run the steps in order, saying on stderr which files were written; ``drop_obsolete``
    removes the entries of gone ids instead of keeping them marked (pybabel's
    --ignore-obsolete)."""
    steps = set(steps)
    if "extract" in steps:
        pot = _under(root, POT)
        _say(root, pot, _write_if_changed(pot, render_template(extract(root))))
    if "update" in steps:
        for lang, po in update(read_catalog(_under(root, POT)), root).items():
            path = _under(root, po_path(lang))
            data = _render(po, no_location=True, ignore_obsolete=drop_obsolete)
            _say(root, path, _write_if_changed(path, data))
    if "compile" in steps:
        for entry in compile_catalogs(root):
            print(f"no text yet (falls back to English, then to the id): {entry}", file=sys.stderr)


def _say(root: Path, path: Path, written: bool) -> None:
    print(f"{path.relative_to(root)}: {'written' if written else 'unchanged'}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("step", choices=["extract", "update", "compile", "all"])
    parser.add_argument(
        "--drop-obsolete", action="store_true", help="update: remove the entries of gone ids"
    )
    args = parser.parse_args(argv)
    if args.step == "all":
        run(drop_obsolete=args.drop_obsolete)
    else:
        run(steps=[args.step], drop_obsolete=args.drop_obsolete)
    return 0


if __name__ == "__main__":
    sys.exit(main())
