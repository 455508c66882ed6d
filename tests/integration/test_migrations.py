"""Migrations run up and down on SQLite and PostgreSQL, produce the schema the code declares, and install the
append-only triggers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from pleaguard import migrations
from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.orm import metadata
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import InputError
from pleaguard.services import cases

from .helpers import sample_case

ALL_TABLES = {"cases", "case_events", "users", "case_assignments", "audit_log", "api_tokens", "login_attempts"}


def tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


def test_migrations_go_up_and_down_revision_by_revision(database_url: str) -> None:
    assert migrations.current(database_url) is None
    assert tables(database_url) == set()
    migrations.upgrade(database_url, "0001")
    assert migrations.current(database_url) == "0001"
    assert tables(database_url) == {"cases", "case_events"}
    migrations.upgrade(database_url, "head")
    assert migrations.current(database_url) == migrations.heads()[0]
    assert tables(database_url) == ALL_TABLES
    migrations.downgrade(database_url, "0001")
    assert tables(database_url) == {"cases", "case_events"}
    migrations.downgrade(database_url, "base")
    assert migrations.current(database_url) is None
    assert tables(database_url) == set()
    migrations.upgrade(database_url)
    assert tables(database_url) == ALL_TABLES


def test_the_migrated_schema_matches_the_table_declarations(migrated_url: str) -> None:
    engine = create_engine(migrated_url)
    try:
        with engine.connect() as conn:
            diffs = compare_metadata(MigrationContext.configure(conn), metadata)
    finally:
        engine.dispose()
    assert diffs == []


def test_a_database_survives_a_downgrade_and_upgrade_of_the_accounts_revision(migrated_url: str) -> None:
    uow = SqlAlchemyUnitOfWork(migrated_url)
    cases.create_case(uow, actor=None, case_file=sample_case())
    migrations.downgrade(migrated_url, "0001")
    migrations.upgrade(migrated_url)
    report = cases.verify(uow, actor=None, case_id="2024-刑-001")
    assert report.ok and report.events_checked == 2


@pytest.mark.parametrize("table", ["case_events", "audit_log", "cases"])
@pytest.mark.parametrize("statement", ["UPDATE {t} SET id = id", "DELETE FROM {t}"])
def test_the_database_rejects_updates_and_deletes_of_the_append_only_tables(
    migrated_url: str, table: str, statement: str
) -> None:
    uow = SqlAlchemyUnitOfWork(migrated_url)
    cases.create_case(uow, actor=None, case_file=sample_case())
    cases.verify(uow, actor=None, case_id="2024-刑-001")  # writes an audit row
    engine = create_engine(migrated_url)
    try:
        with pytest.raises(sa.exc.DatabaseError, match="append-only"), engine.begin() as conn:
            conn.execute(sa.text(statement.format(t=table)))
    finally:
        engine.dispose()


def test_an_unknown_revision_is_refused_with_the_known_ones(database_url: str) -> None:
    with pytest.raises(InputError, match="0001"):
        migrations.upgrade(database_url, "nope")


def test_the_refused_action_revision_keeps_the_audit_trail_and_cannot_be_undone_once_used(database_url: str) -> None:
    migrations.upgrade(database_url, "0002")
    uow = SqlAlchemyUnitOfWork(database_url)
    cases.create_case(uow, actor=None, case_file=sample_case())
    migrations.upgrade(database_url, "0003")
    trail = cases.audit_trail(uow, actor=None, case_id="2024-刑-001")
    assert [a.action for a in trail] == ["create"]
    insert = "INSERT INTO audit_log (case_pk, actor, action, at, detail) VALUES (1, 'x', '{}', '2024-10-08', '{{}}')"
    engine = create_engine(database_url)
    try:
        with engine.begin() as conn:
            conn.execute(sa.text(insert.format("refused")))
        with pytest.raises(sa.exc.IntegrityError), engine.begin() as conn:
            conn.execute(sa.text(insert.format("deleted")))
    finally:
        engine.dispose()
    with pytest.raises(RuntimeError, match="append-only"):
        migrations.downgrade(database_url, "0002")
    assert migrations.current(database_url) == "0003"
    assert cases.verify(uow, actor=None, case_id="2024-刑-001").ok
