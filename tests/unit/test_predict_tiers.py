"""Graver tiers from the facts: 情节严重 of a drug sale (spc-drugs-2016 Art. 4(1)) and fitted money thresholds
where the law leaves the sum open."""

from __future__ import annotations

from decimal import Decimal

from pleaguard.predict import quantities as qty
from pleaguard.predict.charges import ladder_for, resolve
from pleaguard.predict.data import Record
from pleaguard.predict.features import amount_tiered, build_row, drug_serious, with_amount_tier
from pleaguard.predict.fit import _fit_amount_cuts, fit, law_with
from pleaguard.predict.model import Extracted, death_under_review, predict_charge


def _serious(fact: str) -> bool:
    return drug_serious(qty.extract(fact), fact)


def test_selling_drugs_three_times_is_serious() -> None:
    assert _serious("被告人张某先后三次向程某贩卖甲基苯丙胺共计0.9克。")
    assert _serious("被告人多次向吸毒人员贩卖海洛因。")


def test_selling_drugs_to_several_users_is_serious() -> None:
    assert _serious("被告人赵某在王庄煤矿等地，向多名吸毒人员出售零包毒品。")


def test_a_single_sale_to_one_buyer_is_not_serious() -> None:
    assert not _serious("被告人倪某在医院门口将0.44克海洛因以400元的价格贩卖给张某，后被抓获。")


def test_two_sales_are_not_yet_several() -> None:
    assert not _serious("被告人李某先后两次向王某贩卖冰毒共计0.5克。")


def test_three_sales_put_a_small_drug_weight_in_the_serious_tier() -> None:
    info = resolve("走私、贩卖、运输、制造毒品")
    fact = "被告人张某先后三次向程某贩卖甲基苯丙胺共计0.9克。"
    q = qty.extract(fact)
    row = build_row(info, fact, q, {}, use_engine=False)
    assert row.tier is not None and (row.tier.min_months, row.tier.max_months) == (36, 84)


def _contract_fraud_row(amount: int) -> tuple[Extracted, str]:
    info = resolve("合同诈骗")
    fact = f"被告人李某虚构房产抵押，与被害人签订借款合同，骗取被害人人民币{amount}元。"
    q = qty.extract(fact)
    return Extracted(q, {}, build_row(info, fact, q, {}, use_engine=False)), fact


def test_contract_fraud_has_two_graver_money_tiers_the_law_leaves_open() -> None:
    assert amount_tiered(ladder_for(resolve("合同诈骗")), "contract_fraud") == [1, 2]


def test_money_tiers_an_interpretation_fixes_are_never_fitted() -> None:
    for name in ("虚开增值税专用发票、用于骗取出口退税、抵扣税款发票", "信用卡诈骗", "诈骗"):
        info = resolve(name)
        assert amount_tiered(ladder_for(info), info.key) == []


def test_a_sum_above_the_fitted_threshold_raises_the_tier_and_says_it_is_fitted() -> None:
    e, _fact = _contract_fraud_row(900000)
    assert e.row.tier is not None and e.row.tier.max_months == 36
    raised = with_amount_tier(e.row, e.quantities, [Decimal(300000), Decimal(2000000)])
    assert raised.tier is not None and (raised.tier.min_months, raised.tier.max_months) == (36, 120)
    assert raised.amount_fitted and "拟合" in raised.tier_reason
    assert raised.values["tier_index"] == 1.0


def test_a_sum_below_the_fitted_threshold_keeps_the_basic_tier() -> None:
    e, _fact = _contract_fraud_row(50000)
    assert with_amount_tier(e.row, e.quantities, [Decimal(300000)]) is e.row


def test_a_tier_the_sentencing_engine_set_is_never_replaced_by_a_fitted_threshold() -> None:
    info = resolve("盗窃")
    fact = "被告人王某入户盗窃，窃得现金人民币900000元。"
    q = qty.extract(fact)
    row = build_row(info, fact, q, {})
    if row.guideline is None:  # the engine does not cover theft: nothing to protect
        return
    assert with_amount_tier(row, q, [Decimal(1000)]) is row


