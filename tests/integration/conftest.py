"""Fixtures for tests against a real database, run once on SQLite and once on PostgreSQL.

`database_url` isolates each test: a fresh SQLite file, or on PostgreSQL a new schema (selected through the
connection's search_path, which subprocesses inherit through the URL) that is dropped afterwards, so tests can
run in parallel (pytest -n 2) on one server.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from pleaguard import migrations
from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork


def isolated_postgres_url(base_url: str) -> tuple[str, str]:
    """Create a fresh schema on the server; return (url selecting it, schema name)."""
    schema = f"t_{uuid.uuid4().hex[:16]}"
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    engine.dispose()
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={schema}"})
    return url.render_as_string(hide_password=False), schema


def drop_postgres_schema(base_url: str, schema: str) -> None:
    engine = sa.create_engine(base_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    engine.dispose()


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
