"""The 2025 merger of Cẩm Bình, end to end with the officer's commands: four communes' registries
(the sample Thạch Bình and three small synthetic ones), plates printed and some installed,
brought into one registry and merged into xã Cẩm Bình (18685) from 2025-07-01.

Every code still resolves to the same point; the page shows the new address and the former one;
`plates stale` lists exactly the plates whose words changed; a reprint carries the same codes and
the new words (decoded from the PDF); coverage adds up; the event log tells the story; merging a
registry whose area number is already here is refused with nothing written."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select, update

from api.web.app import create_app
from gis.registry.communes import Commune
from gis.settings import load_settings
from gis.storage.db import Registry, open_registry
from gis.storage.schema import events, metadata, points, reorganisations, villages
from tests.api.conftest import SECRET
from tests.conftest import CliRunner
from tests.plates.samples import decode_qrs, rasterise

URL = "https://diachi.example.vn"
LON0, LAT0 = 105.80, 18.20  # the synthetic communes sit west of Thạch Bình, side by side
SMALL = [
    ("xã Cẩm Vịnh", "18700", "Vịnh"),
    ("xã Cẩm Thành", "18701", "Thành"),
    ("xã Cẩm Bình", "18702", "Cẩm"),
]
OLD_NAMES = ["xã Thạch Bình", *(s[0] for s in SMALL)]


def _small_registry(cli: CliRunner, tmp: Path, n: int) -> str:
    """A commune of two villages, five households each, coded; the first village printed."""
    name, code, tag = SMALL[n]
    url = f"sqlite:///{tmp / f'{code}.sqlite'}"
    lon = LON0 + 0.02 * n
    feats = []
    for k in range(2):
        x0 = lon + 0.01 * k
        ring = [[x0, LAT0], [x0 + 0.01, LAT0], [x0 + 0.01, LAT0 + 0.01], [x0, LAT0 + 0.01]]
        feats.append(
            {
                "type": "Feature",
                "properties": {"ten_thon": f"Thôn {tag} {k + 1}"},
                "geometry": {"type": "Polygon", "coordinates": [[*ring, ring[0]]]},
            }
        )
    vpath = tmp / f"{code}.geojson"
    vpath.write_text(json.dumps({"type": "FeatureCollection", "features": feats}), "utf-8")
    rows = [
        f"{tag}-{k}-{j},{LAT0 + 0.002 + 0.0015 * j},{lon + 0.01 * k + 0.005}"
        for k in range(2)
        for j in range(5)
    ]
    ppath = tmp / f"{code}.csv"
    ppath.write_text("ma,vi_do,kinh_do\n" + "\n".join(rows) + "\n", "utf-8")
    steps: list[list[Any]] = [
        ["init", "--commune", name, "--commune-code", code, "--area-number", code],
        ["villages", "import", vpath, "--name-field", "ten_thon"],
        ["points", "import", ppath, "--kind", "household", "--ref-field", "ma"],
        ["codes", "issue"],
        ["plates", "batch", "--village", f"Thôn {tag} 1", "--out", tmp / f"print-{code}"],
    ]
    for args in steps:
        if args[0] == "init":
            args += ["--district", "huyện Cẩm Xuyên", "--province", "tỉnh Hà Tĩnh"]
        done = cli(*args, "--db", url)
        assert done.code == 0, (args, done.err)
    return url


def _install_some(url: str, every: int) -> None:
    registry = open_registry(url)
    with registry.write() as conn:
        ids = conn.execute(
            select(points.c.id).where(points.c.status == "printed").order_by(points.c.id)
        ).scalars()
        chosen = [i for k, i in enumerate(ids) if k % every == 0]
        conn.execute(update(points).where(points.c.id.in_(chosen)).values(status="installed"))
    registry.dispose()


def _counts(registry: Registry) -> dict[str, int]:
    with registry.read() as conn:
        return {
            t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in metadata.sorted_tables
        }


def _json(cli: CliRunner, *args: Any) -> Any:
    done = cli(*args)
    assert done.code == 0, done.err
    return json.loads(done.out)


def test_the_cam_binh_merger(
    cli: CliRunner, sample_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", URL)
    db = ["--db", sample_url]
    # Thạch Bình prints four of its six villages; every third printed plate goes on a wall.
    for village in ["Tây Bắc", "Đông Nam", "Bình Lý", "Bình Minh"]:
        out = tmp_path / f"tb-{village}"
        assert cli("plates", "batch", "--village", village, "--out", out, *db).code == 0
    _install_some(sample_url, 3)
    others = [_small_registry(cli, tmp_path, n) for n in range(3)]
    for url in others:
        _install_some(url, 2)
    registry = open_registry(sample_url)
    try:
        # Four registries become one; one that is already in is refused with nothing written.
        for url in others:
            done = cli("registry", "merge", url, *db)
            assert done.code == 0, done.err
        before = _counts(registry)
        again = cli("registry", "merge", others[0], *db)
        assert again.code == 1 and "area number 18700" in again.err
        assert "nothing was merged" in again.err
        assert _counts(registry) == before
        _check_merger(cli, registry, sample_url, tmp_path)
    finally:
        registry.dispose()


def _check_merger(cli: CliRunner, registry: Registry, db_url: str, tmp_path: Path) -> None:
    db = ["--db", db_url]
    with registry.read() as conn:
        where = dict(conn.execute(select(points.c.code, points.c.id)).all())
        printed_codes = set(
            conn.execute(
                select(points.c.code).where(points.c.status.in_(["printed", "installed"]))
            ).scalars()
        )
    coverage_before = [
        _json(cli, "coverage", "--format", "json", "--commune", name, *db)["commune"]
        for name in OLD_NAMES
    ]
    assert _json(cli, "plates", "stale", "--format", "json", "--commune", OLD_NAMES[0], *db) == []
    merge = [
        "communes",
        "merge",
        "--into",
        "xã Cẩm Bình",
        "--code",
        "18685",
        "--area-number",
        "18685",
        *[x for name in OLD_NAMES for x in ("--from", name)],
        "--effective",
        "2025-07-01",
    ]
    done = cli(*merge, *db)
    assert done.code == 0, done.err
    # Coverage of the new commune is the sum of the old ones.
    after = _json(cli, "coverage", "--format", "json", *db)["commune"]
    for key in ("total", "coded", "printed", "installed", "remaining"):
        assert after[key] == sum(c[key] for c in coverage_before), key
    # Exactly the printed and installed plates are stale (every one of them now says Cẩm Bình),
    # except the old Cẩm Bình's: printed after 2025-07-01 without its district, they already
    # say "xã Cẩm Bình, tỉnh Hà Tĩnh".
    stale = _json(cli, "plates", "stale", "--format", "json", *db)
    unchanged = {c for c in printed_codes if c.startswith("18702")}
    assert unchanged and {s["code"] for s in stale} == printed_codes - unchanged
    tb = next(s for s in stale if s["code"].startswith("18112"))
    assert "xã Thạch Bình, tỉnh Hà Tĩnh" in tb["printed_text"]  # no district since 2025-07-01
    assert "xã Cẩm Bình, tỉnh Hà Tĩnh" in tb["current_text"]
    per_village: dict[str, int] = {}
    for s in stale:
        per_village[s["village"]] = per_village.get(s["village"], 0) + 1
    _check_pages(registry, db_url, where, printed_codes, per_village)
    _check_reprint(cli, db_url, stale, tmp_path)
    with registry.read() as conn:
        actions = [a for (a,) in conn.execute(select(events.c.action).order_by(events.c.id))]
    assert actions.count("registry.merge") == 3
    assert actions.index("registry.merge") < actions.index("commune.merge")
    assert actions.index("commune.merge") < actions.index("batch.reprint")


def _check_pages(
    registry: Registry,
    db_url: str,
    where: dict[str, int],
    printed: set[str],
    per_village: dict[str, int],
) -> None:
    # The pages in Vietnamese (the cli fixture sets DIACHISO_LANG=en for the commands' words).
    settings = load_settings(database_url=db_url, env="test", secret_key=SECRET, lang="vi")
    with TestClient(create_app(settings, registry=registry)) as client:
        dashboard = client.get("/dashboard").text
        assert 'id="stale"' in dashboard and "in lại biển với địa chỉ mới" in dashboard
        assert "diachiso" not in dashboard and "--stale" not in dashboard  # words, not commands
        for village, n in per_village.items():
            assert f'<li data-village="{village}">{village}: {n} biển</li>' in dashboard
        for code, pid in where.items():
            page = client.get(f"/A/{code}")
            assert page.status_code == 200, code
            assert f'data-lat="{_lat(registry, pid)}"' in page.text
            assert "xã Cẩm Bình" in page.text
            # What the plate on the wall says that is no longer so: printed after the reform, it
            # named no district.
            if code in printed and code.startswith("18112"):
                assert "trước đây: xã Thạch Bình" in page.text and "TP Hà Tĩnh" not in page.text
            elif code in printed and not code.startswith("18702"):
                assert "trước đây: xã Cẩm " in page.text and "huyện Cẩm Xuyên" not in page.text
            else:
                assert 'id="formerly"' not in page.text  # no plate on a wall says otherwise


def _lat(registry: Registry, pid: int) -> str:
    with registry.read() as conn:
        return repr(conn.execute(select(points.c.lat).where(points.c.id == pid)).scalar_one())


def _check_reprint(cli: CliRunner, db_url: str, stale: list[dict[str, Any]], tmp: Path) -> None:
    village = "Thôn Vịnh 1"
    wanted = sorted(s["code"] for s in stale if s["village"] == village)
    out = tmp / "reprint"
    done = cli("plates", "reprint", "--stale", "--village", village, "--out", out, "--db", db_url)
    assert done.code == 0, done.err
    with (out / "manifest.csv").open(encoding="utf-8-sig") as fh:
        manifest = list(csv.DictReader(fh))
    assert sorted(r["code"] for r in manifest) == wanted
    assert all("xã Cẩm Bình, tỉnh Hà Tĩnh" in r["address_text"] for r in manifest)
    assert not any("Cẩm Xuyên" in r["address_text"] for r in manifest)
    left = _json(cli, "plates", "stale", "--format", "json", "--db", db_url)
    assert {s["code"] for s in left} == {s["code"] for s in stale} - set(wanted)
    if shutil.which("pdftoppm") is None:
        return
    (tmp / "png").mkdir()
    pages = rasterise(out / "plates.pdf", tmp / "png")
    decoded = sorted(u for p in pages for u in decode_qrs(Image.open(p)))
    assert decoded == sorted(f"{URL}/A/{code}".upper() for code in wanted)


def test_villages_set_rename_with_a_date_is_kept_in_the_history(
    cli: CliRunner, db_url: str, small_commune: Commune
) -> None:
    done = cli(
        "villages",
        "set",
        "Thôn Bình Minh",
        "--rename",
        "Thôn Bình An",
        "--effective",
        "2025-07-01",
        "--db",
        db_url,
    )
    assert done.code == 0, done.err
    registry = open_registry(db_url)
    with registry.read() as conn:
        kinds = [k for (k,) in conn.execute(select(reorganisations.c.kind))]
        names = [n for (n,) in conn.execute(select(villages.c.name))]
    registry.dispose()
    assert kinds == ["village.rename"] and "Thôn Bình An" in names
    refused = cli("villages", "set", "Thôn Bình An", "--effective", "2025-08-01", "--db", db_url)
    assert refused.code == 1 and "--effective goes with --rename" in refused.err


def test_a_district_removed_is_told_in_the_readers_language(
    cli: CliRunner, db_url: str, small_commune: Commune, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stored summary holds names only ("—" for no district); the history says it in the
    run's language, also for a row an older version stored with English words."""
    monkeypatch.setenv("COLUMNS", "200")  # the table's rows on one line each
    done = cli(
        "communes", "set-district", "xã Thạch Bình", "--district", "", "--effective",
        "2025-07-01", "--db", db_url,
    )  # fmt: skip
    assert done.code == 0, done.err
    registry = open_registry(db_url)
    with registry.write() as conn:
        stored = conn.execute(select(reorganisations.c.summary)).scalar_one()
        conn.execute(update(reorganisations).values(summary=stored + " (no district level)"))
    registry.dispose()
    assert stored == "xã Thạch Bình: TP Hà Tĩnh → —"
    vi = cli("--lang", "vi", "communes", "history", "--db", db_url)
    en = cli("communes", "history", "--db", db_url)
    assert vi.code == en.code == 0, (vi.err, en.err)
    assert "không còn cấp huyện" in vi.out and "district" not in vi.out
    assert "no district level" in en.out and en.out.count("district level") == 1
    undone = cli("--lang", "vi", "communes", "undo-reorg", "1", "--db", db_url)
    assert undone.code == 0, undone.err
    assert "→ — (không còn cấp huyện)" in undone.err and "level" not in undone.err
