"""The faces' own refusals are codes of the catalog too, and the CLI's advice is for codes that
exist: a raise site in api/ names a code (or, for the web's ApiError, a text id) with a
Vietnamese and an English sentence that name no flag and no command (the CLI adds its own
how-to, api/cli/errors.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from addrgen.advice import ADVICE
from addrgen.catalog import CODE_PATTERN, LANGUAGES, has_message, po_path, template
from api.cli.errors import HINTS, hint_for
from scripts.messages import read_catalog
from tests.conftest import REPO

ERRORS = {"RegistryError", "NotFound", "InvalidInput", "Conflict", "Unauthorized", "Forbidden"}


def _raise_sites() -> list[tuple[str, str]]:
    sites = []
    for path in sorted((REPO / "api").rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call) or not call.args:
                continue
            name = getattr(call.func, "id", getattr(call.func, "attr", None))
            # A core error's code is its first argument; the web's own ApiError(status, code,
            # text id) takes its words from the catalog by its third.
            said = call.args[0] if name in ERRORS else None
            if name == "ApiError" and len(call.args) >= 3:
                said = call.args[2]
            if isinstance(said, ast.Constant):
                sites.append((f"{Path(path).relative_to(REPO)}:{call.lineno}", str(said.value)))
    return sites


SITES = _raise_sites()


def test_the_walk_finds_the_raise_sites() -> None:
    codes = {code for _, code in SITES}
    assert {"registry.missing", "reprint.selection", "web.csrf"} <= codes


@pytest.mark.parametrize(("where", "code"), SITES, ids=[w for w, _ in SITES])
def test_every_refusal_of_the_faces_is_in_the_catalog(where: str, code: str) -> None:
    assert re.fullmatch(CODE_PATTERN, code), f"{where}: {code!r} is not a code"
    for lang in LANGUAGES:
        assert has_message(code, lang), f"{where}: {code} has no text in {lang}"
        text = template(code, lang) or ""
        assert not re.search(r"(?<![\w-])--[a-z]", text), f"{code} names a flag: {text}"
        assert "diachiso " not in text, f"{code} names a command: {text}"


@pytest.mark.parametrize("code", sorted(HINTS))
def test_every_hint_is_for_a_code_of_the_catalog(code: str) -> None:
    assert has_message(code, "en")
    assert all(has_message(HINTS[code], lang) for lang in LANGUAGES)  # the hint's own text


def test_the_cli_and_the_guide_give_one_advice_per_error() -> None:
    """One set of advice texts: the CLI's hint for an error is the advice the officer's guide
    lists for it (``advice.<code>``, or its kin's), never a text of its own."""
    guide = dict(ADVICE)
    assert all(key.startswith("advice.") for key in [*HINTS.values(), *guide.values()])
    assert {c: HINTS[c] for c in HINTS.keys() & guide.keys()} == {
        c: guide[c] for c in HINTS.keys() & guide.keys()
    }
    assert len(HINTS.keys() & guide.keys()) >= 8
    ids = {m.id for m in read_catalog(po_path("vi"), "vi") if isinstance(m.id, str)}
    assert not [i for i in ids if i.startswith("cli.hint.")]
    assert hint_for("import.rejected", "vi", {}).startswith("(Sửa các dòng bị báo")
    assert hint_for("import.rejected", "vi", {}).endswith("mở bằng Excel)")
