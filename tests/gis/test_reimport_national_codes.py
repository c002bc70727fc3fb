"""Re-importing fills national codes (issue 18): a row that is a registered point again (by
reference, by position, by the registry's code) and carries a national platform code sets or
replaces that point's code, in the import's transaction, with a ``point.edit`` event as an
officer's edit leaves; an empty cell leaves the code; a bad value refuses the file naming row,
column, value and what is expected; two rows of one point with two codes are refused. On both
backends."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from addrgen.catalog import message
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import events, points
from tests.conftest import ACTOR, CliRunner
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv

HEADER = "ma,ten,vi_do,kinh_do,Ma_QG"
(LON1, LAT1), (LON2, LAT2) = INSIDE_FIRST, INSIDE_SECOND
FIRST = [f"H1,Nguyễn Văn A,{LAT1},{LON1},", f"H2,Trần Thị B,{LAT2},{LON2},"]
OPTS = ("--kind", "household", "--ref-field", "ma", "--national-code-field", "Ma_QG")


def _codes(registry: Registry) -> dict[str | None, str | None]:
    with registry.read() as conn:
        rows = conn.execute(select(points.c.ref, points.c.national_code)).all()
    return {r.ref: r.national_code for r in rows}


def _edits(registry: Registry) -> list[tuple[object, ...]]:
    with registry.read() as conn:
        rows = conn.execute(
            select(points.c.ref, events.c.actor, events.c.before, events.c.after)
            .join(points, points.c.id == events.c.entity_id)
            .where(events.c.action == "point.edit", events.c.entity == "point")
            .order_by(events.c.id)
        ).all()
    return [tuple(r) for r in rows]


def _first_import(cli: CliRunner, where: tuple[str, ...], tmp_path: Path) -> None:
    done = cli("points", "import", str(write_csv(tmp_path / "a.csv", HEADER, FIRST)), *OPTS, *where)
    assert done.code == 0, done.err


def test_a_reimport_sets_and_replaces_national_codes_with_history(
    registry: Registry, small_commune: Commune, db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    where = ("--db", db_url, "--commune", small_commune.name)
    _first_import(cli, where, tmp_path)
    assert _codes(registry) == {"H1": None, "H2": None}
    rows = [f"H1,Nguyễn Văn A,{LAT1},{LON1},42011-8000-0001", f"H2,Trần Thị B,{LAT2},{LON2},QG-2"]
    path = write_csv(tmp_path / "b.csv", HEADER, rows)
    dry = cli("points", "import", str(path), *OPTS, "--dry-run", *where)
    assert dry.code == 0 and "national code set on 2 registered point(s)" in dry.err, dry.err
    assert _codes(registry) == {"H1": None, "H2": None} and _edits(registry) == []
    done = cli("points", "import", str(path), *OPTS, *where)
    assert done.code == 0, done.err
    assert "0 imported, 2 already registered" in done.err
    assert "national code set on 2 registered point(s)" in done.err
    assert _codes(registry) == {"H1": "42011-8000-0001", "H2": "QG-2"}
    again = cli("points", "import", str(path), *OPTS, *where)
    assert again.code == 0 and "national code set" not in again.err  # nothing left to change
    # A later sheet: H1's code replaced, H2's empty cell leaves its code; said in Vietnamese.
    later = [f"H1,Nguyễn Văn A,{LAT1},{LON1},42011-8000-0009", f"H2,Trần Thị B,{LAT2},{LON2},"]
    c_csv = str(write_csv(tmp_path / "c.csv", HEADER, later))
    replaced = cli("--lang", "vi", "points", "import", c_csv, *OPTS, *where)
    assert replaced.code == 0, replaced.err
    assert "cập nhật mã trên nền tảng địa chỉ số quốc gia cho 1 điểm đã có" in replaced.err
    assert _codes(registry) == {"H1": "42011-8000-0009", "H2": "QG-2"}
    actor = _edits(registry)[0][1]
    assert _edits(registry) == [
        ("H1", actor, {"national_code": None}, {"national_code": "42011-8000-0001"}),
        ("H2", actor, {"national_code": None}, {"national_code": "QG-2"}),
        ("H1", actor, {"national_code": "42011-8000-0001"}, {"national_code": "42011-8000-0009"}),
    ]


def test_points_found_by_position_or_by_code_take_the_files_codes(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    """Rows without references: the one at the same place with the same name is that point; a
    row carrying the registry's digital address code is that point wherever it stands."""
    first = write_csv(tmp_path / "a.csv", "ten,vi_do,kinh_do", [f"UBND xã,{LAT1},{LON1}"])
    import_points(registry, small_commune, first, ImportOptions(kind="agency"), actor=ACTOR)
    with registry.write(small_commune.id) as conn:  # as issuing would have coded it
        conn.execute(points.update().values(code="18112000017"))
    rows = [f"UBND xã,{LAT1},{LON1},QG-UB,"]
    by_place = write_csv(tmp_path / "b.csv", "ten,vi_do,kinh_do,national_code,code", rows)
    report = import_points(
        registry, small_commune, by_place, ImportOptions(kind="agency"), actor=ACTOR
    )
    assert (report.imported, report.unchanged, report.national_codes) == (0, 1, 1)
    assert list(_codes(registry).values()) == ["QG-UB"]
    moved = [f"UBND xã,{LAT2},{LON2},QG-UB2,18112000017"]
    by_code = write_csv(tmp_path / "c.csv", "ten,vi_do,kinh_do,national_code,code", moved)
    report = import_points(
        registry, small_commune, by_code, ImportOptions(kind="agency"), actor=ACTOR
    )
    assert (report.imported, report.national_codes) == (0, 1)
    assert list(_codes(registry).values()) == ["QG-UB2"]


