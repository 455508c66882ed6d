"""Group commit of the audit entries of reads (`pleaguard.web.read_audit`): entries of concurrent reads
share one commit, a failed commit fails every read in it and shows nothing, and each read is still recorded once."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from pleaguard import migrations
from pleaguard.adapters.db import orm
from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.web.read_audit import ReadAuditWriter

from .helpers import World, migrated_postgres_schema


@pytest.fixture
def pg_schema_url(pg_url: str) -> Iterator[str]:
    with migrated_postgres_schema(pg_url) as url:
        yield url


def entry(n: int, *, case_pk: int | None = None) -> dict[str, Any]:
    return {
        "case_pk": case_pk,
        "actor_id": None,
        "actor": f"reader-{n}",
        "action": "refused",
        "at": dt.datetime(2024, 11, 1, 9, 0, n, tzinfo=dt.UTC),
        "detail": {"n": n},
    }


def stored_actors(url: str) -> list[str]:
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        actors = list(conn.execute(sa.select(orm.audit_log.c.actor).order_by(orm.audit_log.c.id)).scalars())
    engine.dispose()
    return actors


def test_entries_of_reads_made_together_are_committed_together_in_their_order(pg_schema_url: str) -> None:
    writer = ReadAuditWriter(create_engine(pg_schema_url))

    async def reads() -> None:
        await asyncio.gather(*(writer.write([entry(n)]) for n in range(20)))
        await writer.write([entry(20), entry(21)])

    try:
        asyncio.run(reads())
    finally:
        writer.close()
    assert stored_actors(pg_schema_url) == [f"reader-{n}" for n in range(22)]
    assert writer.entries == 22
    assert writer.commits == 2  # the twenty waiting together shared one commit; the last read had its own


def test_a_connection_the_server_dropped_is_replaced_and_the_entries_still_committed(pg_schema_url: str) -> None:
    writer = ReadAuditWriter(create_engine(pg_schema_url))
    try:
        asyncio.run(writer.write([entry(1)]))
        with writer.engine.connect() as conn:
            pid = conn.execute(sa.text("select pg_backend_pid()")).scalar_one()
        admin = sa.create_engine(pg_schema_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            assert conn.execute(sa.text("select pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
        admin.dispose()
        asyncio.run(writer.write([entry(2)]))  # no error: retried on a new connection
    finally:
        writer.close()
    assert stored_actors(pg_schema_url) == ["reader-1", "reader-2"]


def test_when_a_commit_fails_every_read_in_it_fails_and_none_of_its_entries_is_kept(pg_schema_url: str) -> None:
    writer = ReadAuditWriter(create_engine(pg_schema_url))

    async def reads() -> list[BaseException | None]:
        results = await asyncio.gather(
            writer.write([entry(1)]),
            writer.write([entry(2, case_pk=999_999)]),  # no such case: the foreign key refuses the whole commit
            return_exceptions=True,
        )
        await writer.write([entry(3)])  # the writer goes on with the next commit
        return list(results)

    try:
        results = asyncio.run(reads())
    finally:
        writer.close()
    assert all(isinstance(r, sa.exc.IntegrityError) for r in results)
    assert stored_actors(pg_schema_url) == ["reader-3"]


def test_a_read_whose_audit_entry_cannot_be_written_shows_nothing_and_a_refusal_still_reads_as_missing(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any, **_kwargs: Any) -> None:
        raise sa.exc.OperationalError("INSERT", {}, Exception("the database went away"))

    with TestClient(world.app, raise_server_exceptions=False) as client:
        monkeypatch.setattr(world.app.state.read_audit, "_commit", broken)
        r = client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("lawyer"))
        assert r.status_code == 500
        assert world.case_a not in r.text and "events" not in r.text
        timeline = client.get(f"/api/v1/cases/{world.case_a}/timeline", headers=world.auth("lawyer"))
        assert timeline.status_code == 500 and "event_id" not in timeline.text
        refused = client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("other"))
        missing = client.get("/api/v1/cases/no-such-case", headers=world.auth("other"))
        assert refused.status_code == missing.status_code == 404  # a refusal's answer does not change
        monkeypatch.undo()
        assert client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("lawyer")).status_code == 200


def test_every_case_read_through_the_group_commit_is_in_the_trail_once(client: TestClient, world: World) -> None:
    for _ in range(3):
        assert client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("lawyer")).status_code == 200
    assert client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("other")).status_code == 404
    trail = client.get(f"/api/v1/cases/{world.case_a}/audit", headers=world.auth("admin")).json()
    assert [(a["actor"], a["action"]) for a in trail if a["actor"] in ("lawyer", "other")] == [
        ("lawyer", "read"),
        ("lawyer", "read"),
        ("lawyer", "read"),
        ("other", "refused"),
    ]
    assert world.app.state.read_audit.entries >= 4  # they went through the group commit


def test_on_sqlite_a_read_waiting_for_the_write_lock_does_not_hold_up_the_server(tmp_path: Any) -> None:
    """The read's own transaction is deferred and its entry waits in the writer's thread: while another process
    holds SQLite's write lock, the server goes on answering, and the read answers once the lock is free."""
    import threading

    import httpx

    from pleaguard.config import Settings
    from pleaguard.services import accounts, cases
    from pleaguard.web.app import create_app
    from pleaguard.web.demo import demo_cases

    from .helpers import DEMO_DAY, SECRET

    url = f"sqlite:///{tmp_path / 'locked.db'}"
    migrations.upgrade(url)
    app = create_app(Settings(mode="test", database_url=url, secret_key=SECRET))
    uow = SqlAlchemyUnitOfWork(app.state.engine)
    case_id = cases.create_case(uow, actor=None, case_file=demo_cases(DEMO_DAY)[0]).case_id
    user = accounts.create_user(uow, actor=None, username="reader", password="reader-pass-1", role="legal_aid_admin")
    token = accounts.issue_token(uow, actor=user, name="t")[0]
    locker = sa.create_engine(url)
    holding, release = threading.Event(), threading.Event()

    def hold_the_write_lock() -> None:
        with locker.connect() as conn:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            holding.set()
            release.wait(10)
            conn.exec_driver_sql("ROLLBACK")

    async def scenario() -> tuple[int, float, float]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
                headers = {"Authorization": f"Bearer {token}"}
                assert (await client.get(f"/api/v1/cases/{case_id}", headers=headers)).status_code == 200  # warm
                thread = threading.Thread(target=hold_the_write_lock)
                thread.start()
                holding.wait(10)
                loop = asyncio.get_running_loop()
                started = loop.time()
                read = asyncio.create_task(client.get(f"/api/v1/cases/{case_id}", headers=headers))
                await asyncio.sleep(0.3)
                assert not read.done()  # its audit entry waits for the lock …
                law = await client.get("/api/v1/law/instruments", headers=headers)  # … the server does not
                answered = loop.time() - started
                assert law.status_code == 200
                release.set()
                response = await read
                thread.join()
                return response.status_code, answered, loop.time() - started

    try:
        status, other_answered, read_answered = asyncio.run(scenario())
    finally:
        release.set()
        locker.dispose()
        app.state.engine.dispose()
    assert status == 200
    assert other_answered < 1.0 and read_answered >= 0.3
