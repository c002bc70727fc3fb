"""The commune's settings (issuing unit, officer's title, Youth Union, phone): kept by the
registry, one event per change, refused when they cannot be printed, kept across a rename."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from addrgen.commune_words import DEFAULT_OFFICER_TITLE
from gis.errors import InvalidInput, NotFound
from gis.registry.commune_settings import set_commune_settings
from gis.registry.communes import Commune, get_commune
from gis.registry.reorg import rename_commune
from gis.storage.db import Registry
from gis.storage.schema import events
from tests.conftest import ACTOR


def _events(registry: Registry) -> list[tuple[str, object, object]]:
    with registry.read() as conn:
        rows = conn.execute(
            select(events.c.action, events.c.before, events.c.after)
            .where(events.c.action == "commune.set")
            .order_by(events.c.id)
        )
        return [tuple(r) for r in rows]


def _reread(registry: Registry, name: str = "xã Thạch Bình") -> Commune:
    with registry.read() as conn:
        return get_commune(conn, name)


def test_a_new_commune_has_no_settings_and_prints_the_defaults(
    registry: Registry, commune: Commune
) -> None:
    assert (commune.issuer, commune.officer_title, commune.youth_union, commune.phone) == (
        None,
        None,
        None,
        None,
    )
    words = _reread(registry).words
    assert words.issuer == "Ủy ban nhân dân xã Thạch Bình"
    assert words.officer_title == DEFAULT_OFFICER_TITLE
    assert words.youth_union == "Đoàn Thanh niên xã Thạch Bình"


def test_settings_are_kept_and_each_change_is_an_event(
    registry: Registry, commune: Commune
) -> None:
    done = set_commune_settings(
        registry,
        name="xã Thạch Bình",
        issuer="UBND xã Thạch Bình",
        phone="0239  3856 123",
        actor=ACTOR,
    )
    assert (done.issuer, done.phone, done.officer_title) == (
        "UBND xã Thạch Bình",
        "0239 3856 123",
        None,
    )
    assert _reread(registry) == done
    set_commune_settings(
        registry, name="xã Thạch Bình", officer_title="công chức Văn phòng", actor=ACTOR
    )
    assert _events(registry) == [
        (
            "commune.set",
            {"issuer": None, "phone": None},
            {"issuer": "UBND xã Thạch Bình", "phone": "0239 3856 123"},
        ),
        ("commune.set", {"officer_title": None}, {"officer_title": "công chức Văn phòng"}),
    ]
    assert _reread(registry).words.officer_title == "công chức Văn phòng"


def test_an_empty_text_returns_to_the_default(registry: Registry, commune: Commune) -> None:
    set_commune_settings(registry, name="xã Thạch Bình", youth_union="Chi đoàn xã", actor=ACTOR)
    back = set_commune_settings(registry, name="xã Thạch Bình", youth_union=" ", actor=ACTOR)
    assert back.youth_union is None
    assert _reread(registry).words.youth_union == "Đoàn Thanh niên xã Thạch Bình"


def test_setting_the_same_value_again_writes_nothing(registry: Registry, commune: Commune) -> None:
    set_commune_settings(registry, name="xã Thạch Bình", phone="0239 3856 123", actor=ACTOR)
    set_commune_settings(registry, name="xã Thạch Bình", phone="0239 3856 123", actor=ACTOR)
    assert len(_events(registry)) == 1


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"issuer": "x" * 201}, "commune.setting_too_long", "issuer"),
        ({"phone": "0" * 41}, "commune.setting_too_long", "phone"),
        ({"phone": "gọi anh Hùng"}, "commune.bad_phone", "phone"),
        ({"phone": "0239-"}, "commune.bad_phone", "phone"),
        ({"plate_template": "../a6"}, "commune.bad_template", "plate_template"),
        ({}, "commune.nothing_to_set", None),
    ],
)
def test_refusals_name_the_setting_and_change_nothing(
    registry: Registry, commune: Commune, given: dict[str, Any], code: str, field: str | None
) -> None:
    with pytest.raises(InvalidInput) as caught:
        set_commune_settings(registry, name="xã Thạch Bình", actor=ACTOR, **given)
    assert (caught.value.code, caught.value.field) == (code, field)
    assert caught.value.message("vi") != code  # the catalog has its sentence
    assert _reread(registry) == commune and _events(registry) == []


def test_an_unknown_commune_is_not_found(registry: Registry, commune: Commune) -> None:
    with pytest.raises(NotFound):
        set_commune_settings(registry, name="xã Không Có", phone="0239 3856 123", actor=ACTOR)


def test_a_renamed_commune_keeps_its_settings(registry: Registry, commune: Commune) -> None:
    set_commune_settings(registry, name="xã Thạch Bình", phone="0239 3856 123", actor=ACTOR)
    renamed = rename_commune(
        registry, name="xã Thạch Bình", to="xã Cẩm Bình", effective=date(2025, 7, 1), actor=ACTOR
    )
    assert renamed.phone == "0239 3856 123"
    assert _reread(registry, "xã Cẩm Bình").phone == "0239 3856 123"
    # A setting left to its default follows the new name.
    assert renamed.words.issuer == "Ủy ban nhân dân xã Cẩm Bình"


def test_plate_settings_are_kept_logged_and_reset(registry: Registry, commune: Commune) -> None:
    assert (commune.plate_template, commune.plate_household_head) == (None, None)
    now = set_commune_settings(
        registry,
        name="xã Thạch Bình",
        plate_template=" A5 ",
        plate_household_head=True,
        actor=ACTOR,
    )
    assert (now.plate_template, now.plate_household_head) == ("a5", True)
    assert _reread(registry) == now
    again = set_commune_settings(
        registry, name="xã Thạch Bình", plate_template="", plate_household_head=False, actor=ACTOR
    )
    assert (again.plate_template, again.plate_household_head) == (None, False)
    assert _events(registry)[-2:] == [
        (
            "commune.set",
            {"plate_template": None, "plate_household_head": None},
            {"plate_template": "a5", "plate_household_head": True},
        ),
        (
            "commune.set",
            {"plate_template": "a5", "plate_household_head": True},
            {"plate_template": None, "plate_household_head": False},
        ),
    ]
