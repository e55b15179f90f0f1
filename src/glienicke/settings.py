"""The one settings object, read from GLIENICKE_* environment variables when asked for."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from platformdirs import user_data_path
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from glienicke.domain.errors import InvalidValue


def default_database_url() -> str:
    """SQLite in the user's data directory, e.g. ~/.local/share/glienicke/glienicke.sqlite."""
    return f"sqlite:///{user_data_path('glienicke') / 'glienicke.sqlite'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="GLIENICKE_", extra="ignore")

    database_url: str = Field(
        default_factory=default_database_url, description="SQLAlchemy URL of the database"
    )
    host: str = Field(default="127.0.0.1", description="address `serve` listens on")
    port: int = Field(default=8000, description="port `serve` listens on")
    max_request_bytes: int = Field(
        default=16 * 1024 * 1024, gt=0, description="largest request body the API accepts"
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description=(
            "key that signs browser sessions and form tokens (at least 32 random characters);"
            " required to serve beyond this machine"
        ),
    )
    audit_key: SecretStr | None = Field(
        default=None,
        description=(
            "secret that seals the audit trail's head (at least 32 random characters), kept"
            " apart from the database: with it, `audit verify` detects a rewritten or"
            " shortened trail without a recorded head"
        ),
    )
    law_packs: Path | None = Field(
        default=None,
        description="a folder of the deployment's own law packs (a built-in pack's key replaces it)",
    )
    duty_packs: Path | None = Field(
        default=None,
        description=(
            "a folder of the deployment's own duty packs (a built-in pack's key replaces it)"
        ),
    )
    drafts_templates: Path | None = Field(
        default=None,
        description=(
            "a folder of the deployment's own draft templates (one named like a built-in"
            " replaces it)"
        ),
    )
    config: Path | None = Field(
        default=None, description="a YAML file of lead times and urgency weights over the defaults"
    )
    session_hours: float = Field(
        default=8, gt=0, le=24 * 7, description="how long a browser sign-in lasts, in hours"
    )
    search_engine: Literal["auto", "tantivy", "database"] = Field(
        default="auto",
        description=(
            "what searches documents: 'tantivy', an embedded index in a folder (one writer,"
            " shared by the server's workers on one host); 'database', the database's own"
            " full-text search (for PostgreSQL served from several hosts); 'auto', tantivy"
            " for an SQLite file or when a search_index folder is set, else the database's"
        ),
    )
    search_index: Path | None = Field(
        default=None,
        description=(
            "the folder of the embedded search index (default: beside the SQLite file, named"
            " like it with '.search'; required for tantivy on PostgreSQL)"
        ),
    )
    workers: int = Field(
        default=1, ge=1, le=64, description="processes `serve` answers requests in (one a core)"
    )

    @field_validator("audit_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < 32:
            raise ValueError("must be at least 32 characters (a random secret)")
        return value

    def audit_key_bytes(self) -> bytes | None:
        return None if self.audit_key is None else self.audit_key.get_secret_value().encode()


def search_folder(settings: Settings) -> Path | None:
    """Where the embedded search index lives, or None when the database searches itself."""
    if settings.search_engine == "database":
        return None
    if settings.search_index is not None:
        return settings.search_index
    path = sqlite_path(settings.database_url)
    if path is None and settings.search_engine == "auto":
        return None
    if path is None:
        raise InvalidValue(
            "GLIENICKE_SEARCH_INDEX: set the folder of the search index (or set"
            " GLIENICKE_SEARCH_ENGINE=database) when the database is not an SQLite file"
        )
    return path.with_name(path.name + ".search")


def load_settings(**overrides: object) -> Settings:
    """Build the settings now (never at import time), from the environment and overrides."""
    return Settings(**overrides)  # type: ignore[arg-type]


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL, or None for another database or an in-memory one."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url in (prefix, f"{prefix}:memory:"):
        return None
    return Path(url[len(prefix) :])
