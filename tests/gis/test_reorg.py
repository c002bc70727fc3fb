"""Reorganisations as dated events: renames, a district level abolished, a commune merge, undo;
and the law that the address at any date is the one found by replaying the events up to it."""

from __future__ import annotations

import itertools
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from api.services.printing import PrintRequest, print_batch
from gis.errors import Conflict, InvalidInput
from gis.registry.communes import Commune, add_commune, get_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point
from gis.registry.reorg import (
    address_at,
    addresses_at,
    former_units,
    list_reorganisations,
    merge_communes,
    merge_villages,
    rename_commune,
    rename_village,
    set_district,
    undo_reorganisation,
)
from gis.registry.villages import import_villages
from gis.storage.db import Registry, open_registry
from gis.storage.schema import communes, events, points, villages
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_villages

URL = "https://diachi.example.vn"
JULY = date(2025, 7, 1)


def _point(registry: Registry, commune: Commune, where: tuple[float, float], ref: str) -> int:
    record, _ = add_point(
        registry, commune, kind="household", lon=where[0], lat=where[1], ref=ref, actor=ACTOR
    )
    return record.id


def _second_commune(registry: Registry, tmp_path: Path) -> Commune:
    other = add_commune(
        registry,
        name="xã Cẩm Vịnh",
        commune_code="18700",
        area_number=18700,
        province="tỉnh Hà Tĩnh",
        district="huyện Cẩm Xuyên",
        actor=ACTOR,
    )
    path = tmp_path / "other.geojson"
    write_villages(path)
    text = path.read_text(encoding="utf-8").replace("Thôn ", "Xóm ")
    path.write_text(text, encoding="utf-8")
    import_villages(registry, other, path, actor=ACTOR)
    return other


def test_rename_and_district_take_effect_on_their_date(
    registry: Registry, small_commune: Commune
) -> None:
    pid = _point(registry, small_commune, INSIDE_FIRST, "H1")
    rename_commune(
        registry, name="xã Thạch Bình", to="xã Thạch Bình Mới", effective=JULY, actor=ACTOR
    )
    set_district(registry, name="xã Thạch Bình Mới", district="", effective=JULY, actor=ACTOR)
    with registry.read() as conn:
        before = address_at(conn, pid, JULY - timedelta(days=1))
        after = address_at(conn, pid, JULY)
        village = conn.execute(select(villages.c.name).where(villages.c.id == 1)).scalar()
    assert (before.commune, before.district) == ("xã Thạch Bình", "TP Hà Tĩnh")
    assert (after.commune, after.district) == ("xã Thạch Bình Mới", None)
    assert before.village == after.village == village
    assert before.changed_units(after) == "xã Thạch Bình, TP Hà Tĩnh"


def test_village_rename_is_dated(registry: Registry, small_commune: Commune) -> None:
    pid = _point(registry, small_commune, INSIDE_FIRST, "H1")
    with registry.read() as conn:
        old = address_at(conn, pid, JULY).village
    rename_village(
        registry, small_commune, name=old, to="Thôn Hòa Bình", effective=JULY, actor=ACTOR
    )
    with registry.read() as conn:
        assert address_at(conn, pid, date(2025, 6, 30)).village == old
        assert address_at(conn, pid, date(2026, 1, 1)).village == "Thôn Hòa Bình"


def test_dates_are_entered_in_order(registry: Registry, small_commune: Commune) -> None:
    rename_commune(registry, name="xã Thạch Bình", to="xã A", effective=JULY, actor=ACTOR)
    with pytest.raises(InvalidInput, match="date order") as info:
        rename_commune(registry, name="xã A", to="xã B", effective=date(2024, 1, 1), actor=ACTOR)
    assert (info.value.code, info.value.field, info.value.value) == (
        "reorg.date_order",
        "effective",
        "2024-01-01",
    )
    assert info.value.params["latest"] == JULY.isoformat()


