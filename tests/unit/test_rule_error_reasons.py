"""Reasons the sentencing rules give for refusing a case read Chinese first: "中文说明 / English text", one line."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest

from pleaguard.errors import InputError, LawNotInForce
from pleaguard.rules.parameters import Law
from pleaguard.services.sentencing import review, sentence

_CJK = re.compile(r"[\u4e00-\u9fff]")


def _case(**extra: Any) -> dict[str, Any]:
    """A theft case with a given base sentence, changed by `extra` (a key given as None is left out)."""
    out: dict[str, Any] = {"crime": "theft", "offense_date": "2022-01-01", "base_sentence_months": 12}
    out.update(extra)
    return {k: v for k, v in out.items() if v is not None}


def _refusal(case: dict[str, Any], law: Law) -> InputError:
    with pytest.raises(InputError) as exc:
        sentence(case, law)
    return exc.value


def _halves(reason: str) -> tuple[str, str]:
    zh, sep, en = reason.partition(" / ")
    assert sep, f"no ' / ' between the halves: {reason!r}"
    return zh, en


def test_a_decision_before_the_offense_is_refused_in_chinese_first(law: Law) -> None:
    err = _refusal(_case(decided_on="2021-12-01"), law)
    assert err.field == "decided_on"
    assert err.reason == "宣判日期早于犯罪日期 / the decision date is before the offense date"


def test_a_person_too_young_for_the_crime_is_told_so_with_the_crime_named_in_chinese(law: Law) -> None:
    err = _refusal(_case(defendant={"age_at_offense": 13}), law)
    zh, en = _halves(err.reason)
    assert "刑法第十七条" in zh and "盗窃罪" in zh
    assert en == "a person aged 13 is liable only for the crimes listed in CL 17(3), not theft"


def test_a_date_before_any_guideline_gives_each_half_of_the_inner_reason_in_its_own_language(law: Law) -> None:
    with pytest.raises(LawNotInForce) as exc:
        sentence(_case(offense_date="2016-01-01", decided_on="2016-12-01"), law)
    reason = exc.value.reason
    assert reason.count(" / ") == 1, reason
    zh, en = _halves(reason)
    assert zh.startswith("2016-12-01没有施行中的量刑指导意见（规则 ") and "尚未施行" in zh
    assert en.startswith("no sentencing guideline was in force on 2016-12-01 (no rule ")
    assert not _CJK.search(en)


def test_an_unknown_province_is_refused_in_chinese_first(law: Law) -> None:
    with pytest.raises(InputError) as exc:
        law.at(dt.date(2022, 1, 1), "atlantis")
    assert exc.value.reason == "没有 'atlantis' 的省级实施细则 / no provincial rules for 'atlantis'"


@pytest.mark.parametrize(
    ("case", "field"),
    [
        (_case(defendant={"age_at_offense": 11}), "defendant.age_at_offense"),
        (_case(defendant={"age_at_offense": 30, "birth_date": "2000-01-02"}), "defendant.age_at_offense"),
        (_case(defendant={"birth_date": "2023-01-01"}), "defendant.birth_date"),
        (_case(defendant={"age_at_offense": 17}, circumstances=[{"kind": "recidivism"}]), "circumstances[0].kind"),
        (_case(defendant={"age_at_offense": 30}, circumstances=[{"kind": "minor"}]), "circumstances[0].kind"),
        (_case(circumstances=[{"kind": "elderly"}]), "defendant.age_at_offense"),
        (_case(circumstances=[{"kind": "remorse"}]), "circumstances[0].kind"),
        (_case(circumstances=[{"kind": "surrender"}, {"kind": "surrender"}]), "circumstances[1].kind"),
        (_case(circumstances=[{"kind": "attempt"}, {"kind": "abandonment"}]), "circumstances[1].kind"),
        (_case(circumstances=[{"kind": "attempt"}, {"kind": "preparation"}]), "circumstances[1].kind"),
        (
            _case(
                decided_on="2022-06-01",
                circumstances=[{"kind": "plea_leniency", "stage": "trial", "date": "2022-07-01"}],
            ),
            "circumstances[0].date",
        ),
        (_case(base_sentence_months=None, statutory_range={"min_months": 1, "max_months": 36}), "statutory_range"),
        (_case(crime="x", statutory_range={"min_months": 36, "max_months": 1}), "statutory_range"),
        (_case(crime="x", base_sentence_months=None), "crime"),
        (_case(base_sentence_months=None, facts={"amount_yuan": "much"}), "facts.amount_yuan"),
        (_case(base_sentence_months=None, facts={"amount_yuan": -5}), "facts.amount_yuan"),
        (_case(base_sentence_months=None, facts={"weight": 5}), "facts.weight"),
    ],
)
def test_every_engine_refusal_reads_chinese_first_then_english_on_one_line(
    case: dict[str, Any], field: str, law: Law
) -> None:
    err = _refusal(case, law)
    assert err.field == field
    zh, en = _halves(err.reason)
    assert _CJK.search(zh) and not _CJK.search(en), err.reason
    assert "\n" not in str(err)


def test_a_review_without_a_recommendation_is_refused_in_chinese_first(law: Law) -> None:
    with pytest.raises(InputError) as exc:
        review(_case(), law)
    assert exc.value.field == "recommendation"
    assert exc.value.reason == "审查须提供检察机关的量刑建议 / a review needs the prosecutor's recommendation"
