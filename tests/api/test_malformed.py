"""The malformed-file corpus (tests/data/malformed/README.md) through the CLI: each file imports
with the expected count, or is refused with one-line errors and nothing written — never a
traceback. Then the same rule for random bytes, random damage to the sample CSV and to a
workbook (hypothesis)."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CliResult, CliRunner
from tests.geometries import write_villages

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / "tests" / "data" / "malformed"
SAMPLE_CSV = REPO / "data" / "thach_binh" / "co_quan.csv"
INIT = (
    "init", "--commune", "xã Thạch Bình", "--commune-code", "18112", "--area-number", "18112",
    "--district", "TP Hà Tĩnh", "--province", "tỉnh Hà Tĩnh",
)  # fmt: skip


@dataclass(frozen=True)
class Case:
    file: str
    args: tuple[str, ...]
    expect: str  # "ok N" or "error"

    @property
    def id(self) -> str:
        return " ".join((self.file, *self.args[1:]))


def corpus() -> list[Case]:
    """The README's table: one case per row."""
    cases = []
    for line in (CORPUS / "README.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 4 or cells[0] in ("file", "---"):
            continue
        command, *extra = cells[1].split()
        args = ("points", "import") if command == "points" else ("villages", "import")
        if command == "points" and "--kind" not in extra:
            extra = ["--kind", "agency", *extra]
        cases.append(Case(cells[0], (*args, *extra), cells[2]))
    return cases


def test_the_corpus_lists_every_file() -> None:
    listed = {c.file for c in corpus()}
    present = {
        str(p.relative_to(CORPUS))
        for p in CORPUS.rglob("*")
        if (p.is_file() and p.suffix not in (".md", ".py") and p.parent == CORPUS)
        or p.suffix == ".shp"
    }
    assert listed == present


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry with the three villages, made once; each test works on its own copy."""
    from api.cli import main

    folder = tmp_path_factory.mktemp("malformed")
    path = folder / "base.sqlite"
    db = f"sqlite:///{path}"
    assert main([*INIT, "--db", db]) == 0
    assert main(["villages", "import", str(write_villages(folder / "v.geojson")), "--db", db]) == 0
    return path


@pytest.fixture
def fresh(registry_file: Path, tmp_path: Path) -> Iterator[str]:
    # The write-ahead log holds the latest pages until a checkpoint: copy it along.
    for part in registry_file.parent.glob(registry_file.name + "*"):
        (tmp_path / part.name.replace(registry_file.stem, "r")).write_bytes(part.read_bytes())
    yield f"sqlite:///{tmp_path / 'r.sqlite'}"


def _counts(db: str) -> tuple[int, ...]:
    """How many points, villages and events the registry holds."""
    with sqlite3.connect(db.removeprefix("sqlite:///")) as conn:
        return tuple(
            int(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
            for t in ("points", "villages", "events")
        )


def check_rule(result: CliResult, before: tuple[int, ...], after: tuple[int, ...]) -> int:
    """The corpus's rule; returns the number of points written."""
    output = result.out + result.err
    assert "Traceback" not in output, output
    assert result.code in (0, 1), output
    if result.code == 1:
        assert after == before, output
        assert result.err.strip().splitlines()[-1].startswith("error: "), output
    for line in result.err.strip().splitlines():
        assert "\n" not in line and len(line) < 1000, line
    return after[0] - before[0]


@pytest.mark.parametrize("case", corpus(), ids=lambda c: c.id)
def test_malformed_file(case: Case, fresh: str, cli: CliRunner) -> None:
    before = _counts(fresh)
    result = cli(*case.args[:2], str(CORPUS / case.file), *case.args[2:], "--db", fresh)
    written = check_rule(result, before, _counts(fresh))
    if case.expect == "error":
        assert result.code == 1, result
    else:
        assert result.code == 0, result
        assert written == int(case.expect.split()[1]), result


def test_folder_placemarks_keep_their_names(fresh: str, cli: CliRunner) -> None:
    assert (
        cli("points", "import", str(CORPUS / "folders.kml"), "--kind", "agency", "--db", fresh).code
        == 0
    )
    with sqlite3.connect(fresh.removeprefix("sqlite:///")) as conn:
        names = sorted(r[0] for r in conn.execute("SELECT name FROM points"))
    assert names == ["Điểm A0", "Điểm A1", "Điểm B0", "Điểm B1"]


def test_a_shapefile_without_cpg_reads_utf8_names(fresh: str, cli: CliRunner) -> None:
    shp = CORPUS / "no_cpg" / "diem.shp"
    assert cli("points", "import", str(shp), "--kind", "agency", "--db", fresh).code == 0
    with sqlite3.connect(fresh.removeprefix("sqlite:///")) as conn:
        names = sorted(r[0] for r in conn.execute("SELECT name FROM points"))
    assert names == ["Nhà văn hóa thôn", "Đình làng Thạch Bình"]


def test_invisible_characters_are_removed(fresh: str, cli: CliRunner) -> None:
    path = CORPUS / "invisible_chars.csv"
    assert cli("points", "import", str(path), "--kind", "agency", "--db", fresh).code == 0
    with sqlite3.connect(fresh.removeprefix("sqlite:///")) as conn:
        rows = sorted(conn.execute("SELECT name, ref FROM points"))
    assert rows == [("Nhàvăn hóa", "NV-1"), ("Trạm y tế", "YT-1")]


def test_gps_degrees_given_a_projected_system_are_refused_once(fresh: str, cli: CliRunner) -> None:
    path = CORPUS / "gps_given_vn2000.csv"
    result = cli(
        "points", "import", str(path), "--kind", "agency", "--crs", "VN2000", "--db", fresh
    )
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1, result.err
    assert "'kinh_do' and 'vi_do' hold degrees" in result.err and "leave out --crs" in result.err


@pytest.mark.parametrize(
    ("given", "names"), [("ten", ["Nhà văn hóa", "Trạm y tế"]), ("ten (2)", ["NVH", "TYT"])]
)
def test_the_guide_names_either_of_two_columns_of_one_name(
    fresh: str, cli: CliRunner, given: str, names: list[str]
) -> None:
    """The officer's guide: "--name-field ten là cột thứ nhất, --name-field 'ten (2)' là cột thứ
    hai"."""
    path = CORPUS / "repeated_columns.csv"
    result = cli(
        "points", "import", str(path), "--kind", "agency", "--name-field", given, "--db", fresh
    )
    assert result.code == 0, result.err
    with sqlite3.connect(fresh.removeprefix("sqlite:///")) as conn:
        assert sorted(r[0] for r in conn.execute("SELECT name FROM points")) == names


def test_two_layers_are_named(fresh: str, cli: CliRunner) -> None:
    result = cli(
        "points", "import", str(CORPUS / "two_layers.gpkg"), "--kind", "agency", "--db", fresh
    )
    assert "ho_dan, co_quan" in result.err and "--layer" in result.err
    unknown = cli(
        "points", "import", str(CORPUS / "two_layers.gpkg"), "--kind", "agency",
        "--layer", "nope", "--db", fresh,
    )  # fmt: skip
    assert unknown.code == 1 and "--layer: " in unknown.err and "ho_dan, co_quan" in unknown.err


# --- property tests: whatever the bytes, the same rule ------------------------------------------

PROPERTY = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _import_bytes(cli: CliRunner, db: str, folder: Path, name: str, data: bytes) -> None:
    path = folder / name
    path.write_bytes(data)
    before = _counts(db)
    result = cli("points", "import", str(path), "--kind", "agency", "--db", db)
    check_rule(result, before, _counts(db))
    path.unlink()


@PROPERTY
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".csv", ".xlsx", ".geojson", ".kml"]))
def test_random_bytes(data: bytes, suffix: str, fresh: str, cli: CliRunner, tmp_path: Path) -> None:
    _import_bytes(cli, fresh, tmp_path, "random" + suffix, data)


