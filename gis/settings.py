"""Settings: one typed object, built by a factory and passed in — never at import time.

Values come from, in order of precedence: explicit overrides (e.g. the CLI's ``--db``), the
environment (``DIACHISO_*``), a ``diachiso.toml`` in the working directory, then the defaults of
CONTRACT.md. In production the factory refuses unsafe values instead of starting with them.
"""

from __future__ import annotations

import math
import secrets
import typing
from collections import Counter
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from addrgen.catalog import DEFAULT_LANG, LANGUAGES, Lang
from addrgen.errors import DiachisoError
from addrgen.urls import InvalidPublicUrl, parse_public_url

__all__ = ["Settings", "SettingsError", "load_settings", "resolve_secret_key"]

DEFAULT_DATABASE_URL = "sqlite:///var/diachiso.sqlite"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
SECRET_KEY_FILE = Path("var") / "secret_key"


class SettingsError(DiachisoError, ValueError):
    """A setting is missing or unsafe: ``settings.<what>``, the setting in ``field`` (its name
    in :class:`Settings` and ``diachiso.toml``; ``setting`` is its environment variable) and the
    value as given — never a secret's."""

    def __init__(
        self, code: str, /, *, field: str | None = None, value: object = None, **params: Any
    ) -> None:
        if field is not None:
            params["setting"] = _variable(field)
        super().__init__(code, field=field, value=value, **params)


def _variable(name: str) -> str:
    return f"DIACHISO_{name.upper()}"


class Settings(BaseSettings):
    """CONTRACT.md's settings. Build it with :func:`load_settings`."""

    model_config = SettingsConfigDict(
        env_prefix="DIACHISO_",
        toml_file="diachiso.toml",
        extra="ignore",
        frozen=True,
    )

    database_url: str = DEFAULT_DATABASE_URL
    public_url: str = DEFAULT_PUBLIC_URL
    env: Literal["development", "production", "test"] = "development"
    secret_key: SecretStr | None = None
    # The coverage map's background: "openstreetmap", "none" (a plain background), or an https
    # tile URL template with {z}, {x} and {y}.
    map_tiles: str = "openstreetmap"
    # A confirmation is flagged for review beyond max(this, 2 × accuracy) metres from the
    # registered point, or when the phone's accuracy is worse than review_accuracy_m.
    review_distance_m: float = Field(default=30.0, gt=0, le=1000)
    review_accuracy_m: float = Field(default=50.0, gt=0, le=1000)
    # The language of messages for people (the CLI, pages without ?lang=, documents).
    lang: Lang = DEFAULT_LANG
    # A browser session ends session_days after sign-in, or after session_idle_hours without a
    # request, whichever comes first: a volunteer's phone is often a family's, and one left
    # signed in lets anyone holding it confirm plates. A day idle covers a day's round; a new
    # card (a fresh link) starts another week.
    session_days: int = Field(default=7, gt=0, le=365)
    session_idle_hours: int = Field(default=24, gt=0, le=24 * 365)
    # An API token (`users add --token`) ends token_days after it is made, unless --expires
    # says otherwise; `users token rotate` makes a new one.
    token_days: int = Field(default=90, gt=0, le=3650)
    # Where the console keeps the files of the batches it prints (one folder a batch); unset:
    # beside a SQLite registry (NAME.batches/), else ./var/batches.
    batch_dir: Path | None = None
    # Rate limits, counted in the registry so that every worker shares them (gis/field/limits.py):
    # sign-in attempts and failed bearer tokens per client address per 10 minutes, and reports
    # and confirmations per user per minute.
    signin_attempts: int = Field(default=20, gt=0, le=100_000)
    token_failures: int = Field(default=10, gt=0, le=100_000)
    writes_per_minute: int = Field(default=60, gt=0, le=100_000)
    # In production every answer carries Strict-Transport-Security (a year); this adds
    # includeSubDomains, for a host whose every subdomain is served over https too.
    hsts_include_subdomains: bool = False
    # The interactive API documentation (/docs, /redoc; /openapi.json stays): a production
    # deployment may turn it off.
    api_docs: bool = True

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @field_validator("public_url")
    @classmethod
    def _public_url_is_scheme_and_host(cls, value: str) -> str:
        try:
            # Scheme and host are case-insensitive: one case (the QR upper-cases them anyway).
            return parse_public_url(value).base
        except InvalidPublicUrl as exc:
            raise SettingsError(
                "settings.public_url", field="public_url", value=value, rule=exc.rule
            ) from exc

    @field_validator("map_tiles")
    @classmethod
    def _map_tiles_known(cls, value: str) -> str:
        value = value.strip()
        if value.lower() in ("openstreetmap", "none"):
            return value.lower()
        if value.startswith("https://") and all(p in value for p in ("{z}", "{x}", "{y}")):
            return value
        raise SettingsError("settings.map_tiles", field="map_tiles", value=value)

    @field_validator("lang", mode="before")
    @classmethod
    def _lang_known(cls, value: object) -> object:
        given = value.strip().lower() if isinstance(value, str) else value
        if given not in LANGUAGES:
            raise SettingsError(
                "settings.not_one_of", field="lang", value=value, expected=", ".join(LANGUAGES)
            )
        return given

    @model_validator(mode="after")
    def _production_is_safe(self) -> Settings:
        if self.env == "production":
            if self.secret_key is None or len(self.secret_key.get_secret_value()) < 32:
                raise SettingsError(
                    "settings.production_secret_key", field="secret_key", minimum=32
                )
            if not _looks_random(self.secret_key.get_secret_value()):
                raise SettingsError(
                    "settings.weak_secret_key", field="secret_key", command=MAKE_KEY
                )
            if not self.public_url.startswith("https://"):
                raise SettingsError(
                    "settings.production_public_url", field="public_url", value=self.public_url
                )
        return self


