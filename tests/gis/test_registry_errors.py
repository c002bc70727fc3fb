"""The errors of the registry, field work and read models carry codes and data, not sentences.

Every error raised in gis/registry, gis/field and gis/views names a code of the catalog with a
Vietnamese and an English sentence; each sentence names only data its raise site gives; no
sentence names a command-line flag or a command (the faces add their own how-to)."""

from __future__ import annotations

import ast
import dataclasses
import re
import string
import unicodedata
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from addrgen.catalog import LANGUAGES, has_message, template
from addrgen.errors import DiachisoError
from gis.errors import InvalidInput, NotFound, RegistryError
from gis.field import accounts
from gis.field.accounts import Unauthorized, add_user, revoke_user, spend_signin_link
from gis.registry.communes import Commune, add_commune, get_commune
from gis.registry.points import PointBase, PointRecord
from gis.storage.db import Registry, prepare_registry, require_current
from gis.views.public import PointView
from gis.views.stale import stale_plates
from tests.conftest import ACTOR

REPO = Path(__file__).resolve().parents[2]
AREA = ["gis/registry", "gis/field", "gis/views"]
ERRORS = {
    "RegistryError",
    "NotFound",
    "InvalidInput",
    "Conflict",
    "ImportRejected",
    "Unauthorized",
    "Forbidden",
}
# Arguments every error has, whether the raise site gives them or not.
STANDARD = {"field", "value", "expected"}
PROBLEM = {"file", "row", "field", "value"}


def _sources() -> list[Path]:
    return sorted(p for folder in AREA for p in (REPO / folder).rglob("*.py"))


