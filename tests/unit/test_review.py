"""The defense's review of a prosecutor's sentencing recommendation."""

from __future__ import annotations

from typing import Any

import pytest

from pleaguard.errors import InputError
from pleaguard.rules.parameters import Law
from pleaguard.rules.sentencing.explain import render_review
from pleaguard.services.sentencing import review


def case(rec: dict[str, Any], **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {
        "crime": "theft", "offense_date": "2022-01-01", "decided_on": "2022-06-01", "base_sentence_months": 24,
        "statutory_range": {"min_months": 1, "max_months": 36}, "defendant": {"age_at_offense": 30},
        "circumstances": [{"kind": "surrender"}, {"kind": "plea_leniency", "stage": "investigation"}],
        "recommendation": rec,
    }
    out.update(extra)
    return out


def test_a_recommendation_above_the_range_is_flagged_with_the_grounds_to_object(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 34}, base_sentence_months=20), law)
    assert out["position"]["relative_to_proposed"] == "above"
    assert out["verdict"] == "object"
    codes = [p["code"] for p in out["points"]]
    assert "above_range" in codes
    above = next(p for p in out["points"] if p["code"] == "above_range")
    assert {"instrument": "cpl-2018", "article": "201", "paragraph": 2} in above["cites"]


def test_a_recommendation_inside_the_range_reports_its_percentile(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 24, "probation": True}), law)
    pos = out["position"]
    assert pos["relative_to_proposed"] == "inside"
    # proposed 9..24 months: 24 is the heaviest end
    assert pos["proposed_months"] == {"min": 9, "max": 24}
    assert pos["percentile"] == pytest.approx(100.0, abs=0.1)


def test_the_discount_earned_at_the_stage_is_compared_with_the_discount_implied(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 20, "probation": True}), law)
    assert out["discount"]["earned"]["max"] == "3/5"
    assert out["discount"]["implied"] == "1/6"
    assert "discount" in [p["code"] for p in out["points"]]


def test_a_recommendation_of_imprisonment_for_a_minor_is_flagged_because_probation_is_mandatory(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 8, "probation": False},
                      defendant={"age_at_offense": 17}), law)
    point = next(p for p in out["points"] if p["code"] == "probation_mandatory")
    assert point["severity"] == "object"
    assert {"instrument": "cl", "article": "72", "paragraph": 1} in point["cites"]


def test_a_custodial_recommendation_in_a_plea_case_prompts_the_non_custodial_rule(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 10}), law)
    assert "probation_plea" in [p["code"] for p in out["points"]]


def test_an_ignored_surrender_is_reported(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 23, "probation": True},
                      circumstances=[{"kind": "surrender"}, {"kind": "restitution"}]), law)
    texts = " ".join(f["text"] for f in out["findings"])
    assert "自首" in texts


def test_a_fine_above_the_crime_rule_is_flagged(law: Law) -> None:
    out = review({"crime": "theft", "offense_date": "2022-01-01", "decided_on": "2022-06-01",
                  "facts": {"amount_yuan": 5000}, "defendant": {"age_at_offense": 30},
                  "recommendation": {"penalty_type": "fixed_term_imprisonment", "months": 8, "probation": True,
                                     "fine_yuan": 50000}}, law)
    assert "fine" in [p["code"] for p in out["points"]]


def test_the_points_are_numbered_in_order(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 34}, defendant={"age_at_offense": 17}), law)
    assert [p["n"] for p in out["points"]] == list(range(1, len(out["points"]) + 1))
    assert out["points"][0]["severity"] == "object"


def test_similar_cases_are_not_faked(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 12}), law)
    assert out["similar_cases"]["available"] is False


def test_a_review_without_a_recommendation_is_refused(law: Law) -> None:
    data = case({"penalty_type": "fixed_term_imprisonment", "months": 12})
    del data["recommendation"]
    with pytest.raises(InputError) as exc:
        review(data, law)
    assert exc.value.field == "recommendation"


def test_a_custodial_recommendation_without_months_is_refused(law: Law) -> None:
    with pytest.raises(InputError) as exc:
        review(case({"penalty_type": "fixed_term_imprisonment"}), law)
    assert exc.value.field == "recommendation.months"


def test_a_range_recommendation_is_accepted(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": {"min": 10, "max": 14}}), law)
    assert out["recommendation"]["months"] == {"min": 10, "max": 14}


def test_the_text_review_is_chinese_and_cites_articles_as_lawyers_write_them(law: Law) -> None:
    out = review(case({"penalty_type": "fixed_term_imprisonment", "months": 34}, base_sentence_months=20), law)
    text = render_review(out, law)
    assert "辩护要点" in text
    assert "《中华人民共和国刑事诉讼法》第二百零一条第二款" in text
