"""Extraction from made-up judgment excerpts covering how judgments phrase each fact (pleaguard.judgments.extract)."""

from __future__ import annotations

from typing import Any

import pytest

from pleaguard.judgments.extract import CIRCUMSTANCES, extract
from pleaguard.judgments.segment import segment


def judgment(
    *,
    parties: str = "被告人张三，男，1980年1月1日出生，汉族，无业。",
    procedure: str = "本院依法适用简易程序，实行独任审判，公开开庭审理了本案。现已审理终结。",
    facts: str = "公诉机关指控，2018年5月1日，被告人张三醉酒驾驶机动车。 经审理查明，事实与指控一致。",
    reasoning: str = "本院认为，被告人张三在道路上醉酒驾驶机动车，其行为已构成危险驾驶罪。",
    basis: str = "依照《中华人民共和国刑法》第一百三十三条之一的规定，",
    operative: str = "被告人张三犯危险驾驶罪，判处拘役二个月，并处罚金人民币四千元。",
    court: str = "浙江省杭州市西湖区人民法院",
    number: str = "（2018）浙0106刑初100号",
) -> str:
    return (
        f"{court} 刑事判决书 {number} 公诉机关杭州市西湖区人民检察院。 {parties} "
        f"杭州市西湖区人民检察院以杭西检刑诉（2018）1号起诉书指控被告人犯罪，向本院提起公诉。{procedure} "
        f"{facts} {reasoning}{basis}判决如下： {operative} "
        "如不服本判决，可在接到判决书的第二日起十日内向杭州市中级人民法院提出上诉。 "
        "审判员李四 二〇一八年六月一日 书记员王五"
    )


def one(text: str) -> dict[str, Any]:
    rec = extract(text)
    assert "error" not in rec, rec
    return rec


def test_the_header_gives_court_case_number_and_year() -> None:
    rec = one(judgment())
    assert rec["court"] == "浙江省杭州市西湖区人民法院"
    assert rec["case_number"] == "（2018）浙0106刑初100号"
    assert rec["year"] == 2018


def test_a_title_line_before_the_court_name_is_not_part_of_the_court() -> None:
    rec = one(judgment(court="张三危险驾驶一审刑事判决书 浙江省杭州市西湖区人民法院"))
    assert rec["court"] == "浙江省杭州市西湖区人民法院"


def test_without_a_case_number_the_year_comes_from_the_judgment_date() -> None:
    rec = one(judgment(number=""))
    assert rec["year"] == 2018
    assert rec["case_number"] is None


def test_detention_with_probation_and_fine_is_read_from_the_operative_part() -> None:
    rec = one(judgment(operative="被告人张三犯危险驾驶罪，判处拘役二个月，宣告缓刑四个月，并处罚金人民币4,000元。"))
    d = rec["defendants"][0]
    assert d["charges"] == ["危险驾驶罪"]
    assert d["penalty"] == {"type": "criminal_detention", "months": 2, "probation_months": 4, "fine_yuan": 4000}


def test_probation_written_as_a_testing_period_is_read() -> None:
    rec = one(judgment(operative="被告人张三犯交通肇事罪，判处有期徒刑三年，宣告缓刑，缓刑考验期限为四年。"))
    assert rec["defendants"][0]["penalty"]["probation_months"] == 48


def test_several_charges_give_the_combined_sentence_and_the_stated_total_fine() -> None:
    op = ("被告人张三犯盗窃罪，判处有期徒刑八个月，并处罚金1800元；犯抢劫罪，判处有期徒刑三年，并处罚金1000元，"
          "决定执行有期徒刑三年零二个月，并处罚金2800元。")
    d = one(judgment(operative=op))["defendants"][0]
    assert set(d["charges"]) == {"盗窃罪", "抢劫罪"}
    assert d["penalty"] == {"type": "fixed_term_imprisonment", "months": 38, "probation_months": None,
                            "fine_yuan": 2800}


