"""Print batches end to end: select in a real registry, render real PDFs, record the batch.

The files' QR codes are decoded by an independent decoder after rasterising; the registry must
hold exactly what was printed (numbers, address texts, file hashes) and nothing when a batch is
refused."""

from __future__ import annotations

import csv
import hashlib
import shutil
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select, update

from api.services.guide import write_guide
from api.services.printing import PrintRequest, print_batch, reprint_plates
from gis.errors import InvalidInput, NotFound
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import batch_items, batches, events, points
from plates.errors import OutputExists, PlatesError, UnsafePublicUrl
from tests.conftest import ACTOR, CliRunner
from tests.plates.samples import decode_qrs, rasterise

URL = "https://diachi.example.vn"
needs_pdftoppm = pytest.mark.skipif(
    shutil.which("pdftoppm") is None,
    reason="poppler's pdftoppm is missing (apt-get install poppler-utils)",
)


def _request(out: Path, public_url: str = URL, **options: Any) -> PrintRequest:
    return PrintRequest(out_dir=out, public_url=public_url, actor=ACTOR, **options)


def _status(registry: Registry) -> dict[str, str]:
    with registry.read() as conn:
        return {r.code: r.status for r in conn.execute(select(points.c.code, points.c.status))}


def _count(registry: Registry, table: object) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_batch_is_recorded_exactly_as_printed(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = print_batch(registry, coded, _request(out, letters=True))
    names = sorted(p.name for p in out.iterdir())
    assert names == ["checklist.pdf", "letters.pdf", "manifest.csv", "plates.pdf"]
    with (out / "manifest.csv").open(encoding="utf-8-sig") as fh:
        manifest = list(csv.DictReader(fh))
    assert [int(r["number"]) for r in manifest] == list(range(1, 7))
    # The first village's walk starts at its agency.
    assert manifest[0]["kind"] == "agency"
    with registry.read() as conn:
        batch = conn.execute(select(batches)).one()
        items = conn.execute(select(batch_items).order_by(batch_items.c.number)).all()
        printed_events = conn.execute(
            select(func.count()).select_from(events).where(events.c.action == "point.print")
        ).scalar_one()
    assert batch.label == result.batch.label and batch.purpose == "batch"
    for name, digest in batch.files.items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert [(i.number, i.code, i.address_text) for i in items] == [
        (int(r["number"]), r["code"], r["address_text"]) for r in manifest
    ]
    assert "xã Thạch Bình" in items[0].address_text
    assert set(_status(registry).values()) == {"printed"}
    assert printed_events == 6


@needs_pdftoppm
def test_plates_decode_to_their_urls_in_walking_order(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    print_batch(registry, coded, _request(out), village_names=["Thôn Bình Minh"])
    with (out / "manifest.csv").open(encoding="utf-8-sig") as fh:
        expected = [f"{URL}/A/{r['code']}".upper() for r in csv.DictReader(fh)]
    (tmp_path / "png").mkdir()
    pages = rasterise(out / "plates.pdf", tmp_path / "png")
    decoded = [decode_qrs(Image.open(p)) for p in pages]
    assert decoded == [[url] for url in expected]


def test_draft_records_but_changes_no_status(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    before = _status(registry)
    print_batch(registry, coded, _request(tmp_path / "d", "http://127.0.0.1:8000", draft=True))
    assert _status(registry) == before
    assert _count(registry, batches) == 1


def test_unsafe_url_refused_with_nothing_written(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    with pytest.raises(UnsafePublicUrl):
        print_batch(registry, coded, _request(tmp_path / "x", "http://127.0.0.1:8000"))
    assert not (tmp_path / "x").exists()
    assert _count(registry, batches) == 0
    assert set(_status(registry).values()) == {"coded"}


def test_existing_file_refused_with_nothing_recorded(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "checklist.pdf").write_bytes(b"keep me")
    with pytest.raises(OutputExists, match=r"checklist\.pdf"):
        print_batch(registry, coded, _request(out))
    assert (out / "checklist.pdf").read_bytes() == b"keep me"
    assert not (out / "plates.pdf").exists()
    assert _count(registry, batches) == 0


def test_nothing_to_print_and_unknown_village(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    with pytest.raises(NotFound, match="no village named 'Thôn Nowhere'") as unknown:
        print_batch(registry, coded, _request(tmp_path / "a"), village_names=["Thôn Nowhere"])
    assert (unknown.value.code, unknown.value.field) == ("village.not_found", "village_names")
    with pytest.raises(InvalidInput, match="nothing to print") as nothing:
        print_batch(registry, coded, _request(tmp_path / "b"), village_names=["Thôn Trống"])
    assert (nothing.value.code, nothing.value.params) == (
        "batch.nothing_to_print",
        {"where": "Thôn Trống"},
    )
    print_batch(registry, coded, _request(tmp_path / "c"))
    with pytest.raises(InvalidInput, match="nothing to print"):
        print_batch(registry, coded, _request(tmp_path / "d"))


def test_reprint_keeps_codes_and_later_statuses(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    print_batch(registry, coded, _request(tmp_path / "a"))
    codes = sorted(_status(registry))
    with registry.write() as conn:
        conn.execute(update(points).where(points.c.code == codes[0]).values(status="installed"))
    result = reprint_plates(registry, coded, _request(tmp_path / "r"), codes=codes[:2])
    assert (result.batch.printed, result.batch.unchanged) == (0, 2)
    status = _status(registry)
    assert status[codes[0]] == "installed" and status[codes[1]] == "printed"
    with (tmp_path / "r" / "manifest.csv").open(encoding="utf-8-sig") as fh:
        assert sorted(r["code"] for r in csv.DictReader(fh)) == codes[:2]
    with registry.read() as conn:
        purposes = [p for (p,) in conn.execute(select(batches.c.purpose).order_by(batches.c.id))]
    assert purposes == ["batch", "reprint"]


def test_reprint_refuses_a_typo(registry: Registry, coded: Commune, tmp_path: Path) -> None:
    from addrgen.errors import InvalidCode

    code = sorted(_status(registry))[0]
    typo = code[:-1] + str((int(code[-1]) + 1) % 10)
    with pytest.raises(InvalidCode):
        reprint_plates(registry, coded, _request(tmp_path / "r"), codes=[typo])


def test_cli_plates_batch(
    cli: CliRunner, db_url: str, coded: Commune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "cli"
    refused = cli("plates", "batch", "--out", out, "--db", db_url)
    assert refused.code == 1 and "https" in refused.err and "Traceback" not in refused.err
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", URL)
    done = cli(
        "plates",
        "batch",
        "--village",
        "Thôn Xóm Mới",
        "--mode",
        "office",
        "--out",
        out,
        "--db",
        db_url,
    )
    assert done.code == 0, done.err
    assert "2 plates" in done.err and (out / "plates.pdf").exists()
    again = cli("plates", "batch", "--village", "Thôn Xóm Mới", "--out", out, "--db", db_url)
    assert again.code == 1 and "nothing to print" in again.err


def test_cli_names_the_option_of_a_refusal(
    cli: CliRunner, db_url: str, coded: Commune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The renderer refuses a file that is there (field ``out``); the CLI says ``--out``."""
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", URL)
    out = tmp_path / "cli"
    out.mkdir()
    (out / "checklist.pdf").write_bytes(b"%PDF-")
    refused = cli("plates", "batch", "--out", out, "--db", db_url)
    assert refused.code == 1 and refused.out == ""
    assert refused.err == (
        f"error: --out: {out / 'checklist.pdf'} already exists; files are never overwritten\n"
    )


def test_a_bad_plate_size_is_refused_before_anything_is_printed(
    registry: Registry, coded: Commune, tmp_path: Path
) -> None:
    with pytest.raises(PlatesError, match="unknown plate size 'B7'"):
        print_batch(registry, coded, _request(tmp_path / "x", size="B7"))
    assert not (tmp_path / "x").exists() and _count(registry, batches) == 0


def test_the_guide_is_never_written_over(
    cli: CliRunner, db_url: str, coded: Commune, tmp_path: Path
) -> None:
    out = tmp_path / "guide.pdf"
    out.write_bytes(b"keep me")
    with pytest.raises(OutputExists) as refused:
        write_guide(out, commune=coded)
    assert (refused.value.code, refused.value.field) == ("output.exists", "out")
    again = cli("plates", "guide", "--out", out, "--db", db_url)
    assert again.err == f"error: --out: {out} already exists; files are never overwritten\n"
    assert again.code == 1 and out.read_bytes() == b"keep me"
