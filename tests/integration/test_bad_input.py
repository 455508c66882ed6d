"""Bad input is refused with the field at fault, and a refused command writes nothing."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import InputError
from pleaguard.services import cases

from .helpers import count_rows, event, sample_case

CASE = "2024-刑-001"
TABLES = ("cases", "case_events", "audit_log", "case_assignments")


def snapshot(engine: sa.Engine) -> dict[str, int]:
    return {t: count_rows(engine, t) for t in TABLES}


@pytest.fixture
def stored(uow: SqlAlchemyUnitOfWork) -> SqlAlchemyUnitOfWork:
    cases.create_case(uow, actor=None, case_file=sample_case(CASE))
    return uow


BAD_EVENTS: list[tuple[str, dict[str, Any], str]] = [
    ("an event for an unknown person", event("x", "bail", "2024-10-01T09:00:00+08:00", person="nobody"), "person"),
    ("a duplicate event id", event("e1", "bail", "2024-10-01T09:00:00+08:00"), "id"),
    ("a judgment before any indictment", event("x", "judgment", "2024-10-01T09:00:00+08:00"), "type"),
    ("an impossible date", event("x", "bail", "2024-02-30T09:00:00+08:00"), "at"),
    ("a time without an offset", event("x", "bail", "2024-10-01T09:00:00"), "at"),
    ("an unknown event type", event("x", "teleported", "2024-10-01T09:00:00+08:00"), "type"),
    ("an event that is not an object", ["not", "an", "event"], "event"),  # type: ignore[list-item]
]


@pytest.mark.parametrize(("what", "bad", "field"), BAD_EVENTS, ids=[b[0] for b in BAD_EVENTS])
def test_a_bad_event_is_refused_naming_the_field_and_writes_nothing(
    stored: SqlAlchemyUnitOfWork, what: str, bad: Any, field: str
) -> None:
    before = snapshot(stored.engine)
    with pytest.raises(InputError) as err:
        cases.add_event(stored, actor=None, case_id=CASE, event=bad)
    assert err.value.field is not None and field in err.value.field, what
    assert snapshot(stored.engine) == before
    assert cases.verify(stored, actor=None, case_id=CASE).ok


def test_an_out_of_order_event_deep_in_a_new_case_file_writes_nothing_at_all(uow: SqlAlchemyUnitOfWork) -> None:
    case_file = sample_case(CASE)
    case_file["events"].append(event("e3", "appeal", "2024-10-01T09:00:00+08:00"))
    before = snapshot(uow.engine)
    with pytest.raises(InputError, match=r"appeal|judgment"):
        cases.create_case(uow, actor=None, case_file=case_file)
    assert snapshot(uow.engine) == before


@pytest.mark.parametrize(
    ("case_file", "field"),
    [
        ("not an object", "case"),
        ({"people": []}, "case_id"),
        ({"case_id": "", "people": []}, "case_id"),
        ({"case_id": "X", "people": [{"id": "a", "role": "suspect", "name": "甲"}] * 2}, "people"),
        ({"case_id": "X", "people": [{"id": "a", "role": "pirate", "name": "甲"}]}, "people[0].role"),
        ({"case_id": "X", "people": [{"id": "a", "role": "suspect", "name": "甲"}],
          "charges": [{"person": "b", "crime": "theft"}]}, "charges[0].person"),
    ],
)
def test_an_invalid_case_file_is_refused_and_writes_nothing(
    uow: SqlAlchemyUnitOfWork, case_file: Any, field: str
) -> None:
    before = snapshot(uow.engine)
    with pytest.raises(InputError) as err:
        cases.create_case(uow, actor=None, case_file=case_file)
    assert err.value.field is not None and field in err.value.field
    assert snapshot(uow.engine) == before


def test_a_second_case_with_the_same_id_is_refused_and_the_first_is_untouched(stored: SqlAlchemyUnitOfWork) -> None:
    first = cases.export_case(stored, actor=None, case_id=CASE)
    other = sample_case(CASE)
    other["people"][0]["name"] = "另一个人（虚构）"
    before = snapshot(stored.engine)
    with pytest.raises(InputError) as err:
        cases.import_case(stored, actor=None, case_file=other)
    assert err.value.field == "case_id"
    assert snapshot(stored.engine) == before
    assert cases.export_case(stored, actor=None, case_id=CASE) == first


def test_a_number_json_cannot_carry_is_refused_naming_the_field(stored: SqlAlchemyUnitOfWork) -> None:
    bad = event("x", "meeting", "2024-10-01T09:00:00+08:00", lawyer="dl1", minutes=float("inf"))
    before = snapshot(stored.engine)
    with pytest.raises(InputError) as err:
        cases.add_event(stored, actor=None, case_id=CASE, event=bad)
    assert err.value.field == "event.minutes"
    assert snapshot(stored.engine) == before
