"""`diachiso backup` and `diachiso restore` on both backends: a round trip (into the same backend
and into the other) gives back every row of every table, and the restored registry goes on
working (new ids and serials follow the restored ones)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from gis.errors import Conflict, InvalidInput, RegistryError
from gis.field.accounts import add_user
from gis.field.installations import Confirmation, confirm_installation
from gis.field.reports import file_report
from gis.registry.communes import get_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import add_point, retire_point
from gis.storage.backup import backup_registry, restore_registry
from gis.storage.db import Registry, open_registry
from gis.storage.schema import metadata, points
from tests.conftest import CliRunner
from tests.postgres import PostgresServer
from tests.printed import print_final


def _rows(registry: Registry) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in key order, timestamps in UTC (SQLite keeps no zone)."""

    def value(v: Any) -> Any:
        if isinstance(v, datetime):
            return v if v.tzinfo else v.replace(tzinfo=UTC)
        return v

    with registry.read() as conn:
        return {
            t.name: [
                tuple(value(v) for v in r)
                for r in conn.execute(select(t).order_by(*t.primary_key.columns))
            ]
            for t in metadata.sorted_tables
        }


def _busy(registry: Registry) -> None:
    """Add what the sample lacks: a confirmation with a photo, a report, a retired point."""
    with registry.read() as conn:
        commune = get_commune(conn, None)
        codes = (
            conn.execute(
                select(points.c.code).where(points.c.code.is_not(None)).order_by(points.c.code)
            )
            .scalars()
            .all()
        )
        lon, lat = conn.execute(
            select(points.c.lon, points.c.lat).where(points.c.code == codes[0])
        ).one()
    admin = add_user(registry, commune, name="Quản trị", role="admin", actor="t").user
    photo = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
    print_final(registry, commune, [codes[0]])  # only a printed plate is confirmed
    confirm_installation(
        registry,
        code=codes[0],
        user=admin,
        confirmation=Confirmation(lat=lat, lon=lon, accuracy_m=4.0, client_id="c1", photo=photo),
    )
    file_report(registry, code=codes[1], user=admin, reason="damaged", note="vỡ góc")
    retire_point(registry, commune, codes[2], reason="demolished", actor="t")


@pytest.fixture
def target_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored' / 'registry.sqlite'}"
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.create()
    yield server.url_of(name)
    server.drop(name)


@pytest.mark.parametrize("target_url", ["sqlite", "postgres"], indirect=True)
def test_backup_then_restore_gives_back_every_row(
    sample_url: str, target_url: str, tmp_path: Path, cli: CliRunner
) -> None:
    source = open_registry(sample_url)
    _busy(source)
    before = _rows(source)
    file = tmp_path / "backup" / "registry.backup"
    result = cli("backup", "--out", file, "--db", sample_url)
    assert result.code == 0, result.err
    assert "backed up to" in result.err
    assert file.read_bytes().startswith(b"SQLite format 3\x00")
    # The registry is untouched, and a second backup to the same file is refused.
    assert _rows(source) == before
    assert cli("backup", "--out", file, "--db", sample_url).code == 1

    result = cli("restore", file, "--db", target_url)
    assert result.code == 0, result.err
    target = open_registry(target_url)
    after = _rows(target)
    assert after.keys() == before.keys()
    for table in before:
        assert after[table] == before[table], table
    assert sum(len(r) for r in after.values()) > 1_000

    # Restoring into a registry that holds data is refused and changes nothing.
    again = cli("restore", file, "--db", target_url)
    assert again.code == 1
    assert "already holds data" in again.err
    assert _rows(target) == after

    # The restored registry goes on: new ids and the next serial follow the restored ones.
    with target.read() as conn:
        commune = get_commune(conn, None)
        top_id = conn.execute(select(func.max(points.c.id))).scalar_one()
        top_serial = conn.execute(select(func.max(points.c.serial))).scalar_one()
    point, _ = add_point(
        target,
        commune,
        kind="household",
        lon=before_lon(before),
        lat=18.3222,
        ref="NEW-1",
        actor="t",
    )
    assert point.id > top_id
    issued = issue_codes(target, commune, actor="t")
    assert issued.issued == 1
    with target.read() as conn:
        serial = conn.execute(select(points.c.serial).where(points.c.id == point.id)).scalar()
    assert serial == top_serial + 1
    source.dispose()
    target.dispose()


def before_lon(rows: dict[str, list[tuple[Any, ...]]]) -> float:
    """A longitude inside the sample commune: that of its first point, nudged 40 m east."""
    lon_at = [c.name for c in points.columns].index("lon")
    return float(rows["points"][0][lon_at]) + 0.0004


def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path: Path, cli: CliRunner) -> None:
    bogus = tmp_path / "notes.txt"
    bogus.write_text("hello", encoding="utf-8")
    result = cli("restore", bogus, "--db", f"sqlite:///{tmp_path / 'r.sqlite'}")
    assert result.code == 1
    assert "not a registry backup" in result.err


def test_refusals_carry_their_code_and_data(tmp_path: Path) -> None:
    """The core says what is wrong as data; the command line words it (test above)."""
    missing = tmp_path / "none.sqlite"
    with pytest.raises(RegistryError) as info:
        open_registry(f"sqlite:///{missing}", create=False)
    assert (info.value.code, info.value.params) == (
        "registry.missing",
        {"url": f"sqlite:///{missing}"},
    )
    assert not missing.exists()

    empty = open_registry(f"sqlite:///{tmp_path / 'empty.sqlite'}")
    with pytest.raises(InvalidInput) as info:
        backup_registry(empty, tmp_path / "b.sqlite")
    assert info.value.code == "backup.no_registry"
    taken = tmp_path / "taken.sqlite"
    taken.write_bytes(b"")
    with pytest.raises(Conflict) as info:
        backup_registry(empty, taken)
    assert (info.value.code, info.value.field, info.value.value) == (
        "backup.exists",
        "out",
        str(taken),
    )
    assert info.value.message("vi").endswith("(bản sao lưu không bao giờ ghi đè)")

    with pytest.raises(InvalidInput) as info:
        restore_registry(empty, tmp_path / "nowhere.sqlite")
    assert (info.value.code, info.value.field) == ("restore.no_such_file", "backup")
    with pytest.raises(InvalidInput) as info:
        restore_registry(empty, taken)  # an empty file: not SQLite
    assert info.value.code == "restore.not_sqlite"
    empty.dispose()