def _refused_line(
    cli: CliRunner, where: tuple[str, ...], tmp_path: Path, rows: list[str], said: str
) -> str:
    """After the first import, ``rows`` again: refused, the report line that says ``said``."""
    _first_import(cli, where, tmp_path)
    path = write_csv(tmp_path / "b.csv", HEADER, rows)
    refused = cli("points", "import", str(path), *OPTS, *where)
    assert refused.code == 1, refused.err
    return next(x for x in refused.err.splitlines() if said in x)


def test_a_bad_national_code_on_reimport_names_row_field_value_and_expectation(
    registry: Registry, small_commune: Commune, db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    rows = [f"H1,Nguyễn Văn A,{LAT1},{LON1},QG-1", f"H2,Trần Thị B,{LAT2},{LON2},4201 180#"]
    said = message("point.bad_national_code", "en", value="4201 180#")
    line = _refused_line(
        cli, ("--db", db_url, "--commune", small_commune.name), tmp_path, rows, said
    )
    assert line.startswith("b.csv: row 3: field 'Ma_QG' value '4201 180#'")
    assert "expected letters, digits" in line
    # One transaction: the good row's code is not written either.
    assert _codes(registry) == {"H1": None, "H2": None} and _edits(registry) == []


def test_two_rows_of_one_point_with_two_codes_are_refused(
    registry: Registry, small_commune: Commune, db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    where = ("--db", db_url, "--commune", small_commune.name)
    rows = [f"H1,Nguyễn Văn A,{LAT1},{LON1},QG-1", f"H1,Nguyễn Văn A,{LAT1},{LON1},QG-9"]
    said = message("import.national_code_twice", "en", other_row=2)
    line = _refused_line(cli, where, tmp_path, rows, said)
    assert line.startswith("b.csv: row 3: field 'Ma_QG' value 'QG-9'")
    assert _codes(registry) == {"H1": None, "H2": None}
    # The same code twice is no conflict.
    same = [f"H1,Nguyễn Văn A,{LAT1},{LON1},QG-1", f"H1,Nguyễn Văn A,{LAT1},{LON1},QG-1"]
    done = cli("points", "import", str(write_csv(tmp_path / "c.csv", HEADER, same)), *OPTS, *where)
    assert done.code == 0, done.err
    assert _codes(registry) == {"H1": "QG-1", "H2": None}
