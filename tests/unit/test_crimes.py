"""Steps 1-2 of the method per crime, called directly (`crimes.base_sentence`), without the engine."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from pathlib import Path

import pytest

from pleaguard.errors import InputError, LawNotInForce, UnknownCrime
from pleaguard.rules.parameters import Law, LawAt
from pleaguard.rules.sentencing.crimes import base_sentence, crime_name_zh, crime_schema, known_crimes
from pleaguard.rules.sentencing.crimes.definitions import CRIMES
from pleaguard.rules.sentencing.types import Months

GOLDEN = Path(__file__).resolve().parents[1] / "law" / "crimes"


def at(law: Law, day: str, province: str | None = None) -> LawAt:
    return law.at(dt.date.fromisoformat(day), province)


def test_an_unknown_crime_names_the_field_and_lists_the_known_crimes(law: Law) -> None:
    with pytest.raises(UnknownCrime) as exc:
        base_sentence("jaywalking", {}, at(law, "2022-01-01"))
    assert exc.value.field == "crime"
    assert exc.value.allowed is not None and "theft" in exc.value.allowed and "aiding_cyber_crime" in exc.value.allowed


def test_a_quantity_the_crime_does_not_take_names_the_key_and_the_allowed_keys(law: Law) -> None:
    with pytest.raises(InputError) as exc:
        base_sentence("theft", {"amount_yuan": 5000, "grams": 3}, at(law, "2022-01-01"))
    assert exc.value.field == "facts.grams"
    assert exc.value.allowed is not None and "amount_yuan" in exc.value.allowed


@pytest.mark.parametrize("amount", [-1, "abc", 10**13, float("nan")])
def test_negative_or_absurd_amounts_are_refused(law: Law, amount: object) -> None:
    with pytest.raises(InputError) as exc:
        base_sentence("theft", {"amount_yuan": amount}, at(law, "2022-01-01"))
    assert exc.value.field == "facts.amount_yuan"


def test_a_flag_given_as_a_number_is_refused_even_after_the_same_flag_was_computed_as_true(law: Law) -> None:
    view = at(law, "2022-01-01")
    assert base_sentence("theft", {"burglary": True}, view).tier.index == 1
    with pytest.raises(InputError) as exc:
        base_sentence("theft", {"burglary": 1}, view)
    assert exc.value.field == "facts.burglary"


def test_an_amount_below_every_threshold_is_not_a_crime(law: Law) -> None:
    with pytest.raises(InputError) as exc:
        base_sentence("theft", {"amount_yuan": 999}, at(law, "2022-01-01"))
    assert exc.value.field == "facts.amount_yuan"
    assert "不构成盗窃罪" in exc.value.reason


def test_an_amount_inside_the_national_range_of_a_threshold_returns_both_tiers_and_says_so(law: Law) -> None:
    b = base_sentence("theft", {"amount_yuan": 50000}, at(law, "2022-01-01"))
    assert b.tier.index == 1
    assert [a.tier.index for a in b.alternatives] == [2]
    assert b.alternatives[0].starting_point == Months(Fraction(36), Fraction(48))
    assert any("取决于所在省份" in w for w in b.warnings)


def test_a_province_that_fixed_its_threshold_removes_the_alternative(law: Law) -> None:
    b = base_sentence("theft", {"amount_yuan": 50000}, at(law, "2022-01-01", "zhejiang"))
    assert b.tier.index == 1 and b.alternatives == ()
    b = base_sentence("theft", {"amount_yuan": 80000}, at(law, "2022-01-01", "zhejiang"))
    assert b.tier.index == 2 and b.alternatives == ()


def test_an_amount_that_may_not_reach_the_large_threshold_is_computed_with_a_warning(law: Law) -> None:
    b = base_sentence("theft", {"amount_yuan": 2000}, at(law, "2022-01-01"))
    assert b.tier.index == 1
    assert any("未达到的，不构成本罪" in w for w in b.warnings)


def test_the_halved_large_threshold_of_interpretation_article_two_is_a_possibility_not_a_rule(law: Law) -> None:
    view = at(law, "2022-01-01")
    with pytest.raises(InputError):
        base_sentence("theft", {"amount_yuan": 400}, view)
    b = base_sentence("theft", {"amount_yuan": 600, "interpretation_art2_item": 5}, view)
    assert b.tier.index == 1
    assert any(s.code == "half_threshold" and s.cites[0].instrument == "spc-spp-theft-2013" for s in b.steps)


def test_the_default_increment_is_policy_and_is_shown_as_policy(law: Law) -> None:
    b = base_sentence("theft", {"amount_yuan": 20000}, at(law, "2022-01-01"))
    policy_steps = [s for s in b.steps if s.code == "increment_policy"]
    assert policy_steps and all(s.basis == "policy" for s in policy_steps)
    assert policy_steps[0].cites[0].instrument == "pleaguard-policy"
    assert b.base.min > b.starting_point.min and b.base.max > b.starting_point.max


def test_a_larger_amount_never_gives_a_smaller_base_sentence_within_a_tier(law: Law) -> None:
    view = at(law, "2022-01-01")
    previous = None
    for amount in range(3000, 30001, 1500):
        b = base_sentence("theft", {"amount_yuan": amount}, view)
        assert b.tier.index == 1
        if previous is not None:
            assert b.base.min >= previous.min and b.base.max >= previous.max
        previous = b.base
    assert previous is not None and previous.max <= 36


def test_a_provincial_rule_gives_the_increment_as_law_with_its_citation(law: Law) -> None:
    b = base_sentence("theft", {"amount_yuan": 13000}, at(law, "2019-05-01", "zhejiang"))
    inc = [s for s in b.steps if s.code == "increment"]
    assert len(inc) == 1 and inc[0].basis == "law" and inc[0].cites[0].instrument == "zj-sg-rules-2017"
    assert b.base == Months(Fraction(7), Fraction(16))


def test_the_2017_rules_of_zhejiang_end_with_sg_2017(law: Law) -> None:
    b = base_sentence("theft", {"amount_yuan": 13000}, at(law, "2021-07-01", "zhejiang"))
    assert b.starting_point == Months(Fraction(1), Fraction(12))
    assert b.guideline == "sg-2021"
    assert not any(s.code == "increment" for s in b.steps)


def test_a_given_base_inside_the_tier_is_returned_as_the_base(law: Law) -> None:
    b = base_sentence("theft", {"amount_yuan": 5000}, at(law, "2022-01-01"), base_sentence_months=Fraction(9))
    assert b.base == Months(Fraction(9), Fraction(9)) and b.tier.index == 1
    assert any(s.code == "base_given" for s in b.steps)


def test_a_given_base_outside_the_tier_the_facts_give_is_refused(law: Law) -> None:
    with pytest.raises(InputError) as exc:
        base_sentence("theft", {"amount_yuan": 5000}, at(law, "2022-01-01"), base_sentence_months=Fraction(48))
    assert exc.value.field == "base_sentence_months"


def test_a_given_base_without_facts_takes_the_lightest_tier_that_contains_it(law: Law) -> None:
    b = base_sentence("theft", {}, at(law, "2022-01-01"), base_sentence_months=Fraction(40))
    assert b.tier.index == 2 and b.base.min == 40


def test_dangerous_driving_is_declared_directly_within_criminal_detention(law: Law) -> None:
    b = base_sentence("dangerous_driving", {"conduct": "drunk_driving"}, at(law, "2022-01-01"))
    assert b.direct == Months(Fraction(1), Fraction(6))
    assert b.tier.penalty_types == ("criminal_detention",)
    assert b.fine is not None and b.fine.mode == "mandatory"


def test_traffic_accident_is_negligent(law: Law) -> None:
    assert base_sentence("traffic_accident", {"deaths": 1}, at(law, "2022-01-01")).negligent is True
    assert base_sentence("theft", {"amount_yuan": 5000}, at(law, "2022-01-01")).negligent is False


def test_drug_increases_became_mandatory_with_sg_2021(law: Law) -> None:
    old = base_sentence("drug_trafficking", {"drug": "heroin", "grams": 5}, at(law, "2020-01-01"))
    new = base_sentence("drug_trafficking", {"drug": "heroin", "grams": 5}, at(law, "2022-01-01"))
    by_kind_old = {c.kind: c for c in old.extra_circumstances}
    by_kind_new = {c.kind: c for c in new.extra_circumstances}
    assert set(by_kind_new) == {
        "using_minors",
        "selling_to_minors",
        "drug_recidivism",
        "hired_courier",
        "low_purity",
        "quantity_inducement",
    }
    assert by_kind_old["drug_recidivism"].mandatory is False and by_kind_new["drug_recidivism"].mandatory is True
    courier = by_kind_new["hired_courier"]
    assert (courier.direction, courier.ratio_min, courier.ratio_max) == ("reduce", 0, Fraction(3, 10))
    assert new.leniency_strict and new.probation_strict
    assert not old.leniency_strict and not old.probation_strict


def test_restitution_before_prosecution_in_illegal_fundraising_uses_the_corrected_wording(law: Law) -> None:
    b = base_sentence("illegal_fundraising", {"level": "ordinary"}, at(law, "2022-01-01"))
    (rule,) = b.extra_circumstances
    assert rule.kind == "restitution_before_prosecution" and "提起公诉前" in rule.label_zh
    assert rule.ratio_max == Fraction(2, 5) and rule.lighter_ratio_min == Fraction(2, 5) and rule.exemption_possible


def test_illegal_fundraising_before_amendment_eleven_is_not_guessed(law: Law) -> None:
    with pytest.raises(LawNotInForce):
        base_sentence("illegal_fundraising", {"level": "ordinary"}, at(law, "2020-06-01"))
    assert "illegal_fundraising" not in known_crimes(at(law, "2020-06-01"))
    assert "illegal_fundraising" in known_crimes(at(law, "2021-03-01"))


def test_serious_violence_tightens_leniency_only_from_a_serious_injury_on(law: Law) -> None:
    view = at(law, "2022-01-01")
    assert not base_sentence("intentional_injury", {"injury": "light"}, view).leniency_strict
    serious = base_sentence("intentional_injury", {"injury": "serious"}, view)
    assert serious.leniency_strict
    assert any(s.code == "leniency_strict" and s.basis == "interpretation" for s in serious.steps)


def test_a_death_outside_the_guideline_falls_back_to_the_statutory_tier(law: Law) -> None:
    b = base_sentence("intentional_injury", {"injury": "death"}, at(law, "2022-01-01"))
    assert b.tier.index == 3 and b.starting_point == Months(Fraction(120), Fraction(180))
    assert any("未规定量刑起点" in w for w in b.warnings)


def test_the_2024_guideline_part_two_warns_after_its_trial_year(law: Law) -> None:
    during = base_sentence("aiding_cyber_crime", {}, at(law, "2025-01-01"))
    after = base_sentence("aiding_cyber_crime", {}, at(law, "2025-08-01"))
    assert not any("试行一年" in w for w in during.warnings)
    assert any("试行一年" in w for w in after.warnings)
    assert during.guideline == "sg-2024-2"


def test_every_step_cites_a_registered_instrument(law: Law) -> None:
    views = [at(law, d) for d in ("2019-05-01", "2022-05-01", "2024-08-01")]
    samples = {
        "theft": {"amount_yuan": 5000},
        "fraud": {"amount_yuan": 40000},
        "intentional_injury": {"injury": "light"},
        "dangerous_driving": {"conduct": "drunk_driving"},
        "traffic_accident": {"deaths": 2},
        "robbery": {"robberies": 2},
        "provocation": {"incidents": 2},
        "drug_trafficking": {"drug": "heroin", "grams": 5},
        "illegal_fundraising": {"level": "huge"},
        "affray": {"fights": 2},
        "concealing_proceeds": {},
        "gambling_house": {},
        "contract_fraud": {"level": "large"},
        "aiding_cyber_crime": {},
        "extortion": {"amount_yuan": 8000},
        "snatching": {"amount_yuan": 8000},
        "illegal_detention": {"victims": 2},
        "embezzlement": {"level": "huge"},
        "drug_possession": {"drug": "heroin", "grams": 20},
        "harboring_drug_use": {"persons": 2},
        "facilitating_prostitution": {"persons": 2},
        "fundraising_fraud": {"level": "large"},
        "credit_card_fraud": {"level": "large"},
    }
    assert set(samples) == set(CRIMES)
    for view in views:
        for crime, facts in samples.items():
            if crime not in known_crimes(view):
                continue
            b = base_sentence(crime, facts, view)
            for step in b.steps:
                for c in step.cites:
                    assert c.instrument in law.instruments, (crime, step.code, c)
            assert b.tier.cite.instrument in law.instruments


def test_every_crime_documents_its_facts_in_chinese_and_has_golden_cases() -> None:
    for crime in CRIMES:
        schema = crime_schema(crime)
        assert schema["name_zh"] == crime_name_zh(crime)
        assert schema["additionalProperties"] is False
        for name, prop in schema["properties"].items():
            assert prop["description"], (crime, name)
        assert (GOLDEN / f"{crime}.yaml").is_file(), f"no golden cases for {crime}"
    assert crime_schema("dangerous_driving")["properties"]["conduct"]["enum"][0] == "drunk_driving"


def test_the_crimes_reference_in_docs_is_generated_from_the_rules(law: Law) -> None:
    from pleaguard.rules.sentencing.crimes.docs import render_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "crimes.md"
    assert doc.read_text(encoding="utf-8") == render_markdown(law), (
        "docs/crimes.md is stale: run `.venv/bin/python -m pleaguard.rules.sentencing.crimes.docs > docs/crimes.md`"
    )


# ---------------------------------------------------------------------------------------------- lower tiers (CL 63 ¶1)


@pytest.mark.parametrize("day", ["2019-01-01", "2022-01-01", "2025-01-01"])
def test_every_tier_but_the_lowest_names_the_next_lower_tier_of_the_same_article(law: Law, day: str) -> None:
    from pleaguard.rules.sentencing.crimes import statutory_tiers

    view = at(law, day)
    for crime in known_crimes(view):
        tiers = statutory_tiers(crime, view)
        lowest, *higher = tiers
        # the data lists each article's ranges from the lightest up: each range starts where a lighter one may end
        for lower, upper in zip(tiers, higher, strict=False):
            assert lower.min_months < upper.min_months, (crime, lower.index, upper.index)
        from pleaguard.rules.sentencing.crimes.compute import lower_tiers

        below = lower_tiers({t.index: t for t in tiers})
        assert below[lowest.index] is None, crime
        for prev, t in zip(tiers, higher, strict=False):
            assert below[t.index] == prev, (crime, t.index)


def test_a_base_sentence_carries_the_next_lower_tier_and_its_alternatives_theirs(law: Law) -> None:
    view = at(law, "2022-03-01")
    drugs = base_sentence("drug_trafficking", {"drug": "heroin", "grams": 60}, view)
    assert (drugs.tier.index, drugs.lower_tier and drugs.lower_tier.index) == (4, 3)
    assert drugs.lower_tier is not None and drugs.lower_tier.min_months == 84 and drugs.lower_tier.max_months == 180
    theft = base_sentence("theft", {"amount_yuan": 50000}, view)  # 数额巨大 depends on the province
    assert theft.tier.index == 1 and theft.lower_tier is None
    (alt,) = theft.alternatives
    assert alt.tier.index == 2 and alt.lower_tier is not None and alt.lower_tier.index == 1
    assert base_sentence("dangerous_driving", {"conduct": "drunk_driving"}, view).lower_tier is None


def test_the_next_lower_tier_follows_the_law_in_force_for_embezzlement_before_and_after_amendment_xi(law: Law) -> None:
    old = base_sentence("embezzlement", {"level": "especially_huge"}, at(law, "2020-06-01"))
    new = base_sentence("embezzlement", {"level": "especially_huge"}, at(law, "2022-06-01"))
    assert old.tier.index == 2 and old.lower_tier is not None and old.lower_tier.max_months == 60
    assert new.tier.index == 3 and new.lower_tier is not None and new.lower_tier.max_months == 120


def test_the_tiers_the_facts_give_include_the_provincial_alternative(law: Law) -> None:
    from pleaguard.rules.sentencing.crimes import tiers_for_facts

    view = at(law, "2022-03-01")
    assert [t.index for t in tiers_for_facts("theft", {"amount_yuan": 50000}, view)] == [1, 2]
    assert [t.index for t in tiers_for_facts("theft", {"amount_yuan": 50000}, at(law, "2022-03-01", "zhejiang"))] == [1]
    assert [t.index for t in tiers_for_facts("robbery", {"in_home": True}, view)] == [2]


# ---------------------------------------------------------------------------------------------- statutory effects


def test_restitution_before_prosecution_in_illegal_fundraising_is_a_statutory_mitigation_under_cl_176(law: Law) -> None:
    bs = base_sentence("illegal_fundraising", {"amount_yuan": 6_000_000}, at(law, "2022-03-01"))
    (rule,) = [r for r in bs.extra_circumstances if r.kind == "restitution_before_prosecution"]
    assert set(rule.statutory_effects) == {"lighter", "mitigate"}
    assert rule.statutory_cite is not None
    assert (rule.statutory_cite.instrument, rule.statutory_cite.article, rule.statutory_cite.paragraph) == (
        "cl",
        "176",
        3,
    )


def test_crime_specific_aggravations_cite_their_article_and_guideline_only_reductions_have_no_statutory_effect(
    law: Law,
) -> None:
    bs = base_sentence("drug_trafficking", {"drug": "heroin", "grams": 20}, at(law, "2022-03-01"))
    rules = {r.kind: r for r in bs.extra_circumstances}
    assert rules["drug_recidivism"].statutory_effects == ("heavier",)
    assert (
        rules["drug_recidivism"].statutory_cite is not None and rules["drug_recidivism"].statutory_cite.article == "356"
    )
    assert rules["selling_to_minors"].statutory_cite is not None
    assert (rules["selling_to_minors"].statutory_cite.article, rules["selling_to_minors"].statutory_cite.paragraph) == (
        "347",
        6,
    )
    for kind in ("hired_courier", "low_purity", "quantity_inducement"):
        assert rules[kind].statutory_effects == () and rules[kind].statutory_cite is None, kind
    detention = base_sentence("illegal_detention", {}, at(law, "2022-03-01"))
    assert {r.kind: r.statutory_effects for r in detention.extra_circumstances} == {
        "beating_or_insult": ("heavier",),
        "official_abusing_power": ("heavier",),
    }


def test_every_crime_specific_circumstance_with_a_statutory_effect_cites_the_criminal_law(law: Law) -> None:
    assert set(_ANY_FACTS) == {
        c
        for c in CRIMES
        if (GOLDEN.parent.parent.parent / f"src/pleaguard/law/parameters/sentencing/crimes/{c}.yaml")
        .read_text(encoding="utf-8")
        .count("extra_circumstances:")
    }
    seen = 0
    for day in ("2019-01-01", "2022-01-01", "2025-01-01"):
        view = at(law, day)
        for crime in known_crimes(view):
            for kind, facts in _ANY_FACTS.items():
                if kind != crime:
                    continue
                for rule in base_sentence(crime, facts, view).extra_circumstances:
                    if rule.statutory_effects:
                        seen += 1
                        assert rule.statutory_cite is not None and rule.statutory_cite.instrument == "cl"
                        assert set(rule.statutory_effects) <= {"lighter", "mitigate", "exempt", "heavier"}
    assert seen >= 6


_ANY_FACTS: dict[str, dict[str, object]] = {
    "drug_trafficking": {"drug": "heroin", "grams": 20},
    "illegal_detention": {},
    "illegal_fundraising": {"level": "huge"},
    "facilitating_prostitution": {},
}
