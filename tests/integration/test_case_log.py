"""The case as an append-only, hash-chained event log: create, append, read, derive, export and import."""

from __future__ import annotations

import datetime as dt

import pytest

from pleaguard import migrations
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import cases
from pleaguard.services.chain import event_hash, header_hash

from .helpers import event, sample_case


def test_appended_events_get_consecutive_numbers_and_chain_to_the_previous_hash(uow: SqlAlchemyUnitOfWork) -> None:
    view = cases.create_case(uow, actor=None, case_file=sample_case())
    assert [e.seq for e in view.events] == [1, 2]
    assert view.events[0].prev_hash == header_hash(view.case_id, view.header)
    stored = cases.add_event(uow, actor=None, case_id=view.case_id,
                             event=event("e3", "arrested", "2024-10-02T09:00:00+08:00"))
    assert stored.seq == 3
    assert stored.prev_hash == view.events[1].hash
    assert stored.hash == event_hash(view.case_id, 3, stored.payload, stored.prev_hash)
    assert cases.verify(uow, actor=None, case_id=view.case_id).ok


def test_the_state_is_derived_from_the_stored_log(uow: SqlAlchemyUnitOfWork) -> None:
    pytest.importorskip("pleaguard.domain.state")
    cases.create_case(uow, actor=None, case_file=sample_case())
    cases.add_event(uow, actor=None, case_id="2024-刑-001", event=event("e3", "bail", "2024-10-01T09:00:00+08:00"))
    view = cases.get_case(uow, actor=None, case_id="2024-刑-001", as_of=dt.date(2024, 10, 8))
    (suspect,) = view.state["suspects"]
    assert suspect["person"] == "s1"
    assert suspect["custody"] == "bail"
    assert suspect["in_custody"] is False


def test_the_timeline_is_ordered_by_when_events_happened_not_when_they_were_recorded(
    uow: SqlAlchemyUnitOfWork,
) -> None:
    cases.create_case(uow, actor=None, case_file=sample_case())
    cases.add_event(uow, actor=None, case_id="2024-刑-001",
                    event=event("late", "lawyer_assigned", "2024-09-27T10:30:00+08:00", lawyer="dl1",
                                role="duty_lawyer"))
    order = [e.event_id for e in cases.timeline(uow, actor=None, case_id="2024-刑-001")]
    assert order == ["e1", "late", "e2"]


def test_an_exported_case_imports_into_another_database_with_the_same_head_hash(
    uow: SqlAlchemyUnitOfWork, tmp_path: object
) -> None:
    cases.create_case(uow, actor=None, case_file=sample_case())
    cases.add_event(uow, actor=None, case_id="2024-刑-001",
                    event=event("e3", "meeting", "2024-09-28T09:00:00+08:00", lawyer="dl1", minutes=40))
    exported = cases.export_case(uow, actor=None, case_id="2024-刑-001")
    head = cases.verify(uow, actor=None, case_id="2024-刑-001").head_hash
    other_url = f"sqlite:///{tmp_path}/other.db"
    migrations.upgrade(other_url)
    other = SqlAlchemyUnitOfWork(other_url)
    imported = cases.import_case(other, actor=None, case_file=exported)
    assert imported.head_hash == head
    assert cases.export_case(other, actor=None, case_id="2024-刑-001") == exported
    assert cases.verify(other, actor=None, case_id="2024-刑-001").ok


def test_event_times_keep_their_offset_in_the_log_and_are_ordered_in_utc(uow: SqlAlchemyUnitOfWork) -> None:
    cases.create_case(uow, actor=None, case_file=sample_case())
    stored = cases.add_event(uow, actor=None, case_id="2024-刑-001",
                             event=event("e3", "bail", "2024-09-28T01:00:00+00:00"))
    assert stored.payload["at"] == "2024-09-28T01:00:00+00:00"
    view = cases.get_case(uow, actor=None, case_id="2024-刑-001", evaluate=False)
    assert view.events[-1].at == dt.datetime(2024, 9, 28, 1, 0, tzinfo=dt.UTC)
