"""Settings: CONTRACT.md's defaults, the environment, a diachiso.toml in the working directory,
production's refusals, and the generated development secret key."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from addrgen.errors import DiachisoError
from gis.settings import (
    DEFAULT_DATABASE_URL,
    DEFAULT_PUBLIC_URL,
    Settings,
    SettingsError,
    load_settings,
    resolve_secret_key,
)
from tests.conftest import REPO

ENV_NAMES = (
    "DIACHISO_DATABASE_URL",
    "DIACHISO_PUBLIC_URL",
    "DIACHISO_ENV",
    "DIACHISO_SECRET_KEY",
    "DIACHISO_LANG",
)
# What secrets.token_urlsafe(48) prints: a key production accepts.
GOOD_SECRET = "q3J0v8Xk2bT9mRzL1wYcN5hA7eUpG4sD6fKiO0tB_xVnE-jQ"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No DIACHISO_* from the outside, and an empty working directory (no diachiso.toml)."""
    for name in ENV_NAMES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults_are_contracts() -> None:
    settings = load_settings()
    assert settings.database_url == "sqlite:///var/diachiso.sqlite" == DEFAULT_DATABASE_URL
    assert settings.public_url == "http://127.0.0.1:8000" == DEFAULT_PUBLIC_URL
    assert settings.env == "development"
    assert settings.secret_key is None


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIACHISO_DATABASE_URL", "sqlite:////tmp/elsewhere.sqlite")
    monkeypatch.setenv("DIACHISO_PUBLIC_URL", "https://diachi.example.vn")
    monkeypatch.setenv("DIACHISO_ENV", "production")
    monkeypatch.setenv("DIACHISO_SECRET_KEY", GOOD_SECRET)
    settings = load_settings()
    assert settings.database_url == "sqlite:////tmp/elsewhere.sqlite"
    assert settings.public_url == "https://diachi.example.vn"
    assert settings.env == "production"
    assert settings.secret_key is not None
    assert settings.secret_key.get_secret_value() == GOOD_SECRET


def test_toml_in_the_working_directory_is_read(clean_env: Path) -> None:
    (clean_env / "diachiso.toml").write_text(
        'database_url = "sqlite:///from_toml.sqlite"\npublic_url = "https://toml.example.vn"\n',
        encoding="utf-8",
    )
    settings = load_settings()
    assert settings.database_url == "sqlite:///from_toml.sqlite"
    assert settings.public_url == "https://toml.example.vn"


