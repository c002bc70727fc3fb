"""The `diachiso` command end to end on the sample registry of Thạch Bình (the officer's steps of
scripts/demo.sh), its output conventions, its one-line errors, and the installed console script."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import shapely
import typer.main
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from addrgen.codes import make_code, parse_code
from addrgen.errors import InvalidCode
from addrgen.pluscode import decode
from api.cli import app, main
from gis.ingest.textfix import decode_bytes
from tests.conftest import REPO, CliResult, CliRunner

DATA = REPO / "data" / "thach_binh"
INIT = (
    "init",
    "--commune",
    "xã Thạch Bình",
    "--commune-code",
    "18112",
    "--area-number",
    "18112",
    "--district",
    "TP Hà Tĩnh",
    "--province",
    "tỉnh Hà Tĩnh",
)
KINDS = ("household", "agency", "heritage")


def _run(*args: str) -> CliResult:
    """`diachiso ARGS` in-process, for module-scoped setup (capsys is per test)."""
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main([str(a) for a in args])
    return CliResult(code, out.getvalue(), err.getvalue())


@dataclass
class Sample:
    db: str
    steps: dict[str, CliResult]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sample]:
    """The sample registry built with the officer's steps of scripts/demo.sh (read-only after)."""
    mp = pytest.MonkeyPatch()
    mp.delenv("DIACHISO_DATABASE_URL", raising=False)
    mp.delenv("DIACHISO_ENV", raising=False)
    mp.setenv("DIACHISO_LANG", "en")  # these tests check the English wording
    folder = tmp_path_factory.mktemp("sample")
    db = f"sqlite:///{folder / 'registry.sqlite'}"
    steps = {
        "init": _run(*INIT, "--db", db),
        "villages": _run(
            "villages",
            "import",
            str(DATA / "villages.geojson"),
            "--name-field",
            "ten_thon",
            "--expected-field",
            "so_ho_du_kien",
            "--db",
            db,
        ),
        "households": _run(
            "points",
            "import",
            str(DATA / "ho_gia_dinh.xlsx"),
            "--kind",
            "household",
            "--crs",
            "EPSG:9209",
            "--northing-field",
            "X",
            "--easting-field",
            "Y",
            "--name-field",
            "Chu_ho",
            "--ref-field",
            "Ma_ho",
            "--db",
            db,
        ),
        "agencies": _run(
            "points",
            "import",
            str(DATA / "co_quan.csv"),
            "--kind",
            "agency",
            "--ref-field",
            "ma",
            "--db",
            db,
        ),
        "heritage": _run(
            "points",
            "import",
            str(DATA / "di_tich_tcvn3.csv"),
            "--kind",
            "heritage",
            "--ref-field",
            "ma",
            "--db",
            db,
        ),
    }
    steps["coverage_before_bad"] = _run("coverage", "--format", "json", "--db", db)
    steps["bad"] = _run(
        "points",
        "import",
        str(DATA / "bad_rows.csv"),
        "--kind",
        "household",
        "--kind-field",
        "loai",
        "--db",
        db,
    )
    steps["coverage_after_bad"] = _run("coverage", "--format", "json", "--db", db)
    steps["issue"] = _run("codes", "issue", "--db", db)
    steps["issue_again"] = _run("codes", "issue", "--db", db)
    steps["export"] = _run(
        "export", "--format", "csv", "--out", str(folder / "points.csv"), "--db", db
    )
    steps["export_csv"] = CliResult(0, (folder / "points.csv").read_text(encoding="utf-8-sig"), "")
    yield Sample(db, steps)
    mp.undo()


# --- what the sample files hold, computed from the files themselves --------------------------


def _villages() -> list[tuple[str, BaseGeometry, int]]:
    data = json.loads((DATA / "villages.geojson").read_text(encoding="utf-8"))
    return [
        (f["properties"]["ten_thon"], shape(f["geometry"]), int(f["properties"]["so_ho_du_kien"]))
        for f in data["features"]
    ]


