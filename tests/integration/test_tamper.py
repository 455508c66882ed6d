"""Tampering with the stored log directly in SQL (as someone with database access could) is detected by
`verify`, which names the event where the chain breaks."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import cases
from pleaguard.services.chain import event_hash

from .helpers import event, sample_case

CASE = "2024-刑-001"


@pytest.fixture
def five_events(uow: SqlAlchemyUnitOfWork) -> SqlAlchemyUnitOfWork:
    cases.create_case(uow, actor=None, case_file=sample_case(CASE))
    cases.add_event(uow, actor=None, case_id=CASE,
                    event=event("e3", "lawyer_assigned", "2024-09-27T12:00:00+08:00", lawyer="dl1", role="duty_lawyer"))
    cases.add_event(uow, actor=None, case_id=CASE,
                    event=event("e4", "meeting", "2024-09-28T09:00:00+08:00", lawyer="dl1", minutes=30))
    cases.add_event(uow, actor=None, case_id=CASE, event=event("e5", "arrested", "2024-10-02T09:00:00+08:00"))
    assert cases.verify(uow, actor=None, case_id=CASE).ok
    return uow


def tamper(uow: SqlAlchemyUnitOfWork, *statements: str, **params: object) -> None:
    """Run SQL with the append-only triggers switched off, as an attacker with full database rights would."""
    engine = uow.engine
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            for table in ("case_events", "cases", "audit_log"):
                conn.exec_driver_sql(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            for table in ("case_events", "cases", "audit_log"):
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_update")
                conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {table}_no_delete")
        for statement in statements:
            conn.execute(sa.text(statement), params)
        if engine.dialect.name == "postgresql":
            for table in ("case_events", "cases", "audit_log"):
                conn.exec_driver_sql(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def payload_of(uow: SqlAlchemyUnitOfWork, seq: int) -> dict[str, object]:
    with uow.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT payload FROM case_events WHERE seq = :s"), {"s": seq}).scalar_one()
    return raw if isinstance(raw, dict) else json.loads(raw)


def test_an_altered_payload_is_named_by_its_event(five_events: SqlAlchemyUnitOfWork) -> None:
    changed = payload_of(five_events, 4) | {"minutes": 120}
    tamper(five_events, "UPDATE case_events SET payload = :p WHERE seq = 4", p=json.dumps(changed))
    report = cases.verify(five_events, actor=None, case_id=CASE)
    assert not report.ok
    first = report.first_problem
    assert first is not None
    assert (first.seq, first.event_id, first.kind) == (4, "e4", "hash_mismatch")
    assert "e4" in first.message


def test_an_altered_hash_breaks_the_link_to_the_next_event(five_events: SqlAlchemyUnitOfWork) -> None:
    tamper(five_events, "UPDATE case_events SET hash = :h WHERE seq = 2", h="0" * 64)
    report = cases.verify(five_events, actor=None, case_id=CASE)
    kinds = [(p.seq, p.kind) for p in report.problems]
    assert (2, "hash_mismatch") in kinds and (3, "broken_link") in kinds
    assert report.first_problem is not None and report.first_problem.event_id == "e2"


def test_an_event_rewritten_with_a_recomputed_hash_is_caught_by_the_next_link(
    five_events: SqlAlchemyUnitOfWork,
) -> None:
    changed = payload_of(five_events, 3) | {"role": "defender_retained"}
    with five_events.engine.connect() as conn:
        prev = conn.execute(sa.text("SELECT prev_hash FROM case_events WHERE seq = 3")).scalar_one()
    forged = event_hash(CASE, 3, changed, prev)
    tamper(five_events, "UPDATE case_events SET payload = :p, hash = :h WHERE seq = 3", p=json.dumps(changed), h=forged)
    report = cases.verify(five_events, actor=None, case_id=CASE)
    assert [(p.seq, p.kind) for p in report.problems][:2] == [(3, "anchor_mismatch"), (4, "broken_link")]


def test_a_deleted_event_in_the_middle_leaves_a_gap(five_events: SqlAlchemyUnitOfWork) -> None:
    tamper(five_events, "DELETE FROM case_events WHERE seq = 3")
    report = cases.verify(five_events, actor=None, case_id=CASE)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.kind) == (4, "seq_gap")


def test_a_deleted_last_event_is_caught_by_the_audit_trail(five_events: SqlAlchemyUnitOfWork) -> None:
    tamper(five_events, "DELETE FROM case_events WHERE seq = 5")
    report = cases.verify(five_events, actor=None, case_id=CASE)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.kind) == (5, "missing_tail")


def test_a_changed_person_in_the_case_header_is_detected(five_events: SqlAlchemyUnitOfWork) -> None:
    with five_events.engine.connect() as conn:
        raw = conn.execute(sa.text("SELECT header FROM cases")).scalar_one()
    header = raw if isinstance(raw, dict) else json.loads(raw)
    header["people"][0]["birth_date"] = "2008-05-01"
    tamper(five_events, "UPDATE cases SET header = :h", h=json.dumps(header, ensure_ascii=False))
    report = cases.verify(five_events, actor=None, case_id=CASE)
    assert report.first_problem is not None
    assert (report.first_problem.seq, report.first_problem.kind) == (0, "header_altered")


def test_an_untouched_log_verifies_and_the_verification_is_audited(five_events: SqlAlchemyUnitOfWork) -> None:
    report = cases.verify(five_events, actor=None, case_id=CASE)
    assert report.ok and report.events_checked == 5
    trail = cases.audit_trail(five_events, actor=None, case_id=CASE)
    assert trail[-1].action == "verify" and trail[-1].detail["ok"] is True