def test_environment_beats_toml_and_overrides_beat_both(
    clean_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (clean_env / "diachiso.toml").write_text(
        'database_url = "sqlite:///from_toml.sqlite"\n', encoding="utf-8"
    )
    monkeypatch.setenv("DIACHISO_DATABASE_URL", "sqlite:///from_env.sqlite")
    assert load_settings().database_url == "sqlite:///from_env.sqlite"
    assert load_settings(database_url="sqlite:///given.sqlite").database_url == (
        "sqlite:///given.sqlite"
    )
    # An override of None (an option not given on the command line) is no override.
    assert load_settings(database_url=None).database_url == "sqlite:///from_env.sqlite"


def test_toml_elsewhere_is_not_read(clean_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (clean_env / "diachiso.toml").write_text('public_url = "https://a.example.vn"\n')
    other = clean_env / "other"
    other.mkdir()
    monkeypatch.chdir(other)
    assert load_settings().public_url == DEFAULT_PUBLIC_URL


@pytest.mark.parametrize(
    ("secret", "url", "code", "fragment"),
    [
        (None, "https://diachi.example.vn", "settings.production_secret_key", "SECRET_KEY"),
        ("short", "https://diachi.example.vn", "settings.production_secret_key", "SECRET_KEY"),
        (GOOD_SECRET, "http://diachi.example.vn", "settings.production_public_url", "https"),
        # the default public URL is plain http
        (GOOD_SECRET, None, "settings.production_public_url", "https"),
    ],
)
def test_production_refuses_unsafe_values(
    monkeypatch: pytest.MonkeyPatch, secret: str | None, url: str | None, code: str, fragment: str
) -> None:
    monkeypatch.setenv("DIACHISO_ENV", "production")
    if secret is not None:
        monkeypatch.setenv("DIACHISO_SECRET_KEY", secret)
    if url is not None:
        monkeypatch.setenv("DIACHISO_PUBLIC_URL", url)
    with pytest.raises(SettingsError, match=fragment) as info:
        load_settings()
    assert info.value.code == code
    assert "\n" not in str(info.value)
    # a secret is never echoed back, in any language or in the error's data
    assert "short" not in str(info.value) + info.value.message("vi") + repr(info.value)


@pytest.mark.parametrize(
    "secret", [" " * 40, "s" * 48, "ab" * 24, "password1234" * 3, "test-secret-key-" + "x" * 32]
)
def test_production_refuses_a_key_without_entropy(secret: str) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(env="production", secret_key=secret, public_url="https://diachi.example.vn")
    assert info.value.code == "settings.weak_secret_key"
    for lang in ("vi", "en"):  # says how to make a good one, and never echoes the key
        text = info.value.message(lang)
        assert "secrets.token_urlsafe(48)" in text and "DIACHISO_SECRET_KEY" in text
        assert secret.strip() not in text or not secret.strip()


def test_production_starts_with_safe_values() -> None:
    settings = load_settings(
        env="production", secret_key=GOOD_SECRET, public_url="https://diachi.example.vn"
    )
    assert settings.env == "production"


def test_production_accepts_an_upper_case_https_url() -> None:
    settings = load_settings(
        env="production", secret_key=GOOD_SECRET, public_url="HTTPS://DIACHI.EXAMPLE.VN"
    )
    assert settings.public_url == "https://diachi.example.vn"


def test_development_accepts_plain_http_and_no_secret() -> None:
    settings = load_settings(env="development", public_url="http://localhost:8000")
    assert settings.public_url == "http://localhost:8000"


@pytest.mark.parametrize(
    "url",
    [
        "https://diachi.example.vn/a",
        "https://diachi.example.vn/path/",
        "https://diachi_example.vn",
        "https://diachi.example.vn?x=1",
        "https://diachi.example.vn#top",
        "https://user:pw@diachi.example.vn",
        "ftp://diachi.example.vn",
        "diachi.example.vn",
        "https://",
        "https://diachi.example.vn:port",
        "https://diachi.example.vn:70000",
        "https://-diachi.example.vn",
        "https://điachi.example.vn",
    ],
)
def test_public_url_must_be_a_scheme_and_a_host(url: str) -> None:
    with pytest.raises(SettingsError, match="PUBLIC_URL") as info:
        load_settings(public_url=url)
    assert (info.value.code, info.value.field, info.value.value) == (
        "settings.public_url",
        "public_url",
        url,
    )


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("https://diachi.example.vn", "https://diachi.example.vn"),
        ("https://diachi.example.vn/", "https://diachi.example.vn"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://dia-chi.ha-tinh.vn:8443", "https://dia-chi.ha-tinh.vn:8443"),
        ("HTTPS://DIACHI.EXAMPLE.VN", "https://diachi.example.vn"),
    ],
)
def test_public_url_accepts_a_host_and_an_optional_port(given: str, kept: str) -> None:
    assert load_settings(public_url=given).public_url == kept


def test_unknown_environment_is_refused() -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(env="staging")
    assert (info.value.code, info.value.field, info.value.value) == (
        "settings.not_one_of",
        "env",
        "staging",
    )
    assert str(info.value) == (
        "DIACHISO_ENV 'staging': expected one of development, production, test"
    )
    assert isinstance(info.value, DiachisoError)


@pytest.mark.parametrize(
    ("name", "value", "code", "message"),
    [
        (
            "DIACHISO_REVIEW_DISTANCE_M",
            "0",
            "settings.too_small",
            "DIACHISO_REVIEW_DISTANCE_M '0': expected a number greater than 0",
        ),
        (
            "DIACHISO_REVIEW_ACCURACY_M",
            "5000",
            "settings.too_large",
            "DIACHISO_REVIEW_ACCURACY_M '5000': expected a number no greater than 1,000",
        ),
        (
            "DIACHISO_REVIEW_ACCURACY_M",
            "năm",
            "settings.not_a_number",
            "DIACHISO_REVIEW_ACCURACY_M 'năm': expected a number",
        ),
        (
            "DIACHISO_MAP_TILES",
            "http://tiles",
            "settings.map_tiles",
            "DIACHISO_MAP_TILES 'http://tiles': expected openstreetmap, none, or an https URL "
            "template with {z}, {x} and {y}",
        ),
    ],
)
def test_a_bad_setting_is_named_with_its_value(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, code: str, message: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as info:
        load_settings()
    assert (info.value.code, info.value.params["setting"], info.value.value) == (code, name, value)
    assert str(info.value) == message
    assert info.value.message("vi").startswith(f"{name} “{value}”: cần ")


def test_language_is_vietnamese_unless_english_is_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    assert load_settings().lang == "vi"
    monkeypatch.setenv("DIACHISO_LANG", "en")
    assert load_settings().lang == "en"
    assert load_settings(lang=" VI ").lang == "vi"


@pytest.mark.parametrize("given", ["fr", "", "vi-VN", "english"])
def test_unknown_language_is_refused_naming_the_two(
    monkeypatch: pytest.MonkeyPatch, given: str
) -> None:
    monkeypatch.setenv("DIACHISO_LANG", given)
    with pytest.raises(SettingsError) as refused:
        load_settings()
    assert (refused.value.code, refused.value.field) == ("settings.not_one_of", "lang")
    assert str(refused.value) == f"DIACHISO_LANG {given!r}: expected one of vi, en"


def test_settings_are_frozen() -> None:
    settings = load_settings()
    with pytest.raises(ValueError):
        settings.public_url = "https://other.example.vn"


def test_secret_key_is_generated_once_into_var(clean_env: Path) -> None:
    settings = load_settings()
    key = resolve_secret_key(settings)
    path = clean_env / "var" / "secret_key"
    assert path.exists()
    assert len(key) >= 32
    assert path.read_text(encoding="ascii").strip() == key
    assert path.stat().st_mode & 0o077 == 0  # readable by its owner only
    assert resolve_secret_key(load_settings()) == key
    assert path.read_text(encoding="ascii").strip() == key


def test_secret_key_base_folder_can_be_given(tmp_path: Path) -> None:
    base = tmp_path / "elsewhere"
    key = resolve_secret_key(load_settings(), base=base)
    assert (base / "var" / "secret_key").read_text(encoding="ascii").strip() == key
    assert not (tmp_path / "var").exists()


def test_a_given_secret_key_is_used_and_nothing_is_written(clean_env: Path) -> None:
    settings = load_settings(secret_key=GOOD_SECRET)
    assert resolve_secret_key(settings) == GOOD_SECRET
    assert not (clean_env / "var").exists()


def test_two_settings_objects_live_side_by_side() -> None:
    a = Settings(database_url="sqlite:///a.sqlite")
    b = Settings(database_url="sqlite:///b.sqlite")
    assert (a.database_url, b.database_url) == ("sqlite:///a.sqlite", "sqlite:///b.sqlite")


def test_no_settings_are_built_at_import_time(clean_env: Path) -> None:
    """Importing every package with a broken DIACHISO_ENV (and an unsafe production setup in
    a diachiso.toml) must not fail: settings are built only when a command asks for them."""
    (clean_env / "diachiso.toml").write_text('env = "production"\n', encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("DIACHISO_")}
    env["DIACHISO_ENV"] = "no-such-environment"
    env["DIACHISO_PUBLIC_URL"] = "not a url"
    env["PYTHONPATH"] = str(REPO)
    modules = [
        "addrgen",
        "gis.settings",
        "gis.storage.db",
        "gis.storage.schema",
        "gis.registry.communes",
        "gis.registry.villages",
        "gis.registry.points",
        "gis.registry.issuing",
        "gis.views.coverage",
        "gis.views.exporting",
        "gis.ingest.importing",
        "gis.storage.events",
        "plates",
        "api.cli",
    ]
    code = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=clean_env,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    # …and building them then does fail, with the setting named.
    with pytest.raises(SettingsError):
        load_settings(env="no-such-environment")