def _sample_points() -> dict[str, list[tuple[float, float]]]:
    """Every sample point's WGS 84 position, by kind, read independently of gis/."""
    frame = pd.read_excel(DATA / "ho_gia_dinh.xlsx")
    to_wgs84 = Transformer.from_crs("EPSG:9209", "EPSG:4326", always_xy=True)
    lons, lats = to_wgs84.transform(frame["Y"].to_numpy(), frame["X"].to_numpy())
    agencies = pd.read_csv(DATA / "co_quan.csv")
    heritage = pd.read_csv(io.StringIO(decode_bytes((DATA / "di_tich_tcvn3.csv").read_bytes())))
    return {
        "household": list(zip(lons.tolist(), lats.tolist(), strict=True)),
        "agency": list(zip(agencies["kinh_do"], agencies["vi_do"], strict=True)),
        "heritage": list(zip(heritage["kinh_do"], heritage["vi_do"], strict=True)),
    }


def _expected_by_village() -> dict[str, dict[str, int]]:
    villages = _villages()
    counts = {name: dict.fromkeys(KINDS, 0) for name, _, _ in villages}
    for kind, positions in _sample_points().items():
        for lon, lat in positions:
            pt = shapely.Point(lon, lat)
            # The first village in registry order wins on a shared border.
            name = next(n for n, poly, _ in villages if poly.intersects(pt))
            counts[name][kind] += 1
    return counts


# --- the officer's steps --------------------------------------------------------------------


def test_every_step_succeeds_and_reports_on_stderr(sample: Sample) -> None:
    for step in ("init", "villages", "households", "agencies", "heritage", "issue", "export"):
        result = sample.steps[step]
        assert result.code == 0, (step, result.err)
        assert result.out == "", step  # messages go to stderr
        assert "Traceback" not in result.err
    assert "6 village(s) added" in sample.steps["villages"].err
    assert "860 imported" in sample.steps["households"].err
    assert "25 imported" in sample.steps["agencies"].err
    assert "6 imported" in sample.steps["heritage"].err
    assert "issued 891 codes" in sample.steps["issue"].err
    assert "wrote 891 points" in sample.steps["export"].err


BAD_LINES = {
    3: ("vi_do", "no latitude"),
    4: ("kinh_do", "longitude is not a number"),
    5: ("vi_do", "out of range"),
    6: ("vi_do/kinh_do", "swapped"),
    7: ("position", "outside every village"),
    8: ("position", "duplicate of row 2"),
    10: ("kind", "unknown kind"),
    11: ("name", "needs a name"),
}


def test_bad_rows_are_each_named_and_nothing_is_written(sample: Sample) -> None:
    bad = sample.steps["bad"]
    assert bad.code == 1
    assert bad.out == ""
    assert "Traceback" not in bad.err
    lines = bad.err.strip().splitlines()
    errors = [line for line in lines if " error: " in line and line.startswith("bad_rows.csv: row")]
    assert len(errors) == len(BAD_LINES)
    for row, (field, fragment) in BAD_LINES.items():
        (line,) = [e for e in errors if e.startswith(f"bad_rows.csv: row {row}:")]
        assert f"field '{field}'" in line and fragment in line, line
    (warning,) = [line for line in lines if " warning: " in line]
    assert warning.startswith("bad_rows.csv: row 9:") and "same site?" in warning
    assert "swapping them puts the point in Bình Yên" in bad.err
    assert lines[-1].startswith("error: bad_rows.csv: 8 bad row(s) of 10; nothing was imported")
    # The good row 2 and the warned row 9 were not written either.
    assert sample.steps["coverage_after_bad"].out == sample.steps["coverage_before_bad"].out


def test_issuing_again_issues_nothing(sample: Sample) -> None:
    again = sample.steps["issue_again"]
    assert again.code == 0 and "nothing issued" in again.err


def test_coverage_totals_per_village_come_from_the_files(sample: Sample, cli: CliRunner) -> None:
    result = cli("coverage", "--format", "json", "--db", sample.db)
    assert result.code == 0
    doc = json.loads(result.out)
    expected = _expected_by_village()
    villages = _villages()
    assert [v["village"] for v in doc["villages"]] == [n for n, _, _ in villages]
    for v, (name, _, so_ho) in zip(doc["villages"], villages, strict=True):
        assert v["by_kind"] == expected[name], name
        assert v["total"] == v["coded"] == sum(expected[name].values())
        assert (v["printed"], v["installed"], v["remaining"]) == (0, 0, v["total"])
        assert v["expected"] == so_ho
    total = sum(sum(k.values()) for k in expected.values())
    assert total == 860 + 25 + 6
    assert doc["commune"]["total"] == doc["commune"]["coded"] == total
    assert doc["commune"]["expected"] == sum(s for _, _, s in villages)
    # The README's household table, as a cross-check of the computation above.
    readme = {
        "Tây Bắc": 152,
        "Đông Nam": 178,
        "Bình Lý": 134,
        "Bình Yên": 121,
        "Bình Minh": 163,
        "Xóm Mới": 112,
    }
    for name, households in readme.items():
        assert expected[name]["household"] == households


