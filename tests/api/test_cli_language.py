"""The officer's session, start to finish, in each language: Vietnamese by default with no English
sentence anywhere, English with `--lang en` and no Vietnamese beyond the data; and the same
session on a legacy Windows code page without a traceback."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from shlex import quote, split
from typing import Any

import pytest
import typer.main

from addrgen.catalog import CODE_PATTERN, LANGUAGES, has_message
from addrgen.vocab import KINDS, ROLES
from api.cli import app, main
from gis.ingest.textfix import decode_bytes
from tests.conftest import REPO, CliResult, CliRunner
from tests.excel import open_as_excel
from tests.geometries import write_villages
from tests.language import english_lines, vietnamese_lines

DATA = REPO / "data" / "thach_binh"
SAMPLE = ("co_quan.csv", "di_tich_tcvn3.csv", "bad_rows.csv")
VOLUNTEER = "Nguyễn Thị Hoa"
COMMUNE = ("xã Thạch Bình", "TP Hà Tĩnh", "tỉnh Hà Tĩnh")
#: The files and folders the officer names, Vietnamese as theirs would be.
NAMES = {
    "db": "sổ địa chỉ.sqlite",
    "report": "lỗi.csv",
    "coverage": "tiến độ.csv",
    "batch": "đợt in",
    "review": "cần kiểm tra.csv",
    "export": "địa chỉ.csv",
}


def session(folder: Path) -> list[tuple[list[str], int]]:
    """The officer's steps (with their exit codes) on a registry of their own in ``folder``."""
    data = {name: quote(str(DATA / name)) for name in (*SAMPLE, "villages.geojson")}
    mine = {key: quote(str(folder / name)) for key, name in NAMES.items()}
    commune, district, province = map(quote, COMMUNE)
    steps = [
        ("--help", 0),
        ("points import --help", 0),
        (f"init --commune {commune} --commune-code 18112 --area-number 18112 "
         f"--district {district} --province {province}", 0),
        (f"villages import {data['villages.geojson']} --name-field ten_thon "
         "--expected-field so_ho_du_kien", 0),
        (f"points import {data['co_quan.csv']} --kind agency --ref-field ma", 0),
        (f"points import {data['di_tich_tcvn3.csv']} --kind heritage --ref-field ma", 0),
        (f"points import {data['bad_rows.csv']} --kind household --kind-field loai "
         f"--report {mine['report']}", 1),
        ("codes issue", 0),
        ("codes check '18112 00123 X'", 1),
        ("coverage", 0),
        (f"coverage --out {mine['coverage']}", 0),
        ("coverage --format xml", 2),
        (f"plates batch --draft --out {mine['batch']}", 0),
        (f"users add --role volunteer --name {quote(VOLUNTEER)} --village 'Bình Minh'", 0),
        ("review list", 0),
        (f"review list --out {mine['review']}", 0),
        ("points show CQ-01", 0),
        (f"export --format csv --out {mine['export']}", 0),
    ]  # fmt: skip
    db = ["--db", f"sqlite:///{folder / NAMES['db']}"]
    return [(split(line) + ([] if "--help" in line else db), code) for line, code in steps]


@dataclass
class Step:
    args: list[str]
    code: int
    lines: list[str]


def _run_in_process(folder: Path, extra: list[str]) -> list[Step]:
    steps = []
    for args, _ in session(folder):
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([*args, *extra])
        steps.append(Step(args, code, (out.getvalue() + err.getvalue()).splitlines()))
    return steps


@pytest.fixture(scope="module")
def languages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, list[Step]]]:
    mp = pytest.MonkeyPatch()
    for name in ("DIACHISO_DATABASE_URL", "DIACHISO_ENV", "DIACHISO_LANG"):
        mp.delenv(name, raising=False)
    runs = {
        "vi": _run_in_process(tmp_path_factory.mktemp("vi"), []),  # the default
        "en": _run_in_process(tmp_path_factory.mktemp("en"), ["--lang", "en"]),  # at the end
    }
    yield runs
    mp.undo()


# --- what is data, not the program's words ---------------------------------------------------


