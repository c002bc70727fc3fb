"""Merging registries: every row of the other registry comes across with its references intact
(ids shifted), a batch label taken here is renamed, and a collision writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from api.services.printing import PrintRequest, print_batch
from gis.errors import Conflict
from gis.field.accounts import add_user
from gis.registry.communes import Commune, add_commune
from gis.registry.issuing import issue_codes
from gis.registry.merge import merge_registry
from gis.registry.points import add_point
from gis.registry.villages import import_villages
from gis.storage.db import Registry, open_registry
from gis.storage.schema import (
    batch_items,
    batches,
    metadata,
    points,
    user_villages,
    users,
    villages,
)
from tests.conftest import ACTOR
from tests.geometries import INSIDE_FIRST, INSIDE_SECOND, write_villages

URL = "https://diachi.example.vn"


def _fill(registry: Registry, commune: Commune, tmp: Path, tag: str) -> None:
    path = write_villages(tmp / f"{tag}.geojson")
    path.write_text(path.read_text("utf-8").replace("Thôn ", f"Thôn {tag} "), "utf-8")
    import_villages(registry, commune, path, actor=ACTOR)
    for k, where in enumerate([INSIDE_FIRST, INSIDE_SECOND]):
        add_point(
            registry,
            commune,
            kind="household",
            lon=where[0],
            lat=where[1],
            ref=f"{tag}{k}",
            actor=ACTOR,
        )
    issue_codes(registry, commune, actor=ACTOR)
    with registry.read() as conn:
        first = conn.execute(select(villages.c.name).order_by(villages.c.id)).scalars().first()
    assert first is not None
    add_user(
        registry,
        commune,
        name=f"Lan {tag}",
        role="volunteer",
        village_names=[first],
        token=True,
        actor=ACTOR,
    )
    request = PrintRequest(out_dir=tmp / f"out-{tag}", public_url=URL, actor=ACTOR)
    print_batch(registry, commune, request)


def _other(tmp: Path, area: int, name: str) -> str:
    url = f"sqlite:///{tmp / f'other-{area}.sqlite'}"
    reg = open_registry(url)
    commune = add_commune(
        reg,
        name=name,
        commune_code=str(area),
        area_number=area,
        province="tỉnh Hà Tĩnh",
        actor=ACTOR,
    )
    _fill(reg, commune, tmp, "B")
    reg.dispose()
    return url


Facts = tuple[set[tuple[str, str]], set[tuple[str, str, str]]]


def _facts(registry: Registry) -> Facts:
    """Volunteers' scopes (user, village) and plates (code, batch label, village): by names."""
    with registry.read() as conn:
        scopes = set(
            conn.execute(
                select(users.c.name, villages.c.name)
                .join(user_villages, user_villages.c.user_id == users.c.id)
                .join(villages, villages.c.id == user_villages.c.village_id)
            ).all()
        )
        printed = conn.execute(
            select(points.c.code, batch_items.c.code, batches.c.label, villages.c.name)
            .join(batch_items, batch_items.c.point_id == points.c.id)
            .join(batches, batches.c.id == batch_items.c.batch_id)
            .join(villages, villages.c.id == points.c.village_id)
        ).all()
    assert all(r[0] == r[1] for r in printed)  # each plate row still names its own point
    return {(u, v) for u, v in scopes}, {(c, label, v) for c, _, label, v in printed}


def test_merge_brings_everything_with_its_references(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    other = _other(tmp_path, 18700, "xã Cẩm Vịnh")
    source = open_registry(other)
    theirs = _facts(source)
    source.dispose()
    _fill(registry, small_commune, tmp_path, "A")
    mine = _facts(registry)
    result = merge_registry(registry, other, actor=ACTOR)
    assert result.communes == ["xã Cẩm Vịnh"] and result.rows["points"] == 2
    assert len(result.relabelled) == 1  # both printed their first batch of the day
    merged = _facts(registry)
    renamed = {label: label for _, label, _ in theirs[1]} | {
        old: new for old, new in (r.split(" → ") for r in result.relabelled)
    }
    assert merged[0] == mine[0] | theirs[0]
    assert merged[1] == mine[1] | {(c, renamed[label], v) for c, label, v in theirs[1]}
    with registry.read() as conn:
        by_user = dict(
            conn.execute(
                select(users.c.name, villages.c.commune_id)
                .join(user_villages, user_villages.c.user_id == users.c.id)
                .join(villages, villages.c.id == user_villages.c.village_id)
            ).all()
        )
        communes_of_points = conn.execute(
            select(func.count()).select_from(points).where(points.c.commune_id != small_commune.id)
        ).scalar_one()
    assert by_user["Lan B"] != by_user["Lan A"] and communes_of_points == 2
    # A second id after the merge does not collide with the shifted ones (sequences follow).
    add_point(
        registry,
        small_commune,
        kind="household",
        lon=INSIDE_FIRST[0] + 0.001,
        lat=INSIDE_FIRST[1],
        ref="A9",
        actor=ACTOR,
    )


def test_a_shared_area_number_is_refused_with_nothing_written(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    other = _other(tmp_path, 18112, "xã Thạch Bình Khác")

    def counts() -> dict[str, int]:
        with registry.read() as conn:
            return {
                t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in metadata.sorted_tables
            }

    before = counts()
    with pytest.raises(Conflict, match="area number 18112") as info:
        merge_registry(registry, other, actor=ACTOR)
    assert (info.value.code, info.value.params["area_number"]) == ("merge.area_number_clash", 18112)
    assert counts() == before