def test_coverage_csv_and_table(sample: Sample, cli: CliRunner) -> None:
    as_csv = cli("coverage", "--format", "csv", "--db", sample.db)
    rows = list(csv.DictReader(io.StringIO(as_csv.out)))
    assert len(rows) == 7 and rows[-1]["total"] == "891"
    table = cli("coverage", "--db", sample.db)
    assert table.code == 0 and "Tây Bắc" in table.out and "891" in table.out


def test_exported_codes_validate_and_plus_codes_contain_the_points(sample: Sample) -> None:
    frame = pd.read_csv(io.StringIO(sample.steps["export_csv"].out), dtype={"code": str})
    assert list(frame.columns) == [
        "code",
        "code_display",
        "plus_code",
        "kind",
        "name",
        "village",
        "status",
        "needs_review",
        "ref",
        "address",
        *("commune", "commune_code", "house_number", "street", "national_code"),
        *("batch", "printed_at", "notified_at", "installed_at"),
        "lon",
        "lat",
    ]
    assert len(frame) == 891
    # Today's address, as a plate printed today writes it: the district entered with `init`
    # (before the 2025 reform) is not written.
    assert frame["address"].str.endswith(", xã Thạch Bình, tỉnh Hà Tĩnh").all()
    serials = []
    for row in frame.itertuples():
        parsed = parse_code(str(row.code))
        assert parsed.verified and parsed.code is not None
        assert parsed.code.display == row.code_display
        serials.append(parsed.code.serial)
        area = decode(str(row.plus_code))
        assert area.latitude_lo - 1e-9 <= float(row.lat) < area.latitude_hi  # type: ignore[arg-type]
        assert area.longitude_lo - 1e-9 <= float(row.lon) < area.longitude_hi  # type: ignore[arg-type]
        assert len(str(row.plus_code)) == 12
    assert sorted(serials) == list(range(1, 892))
    assert set(frame["status"]) == {"coded"}
    # The heritage names were TCVN3 bytes; they are exported as Unicode.
    names = set(frame.loc[frame["kind"] == "heritage", "name"])
    assert "Đình làng Bình Lý" in names and "Nhà thờ họ Nguyễn Đình" in names
    positions = np.array([frame["lon"], frame["lat"]])
    assert positions.shape == (2, 891)


def test_exported_codes_go_village_by_village(sample: Sample) -> None:
    frame = pd.read_csv(io.StringIO(sample.steps["export_csv"].out), dtype={"code": str})
    order = [n for n, _, _ in _villages()]
    ranks = [order.index(v) for v in frame.sort_values("code")["village"]]
    assert ranks == sorted(ranks)


# --- codes check and points show -------------------------------------------------------------


def test_codes_check_valid_prints_the_display_form(cli: CliRunner) -> None:
    code = make_code(18112, 123)
    result = cli("codes", "check", code.canonical)
    assert (result.code, result.out, result.err) == (0, code.display + "\n", "")
    dashed = cli("codes", "check", code.display.replace(" ", "-"))
    assert dashed.out == code.display + "\n"


