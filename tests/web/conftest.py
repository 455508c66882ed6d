"""Fixtures for the web tests: a migrated database of its own (SQLite file, or a PostgreSQL schema), the app built
by `create_app`, a test client, and a small world of users and made-up cases seeded through the services.

    admin      legal_aid_admin   sees every case
    lawyer     lawyer            assigned to case A
    other      lawyer            assigned to case B only (the "unassigned user" of case A)
    duty       duty_lawyer       assigned to nothing
    reviewer   reviewer          assigned to case A (read-only)
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pleaguard import migrations
from pleaguard.config import Settings
from pleaguard.services import accounts, cases
from pleaguard.web.app import create_app
from pleaguard.web.demo import demo_cases

from .helpers import DEMO_DAY, PASSWORDS, ROLES, SECRET, World, migrated_postgres_schema


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2 parameters for the tests only (the production defaults take ~0.5 s per hash here)."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture
def web_db_url(db_url: str) -> Iterator[str]:
    """A migrated database for this test only (SQLite file or a fresh PostgreSQL schema)."""
    if db_url.startswith("sqlite"):
        migrations.upgrade(db_url)
        yield db_url
        return
    with migrated_postgres_schema(db_url) as url:
        yield url


@pytest.fixture
def app(web_db_url: str) -> Iterator[FastAPI]:
    application = create_app(Settings(mode="test", database_url=web_db_url, secret_key=SECRET))
    yield application
    application.state.engine.dispose()


@pytest.fixture
def world(app: FastAPI) -> World:
    w = World(app=app)
    uow = w.uow()
    stored = [cases.create_case(uow, actor=None, case_file=cf).case_id for cf in demo_cases(DEMO_DAY)]
    w.case_a, w.case_b, w.case_c = stored
    users = {}
    for name, role in ROLES.items():
        users[name] = accounts.create_user(
            uow, actor=None, username=name, password=PASSWORDS[name], role=role, display_name=f"{name}（测试）"
        )
        w.tokens[name] = accounts.issue_token(uow, actor=users[name], name="test")[0]
    accounts.assign(uow, actor=None, case_id=w.case_a, username="lawyer")
    accounts.assign(uow, actor=None, case_id=w.case_b, username="other")
    accounts.assign(uow, actor=None, case_id=w.case_a, username="reviewer")
    return w


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as c:
        yield c
