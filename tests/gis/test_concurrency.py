"""Concurrency on both backends (issue 6): many volunteers confirming plates at once through a
real `uvicorn` server, and a points import racing a `codes issue`.

The web test starts uvicorn on a loopback socket in a thread and sends every request over TCP,
each volunteer from its own thread with its own HTTP client; a barrier lines the threads up so
that the duplicate confirmations of a plate arrive together. The import-and-issue test runs the
two `diachiso` commands in two threads against the same registry, several rounds.
"""

from __future__ import annotations

import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from sqlalchemy import func, select

from api.cli import main
from api.web.app import create_app
from gis.field.accounts import Unauthorized, add_user, spend_signin_link
from gis.field.installations import Confirmation, confirm_installation
from gis.field.reports import file_report
from gis.ingest.importing import ImportOptions, import_points
from gis.registry.communes import Commune, add_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point
from gis.registry.villages import import_villages
from gis.settings import load_settings
from gis.storage.db import Registry, lock_registry_numbering
from gis.storage.schema import code_counters, events, installations, points, reports
from gis.views.coverage import counted
from tests.conftest import ACTOR
from tests.geometries import LAT_LO, VILLAGES, write_csv, write_villages
from tests.printed import print_final

VOLUNTEERS = 50
PLATES = 500
TWICE = 200  # plates that two volunteers confirm at the same moment
SECRET = "test-secret-key-" + "c" * 32
VILLAGE = VILLAGES[0][0]
STEP = 0.0003  # ≈ 32 m between grid points: no two within the 3 m duplicate radius


def grid_rows(n: int, *, first: int = 0) -> list[str]:
    """``n`` points on a grid inside the first village (30 a row), refs HGD-…."""
    lon_lo = VILLAGES[0][1]
    rows = []
    for k in range(n):
        i, j = divmod(k, 30)
        lon = lon_lo + 0.0002 + j * STEP
        lat = LAT_LO + 0.0002 + i * STEP
        rows.append(f"HGD-{first + k:06d},Hộ {first + k},{lon:.7f},{lat:.7f}")
    return rows


@pytest.fixture
def server_url(registry: Registry) -> Iterator[str]:
    """The web app on a real uvicorn server at 127.0.0.1:<free port>, in a thread."""
    settings = load_settings(database_url=registry.url, env="test", secret_key=SECRET)
    app = create_app(settings, registry=registry)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", access_log=False, timeout_keep_alive=30)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=20)
    sock.close()


