"""The case-file format: shape, cross-references, legal order, corrections, and the committed JSON Schema."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from casefile_builders import case, clean_plea_events, ev, people, rec

from pleaguard.domain import derive_state, validate_case_file
from pleaguard.domain.case_file import case_file_schema_json
from pleaguard.errors import InputError

REPO = Path(__file__).resolve().parents[2]


def raw() -> dict[str, Any]:
    return {"case_id": "T-1", "people": people(), "charges": [{"person": "s1", "crime": "theft"}],
            "events": clean_plea_events()}


def error_of(data: dict[str, Any]) -> InputError:
    with pytest.raises(InputError) as info:
        validate_case_file(data)
    return info.value


def test_a_clean_case_file_validates_and_keeps_every_event() -> None:
    c = validate_case_file(raw())
    assert [e.type for e in c.events][:3] == ["received_for_review", "rights_notice", "lawyer_assigned"]
    assert c.events[7].present == ["dl1"]


def test_a_datetime_without_offset_is_rejected_with_the_event_path() -> None:
    data = raw()
    data["events"][3]["at"] = "2024-03-04T11:00:00"
    err = error_of(data)
    assert err.field == "events[3](id=e4).at"
    assert "UTC offset" in str(err)


def test_an_impossible_calendar_date_is_rejected() -> None:
    data = raw()
    data["events"][0]["at"] = "2024-02-30T09:00:00+08:00"
    assert error_of(data).field == "events[0](id=e1).at"


def test_an_unknown_event_type_lists_the_allowed_types() -> None:
    data = raw()
    data["events"][2]["type"] = "lawyer_asigned"
    err = error_of(data)
    assert err.field == "events[2](id=e3).type"
    assert err.allowed is not None and "lawyer_assigned" in err.allowed


def test_an_unknown_field_is_rejected() -> None:
    data = raw()
    data["events"][3]["pages"] = 40
    assert error_of(data).field == "events[3](id=e4).pages"


def test_an_event_for_an_unknown_person_is_rejected() -> None:
    data = raw()
    data["events"][3]["lawyer"] = "nobody"
    err = error_of(data)
    assert err.field == "events[3](id=e4).lawyer"
    assert "unknown person" in str(err)


def test_a_victim_cannot_be_assigned_as_a_lawyer() -> None:
    data = raw()
    data["people"].append({"id": "v1", "role": "victim", "name": "丁"})
    data["events"][3]["lawyer"] = "v1"
    assert "not a defender or duty lawyer" in str(error_of(data))


def test_a_duplicate_event_id_is_rejected() -> None:
    data = raw()
    data["events"][4]["id"] = "e1"
    err = error_of(data)
    assert err.field == "events[4].id"
    assert "duplicate" in str(err)


def test_a_judgment_before_any_indictment_is_out_of_legal_order() -> None:
    data = raw()
    data["events"].append(ev("e9", "judgment", "2024-03-10"))
    err = error_of(data)
    assert "out of legal order" in str(err)
    assert err.field == "events[8](id=e9).type"


def test_an_appeal_before_the_judgment_is_out_of_order_even_if_listed_after_it() -> None:
    data = raw()
    data["events"] += [ev("e9", "indicted", "2024-03-06", procedure="speedy"),
                       ev("e10", "trial_accepted", "2024-03-07", procedure="speedy"),
                       ev("e11", "judgment", "2024-03-12"),
                       ev("e12", "appeal", "2024-03-11")]
    assert "an appeal needs an earlier judgment" in str(error_of(data))


def test_an_event_before_the_suspects_birth_is_impossible() -> None:
    data = raw()
    data["people"][0]["birth_date"] = "2025-01-01"
    assert "before the person's birth date" in str(error_of(data))


def test_a_range_recommendation_needs_both_ends() -> None:
    data = raw()
    data["events"][4]["recommendation"] = {"penalty_type": "fixed_term_imprisonment", "months_min": 6}
    assert error_of(data).field == "events[4](id=e5).recommendation"


def test_a_correction_replaces_fields_without_editing_the_log() -> None:
    data = raw()
    data["events"].append({"id": "c1", "type": "correction", "at": "2024-03-05T09:00:00+08:00", "corrects": "e5",
                           "fields": {"recommendation": rec(7)}, "reason": "录入错误"})
    c = validate_case_file(data)
    assert c.events[4].recommendation.months == 8  # the log keeps what was recorded
    s = derive_state(c).suspects["s1"]
    assert s.current_recommendation is not None and s.current_recommendation.months == 7


def test_a_correction_that_voids_an_event_removes_it_from_the_state() -> None:
    data = raw()
    data["events"].append({"id": "c1", "type": "correction", "at": "2024-03-05T09:00:00+08:00", "corrects": "e4",
                           "void": True, "reason": "重复录入"})
    s = derive_state(validate_case_file(data)).suspects["s1"]
    assert s.file_accesses == []


def test_a_correction_that_makes_an_event_invalid_is_rejected() -> None:
    data = raw()
    data["events"].append({"id": "c1", "type": "correction", "at": "2024-03-05T09:00:00+08:00", "corrects": "e4",
                           "fields": {"lawyer": 5}, "reason": "x"})
    assert "fields.lawyer" in (error_of(data).field or "")


def test_a_correction_of_an_unknown_event_is_rejected() -> None:
    data = raw()
    data["events"].append({"id": "c1", "type": "correction", "at": "2024-03-05T09:00:00+08:00", "corrects": "zz",
                           "void": True, "reason": "x"})
    assert error_of(data).field == "events[8](id=c1).corrects"


def test_derived_state_follows_stage_custody_procedure_and_work() -> None:
    c = case([ev("d", "detained", "2024-03-01"), *clean_plea_events(),
              ev("i", "indicted", "2024-03-08", procedure="speedy"),
              ev("t", "trial_accepted", "2024-03-11", procedure="speedy"),
              ev("b", "bail", "2024-03-12")])
    s = derive_state(c).suspects["s1"]
    assert (s.stage, s.custody, s.procedure, s.in_custody) == ("trial", "bail", "speedy", False)
    assert s.custody_periods[0][1] is not None
    work = s.work_summary()
    assert (work["file_accesses"], len(work["opinions_given"])) == (1, 2)
    assert s.pleaded


def test_a_withdrawal_after_the_plea_means_the_suspect_no_longer_pleads() -> None:
    c = case([*clean_plea_events(), ev("w", "plea_withdrawn", "2024-03-06")])
    assert not derive_state(c).suspects["s1"].pleaded


def test_the_committed_json_schema_is_current() -> None:
    committed = (REPO / "src/pleaguard/schemas/case-file.schema.json").read_text(encoding="utf-8")
    assert committed == case_file_schema_json(), "regenerate with: python -m pleaguard.domain.case_file"


def test_the_json_schema_names_every_event_type() -> None:
    schema = json.loads(case_file_schema_json())
    mapping = schema["properties"]["events"]["items"]["discriminator"]["mapping"]
    from pleaguard.domain import EVENT_TYPES

    assert sorted(mapping) == sorted(EVENT_TYPES)


@pytest.mark.parametrize("path", sorted((REPO / "examples/cases").glob("*.json")), ids=lambda p: p.name)
def test_every_example_case_validates_and_is_marked_made_up(path: Path) -> None:
    c = validate_case_file(json.loads(path.read_text(encoding="utf-8")))
    assert c.made_up
    assert "虚构" in (c.title or "")


def test_validation_does_not_mutate_the_input() -> None:
    data = raw()
    before = copy.deepcopy(data)
    validate_case_file(data)
    assert data == before