def test_fines_of_several_charges_are_summed_when_the_combined_sentence_names_none() -> None:
    op = ("被告人张三犯盗窃罪，判处有期徒刑八个月，并处罚金人民币一千元；"
          "犯诈骗罪，判处有期徒刑一年，并处罚金人民币二千元，"
          "决定执行有期徒刑一年六个月。")
    d = one(judgment(operative=op))["defendants"][0]
    assert d["penalty"]["months"] == 18
    assert d["penalty"]["fine_yuan"] == 3000


def test_charge_names_containing_the_enumeration_comma_are_kept_whole() -> None:
    op = "被告人张三犯掩饰、隐瞒犯罪所得罪、非法买卖、运输枪支罪，决定执行有期徒刑二年。"
    d = one(judgment(operative=op))["defendants"][0]
    assert d["charges"] == ["掩饰、隐瞒犯罪所得罪", "非法买卖、运输枪支罪"]


def test_a_charge_of_an_earlier_judgment_combined_with_the_new_one_is_not_a_charge_of_this_case() -> None:
    op = ("被告人张三犯故意伤害罪，判处有期徒刑四年，与本院（2012）浙0106刑初1号刑事判决中对张三犯聚众斗殴罪判处的"
          "有期徒刑三年并罚，决定执行有期徒刑六年。")
    d = one(judgment(operative=op))["defendants"][0]
    assert d["charges"] == ["故意伤害罪"]
    assert d["penalty"]["months"] == 72


@pytest.mark.parametrize(
    ("operative", "ptype", "months"),
    [
        ("被告人张三犯故意杀人罪，判处死刑，缓期二年执行，剥夺政治权利终身。", "death", None),
        ("被告人张三犯抢劫罪，判处无期徒刑，剥夺政治权利终身，并处没收个人全部财产。", "life_imprisonment", None),
        ("被告人张三犯赌博罪，单处罚金人民币五千元。", "fine_only", None),
        ("被告人张三犯滥伐林木罪，免予刑事处罚。", "exemption", None),
        ("被告人张三无罪。", "not_guilty", None),
        ("被告人张三犯寻衅滋事罪，判处管制一年。", "public_surveillance", 12),
        ("被告人张三犯交通肇事罪，判处有期徒三年四个月。", "fixed_term_imprisonment", 40),
    ],
)
def test_every_kind_of_principal_punishment_is_recognised(operative: str, ptype: str, months: int | None) -> None:
    d = one(judgment(operative=operative))["defendants"][0]
    assert d["penalty"]["type"] == ptype
    assert d["penalty"]["months"] == months


def test_confiscation_of_property_is_not_a_fine() -> None:
    d = one(judgment(operative="被告人张三犯抢劫罪，判处有期徒刑十年，并处没收个人财产人民币一万元。"))["defendants"][0]
    assert d["penalty"]["fine_yuan"] is None


def test_not_guilty_has_no_charges() -> None:
    d = one(judgment(operative="被告人张三无罪。"))["defendants"][0]
    assert d["charges"] == []


# -- procedure ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("procedure", "expected"),
    [
        ("本院适用刑事案件速裁程序，实行独任审判，公开开庭审理了本案。", "speedy"),
        ("本院依法适用简易程序，实行独任审判，公开开庭审理了本案。现已审理终结。", "simplified"),
        ("本院依法组成合议庭，适用简易程序，公开开庭审理了本案。现已审理终结。", "simplified"),
        ("本院依法组成合议庭，公开开庭审理了本案。现已审理终结。", "ordinary"),
        ("本院适用简易程序审理，因案情复杂，依法转为普通程序，组成合议庭审理。现已审理终结。", "ordinary"),
        ("公诉机关建议适用简易程序审理。本院受理后，依法组成合议庭，公开开庭审理了本案。现已审理终结。", "ordinary"),
        ("本院依法实行独任审判，公开开庭审理了本案。现已审理终结。", "unknown"),
    ],
)
def test_the_procedure_is_what_the_court_applied(procedure: str, expected: str) -> None:
    assert one(judgment(procedure=procedure))["procedure"] == expected


