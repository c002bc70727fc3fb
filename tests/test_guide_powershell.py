"""The PowerShell the officer's guide and the README show is PowerShell, not bash: the officer
copies it into Windows PowerShell 5 (pwsh is not installed here, so the blocks are read for the
bash habits that fail or misbehave there)."""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

DOCS = ("docs/huong-dan-can-bo.md", "README.md")
#: (what, pattern) of bash habits, in a line of a PowerShell block.
BASH_HABITS = (
    ("a backslash continues the line (PowerShell's is a backtick)", re.compile(r"\\\s*$")),
    ("'&&' or '||' (not in PowerShell 5)", re.compile(r"&&|\|\|")),
    ('export (PowerShell: $env:NAME = "…")', re.compile(r"^\s*export\s")),
    ("NAME=value before a command", re.compile(r"^\s*[A-Z_][A-Z0-9_]*=\S*\s+\w")),
    ("'>' writes UTF-16 in PowerShell 5 (use --out)", re.compile(r"(?<![2&-])>(?!&)")),
    ("a POSIX path from the home folder", re.compile(r"(^|\s)~/")),
    ("source or '.' of a bash script", re.compile(r"^\s*(source|\.)\s+\S+\.sh")),
    ("an environment variable written $NAME (PowerShell: $env:NAME)", re.compile(r"\$[A-Z_]{2,}")),
)
#: $env:NAME = "value" inline in the prose, as the officer types it.
ENV_IN_PROSE = re.compile(r"`\$env:([A-Z_]+) = \"[^\"]*\"`")


def powershell_blocks(path: str) -> list[tuple[int, str]]:
    """(line number, line) of every line inside a ```powershell block of ``path``."""
    lines, inside = [], False
    for number, text in enumerate((REPO / path).read_text(encoding="utf-8").splitlines(), 1):
        line = text.removeprefix(">").removeprefix(" ")  # a block inside a quotation too
        if line.startswith("```"):
            inside = line.strip() == "```powershell"
        elif inside:
            lines.append((number, line))
    return lines


@pytest.mark.parametrize("path", DOCS)
def test_powershell_blocks_hold_no_bash(path: str) -> None:
    shown = powershell_blocks(path)
    assert shown, f"{path}: no PowerShell block"
    wrong = [
        f"{path}:{number}: {what}: {line}"
        for number, line in shown
        for what, habit in BASH_HABITS
        if habit.search(line) and not line.lstrip().startswith("#")
    ]
    assert wrong == []


def test_the_guide_shows_powershell_beside_bash_and_continues_lines_with_a_backtick() -> None:
    lines = powershell_blocks("docs/huong-dan-can-bo.md")
    assert len(lines) >= 20
    continued = [line for _, line in lines if line.rstrip().endswith("`")]
    assert continued and all(line.endswith(" `") for line in continued)
    prose = (REPO / "docs/huong-dan-can-bo.md").read_text(encoding="utf-8")
    assert "DIACHISO_LANG" in ENV_IN_PROSE.findall(prose)


@pytest.mark.parametrize(
    ("line", "bad"),
    [
        ("diachiso points import a.xlsx \\", True),
        ("diachiso coverage --format csv > tien-do.csv", True),
        ("export DIACHISO_LANG=en", True),
        ("DIACHISO_LANG=en diachiso --help", True),
        ("cd ~/DiaChiSo && diachiso --help", True),
        ("echo $DIACHISO_LANG", True),
        ("diachiso points import a.xlsx --kind household `", False),
        ('$env:DIACHISO_LANG = "en"', False),
        ("diachiso backup --out D:\\sao-luu\\x.sqlite", False),
        ("diachiso coverage 2>&1", False),
    ],
)
def test_the_detector(line: str, bad: bool) -> None:
    assert any(habit.search(line) for _, habit in BASH_HABITS) is bad
