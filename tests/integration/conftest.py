"""Fixtures for tests against a real database, run once on SQLite and once on PostgreSQL.

`database_url` isolates each test: a fresh SQLite file, or on PostgreSQL a new schema (selected through the
connection's search_path, which subprocesses inherit through the URL) that is dropped afterwards, so tests can
run in parallel (pytest -n 2) on one server.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from pleaguard import migrations
from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork

from .helpers import drop_postgres_schema, isolated_postgres_url


@pytest.fixture
def database_url(db_url: str) -> Iterator[str]:
    """An empty, unmigrated database of its own for this test."""
    if db_url.startswith("sqlite"):
        yield db_url
        return
    url, schema = isolated_postgres_url(db_url)
    try:
        yield url
    finally:
        drop_postgres_schema(db_url, schema)


@pytest.fixture
def migrated_url(database_url: str) -> str:
    migrations.upgrade(database_url)
    return database_url


@pytest.fixture
def engine(migrated_url: str) -> Iterator[sa.Engine]:
    eng = create_engine(migrated_url)
    yield eng
    eng.dispose()


@pytest.fixture
def uow(engine: sa.Engine) -> SqlAlchemyUnitOfWork:
    return SqlAlchemyUnitOfWork(engine)