def test_an_appeal_judgment_does_not_state_the_first_instance_procedure() -> None:
    text = judgment(number="（2017）吉05刑终133号", parties="上诉人（原审被告人）张三，男，汉族。",
                    operative="一、撤销某县人民法院（2016）吉0581刑初267号刑事判决，即被告人张三犯诈骗罪，判处有期徒刑三年四个月；"
                              " 二、上诉人张三犯诈骗罪，判处有期徒刑三年，缓刑三年，并处罚金人民币二万元。")
    rec = one(text)
    assert rec["procedure"] == "unknown"
    assert rec["defendants"][0]["penalty"] == {"type": "fixed_term_imprisonment", "months": 36,
                                               "probation_months": 36, "fine_yuan": 20000}


# -- recommendation -------------------------------------------------------------------------------------------


def test_a_recommendation_the_court_calls_appropriate_is_adopted() -> None:
    rec = one(judgment(facts="公诉机关建议对被告人张三判处拘役二个月，并处罚金。",
                       reasoning="本院认为，被告人张三犯危险驾驶罪，量刑建议适当，应予采纳。"))
    assert rec["recommendation"] == {"mentioned": True, "adopted": True}


def test_a_recommendation_the_court_rejects_is_not_adopted() -> None:
    rec = one(judgment(facts="公诉机关建议对被告人张三判处拘役四个月。",
                       reasoning="本院认为，被告人张三犯危险驾驶罪，公诉机关的量刑建议偏重，本院不予采纳。"))
    assert rec["recommendation"] == {"mentioned": True, "adopted": False}


def test_a_sentence_inside_the_recommended_range_counts_as_adopted() -> None:
    rec = one(judgment(facts="公诉机关认为，建议对其判处六个月以上，八个月以下有期徒刑，并处罚金。",
                       operative="被告人张三犯盗窃罪，判处有期徒刑七个月，并处罚金一千元。"))
    assert rec["recommendation"] == {"mentioned": True, "adopted": True}


def test_a_sentence_outside_the_recommended_range_counts_as_departed() -> None:
    rec = one(judgment(facts="公诉机关建议判处被告人张三有期徒刑一年六个月至二年。",
                       operative="被告人张三犯盗窃罪，判处有期徒刑九个月。"))
    assert rec["recommendation"] == {"mentioned": True, "adopted": False}


def test_a_ceiling_recommendation_covers_every_lower_sentence() -> None:
    rec = one(judgment(facts="公诉机关建议对被告人判处一年以下有期徒刑。",
                       operative="被告人张三犯盗窃罪，判处拘役五个月。"))
    assert rec["recommendation"]["adopted"] is True


def test_the_defences_plea_for_probation_is_not_a_sentencing_recommendation() -> None:
    rec = one(judgment(facts="辩护人的辩护意见是：被告人系初犯，建议对其适用缓刑或判处罚金。"))
    assert rec["recommendation"] == {"mentioned": False, "adopted": None}


def test_asking_the_court_to_sentence_according_to_law_is_no_recommendation() -> None:
    rec = one(judgment(facts="公诉机关认为，被告人的行为构成危险驾驶罪，建议本院依法判处。"))
    assert rec["recommendation"]["mentioned"] is False


# -- counsel and affidavit --------------------------------------------------------------------------------------


def test_each_defender_belongs_to_the_defendant_listed_before_it() -> None:
    parties = ("被告人甲某，男。 辩护人王律，浙江某律师事务所律师。 被告人乙某，男。 "
               "辩护人李律，浙江某律师事务所律师，由杭州市西湖区法律援助中心指派。 被告人丙某，男。")
    op = ("一、被告人甲某犯盗窃罪，判处有期徒刑一年。 二、被告人乙某犯盗窃罪，判处有期徒刑十个月。 "
          "三、被告人丙某犯盗窃罪，判处有期徒刑八个月。")
    rec = one(judgment(parties=parties, operative=op))
    assert [d["name"] for d in rec["defendants"]] == ["甲某", "乙某", "丙某"]
    assert [d["counsel"] for d in rec["defendants"]] == ["retained", "legal_aid", "none"]
    assert [d["penalty"]["months"] for d in rec["defendants"]] == [12, 10, 8]


