"""A batch renders outside the registry's write lock (issue 15: volunteers' confirmations keep
flowing while the console prints): another writer is not kept waiting by the rendering, and a
batch whose points changed while it rendered is rendered again with what the registry holds,
never recorded with words the plates do not carry."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Update, select, update

from api.services import printing
from api.services.printing import TRIES, PrintRequest, print_batch
from gis.registry.communes import Commune
from gis.storage.db import Registry
from gis.storage.schema import batch_items, batches, points
from plates.batch import render_batch
from tests.conftest import ACTOR

FIRST = "Thôn Bình Minh"  # H1–H3 and A1; H4 and D1 are in Thôn Xóm Mới


def _write_beside(registry: Registry, commune: Commune, statement: Update) -> bool:
    """Run one write from another thread, as a volunteer's confirmation would arrive; whether
    it was done within a few seconds (under a held write lock it waits, or times out)."""
    done: list[bool] = []

    def write() -> None:
        with registry.write(commune.id) as conn:
            conn.execute(statement)
        done.append(True)

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    thread.join(timeout=5)
    return bool(done)


def _hooked(monkeypatch: pytest.MonkeyPatch, before: Any) -> list[int]:
    """Call ``before(n)`` as the n-th render starts; returns the list of renders."""
    calls: list[int] = []
    real = render_batch

    def render(out_dir: Path, villages: Any, options: Any, **how: Any) -> Any:
        calls.append(len(calls) + 1)
        before(len(calls))
        return real(out_dir, villages, options, **how)

    monkeypatch.setattr(printing, "render_batch", render)
    return calls


def _request(tmp_path: Path) -> PrintRequest:
    return PrintRequest(
        out_dir=tmp_path / "out", public_url="https://diachi.example.vn", actor=ACTOR
    )


def _house(ref: str, number: str) -> Update:
    return update(points).where(points.c.ref == ref).values(house_number=number)


def _printed_text(registry: Registry, ref: str) -> str:
    with registry.read() as conn:
        query = (
            select(batch_items.c.address_text)
            .join(points, points.c.id == batch_items.c.point_id)
            .where(points.c.ref == ref)
        )
        return str(conn.execute(query).scalar_one())


def test_another_writer_is_not_kept_waiting_while_a_batch_renders(
    registry: Registry, coded: Commune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []
    calls = _hooked(
        monkeypatch, lambda n: seen.append(_write_beside(registry, coded, _house("H4", "7")))
    )
    result = print_batch(registry, coded, _request(tmp_path), village_names=[FIRST])
    assert seen == [True] and calls == [1]  # H4 is not in the batch: nothing to render again
    assert len(result.files.printed) == 4 and result.batch.printed == 4


def test_a_point_changed_while_rendering_is_rendered_again(
    registry: Registry, coded: Commune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def change(n: int) -> None:
        if n == 1:
            assert _write_beside(registry, coded, _house("H1", "99"))

    calls = _hooked(monkeypatch, change)
    result = print_batch(registry, coded, _request(tmp_path), village_names=[FIRST])
    assert calls == [1, 2] and "99" in _printed_text(registry, "H1")
    with registry.read() as conn:
        labels = [str(r.label) for r in conn.execute(select(batches.c.label))]
    assert labels == [result.batch.label] and labels[0].endswith("-001")
    manifest = result.files.manifest.read_text(encoding="utf-8-sig")
    assert "99" in manifest and sorted(p.name for p in result.files.plates.parent.iterdir()) == [
        "checklist.pdf",
        "manifest.csv",
        "plates.pdf",
    ]


def test_a_registry_that_keeps_changing_prints_under_the_lock(
    registry: Registry, coded: Commune, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def change(n: int) -> None:
        if n <= TRIES:  # each optimistic try sees H1 changed under it; the last holds the lock
            assert _write_beside(registry, coded, _house("H1", str(n)))

    calls = _hooked(monkeypatch, change)
    result = print_batch(registry, coded, _request(tmp_path), village_names=[FIRST])
    assert calls == list(range(1, TRIES + 2)) and result.batch.printed == 4
    assert str(TRIES) in _printed_text(registry, "H1")