def test_the_fitted_threshold_separates_the_terms_at_the_graver_tiers_minimum() -> None:
    every = []
    for n, (amount, months) in enumerate([(20000 + 1000 * i, 12) for i in range(30)] +
                                         [(400000 + 1000 * i, 60) for i in range(30)]):
        e, fact = _contract_fraud_row(amount)
        every.append((Record(fact + f"（{n}）", ("合同诈骗",), months, False, False, n), fact, [e]))
    cuts, sizes = _fit_amount_cuts(every)
    assert sizes == {"contract_fraud": 60}
    assert cuts["contract_fraud"] == [Decimal(50000)]  # the lowest grid amount above every basic-tier sum


def test_a_fitted_money_tier_shows_in_the_trace_as_fitted() -> None:
    records = []
    for n, (amount, months) in enumerate([(20000 + 1000 * i, 12) for i in range(30)] +
                                         [(400000 + 1000 * i, 60) for i in range(30)]):
        _e, fact = _contract_fraud_row(amount)
        records.append(Record(fact + f"（{n}）", ("合同诈骗",), months, False, False, n))
    law = law_with(fit(records))
    e, fact = _contract_fraud_row(900000)
    raised = Extracted(e.quantities, e.found, with_amount_tier(e.row, e.quantities, [Decimal(100000)]))
    result = predict_charge(raised, law, fact)
    tier_step = next(s for s in result.steps if s.code == "statutory_tier")
    assert tier_step.basis == "fitted"
    assert result.ceiling == 120 and result.months > 36


def test_a_death_sentence_with_reprieve_under_review_is_read_as_death() -> None:
    fact = ("龙岩市中级人民法院审理龙岩市人民检察院指控被告人何某犯××罪一案，认定被告人何某犯××罪，"
            "判处××，缓期二年执行，剥夺政治权利终身。本案在法定期限内，没有上诉、抗诉。龙岩市中级人民法院依法报请本院核准。")
    assert death_under_review(fact) is not None


def test_a_prior_reprieved_sentence_is_not_a_death_sentence_under_review() -> None:
    assert death_under_review("被告人曾因故意杀人罪被判处死刑缓期二年执行，后减刑释放。本院依法核准。") is None
    assert death_under_review("被告人持刀将被害人刺死。") is None


def test_an_open_top_tier_the_sentencing_engine_sets_is_the_statutes_top_tier() -> None:
    fact = "2016年9月27日，被告人张某虚构事实，骗取被害人人民币806309元。"
    row = build_row(resolve("诈骗"), fact, qty.extract(fact), {})
    assert row.guideline is not None and row.guideline.document["tier"]["max_months"] is None
    assert row.tier is not None and row.tier.min_months == 120  # CL 266: 数额特别巨大, 十年以上


def test_acts_of_theft_told_beside_a_robbery_are_not_repeated_robbery() -> None:
    from pleaguard.predict.guideline import engine_facts

    fact = ("1、被告人董某抢走被害人林某现金100元。2、被告人董某入户盗走电视机一台。3、被告人董某入户盗走现金500元。"
            "4、被告人董某盗走手机一部。")
    facts = engine_facts("robbery", qty.extract(fact), fact)
    assert facts["robberies"] == 1 and facts["in_home"] is False
    told = "被告人李某先后三次抢劫路人财物，并入户抢劫一次。"
    facts = engine_facts("robbery", qty.extract(told), told)
    assert facts["in_home"] is True


def test_an_offense_before_amendment_eight_is_marked_for_the_fitted_period_effect() -> None:
    def marked(fact: str) -> float:
        return build_row(resolve("盗窃"), fact, qty.extract(fact), {}).values["before_amendment_8"]

    assert marked("2010年8月14日，被告人钟某盗走水牛两头，价值5275元。") == 1.0
    assert marked("2011年5月2日，被告人钟某盗走水牛两头，价值5275元。") == 0.0
    assert marked("被告人钟某盗走水牛两头，价值5275元。") == 0.0  # no date: nothing is assumed