def test_an_appointed_defender_is_legal_aid_and_retained_wins_over_legal_aid() -> None:
    parties = "被告人张三，男。 指定辩护人王律，某县法律援助中心律师。 辩护人李律，浙江某律师事务所律师。"
    assert one(judgment(parties=parties))["defendants"][0]["counsel"] == "retained"
    parties = "被告人张三，男。 指定辩护人王律，某县法律援助中心律师。"
    assert one(judgment(parties=parties))["defendants"][0]["counsel"] == "legal_aid"


def test_a_defender_named_only_in_the_procedure_paragraph_is_found() -> None:
    proc = ("本院依法组成合议庭，公开开庭审理了本案。被告人张三及由某区法律援助中心指派的辩护人胡律到庭参加诉讼。"
            "现已审理终结。")
    assert one(judgment(procedure=proc))["defendants"][0]["counsel"] == "legal_aid"


def test_only_a_duty_lawyer_gives_duty_lawyer() -> None:
    facts = "被告人张三在值班律师见证下签署了认罪认罚具结书。"
    d = one(judgment(facts=facts))["defendants"][0]
    assert d["counsel"] == "duty_lawyer"
    assert d["plea_affidavit"] is True


def test_signing_the_affidavit_is_recognised_in_its_usual_phrasings() -> None:
    for phrase in ("被告人对指控的事实、罪名及量刑建议没有异议且签字具结。", "被告人自愿认罪认罚，并签署了具结书。"):
        assert one(judgment(facts=phrase))["defendants"][0]["plea_affidavit"] is True
    assert one(judgment(facts="被告人拒绝签署认罪认罚具结书。"))["defendants"][0]["plea_affidavit"] is False


# -- circumstances --------------------------------------------------------------------------------------------


def circ(reasoning: str, **kw: Any) -> dict[str, bool]:
    return dict(one(judgment(reasoning=reasoning, **kw))["defendants"][0]["circumstances"])


def test_circumstances_found_by_the_court_are_marked() -> None:
    c = circ("本院认为，被告人张三构成危险驾驶罪。被告人张三归案后如实供述自己的罪行，系坦白；当庭自愿认罪；"
             "积极赔偿被害人经济损失并取得谅解，可以从轻处罚。")
    assert {k for k, v in c.items() if v} == {"confession", "in_court_plea", "compensation", "forgiveness"}


def test_the_truthful_statement_that_makes_a_surrender_is_not_also_a_confession() -> None:
    c = circ("本院认为，被告人张三案发后主动投案，如实供述犯罪事实，系自首，依法可以从轻处罚。",
             basis="依照《中华人民共和国刑法》第一百三十三条之一、第六十七条第一款之规定，")
    assert c["surrender"] is True
    assert c["confession"] is False


def test_a_surrender_the_defence_argued_and_the_court_rejected_is_not_found() -> None:
    c = circ("本院认为，被告人张三构成危险驾驶罪。关于辩护人提出被告人系自首的辩护意见。经查，被告人系被公安机关抓获，"
             "不符合自首的条件，该辩护意见本院不予采纳。被告人如实供述自己的罪行，系坦白。")
    assert c["surrender"] is False
    assert c["confession"] is True


def test_negated_circumstances_are_not_found() -> None:
    c = circ("本院认为，被告人张三不构成累犯，亦不属于犯罪未遂，未取得被害人谅解，不能认定为立功。")
    assert not any(c.values())


def test_a_court_order_to_pay_is_not_compensation_nor_restitution() -> None:
    c = circ("本院认为，被告人张三应当承担民事赔偿责任，责令被告人退赔被害人损失。")
    assert c["compensation"] is False and c["restitution"] is False


