"""The message catalog: the committed .pot/.po/.mo files are complete and in step with the
sources and with each other, and the runtime reads them (fallbacks included)."""

from __future__ import annotations

import fnmatch
import re
import string
import tomllib
import unicodedata
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo

from addrgen import catalog
from addrgen.catalog import (
    CODE_PATTERN,
    LANGUAGES,
    LOCALE_DIR,
    has_message,
    message,
    mo_path,
    po_path,
    t,
    template,
)
from scripts.catalog_ids import ROOT, context, scan
from scripts.messages import POT, compiled, extract, read_catalog

CORE = ("addrgen/", "gis/", "plates/")


def _po(lang: str) -> Catalog:
    return read_catalog(po_path(lang), lang)


def _text(cat: Catalog, msgid: str) -> str:
    text = cat[msgid].string
    assert isinstance(text, str)
    return text


def _ids(cat: Catalog) -> set[str]:
    return {m.id for m in cat if m.id and isinstance(m.id, str)}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_every_id_has_a_text_in_both_languages() -> None:
    ids = _ids(read_catalog(POT)) | _ids(_po("vi")) | _ids(_po("en"))
    assert len(ids) > 60
    for lang in LANGUAGES:
        po = _po(lang)
        missing = sorted(i for i in ids if not (po.get(i) and po[i].string))
        fuzzy = sorted(i for i in ids if po.get(i) and po[i].fuzzy)
        assert not missing, f"{po_path(lang)}: no text for {missing} (fill in their msgstr)"
        assert not fuzzy, f"{po_path(lang)}: fuzzy entries {fuzzy} (check, then unmark them)"


def test_both_languages_name_the_same_fields() -> None:
    vi, en = _po("vi"), _po("en")
    for msgid in _ids(vi) & _ids(en):
        assert _fields(_text(vi, msgid)) == _fields(_text(en, msgid)), msgid


def test_texts_are_nfc() -> None:
    for lang in LANGUAGES:
        po = _po(lang)
        for msgid in _ids(po):
            assert unicodedata.is_normalized("NFC", _text(po, msgid)), (lang, msgid)


def test_mo_files_are_compiled_from_the_po_files() -> None:
    for lang in LANGUAGES:
        with mo_path(lang).open("rb") as f:
            shipped = compiled(read_mo(f))
        assert shipped == compiled(_po(lang)), f"{mo_path(lang)} is stale: run make messages"


def test_pot_is_up_to_date_with_the_sources() -> None:
    extracted, committed = _ids(extract()), _ids(read_catalog(POT))
    missing = sorted(extracted - committed)
    gone = sorted(committed - extracted)
    assert not missing, (
        f"used in the sources but not in {POT.name}: {missing} — run `make messages`, then "
        "fill in their texts in the vi and en .po files"
    )
    assert not gone, f"in {POT.name} but no longer used: {gone} — run `make messages`"


def test_every_id_looks_like_an_id() -> None:
    wrong = sorted(i for i in _ids(read_catalog(POT)) if not re.fullmatch(CODE_PATTERN, i))
    assert not wrong


def test_codes_raised_by_the_core_have_texts_in_both_languages() -> None:
    found = [f for f in scan() if f.strict and f.is_id and f.path.startswith(CORE)]
    assert {"code.check_digit", "import.rejected", "output.exists"} <= {f.text for f in found}
    lacking = sorted(
        f"{f.path}:{f.line} {f.text}"
        for f in found
        if not all(has_message(f.text, lang) for lang in LANGUAGES)
    )
    assert not lacking


def test_no_sentence_is_raised_where_a_code_belongs() -> None:
    sentences = sorted(
        f"{f.path}:{f.line} {f.text[:60]}"
        for f in scan()
        if f.strict and not f.is_id and f.path.startswith(CORE)
    )
    assert not sentences, f"{len(sentences)} sentences instead of codes: {sentences[:20]}"


def test_locale_files_are_package_data() -> None:
    """A wheel carries the catalogs: every file under addrgen/locale matches a package-data
    pattern of pyproject.toml."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["addrgen"]
    files = [p.relative_to(ROOT / "addrgen").as_posix() for p in LOCALE_DIR.rglob("*.*")]
    assert {Path(f).suffix for f in files} == {".pot", ".po", ".mo"}
    for f in files:
        assert any(fnmatch.fnmatch(f, pattern) for pattern in patterns), f


# --- the runtime ------------------------------------------------------------------------------


def test_messages_come_from_the_compiled_catalogs() -> None:
    args = {"value": "18112 00123 5"}
    vi = message("code.check_digit", "vi", **args)
    assert vi == _text(_po("vi"), "code.check_digit").format(**args)
    assert vi.startswith("sai số kiểm tra: “18112 00123 5” không phải là mã địa chỉ hợp lệ")
    assert message("code.check_digit", "en", **args).startswith("check digit mismatch")
    assert t("page.field.here", "vi", accuracy=12) == "Vị trí của bạn: sai số ±12 m"
    assert t("page.field.here", "en", accuracy=12).endswith("±12 m")
    assert template("page.field.here", "vi") == "Vị trí của bạn: sai số ±{accuracy} m"


def test_fallbacks(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {
        "vi": {"demo.both": "cả hai {n}"},
        "en": {"demo.both": "both {n}", "demo.english": "only {n}"},
    }
    monkeypatch.setattr(catalog, "_compiled", lambda lang: texts.get(lang, {}))
    assert message("demo.both", "vi", n=1) == "cả hai 1"
    assert message("demo.english", "vi", n=2) == "only 2"  # vi lacks it: English
    assert message("demo.both", "fr", n=3) == "both 3"  # an unknown language: English
    assert message("demo.absent", "vi", value="x", n=None) == "demo.absent (value='x')"
    assert message("demo.absent", "vi") == "demo.absent"
    # A sentence where a code belongs gets no pass: it shows like any unknown id, with its data.
    assert message("not a code", "vi", value="x") == "not a code (value='x')"
    assert message("demo.both", "vi") == "cả hai ?"  # a field without value
    assert has_message("demo.english", "en") and not has_message("demo.english", "vi")
    assert template("demo.absent", "vi") is None


def test_the_catalogs_are_read_once_per_language() -> None:
    catalog._compiled.cache_clear()
    for _ in range(3):
        message("code.empty", "vi", value="")
        message("code.empty", "en", value="")
    assert catalog._compiled.cache_info().misses == 2


def test_the_extractor_knows_the_error_tree() -> None:
    ctx = context()
    assert {"DiachisoError", "InvalidInput", "ImportRejected", "OutputExists"} <= set(ctx.errors)
    assert ctx.errors["InvalidCode"].fixed == (
        "code.empty",
        "code.non_digit",
        "code.length",
        "code.check_digit",
        "code.serial",
        "code.national_form",
    )
    assert ctx.errors["Problem"].position == 4
