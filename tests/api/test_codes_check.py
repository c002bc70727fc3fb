"""`codes check` never reveals the check digit: a mistyped code is refused with why; an officer
with a registry sees the *registered* codes one typo away (village, public name, never a
household's name) and no other valid code."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from addrgen.codes import one_typo_away, parse_code
from gis.storage.db import open_registry
from gis.storage.schema import points
from tests.conftest import CliRunner
from tests.geometries import write_villages

INIT = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112")
VALID = re.compile(r"\d{5} ?\d{5} ?\d")


@pytest.fixture
def db(cli: CliRunner, tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", url).code == 0
    assert cli("villages", "import", write_villages(tmp_path / "v.geojson"), "--db", url).code == 0
    add = ("points", "add", "--lat", "18.315", "--db", url)
    for i in range(12):  # serials 1..12: several of them one typo from each other
        kind = (
            ("--kind", "agency", "--name", f"Trường học {i}")
            if i == 3
            else ("--kind", "household", "--name", f"Nguyễn Văn {i}")
        )
        assert cli(*add, *kind, "--lon", f"{105.911 + i * 0.0005:.4f}").code == 0
    assert cli("codes", "issue", "--db", url).code == 0
    return url


def _codes(url: str) -> list[str]:
    registry = open_registry(url)
    with registry.read() as conn:
        found = [
            str(c) for c in conn.execute(points.select().with_only_columns(points.c.code)).scalars()
        ]
    registry.dispose()
    return found


def _valid_codes_in(text: str) -> set[str]:
    found = set()
    for m in VALID.finditer(text):
        digits = m.group(0).replace(" ", "")
        try:
            if parse_code(digits).code is not None:
                found.add(digits)
        except ValueError:
            continue
    return found


def test_an_officer_sees_only_the_registered_neighbours(cli: CliRunner, db: str) -> None:
    registered = _codes(db)
    code = registered[3]  # the agency
    typo = (
        code[:7] + code[8] + code[7] + code[9:]
        if code[7] != code[8]
        else code[:10] + str((int(code[10]) + 1) % 10)
    )
    result = cli("codes", "check", typo, "--db", db)
    assert result.code == 1 and result.out == ""
    assert result.err.splitlines()[-1].startswith("error: check digit mismatch")
    shown = _valid_codes_in(result.err)
    assert code in shown
    assert shown == set(one_typo_away(typo)) & set(registered)  # registered ones only
    assert "Trường học 3" in result.err and "Nguyễn Văn" not in result.err  # no household name


def test_without_a_registry_no_valid_code_is_shown(cli: CliRunner, tmp_path: Path) -> None:
    typo = "18112 00123 5"
    result = cli("codes", "check", typo, "--db", f"sqlite:///{tmp_path / 'none.sqlite'}")
    assert result.code == 1 and result.out == ""
    assert _valid_codes_in(result.err) == set()
    assert len(result.err.splitlines()) == 1


def test_no_registered_neighbour_is_said(cli: CliRunner, db: str) -> None:
    registered = set(_codes(db))
    typo = next(
        t
        for serial in range(500, 600)
        for t in [f"18112{serial:05d}0"]
        if not (set(one_typo_away(t)) & registered) and parse_code_fails(t)
    )
    result = cli("codes", "check", typo, "--db", db)
    assert result.code == 1 and _valid_codes_in(result.err) == set()
    assert "no registered code" in result.err


def parse_code_fails(text: str) -> bool:
    try:
        parse_code(text)
    except ValueError:
        return True
    return False