def test_recidivism_and_a_prior_record_used_against_the_defendant_are_found() -> None:
    c = circ("本院认为，被告人张三系累犯，应当从重处罚；另有犯罪前科，可酌情从重处罚。")
    assert c["recidivism"] is True and c["prior_record"] is True
    c = circ("本院认为，被告人张三系初犯，无前科。")
    assert c["prior_record"] is False


def test_drug_reoffending_is_a_prior_record() -> None:
    assert circ("本院认为，被告人张三系毒品再犯，应当从重处罚。")["prior_record"] is True


def test_the_defendant_being_a_minor_is_found_but_a_minor_victim_is_not() -> None:
    assert circ("本院认为，被告人张三犯罪时未满十八周岁，依法应当减轻处罚。")["minor"] is True
    assert circ("本院认为，被告人张三提供场所给未成年人吸食毒品，应当从重处罚。")["minor"] is False


def test_the_criminal_law_article_the_court_applies_marks_its_circumstance() -> None:
    c = circ("本院认为，被告人张三构成危险驾驶罪，量刑建议适当，应予采纳。",
             basis="依照《中华人民共和国刑法》第一百三十三条之一第一款、第六十七条第三款、第七十二条第一款之规定，")
    assert c["confession"] is True
    assert c["surrender"] is False


def test_circumstances_follow_the_defendant_they_are_said_of() -> None:
    parties = "被告人甲某，男。 被告人乙某，男。"
    op = "一、被告人甲某犯盗窃罪，判处有期徒刑一年。 二、被告人乙某犯盗窃罪，判处有期徒刑八个月。"
    reasoning = ("本院认为，被告人甲某、乙某构成盗窃罪。被告人甲某在共同犯罪中起主要作用，系主犯；"
                 "被告人乙某起次要作用，"
                 "系从犯，依法从轻处罚。二被告人均当庭自愿认罪。")
    rec = one(judgment(parties=parties, operative=op, reasoning=reasoning))
    a, b = (d["circumstances"] for d in rec["defendants"])
    assert a["accessory"] is False and b["accessory"] is True
    assert a["in_court_plea"] is True and b["in_court_plea"] is True


def test_every_defendant_has_all_circumstance_keys() -> None:
    d = one(judgment())["defendants"][0]
    assert set(d["circumstances"]) == set(CIRCUMSTANCES)


# -- bad and unusual input ------------------------------------------------------------------------------------


def test_traditional_characters_and_full_width_digits_are_read() -> None:
    text = judgment(operative="被告人張三犯危險駕駛罪，判處拘役２個月，並處罰金人民幣４０００元。",
                    parties="被告人張三，男。")
    d = one(text)["defendants"][0]
    assert d["name"] == "张三"
    assert d["penalty"] == {"type": "criminal_detention", "months": 2, "probation_months": None, "fine_yuan": 4000}


def test_an_empty_text_is_an_error() -> None:
    assert extract("   ")["error"] == "empty"


def test_a_civil_judgment_is_not_a_criminal_judgment() -> None:
    text = ("北京市朝阳区人民法院 民事判决书 （2018）京0105民初1号 原告张三，男。 被告李四，男。 "
            "原告张三诉称，被告借款十万元未还。"
            "本院认为，借款合同合法有效。判决如下： 被告李四于本判决生效之日起十日内偿还原告借款十万元。")
    assert extract(text)["error"] == "not_criminal"


def test_a_truncated_judgment_reports_the_missing_operative_part_and_its_unknowns() -> None:
    text = judgment()
    rec = extract(text[: text.index("判决如下")])
    assert any(e.startswith("no_operative_part") for e in rec["errors"])
    assert "defendants[0].penalty.type" in rec["unknown"]
    assert rec["defendants"][0]["penalty"]["type"] is None


def test_segmentation_finds_each_part() -> None:
    s = segment(judgment())
    assert s.header.startswith("浙江省")
    assert s.parties.startswith("公诉机关")
    assert "起诉书" in s.procedure
    assert s.findings.startswith("经审理查明")
    assert s.reasoning.startswith("本院认为")
    assert s.operative.strip().startswith("被告人张三犯危险驾驶罪")
