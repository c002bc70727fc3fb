"""Docs that tests keep honest: the CLI reference is generated from the CLI itself, and the
README names every command it shows."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import typer

from api.cli import app

REPO = Path(__file__).resolve().parents[1]


def test_cli_reference_is_up_to_date() -> None:
    done = subprocess.run(
        [sys.executable, "scripts/gen_cli_docs.py", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr


def test_every_command_in_the_readme_exists() -> None:
    root = typer.main.get_command(app)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for words in re.findall(r"diachiso ((?:[a-z]+ ?){1,2})", readme):
        first, *rest = words.split()
        assert first in root.commands, f"README shows `diachiso {words}`, which does not exist"  # type: ignore[attr-defined]
        group = root.commands[first]  # type: ignore[attr-defined]
        if rest and hasattr(group, "commands"):
            assert rest[0] in group.commands, f"README shows `diachiso {words}`"
