"""Extraction from made-up excerpts written the ways judgments vary: amounts with full-width thousands separators,
several defendants with execution notes between their sentences, recommendations restated in the court's reasoning,
payments and forgiveness found in the findings of fact, and confessions (pleaguard.judgments.extract)."""

from __future__ import annotations

from typing import Any

import pytest
from test_judgment_extract import judgment, one

from pleaguard.judgments.extract import extract

TWO = "被告人甲某，男，1980年1月1日出生，汉族，无业。 被告人乙某，男，1981年2月2日出生，汉族，无业。"
NOTE = ("（刑期从判决执行之日起计算。判决执行以前先行羁押的，羁押一日折抵刑期一日，"
        "即自2018年5月2日起至2020年11月1日止。"
        "罚金于判决生效之日起十日内缴纳，已预缴罚金人民币5，000元。）")


def penalty(text: str, i: int = 0) -> dict[str, Any]:
    return dict(one(text)["defendants"][i]["penalty"])


def circumstances(text: str, i: int = 0) -> dict[str, bool]:
    return dict(one(text)["defendants"][i]["circumstances"])


# -- amounts ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fine", "yuan"),
    [
        ("并处罚金人民币30，000元", 30000),
        ("并处罚金人民币３０，０００元", 30000),
        ("并处罚金人民币1，200，000元", 1200000),
        ("并处罚金3,000.00元", 3000),
        ("并处罚金人民币叁万元", 30000),
        ("并处罚金1.2万元", 12000),
        ("并处罚金人民币贰仟元整", 2000),
        ("并处罚金为人民币5000元", 5000),
    ],
)
def test_a_fine_is_read_whatever_its_written_form(fine: str, yuan: int) -> None:
    text = judgment(operative=f"被告人张三犯盗窃罪，判处有期徒刑一年，{fine}。")
    assert penalty(text)["fine_yuan"] == yuan


def test_a_full_width_comma_between_clauses_is_not_read_as_a_thousands_separator() -> None:
    text = judgment(operative="被告人张三犯盗窃罪，判处拘役3个月，并处罚金人民币2000元，罚金已缴纳。")
    p = penalty(text)
    assert p["months"] == 3
    assert p["fine_yuan"] == 2000


# -- several defendants ----------------------------------------------------------------------------------------


def test_each_defendants_fine_is_read_across_numbered_items_and_execution_notes() -> None:
    text = judgment(
        parties=TWO,
        reasoning="本院认为，被告人甲某、乙某秘密窃取他人财物，数额巨大，其行为均已构成盗窃罪。",
        operative=(f"一、被告人甲某犯盗窃罪，判处有期徒刑二年六个月，并处罚金人民币30，000元。{NOTE} "
                   "二、被告人乙某犯盗窃罪，判处有期徒刑一年，缓刑一年六个月，并处罚金人民币5，000元。"
                   "（缓刑考验期限从判决确定之日起计算。罚金已缴纳。）"),
    )
    assert penalty(text, 0) == {"type": "fixed_term_imprisonment", "months": 30, "probation_months": None,
                                "fine_yuan": 30000}
    assert penalty(text, 1) == {"type": "fixed_term_imprisonment", "months": 12, "probation_months": 18,
                                "fine_yuan": 5000}


def test_an_amount_in_an_execution_note_is_not_a_fine() -> None:
    text = judgment(operative=f"被告人张三犯职务侵占罪，判处有期徒刑一年。{NOTE}")
    assert penalty(text)["fine_yuan"] is None


def test_the_combined_fine_stated_once_after_an_execution_note_is_not_counted_twice() -> None:
    text = judgment(operative=("被告人张三犯危险驾驶罪，判处拘役一个月，并处罚金人民币1，000元；"
                               "犯盗窃罪，判处有期徒刑六个月，"
                               "决定执行有期徒刑六个月（刑期从判决执行之日起计算），并处罚金人民币1，000元。"))
    p = penalty(text)
    assert p["months"] == 6
    assert p["fine_yuan"] == 1000


