"""`codes issue`: village order then spatial order, contiguous serials from 1, idempotent,
permanent codes (never changed, never reused), and uniqueness enforced by the database."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import IntegrityError

from addrgen.codes import make_code, parse_code
from addrgen.ordering import issuing_order
from gis.errors import NotFound
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune, add_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point, edit_point, move_point, retire_point
from gis.registry.villages import import_villages
from gis.storage.db import Registry, open_registry
from gis.storage.schema import code_counters, events, points, villages
from tests.conftest import ACTOR
from tests.geometries import LAT_HI, LAT_LO, VILLAGES, write_csv, write_villages

AREA = 18112


def _grid(lon_lo: float, lon_hi: float, nx: int, ny: int) -> list[tuple[float, float]]:
    """Points spread over a village, well inside its borders, about 100 m apart."""
    lons = np.linspace(lon_lo + 0.001, lon_hi - 0.001, nx)
    lats = np.linspace(LAT_LO + 0.001, LAT_HI - 0.001, ny)
    return [(round(float(x), 6), round(float(y), 6)) for y in lats for x in lons]


def _import(
    registry: Registry, commune: Commune, path: Path, positions: list[tuple[float, float]]
) -> None:
    rows = [
        f"P{path.stem}-{i:03d},Hộ {path.stem} {i},{lat},{lon}"
        for i, (lon, lat) in enumerate(positions)
    ]
    write_csv(path, "ma,ten,vi_do,kinh_do", rows)
    import_points(registry, commune, path, ImportOptions(kind="household"), actor=ACTOR)


@pytest.fixture
def populated(registry: Registry, small_commune: Commune, tmp_path: Path) -> Commune:
    """Second village's points first in the file, so file order is not village order."""
    second = _grid(VILLAGES[1][1], VILLAGES[1][2], 4, 3)
    first = _grid(VILLAGES[0][1], VILLAGES[0][2], 5, 4)
    _import(registry, small_commune, tmp_path / "a.csv", second + first)
    return small_commune


def _coded(registry: Registry) -> list[tuple[Any, ...]]:
    """(id, code, serial, village ordinal, lon, lat, status) of every point, by serial."""
    with registry.read() as conn:
        rows = conn.execute(
            select(
                points.c.id,
                points.c.code,
                points.c.serial,
                villages.c.ordinal,
                points.c.lon,
                points.c.lat,
                points.c.status,
            )
            .join(villages, villages.c.id == points.c.village_id)
            .order_by(points.c.serial, points.c.id)
        ).all()
    return [tuple(r) for r in rows]


def _event_count(registry: Registry) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(events)).scalar_one())


def _issue(registry: Registry, commune: Commune, village: str | None = None) -> int:
    return issue_codes(registry, commune, village=village, actor=ACTOR).issued


def test_serials_are_contiguous_from_one(registry: Registry, populated: Commune) -> None:
    result = issue_codes(registry, populated, actor=ACTOR)
    rows = _coded(registry)
    assert result.issued == len(rows) == 32
    assert [r[2] for r in rows] == list(range(1, 33))
    assert len({r[1] for r in rows}) == 32
    assert result.first == make_code(AREA, 1).canonical
    assert result.last == make_code(AREA, 32).canonical
    with registry.read() as conn:
        counter = conn.execute(
            select(code_counters.c.last_serial).where(code_counters.c.area_number == AREA)
        ).scalar_one()
    assert counter == 32


def test_every_code_parses_and_carries_area_and_serial(
    registry: Registry, populated: Commune
) -> None:
    _issue(registry, populated)
    for _, code, serial, _, _, _, status in _coded(registry):
        parsed = parse_code(code)
        assert parsed.verified and parsed.code is not None
        assert parsed.code.canonical == code
        assert (parsed.code.area, parsed.code.serial) == (AREA, serial)
        assert status == "coded"


