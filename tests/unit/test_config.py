"""Settings: the database default and the production rule that no secret has a default."""

from __future__ import annotations

import pytest

from pleaguard.config import ConfigError, Settings


def test_production_mode_refuses_to_run_without_a_secret_key() -> None:
    with pytest.raises(ConfigError, match="PLEAGUARD_SECRET_KEY"):
        Settings(mode="production", secret_key=None).require_secret()


@pytest.mark.parametrize("key", ["changethis", "secret", "short-key"])
def test_production_mode_refuses_a_placeholder_or_short_secret_key(key: str) -> None:
    with pytest.raises(ConfigError):
        Settings(mode="production", secret_key=key).require_secret()  # type: ignore[arg-type]


def test_production_mode_accepts_a_long_random_key() -> None:
    key = "k" * 16 + "0123456789abcdef0123"
    assert Settings(mode="production", secret_key=key).require_secret() == key  # type: ignore[arg-type]


def test_demo_mode_makes_up_a_random_key_that_stays_the_same_for_the_process() -> None:
    settings = Settings(mode="demo", secret_key=None)
    first = settings.require_secret()
    assert len(first) >= 32 and settings.require_secret() == first
    assert Settings(mode="demo", secret_key=None).require_secret() != first


def test_settings_come_from_pleaguard_environment_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLEAGUARD_DATABASE_URL", "sqlite:///x.db")
    monkeypatch.setenv("PLEAGUARD_MODE", "test")
    settings = Settings()
    assert settings.database_url == "sqlite:///x.db" and settings.mode == "test"


def test_the_default_database_is_a_sqlite_file_in_the_user_data_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("PLEAGUARD_DATABASE_URL", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", "/tmp/xdg")
    assert Settings().database_url == "sqlite:////tmp/xdg/pleaguard/pleaguard.db"
