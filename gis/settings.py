"""Settings: one typed object, built by a factory and passed in — never at import time.

Values come from, in order of precedence: explicit overrides (e.g. the CLI's ``--db``), the
environment (``DIACHISO_*``), a ``diachiso.toml`` in the working directory, then the defaults of
CONTRACT.md. In production the factory refuses unsafe values instead of starting with them.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from addrgen.urls import InvalidPublicUrl, parse_public_url

__all__ = ["Settings", "SettingsError", "load_settings", "resolve_secret_key"]

DEFAULT_DATABASE_URL = "sqlite:///var/diachiso.sqlite"
DEFAULT_PUBLIC_URL = "http://127.0.0.1:8000"
SECRET_KEY_FILE = Path("var") / "secret_key"


class SettingsError(ValueError):
    """A setting is missing or unsafe; the message names it."""


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
            raise ValueError(
                f"DIACHISO_PUBLIC_URL {value!r} must be a scheme and a host only "
                "(letters, digits, dots, hyphens, an optional port), e.g. https://diachi.example.vn"
            ) from exc

    @field_validator("map_tiles")
    @classmethod
    def _map_tiles_known(cls, value: str) -> str:
        value = value.strip()
        if value.lower() in ("openstreetmap", "none"):
            return value.lower()
        if value.startswith("https://") and all(p in value for p in ("{z}", "{x}", "{y}")):
            return value
        raise ValueError(
            f"DIACHISO_MAP_TILES {value!r}: expected openstreetmap, none, or an https URL "
            "template with {z}, {x} and {y}"
        )

    @model_validator(mode="after")
    def _production_is_safe(self) -> Settings:
        if self.env == "production":
            if self.secret_key is None or len(self.secret_key.get_secret_value()) < 32:
                raise ValueError(
                    "DIACHISO_ENV=production needs DIACHISO_SECRET_KEY (at least 32 characters)"
                )
            if not self.public_url.startswith("https://"):
                raise ValueError(
                    f"DIACHISO_ENV=production needs an https DIACHISO_PUBLIC_URL, "
                    f"not {self.public_url!r}"
                )
        return self


def load_settings(**overrides: Any) -> Settings:
    """Build the settings; ``overrides`` with a value of None are ignored."""
    given = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**given)
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise SettingsError(_first_message(exc)) from exc


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


def _first_message(exc: ValueError) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        for err in errors():
            msg = str(err.get("msg", ""))
            return msg.removeprefix("Value error, ")
    return str(exc)