def _codes(node: ast.expr) -> list[str]:
    """The code(s) an argument names: a literal, or either side of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _codes(node.body) + _codes(node.orelse)
    return []


def _raise_sites() -> Iterator[tuple[str, str, set[str] | None]]:
    """(where, code, the data the site gives — None when it cannot be told from the source)."""
    for path in _sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            name = getattr(call.func, "id", getattr(call.func, "attr", None))
            where = f"{path.relative_to(REPO)}:{call.lineno}"
            if name in ERRORS and call.args:
                given: set[str] | None = {k.arg for k in call.keywords if k.arg is not None}
                if any(k.arg is None for k in call.keywords):
                    given = None  # **params: whatever they hold
                for code in _codes(call.args[0]):
                    yield where, code, given
            elif name == "Problem" and len(call.args) >= 5:
                params = call.args[5] if len(call.args) > 5 else None
                keys: set[str] | None = set(PROBLEM)
                if isinstance(params, ast.Dict):
                    assert keys is not None
                    keys |= {str(k.value) for k in params.keys if isinstance(k, ast.Constant)}
                elif params is not None:
                    keys = None
                for code in _codes(call.args[4]):
                    yield where, code, keys


def _template_fields(text: str) -> set[str]:
    names = {f for _, f, _, _ in string.Formatter().parse(text) if f}
    return {re.split(r"[.\[!]", n)[0] for n in names}


SITES = list(_raise_sites())
CODES = sorted({code for _, code, _ in SITES} | set(accounts._REFUSED.values()))


def test_the_area_raises_many_codes() -> None:
    """The walk finds the raise sites (a walk that finds nothing would pass everything)."""
    assert len(SITES) > 100 and "reorg.village_name_clash" in CODES


@pytest.mark.parametrize("code", CODES)
def test_every_code_has_both_languages(code: str) -> None:
    assert re.fullmatch(r"[a-z_]+\.[a-z_]+", code), code
    lacking = [lang for lang in LANGUAGES if not has_message(code, lang)]
    assert not lacking, f"{code} has no text in {lacking} (addrgen/locale/*/diachiso.po)"
    entry = {lang: template(code, lang) or "" for lang in LANGUAGES}
    assert unicodedata.normalize("NFC", entry["vi"]) == entry["vi"]
    assert _template_fields(entry["vi"]) == _template_fields(entry["en"]), "not the same data"
    for text in entry.values():
        assert not re.search(r"(?<![\w-])--[a-z]", text), f"{code} names a flag: {text}"
        assert "diachiso " not in text, f"{code} names a command: {text}"


@pytest.mark.parametrize(("where", "code", "given"), SITES, ids=[w for w, _, _ in SITES])
def test_every_sentence_names_only_data_its_site_gives(
    where: str, code: str, given: set[str] | None
) -> None:
    if given is None:
        pytest.skip("the data is built at run time")
    for lang in LANGUAGES:
        missing = _template_fields(template(code, lang) or "") - given
        assert not missing, f"{where}: {code} ({lang}) names {missing}, not given there"


def _both_languages(error: DiachisoError) -> None:
    """The sentence renders in both languages with all its data (a missing field shows '?')."""
    for lang in ("vi", "en"):
        assert "?" not in error.message(lang).replace("same site?", ""), error.message(lang)


# --- communes ------------------------------------------------------------------------------


def test_an_empty_registry_says_so(registry: Registry) -> None:
    prepare_registry(registry)
    with registry.read() as conn, pytest.raises(NotFound) as info:
        get_commune(conn, None)
    assert info.value.code == "registry.no_commune"
    assert info.value.message("vi") == "sổ đăng ký chưa có xã nào"


def test_a_name_is_needed_when_the_registry_holds_several(
    registry: Registry, commune: Commune
) -> None:
    add_commune(registry, name="xã Cẩm Vịnh", commune_code="18700", area_number=18700, actor=ACTOR)
    with registry.read() as conn:
        with pytest.raises(InvalidInput) as several:
            get_commune(conn, None)
        with pytest.raises(NotFound) as unknown:
            get_commune(conn, "xã Không Có")
    assert (several.value.code, several.value.params["count"]) == ("commune.ambiguous", 2)
    assert str(several.value) == (
        "this registry holds 2 communes (xã Thạch Bình, xã Cẩm Vịnh): expected the name of one"
    )
    assert (unknown.value.code, unknown.value.field, unknown.value.value) == (
        "commune.not_found",
        "name",
        "xã Không Có",
    )
    _both_languages(several.value)
    _both_languages(unknown.value)


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"name": "  "}, "commune.name_empty", "name"),
        ({"commune_code": "18a"}, "commune.bad_code", "commune_code"),
        ({"area_number": 100_000}, "commune.bad_area_number", "area_number"),
    ],
)
def test_a_new_commune_is_checked(
    registry: Registry, given: dict[str, object], code: str, field: str
) -> None:
    args: dict[str, object] = {"name": "xã A", "commune_code": "1", "area_number": 1} | given
    with pytest.raises(InvalidInput) as info:
        add_commune(registry, actor=ACTOR, **args)  # type: ignore[arg-type]
    assert (info.value.code, info.value.field) == (code, field)
    _both_languages(info.value)


def test_a_clash_names_the_commune_already_there(registry: Registry, commune: Commune) -> None:
    with pytest.raises(RegistryError) as info:
        add_commune(registry, name="xã B", commune_code="9", area_number=18112, actor=ACTOR)
    assert info.value.code == "commune.exists"
    assert "(code 18112, area number 18112)" in str(info.value)
    _both_languages(info.value)


def test_the_schema_is_prepared_apart_from_any_domain_write(registry: Registry) -> None:
    with pytest.raises(RegistryError) as info:
        require_current(registry)
    assert (info.value.code, info.value.value) == ("registry.schema_outdated", registry.url)
    assert prepare_registry(registry) is True
    assert prepare_registry(registry) is False  # already current: nothing to do
    require_current(registry)


# --- accounts ------------------------------------------------------------------------------


def test_refused_sign_ins_carry_their_reason(registry: Registry, small_commune: Commune) -> None:
    def volunteer(name: str, lifetime: timedelta = accounts.LINK_LIFETIME) -> str:
        made = add_user(
            registry,
            small_commune,
            name=name,
            role="volunteer",
            village_names=["Thôn Bình Minh"],
            actor=ACTOR,
            link_lifetime=lifetime,
        )
        return made.signin_token or ""

    spent, expired, revoked = volunteer("A"), volunteer("B", timedelta(seconds=-1)), volunteer("C")
    spend_signin_link(registry, spent)
    revoke_user(registry, name="C", actor=ACTOR)
    cases = [
        (spent, "auth.link_spent"),
        (expired, "auth.link_expired"),
        (revoked, "auth.link_invalid"),  # a revoked volunteer's link says no more than a bad one
        ("A" * 42, "auth.link_invalid"),
    ]
    for token, code in cases:
        with pytest.raises(Unauthorized) as info:
            spend_signin_link(registry, token)
        assert info.value.code == code
        _both_languages(info.value)


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"name": " "}, "user.name_empty", "name"),
        ({"role": "mayor"}, "user.bad_role", "role"),
        ({"village_names": []}, "user.volunteer_needs_village", "village_names"),
        ({"role": "officer"}, "user.villages_for_volunteers", "village_names"),
        ({"village_names": ["Thôn Không Có"]}, "village.not_found", "village_names"),
    ],
)
def test_a_new_user_is_checked(
    registry: Registry, small_commune: Commune, given: dict[str, object], code: str, field: str
) -> None:
    args: dict[str, object] = {
        "name": "Hoa",
        "role": "volunteer",
        "village_names": ["Thôn Bình Minh"],
    } | given
    with pytest.raises(RegistryError) as info:
        add_user(registry, small_commune, actor=ACTOR, **args)  # type: ignore[arg-type]
    assert (info.value.code, info.value.field) == (code, field)
    _both_languages(info.value)


# --- points --------------------------------------------------------------------------------


def test_the_point_fields_are_declared_once() -> None:
    shared = [f.name for f in dataclasses.fields(PointBase)]
    assert [f.name for f in dataclasses.fields(PointView)] == shared
    extra = [f.name for f in dataclasses.fields(PointRecord)][len(shared) :]
    assert extra == ["phone", "retired_note", "created_at", "updated_at", "national_code"]


def test_the_officer_sees_the_phone_beside_the_address() -> None:
    """`points show` lists a point's fields in as_dict's order, as it always did."""
    at = datetime(2025, 7, 1, tzinfo=UTC)
    record = PointRecord(
        id=1,
        code="18112000014",
        kind="household",
        name="Nguyễn Văn A",
        house_number="12",
        street=None,
        village="Thôn Bình Minh",
        lon=105.9,
        lat=18.3,
        plus_code="7PC78W7J+WPF",
        status="coded",
        needs_review=False,
        ref="H1",
        retired_reason=None,
        phone="0912345678",
        retired_note=None,
        created_at=at,
        updated_at=at,
    )
    keys = list(record.as_dict())
    assert keys[:8] == ["id", "code", "kind", "name", "house_number", "street", "phone", "village"]
    assert keys[-4:] == ["created_at", "updated_at", "national_code", "code_display"]
    assert record.as_dict()["code_display"] == "18112 00001 4"


def test_stale_plates_of_an_unknown_village(registry: Registry, small_commune: Commune) -> None:
    with registry.read() as conn, pytest.raises(NotFound) as info:
        stale_plates(conn, small_commune, village_names=["Thôn Không Có"])
    assert (info.value.code, info.value.field, info.value.value) == (
        "village.not_found",
        "village_names",
        "Thôn Không Có",
    )
    assert info.value.params["known"] == "Thôn Bình Minh, Thôn Xóm Mới, Thôn Trống"
