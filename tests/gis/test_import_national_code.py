"""`points import --national-code-field` (issue 18): the national platform's code of each place
read from a column, held to the rule `points edit --national-code` meets (a bad value is a bad
row naming its row, column, value and what is expected), written with the point, and a file
imported again leaves its points as they are. On both backends."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import select

from addrgen.catalog import message
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import points
from tests.conftest import ACTOR, CliRunner
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_csv

HEADER = "ma,ten,vi_do,kinh_do,Ma_QG"
GOOD = [
    f"H1,Nguyễn Văn A,{INSIDE_FIRST[1]},{INSIDE_FIRST[0]},42011-8000-0001",
    f"H2,Trần Thị B,{INSIDE_SECOND[1]},{INSIDE_SECOND[0]},",  # no code known yet
]
BAD = f"H3,Lê Văn C,{INSIDE_SECOND[1] + 0.0005},{INSIDE_SECOND[0]},4201 180#"


def _codes(registry: Registry) -> dict[str, str | None]:
    with registry.read() as conn:
        rows = conn.execute(select(points.c.ref, points.c.national_code)).all()
    return {r.ref: r.national_code for r in rows}


def test_the_national_code_column_imports_with_its_points(
    registry: Registry, small_commune: Commune, db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    where = ("--db", db_url, "--commune", small_commune.name)
    path = write_csv(tmp_path / "ho.csv", HEADER, GOOD)
    opts = ("--kind", "household", "--ref-field", "ma", "--national-code-field", "Ma_QG")
    dry = cli("points", "import", str(path), *opts, "--dry-run", "--json", *where)
    assert dry.code == 0, dry.err
    preview = json.loads(dry.out)
    assert preview["columns"]["national_code"] == "Ma_QG"
    assert preview["counts"]["would_import"] == 2 and _codes(registry) == {}
    done = cli("points", "import", str(path), *opts, *where)
    assert done.code == 0, done.err
    assert _codes(registry) == {"H1": "42011-8000-0001", "H2": None}
    shown = cli("points", "show", "H1", "--json", *where)
    assert json.loads(shown.out)["national_code"] == "42011-8000-0001"
    options = ImportOptions(kind="household", ref_field="ma", national_code_field="Ma_QG")
    again = import_points(registry, small_commune, path, options, actor=ACTOR)
    assert (again.imported, again.unchanged) == (0, 2)
    assert _codes(registry) == {"H1": "42011-8000-0001", "H2": None}


def test_a_bad_national_code_is_a_bad_row_naming_row_column_and_value(
    registry: Registry, small_commune: Commune, db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    where = ("--db", db_url, "--commune", small_commune.name)
    path = write_csv(tmp_path / "ho.csv", HEADER, [*GOOD, BAD])
    opts = ("--kind", "household", "--ref-field", "ma", "--national-code-field", "Ma_QG")
    for extra in (("--dry-run",), ()):
        refused = cli("points", "import", str(path), *opts, *extra, *where)
        assert refused.code == 1 and _codes(registry) == {}
        said = message("point.bad_national_code", "en", value="4201 180#")
        assert said in refused.err and "expected letters, digits" in said
        line = next(x for x in refused.err.splitlines() if said in x)
        assert line.startswith("ho.csv: row 4: field 'Ma_QG' value '4201 180#'")
    skipped = cli("points", "import", str(path), *opts, "--skip-bad", *where)
    assert skipped.code == 0, skipped.err
    assert _codes(registry) == {"H1": "42011-8000-0001", "H2": None}


def test_the_registrys_own_export_brings_its_national_codes_back(
    registry: Registry, small_commune: Commune, db_url: str, cli: CliRunner, tmp_path: Path
) -> None:
    where = ("--db", db_url, "--commune", small_commune.name)
    path = write_csv(tmp_path / "ho.csv", "ref,name,lat,lon,national_code", GOOD)
    done = cli(
        "points", "import", str(path), "--kind", "household", *where
    )  # the column found by its export name
    assert done.code == 0, done.err
    assert _codes(registry)["H1"] == "42011-8000-0001"