def test_codes_check_bad_check_digit(
    cli: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no registry at the default URL: nothing but the refusal
    code = make_code(18112, 123).canonical
    wrong = code[:10] + str((int(code[10]) + 1) % 10)
    result = cli("codes", "check", wrong)
    assert result.code == 1 and result.out == ""
    assert "check digit" in result.err
    assert len(result.err.strip().splitlines()) == 1


def test_codes_check_national_form(sample: Sample, cli: CliRunner) -> None:
    code = make_code(18112, 7)
    result = cli("codes", "check", code.national, "--db", sample.db)
    assert result.code == 0
    assert result.out == code.display + "\n"
    assert "no check digit" in result.err


def test_codes_check_national_form_not_registered(sample: Sample, cli: CliRunner) -> None:
    result = cli("codes", "check", "1811209999", "--db", sample.db)
    assert result.code == 1 and result.out == ""
    assert result.err.startswith("error: ") and len(result.err.strip().splitlines()) == 1


def test_points_show_json(sample: Sample, cli: CliRunner) -> None:
    code = make_code(18112, 1)
    result = cli("points", "show", code.display, "--json", "--db", sample.db)
    assert result.code == 0 and result.err == ""
    doc = json.loads(result.out)
    assert doc["code"] == code.canonical and doc["code_display"] == code.display
    national = cli("points", "show", code.national, "--json", "--db", sample.db)
    assert json.loads(national.out)["code"] == code.canonical
    assert "no check digit" in national.err
    by_ref = cli("points", "show", "CQ-01", "--json", "--db", sample.db)
    assert json.loads(by_ref.out)["name"] == "Ủy ban nhân dân xã Thạch Bình"


# --- single-point commands and their errors, on a registry of our own -------------------------


@pytest.fixture
def small(cli: CliRunner, tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", db).code == 0
    assert cli("villages", "import", str(DATA / "villages.geojson"), "--db", db).code == 0
    return db


def test_point_commands(small: str, cli: CliRunner) -> None:
    add = cli(
        "points",
        "add",
        "--kind",
        "agency",
        "--lon",
        "105.9318",
        "--lat",
        "18.3148",
        "--name",
        "Bưu điện",
        "--ref",
        "BD-1",
        "--db",
        small,
    )
    assert add.code == 0 and "Xóm Mới" in add.err
    assert cli("codes", "issue", "--db", small).code == 0
    code = make_code(18112, 1)
    assert cli("points", "edit", code.canonical, "--name", "Bưu điện xã", "--db", small).code == 0
    move = cli("points", "move", "BD-1", "--lon", "105.9200", "--lat", "18.3250", "--db", small)
    assert move.code == 0
    shown = json.loads(cli("points", "show", "BD-1", "--json", "--db", small).out)
    assert (shown["name"], shown["code"], shown["lon"]) == ("Bưu điện xã", code.canonical, 105.92)
    # Free words, as scripts wrote them before the vocabulary: the reason "other", with them as
    # its note.
    assert cli("points", "retire", "BD-1", "--reason", "chuyển đi", "--db", small).code == 0
    shown = json.loads(cli("points", "show", "BD-1", "--json", "--db", small).out)
    assert (shown["retired_reason"], shown["retired_note"]) == ("other", "chuyển đi")
    said = cli("--lang", "en", "points", "show", "BD-1", "--db", small)
    assert "Other: chuyển đi" in said.out
    again = cli("points", "edit", "BD-1", "--name", "X", "--db", small)
    assert again.code == 1 and "retired" in again.err


def test_points_edit_phone_and_ref(small: str, cli: CliRunner) -> None:
    add = ("points", "add", "--kind", "household", "--lon", "105.9200", "--lat", "18.3250")
    assert cli(*add, "--name", "Lê Văn C", "--ref", "HGD-1", "--db", small).code == 0
    second = cli(*add[:-1], "18.3251", "--name", "Lê Thị D", "--ref", "HGD-2", "--db", small)
    assert second.code == 0
    edit = cli("points", "edit", "HGD-1", "--phone", "0912 345 678", "--ref", "H-9", "--db", small)
    assert edit.code == 0, edit.err
    shown = json.loads(cli("points", "show", "H-9", "--json", "--db", small).out)
    assert (shown["phone"], shown["ref"]) == ("0912 345 678", "H-9")
    bad = cli("points", "edit", "H-9", "--phone", "không có", "--db", small)
    assert bad.code == 1 and "not a phone number" in bad.err
    assert "(Type the phone number after --phone" in bad.err  # the advice, naming --phone
    taken = cli("points", "edit", "H-9", "--ref", "HGD-2", "--db", small)
    assert taken.code == 1 and "already held by point #2" in taken.err
    assert "(A reference belongs to one point" in taken.err and "--ref" in taken.err
    cleared = cli("points", "edit", "H-9", "--phone", "", "--db", small)
    assert cleared.code == 0
    assert json.loads(cli("points", "show", "H-9", "--json", "--db", small).out)["phone"] is None


def test_villages_set_and_list(small: str, cli: CliRunner) -> None:
    assert cli("villages", "set", "Bình Lý", "--expected", "150", "--db", small).code == 0
    listed = cli("villages", "list", "--db", small)
    assert listed.code == 0 and "Bình Lý" in listed.out and "150" in listed.out
    clash = cli("villages", "set", "Bình Lý", "--rename", "Tây Bắc", "--db", small)
    assert clash.code == 1 and clash.err.startswith("error: ")
    assert "Traceback" not in clash.err


@pytest.mark.parametrize(
    "args",
    [
        ("codes", "check", "18112 00123"),  # too short
        ("codes", "check", "1811200123X"),
        ("coverage",),  # no registry at the default URL
        ("points", "show", "NOPE"),
        ("points", "add", "--kind", "household", "--lon", "106.1", "--lat", "18.3"),
        ("points", "import", "/no/such/file.csv", "--kind", "household"),
        ("villages", "import", str(DATA / "co_quan.csv")),
        ("villages", "set", "Không Có", "--expected", "3"),
        ("codes", "issue", "--village", "Không Có"),
        ("export", "--format", "csv", "--out", "/no/such/folder/p.csv"),
        (*INIT,),  # the commune is already there
    ],
)
def test_errors_are_one_line_without_traceback(
    small: str,
    cli: CliRunner,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    if args == ("coverage",):
        monkeypatch.chdir(tmp_path)  # no var/diachiso.sqlite here
        result = cli(*args)
    elif args[:2] == ("codes", "check"):
        result = cli(*args)  # needs no registry
    else:
        result = cli(*args, "--db", small)
    assert result.code == 1, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.err


@pytest.mark.parametrize(
    "args",
    [("codes", "check"), ("coverage", "--format", "xml"), ("points", "add", "--kind", "shop")],
    ids=["missing-argument", "bad-choice", "bad-kind"],
)
def test_usage_errors_have_no_traceback(cli: CliRunner, args: tuple[str, ...]) -> None:
    result = cli(*args)
    assert result.code == 2  # click's usage-error code
    assert "Traceback" not in result.err
    assert result.err.strip()


def test_export_refuses_to_overwrite(small: str, cli: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "p.geojson"
    out.write_text("{}", encoding="utf-8")
    result = cli("export", "--format", "geojson", "--out", str(out), "--db", small)
    assert result.code == 1 and "already exists" in result.err
    assert out.read_text(encoding="utf-8") == "{}"


def test_debug_shows_the_traceback(cli: CliRunner) -> None:
    with pytest.raises(InvalidCode):
        main(["--debug", "codes", "check", "18112001230"])
    # …and without --debug the next run is back to one line.
    result = cli("codes", "check", "18112001230")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1


# --- help -------------------------------------------------------------------------------------


def _commands(group: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command path of a click group (typer may vendor its own click: duck-typed)."""
    found: list[tuple[str, ...]] = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if hasattr(command, "commands"):
            found.extend(_commands(command, (*prefix, name)))
    return found


def _all_commands() -> list[tuple[str, ...]]:
    return _commands(typer.main.get_command(app))


def test_help(cli: CliRunner) -> None:
    result = cli("--help")
    assert result.code == 0
    for name in ("init", "villages", "points", "codes", "coverage", "export"):
        assert name in result.out


@pytest.mark.parametrize("command", _all_commands(), ids=" ".join)
def test_every_command_has_help(cli: CliRunner, command: tuple[str, ...]) -> None:
    result = cli(*command, "--help")
    assert result.code == 0, result.err
    assert "Usage:" in result.out
    assert "Traceback" not in result.err


def test_contracts_registry_commands_exist() -> None:
    commands = set(_all_commands())
    for command in [
        ("init",),
        ("communes", "add"),
        ("villages", "import"),
        ("villages", "set"),
        ("points", "import"),
        ("points", "add"),
        ("points", "edit"),
        ("points", "move"),
        ("points", "retire"),
        ("points", "show"),
        ("codes", "issue"),
        ("codes", "check"),
        ("coverage",),
        ("export",),
    ]:
        assert command in commands


# --- the installed console script -------------------------------------------------------------


def _console_script() -> Path:
    beside = Path(sys.executable).parent / "diachiso"
    found = beside if beside.exists() else Path(shutil.which("diachiso") or "")
    assert found.is_file(), "the diachiso console script is not installed"
    return found


def test_installed_console_script(tmp_path: Path) -> None:
    script = _console_script()
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "DIACHISO_ENV": "development"}
    init = subprocess.run(
        [str(script), *INIT], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert init.returncode == 0, init.stderr
    # The default registry is var/diachiso.sqlite in the working directory.
    assert (tmp_path / "var" / "diachiso.sqlite").exists()
    done = subprocess.run(
        [str(script), "coverage", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert doc["commune"]["name"] == "xã Thạch Bình"
    assert doc["commune"]["total"] == 0 and doc["villages"] == []
