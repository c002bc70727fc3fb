"""Single points for the officer: add (under the import's rules), edit, move, retire, show; each
change writes exactly one event with the record before and after."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select, update

from addrgen.catalog import Phrase
from addrgen.codes import make_code
from addrgen.errors import InvalidCode
from addrgen.pluscode import decode, encode
from addrgen.retiring import say_retire_reason
from gis.errors import Conflict, InvalidInput, NotFound
from gis.registry.communes import Commune, get_commune
from gis.registry.issuing import issue_codes
from gis.registry.points import (
    PointRecord,
    add_point,
    edit_point,
    find_point,
    move_point,
    retire_point,
)
from gis.storage.db import Registry
from gis.storage.schema import events, points
from tests.conftest import ACTOR
from tests.geometries import (
    INSIDE_FIRST,
    INSIDE_SECOND,
    ON_BORDER,
    ONE_METRE_EAST,
    OUTSIDE,
    VILLAGES,
)

FIRST, SECOND = VILLAGES[0][0], VILLAGES[1][0]


def _events(registry: Registry) -> list[Any]:
    with registry.read() as conn:
        return list(conn.execute(select(events).order_by(events.c.id)).all())


def _count(registry: Registry) -> int:
    with registry.read() as conn:
        return int(conn.execute(select(func.count()).select_from(points)).scalar_one())


def _add(
    registry: Registry,
    commune: Commune,
    lonlat: tuple[float, float],
    *,
    kind: str = "household",
    name: str | None = "Nguyễn Văn A",
    ref: str | None = None,
) -> PointRecord:
    point, warnings = add_point(
        registry, commune, kind=kind, lon=lonlat[0], lat=lonlat[1], name=name, ref=ref, actor=ACTOR
    )
    assert warnings == []
    return point


@pytest.fixture
def coded(registry: Registry, small_commune: Commune) -> PointRecord:
    """A coded household in the first village, with a source reference."""
    _add(registry, small_commune, INSIDE_FIRST, ref="HGD-1")
    issue_codes(registry, small_commune, actor=ACTOR)
    with registry.read() as conn:
        point, _ = find_point(conn, small_commune, "HGD-1")
    assert point.code == make_code(18112, 1).canonical
    return point


# --- add -----------------------------------------------------------------------------------


def test_add_registers_a_point_in_its_village(registry: Registry, small_commune: Commune) -> None:
    before = len(_events(registry))
    point = _add(registry, small_commune, INSIDE_SECOND, kind="agency", name="Trạm y tế", ref="C1")
    assert (point.kind, point.name, point.ref, point.village) == (
        "agency",
        "Trạm y tế",
        "C1",
        SECOND,
    )
    assert (point.status, point.code, point.needs_review) == ("registered", None, False)
    assert point.plus_code == encode(INSIDE_SECOND[1], INSIDE_SECOND[0])
    area = decode(point.plus_code)
    assert area.latitude_lo <= point.lat < area.latitude_hi
    assert area.longitude_lo <= point.lon < area.longitude_hi
    new = _events(registry)[before:]
    assert len(new) == 1
    assert (new[0].action, new[0].entity, new[0].entity_id) == ("point.register", "point", point.id)
    assert new[0].actor == ACTOR
    assert new[0].before is None
    assert new[0].after["name"] == "Trạm y tế" and new[0].after["kind"] == "agency"


def test_add_on_a_shared_border_goes_to_the_first_village(
    registry: Registry, small_commune: Commune
) -> None:
    assert _add(registry, small_commune, ON_BORDER).village == FIRST


def test_add_normalises_text_to_nfc(registry: Registry, small_commune: Commune) -> None:
    decomposed = "Nguye\u0302\u0303n Va\u0306n A"  # NFD: base letters and combining marks
    point = _add(registry, small_commune, INSIDE_FIRST, name=f"  {decomposed} ")
    assert point.name == "Nguyễn Văn A"


@pytest.mark.parametrize(
    ("kw", "fragment"),
    [
        ({"lon": OUTSIDE[0], "lat": OUTSIDE[1]}, "outside every village"),
        ({"lon": 105.915, "lat": 95.0}, "latitude"),
        ({"kind": "restaurant"}, "unknown kind"),
        ({"kind": "agency", "name": None}, "needs a name"),
        ({"kind": "heritage", "name": "   "}, "needs a name"),
    ],
)
def test_add_refuses_what_an_import_refuses(
    registry: Registry, small_commune: Commune, kw: dict[str, Any], fragment: str
) -> None:
    before = len(_events(registry))
    args: dict[str, Any] = {
        "kind": "household",
        "lon": INSIDE_FIRST[0],
        "lat": INSIDE_FIRST[1],
        "name": "Lê Văn B",
    } | kw
    with pytest.raises(InvalidInput, match=fragment):
        add_point(registry, small_commune, actor=ACTOR, **args)
    assert _count(registry) == 0
    assert len(_events(registry)) == before


@pytest.mark.parametrize(
    ("kw", "code", "field"),
    [
        ({"name": "Ủy ban " * 30}, "import.too_long", "name"),
        ({"ref": "M" * 65}, "import.too_long", "ref"),
        ({"house_number": "9" * 21}, "import.too_long", "house_number"),
        ({"street": "Đường " * 41}, "import.too_long", "street"),
        ({"name": "Quán cà phê ☕"}, "import.glyph_missing", "name"),
    ],
)
def test_add_keeps_the_imports_text_rules(
    registry: Registry, small_commune: Commune, kw: dict[str, Any], code: str, field: str
) -> None:
    args: dict[str, Any] = {"kind": "agency", "lon": INSIDE_FIRST[0], "lat": INSIDE_FIRST[1]}
    args |= {"name": "Trạm"} | kw
    glyphs = frozenset("".join(str(v) for v in args.values())) - {"☕"}  # the font lacks ☕
    with pytest.raises(InvalidInput) as caught:
        add_point(registry, small_commune, actor=ACTOR, glyphs=glyphs, **args)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert _count(registry) == 0


def test_add_and_edit_clean_invisible_characters(
    registry: Registry, small_commune: Commune
) -> None:
    point, _ = add_point(
        registry,
        small_commune,
        kind="agency",
        lon=INSIDE_FIRST[0],
        lat=INSIDE_FIRST[1],
        name="Nhà\u200bvăn\u00a0 hóa\u0007",
        ref="\u00a0NV-1 ",
        actor=ACTOR,
    )
    assert (point.name, point.ref) == ("Nhàvăn hóa", "NV-1")
    edited = edit_point(registry, small_commune, "NV-1", actor=ACTOR, name="Trạm\u200b y\ttế")
    assert edited.name == "Trạm y tế"
    with pytest.raises(InvalidInput) as caught:
        edit_point(registry, small_commune, "NV-1", actor=ACTOR, house_number="1" * 21)
    assert caught.value.code == "import.too_long"


def test_add_refuses_a_duplicate_within_3_m_with_the_same_name(
    registry: Registry, small_commune: Commune
) -> None:
    _add(registry, small_commune, INSIDE_FIRST, name="Nguyễn Văn A")
    with pytest.raises(InvalidInput, match="duplicate"):
        _add(registry, small_commune, ONE_METRE_EAST, name="nguyễn  văn A")
    assert _count(registry) == 1


def test_add_refuses_a_reference_already_registered(
    registry: Registry, small_commune: Commune
) -> None:
    _add(registry, small_commune, INSIDE_FIRST, ref="HGD-1")
    with pytest.raises(Conflict, match="HGD-1") as info:
        _add(registry, small_commune, INSIDE_SECOND, name="Trần Thị B", ref="HGD-1")
    assert (info.value.code, info.value.field, info.value.value) == (
        "point.duplicate_ref",
        "ref",
        "HGD-1",
    )
    assert _count(registry) == 1


def test_add_near_another_point_warns_and_registers(
    registry: Registry, small_commune: Commune
) -> None:
    _add(registry, small_commune, INSIDE_FIRST, name="Nguyễn Văn A")
    point, warnings = add_point(
        registry,
        small_commune,
        kind="household",
        lon=ONE_METRE_EAST[0],
        lat=ONE_METRE_EAST[1],
        name="Trần Văn B",
        actor=ACTOR,
    )
    assert len(warnings) == 1
    assert warnings[0].severity == "warning" and "same site?" in warnings[0].message()
    assert point.village == FIRST
    assert _count(registry) == 2


def test_add_near_a_retired_point_with_the_same_name_is_allowed(
    registry: Registry, small_commune: Commune
) -> None:
    _add(registry, small_commune, INSIDE_FIRST, name="Nguyễn Văn A", ref="OLD")
    retire_point(registry, small_commune, "OLD", reason="other", note="rebuilt", actor=ACTOR)
    assert _add(registry, small_commune, ONE_METRE_EAST, name="Nguyễn Văn A").status == (
        "registered"
    )


# --- edit ----------------------------------------------------------------------------------


def test_edit_changes_fields_with_one_event(registry: Registry, coded: PointRecord) -> None:
    commune = _commune(registry)
    before = len(_events(registry))
    point = edit_point(
        registry,
        commune,
        coded.code_display,
        actor=ACTOR,
        name="Nguyễn Văn An",
        house_number="12A",
        street="Đường Bình Lý",
    )
    assert (point.name, point.house_number, point.street) == (
        "Nguyễn Văn An",
        "12A",
        "Đường Bình Lý",
    )
    assert (point.code, point.kind, point.status, point.lon) == (
        coded.code,
        coded.kind,
        coded.status,
        coded.lon,
    )
    assert point.updated_at >= coded.updated_at
    new = _events(registry)[before:]
    assert len(new) == 1
    assert (new[0].action, new[0].entity_id) == ("point.edit", coded.id)
    assert new[0].before == {"name": "Nguyễn Văn A", "house_number": None, "street": None}
    assert new[0].after == {
        "name": "Nguyễn Văn An",
        "house_number": "12A",
        "street": "Đường Bình Lý",
    }


def test_edit_kind_needs_a_name(registry: Registry, small_commune: Commune) -> None:
    _add(registry, small_commune, INSIDE_FIRST, name=None, ref="H1")
    with pytest.raises(InvalidInput, match="need a name") as info:
        edit_point(registry, small_commune, "H1", kind="agency", actor=ACTOR)
    assert (info.value.code, info.value.params) == ("point.name_required", {"kind": "agency"})
    point = edit_point(registry, small_commune, "H1", kind="agency", name="Bưu điện", actor=ACTOR)
    assert (point.kind, point.name) == ("agency", "Bưu điện")


@pytest.mark.parametrize(
    ("changes", "code", "fragment"),
    [
        ({}, "point.nothing_to_change", "nothing to change"),
        ({"kind": "shop"}, "point.unknown_kind", "expected household"),
    ],
)
def test_edit_refuses_bad_changes(
    registry: Registry, coded: PointRecord, changes: dict[str, Any], code: str, fragment: str
) -> None:
    before = len(_events(registry))
    with pytest.raises(InvalidInput, match=fragment) as info:
        edit_point(registry, _commune(registry), "HGD-1", actor=ACTOR, **changes)
    assert info.value.code == code
    assert len(_events(registry)) == before


def test_edit_phone_and_ref_with_the_history(registry: Registry, coded: PointRecord) -> None:
    commune = _commune(registry)
    before = len(_events(registry))
    point = edit_point(
        registry, commune, "HGD-1", actor=ACTOR, phone=" 0912\u00a0345.678 ", ref="HGD\u200b-9"
    )
    assert (point.phone, point.ref, point.code) == ("0912 345.678", "HGD-9", coded.code)
    with registry.read() as conn:
        assert find_point(conn, commune, "HGD-9")[0].id == coded.id
    (event,) = _events(registry)[before:]
    assert event.before == {"phone": None, "ref": "HGD-1"}
    assert event.after == {"phone": "0912 345.678", "ref": "HGD-9"}
    cleared = edit_point(registry, commune, "HGD-9", actor=ACTOR, phone="", ref="  ")
    assert (cleared.phone, cleared.ref) == (None, None)
    assert _events(registry)[-1].after == {"phone": None, "ref": None}


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"phone": "gọi 0912 345 678"}, "point.bad_phone"),
        ({"phone": "0912;345"}, "point.bad_phone"),
        ({"phone": "1" * 41}, "point.bad_phone"),
        ({"ref": "R" * 65}, "import.too_long"),
    ],
)
def test_edit_refuses_a_bad_phone_or_ref(
    registry: Registry, coded: PointRecord, changes: dict[str, Any], code: str
) -> None:
    before = len(_events(registry))
    with pytest.raises(InvalidInput) as info:
        edit_point(registry, _commune(registry), "HGD-1", actor=ACTOR, **changes)
    assert (info.value.code, info.value.field) == (code, next(iter(changes)))
    assert len(_events(registry)) == before


def test_edit_refuses_a_ref_another_point_holds(registry: Registry, coded: PointRecord) -> None:
    commune = _commune(registry)
    uncoded = _add(registry, commune, INSIDE_SECOND, name="Trần Văn B", ref="HGD-2")
    before = len(_events(registry))
    with pytest.raises(Conflict, match="18112 00001") as info:
        edit_point(registry, commune, "HGD-2", actor=ACTOR, ref="HGD-1")
    assert (info.value.code, info.value.field) == ("point.ref_taken", "ref")
    assert info.value.params["other"] == coded.code_display
    with pytest.raises(Conflict, match=f"#{uncoded.id}"):  # uncoded: named by its number
        edit_point(registry, commune, "HGD-1", actor=ACTOR, ref="HGD-2")
    assert len(_events(registry)) == before
    # Its own reference again is no clash: nothing else holds it.
    assert edit_point(registry, commune, "HGD-1", actor=ACTOR, ref="HGD-1").ref == "HGD-1"


# --- move ----------------------------------------------------------------------------------


def test_move_within_the_village(registry: Registry, coded: PointRecord) -> None:
    before = len(_events(registry))
    lon, lat = INSIDE_FIRST[0] + 0.001, INSIDE_FIRST[1] + 0.001
    point, _ = move_point(
        registry, _commune(registry), coded.code or "", lon=lon, lat=lat, actor=ACTOR
    )
    assert (point.lon, point.lat, point.village, point.code) == (lon, lat, FIRST, coded.code)
    assert point.plus_code == encode(lat, lon) != coded.plus_code
    new = _events(registry)[before:]
    assert len(new) == 1
    assert new[0].action == "point.move"
    assert new[0].before == {
        "lon": coded.lon,
        "lat": coded.lat,
        "plus_code": coded.plus_code,
        "village": FIRST,
    }
    assert new[0].after["lon"] == lon and new[0].after["plus_code"] == point.plus_code


def test_move_into_another_village_keeps_the_code(registry: Registry, coded: PointRecord) -> None:
    point, _ = move_point(
        registry,
        _commune(registry),
        "HGD-1",
        lon=INSIDE_SECOND[0],
        lat=INSIDE_SECOND[1],
        actor=ACTOR,
    )
    assert point.village == SECOND
    assert point.code == coded.code
    assert point.plus_code == encode(INSIDE_SECOND[1], INSIDE_SECOND[0])
    assert _events(registry)[-1].after["village"] == SECOND


def test_move_outside_every_village_is_refused(registry: Registry, coded: PointRecord) -> None:
    before = len(_events(registry))
    with pytest.raises(InvalidInput, match="outside every village") as info:
        move_point(
            registry, _commune(registry), "HGD-1", lon=OUTSIDE[0], lat=OUTSIDE[1], actor=ACTOR
        )
    assert info.value.code == "point.move_outside_villages"
    assert (info.value.params["lat"], info.value.params["lon"]) == (OUTSIDE[1], OUTSIDE[0])
    with registry.read() as conn:
        point, _ = find_point(conn, _commune(registry), "HGD-1")
    assert (point.lon, point.lat) == (coded.lon, coded.lat)
    assert len(_events(registry)) == before


def test_move_follows_the_3_metre_rule(
    registry: Registry, coded: PointRecord, small_commune: Commune
) -> None:
    """A move meets the import's duplicate rule: onto a point with the same name refused, next
    to another point moved with a warning, a small correction of its own position silent."""
    twin = _add(registry, small_commune, INSIDE_SECOND, ref="HGD-2")  # same name as `coded`
    other = _add(registry, small_commune, ON_BORDER, name="Trần Thị B", ref="HGD-3")
    metre = ONE_METRE_EAST[0] - INSIDE_FIRST[0]
    before = len(_events(registry))
    with pytest.raises(
        InvalidInput, match=r"registered point HGD-2, with the same name"
    ) as refused:
        move_point(
            registry,
            small_commune,
            "HGD-1",
            lon=twin.lon + 2 * metre,
            lat=twin.lat,
            actor=ACTOR,
        )
    assert len(_events(registry)) == before  # refused: nothing written
    assert (refused.value.code, refused.value.params["other"]) == (
        "point.same_address_near",
        "HGD-2",
    )
    moved, warnings = move_point(
        registry, small_commune, "HGD-1", lon=other.lon - 2 * metre, lat=other.lat, actor=ACTOR
    )
    assert moved.lon == pytest.approx(other.lon - 2 * metre)
    assert [w.message() for w in warnings] == [
        "same site? 2.0 m from registered point HGD-3; moved"
    ]
    assert [w.code for w in warnings] == ["point.moved_near"]
    assert warnings[0].message("vi") == "cùng một nơi? cách điểm đã đăng ký HGD-3 là 2,0 m; đã dời"
    _, warnings = move_point(
        registry, small_commune, "HGD-1", lon=moved.lon + metre, lat=moved.lat, actor=ACTOR
    )
    assert [w.message() for w in warnings] == [
        "same site? 1.0 m from registered point HGD-3; moved"
    ]  # and nothing about its own old position, 1 m away


# --- retire --------------------------------------------------------------------------------


def test_retire_keeps_the_code_and_freezes_the_point(
    registry: Registry, coded: PointRecord
) -> None:
    commune = _commune(registry)
    before = len(_events(registry))
    point = retire_point(registry, commune, coded.code or "", reason="demolished", actor=ACTOR)
    assert (point.status, point.code, point.retired_reason) == ("retired", coded.code, "demolished")
    new = _events(registry)[before:]
    assert len(new) == 1
    assert (new[0].action, new[0].entity_id) == ("point.retire", coded.id)
    assert new[0].before == {"status": "coded"}
    assert new[0].after == {"status": "retired", "reason": "demolished", "note": None}
    with pytest.raises(Conflict, match="retired") as info:
        edit_point(registry, commune, "HGD-1", name="X", actor=ACTOR)
    assert (info.value.code, info.value.params) == (
        "point.retired",
        {"reason": Phrase("retire_reason.demolished")},
    )
    assert "(Nhà đã phá dỡ)" in info.value.message("vi")  # the reason in the reader's words
    assert "(Demolished)" in info.value.message("en")
    with pytest.raises(Conflict, match="retired"):
        move_point(
            registry, commune, "HGD-1", lon=INSIDE_FIRST[0], lat=INSIDE_FIRST[1], actor=ACTOR
        )
    with pytest.raises(Conflict, match="retired"):
        retire_point(registry, commune, "HGD-1", reason="other", note="again", actor=ACTOR)
    assert len(_events(registry)) == before + 1
    # …and it can still be looked up: its code stays in the registry.
    with registry.read() as conn:
        shown, verified = find_point(conn, commune, coded.code or "")
    assert (shown.status, verified) == ("retired", True)


def test_retire_needs_a_reason(registry: Registry, coded: PointRecord) -> None:
    with pytest.raises(InvalidInput, match="reason") as info:
        retire_point(registry, _commune(registry), "HGD-1", reason="  ", actor=ACTOR)
    assert (info.value.code, info.value.field) == ("point.no_reason", "reason")


def test_retire_takes_a_reason_of_the_vocabulary(registry: Registry, coded: PointRecord) -> None:
    """A code of addrgen.retiring, stored as such with the note beside it; free words are not a
    reason (the CLI keeps them as "other"'s note), and "other" needs a note to say what."""
    commune = _commune(registry)
    with pytest.raises(InvalidInput) as info:
        retire_point(registry, commune, "HGD-1", reason="phá dỡ", actor=ACTOR)
    assert (info.value.code, info.value.field) == ("point.bad_retire_reason", "reason")
    assert info.value.expected == "demolished, merged, duplicate, mistake, other"
    with pytest.raises(InvalidInput) as info:
        retire_point(registry, commune, "HGD-1", reason="other", note=" ", actor=ACTOR)
    assert (info.value.code, info.value.field) == ("point.no_reason", "note")
    point = retire_point(
        registry, commune, "HGD-1", reason="merged", note=" vào HGD-2 ", actor=ACTOR
    )
    assert (point.retired_reason, point.retired_note) == ("merged", "vào HGD-2")
    said = say_retire_reason(point.retired_reason, point.retired_note, "vi")
    assert said == "Đã nhập vào điểm khác: vào HGD-2"
    assert say_retire_reason("merged", None, "en") == "Merged into another point"


def test_a_reason_written_before_the_vocabulary_still_reads(
    registry: Registry, coded: PointRecord
) -> None:
    """Rows retired with free text (the officer's words) keep them and show them as written."""
    with registry.write() as conn:
        conn.execute(
            update(points)
            .where(points.c.id == coded.id)
            .values(status="retired", retired_reason="Nhà đã phá dỡ: giải tỏa")
        )
    with registry.read() as conn:
        shown, _ = find_point(conn, _commune(registry), "HGD-1")
    for lang in ("vi", "en"):
        assert say_retire_reason(shown.retired_reason, shown.retired_note, lang) == (
            "Nhà đã phá dỡ: giải tỏa"
        )
    with pytest.raises(Conflict) as info:
        edit_point(registry, _commune(registry), "HGD-1", name="X", actor=ACTOR)
    assert "(Nhà đã phá dỡ: giải tỏa)" in info.value.message("en")


# --- show ----------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["canonical", "display", "dashed"])
def test_show_by_code(registry: Registry, coded: PointRecord, form: str) -> None:
    code = coded.code or ""
    given = {
        "canonical": code,
        "display": coded.code_display,
        "dashed": f"{code[:5]}-{code[5:10]}-{code[10]}",
    }[form]
    with registry.read() as conn:
        point, verified = find_point(conn, _commune(registry), given)
    assert (point.id, verified) == (coded.id, True)


def test_show_by_national_form_is_unverified(registry: Registry, coded: PointRecord) -> None:
    with registry.read() as conn:
        point, verified = find_point(conn, _commune(registry), (coded.code or "")[:10])
    assert (point.id, verified) == (coded.id, False)


def test_show_by_reference(registry: Registry, coded: PointRecord) -> None:
    with registry.read() as conn:
        point, verified = find_point(conn, _commune(registry), "HGD-1")
    assert point.id == coded.id and verified
    assert point.as_dict()["code_display"] == coded.code_display


def test_show_refuses_a_bad_check_digit(registry: Registry, coded: PointRecord) -> None:
    code = coded.code or ""
    wrong = code[:10] + str((int(code[10]) + 1) % 10)
    with registry.read() as conn, pytest.raises(InvalidCode, match="check digit"):
        find_point(conn, _commune(registry), wrong)


@pytest.mark.parametrize("given", ["HGD-404", "1811200099", make_code(18112, 99).canonical])
def test_show_unknown(registry: Registry, coded: PointRecord, given: str) -> None:
    with registry.read() as conn, pytest.raises(NotFound):
        find_point(conn, _commune(registry), given)


def _commune(registry: Registry) -> Commune:
    with registry.read() as conn:
        return get_commune(conn, None)