# -- the recommendation ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "reasoning"),
    [
        ("", "对公诉机关量刑有期徒刑六个月至有期徒刑十个月的建议，本院予以采纳。"),
        ("", "公诉机关的量刑意见适当，本院予以采纳。"),
        ("公诉机关建议对被告人判处拘役一个月至三个月，并处罚金。", "量刑建议适当，予以支持。"),
        ("公诉机关认为被告人构成危险驾驶罪，建议判处拘役三个月，并处罚金。", "公诉机关的建议适当，本院予以采纳。"),
        ("", "公诉机关提出对被告人在拘役一个月至三个月之间量刑的建议，符合法律规定，予以采纳。"),
        ("", "辩护人提出的从轻处罚意见，本院予以采纳；公诉机关和辩护人的量刑建议，本院均予以采纳。"),
    ],
)
def test_a_recommendation_restated_and_adopted_in_the_reasoning_is_mentioned_and_adopted(
    facts: str, reasoning: str
) -> None:
    text = judgment(facts=f"{facts} 经审理查明，事实与指控一致。",
                    reasoning=f"本院认为，被告人张三醉酒驾驶机动车，其行为已构成危险驾驶罪。{reasoning}")
    assert one(text)["recommendation"] == {"mentioned": True, "adopted": True}


@pytest.mark.parametrize(
    "reasoning",
    [
        "辩护人关于从轻量刑的建议，本院予以采纳。",
        "辩护人提出的量刑意见适当，本院予以采纳。",
        "公诉机关未发表具体量刑意见。",
        "公诉机关未提出量刑建议，辩护人建议判处拘役一个月的辩护意见，本院予以采纳。",
    ],
)
def test_the_defences_proposal_or_a_missing_recommendation_is_no_recommendation(reasoning: str) -> None:
    text = judgment(reasoning=f"本院认为，被告人张三犯危险驾驶罪。{reasoning}")
    assert one(text)["recommendation"] == {"mentioned": False, "adopted": None}


def test_the_courts_last_word_on_the_recommendation_decides() -> None:
    text = judgment(reasoning=("本院认为，被告人张三犯危险驾驶罪。公诉机关提出对被告人在拘役四个月至六个月量刑的建议，"
                               "符合法律的规定，但结合本案情节，该量刑建议偏重，不予采纳。"),
                    operative="被告人张三犯危险驾驶罪，判处拘役二个月，并处罚金人民币四千元。")
    assert one(text)["recommendation"] == {"mentioned": True, "adopted": False}


# -- circumstances found in the findings of fact ---------------------------------------------------------------


def findings(text: str, reasoning: str = "") -> str:
    return judgment(
        facts=f"公诉机关指控，被告人张三盗窃他人财物。 经审理查明，被告人张三盗窃他人财物价值5，000元。{text}",
        reasoning=f"本院认为，被告人张三的行为已构成盗窃罪。{reasoning}",
        operative="被告人张三犯盗窃罪，判处拘役四个月，并处罚金人民币二千元。",
        basis="依照《中华人民共和国刑法》第二百六十四条之规定，",
    )


@pytest.mark.parametrize(
    ("finding", "kinds"),
    [
        ("案发后，被告人张三已赔偿被害人经济损失人民币30，000元，并取得被害人谅解。", {"compensation", "forgiveness"}),
        ("另查明，被告人张三的亲属代为退赔被害人全部经济损失。", {"restitution"}),
        ("案发后，被告人张三退还全部赃款。", {"restitution"}),
        ("审理期间，被告人张三与被害人达成和解协议并取得谅解。", {"reconciliation", "forgiveness"}),
        ("被告人张三归案后如实供述自己的罪行。", {"confession"}),
        ("被告人张三到案后如实供述了其罪行；庭审时对指控没有异议，并自愿认罪。", {"confession", "in_court_plea"}),
    ],
)
def test_a_circumstance_stated_in_the_courts_findings_is_found(finding: str, kinds: set[str]) -> None:
    c = circumstances(findings(finding))
    assert {k for k, v in c.items() if v} == kinds


