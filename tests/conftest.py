"""Shared fixtures: the law, the real-data folder, and database URLs for SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pleaguard.rules.parameters import Law, load_law

REPO = Path(__file__).resolve().parent.parent


def shared_data_dir() -> Path:
    """The real judgments and case facts (../shared/data beside the repository, or PLEAGUARD_SHARED_DATA)."""
    return Path(os.environ.get("PLEAGUARD_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def law() -> Law:
    return load_law()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    d = shared_data_dir()
    if not d.is_dir():
        pytest.skip(f"real data not available at {d} (set PLEAGUARD_SHARED_DATA)")
    return d


def postgres_url() -> str | None:
    """The PostgreSQL URL for tests, or None when no server is configured and reachable.

    CI sets PLEAGUARD_TEST_POSTGRES_URL and PLEAGUARD_REQUIRE_POSTGRES=1; then an unreachable server is a failure.
    """
    url = os.environ.get("PLEAGUARD_TEST_POSTGRES_URL")
    if not url:
        return None
    try:
        import sqlalchemy as sa

        eng = sa.create_engine(url)
        with eng.connect() as conn:
            conn.execute(sa.text("select 1"))
        eng.dispose()
    except Exception as exc:
        if os.environ.get("PLEAGUARD_REQUIRE_POSTGRES") == "1":
            raise RuntimeError(f"PostgreSQL required but unreachable at {url}: {exc}") from exc
        return None
    return url


@pytest.fixture(scope="session")
def pg_url() -> str:
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server configured (PLEAGUARD_TEST_POSTGRES_URL)")
    return url


@pytest.fixture(params=["sqlite", "postgres"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Runs a test once on a fresh SQLite file and once on PostgreSQL (skipped when no server)."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'pleaguard.db'}"
    url = postgres_url()
    if url is None:
        pytest.skip("no PostgreSQL server configured (PLEAGUARD_TEST_POSTGRES_URL)")
    return url
