"""`villages import --dry-run` (issue 14): everything an import does is done and said — the
villages added, the outlines replaced, the points that would move — then rolled back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from gis.registry.communes import Commune
from gis.registry.villages import import_villages, list_villages
from gis.storage.db import Registry
from gis.storage.schema import events, reorganisations
from tests.api.test_cli_import_outputs import INIT
from tests.conftest import ACTOR, CliRunner
from tests.geometries import write_villages
from tests.gis.test_village_replace import FIRST, NEW_FIRST, NEW_SECOND, SECOND, _outlines, _state
from tests.gis.test_village_replace import placed as placed  # three points, codes issued


def _counts(registry: Registry) -> tuple[int, int]:
    with registry.read() as conn:
        reorgs = conn.execute(select(func.count()).select_from(reorganisations)).scalar_one()
        logged = conn.execute(select(func.count()).select_from(events)).scalar_one()
    return int(reorgs), int(logged)


def test_a_dry_replace_says_what_would_move_and_keeps_nothing(
    registry: Registry, placed: Commune, tmp_path: Path
) -> None:
    before, counts = _state(registry), _counts(registry)
    with registry.read() as conn:
        outlines = {v.name: v.boundary for v in list_villages(conn, placed)}
    path = _outlines(tmp_path / "moi.geojson", [(FIRST, NEW_FIRST), (SECOND, NEW_SECOND)])
    result = import_villages(registry, placed, path, replace=True, dry_run=True, actor=ACTOR)
    assert result.replaced == [FIRST, SECOND]
    assert [(m.ref, m.before, m.after) for m in result.moved] == [("moving", FIRST, SECOND)]
    assert _state(registry) == before and _counts(registry) == counts
    with registry.read() as conn:
        kept = {v.name: v.boundary for v in list_villages(conn, placed)}
    assert all(kept[name].equals(outline) for name, outline in outlines.items())
    # The same import for real does what the dry run said.
    real = import_villages(registry, placed, path, replace=True, actor=ACTOR)
    assert [(m.ref, m.after) for m in real.moved] == [("moving", SECOND)]


def test_the_cli_dry_run_adds_no_village(cli: CliRunner, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'r.sqlite'}"
    assert cli(*INIT, "--db", url).code == 0
    thon = write_villages(tmp_path / "thon.geojson")
    result = cli("--lang", "vi", "villages", "import", thon, "--dry-run", "--db", url)
    assert result.code == 0, result.err
    assert result.err.endswith(
        "thon.geojson: thêm 3 thôn, 0 thôn giữ nguyên, 0 cảnh báo — chạy thử, chưa ghi gì\n"
    )
    listed = cli("villages", "list", "--db", url)
    assert "Thôn Bình Minh" not in listed.out
    assert cli("villages", "import", thon, "--db", url).err.endswith(
        "3 village(s) added, 0 unchanged, 0 warning(s)\n"
    )