@pytest.mark.parametrize(
    "finding",
    [
        "被害人王某就民事赔偿另行提起民事诉讼，判决被告人张三赔偿王某10，000元，被告人尚未履行。",
        "被害人的死亡赔偿金为212，400元，丧葬费23，193元。",
        "附带民事诉讼原告人要求被告人赔偿经济损失50，000元。",
        "被告人张三以高额回报为诱饵，承诺到期退还本金。",
        "原告人将交强险赔偿款11万元退还给保险公司。",
        "上述事实，有被告人的供述、赔偿协议、收条、谅解书等证据证实，足以认定。",
        "被害人对被告人张三不予谅解。",
    ],
)
def test_sums_owed_claimed_or_told_in_evidence_lists_are_no_circumstance(finding: str) -> None:
    c = circumstances(findings(finding))
    assert not any(c[k] for k in ("compensation", "restitution", "forgiveness", "reconciliation"))


def test_a_defence_argument_the_court_rejects_stays_not_found() -> None:
    argued = "辩护人提出被告人已赔偿被害人全部损失、系自首的辩护意见，与查明的事实不符，本院不予采纳。"
    c = circumstances(findings("", argued))
    assert c["compensation"] is False
    assert c["surrender"] is False


@pytest.mark.parametrize(
    "reasoning",
    [
        "被告人张三退缴违法所得，可以酌情从轻处罚。",
        "被告人张三已退出全部赃款，可以酌情从轻处罚。",
        "被告人张三积极赔偿被害人损失，可以酌情从轻处罚。",
        "被告人张三退出非法所得十万元，依法可酌情从轻处罚。",
    ],
)
def test_paying_back_or_for_the_loss_stated_in_the_reasoning_is_found(reasoning: str) -> None:
    c = circumstances(findings("", reasoning))
    assert c["restitution"] or c["compensation"]


@pytest.mark.parametrize(
    "reasoning",
    [
        "被告人张三案发后主动补偿被害人家属经济损失，与被害人家属和解，可以酌情从轻处罚。",
        "被告人张三的亲属与被害人亲属自行和解，可以酌情从轻处罚。",
        "被告人张三与被害方达成和解协议，可以酌情从轻处罚。",
    ],
)
def test_a_reconciliation_the_court_finds_is_found_however_it_is_worded(reasoning: str) -> None:
    assert circumstances(findings("", reasoning))["reconciliation"]


def test_the_right_to_take_part_in_mediation_and_reconciliation_is_no_reconciliation() -> None:
    reasoning = "被告人张三依法享有参与调解、和解等权利。被告人张三如实供述自己的罪行，可以从轻处罚。"
    assert not circumstances(findings("", reasoning))["reconciliation"]


def adopted_charge(charged: str, adoption: str) -> str:
    return judgment(
        facts=f"公诉机关指控，被告人张三盗窃他人财物价值5，000元。{charged} {adoption}",
        reasoning="本院认为，被告人张三的行为已构成盗窃罪。",
        operative="被告人张三犯盗窃罪，判处拘役四个月，并处罚金人民币二千元。",
        basis="依照《中华人民共和国刑法》第二百六十四条之规定，",
    )


def test_charged_facts_the_court_adopts_as_found_are_its_findings() -> None:
    text = adopted_charge(
        "案发后，被告人张三已赔偿被害人经济损失人民币5，000元，并取得被害人谅解。",
        "上述事实，被告人张三在开庭审理过程中亦无异议，且有被害人陈述、证人证言等证据证实，足以认定。",
    )
    c = circumstances(text)
    assert c["compensation"] and c["forgiveness"]


def test_charged_facts_the_court_does_not_adopt_stay_the_prosecutions() -> None:
    text = adopted_charge("案发后，被告人张三已赔偿被害人经济损失人民币5，000元，并取得被害人谅解。", "")
    c = circumstances(text)
    assert not c["compensation"] and not c["forgiveness"]


