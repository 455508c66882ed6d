"""Settings read from the environment (prefix `PLEAGUARD_`), with pydantic-settings.

    PLEAGUARD_DATABASE_URL   SQLAlchemy URL; default: a SQLite file in the user's data directory
                             ($XDG_DATA_HOME/pleaguard/pleaguard.db, else ~/.local/share/pleaguard/pleaguard.db)
    PLEAGUARD_SECRET_KEY     signs sessions, CSRF tokens; no default outside demo and test mode
    PLEAGUARD_MODE           production (default) | demo | test
    PLEAGUARD_TOKEN_CACHE_SECONDS
                             how long a worker trusts a token it has just checked (default 2; 0 = every request
                             asks the database); see `pleaguard.web.token_cache`

In production mode nothing secret has a default: `require_secret()` raises `ConfigError` when the key is missing
or obviously a placeholder. Demo and test mode get a random key per process (sessions do not survive a restart).
"""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from pleaguard.errors import PleaGuardError

Mode = Literal["production", "demo", "test"]

#: Placeholder values that must never be accepted as a production secret.
PLACEHOLDER_SECRETS = frozenset({"", "changethis", "change-me", "changeme", "secret", "dev", "test", "demo"})
MIN_SECRET_LENGTH = 32


class ConfigError(PleaGuardError):
    """The configuration is missing or unsafe for the chosen mode."""


def default_database_url() -> str:
    """A SQLite file in the user's data directory (created on first use)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite:///{Path(base) / 'pleaguard' / 'pleaguard.db'}"


class Settings(BaseSettings):
    """Runtime configuration. Build it with `get_settings()` (cached) or directly in tests."""

    model_config = SettingsConfigDict(env_prefix="PLEAGUARD_", extra="ignore")

    database_url: str = Field(default_factory=default_database_url)
    secret_key: SecretStr | None = None
    mode: Mode = "production"
    #: How long a worker process may trust a token it has just checked (see `pleaguard.web.token_cache`); 0 = off.
    token_cache_seconds: float = Field(default=2.0, ge=0, le=60)

    def require_secret(self) -> str:
        """The secret key; in production mode a missing, short or placeholder key is a `ConfigError`.

        Demo and test mode without a key get a random one, generated once per Settings object.
        """
        key = self.secret_key.get_secret_value() if self.secret_key is not None else ""
        if self.mode == "production":
            if key.strip().lower() in PLACEHOLDER_SECRETS:
                raise ConfigError(
                    "生产模式必须配置密钥：请设置环境变量 PLEAGUARD_SECRET_KEY（至少 32 个字符的随机字符串）"
                    " / production mode needs PLEAGUARD_SECRET_KEY (a random string of at least 32 characters)"
                )
            if len(key) < MIN_SECRET_LENGTH:
                raise ConfigError(
                    f"PLEAGUARD_SECRET_KEY 太短（{len(key)} 个字符，至少 {MIN_SECRET_LENGTH} 个）"
                    f" / PLEAGUARD_SECRET_KEY is too short ({len(key)} characters, at least {MIN_SECRET_LENGTH})"
                )
            return key
        if not key:
            key = secrets.token_urlsafe(48)
            self.secret_key = SecretStr(key)
        return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    return Settings()
