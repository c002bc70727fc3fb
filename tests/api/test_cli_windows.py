"""The officer's Windows laptop: no console code page makes the command fail, CSV files written
for people carry a byte-order mark for Excel, and folders and files with Vietnamese names work."""

from __future__ import annotations

import codecs
import getpass
import io
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from api.cli.console import fold_text, prepare_streams
from api.cli.context import os_actor
from tests.conftest import REPO, CliRunner
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv, write_villages

BOM = codecs.BOM_UTF8
INIT = ("init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112")
TEXT = "xã Thạch Bình — Đông Nam, Tây Bắc: ắ ậ ữ ợ → 1,3\u00a0%"


# --- folding what a legacy code page lacks ----------------------------------------------------


def _shown(text: str, encoding: str) -> str:
    """What a console in ``encoding`` shows for ``text`` folded: its bytes read back, composed."""
    return unicodedata.normalize("NFC", fold_text(text, encoding).encode(encoding).decode(encoding))


def test_cp1258_shows_every_vietnamese_letter_with_its_combining_marks() -> None:
    shown = _shown(TEXT, "cp1258")
    assert shown == TEXT.replace("→", "->")
    assert "ă\u0301" in fold_text("ắ", "cp1258")  # breve precomposed, acute combining


def test_cp1252_writes_a_letter_it_lacks_without_diacritics() -> None:
    # Bare letters, not some of the marks: "Bắc" must not become the other word "Bác".
    assert _shown("Tây Bắc", "cp1252") == "Tây Bac"
    assert _shown("xã Thạch Bình", "cp1252") == "xã Thach Bình"
    assert _shown("Đông", "cp1252") == "Dông"
    assert _shown(TEXT, "ascii") == "xa Thach Binh - Dong Nam, Tay Bac: a a u o -> 1,3 %"
    assert _shown("中", "cp1252") == "?"


