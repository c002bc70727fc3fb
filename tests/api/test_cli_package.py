"""The CLI as a package (api/cli/): each module stands on its own, every group renders the
core's errors as one line naming the officer's own option, and the acting user is the face's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from sqlalchemy import select

from addrgen.errors import DiachisoError, InvalidCode
from api.cli import app
from api.cli.context import os_actor
from api.cli.errors import CommandGroup, error_line, option_for
from gis.settings import SettingsError
from gis.storage.db import open_registry
from gis.storage.schema import events
from tests.conftest import REPO, CliRunner
from tests.geometries import write_csv, write_villages

MODULES = sorted(p.stem for p in (REPO / "api" / "cli").glob("*.py") if p.stem != "__init__")


@pytest.mark.parametrize("module", ["api.cli", *(f"api.cli.{m}" for m in MODULES)])
def test_each_cli_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    """No import cycle: whichever module a process imports first, it loads."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run(
        [sys.executable, "-c", f"import {module}"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def _groups(group: Any, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Any]]:
    found = [(path, group)]
    for name, command in group.commands.items():
        if hasattr(command, "commands"):
            found.extend(_groups(command, (*path, name)))
    return found


ROOT = typer.main.get_command(app)


def _command(*path: str) -> Any:
    command: Any = ROOT
    for name in path:
        command = command.commands[name]
    return command


def test_every_group_renders_the_errors_of_its_commands() -> None:
    groups = _groups(ROOT)
    assert len(groups) >= 10
    for path, group in groups:
        assert isinstance(group, CommandGroup), path


@pytest.mark.parametrize(
    ("path", "field", "flag"),
    [
        (("communes", "merge"), "into", "--into"),
        (("communes", "merge"), "area_number", "--area-number"),
        (("plates", "batch"), "out", "--out"),  # the parameter is out_dir, the option --out
        (("plates", "batch"), "village_names", "--village"),  # the core's name for it
        (("plates", "batch"), "kinds", "--kind"),
        (("communes", "merge"), "commune_code", "--code"),
        (("init",), "commune_code", "--commune-code"),
        (("codes", "check"), "code", None),  # an argument: typed without a flag
        (("communes", "merge"), "province_code", None),
        (("communes", "merge"), None, None),
    ],
)
def test_option_for(path: tuple[str, ...], field: str | None, flag: str | None) -> None:
    assert option_for(_command(*path), field) == flag


def test_error_line() -> None:
    merge = _command("communes", "merge")
    exists = DiachisoError("output.exists", field="into", value="x.pdf")
    sentence = "x.pdf already exists; files are never overwritten"
    assert error_line(exists, merge) == f"error: --into: {sentence}"
    assert error_line(exists, None) == f"error: {sentence}"
    rejected = DiachisoError("import.rejected", file="p.csv", bad_rows=2, rows=5)
    assert error_line(rejected, _command("points", "import")) == (
        "error: p.csv: 2 bad row(s) of 5; nothing was imported "
        "(Fix the rows named and import the whole file again, or add `--skip-bad` to import the "
        "good rows now; `--report errors.csv` writes the list for Excel)"
    )
    typo = InvalidCode("18112 00123", "length", digits=10)
    assert error_line(typo, _command("codes", "check")) == f"error: {typo.message('en')}"
    # A setting's field is the setting's name, even where an option is spelt the same.
    setting = SettingsError("settings.not_a_number", field="port", value="x")
    assert error_line(setting, _command("serve")) == f"error: {setting.message('en')}"


def test_a_refused_import_ends_with_the_command_lines_advice(
    cli: CliRunner, tmp_path: Path
) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    assert cli("villages", "import", write_villages(tmp_path / "v.geojson"), "--db", db).code == 0
    bad = write_csv(tmp_path / "p.csv", "ma,vi_do,kinh_do", ["H1,18.3150,105.9150", "H2,,105.9"])
    result = cli("points", "import", bad, "--kind", "household", "--db", db)
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines()[-1] == (
        "error: p.csv: 1 bad row(s) of 2; nothing was imported "
        "(Fix the rows named and import the whole file again, or add `--skip-bad` to import the "
        "good rows now; `--report errors.csv` writes the list for Excel)"
    )


def test_the_cli_writes_as_the_user_at_the_keyboard(cli: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    registry = open_registry(db)
    with registry.read() as conn:
        actors = set(conn.execute(select(events.c.actor)).scalars())
    registry.dispose()
    assert actors == {os_actor()} and os_actor().startswith("cli:")


def test_an_error_gets_the_command_lines_advice(cli: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    points = write_csv(tmp_path / "p.csv", "ma,vi_do,kinh_do", ["H1,18.3150,105.9150"])
    result = cli("points", "import", points, "--kind", "household", "--db", db)
    assert (result.code, result.out) == (1, "")
    assert result.err == (
        "error: xã Thạch Bình has no villages yet "
        "(Import the village boundaries first: `diachiso villages import`)\n"
    )


def test_a_missing_registry_says_how_to_make_one(cli: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'none.sqlite'}"
    result = cli("coverage", "--db", db)
    assert result.code == 1
    assert result.err.startswith(f"error: no registry at {db} (There is no registry there: ")
    assert "`diachiso init`" in result.err and "`--db`" in result.err
    assert not (tmp_path / "none.sqlite").exists()


def test_the_commune_lookup_names_the_commune_option(cli: CliRunner, tmp_path: Path) -> None:
    """`users add` has a --name of its own: a commune not found is about --commune."""
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number")
    assert cli(*init, "18112", "--db", db).code == 0
    add = ("users", "add", "--role", "officer", "--name", "Minh", "--commune", "xã Nowhere")
    result = cli(*add, "--db", db)
    assert result.code == 1
    assert result.err.startswith("error: --commune: ") and "xã Nowhere" in result.err
