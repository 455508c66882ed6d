"""Small builders of case files for the procedure and safeguard tests (plain dicts, validated on demand)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pleaguard.domain.case_file import CaseFile, validate_case_file

CST = dt.timezone(dt.timedelta(hours=8))


def at(day: str, time: str = "10:00") -> str:
    """An ISO 8601 datetime in China time (UTC+8)."""
    return f"{day}T{time}:00+08:00"


def moment(day: str, time: str = "12:00") -> dt.datetime:
    return dt.datetime.fromisoformat(at(day, time))


def ev(eid: str, etype: str, day: str, time: str = "10:00", person: str = "s1", **fields: Any) -> dict[str, Any]:
    return {"id": eid, "type": etype, "at": at(day, time), "person": person, **fields}


def rec(months: int = 8, penalty_type: str = "fixed_term_imprisonment", **extra: Any) -> dict[str, Any]:
    return {"penalty_type": penalty_type, "months": months, **extra}


def people(*extra: dict[str, Any], suspect: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    base = {"id": "s1", "role": "suspect", "name": "甲", "birth_date": "1990-05-01"}
    base.update(suspect or {})
    return [base, {"id": "dl1", "role": "duty_lawyer", "name": "值班律师乙"},
            {"id": "df1", "role": "defender", "name": "辩护人丙"}, *extra]


GOOD_FACTS = {"court_level": "basic", "facts_clear_evidence_sufficient": True, "major_social_impact": False,
              "co_defendants_object": False, "civil_settlement_reached": True, "defender_pleads_not_guilty": False,
              "may_not_be_a_crime": False}


def case(events: list[dict[str, Any]], *, who: list[dict[str, Any]] | None = None,
         charges: list[dict[str, Any]] | None = None, facts: dict[str, Any] | None = None) -> CaseFile:
    return validate_case_file({
        "case_id": "T-1",
        "people": who if who is not None else people(),
        "charges": charges if charges is not None else [{"person": "s1", "crime": "theft", "tier": 1}],
        "procedure_facts": GOOD_FACTS if facts is None else facts,
        "events": events,
    })


def clean_plea_events(day: str = "2024-03-04", lawyer: str = "dl1", role: str = "duty_lawyer") -> list[dict[str, Any]]:
    """A prosecution review done by the book: notice, lawyer, file access, four matters heard, signed."""
    matters = ["facts_and_charge", "leniency_proposal", "procedure", "other"]
    return [
        ev("e1", "received_for_review", day, "09:00"),
        ev("e2", "rights_notice", day, "09:30", by="procuratorate",
           topics=["litigation_rights", "plea_law", "duty_lawyer"]),
        ev("e3", "lawyer_assigned", day, "10:00", lawyer=lawyer, role=role),
        ev("e4", "file_access", day, "11:00", lawyer=lawyer),
        ev("e5", "recommendation_proposed", day, "14:00", recommendation=rec(8)),
        ev("e6", "opinions_heard", day, "14:30", from_person=lawyer, matters=matters),
        ev("e7", "opinions_heard", day, "14:45", from_person="s1", matters=matters),
        ev("e8", "plea_affidavit_signed", day, "15:00", present=[lawyer], recommendation=rec(8), procedure="speedy"),
    ]
