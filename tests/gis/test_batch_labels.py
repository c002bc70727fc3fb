"""A batch's label carries the commune's day (Vietnam, UTC+7), not the server's UTC day."""

from __future__ import annotations

from datetime import UTC, datetime

from gis.registry.batches import peek_label
from gis.registry.communes import Commune
from gis.storage.db import Registry


def test_a_batch_printed_in_the_evening_utc_is_labelled_with_the_vietnamese_day(
    registry: Registry, commune: Commune
) -> None:
    with registry.read() as conn:
        before = peek_label(conn, at=datetime(2026, 11, 30, 16, 59, tzinfo=UTC))
        after = peek_label(conn, at=datetime(2026, 11, 30, 17, 0, tzinfo=UTC))
    assert before == "L2026-11-30-001"
    assert after == "L2026-12-01-001"  # midnight in Hà Tĩnh
