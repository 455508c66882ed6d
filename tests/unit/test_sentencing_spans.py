"""The law in force only changes on the dates of the law data: views of days between two such dates share what is
derived from the values (lookups, circumstance and crime tables), while everything that names a date names the
date of the case."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from pleaguard.errors import LawNotInForce
from pleaguard.rules.parameters import default_root, load_law, load_law_from
from pleaguard.services import sentencing as service

D = dt.date.fromisoformat


def test_days_between_two_changes_of_the_law_share_one_span() -> None:
    law = load_law()
    changes = law.change_dates()
    assert changes == sorted(set(changes)) and D("2021-07-01") in changes
    assert law.at(D("2023-03-01")).span is law.at(D("2023-08-01")).span
    assert law.at(D("2021-06-30")).span is not law.at(D("2021-07-01")).span
    assert law.at(D("2023-03-01"), "zhejiang").span is not law.at(D("2023-03-01")).span
    view = law.at(D("2023-08-01"))
    assert view.day == D("2023-08-01")  # a view keeps its own date


def test_a_view_reads_the_same_values_as_the_first_view_of_its_span() -> None:
    law = load_law_from(default_root())
    first, later = law.at(D("2022-04-01")), law.at(D("2024-06-30"))
    assert later.span is first.span
    name = "sentencing.general.method.overall_adjustment"
    assert later.get(name) is first.get(name) is law.parameter(name).at(D("2024-06-30"))


@pytest.mark.parametrize("days", [("2016-12-01", "2017-01-01"), ("2017-01-01", "2016-12-01")])
def test_a_date_before_the_guidelines_is_refused_with_its_own_date_whichever_day_of_its_span_came_first(
        days: tuple[str, str]) -> None:
    law = load_law_from(default_root())
    for day in days:
        with pytest.raises(LawNotInForce) as err:
            service.sentence({"crime": "theft", "offense_date": "2016-01-01", "decided_on": day,
                              "base_sentence_months": 12}, law)
        assert f"was in force on {day} (" in str(err.value)


def _gambling(day: str) -> dict[str, Any]:
    return {"crime": "gambling_house", "offense_date": day, "facts": {"gambling_funds_yuan": 100000}}


def test_a_message_that_names_the_date_names_the_date_of_the_case_not_of_another_case_of_its_span() -> None:
    law = load_law_from(default_root())
    for day in ("2023-03-01", "2023-08-01", "2022-05-05"):
        out = service.sentence(_gambling(day), law)
        start = next(s for s in out["trace"] if s["step"] == "starting_point")
        assert start["message"].startswith(f"{day}时没有规范开设赌场罪量刑的指导意见条文")


def test_a_result_does_not_depend_on_which_day_of_its_span_was_computed_first() -> None:
    case = {"crime": "theft", "offense_date": "2022-02-10", "decided_on": "2022-09-01",
            "facts": {"amount_yuan": 45678}, "defendant": {"age_at_offense": 30},
            "circumstances": [{"kind": "surrender"}, {"kind": "plea_leniency", "stage": "prosecution_review"}]}
    other = {**case, "offense_date": "2023-01-05", "decided_on": "2023-12-20"}
    alone = load_law_from(default_root())
    after_other = load_law_from(default_root())
    service.sentence(other, after_other)
    assert json.dumps(service.sentence(case, alone), ensure_ascii=False) == \
        json.dumps(service.sentence(case, after_other), ensure_ascii=False)
