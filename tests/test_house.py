"""The house rules of docs/design.md that a reviewer would otherwise check by hand.

- Modules stay under ~400 lines and function bodies under ~60, unless their docstring gives the
  reason on a line starting ``Length:`` (migrations aside: each is one schema step; a command's
  signature declaring its options does not count).
- The core (addrgen, gis, plates) never names a command-line flag or a ``diachiso`` command in
  a string: its errors carry data and the faces add their own how-to (docstrings may explain).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("addrgen", "gis", "plates", "api")
CORE = ("addrgen", "gis", "plates")
MODULE_LINES = 400
FUNCTION_LINES = 60
REASON = "Length:"
FLAG = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]+")
COMMAND = re.compile(r"\bdiachiso [a-z]")
Documented = ast.Module | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _sources(packages: tuple[str, ...]) -> Iterator[Path]:
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _has_reason(node: Documented) -> bool:
    doc = ast.get_docstring(node, clean=True) or ""
    return any(line.strip().startswith(REASON) for line in doc.splitlines())


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """The lines of a function's body, docstring left out: a command's signature that declares
    its options (typer) is a declaration, not logic, and does not count."""
    body = node.body
    first = body[0]
    if len(body) > 1 and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        first = body[1]
    return (node.end_lineno or node.lineno) - first.lineno + 1


def long_things(path: Path) -> list[str]:
    """The module and functions of ``path`` over the limits without a written reason."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    found = []
    lines = len(source.splitlines())
    if lines > MODULE_LINES and not _has_reason(tree):
        found.append(f"{path.name}: {lines} lines")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            length = _body_lines(node)
            if length > FUNCTION_LINES and not _has_reason(node):
                found.append(f"{path.name}:{node.lineno} {node.name}() {length} lines")
    return found


def cli_words(path: Path) -> list[str]:
    """Flags and ``diachiso`` commands in the string constants of ``path`` (not docstrings)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, Documented) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) in docstrings:
                continue
            for pattern in (FLAG, COMMAND):
                match = pattern.search(node.value)
                if match:
                    found.append(f"{path.name}:{node.lineno} {match.group(0)!r}")
    return found


def test_modules_and_functions_are_small_or_say_why() -> None:
    found = [f"{p.parent.name}/{item}" for p in _sources(PACKAGES) for item in long_things(p)]
    assert not found, f"over {MODULE_LINES}/{FUNCTION_LINES} lines, no '{REASON}' line: {found}"


def test_the_core_names_no_flag_or_command() -> None:
    found = [f"{p.parent.name}/{item}" for p in _sources(CORE) for item in cli_words(p)]
    assert not found, f"command-line words in the core's strings: {found}"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('raise InvalidInput("give --into NAME")', ["'--into'"]),
        ('raise InvalidInput("run `diachiso init` first")', ["'diachiso i'"]),
        ('"""Docstrings may say --into."""\nx = "a-b -- c"', []),
    ],
)
def test_the_flag_scan_sees_what_it_looks_for(
    tmp_path: Path, source: str, expected: list[str]
) -> None:
    module = tmp_path / "m.py"
    module.write_text(source, encoding="utf-8")
    assert [item.split(" ", 1)[1] for item in cli_words(module)] == expected


def test_the_size_rule_accepts_only_a_written_reason(tmp_path: Path) -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES + 5))
    without = tmp_path / "a.py"
    without.write_text(f'def f() -> None:\n    """One table."""\n{body}\n', encoding="utf-8")
    reasoned = tmp_path / "b.py"
    reasoned.write_text(
        f'def f() -> None:\n    """One table.\n\n    Length: one table.\n    """\n{body}\n',
        encoding="utf-8",
    )
    assert [item.split(" ", 1)[1] for item in long_things(without)] == ["f() 65 lines"]
    assert long_things(reasoned) == []