def test_codes_follow_village_ordinal_then_spatial_order(
    registry: Registry, populated: Commune
) -> None:
    _issue(registry, populated)
    rows = _coded(registry)
    ordinals = [r[3] for r in rows]
    assert ordinals == sorted(ordinals)  # village 1's serials all come before village 2's
    assert ordinals[0] == 1 and ordinals[-1] == 2
    # Inside a village: the spatial order of addrgen, not the file's or the ids' order.
    by_id = sorted(rows)
    order = issuing_order(
        np.array([r[3] for r in by_id]),
        np.array([r[4] for r in by_id]),
        np.array([r[5] for r in by_id]),
        np.array([r[0] for r in by_id]),
    )
    assert [by_id[k][0] for k in order.tolist()] == [r[0] for r in rows]


def test_issuing_order_does_not_depend_on_registration_order(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    positions = _grid(VILLAGES[0][1], VILLAGES[0][2], 4, 4)
    _import(registry, small_commune, tmp_path / "x.csv", positions[::-1])
    _issue(registry, small_commune)
    reversed_order = [(r[4], r[5]) for r in _coded(registry)]

    other = open_registry(f"sqlite:///{tmp_path / 'other.sqlite'}")
    try:
        commune = add_commune(
            other, name="xã Thạch Bình", commune_code="18112", area_number=AREA, actor=ACTOR
        )
        import_villages(other, commune, write_villages(tmp_path / "v2.geojson"), actor=ACTOR)
        _import(other, commune, tmp_path / "y.csv", positions)
        _issue(other, commune)
        assert [(r[4], r[5]) for r in _coded(other)] == reversed_order
    finally:
        other.dispose()


def test_issuing_twice_changes_nothing(registry: Registry, populated: Commune) -> None:
    assert _issue(registry, populated) == 32
    before = _coded(registry)
    events_before = _event_count(registry)
    with registry.read() as conn:
        stamps = conn.execute(select(points.c.id, points.c.updated_at)).all()
    result = issue_codes(registry, populated, actor=ACTOR)
    assert (result.issued, result.first, result.last) == (0, None, None)
    assert _coded(registry) == before
    assert _event_count(registry) == events_before
    with registry.read() as conn:
        assert conn.execute(select(points.c.id, points.c.updated_at)).all() == stamps


def test_one_event_per_coded_point(registry: Registry, populated: Commune) -> None:
    events_before = _event_count(registry)
    _issue(registry, populated)
    with registry.read() as conn:
        rows = conn.execute(
            select(events.c.entity, events.c.entity_id, events.c.before, events.c.after)
            .where(events.c.action == "point.code")
            .order_by(events.c.id)
        ).all()
    codes = {r[0]: r[1] for r in _coded(registry)}
    assert _event_count(registry) == events_before + len(codes)
    assert sorted(r.entity_id for r in rows) == sorted(codes)
    for r in rows:
        assert r.entity == "point"
        assert r.before == {"status": "registered", "code": None}
        assert r.after == {"status": "coded", "code": codes[r.entity_id]}


def test_new_points_later_take_the_next_serials(
    registry: Registry, populated: Commune, tmp_path: Path
) -> None:
    _issue(registry, populated)
    first_round = {r[0]: r[1] for r in _coded(registry)}
    # New points in the first village: they come after every earlier serial, whatever their
    # village's ordinal.
    late = _grid(VILLAGES[0][1] + 0.0005, VILLAGES[0][2] - 0.0005, 2, 2)
    _import(registry, populated, tmp_path / "late.csv", late)
    assert _issue(registry, populated) == 4
    rows = _coded(registry)
    assert [r[2] for r in rows] == list(range(1, 37))
    assert {r[0]: r[1] for r in rows if r[0] in first_round} == first_round
    assert {(r[4], r[5]) for r in rows[32:]} == set(late)


def test_a_retired_point_keeps_its_code_and_its_serial_is_never_reused(
    registry: Registry, populated: Commune, tmp_path: Path
) -> None:
    _issue(registry, populated)
    last = _coded(registry)[-1]
    retire_point(registry, populated, last[1], reason="demolished", actor=ACTOR)
    _import(registry, populated, tmp_path / "new.csv", [(VILLAGES[1][1] + 0.0033, 18.3111)])
    assert _issue(registry, populated) == 1
    rows = {r[0]: r for r in _coded(registry)}
    assert rows[last[0]][1] == last[1]
    assert rows[last[0]][6] == "retired"
    newest = max(rows.values(), key=lambda r: r[2])
    assert newest[2] == last[2] + 1
    assert newest[1] != last[1]


def test_a_retired_point_without_a_code_gets_none(
    registry: Registry, small_commune: Commune
) -> None:
    add_point(
        registry, small_commune, kind="household", lon=105.915, lat=18.315, ref="R1", actor=ACTOR
    )
    retire_point(registry, small_commune, "R1", reason="duplicate", actor=ACTOR)
    assert _issue(registry, small_commune) == 0
    assert _coded(registry)[0][1] is None


def test_village_option_limits_issuing(registry: Registry, populated: Commune) -> None:
    second_name = VILLAGES[1][0]
    assert _issue(registry, populated, village=second_name) == 12
    rows = _coded(registry)
    coded = [r for r in rows if r[1] is not None]
    assert {r[3] for r in coded} == {2}
    assert [r[2] for r in coded] == list(range(1, 13))
    assert all(r[1] is None for r in rows if r[3] == 1)
    # The rest later: the next serials, and the first village's codes after the second's.
    assert _issue(registry, populated) == 20
    assert [r[2] for r in _coded(registry)] == list(range(1, 33))


def test_unknown_village_is_refused_and_nothing_issued(
    registry: Registry, populated: Commune
) -> None:
    with pytest.raises(NotFound, match="Thôn Không Có") as info:
        _issue(registry, populated, village="Thôn Không Có")
    assert (info.value.code, info.value.field) == ("village.not_found", "village")
    assert all(r[1] is None for r in _coded(registry))


def test_codes_are_permanent_through_edit_and_move(registry: Registry, populated: Commune) -> None:
    _issue(registry, populated)
    pid, code = _coded(registry)[0][:2]
    edit_point(registry, populated, code, name="Tên mới", actor=ACTOR)
    # Moved into the other village: the plus code and village follow, the code stays.
    move_point(registry, populated, code, lon=VILLAGES[1][1] + 0.0042, lat=18.3177, actor=ACTOR)
    assert _issue(registry, populated) == 0
    row = next(r for r in _coded(registry) if r[0] == pid)
    assert row[1] == code
    assert row[3] == 2


def test_the_database_refuses_a_duplicate_code(registry: Registry, populated: Commune) -> None:
    _issue(registry, populated)
    (a, code_a, *_), (b, *_rest) = _coded(registry)[:2]
    with pytest.raises(IntegrityError), registry.write() as conn:
        conn.execute(update(points).where(points.c.id == b).values(code=code_a))
    with pytest.raises(IntegrityError), registry.write() as conn:
        conn.execute(text("UPDATE points SET serial = 1 WHERE id = :b"), {"b": b})
    assert {r[0]: r[1] for r in _coded(registry)}[a] == code_a


def test_issuing_is_all_or_nothing(registry: Registry, populated: Commune) -> None:
    """A failure half-way (here: a counter set back by hand, so the next serial collides with
    an issued code) leaves no new code and the counter as it was."""
    _issue(registry, populated, village=VILLAGES[1][0])
    with registry.write() as conn:
        conn.execute(update(code_counters).values(last_serial=5))
    with pytest.raises(IntegrityError):
        _issue(registry, populated)
    rows = _coded(registry)
    assert all(r[1] is None and r[6] == "registered" for r in rows if r[3] == 1)
    assert len([r for r in rows if r[1] is not None]) == 12
    with registry.read() as conn:
        assert conn.execute(select(code_counters.c.last_serial)).scalar_one() == 5