def test_volunteers_confirm_each_plate_exactly_once(
    registry: Registry, small_commune: Commune, server_url: str, tmp_path: Path
) -> None:
    csv_path = write_csv(tmp_path / "plates.csv", "ma,ten,lon,lat", grid_rows(PLATES))
    report = import_points(
        registry,
        small_commune,
        csv_path,
        ImportOptions(kind="household", ref_field="ma"),
        actor=ACTOR,
    )
    assert report.imported == PLATES
    issue_codes(registry, small_commune, actor=ACTOR)
    with registry.read() as conn:
        plates = conn.execute(
            select(points.c.code, points.c.lat, points.c.lon).order_by(points.c.serial)
        ).all()
    assert len(plates) == PLATES
    print_final(registry, small_commune, [p.code for p in plates])  # only printed plates
    tokens = []
    for v in range(VOLUNTEERS):
        new = add_user(
            registry,
            small_commune,
            name=f"Tình nguyện {v}",
            role="volunteer",
            village_names=[VILLAGE],
            token=True,
            actor=ACTOR,
        )
        assert new.api_token is not None
        tokens.append(new.api_token)
    # Plate i goes to volunteer i % 50; the first TWICE plates also to volunteer (i + 25) % 50,
    # at the same place in its list, so both requests leave at about the same time.
    work: list[list[int]] = [[] for _ in range(VOLUNTEERS)]
    for i in range(PLATES):
        work[i % VOLUNTEERS].append(i)
        if i < TWICE:
            work[(i + VOLUNTEERS // 2) % VOLUNTEERS].append(i)
    for items in work:
        items.sort()
    with registry.read() as conn:
        events_before = conn.execute(select(func.count()).select_from(events)).scalar_one()

    barrier = threading.Barrier(VOLUNTEERS)
    results: list[tuple[int, int]] = []  # (plate, status code)
    failures: list[str] = []
    lock = threading.Lock()

    def volunteer(v: int) -> None:
        headers = {"Authorization": f"Bearer {tokens[v]}"}
        try:
            with httpx.Client(base_url=server_url, headers=headers, timeout=60) as client:
                barrier.wait(timeout=30)
                for i in work[v]:
                    plate = plates[i]
                    body = {"lat": plate.lat, "lon": plate.lon, "accuracy_m": 5.0}
                    r = client.post(f"/api/points/{plate.code}/installations", json=body)
                    with lock:
                        results.append((i, r.status_code))
                    if r.status_code >= 500:
                        with lock:
                            failures.append(f"{plate.code}: {r.status_code} {r.text[:200]}")
        except Exception as exc:  # reported below, with every other failure
            with lock:
                failures.append(f"volunteer {v}: {exc!r}")

    threads = [threading.Thread(target=volunteer, args=(v,)) for v in range(VOLUNTEERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert failures == []
    assert len(results) == PLATES + TWICE
    assert {status for _, status in results} <= {200, 201}
    created = Counter(i for i, status in results if status == 201)
    assert sorted(created) == list(range(PLATES)) and set(created.values()) == {1}

    with registry.read() as conn:
        per_point = conn.execute(
            select(installations.c.point_id, func.count()).group_by(installations.c.point_id)
        ).all()
        confirmations = conn.execute(
            select(events.c.entity_id, func.count())
            .where(events.c.action == "point.install")
            .group_by(events.c.entity_id)
        ).all()
        events_after = conn.execute(select(func.count()).select_from(events)).scalar_one()
        statuses = conn.execute(select(points.c.status, func.count()).group_by(points.c.status))
        assert dict(statuses.all()) == {"installed": PLATES}
        assert counted(conn, small_commune) == counted(conn, small_commune, recount=True)
    assert len(per_point) == PLATES and {n for _, n in per_point} == {1}
    assert len(confirmations) == PLATES and {n for _, n in confirmations} == {1}
    assert events_after - events_before == PLATES


ROUNDS = 4
PER_FILE = 300


def test_import_and_issue_at_once_lose_nothing(
    db_url: str,
    registry: Registry,
    small_commune: Commune,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("DIACHISO_DATABASE_URL", raising=False)
    files = []
    for r in range(ROUNDS):
        rows = grid_rows(PER_FILE, first=r * PER_FILE)
        # Each round's grid sits in its own band of latitudes: no duplicates across files.
        shifted = []
        for row in rows:
            ref, name, lon, lat = row.split(",")
            shifted.append(f"{ref},{name},{lon},{float(lat) + r * 0.0001:.7f}")
        files.append(write_csv(tmp_path / f"round{r}.csv", "ma,ten,lon,lat", shifted))
    outcomes: list[tuple[str, int]] = []
    lock = threading.Lock()

    def run(label: str, *args: str) -> None:
        code = main([*args, "--db", db_url])
        with lock:
            outcomes.append((label, code))

    for r in range(ROUNDS):
        importer = threading.Thread(
            target=run,
            args=(
                "import",
                "points",
                "import",
                str(files[r]),
                "--kind",
                "household",
                "--ref-field",
                "ma",
            ),
        )
        issuer = threading.Thread(target=run, args=("issue", "codes", "issue"))
        # Alternate who starts first, so both orders of the race happen.
        pair = [importer, issuer] if r % 2 == 0 else [issuer, importer]
        for t in pair:
            t.start()
        for t in pair:
            t.join(timeout=60)
        assert not any(t.is_alive() for t in pair)
    assert all(code == 0 for _, code in outcomes), outcomes
    assert main(["codes", "issue", "--db", db_url]) == 0

    with registry.read() as conn:
        stored = conn.execute(select(points.c.ref, points.c.code, points.c.serial)).all()
        last = conn.execute(
            select(code_counters.c.last_serial).where(
                code_counters.c.area_number == small_commune.area_number
            )
        ).scalar_one()
        assert counted(conn, small_commune) == counted(conn, small_commune, recount=True)
    assert len(stored) == ROUNDS * PER_FILE
    assert len({r.ref for r in stored}) == ROUNDS * PER_FILE
    assert all(r.code is not None for r in stored)
    assert len({r.code for r in stored}) == len(stored)
    assert sorted(r.serial for r in stored) == list(range(1, len(stored) + 1))
    assert last == len(stored)


class Holder:
    """A write transaction held open in a thread until released."""

    def __init__(
        self,
        registry: Registry,
        commune_id: int | None,
        *,
        numbering: bool = False,
        shared: bool = False,
    ):
        self.entered = threading.Event()
        self.release = threading.Event()

        def hold() -> None:
            with registry.write(commune_id, shared=shared) as conn:
                if numbering:
                    lock_registry_numbering(conn)
                self.entered.set()
                self.release.wait(30)

        self.thread = threading.Thread(target=hold, daemon=True)
        self.thread.start()

    def blocks(self, wait_s: float = 0.5) -> bool:
        """Whether the transaction is still waiting for its locks after ``wait_s``."""
        return not self.entered.wait(wait_s)

    def end(self) -> None:
        self.release.set()
        self.thread.join(30)
        assert not self.thread.is_alive()


@pytest.mark.parametrize("backend", ["postgres"])
def test_writers_of_different_communes_go_side_by_side(
    registry: Registry, small_commune: Commune
) -> None:
    """PostgreSQL: a write about one commune holds up that commune's writers and whole-registry
    writes (a reorganisation), not another commune's; a whole-registry write holds up all."""
    other = add_commune(
        registry, name="xã Thạch Hạ", commune_code="18115", area_number=18115, actor=ACTOR
    )
    first = Holder(registry, small_commune.id)
    assert not first.blocks()
    beside = Holder(registry, other.id)
    assert not beside.blocks()  # another commune: side by side
    signin = Holder(registry, None, shared=True)
    assert not signin.blocks()  # spending a sign-in link waits for no commune
    signin.end()
    same = Holder(registry, small_commune.id)
    whole = Holder(registry, None)
    assert same.blocks() and whole.blocks()
    first.end()
    assert not same.blocks(5)  # next in line for the commune
    assert whole.blocks()  # still waiting for `beside` and `same`
    beside.end()
    same.end()
    assert not whole.blocks(5)
    after = Holder(registry, other.id)
    assert after.blocks()  # a whole-registry write holds up every commune
    whole.end()
    assert not after.blocks(5)
    after.end()


@pytest.mark.parametrize("backend", ["postgres"])
def test_registry_wide_numbers_queue_across_communes(
    registry: Registry, small_commune: Commune
) -> None:
    """Print batch labels are numbered across the registry: two communes' batches take them
    one after the other, so the day's numbers never collide."""
    other = add_commune(
        registry, name="xã Thạch Hạ", commune_code="18115", area_number=18115, actor=ACTOR
    )
    first = Holder(registry, small_commune.id, numbering=True)
    assert not first.blocks()
    second = Holder(registry, other.id, numbering=True)
    assert second.blocks()
    first.end()
    assert not second.blocks(5)
    second.end()


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_volunteer_waits_only_for_writers_of_the_plate_s_commune(
    registry: Registry, small_commune: Commune, tmp_path: Path
) -> None:
    """PostgreSQL: a confirmation and a problem report lock the commune of their plate only (the
    commune found from the code): they go through while another commune writes, and wait while
    their own commune does."""
    other = add_commune(
        registry, name="xã Thạch Hạ", commune_code="18115", area_number=18115, actor=ACTOR
    )
    import_villages(registry, other, write_villages(tmp_path / "other.geojson"), actor=ACTOR)
    codes = {}
    for commune in (small_commune, other):
        add_point(registry, commune, kind="household", lon=105.915, lat=18.315, actor=ACTOR)
        issue_codes(registry, commune, actor=ACTOR)
        with registry.read() as conn:
            codes[commune.id] = conn.execute(
                select(points.c.code).where(points.c.commune_id == commune.id)
            ).scalar_one()
        print_final(registry, commune, [codes[commune.id]])  # only printed plates confirm
    admin = add_user(registry, small_commune, name="admin", role="admin", actor=ACTOR).user
    here = Confirmation(lat=18.315, lon=105.915, accuracy_m=5.0)

    def confirming(commune: Commune) -> threading.Thread:
        thread = threading.Thread(
            target=confirm_installation,
            kwargs={
                "registry": registry,
                "code": codes[commune.id],
                "user": admin,
                "confirmation": here,
            },
            daemon=True,
        )
        thread.start()
        return thread

    holder = Holder(registry, small_commune.id)
    assert not holder.blocks()
    beside = confirming(other)
    beside.join(5)
    assert not beside.is_alive()  # another commune's plate: through at once
    report = threading.Thread(
        target=file_report,
        kwargs={"registry": registry, "code": codes[other.id], "user": admin, "reason": "damaged"},
        daemon=True,
    )
    report.start()
    report.join(5)
    assert not report.is_alive()
    waiting = confirming(small_commune)
    waiting.join(0.5)
    assert waiting.is_alive()  # its own commune is writing: it waits
    holder.end()
    waiting.join(5)
    assert not waiting.is_alive()
    with registry.read() as conn:
        assert conn.execute(select(func.count()).select_from(installations)).scalar_one() == 2
        assert conn.execute(select(func.count()).select_from(reports)).scalar_one() == 1


@pytest.mark.parametrize("backend", ["postgres"])
def test_a_sign_in_link_spent_twice_at_once_signs_in_once(
    registry: Registry, small_commune: Commune
) -> None:
    """Spending a link takes the registry's lock shared only (it must not wait for an import);
    its own conditional UPDATE keeps it single-use when two requests race."""
    made = add_user(
        registry,
        small_commune,
        name="tình nguyện viên",
        role="volunteer",
        village_names=[VILLAGES[0][0]],
        actor=ACTOR,
    )
    assert made.signin_token is not None
    barrier = threading.Barrier(8)
    outcomes: list[str] = []

    def spend() -> None:
        barrier.wait()
        try:
            spend_signin_link(registry, made.signin_token or "")
            outcomes.append("signed in")
        except Unauthorized:
            outcomes.append("refused")

    threads = [threading.Thread(target=spend) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["refused"] * 7 + ["signed in"]