class _Terminal(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_a_file_or_pipe_becomes_utf8_and_a_terminal_keeps_its_code_page(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    piped = io.TextIOWrapper(io.BytesIO(), encoding="cp1252", errors="strict")
    console = _Terminal(io.BytesIO(), encoding="cp1258", errors="strict")
    monkeypatch.setattr(sys, "stdout", piped)
    monkeypatch.setattr(sys, "stderr", console)
    prepare_streams()
    print(TEXT)
    print(TEXT, file=sys.stderr)
    piped.flush()
    console.flush()
    assert piped.buffer.getvalue().decode("utf-8") == TEXT + "\n"
    shown = console.buffer.getvalue().decode("cp1258")  # type: ignore[attr-defined]
    assert unicodedata.normalize("NFC", shown) == TEXT.replace("→", "->") + "\n"
    assert piped.encoding == "utf-8" and console.encoding == "cp1258"


def test_streams_already_utf8_or_not_files_are_left_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    utf8 = io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict")
    other = io.StringIO()
    monkeypatch.setattr(sys, "stdout", utf8)
    monkeypatch.setattr(sys, "stderr", other)
    prepare_streams()
    assert (utf8.encoding, utf8.errors) == ("utf-8", "strict")


# --- the command under a legacy code page, in a real process ------------------------------------


def _diachiso(
    args: list[str], *, encoding: str, cwd: Path, stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "PYTHONIOENCODING": encoding,
        "DIACHISO_ENV": "development",
    }
    env.pop("DIACHISO_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", "from api.cli import entry; entry()", *args],
        cwd=cwd,
        env=env,
        stdout=stdout,
        stderr=subprocess.PIPE,
        check=False,
    )


@pytest.mark.parametrize("encoding", ["cp1252", "cp1258"])
def test_a_legacy_code_page_never_ends_in_a_traceback(encoding: str, tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    villages = str(write_villages(tmp_path / "thôn.geojson"))
    runs = {
        "init": (_diachiso([*INIT, "--db", db], encoding=encoding, cwd=tmp_path), 0),
        "villages": (
            _diachiso(
                ["villages", "import", villages, "--db", db], encoding=encoding, cwd=tmp_path
            ),
            0,
        ),
        "csv": (
            _diachiso(["coverage", "--format", "csv", "--db", db], encoding=encoding, cwd=tmp_path),
            0,
        ),
        "bad code": (
            _diachiso(["codes", "check", "18112 00123"], encoding=encoding, cwd=tmp_path),
            1,
        ),
        "usage": (_diachiso(["coverage", "--format", "xml"], encoding=encoding, cwd=tmp_path), 2),
    }
    for name, (done, code) in runs.items():
        assert done.returncode == code, (name, done.stderr)
        assert b"Traceback" not in done.stderr, name
    # A pipe is not a console: the data comes as UTF-8, Vietnamese intact.
    assert "Thôn Bình Minh" in runs["csv"][0].stdout.decode("utf-8")
    assert "xã Thạch Bình" in runs["init"][0].stderr.decode("utf-8")


@pytest.mark.skipif(sys.platform == "win32", reason="a POSIX pseudo-terminal")
def test_a_console_in_cp1258_shows_vietnamese_in_its_own_code_page(tmp_path: Path) -> None:
    import pty  # POSIX only, hence imported here

    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert _diachiso([*INIT, "--db", db], encoding="cp1258", cwd=tmp_path).returncode == 0
    primary, secondary = pty.openpty()  # stdout is a terminal whose code page is cp1258
    try:
        table = _diachiso(
            ["coverage", "--db", db], encoding="cp1258", cwd=tmp_path, stdout=secondary
        )
        os.close(secondary)
        shown = _read_all(primary).decode("cp1258")
    finally:
        os.close(primary)
    assert table.returncode == 0 and b"Traceback" not in table.stderr
    assert "xã Thạch Bình" in unicodedata.normalize("NFC", shown)


def _read_all(fd: int) -> bytes:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:  # EIO: the other side is closed and everything was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)


# --- CSV files for people: a byte-order mark; never over an existing file ---------------------


@pytest.fixture
def registry_db(cli: CliRunner, tmp_path: Path) -> str:
    db = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", db).code == 0
    assert cli("villages", "import", write_villages(tmp_path / "v.geojson"), "--db", db).code == 0
    return db


def test_coverage_out_writes_a_csv_for_excel_and_never_overwrites(
    registry_db: str, cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "tiến độ.csv"
    done = cli("coverage", "--out", out, "--db", registry_db)
    assert done.code == 0 and done.out == "" and str(out) in done.err
    data = out.read_bytes()
    assert data.startswith(BOM)
    lines = data[len(BOM) :].decode("utf-8").splitlines()
    assert len(lines) == 1 + 3 + 1  # header, three villages, the commune's total
    assert lines[1].startswith("Thôn Bình Minh,0,")
    again = cli("coverage", "--out", out, "--db", registry_db)
    assert again.code == 1 and again.out == ""
    assert again.err.count("\n") == 1 and again.err.startswith("error: --out: ")
    assert out.read_bytes() == data
    nowhere = cli("coverage", "--out", tmp_path / "no" / "x.csv", "--db", registry_db)
    assert nowhere.code == 1 and nowhere.err.count("\n") == 1 and "Traceback" not in nowhere.err


def test_machine_csv_on_stdout_has_no_byte_order_mark(registry_db: str, cli: CliRunner) -> None:
    done = cli("coverage", "--format", "csv", "--db", registry_db)
    assert done.code == 0 and done.out.startswith("village,total,")


def test_review_list_out_writes_a_csv_for_excel(
    registry_db: str, cli: CliRunner, tmp_path: Path
) -> None:
    out = tmp_path / "cần kiểm tra.csv"
    done = cli("review", "list", "--out", out, "--db", registry_db)
    assert done.code == 0 and done.out == ""
    assert out.read_bytes().startswith(BOM)
    assert len(out.read_bytes()[len(BOM) :].decode("utf-8").splitlines()) == 1  # nothing flagged
    assert cli("review", "list", "--out", out, "--db", registry_db).code == 1


def test_the_import_report_csv_has_a_byte_order_mark(
    registry_db: str, cli: CliRunner, tmp_path: Path
) -> None:
    bad = write_csv(tmp_path / "p.csv", "ma,vi_do,kinh_do", ["H1,18.3150,105.9150", "H2,,105.9"])
    report = tmp_path / "báo cáo.csv"
    done = cli(
        "points", "import", bad, "--kind", "household", "--report", report, "--db", registry_db
    )
    assert done.code == 1
    assert report.read_bytes().startswith(BOM)


# --- Vietnamese folder and file names -------------------------------------------------------------


def test_folders_and_files_with_vietnamese_names(cli: CliRunner, tmp_path: Path) -> None:
    folder = tmp_path / "Thôn Bình Minh"
    folder.mkdir()
    db = f"sqlite:///{folder / 'sổ địa chỉ.sqlite'}"
    assert cli(*INIT, "--db", db).code == 0
    assert (
        cli("villages", "import", write_villages(folder / "các thôn.geojson"), "--db", db).code == 0
    )
    rows = [
        f"HGD-1,Nguyễn Văn An,{INSIDE_FIRST[1]},{INSIDE_FIRST[0]}",
        f"HGD-2,Trần Thị Bình,{INSIDE_SECOND[1]},{INSIDE_SECOND[0]}",
    ]
    households = write_csv(folder / "hộ gia đình.csv", "ma,chu_ho,vi_do,kinh_do", rows)
    imported = cli(
        "points", "import", households, "--kind", "household", "--ref-field", "ma",
        "--name-field", "chu_ho", "--db", db,
    )  # fmt: skip
    assert imported.code == 0, imported.err
    assert "hộ gia đình.csv" in imported.err
    assert cli("codes", "issue", "--db", db).code == 0
    exported = folder / "điểm địa chỉ.csv"
    assert cli("export", "--format", "csv", "--out", exported, "--db", db).code == 0
    text = exported.read_text(encoding="utf-8-sig")
    assert "Nguyễn Văn An" in text and "Trần Thị Bình" in text
    batch = folder / "đợt in 1"
    printed = cli("plates", "batch", "--draft", "--out", batch, "--db", db)
    assert printed.code == 0, printed.err
    assert (batch / "plates.pdf").is_file()


# --- no POSIX-only call unguarded ----------------------------------------------------------------


def test_the_acting_user_without_a_passwd_module(monkeypatch: pytest.MonkeyPatch) -> None:
    def windows_without_username() -> str:
        raise ImportError("No module named 'pwd'")  # Python 3.11 on Windows, USERNAME unset

    monkeypatch.setattr(getpass, "getuser", windows_without_username)
    monkeypatch.setenv("USER", "canbo")
    assert os_actor() == "cli:canbo"


POSIX_ONLY = ("os.getuid", "os.geteuid", "import pwd", "import fcntl", "os.fork", "SIGKILL")


def test_no_posix_only_call_in_the_packages() -> None:
    found = []
    for package in ("addrgen", "gis", "plates", "api"):
        for path in (REPO / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            found += [f"{path.relative_to(REPO)}: {call}" for call in POSIX_ONLY if call in text]
    assert found == []
