"""The 2025 merger of Cẩm Bình as the four officers' sheets really are: every commune has a
"Thôn 1" and numbered its households HK0001… from one. Refused while a village name clashes
(every clash named, the option told, nothing written); then one command with the renames goes
through: references namespaced with the former commune's code, every old code and every old
reference finds its point, the renames dated like the merger; an undo puts everything back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from api.web.app import create_app
from gis.registry.communes import get_commune
from gis.registry.point_search import search_points
from gis.registry.reorg import address_at, list_reorganisations, undo_reorganisation
from gis.settings import load_settings
from gis.storage.db import Registry, open_registry
from gis.storage.schema import communes, points, reorganisations, villages
from tests.api.conftest import SECRET
from tests.conftest import ACTOR, CliRunner

LON0, LAT0 = 105.80, 18.20
#: The four former communes: name, code (and area number), the word of their own village.
FORMER = [
    ("xã Thạch Bình", "18112", "Tây"),
    ("xã Cẩm Vịnh", "18700", "Vịnh"),
    ("xã Cẩm Thành", "18701", "Thành"),
    ("xã Cẩm Bình", "18702", "Cẩm"),
]
SHARED_REFS = ["HK0001", "HK0002", "HK0003"]
MERGE = [
    *("communes", "merge", "--into", "xã Cẩm Bình"),
    *["--code", "18685", "--area-number", "18685", "--effective", "2025-07-01"],
    *[x for name, _, _ in FORMER for x in ("--from", name)],
]
RENAMES = [f"{name}:Thôn 1=Thôn 1 {tag}" for name, _, tag in FORMER[1:]]


def _commune(cli: CliRunner, tmp: Path, db: list[str], n: int) -> None:
    """A commune of two villages ("Thôn 1" and its own), four households each: HK0001–HK0003
    in "Thôn 1" as in every sheet, and one reference of its own; coded."""
    name, code, tag = FORMER[n]
    lon = LON0 + 0.03 * n
    feats = []
    for k, village in enumerate(["Thôn 1", f"Thôn {tag}"]):
        x0 = lon + 0.01 * k
        ring = [[x0, LAT0], [x0 + 0.01, LAT0], [x0 + 0.01, LAT0 + 0.01], [x0, LAT0 + 0.01]]
        feats.append(
            {
                "type": "Feature",
                "properties": {"ten_thon": village},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    vpath = tmp / f"{code}.geojson"
    vpath.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), "utf-8")
    refs = [*SHARED_REFS, f"{tag}-1"] + [f"{tag}-{j}" for j in range(2, 6)]
    rows = [
        f"{ref},{LAT0 + 0.002 + 0.0015 * (j % 4)},{lon + 0.005 + (0.01 if j >= 4 else 0)}"
        for j, ref in enumerate(refs)
    ]
    ppath = tmp / f"{code}.csv"
    ppath.write_text("ma,vi_do,kinh_do\n" + "\n".join(rows) + "\n", "utf-8")
    steps: list[list[Any]] = [
        [*(["init"] if n == 0 else ["communes", "add"]), "--commune", name],
        ["villages", "import", vpath, "--name-field", "ten_thon", "--commune", name],
        ["points", "import", ppath, "--kind", "household", "--ref-field", "ma", "--commune", name],
        ["codes", "issue", "--commune", name],
    ]
    steps[0] += ["--commune-code", code, "--area-number", code, "--province", "tỉnh Hà Tĩnh"]
    for args in steps:
        done = cli(*args, *db)
        assert done.code == 0, (args, done.err)


def _state(registry: Registry) -> dict[str, Any]:
    """What a refused merger must leave as it was."""
    with registry.read() as conn:
        return {
            "points": sorted(
                conn.execute(
                    select(points.c.id, points.c.ref, points.c.commune_id, points.c.village_id)
                ).all()
            ),
            "villages": sorted(
                conn.execute(
                    select(
                        villages.c.id, villages.c.name, villages.c.commune_id, villages.c.ordinal
                    )
                ).all()
            ),
            "communes": sorted(conn.execute(select(communes.c.id, communes.c.successor_id)).all()),
            "reorgs": sorted(conn.execute(select(reorganisations.c.id)).all()),
        }


def _show(cli: CliRunner, db: list[str], *args: str) -> Any:
    done = cli("points", "show", *args, "--json", *db)
    assert done.code == 0, (args, done.err)
    return json.loads(done.out)


@pytest.fixture
def four(cli: CliRunner, db_url: str, tmp_path: Path) -> Any:
    db = ["--db", db_url]
    for n in range(len(FORMER)):
        _commune(cli, tmp_path, db, n)
    registry = open_registry(db_url)
    yield db, registry
    registry.dispose()


def test_a_merger_with_clashing_villages_is_refused_naming_each_clash(
    cli: CliRunner, four: Any
) -> None:
    db, registry = four
    before = _state(registry)
    refused = cli(*MERGE, *db)
    assert refused.code == 1
    names = ", ".join(name for name, _, _ in FORMER)
    assert f"Thôn 1 ({names})" in refused.err
    assert '--rename-village "xã Thạch Bình:Thôn 1=' in refused.err  # the option, with an example
    assert _state(registry) == before
    # Two renames of three: the clash left is still named, and still nothing is written.
    partly = cli(*MERGE, *[x for r in RENAMES[:2] for x in ("--rename-village", r)], *db)
    assert partly.code == 1
    assert "Thôn 1 (xã Thạch Bình, xã Cẩm Bình)" in partly.err
    assert _state(registry) == before
    for wrong, words in [
        ("xã Cẩm Vịnh Thôn 1=Thôn 1 Vịnh", "is not a village rename"),
        ("xã Kỳ Anh:Thôn 1=Thôn Mới", "is not one of the communes merged"),
        ("xã Cẩm Vịnh:Thôn 9=Thôn Mới", "Thôn 9"),
    ]:
        bad = cli(*MERGE, "--rename-village", wrong, *db)
        assert bad.code == 1 and words in bad.err, bad.err
        assert _state(registry) == before
    vi = cli("--lang", "vi", *MERGE, *db)
    assert "thôn trùng tên" in vi.err and "Thôn 1 (xã Thạch Bình" in vi.err


def test_the_merger_of_four_real_sheets_goes_through_in_one_command(
    cli: CliRunner, four: Any, db_url: str
) -> None:
    db, registry = four
    with registry.read() as conn:
        old = conn.execute(select(points.c.id, points.c.code, points.c.ref, points.c.commune_id))
        before = {r.id: r for r in old}
        code_of = {c.id: c.commune_code for c in conn.execute(select(communes))}
    done = cli(*MERGE, *[x for r in RENAMES for x in ("--rename-village", r)], *db)
    assert done.code == 0, done.err
    assert "Village renamed: Thôn 1 → Thôn 1 Vịnh from 7/1/2025" in done.err
    assert f"{len(SHARED_REFS) * len(FORMER)} source references" in done.err
    with registry.read() as conn:
        now = {r.id: r for r in conn.execute(select(points.c.id, points.c.ref))}
        new = get_commune(conn, None)
        assert new.commune_code == "18685"
        # The renames are dated like the merger: an address of before says "Thôn 1".
        vinh = next(p for p in before.values() if p.code.startswith("18700") and p.ref == "HK0001")
        assert address_at(conn, vinh.id, date(2025, 6, 30)).village == "Thôn 1"
        assert address_at(conn, vinh.id, date(2025, 7, 1)).village == "Thôn 1 Vịnh"
        # The console's and the API's search by the old reference find the four points.
        found = search_points(conn, commune=new, query="HK0002")
        assert sorted(p.id for p in found) == sorted(
            i for i, p in before.items() if p.ref == "HK0002"
        )
    for pid, p in before.items():
        shared = p.ref in SHARED_REFS
        assert now[pid].ref == (f"{code_of[p.commune_id]}:{p.ref}" if shared else p.ref)
    _check_old_handles(cli, db, before, code_of)
    _check_pages(registry, db_url, before)


def _check_old_handles(
    cli: CliRunner, db: list[str], before: dict[int, Any], code_of: dict[int, str]
) -> None:
    """Every old code, and every old reference within its former commune, finds its point."""
    names = {code: name for name, code, _ in FORMER}
    for pid, p in before.items():
        assert _show(cli, db, p.code)["id"] == pid
        former = names[code_of[p.commune_id]]
        assert _show(cli, db, p.ref, "--commune", former)["id"] == pid, (former, p.ref)
    # Outside its former commune an old reference is not found…
    other = cli("points", "show", "Vịnh-2", "--commune", "xã Thạch Bình", *db)
    assert other.code == 1 and "no point with code, reference or number" in other.err
    # …and in the merged commune (the former Cẩm Bình's name) a shared one is the namesake's,
    # while the other former communes' copies are named by their namespaced references.
    namesake = next(i for i, p in before.items() if p.ref == "HK0001" and p.code[:5] == "18702")
    assert _show(cli, db, "HK0001", "--commune", "xã Cẩm Bình")["id"] == namesake
    assert _show(cli, db, "18700:HK0001")["id"] != namesake


def _check_pages(registry: Registry, db_url: str, before: dict[int, Any]) -> None:
    settings = load_settings(database_url=db_url, env="test", secret_key=SECRET, lang="vi")
    with TestClient(create_app(settings, registry=registry)) as client:
        for p in before.values():
            page = client.get(f"/A/{p.code}")
            assert page.status_code == 200 and "xã Cẩm Bình" in page.text, p.code


def test_undoing_the_merger_gives_back_names_and_references(cli: CliRunner, four: Any) -> None:
    db, registry = four
    before = _state(registry)
    done = cli(*MERGE, *[x for r in RENAMES for x in ("--rename-village", r)], *db)
    assert done.code == 0, done.err
    with registry.read() as conn:
        merger = list_reorganisations(conn)[-1]
    undo_reorganisation(registry, merger.id, actor=ACTOR)
    after = _state(registry)
    assert {k: v for k, v in after.items() if k != "reorgs"} == {
        k: v for k, v in before.items() if k != "reorgs"
    }


def test_a_bare_shared_reference_names_its_namespaced_copies(cli: CliRunner, four: Any) -> None:
    db, _ = four
    two = [x for name, _, _ in FORMER[1:3] for x in ("--from", name)]
    merge = ["communes", "merge", "--into", "xã Cẩm Hòa", "--code", "18690"]
    merge += ["--area-number", "18690", *two, "--effective", "2025-07-01"]
    done = cli(*merge, "--rename-village", RENAMES[0], *db)
    assert done.code == 0, done.err
    bare = cli("points", "show", "HK0002", "--commune", "xã Cẩm Hòa", *db)
    assert bare.code == 1
    assert "18700:HK0002 (xã Cẩm Vịnh), 18701:HK0002 (xã Cẩm Thành)" in bare.err
    assert 'points show REF --commune "FORMER COMMUNE"' in bare.err  # the advice
    # A commune outside the merger keeps its references as they were.
    assert _show(cli, db, "HK0002", "--commune", "xã Thạch Bình")["ref"] == "HK0002"


def test_a_namespaced_reference_already_held_refuses_the_merger(cli: CliRunner, four: Any) -> None:
    db, registry = four
    edit = ["points", "edit", "Thành-2", "--ref", "18700:HK0001", "--commune", "xã Cẩm Thành"]
    assert cli(*edit, *db).code == 0
    before = _state(registry)
    refused = cli(*MERGE, *[x for r in RENAMES for x in ("--rename-village", r)], *db)
    assert refused.code == 1 and "'18700:HK0001'" in refused.err
    assert _state(registry) == before
