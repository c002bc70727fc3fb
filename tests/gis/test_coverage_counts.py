"""The coverage counts (`coverage_counts`, kept by triggers on `points`) always equal a full
recount of the points, whatever mix of imports, issuing, printing, confirmations, review,
retiring, moving and editing came before — on both backends."""

from __future__ import annotations

import contextlib
import itertools
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from gis.errors import RegistryError
from gis.field.accounts import User, add_user
from gis.field.installations import Confirmation, confirm_installation
from gis.field.reports import clear_review
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.batches import PrintItem, record_batch
from gis.registry.communes import Commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point, edit_point, move_point, retire_point
from gis.storage.db import Registry
from gis.storage.schema import KINDS, points
from gis.views.coverage import counted, coverage
from tests.conftest import ACTOR
from tests.geometries import VILLAGES, write_csv

LAT = 18.315
# Village of a point by its index: the first two villages (the third stays empty).
LONS = [(lo + 0.001, hi - 0.001) for _, lo, hi in VILLAGES[:2]]

OPERATIONS = st.one_of(
    st.tuples(st.just("import"), st.integers(1, 6), st.integers(0, 1)),
    st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, 1)),
    st.tuples(st.just("issue"), st.integers(0, 0), st.integers(0, 0)),
    st.tuples(st.just("print"), st.integers(0, 30), st.integers(1, 4)),
    st.tuples(st.just("confirm"), st.integers(0, 30), st.integers(0, 1)),
    st.tuples(st.just("clear"), st.integers(0, 30), st.integers(0, 0)),
    st.tuples(st.just("retire"), st.integers(0, 30), st.integers(0, 0)),
    st.tuples(st.just("move"), st.integers(0, 30), st.integers(0, 1)),
    st.tuples(st.just("edit"), st.integers(0, 30), st.integers(0, 2)),
)


class World:
    """The registry under test and what the operations need to reach its points."""

    def __init__(self, registry: Registry, commune: Commune, folder: Path) -> None:
        self.registry = registry
        self.commune = commune
        self.folder = folder
        self.refs = itertools.count(1)
        self.admin: User = add_user(
            registry, commune, name="admin-counts", role="admin", actor=ACTOR
        ).user

    def ids(self) -> list[tuple[int, str | None]]:
        with self.registry.read() as conn:
            rows = conn.execute(select(points.c.id, points.c.code).order_by(points.c.id)).all()
        return [(int(r.id), r.code) for r in rows]

    def pick(self, index: int, *, coded: bool) -> tuple[int, str] | None:
        found = [(i, c if c else f"#{i}") for i, c in self.ids() if c or not coded]
        return found[index % len(found)] if found else None

    def lon(self, village: int, k: int) -> float:
        lo, hi = LONS[village]
        return lo + (hi - lo) * ((k * 37) % 97) / 97

    def run(self, op: str, a: int, b: int) -> None:
        # A refusal (a retired point, nothing to print…) changes nothing either.
        with contextlib.suppress(RegistryError):
            getattr(self, "import_" if op == "import" else op)(a, b)

    def import_(self, n: int, village: int) -> None:
        refs = [next(self.refs) for _ in range(n)]
        rows = [f"R{r},{self.lon(village, r):.6f},{LAT + 0.0001 * (r % 40):.6f}" for r in refs]
        path = write_csv(self.folder / f"import-{refs[0]}.csv", "ma,lon,lat", rows)
        options = ImportOptions(kind="household", ref_field="ma", skip_bad=True)
        import_points(self.registry, self.commune, path, options, actor=ACTOR)

    def add(self, kind: int, village: int) -> None:
        r = next(self.refs)
        lon, lat = self.lon(village, r), LAT - 0.0001 * (r % 40)
        add_point(
            self.registry,
            self.commune,
            kind=KINDS[kind],
            lon=lon,
            lat=lat,
            ref=f"A{r}",
            actor=ACTOR,
        )

    def issue(self, _a: int, _b: int) -> None:
        issue_codes(self.registry, self.commune, actor=ACTOR)

    def print(self, index: int, count: int) -> None:
        chosen = {self.pick(index + k, coded=True) for k in range(count)} - {None}
        items = [
            PrintItem(point_id=p[0], number=n + 1, code=p[1], address_text="test")
            for n, p in enumerate(sorted(c for c in chosen if c is not None))
        ]
        if not items:
            return
        with self.registry.write() as conn:
            record_batch(
                conn,
                self.commune,
                purpose="batch",
                selection={},
                mode="office",
                draft=False,
                public_url="https://diachi.example.vn",
                out_dir="-",
                files={},
                items=items,
                actor=ACTOR,
            )

    def confirm(self, index: int, far: int) -> None:
        chosen = self.pick(index, coded=True)
        if chosen is None:
            return
        with self.registry.read() as conn:
            lon, lat = conn.execute(
                select(points.c.lon, points.c.lat).where(points.c.id == chosen[0])
            ).one()
        shift = 0.01 if far else 0.0  # about a kilometre away: flagged for review
        confirmation = Confirmation(lat=lat + shift, lon=lon, accuracy_m=5.0)
        confirm_installation(
            self.registry, code=chosen[1], user=self.admin, confirmation=confirmation
        )

    def clear(self, index: int, _b: int) -> None:
        chosen = self.pick(index, coded=True)
        if chosen is not None:
            clear_review(
                self.registry, chosen[1], note="checked", actor=ACTOR, commune=self.commune
            )

    def retire(self, index: int, _b: int) -> None:
        chosen = self.pick(index, coded=False)
        if chosen is not None:
            retire_point(self.registry, self.commune, chosen[1], reason="demolished", actor=ACTOR)

    def move(self, index: int, village: int) -> None:
        chosen = self.pick(index, coded=False)
        if chosen is not None:
            lon = self.lon(village, chosen[0] + 11)
            move_point(self.registry, self.commune, chosen[1], lon=lon, lat=LAT, actor=ACTOR)

    def edit(self, index: int, kind: int) -> None:
        chosen = self.pick(index, coded=False)
        if chosen is not None:
            edit_point(self.registry, self.commune, chosen[1], kind=KINDS[kind], actor=ACTOR)