@PROPERTY
@given(
    edits=st.lists(
        st.tuples(st.integers(0, 10_000), st.integers(0, 8), st.binary(max_size=6)), max_size=6
    )
)
def test_damaged_sample_csv(
    edits: list[tuple[int, int, bytes]], fresh: str, cli: CliRunner, tmp_path: Path
) -> None:
    data = bytearray(SAMPLE_CSV.read_bytes())
    for at, cut, insert in edits:
        at %= len(data) + 1
        data[at : at + cut] = insert
    _import_bytes(cli, fresh, tmp_path, "co_quan.csv", bytes(data))


def _sample_workbook() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in SAMPLE_CSV.read_text(encoding="utf-8").splitlines():
        sheet.append(line.split(","))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


WORKBOOK = _sample_workbook()


@PROPERTY
@given(
    member=st.integers(0, 20),
    at=st.integers(0, 100_000),
    insert=st.binary(min_size=1, max_size=8),
    raw=st.booleans(),
)
def test_damaged_workbook(
    member: int, at: int, insert: bytes, raw: bool, fresh: str, cli: CliRunner, tmp_path: Path
) -> None:
    """Damage either the zip's bytes or one XML part inside a valid zip."""
    if raw:
        data = bytearray(WORKBOOK)
        at %= len(data)
        data[at : at + len(insert)] = insert
        damaged = bytes(data)
    else:
        source = zipfile.ZipFile(io.BytesIO(WORKBOOK))
        names = source.namelist()
        target = names[member % len(names)]
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as copy:
            for name in names:
                content = bytearray(source.read(name))
                if name == target:
                    at %= len(content) + 1
                    content[at : at + len(insert)] = insert
                copy.writestr(name, bytes(content))
        damaged = out.getvalue()
    _import_bytes(cli, fresh, tmp_path, "ho.xlsx", damaged)


@pytest.mark.parametrize(
    "name", ["tcvn3_forced_cp1258.csv", "tcvn3_forced_cp1258.xlsx", "tcvn3_dbf/di_tich.shp"]
)
def test_a_forced_wrong_encoding_names_the_likely_one(
    fresh: str, cli: CliRunner, name: str
) -> None:
    """A CSV's bytes, a workbook's cells and a DBF's alike; detected, the name reads right."""
    path = CORPUS / name
    result = cli(
        "points", "import", str(path), "--kind", "heritage", "--encoding", "cp1258", "--db", fresh
    )
    assert result.code == 1
    assert "looks like tcvn3" in result.err and "--encoding tcvn3" in result.err
    assert cli("points", "import", str(path), "--kind", "heritage", "--db", fresh).code == 0
    with sqlite3.connect(fresh.removeprefix("sqlite:///")) as conn:
        assert [r[0] for r in conn.execute("SELECT name FROM points")] == ["Đình làng Bình Minh"]


def test_an_old_workbook_is_refused_in_vietnamese_naming_it(fresh: str, cli: CliRunner) -> None:
    path = CORPUS / "old_format.xls"
    result = cli("--lang", "vi", "points", "import", str(path), "--kind", "agency", "--db", fresh)
    assert result.code == 1
    assert result.err.strip() == (
        "lỗi: old_format.xls: đây là sổ tính Excel 97-2003 (.xls) hoặc sổ tính có đặt mật khẩu; "
        "hãy mở bằng Excel và lưu lại dạng .xlsx (Excel Workbook), không đặt mật khẩu"
    )