def _data_values() -> list[str]:
    """Every text of the sample files (and their names) and of the session's own arguments,
    longest first."""
    values = {*COMMUNE, VOLUNTEER, *NAMES.values(), *SAMPLE, "villages.geojson"}
    for name in SAMPLE:
        _, *rows = csv.reader(io.StringIO(decode_bytes((DATA / name).read_bytes())))
        values.update(cell for row in rows for cell in row)
    features = json.loads((DATA / "villages.geojson").read_text(encoding="utf-8"))["features"]
    values.update(str(v) for f in features for v in f["properties"].values())
    # Short values (an expected count "175") would be taken out of the middle of other words.
    values = {v for v in values if len(v.strip()) > 3}
    # The product's name, the mark every draft prints, and the province in examples (which a
    # help screen may wrap between its two words).
    values.update({"Địa chỉ số", "BẢN THỬ", "Hà Tĩnh", "Hà", "Tĩnh"})
    return sorted(values, key=len, reverse=True)


DATA_VALUES = _data_values()


def _without_data(line: str) -> str:
    for value in DATA_VALUES:
        line = line.replace(value, " ")
    return line


def _command_names() -> set[str]:
    names = {"diachiso"}
    stack = [typer.main.get_command(app)]
    while stack:
        group = stack.pop()
        for name, command in getattr(group, "commands", {}).items():
            names.add(name)
            stack.append(command)
    return names


#: Words the officer types or reads as they are in either language: command names, the values
#: options take, and the file formats and HTTP words the help names. Taken out whole, as tokens,
#: before the detector (tests/language.py, which every face's tests share) reads a line.
TYPED = (
    _command_names()
    | set(KINDS)
    | set(ROLES)
    | {"table", "csv", "json", "geojson", "gpkg", "xlsx", "shop", "office", "auto", "vi", "en"}
    | {"GeoJSON", "GeoPackage", "Shapefile", "SQLite", "PostgreSQL", "Bearer", "Authorization"}
    | {"X", "Y", "m"}  # cadastral sheets' column names; the metre
)
#: A value's placeholder on a help screen (<household|agency|heritage>, maybe wrapped): syntax.
PLACEHOLDER = re.compile(r"\S*[<>]\S*")
PUNCTUATION = ".,;:!?()[]“”\"'`…|*"


def _words_of_the_program(line: str) -> str:
    """``line`` without the data, the typed words and the placeholders: what is left is the
    program's own wording."""
    tokens = _without_data(PLACEHOLDER.sub(" ", line)).split()
    return " ".join(t for t in tokens if t.strip(PUNCTUATION) not in TYPED)


def english_in(lines: list[str]) -> list[str]:
    return english_lines("\n".join(_words_of_the_program(line) for line in lines))


def vietnamese_in(lines: list[str]) -> list[str]:
    return vietnamese_lines("\n".join(_without_data(line) for line in lines))


def test_what_the_detector_is_given() -> None:
    assert english_in(["lỗi: the file has no latitude column"]) != []
    assert english_in(["│ *  --kind  <household|agency|herit  Loại điểm: household (hộ │"]) == []
    assert (
        english_in(["lỗi: --format: giá trị không hợp lệ; chọn một trong: table, csv, json"]) == []
    )
    assert (
        english_in(["bad_rows.csv, dòng 7, vị trí: lỗi: nằm ngoài mọi thôn của xã Thạch Bình"])
        == []
    )
    assert vietnamese_in(["error: tỉnh Hà Tĩnh has no villages"]) == []
    assert vietnamese_in(["error: không có"]) != []


# --- the session in Vietnamese, the default -----------------------------------------------------


def test_the_session_runs_with_its_exit_codes(languages: dict[str, list[Step]]) -> None:
    for lang, steps in languages.items():
        expected = [code for _, code in session(Path("x"))]
        assert [s.code for s in steps] == expected, lang
        assert not any("Traceback" in line for s in steps for line in s.lines), lang


def test_no_english_sentence_in_vietnamese(languages: dict[str, list[Step]]) -> None:
    found = [(" ".join(s.args[:2]), line) for s in languages["vi"] for line in english_in(s.lines)]
    assert found == []