def test_counts_equal_a_full_recount_after_any_operations(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    # One registry for every example: the counts must hold whatever came before, too.
    world = World(registry, small_commune, tmp_path)

    @settings(
        max_examples=12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(operations=st.lists(OPERATIONS, min_size=1, max_size=10))
    def check(operations: list[tuple[str, int, int]]) -> None:
        for op, a, b in operations:
            world.run(op, a, b)
        with registry.read() as conn:
            assert counted(conn, small_commune) == counted(conn, small_commune, recount=True)
            assert coverage(conn, small_commune) == coverage(conn, small_commune, recount=True)

    check()


def _recounted(registry: Registry, commune: Commune) -> None:
    with registry.read() as conn:
        assert counted(conn, commune) == counted(conn, commune, recount=True)


def test_counts_follow_statements_that_touch_many_rows(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    """On PostgreSQL the tally is kept per statement (migration 0006): one statement inserting,
    changing or deleting many points, across several tallies at once and some rows changing
    nothing counted, must land exactly; so must the same on SQLite's per-row triggers."""
    world = World(registry, small_commune, tmp_path)
    world.import_(60, 0)
    world.import_(40, 1)
    issue_codes(registry, small_commune, actor=ACTOR)
    _recounted(registry, small_commune)
    with registry.write() as conn:
        # Some rows to printed, some to installed and flagged, others only renamed.
        conn.execute(points.update().where(points.c.id % 3 == 0).values(status="printed"))
        conn.execute(
            points.update()
            .where(points.c.id % 5 == 0)
            .values(status="installed", needs_review=True)
        )
        conn.execute(points.update().where(points.c.id % 7 == 0).values(name="đổi tên"))
        # Every point of the first village moves to the second: old tallies empty out.
        village_ids = sorted({r.village_id for r in conn.execute(select(points.c.village_id))})
        conn.execute(
            points.update()
            .where(points.c.village_id == village_ids[0])
            .values(village_id=village_ids[1])
        )
    _recounted(registry, small_commune)
    with registry.write() as conn:
        conn.execute(points.delete().where(points.c.id % 2 == 0))
    _recounted(registry, small_commune)
    with registry.write() as conn:
        conn.execute(points.delete())
    _recounted(registry, small_commune)
    with registry.read() as conn:
        assert counted(conn, small_commune) == []  # no tally is kept at zero


def test_migration_0006_goes_down_and_up_again(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    """Migration 0006 (per-statement tally on PostgreSQL, nothing on SQLite) can be undone to
    0004's per-row triggers and redone; the counts stay right at each step."""
    from alembic import command
    from alembic.config import Config

    from gis.storage.db import MIGRATIONS

    world = World(registry, small_commune, tmp_path)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    for target, refs in (("0005", 30), ("head", 20)):
        with registry.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            (command.downgrade if target == "0005" else command.upgrade)(cfg, target)
        world.import_(refs, 0)
        issue_codes(registry, small_commune, actor=ACTOR)
        with registry.write() as conn:
            conn.execute(points.update().where(points.c.id % 2 == 0).values(status="printed"))
            conn.execute(points.delete().where(points.c.id % 9 == 0))
        _recounted(registry, small_commune)
    assert registry.is_current()
