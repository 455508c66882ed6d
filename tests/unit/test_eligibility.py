"""Eligibility for the speedy, simplified and ordinary procedures, each exclusion with its reason and cite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from casefile_builders import GOOD_FACTS, case, clean_plea_events, ev, people, rec

from pleaguard.domain import derive_state
from pleaguard.rules.parameters import load_law
from pleaguard.rules.procedure import eligibility

D = dt.date.fromisoformat
LAW = load_law().at(D("2024-03-10"))


def assess(*, suspect: dict[str, Any] | None = None, facts: dict[str, Any] | None = None, months: int = 8,
           charges: list[dict[str, Any]] | None = None, extra: list[dict[str, Any]] | None = None,
           on: str = "2024-03-10") -> dict[str, eligibility.Eligibility]:
    events = clean_plea_events("2024-03-04")
    events[4]["recommendation"] = rec(months)
    events[7]["recommendation"] = rec(months)
    c = case(events + (extra or []), who=people(suspect=suspect), facts={**GOOD_FACTS, **(facts or {})},
             charges=charges)
    s = derive_state(c).suspects["s1"]
    return eligibility.assess(c, s, load_law().at(D(on)), D(on))


def against(e: eligibility.Eligibility) -> set[str]:
    return {r.code for r in e.reasons_against}


def test_a_clean_short_plea_case_may_use_the_speedy_procedure() -> None:
    r = assess()
    assert r["speedy"].eligible is True
    assert r["ordinary"].eligible is True


@pytest.mark.parametrize(("suspect", "facts", "code", "article", "spci"), [
    ({"disabilities": ["blind"]}, {}, "blind_deaf_mute", "223", "370"),
    ({"mental_capacity": "partial"}, {}, "partial_mental_capacity", "223", "370"),
    ({"birth_date": "2007-01-01"}, {}, "minor", "223", "370"),
    ({}, {"major_social_impact": True}, "major_social_impact", "223", "370"),
    ({}, {"co_defendants_object": True}, "co_defendants_object", "223", "370"),
    ({}, {"defender_pleads_not_guilty": True}, "defender_pleads_not_guilty", None, "370"),
])
def test_each_speedy_exclusion_excludes_with_its_reason_and_cite(suspect: dict[str, Any], facts: dict[str, Any],
                                                                 code: str, article: str | None, spci: str) -> None:
    e = assess(suspect=suspect, facts=facts)["speedy"]
    assert e.eligible is False
    reason = next(r for r in e.reasons_against if r.code == code)
    arts = {(c.instrument, c.article) for c in reason.cites}
    if article:
        assert ("cpl-2018", article) in arts
    assert ("spc-cpl-interpretation-2021", spci) in arts


def test_no_civil_settlement_with_the_victim_excludes_speedy() -> None:
    from casefile_builders import case as mk

    events = clean_plea_events("2024-03-04")
    c = mk(events, who=people({"id": "v1", "role": "victim", "name": "丁"}),
           facts={**GOOD_FACTS, "civil_settlement_reached": False})
    s = derive_state(c).suspects["s1"]
    assert "no_civil_settlement" in against(eligibility.speedy(c, s, LAW, D("2024-03-10")))


def test_without_a_victim_the_settlement_exclusion_cannot_apply() -> None:
    r = assess(facts={"civil_settlement_reached": None})
    assert r["speedy"].eligible is True


def test_a_possible_sentence_over_three_years_excludes_speedy_but_not_simplified() -> None:
    r = assess(months=42)
    assert "up_to_three_years" in against(r["speedy"])
    assert r["simplified"].eligible is not False


def test_an_intermediate_court_case_may_use_neither_speedy_nor_simplified() -> None:
    r = assess(facts={"court_level": "intermediate"})
    assert "basic_court" in against(r["speedy"]) and "basic_court" in against(r["simplified"])


def test_simplified_exclusions_follow_cpl_215_and_spci_360() -> None:
    r = assess(facts={"may_not_be_a_crime": True})
    assert r["simplified"].eligible is False
    assert {c.article for c in r["simplified"].reasons_against[0].cites} == {"360"}
    assert assess(suspect={"disabilities": ["mute"]})["simplified"].eligible is False


def test_a_minor_is_excluded_from_speedy_but_not_from_simplified() -> None:
    r = assess(suspect={"birth_date": "2007-01-01"})
    assert r["speedy"].eligible is False
    assert "minor" not in against(r["simplified"])


def test_unknown_facts_leave_eligibility_undetermined_rather_than_guessed() -> None:
    r = assess(facts={"major_social_impact": None})
    assert r["speedy"].eligible is None


def test_without_a_recommendation_the_charged_tier_decides_the_three_year_limit() -> None:
    c = case([ev("r", "received_for_review", "2024-03-04")],
             charges=[{"person": "s1", "crime": "robbery", "tier": 1}])
    s = derive_state(c).suspects["s1"]
    ps = eligibility.possible_sentence(c, s, LAW)
    assert ps.source == "statutory_tier" and ps.max_months == 120
    assert ps.over(36) is None  # the tier allows more than three years, but the sentence may stay below


def test_a_charge_of_a_life_or_death_tier_is_recognised() -> None:
    from pleaguard.domain.case_file import Charge

    assert eligibility.charge_may_bring_life_or_death(LAW, Charge(person="s1", crime="robbery", tier=2))[0] is True
    assert eligibility.charge_may_bring_life_or_death(LAW, Charge(person="s1", crime="robbery"))[0] is None
    assert eligibility.charge_may_bring_life_or_death(LAW, Charge(person="s1", crime="dangerous_driving"))[0] is False
    assert eligibility.charge_may_bring_life_or_death(LAW, Charge(person="s1", crime="unknown_crime"))[0] is None


def test_a_plea_withdrawn_during_a_speedy_trial_requires_conversion() -> None:
    extra = [ev("i", "indicted", "2024-03-08", procedure="speedy"),
             ev("t", "trial_accepted", "2024-03-11", procedure="speedy"),
             ev("w", "plea_withdrawn", "2024-03-12")]
    events = clean_plea_events("2024-03-04") + extra
    s = derive_state(case(events)).suspects["s1"]
    grounds = eligibility.conversion_grounds(s)
    assert [g.code for g in grounds] == ["plea_withdrawn_in_speedy_trial"]
    converted = [*events, ev("c", "procedure_converted", "2024-03-13", to_procedure="ordinary", reason="denies_facts")]
    assert eligibility.conversion_grounds(derive_state(case(converted)).suspects["s1"]) == []