def test_vietnamese_says_what_the_officer_reads(languages: dict[str, list[Step]]) -> None:
    text = "\n".join(line for s in languages["vi"] for line in s.lines)
    assert "Cách dùng: diachiso [TÙY CHỌN] LỆNH [THAM SỐ]..." in text  # --help
    assert "bad_rows.csv, dòng 4, cột “kinh_do”, giá trị “105,93a”: lỗi: kinh độ" in text
    assert "lỗi: bad_rows.csv: 8 dòng lỗi trên 10 dòng; chưa nhập gì" in text
    assert "đã cấp 31 mã" in text
    assert "lỗi: --format: giá trị không hợp lệ; chọn một trong: table, csv, json" in text
    assert "Tiến độ gắn biển — xã Thạch Bình" in text
    assert "Cơ quan, tổ chức" in text and "Đã cấp mã" in text  # points show: the vocabulary


def test_the_report_and_the_people_csv_files_are_in_vietnamese(
    languages: dict[str, list[Step]],
) -> None:
    folder = Path(languages["vi"][2].args[-1].removeprefix("sqlite:///")).parent
    # As a Vietnamese Excel opens them: one column per field, the numbers as numbers.
    report = open_as_excel((folder / NAMES["report"]).read_bytes(), "vi")
    assert report[0] == ["tệp", "dòng", "cột", "giá trị", "mức độ", "nội dung"]
    assert ["bad_rows.csv", 3.0, "vi_do", "", "lỗi", "thiếu vĩ độ; cần một số"] in report
    header, *rows = open_as_excel((folder / NAMES["coverage"]).read_bytes(), "vi")
    assert header[:3] == ["thôn", "tổng", "đã cấp mã"] and "Hộ gia đình" in header
    assert rows[-1][:3] == ["Cả xã", 31.0, 31.0]
    assert rows[-1][header.index("% đã gắn")] == 0.0  # "0,0": the Vietnamese decimal comma
    assert all(isinstance(c, float) for c in rows[-1][1:7])
    # The export is a machine format: the reference's field names and values, in any language.
    export = (folder / NAMES["export"]).read_text(encoding="utf-8-sig").splitlines()
    assert export[0].startswith("code,code_display,plus_code,kind,name,village,status")
    assert ",agency," in export[1] and ",coded," in export[1]


# --- the session in English ------------------------------------------------------------------


def test_no_vietnamese_in_english_beyond_the_data(languages: dict[str, list[Step]]) -> None:
    found = [
        (" ".join(s.args[:2]), line) for s in languages["en"] for line in vietnamese_in(s.lines)
    ]
    assert found == []


def test_english_keeps_the_report_lines_as_they_were(languages: dict[str, list[Step]]) -> None:
    text = "\n".join(line for s in languages["en"] for line in s.lines)
    assert "bad_rows.csv: row 4: field 'kinh_do' value '105,93a' error: longitude is not" in text
    assert "error: bad_rows.csv: 8 bad row(s) of 10; nothing was imported (Fix the rows" in text
    assert "Usage: diachiso [OPTIONS] COMMAND [ARGS]..." in text


