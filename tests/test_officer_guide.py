"""The officer's guide (docs/huong-dan-can-bo.md): its section on errors is generated from the
catalog and kept in step, and every `diachiso …` command it shows exists — each subcommand and
option is checked against the command's own click tree."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

import pytest
import typer.main

from addrgen.advice import ADVICE
from addrgen.catalog import has_message, template
from api.cli import app
from scripts.glossary import first_difference
from scripts.guide_errors import BEGIN, END, GUIDE, block, fill, shown

ROOT = typer.main.get_command(app)
#: Options `main()` takes wherever they stand on the line (not in any command's own options):
#: flags, and options with a value.
GLOBAL_FLAGS = {"--debug", "--help"}
GLOBAL_OPTIONS = {"--lang"}
FENCE = re.compile(r"^```(\w*)\s*$")
INLINE = re.compile(r"`(diachiso [^`]+)`")
# A line that goes on: bash ends it with a backslash, PowerShell with a backtick.
CONTINUED = re.compile(r"\s(\\|`)$")


@dataclass(frozen=True)
class Shown:
    line: int
    text: str


def commands(markdown: str) -> list[Shown]:
    """Every `diachiso …` command of the guide: the lines of its code blocks (continuations
    joined) and its inline code."""
    found: list[Shown] = []
    fenced, pending, start = False, "", 0
    for number, line in enumerate(markdown.splitlines(), start=1):
        if FENCE.match(line.strip()):
            fenced = not fenced
            continue
        if not fenced:
            found += [Shown(number, m) for m in INLINE.findall(line)]
            continue
        if not pending:
            start = number
        pending += " " + CONTINUED.sub("", line.strip())
        if CONTINUED.search(line.rstrip()):
            continue
        text, pending = pending.strip(), ""
        if text.startswith("diachiso ") or text == "diachiso":
            found.append(Shown(start, text))
    return found


def _without_globals(words: list[str]) -> list[str]:
    kept, rest = [], iter(words)
    for word in rest:
        if word in GLOBAL_OPTIONS:
            next(rest, None)  # its value
        elif word not in GLOBAL_FLAGS and word.split("=", 1)[0] not in GLOBAL_OPTIONS:
            kept.append(word)
    return kept


def problems(text: str) -> list[str]:
    """What in one command line does not exist in the click tree ([] when all is well).
    Positional words (names, codes, files, placeholders such as MÃ) are not checked."""
    words = shlex.split(text, comments=True, posix=False)[1:]
    command: Any = ROOT
    path = ["diachiso"]
    words = _without_globals(words)
    while hasattr(command, "commands") and words and not words[0].startswith("-"):
        name = words.pop(0)
        if name not in command.commands:
            return [f"{' '.join(path)} has no command {name!r}"]
        command = command.commands[name]
        path.append(name)
    options = {
        spelling: param
        for param in command.params
        for spelling in (*param.opts, *param.secondary_opts)
        if spelling.startswith("-")
    }
    found, rest = [], iter(words)
    for word in rest:
        if not word.startswith("--"):
            continue
        flag = word.split("=", 1)[0]
        param = options.get(flag)
        if param is None:
            found.append(f"{' '.join(path)} has no option {flag}")
        elif not param.is_flag and "=" not in word:
            next(rest, None)  # its value, whatever it looks like
    return found


def test_the_errors_section_is_generated_from_the_catalog() -> None:
    have = GUIDE.read_text(encoding="utf-8")
    stale = first_difference(have.splitlines(), fill(have).splitlines())
    assert stale is None, f"{GUIDE.name}: the errors section is stale at {stale}: make messages"
    assert BEGIN in have and END in have and have.index(BEGIN) < have.index(END)


def test_every_error_of_the_section_and_its_advice_has_both_languages() -> None:
    assert len(ADVICE) >= 15
    for code, advice in ADVICE:
        for lang in ("vi", "en"):
            assert has_message(code, lang), (code, lang)
            assert has_message(advice, lang), (advice, lang)
    lines = block()
    assert len(lines) == len(ADVICE) + 4
    message = template("import.no_latitude", "vi")
    assert message is not None and any(shown(message) in line for line in lines)


def test_data_is_shown_as_an_ellipsis() -> None:
    assert shown("{file}: {bad_rows} dòng lỗi trên {rows} dòng") == "…: … dòng lỗi trên … dòng"
    assert shown("sai số kiểm tra: {value!r} phải") == "sai số kiểm tra: '…' phải"


def test_every_command_of_the_guide_exists() -> None:
    shown_commands = commands(GUIDE.read_text(encoding="utf-8"))
    assert len(shown_commands) >= 30  # the install, import, print, volunteers and follow-up steps
    wrong = [f"line {c.line}: {c.text}: {p}" for c in shown_commands for p in problems(c.text)]
    assert wrong == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("diachiso plates batch --village 'Bình Minh' --letters --out in\\x", []),
        ("diachiso points import a.xlsx --kind household --crs EPSG:9209", []),
        ("diachiso plates print --out x", ["diachiso plates has no command 'print'"]),
        ("diachiso coverage --output x.csv", ["diachiso coverage has no option --output"]),
        (
            "diachiso communes set 'xã A' --phone=0239 --colour red",
            ["diachiso communes set has no option --colour"],
        ),
        ("diachiso points show MÃ --debug", []),  # a placeholder and a global flag
        ("diachiso --lang en codes issue --village X", []),  # a global option before the command
        ("diachiso --lang en codes isue", ["diachiso codes has no command 'isue'"]),
        ("diachiso review clear 1811 --note '--not-an-option'", []),  # an option's value
    ],
)
def test_the_checker(text: str, expected: list[str]) -> None:
    assert problems(text) == expected


def test_commands_are_found_in_blocks_inline_and_across_lines() -> None:
    markdown = "\n".join(
        [
            "Gõ `diachiso codes issue` rồi `diachiso coverage`.",
            "```powershell",
            "diachiso points import a.xlsx --kind household `",
            "    --crs EPSG:9209",
            "pipx install x.whl",
            "```",
            "```bash",
            "diachiso points import a.xlsx \\",
            "    --kind agency  # a comment",
            "```",
        ]
    )
    assert commands(markdown) == [
        Shown(1, "diachiso codes issue"),
        Shown(1, "diachiso coverage"),
        Shown(3, "diachiso points import a.xlsx --kind household --crs EPSG:9209"),
        Shown(8, "diachiso points import a.xlsx --kind agency  # a comment"),
    ]
