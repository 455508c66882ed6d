"""Shared helpers of the web tests: the seeded world, the passwords, signing in through the page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from fastapi import FastAPI
from fastapi.testclient import TestClient

from integration.helpers import drop_postgres_schema, isolated_postgres_url
from pleaguard import migrations
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import cases

SECRET = "test-secret-" + "k" * 40
PASSWORDS = {
    "admin": "admin-pass-1",
    "lawyer": "lawyer-pass-1",
    "other": "other-pass-1",
    "duty": "duty-pass-1",
    "reviewer": "reviewer-pass-1",
}
ROLES = {
    "admin": "legal_aid_admin",
    "lawyer": "lawyer",
    "other": "lawyer",
    "duty": "duty_lawyer",
    "reviewer": "reviewer",
}
#: The made-up cases are dated relative to this day (fixed, so that the tests do not depend on the clock).
DEMO_DAY = dt.date(2024, 11, 1)


@dataclass
class World:
    """The seeded users (with API tokens) and cases."""

    app: FastAPI
    tokens: dict[str, str] = field(default_factory=dict)
    case_a: str = ""
    case_b: str = ""
    case_c: str = ""

    def auth(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def uow(self) -> SqlAlchemyUnitOfWork:
        return SqlAlchemyUnitOfWork(self.app.state.engine)

    def event_count(self, case_id: str) -> int:
        return len(cases.get_case(self.uow(), actor=None, case_id=case_id, evaluate=False).events)


def meeting(event_id: str) -> dict[str, object]:
    """A meeting of the defender with the suspect in the made-up case A, as an event to add."""
    return {
        "id": event_id,
        "type": "meeting",
        "at": "2024-10-30T16:00:00+08:00",
        "person": "s1",
        "lawyer": "l1",
        "minutes": 30,
    }


@contextmanager
def migrated_postgres_schema(server_url: str) -> Iterator[str]:
    """A fresh, migrated schema on the PostgreSQL server, dropped afterwards; yields the URL that selects it."""
    url, schema = isolated_postgres_url(server_url)
    try:
        migrations.upgrade(url)
        yield url
    finally:
        drop_postgres_schema(server_url, schema)


CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    m = CSRF.search(html)
    assert m, "the page has no CSRF token"
    return m.group(1)


def sign_in(client: TestClient, who: str, password: str | None = None) -> None:
    """Sign in through the sign-in page, as a browser does (signing out whoever was signed in)."""
    client.cookies.clear()
    page = client.get("/login")
    r = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(page.text),
            "username": who,
            "password": password or PASSWORDS[who],
            "next": "/cases",
        },
    )
    assert r.status_code == 303, r.text[:500]