# --- choosing the language ----------------------------------------------------------------------


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """Like tests/conftest.py's `cli`, with the language left to the line and the environment."""
    for name in ("DIACHISO_DATABASE_URL", "DIACHISO_LANG"):
        monkeypatch.delenv(name, raising=False)

    def invoke(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return invoke


BAD_CODE = ("codes", "check", "18112 00123 X")


def test_vietnamese_by_default_english_on_request_anywhere_on_the_line(
    run: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run(*BAD_CODE).err.startswith("lỗi: ")
    assert run("--lang", "en", *BAD_CODE).err.startswith("error: ")
    assert run(*BAD_CODE, "--lang=en").err.startswith("error: ")
    assert run("codes", "--lang", "en", "check", "18112 00123 X").err.startswith("error: ")
    monkeypatch.setenv("DIACHISO_LANG", "en")
    assert run(*BAD_CODE).err.startswith("error: ")
    assert run(*BAD_CODE, "--lang", "vi").err.startswith("lỗi: ")  # the line wins
    for result in (run(*BAD_CODE), run("--lang", "vi", *BAD_CODE)):
        assert result.code == 1 and result.out == ""


@pytest.mark.parametrize("given", [["--lang", "fr"], ["--lang"], ["--lang="]])
def test_an_unknown_language_is_a_usage_error(run: CliRunner, given: list[str]) -> None:
    result = run(*given, "coverage")
    assert result.code == 2 and result.out == ""
    assert result.err.startswith("lỗi: --lang: ") and result.err.count("\n") == 1


def test_help_and_usage_errors_in_the_language(run: CliRunner) -> None:
    vi, en = run("villages", "--help"), run("villages", "--help", "--lang", "en")
    assert vi.code == en.code == 0
    assert "Cách dùng: diachiso villages [TÙY CHỌN] LỆNH [THAM SỐ]..." in vi.out
    assert "Usage: diachiso villages [OPTIONS] COMMAND [ARGS]..." in en.out
    assert "Lệnh" in vi.out and "Commands" in en.out
    missing = run("points", "add", "--lon", "105.9", "--lat", "18.3")
    assert missing.code == 2
    assert missing.err.splitlines() == [
        "lỗi: thiếu tùy chọn --kind",
        "xem hướng dẫn: diachiso points add --help",
    ]
    unknown = run("coverage", "--fromat", "json", "--lang", "en")
    assert unknown.code == 2 and unknown.err.startswith("error: no such option: --fromat")
    number = run("serve", "--port", "tám")
    assert number.code == 2 and number.err.startswith("lỗi: --port: giá trị phải là số nguyên")
    group = run("points")
    assert group.code == 2 and "Cách dùng: diachiso points" in group.out  # its help


def test_the_map_follows_the_runs_language(run: CliRunner, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    init = ("init", "--commune", COMMUNE[0], "--commune-code", "18112", "--area-number", "18112")
    assert run(*init, "--db", db).code == 0
    assert run("villages", "import", write_villages(tmp_path / "v.geojson"), "--db", db).code == 0
    assert run("map", "--out", tmp_path / "vi.html", "--db", db).code == 0
    assert run("map", "--out", tmp_path / "en.html", "--lang", "en", "--db", db).code == 0
    assert '<html lang="vi">' in (tmp_path / "vi.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in (tmp_path / "en.html").read_text(encoding="utf-8")


def test_every_help_text_is_a_catalog_id_in_both_languages() -> None:
    """Nothing on a help screen falls back to a docstring or an English literal."""
    root = typer.main.get_command(app)
    stack: list[tuple[str, Any]] = [("diachiso", root)]
    texts: list[tuple[str, str | None]] = []
    while stack:
        path, command = stack.pop()
        texts.append((path, command.help))
        texts += [(f"{path} {p.name}", getattr(p, "help", None)) for p in command.params]
        stack += [(f"{path} {n}", c) for n, c in getattr(command, "commands", {}).items()]
    for where, text in texts:
        assert text is not None and re.fullmatch(CODE_PATTERN, text), (where, text)
        for lang in LANGUAGES:
            assert has_message(text, lang), (where, text, lang)


# --- the same session on a legacy Windows code page ----------------------------------------------


#: Runs the session's steps in one interpreter (what a console script does, step after step, on
#: the real streams of the process), then prints their exit codes as the last line of stdout.
DRIVER = """
import json, sys
from api.cli import main
codes = [main(args) for args in json.loads(sys.argv[1])]
print(json.dumps(codes))
"""


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_the_session_on_a_legacy_code_page(encoding: str, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "PYTHONIOENCODING": encoding}
    for name in ("DIACHISO_DATABASE_URL", "DIACHISO_ENV", "DIACHISO_LANG"):
        env.pop(name, None)
    steps = session(tmp_path)
    done = subprocess.run(
        [sys.executable, "-c", DRIVER, json.dumps([args for args, _ in steps])],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        check=False,
    )
    err = done.stderr.decode("utf-8")  # pipes get UTF-8, whatever the code page
    assert done.returncode == 0 and "Traceback" not in err, err
    out = done.stdout.decode("utf-8").splitlines()
    assert json.loads(out[-1]) == [code for _, code in steps]
    assert "lỗi: bad_rows.csv: 8 dòng lỗi trên 10 dòng" in err
