"""Charge names: spellings, articles, and finding charges in a fact text."""

from __future__ import annotations

import pytest

from pleaguard.errors import InputError
from pleaguard.predict.charges import find_charges, normalize_name, resolve


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


def test_a_charge_stated_in_the_text_is_taken_as_stated() -> None:
    infos, how = find_charges("公诉机关认为，被告人的行为构成诈骗罪。")
    assert [i.name for i in infos] == ["诈骗"] and "载明" in how


def test_keyword_rules_find_the_charge_when_the_text_does_not_state_it() -> None:
    infos, _how = find_charges("被告人醉酒驾驶机动车，血液中乙醇含量为150mg/100ml。")
    assert [i.name for i in infos] == ["危险驾驶"]
    infos, _how = find_charges("被告人贩卖甲基苯丙胺0.5克，并容留他人在其家中吸食甲基苯丙胺。")
    assert [i.name for i in infos] == ["走私、贩卖、运输、制造毒品", "容留他人吸毒"]
