"""Statutory tiers parsed from the Criminal Law text, and the choice of tier from facts."""

from __future__ import annotations

import pytest

from pleaguard.predict.charges import resolve
from pleaguard.predict.statutory import (
    article_tiers,
    charge_ladder,
    choose_tier,
    parse_clause,
    parse_criminal_law,
    small_chinese_int,
)


def test_chinese_numerals_of_statutes_are_read_as_integers() -> None:
    assert small_chinese_int("三") == 3
    assert small_chinese_int("十五") == 15
    assert small_chinese_int("二百六十四") == 264
    assert small_chinese_int("一百三十三") == 133


def test_a_three_year_clause_with_detention_runs_from_one_month_to_thirty_six() -> None:
    tier = parse_clause("数额较大的", "三年以下有期徒刑、拘役或者管制")
    assert tier is not None
    assert (tier["min_months"], tier["max_months"], tier["detention"], tier["surveillance"]) == (1, 36, True, True)


def test_a_clause_without_detention_starts_at_six_months() -> None:
    tier = parse_clause("", "五年以下有期徒刑")
    assert tier is not None and tier["min_months"] == 6 and tier["max_months"] == 60


def test_a_clause_reaching_death_has_the_fifteen_year_fixed_maximum() -> None:
    tier = parse_clause("致人死亡的", "十年以上有期徒刑、无期徒刑或者死刑")
    assert tier is not None
    assert (tier["min_months"], tier["max_months"], tier["life"], tier["death"]) == (120, 180, True, True)


def test_a_fine_alone_clause_is_not_a_custodial_tier() -> None:
    assert parse_clause("", "罚金") is None


def test_a_made_up_article_is_split_into_its_tiers_and_paragraphs() -> None:
    text = ("第九百九十九条 虚构某行为，数额较大的，处三年以下有期徒刑或者拘役，并处罚金；数额巨大的，"
            "处三年以上七年以下有期徒刑，并处罚金。\n\n犯前款罪，致人死亡的，处七年以上有期徒刑或者无期徒刑。\n")
    art = parse_criminal_law(text)["999"]
    assert [(t.paragraph, t.min_months, t.max_months, t.life) for t in art.tiers] == [
        (1, 1, 36, False), (1, 36, 84, False), (2, 84, 180, True)]
    assert art.tiers[1].condition == "数额巨大的"


def test_theft_has_three_tiers_in_the_shipped_criminal_law() -> None:
    tiers = article_tiers("264")
    assert [(t.min_months, t.max_months, t.life) for t in tiers] == [(1, 36, False), (36, 120, False), (120, 180, True)]
    assert tiers[0].cite.instrument == "cl" and tiers[0].cite.article == "264"


def test_dangerous_driving_is_punished_by_detention_only() -> None:
    (tier,) = article_tiers("133-1")
    assert (tier.min_months, tier.max_months, tier.detention) == (1, 6, True)


def test_drug_trafficking_ladder_runs_from_the_small_quantity_tier_to_death() -> None:
    ladder = charge_ladder("347", (2, 3, 4))
    assert ladder is not None
    assert [(t.min_months, t.max_months) for t in ladder.ladder] == [(1, 36), (36, 84), (84, 180), (180, 180)]
    assert ladder.ladder[-1].death


def test_intentional_homicide_has_a_lighter_tier_kept_apart_from_the_ladder() -> None:
    ladder = charge_ladder("232")
    assert ladder is not None
    assert ladder.basic.death and ladder.basic.min_months == 120
    assert [(t.min_months, t.max_months) for t in ladder.lighter] == [(36, 120)]


def test_the_basic_tier_applies_unless_the_facts_state_a_graver_condition() -> None:
    ladder = charge_ladder("264")
    assert ladder is not None
    assert choose_tier(ladder, "被告人盗窃手机一部")[0].min_months == 1
    assert choose_tier(ladder, "盗窃财物，数额巨大")[0].min_months == 36
    assert choose_tier(ladder, "盗窃财物，数额特别巨大")[0].min_months == 120


def test_a_lighter_tier_applies_only_when_the_facts_say_so() -> None:
    ladder = charge_ladder("232")
    assert ladder is not None
    assert choose_tier(ladder, "故意杀人，情节较轻")[0].max_months == 120
    assert choose_tier(ladder, "故意杀人")[0].min_months == 120


def test_quantities_pick_the_tier_where_the_statute_names_the_quantity() -> None:
    ladder = charge_ladder("347", (2, 3, 4))
    assert ladder is not None
    assert choose_tier(ladder, "", severity=3)[0].death
    assert choose_tier(ladder, "", severity=0)[0].max_months == 36


@pytest.mark.parametrize("name", ["开设赌场", "聚众斗殴", "寻衅滋事", "帮助信息网络犯罪活动"])
def test_every_charge_in_the_table_has_a_tier_ladder(name: str) -> None:
    info = resolve(name)
    assert charge_ladder(info.article, info.paragraphs) is not None