def test_a_finding_followed_by_a_rejected_argument_in_the_same_sentence_stays_found() -> None:
    reasoning = (
        "被告人张三归案后如实供述自己的罪行，可以从轻处罚，关于被告人张三的辩护人提出“应认定自首”的辩护意见，"
        "经查，张三系被抓获归案，故该辩护意见，本院不予采纳。"
    )
    c = circumstances(findings("", reasoning))
    assert c["confession"] and not c["surrender"]


def test_an_argument_and_its_rejection_are_read_together_across_a_comma() -> None:
    reasoning = (
        "被告人张三的辩护人提出张三是从犯的辩护意见，与本院查明的情况不符，对于张三在共同犯罪中所起的作用"
        "本院在量刑时适当予以考虑，故对辩护人的上述辩护意见本院不予采纳。"
    )
    assert not circumstances(findings("", reasoning))["accessory"]


# -- confession ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reasoning", "basis"),
    [
        ("被告人张三归案后如实供述自己的罪行，可以从轻处罚。", ""),
        ("被告人张三到案后如实供述，可以从轻处罚。", ""),
        ("被告人张三能如实供述犯罪事实，认罪态度较好。", ""),
        ("", "依照《中华人民共和国刑法》第二百六十四条、第六十七条第三款之规定，"),
        ("", "依照《刑法》第264条、第67条第3款之规定，"),
    ],
)
def test_a_confession_is_found_from_its_usual_phrasings_and_its_article(reasoning: str, basis: str) -> None:
    text = judgment(reasoning=f"本院认为，被告人张三的行为已构成盗窃罪。{reasoning}",
                    basis=basis or "依照《中华人民共和国刑法》第二百六十四条之规定，",
                    operative="被告人张三犯盗窃罪，判处拘役四个月，并处罚金人民币二千元。")
    c = circumstances(text)
    assert c["confession"] is True
    assert c["surrender"] is False


def test_a_denied_surrender_leaves_the_confession_found() -> None:
    text = judgment(reasoning=("本院认为，被告人张三的行为已构成交通肇事罪。被告人及其家人打算婚礼结束后才去投案自首，"
                               "故其自首不成立。但被告人到案后如实供述了自己的主要犯罪事实，可以从轻处罚。"),
                    basis="依照《中华人民共和国刑法》第一百三十三条、第六十七条第一款之规定，")
    c = circumstances(text)
    assert c["surrender"] is False
    assert c["confession"] is True


def test_an_article_sixty_seven_citation_alone_is_no_surrender() -> None:
    text = judgment(reasoning="本院认为，被告人张三的行为已构成交通肇事罪。被告人归案后如实供述罪行，可从轻处罚。",
                    basis="依照《中华人民共和国刑法》第一百三十三条、第六十七条第一款之规定，")
    c = circumstances(text)
    assert c["surrender"] is False
    assert c["confession"] is True


def test_one_defendants_surrender_does_not_hide_the_others_confession() -> None:
    text = judgment(
        parties=TWO,
        reasoning=("本院认为，被告人甲某、乙某的行为均已构成盗窃罪。被告人甲某主动投案，如实供述犯罪事实，系自首；"
                   "被告人乙某归案后如实供述自己的罪行，可以从轻处罚。"),
        operative="被告人甲某犯盗窃罪，判处拘役三个月。被告人乙某犯盗窃罪，判处拘役四个月。",
    )
    rec = one(text)
    a, b = (d["circumstances"] for d in rec["defendants"])
    assert a["surrender"] is True and a["confession"] is False
    assert b["surrender"] is False and b["confession"] is True


def test_a_confession_stated_in_the_findings_of_a_defendant_found_to_have_surrendered_is_its_element() -> None:
    text = findings("被告人张三案发后主动到派出所投案。到案后如实供述自己的罪行。", "被告人张三系自首，可以从轻处罚。")
    c = circumstances(text)
    assert c["surrender"] is True
    assert c["confession"] is False


def test_a_non_criminal_text_stays_an_error() -> None:
    assert "error" in extract("人民币30，000元")
