"""Charge names: spellings, articles, and finding charges in a fact text."""

from __future__ import annotations

import re

import pytest

from pleaguard.errors import InputError
from pleaguard.predict.charge_model import ChargeModel, bigrams
from pleaguard.predict.charges import find_by_rules, find_charges, normalize_name, resolve
from pleaguard.predict.fit_charges import fit
from pleaguard.predict.model import predict


def test_cail_brackets_and_the_final_character_are_removed() -> None:
    assert normalize_name("[走私、贩卖、运输、制造]毒品") == "走私、贩卖、运输、制造毒品"
    assert normalize_name("盗窃罪") == "盗窃"


def test_guideline_crimes_map_to_their_glossary_code_names() -> None:
    assert resolve("盗窃罪").code == "theft"
    assert resolve("[走私、贩卖、运输、制造]毒品").code == "drug_trafficking"
    assert resolve("帮信罪").code == "aiding_cyber_crime"


def test_other_charges_map_to_their_article() -> None:
    assert resolve("合同诈骗").article == "224"
    assert resolve("故意杀人罪").article == "232"
    assert resolve("故意杀人罪").key == "cl_232"
    assert resolve("开设赌场").key == "gambling_house" and resolve("赌博").key == "cl_303"


def test_a_name_outside_the_table_is_matched_to_an_article_by_its_text() -> None:
    info = resolve("组织出卖人体器官罪")
    assert info.matched_by == "text"
    assert info.article == "234-1"


def test_an_empty_or_unknown_name_is_an_input_error_naming_the_field() -> None:
    with pytest.raises(InputError) as exc:
        resolve("罪")
    assert exc.value.field == "charges"
    with pytest.raises(InputError):
        resolve("完全不存在的名称")


def test_the_fitted_text_model_finds_the_charge_and_says_it_is_not_law_with_its_score() -> None:
    infos, how = find_charges("被告人醉酒驾驶机动车，血液中乙醇含量为150mg/100ml。")
    assert [i.name for i in infos] == ["危险驾驶"]
    assert "拟合文本模型" in how and "非法律" in how and re.search(r"得分 [01]\.\d\d", how)


def test_charges_judged_together_are_found_as_a_set_with_the_more_frequent_charge_first() -> None:
    infos, _how = find_charges("被告人贩卖甲基苯丙胺0.5克，并容留他人在其家中吸食甲基苯丙胺。")
    assert [i.name for i in infos] == ["走私、贩卖、运输、制造毒品", "容留他人吸毒"]


def test_a_stated_charge_the_model_was_never_fitted_on_is_taken_as_stated() -> None:
    infos, how = find_charges("经审理查明，被告人在河道内非法采砂，公诉机关认为其行为构成非法采矿罪。")
    assert [i.name for i in infos] == ["非法采矿"] and "载明" in how


def test_the_stated_names_come_first_in_the_keyword_rules() -> None:
    infos, how = find_by_rules("公诉机关认为，被告人的行为构成诈骗罪。")
    assert [i.name for i in infos] == ["诈骗"] and "载明" in how


def test_keyword_rules_find_the_charge_when_the_text_does_not_state_it() -> None:
    infos, _how = find_by_rules("被告人醉酒驾驶机动车，血液中乙醇含量为150mg/100ml。")
    assert [i.name for i in infos] == ["危险驾驶"]
    infos, _how = find_by_rules("被告人贩卖甲基苯丙胺0.5克，并容留他人在其家中吸食甲基苯丙胺。")
    assert [i.name for i in infos] == ["走私、贩卖、运输、制造毒品", "容留他人吸毒"]


def _toy_model() -> ChargeModel:
    theft, fraud, both = frozenset({"盗窃"}), frozenset({"诈骗"}), frozenset({"诈骗", "盗窃"})
    data = [
        (theft, bigrams("秘密窃取他人财物")),
        (theft, bigrams("入户窃取财物")),
        (fraud, bigrams("虚构事实骗取财物")),
        (fraud, bigrams("冒充民警骗取钱款")),
        (both, bigrams("骗取并窃取财物")),
        (both, bigrams("骗取后窃取")),
    ]
    return ChargeModel(fit(data, alpha=0.1, min_df=1, min_count=1, min_set=2))


def test_the_model_goes_to_the_class_whose_bigrams_the_text_shares() -> None:
    model = _toy_model()
    assert {n for names in model.names for n in names} == {"盗窃", "诈骗"} and ("盗窃", "诈骗") in model.names
    guess = model.guess("被告人窃取他人财物")
    assert guess is not None and guess.names == ("盗窃",) and 0.5 < guess.score <= 1.0
    other = model.guess("骗取钱款")
    assert other is not None and other.names == ("诈骗",)


def test_the_model_can_be_held_to_the_classes_holding_given_charges() -> None:
    guess = _toy_model().guess("被告人窃取他人财物", including=["诈骗"])
    assert guess is not None and "诈骗" in guess.names


def test_without_a_known_bigram_the_keyword_rules_decide() -> None:
    infos, how = find_charges("醉驾ＸＸ", _toy_model())
    assert [i.name for i in infos] == ["危险驾驶"] and "关键词" in how


def test_the_fit_is_deterministic_and_drops_rare_counts() -> None:
    data = [
        (frozenset({"盗窃"}), bigrams("窃取财物")),
        (frozenset({"盗窃"}), bigrams("窃取手机")),
        (frozenset({"诈骗"}), bigrams("骗取财物")),
    ]
    tree = fit(data, alpha=0.1, min_df=1, min_count=2, min_set=2)
    assert tree == fit(list(reversed(data)), alpha=0.1, min_df=1, min_count=2, min_set=2)
    theft = tree["classes"][0]
    assert theft["charges"] == ["盗窃"] and theft["records"] == 2
    assert theft["bigrams"] == "窃取" and theft["counts"] == [2]
    assert tree["classes"][1]["bigrams"] == ""


def test_digits_are_folded_so_amounts_do_not_split_the_vocabulary() -> None:
    assert bigrams("价值1234元") == bigrams("价值98.5元") == {"价值", "值0", "0元"}


def test_a_prediction_without_charges_explains_that_the_fitted_model_found_them() -> None:
    out = predict("被告人醉酒驾驶机动车，血液中乙醇含量为150mg/100ml。", None)
    step = next(s for s in out["explanation"] if s["step"] == "charges")
    assert "拟合文本模型" in step["message"] and "得分" in step["values"]["found_by"]


def test_a_short_text_that_names_its_charge_is_taken_at_its_word() -> None:
    infos, how = find_charges("张三以非法占有为目的骗取他人财物，构成诈骗罪。")
    assert [i.name for i in infos] == ["诈骗"]
    assert "拟合" not in how