def test_merge_keeps_codes_and_new_codes_take_the_new_area_number(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    other = _second_commune(registry, tmp_path)
    a = _point(registry, small_commune, INSIDE_FIRST, "TB-1")
    b = _point(registry, other, INSIDE_SECOND, "CV-1")
    issue_codes(registry, small_commune, actor=ACTOR)
    issue_codes(registry, other, actor=ACTOR)
    with registry.read() as conn:
        codes_before = dict(conn.execute(select(points.c.id, points.c.code)).all())
    new = merge_communes(
        registry,
        into="xã Cẩm Bình",
        commune_code="18685",
        area_number=18685,
        sources=["xã Thạch Bình", "xã Cẩm Vịnh"],
        effective=JULY,
        actor=ACTOR,
    )
    assert new.province == "tỉnh Hà Tĩnh" and new.district is None
    with registry.read() as conn:
        assert dict(conn.execute(select(points.c.id, points.c.code)).all()) == codes_before
        assert get_commune(conn, None).name == "xã Cẩm Bình"  # the only standing commune
        successors = set(conn.execute(select(communes.c.successor_id)).scalars())
        assert successors == {new.id, None}
        now = addresses_at(conn, [a, b], date(2026, 1, 1))
        then = addresses_at(conn, [a, b], date(2025, 6, 30))
        ordinals = conn.execute(
            select(villages.c.ordinal).where(villages.c.commune_id == new.id)
        ).scalars()
        assert sorted(ordinals) == list(range(1, 7))
    assert {x.commune for x in now.values()} == {"xã Cẩm Bình"}
    assert (then[a].commune, then[b].commune) == ("xã Thạch Bình", "xã Cẩm Vịnh")
    c = _point(registry, new, (INSIDE_FIRST[0] + 0.001, INSIDE_FIRST[1]), "CB-1")
    issue_codes(registry, new, actor=ACTOR)
    with registry.read() as conn:
        code = conn.execute(select(points.c.code).where(points.c.id == c)).scalar_one()
    assert code.startswith("18685") and codes_before[a].startswith("18112")


def test_merge_refuses_two_villages_of_one_name(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    other = add_commune(
        registry, name="xã Cẩm Thành", commune_code="18701", area_number=18701, actor=ACTOR
    )
    import_villages(registry, other, write_villages(tmp_path / "same.geojson"), actor=ACTOR)
    with pytest.raises(Conflict, match="villages of the same name") as info:
        merge_communes(
            registry,
            into="xã Cẩm Bình",
            commune_code="18685",
            area_number=18685,
            sources=["xã Thạch Bình", "xã Cẩm Thành"],
            effective=JULY,
            actor=ACTOR,
        )
    assert info.value.code == "reorg.village_name_clash"
    clashes = info.value.params["clashes"]
    with registry.read() as conn:
        names = list(conn.execute(select(villages.c.name).order_by(villages.c.id)).scalars())
    # Every village of one commune clashes with its copy: each is named, with both communes.
    assert clashes == "; ".join(f"{n} (xã Thạch Bình, xã Cẩm Thành)" for n in names[:3])
    assert info.value.params["count"] == 3
    assert info.value.message("vi").startswith("các xã được sáp nhập có thôn trùng tên")
    with registry.read() as conn:
        assert conn.execute(select(func.count()).select_from(communes)).scalar_one() == 2


def test_undo_until_plates_are_printed(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    other = _second_commune(registry, tmp_path)
    pid = _point(registry, small_commune, INSIDE_FIRST, "TB-1")
    issue_codes(registry, small_commune, actor=ACTOR)

    def merge() -> Commune:
        return merge_communes(
            registry,
            into="xã Cẩm Bình",
            commune_code="18685",
            area_number=18685,
            sources=["xã Thạch Bình", "xã Cẩm Vịnh"],
            effective=JULY,
            actor=ACTOR,
        )

    merge()
    with registry.read() as conn:
        first = list_reorganisations(conn)[-1]
    undo_reorganisation(registry, first.id, actor=ACTOR)
    with registry.read() as conn:
        names = set(conn.execute(select(communes.c.name)).scalars())
        assert names == {"xã Thạch Bình", "xã Cẩm Vịnh"}
        assert address_at(conn, pid, date(2026, 1, 1)).commune == "xã Thạch Bình"
        commune_of = conn.execute(select(points.c.commune_id).where(points.c.id == pid))
        assert commune_of.scalar_one() == small_commune.id
        assert {o for (o,) in conn.execute(select(villages.c.ordinal))} == {1, 2, 3}
    new = merge()
    print_batch(registry, new, PrintRequest(out_dir=tmp_path / "b", public_url=URL, actor=ACTOR))
    with registry.read() as conn:
        second = list_reorganisations(conn)[-1]
    with pytest.raises(Conflict, match="printed under") as refused:
        undo_reorganisation(registry, second.id, actor=ACTOR)
    assert (refused.value.code, refused.value.value) == ("reorg.plates_printed", str(second.id))
    with registry.read() as conn:
        assert former_units(conn, pid) is None  # printed after the merge: the plate is current
        actions = [a for (a,) in conn.execute(select(events.c.action).order_by(events.c.id))]
    assert actions.count("commune.merge") == 2 and "reorg.undo" in actions
    assert other.id != new.id


def test_village_merge_moves_points_and_can_be_undone(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    pid = _point(registry, small_commune, INSIDE_FIRST, "H1")
    with registry.read() as conn:
        names = list(conn.execute(select(villages.c.name).order_by(villages.c.ordinal)).scalars())
        old = address_at(conn, pid, JULY).village
    merge_villages(
        registry, small_commune, sources=[names[0]], into=names[1], effective=JULY, actor=ACTOR
    )
    with registry.read() as conn:
        assert address_at(conn, pid, date(2025, 6, 30)).village == old == names[0]
        assert address_at(conn, pid, JULY).village == names[1]
        left = list(conn.execute(select(villages.c.name).order_by(villages.c.ordinal)).scalars())
        reorg = list_reorganisations(conn)[-1]
    assert left == names[1:]
    # A point in the merged village's old area now falls in the merged one.
    pid2 = _point(registry, small_commune, (INSIDE_FIRST[0] + 0.0005, INSIDE_FIRST[1]), "H2")
    with registry.read() as conn:
        assert address_at(conn, pid2, JULY).village == names[1]
    undo_reorganisation(registry, reorg.id, actor=ACTOR)
    with registry.read() as conn:
        back = list(conn.execute(select(villages.c.name).order_by(villages.c.ordinal)).scalars())
        assert back == names
        assert address_at(conn, pid, date(2026, 1, 1)).village == names[0]


# --- the law: the address at a date is the replay of the events up to it -------------------

OPS = st.lists(
    st.tuples(
        st.sampled_from(["rename_commune", "district", "rename_village", "merge"]),
        st.integers(0, 5),  # which unit
        st.integers(0, 400),  # days after 2024-01-01 (sorted below)
    ),
    max_size=8,
)
_counter = itertools.count()


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(ops=OPS)
def test_address_at_any_date_is_the_replay_of_the_events(ops: list[tuple[str, int, int]]) -> None:
    start = date(2024, 1, 1)
    ops = sorted(ops, key=lambda o: o[2])
    with tempfile.TemporaryDirectory() as tmp:
        registry = open_registry(f"sqlite:///{tmp}/r.sqlite")
        try:
            _check_replay(registry, Path(tmp), start, ops)
        finally:
            registry.dispose()


def _check_replay(
    registry: Registry, tmp: Path, start: date, ops: list[tuple[str, int, int]]
) -> None:
    made = []
    for n, name in enumerate(["xã P", "xã Q"]):
        c = add_commune(
            registry,
            name=name,
            commune_code=str(100 + n),
            area_number=100 + n,
            district=f"huyện {n}",
            actor=ACTOR,
        )
        path = write_villages(tmp / f"v{n}.geojson")
        path.write_text(
            path.read_text(encoding="utf-8").replace("Thôn ", f"Thôn {name[-1]} "),
            encoding="utf-8",
        )
        import_villages(registry, c, path, actor=ACTOR)
        made.append(c)
    pids = [
        _point(registry, c, where, f"{c.name}{k}")
        for c in made
        for k, where in enumerate([INSIDE_FIRST, INSIDE_SECOND])
    ]
    with registry.read() as conn:
        base = _state(conn)
        village_of = dict(conn.execute(select(points.c.id, points.c.village_id)).all())
    history: list[tuple[date, str, Any]] = []  # (effective, what, payload) in entry order
    for i, (op, which, days) in enumerate(ops):
        when = start + timedelta(days=days)
        model = _replay(base, history, date.max)
        standing = sorted(cid for cid, c in model["communes"].items() if c["successor"] is None)
        cid = standing[which % len(standing)]
        cname = model["communes"][cid]["name"]
        if op == "rename_commune":
            rename_commune(registry, name=cname, to=f"xã R{i}", effective=when, actor=ACTOR)
            history.append((when, "commune.name", (cid, f"xã R{i}")))
        elif op == "district":
            district = "" if which % 2 else f"quận {i}"
            try:
                set_district(registry, name=cname, district=district, effective=when, actor=ACTOR)
            except InvalidInput:
                continue  # already that district
            history.append((when, "commune.district", (cid, district or None)))
        elif op == "rename_village":
            mine = sorted(v for v, x in model["villages"].items() if x["commune_id"] == cid)
            vid = mine[which % len(mine)]
            commune = get_commune_by_id(registry, cid)
            old = model["villages"][vid]["name"]
            rename_village(
                registry, commune, name=old, to=f"Thôn V{i}", effective=when, actor=ACTOR
            )
            history.append((when, "village.name", (vid, f"Thôn V{i}")))
        else:
            area = 200 + next(_counter) % 90000
            new = merge_communes(
                registry,
                into=f"xã M{i}",
                commune_code=str(area),
                area_number=area,
                sources=[model["communes"][c]["name"] for c in standing],
                effective=when,
                actor=ACTOR,
            )
            history.append((when, "merge", (standing, new.id, f"xã M{i}")))
    probes = {start - timedelta(days=1), date(2030, 1, 1)}
    probes |= {h[0] for h in history} | {h[0] - timedelta(days=1) for h in history}
    with registry.read() as conn:
        for probe in sorted(probes):
            model = _replay(base, history, probe)
            got = addresses_at(conn, pids, probe)
            for pid in pids:
                v = model["villages"][village_of[pid]]
                c = model["communes"][v["commune_id"]]
                shown = (got[pid].village, got[pid].commune, got[pid].district)
                assert shown == (v["name"], c["name"], c["district"]), (probe, history)


def get_commune_by_id(registry: Registry, cid: int) -> Commune:
    with registry.read() as conn:
        r = conn.execute(select(communes).where(communes.c.id == cid)).one()
    return Commune(r.id, r.name, r.commune_code, r.area_number, r.district, r.province)


def _state(conn: Any) -> dict[str, Any]:
    return {
        "communes": {
            r.id: {"name": r.name, "district": r.district, "successor": None}
            for r in conn.execute(select(communes))
        },
        "villages": {
            r.id: {"name": r.name, "commune_id": r.commune_id}
            for r in conn.execute(select(villages))
        },
    }


def _replay(base: dict[str, Any], history: list[tuple[date, str, Any]], until: date) -> Any:
    """The model: the first state, then each event effective on or before ``until``, forward."""
    state = {k: {i: dict(x) for i, x in v.items()} for k, v in base.items()}
    for when, what, payload in history:
        if what == "merge":
            olds, new_id, name = payload
            # The merged commune exists (standing) from entry; its villages join on the date.
            state["communes"].setdefault(
                new_id, {"name": name, "district": None, "successor": None}
            )
            if when > until:
                continue
            for c in olds:
                state["communes"][c]["successor"] = new_id
            for v in state["villages"].values():
                if v["commune_id"] in olds:
                    v["commune_id"] = new_id
        elif when <= until:
            key, value = payload
            table, field = what.split(".")
            state[table + "s"][key][field] = value
    return state


def test_a_future_reorganisation_is_refused(registry: Registry, small_commune: Commune) -> None:
    """The tables hold today's units: a change is entered once it stands, never early."""
    from gis.errors import InvalidInput

    later = date.today() + timedelta(days=30)
    with pytest.raises(InvalidInput, match="in the future") as info:
        rename_commune(registry, name=small_commune.name, to="xã Mới", effective=later, actor=ACTOR)
    assert (info.value.code, info.value.field) == ("reorg.future_date", "effective")
    with registry.read() as conn:
        assert conn.execute(select(communes.c.name)).scalar_one() == small_commune.name
