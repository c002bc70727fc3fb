"""The install checklist a volunteer walks by (issue 17): households named by head and house
number (not with names off), shared house numbers marked, legs of about forty plates with a map
each, the officer's background layer under the maps, a column for why a plate is not up and a
block to sign; and map labels that never cover one another."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plates.checklist import (
    ChecklistSection,
    checklist_label,
    duplicate_house_numbers,
    split_legs,
    write_checklist_pdf,
)
from plates.labels import Box, overlaps, place_labels
from plates.records import Background, PlateRecord, VillageMap
from tests.plates.samples import CENTRE, make_record

HEADS = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def _village(n: int, seed: int = 3) -> ChecklistSection:
    """n households along a village street, every fourth without a house number, and numbers
    that repeat after 70 (so the big villages share some)."""
    rng = random.Random(seed)
    lon, lat = CENTRE
    entries = []
    for k in range(n):
        house = str(k % 70 + 1) if k % 4 else None
        where = (lon + rng.uniform(-0.004, 0.004), lat + rng.gauss(0, 0.0004))
        record = make_record(k + 1, "Bình Minh", *where, name=HEADS[k % 5], house_number=house)
        entries.append((k + 1, record))
    ring = [(lon - 0.005, lat - 0.002), (lon + 0.005, lat - 0.002), (lon + 0.005, lat + 0.002)]
    return ChecklistSection(VillageMap("Thôn Bình Minh", [ring]), entries)


def _pages(section: ChecklistSection, **options: object) -> list[str]:
    out = io.BytesIO()
    write_checklist_pdf(
        out,
        [section],
        batch_id="L2026-11-30-001",
        created_at=datetime(2026, 11, 30, tzinfo=UTC),
        **options,  # type: ignore[arg-type]
    )
    with pdfplumber.open(io.BytesIO(out.getvalue())) as doc:
        return [page.extract_text() or "" for page in doc.pages]


@pytest.fixture(scope="module")
def pages_163() -> list[str]:
    lon, lat = CENTRE
    background = Background(
        lines=[[(lon - 0.005, lat), (lon + 0.005, lat + 0.0002)]],
        points=[(lon + 0.001, lat + 0.0005, "Chợ Bình Minh"), (lon - 0.003, lat, "")],
    )
    return _pages(_village(163), background=background)


def test_legs_are_about_forty_plates() -> None:
    assert [len(leg) for leg in split_legs(163)] == [41, 41, 41, 40]
    assert [len(leg) for leg in split_legs(2000)] == [40] * 50
    assert [len(leg) for leg in split_legs(59)] == [59]  # one afternoon and a half: one leg
    assert [len(leg) for leg in split_legs(61)] == [31, 30]
    for count in (0, 1, 163, 2000, 2019):
        legs = split_legs(count)
        assert [i for leg in legs for i in leg] == list(range(count))


def test_a_village_of_163_walks_four_legs_each_with_its_map_and_signature(
    pages_163: list[str],
) -> None:
    text = "\n".join(pages_163)
    for leg, (first, last) in enumerate([(1, 41), (42, 82), (83, 123), (124, 163)], start=1):
        assert f"Chặng {leg}/4 · biển số {first}–{last}" in text
    assert "Tuyến đi chia thành 4 chặng" in text
    for words in ("Xác nhận của người đi gắn biển", "Họ và tên:", "Ngày đi gắn:", "Chữ ký:"):
        assert text.count(words) == 4
    assert "Số biển đã gắn (trên 41 biển):" in text and "Lý do chưa gắn" in text
    # Each leg starts a page: the village's map page, then four leg pages and their run-ons.
    assert sum(page.startswith("Chặng") for page in pages_163) == 4


def test_households_are_named_by_head_and_house_number(pages_163: list[str]) -> None:
    text = "\n".join(pages_163)
    assert "Trần Thị Bình · Số nhà 2" in text and "Phạm Thị Dung · Số nhà 4" in text
    anonymous = _pages(_village(12), names=False)
    flat = "\n".join(anonymous)
    assert not any(head in flat for head in HEADS)
    assert "Số nhà 2" in flat and "—" in flat  # the first house has no number: a dash


def test_the_label_of_a_point() -> None:
    head = make_record(1, "Bình Minh", *CENTRE, name="Lê Văn Cường", house_number="26")
    assert checklist_label(head) == "Lê Văn Cường · Số nhà 26"
    assert checklist_label(head, names=False) == "Số nhà 26"
    school = make_record(2, "Bình Minh", *CENTRE, "agency", "Trường Tiểu học")
    assert checklist_label(school, names=False) == "Trường Tiểu học"


def test_shared_house_numbers_are_marked_with_the_other_plates(pages_163: list[str]) -> None:
    entries = list(_village(163).entries)
    shared = duplicate_house_numbers(entries)
    # Plates 2, 72 and 142 all say "Số nhà 2" (k % 70 + 1), on the same (unnamed) street.
    assert shared[2] == [72, 142] and shared[72] == [2, 142] and 1 not in shared
    text = "\n".join(pages_163)
    assert "Trùng số nhà với biển số 72, 142" in text and "biển số 2, 142" in text
    street: list[tuple[int, PlateRecord]] = [
        (1, make_record(1, "B", *CENTRE, house_number="5", street="Lê Khôi")),
        (2, make_record(2, "B", *CENTRE, house_number=" 5 ", street="lê  khôi")),
        (3, make_record(3, "B", *CENTRE, house_number="5", street="Trần Phú")),
    ]
    assert duplicate_house_numbers(street) == {1: [2], 2: [1]}
    same = [(k, make_record(k, "B", CENTRE[0] + k * 1e-4, CENTRE[1], house_number="5"))
            for k in range(1, 11)]  # fmt: skip
    flat = " ".join(" ".join(_pages(ChecklistSection(VillageMap("B", []), same))).split())
    assert "Trùng số nhà với biển số 1, 3, 4, 5, 6, 7, …" in flat  # six named, then "…"


def test_the_background_layer_is_drawn_under_the_maps(pages_163: list[str]) -> None:
    text = "\n".join(pages_163)
    assert "Chợ Bình Minh" in text  # the landmark's name, on the village map and its leg's
    assert "Chợ Bình Minh" not in "\n".join(_pages(_village(12)))


def _check_placed(
    anchors: list[tuple[float, float]], placed: list[Box | None], frame: Box, marker: float
) -> None:
    boxes = [b for b in placed if b is not None]
    for k, box in enumerate(boxes):
        assert (
            frame[0] <= box[0] and box[2] <= frame[2] and frame[1] <= box[1] <= box[3] <= frame[3]
        )
        assert not any(overlaps(box, other) for other in boxes[k + 1 :])
        assert not any(
            overlaps(box, (x - marker, y - marker, x + marker, y + marker)) for x, y in anchors
        )


@settings(max_examples=60, deadline=None)
@given(
    anchors=st.lists(st.tuples(st.floats(0, 200), st.floats(0, 120)), min_size=1, max_size=150),
    width=st.floats(4, 14),
)
def test_labels_never_cover_another_label_or_a_point(
    anchors: list[tuple[float, float]], width: float
) -> None:
    frame: Box = (0.0, 0.0, 200.0, 120.0)
    placed = place_labels(anchors, [(width, 6.0)] * len(anchors), frame=frame)
    assert len(placed) == len(anchors)
    _check_placed(anchors, placed, frame, 1.5)


def test_labels_of_spread_points_are_all_placed_and_clumps_lose_some() -> None:
    frame: Box = (0.0, 0.0, 500.0, 300.0)
    grid = [(20.0 + 40 * i, 20.0 + 30 * j) for i in range(12) for j in range(9)]
    assert all(place_labels(grid, [(10.0, 6.0)] * len(grid), frame=frame))
    clump = [(250.0 + i % 5, 150.0 + i // 5) for i in range(40)]
    placed = place_labels(clump, [(10.0, 6.0)] * len(clump), frame=frame)
    assert placed[0] is not None and None in placed  # the first comes first; no pile-up
    _check_placed(clump, placed, frame, 1.5)
    taken: Box = (0.0, 0.0, 500.0, 300.0)  # everything is taken already: nothing is placed
    assert place_labels(grid[:3], [(10.0, 6.0)] * 3, frame=frame, taken=[taken]) == [None] * 3
