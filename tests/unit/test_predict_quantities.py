"""Quantities read from made-up fact excerpts."""

from __future__ import annotations

from decimal import Decimal

from pleaguard.predict import quantities as q


def test_a_single_amount_in_arabic_digits_is_read_exactly() -> None:
    assert q.amount_yuan("盗得手机一部，经鉴定价值人民币3,450.5元。")[0] == Decimal("3450.5")


def test_chinese_numerals_and_ten_thousands_are_read() -> None:
    assert q.amount_yuan("骗取被害人现金人民币三千元")[0] == Decimal(3000)
    assert q.amount_yuan("骗取被害人钱款1.5万元")[0] == Decimal(15000)


def test_a_stated_total_is_preferred_to_the_sum_of_acts() -> None:
    fact = "1、盗得电动车一辆，价值2000元；2、盗得手机一部，价值1000元。以上共计价值人民币3000元。"
    assert q.amount_yuan(fact)[0] == Decimal(3000)


def test_without_a_total_the_amounts_of_the_acts_are_added() -> None:
    fact = "盗得电动车一辆，价值2000元；又盗得手机一部，价值1000元。"
    assert q.amount_yuan(fact)[0] == Decimal(3000)


def test_compensation_and_resale_prices_are_not_the_crimes_amount() -> None:
    fact = "盗得手机一部，价值1000元，后以300元卖给他人。案发后赔偿被害人1000元。"
    assert q.amount_yuan(fact)[0] == Decimal(1000)


def test_drug_weights_are_read_per_drug_with_kilograms_converted() -> None:
    fact = "查获甲基苯丙胺2.5克、海洛因0.8克，另查获氯胺酮1.2千克。"
    weights = q.drug_weights(fact)
    assert weights == {"methamphetamine": Decimal("2.5"), "heroin": Decimal("0.8"), "ketamine": Decimal("1200.0")}


def test_a_stated_drug_total_wins_over_the_mentions() -> None:
    fact = "贩卖冰毒0.3克，又贩卖冰毒0.5克，共计冰毒0.8克。"
    assert q.drug_weights(fact) == {"methamphetamine": Decimal("0.8")}


def test_the_gravest_injury_grade_is_kept() -> None:
    grade, light, serious = q.injury_grade("被害人甲构成轻微伤，被害人乙构成轻伤二级，被害人丙构成重伤二级。")
    assert grade == "serious_injury_2" and light == 1 and serious == 1


def test_deaths_are_counted_from_a_stated_number() -> None:
    assert q.deaths("造成二人死亡、一人受伤") == 2
    assert q.deaths("被害人经抢救无效死亡") == 1
    assert q.deaths("被害人受轻伤") == 0


def test_blood_alcohol_is_read_in_mg_per_100ml() -> None:
    assert q.bac("血液中乙醇含量为186.5mg/100ml") == Decimal("186.5")
    assert q.bac("乙醇含量为 96 毫克/100毫升") == Decimal(96)
    assert q.bac("未检出乙醇") is None


def test_traffic_responsibility_and_flight_are_found() -> None:
    quantities = q.extract("发生交通事故后驾车逃逸，经认定被告人负事故的主要责任。")
    assert quantities.responsibility == "main" and quantities.fled


def test_a_stated_number_of_acts_is_read() -> None:
    assert q.count_acts("被告人先后盗窃5次") == 5
    assert q.count_acts("被告人盗窃电动车一辆") == 1


def test_gambling_funds_are_read() -> None:
    assert q.extract("开设赌场，赌资共计人民币2万元").gambling_funds_yuan == Decimal(20000)


def test_a_count_of_acts_stated_before_the_act_is_read() -> None:
    assert q.count_acts("被告人陈某某先后7次趁夜晚无人之机盗窃砖厂废旧钢铁共876公斤。") == 7
    assert q.count_acts("被告人先后三次向程某贩卖甲基苯丙胺。") == 3


def test_a_count_of_days_or_items_is_not_a_count_of_acts() -> None:
    assert q.count_acts("被告人先后3次前往医院探望被害人。") == 1


def test_a_drug_weight_said_again_counts_once() -> None:
    fact = "从其身上查获甲基苯丙胺4.45克。经鉴定，上述甲基苯丙胺4.45克均检出甲基苯丙胺成分。"
    assert q.drug_weights(fact) == {"methamphetamine": Decimal("4.45")}


def test_the_prosecutions_restated_total_is_not_added_to_the_mentions() -> None:
    fact = "被告人蔡某向李某贩卖海洛因0.17克，另从其身上缴获海洛因5.59克。公诉机关认为，被告人贩卖海洛因5.76克。"
    assert q.drug_weights(fact) == {"heroin": Decimal("5.76")}


def test_an_unnamed_weight_is_the_one_drug_the_text_names() -> None:
    fact = "现场查获白色块状物一包，净重200克。后在其住处查获一包，净重4克，经检验，上述毒品均检出海洛因成份。"
    assert q.drug_weights(fact) == {"heroin": Decimal("204")}