# Kept out of the catalog's texts: a command is typed as it is, in any language, with straight
# quotes a shell accepts.
MAKE_KEY = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'

# What a key of at least 32 characters must carry, estimated from its own characters: a random
# key of the base64 or hex alphabet is far above (token_urlsafe(48): ~330 bits; 32 hex: ~115),
# a word or a character repeated to length far below.
MIN_SECRET_BITS = 100


def _looks_random(key: str) -> bool:
    """Whether ``key`` looks like a random secret: enough entropy per character times its
    length (Shannon's estimate over the key's own characters), and not one short piece
    repeated (``abcabcabc…`` has the entropy of ``abc``)."""
    counts = Counter(key)
    bits_per_char = -sum(n / len(key) * math.log2(n / len(key)) for n in counts.values())
    repeated = key in (key + key)[1:-1]
    return not repeated and not key.isspace() and bits_per_char * len(key) >= MIN_SECRET_BITS


def load_settings(**overrides: Any) -> Settings:
    """Build the settings; ``overrides`` with a value of None are ignored."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValidationError as exc:
        raise _first_error(exc) from exc


def resolve_secret_key(settings: Settings, *, base: Path | None = None) -> str:
    """The secret key; in development one is generated into ``var/secret_key`` on first use."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = (base or Path.cwd()) / SECRET_KEY_FILE
    if path.exists():
        return path.read_text(encoding="ascii").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key + "\n", encoding="ascii")
    # Owner-only on POSIX; on Windows chmod only sets the read-only flag (harmless here) and the
    # file is protected by the folder's ACL, the user's own working directory.
    path.chmod(0o600)
    return key


def _first_error(exc: ValidationError) -> SettingsError:
    """The first thing wrong, as a :class:`SettingsError`: ours as raised by a validator, or
    pydantic's own check (a type, a bound, a choice) with the setting and the value as data."""
    for err in exc.errors():
        raised = err.get("ctx", {}).get("error")
        if isinstance(raised, SettingsError):
            return raised
        name = str(err["loc"][0]) if err.get("loc") else "settings"
        # A secret is never echoed back, even when it is the wrong type.
        value = None if name == "secret_key" else err.get("input")
        ctx = err.get("ctx", {})
        kind = err.get("type", "")
        if kind == "greater_than":
            return SettingsError("settings.too_small", field=name, value=value, limit=_n(ctx["gt"]))
        if kind == "less_than_equal":
            return SettingsError("settings.too_large", field=name, value=value, limit=_n(ctx["le"]))
        if kind in ("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"):
            return SettingsError("settings.not_a_number", field=name, value=value)
        if kind == "literal_error":
            choices = typing.get_args(Settings.model_fields[name].annotation)
            return SettingsError(
                "settings.not_one_of", field=name, value=value, expected=", ".join(choices)
            )
        return SettingsError("settings.invalid", field=name, value=value, detail=err["msg"])
    return SettingsError("settings.invalid", field="settings", detail=str(exc))


def _n(bound: float) -> float | int:
    """A bound as a person writes it: 1000, not 1000.0."""
    return int(bound) if float(bound).is_integer() else bound
