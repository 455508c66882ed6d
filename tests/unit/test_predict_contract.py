"""The `pleaguard predict` contract: output fields in order, explanations, bad lines, statutory limits."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from pleaguard.cli import app
from pleaguard.errors import InputError
from pleaguard.predict.model import combine, predict

THEFT = "被告人张某在某超市盗窃手机一部，经鉴定价值人民币3000元。案发后，张某主动投案，如实供述。"
FIELDS = ["term_months", "life_imprisonment", "death_penalty", "range_months", "charges", "explanation"]


def test_the_output_has_the_contract_fields_in_order() -> None:
    out = predict(THEFT, ["盗窃罪"])
    assert list(out) == FIELDS
    assert isinstance(out["term_months"], int) and out["term_months"] >= 1
    assert out["range_months"]["min"] <= out["term_months"] <= out["range_months"]["max"]
    assert out["charges"] == ["盗窃罪"]


def test_the_explanation_goes_tier_guideline_starting_point_base_circumstances_limits() -> None:
    steps = {s["step"]: s for s in predict(THEFT, ["盗窃"])["explanation"]}
    assert list(steps) == ["charges", "quantities", "statutory_tier", "guideline", "starting_point",
                           "base_sentence", "circumstances", "limits", "result"]
    assert "3000元" in steps["quantities"]["message"]
    tier = steps["statutory_tier"]
    assert tier["basis"] == "law" and tier["cites"][0] == {"instrument": "cl", "article": "264", "paragraph": 1}
    guideline = steps["guideline"]
    assert guideline["values"]["crime"] == "theft" and guideline["values"]["trace"]
    assert guideline["basis"] == "interpretation"  # no date in the text: SG-2017 stands in, and says so
    assert steps["starting_point"]["basis"] == "fitted"
    assert steps["starting_point"]["cites"][0]["instrument"] == "fit-cail2018-dev"
    assert "surrender" in steps["circumstances"]["values"]["found"]


def test_the_guideline_in_force_on_the_offense_date_is_applied_when_it_is_encoded() -> None:
    steps = {s["step"]: s for s in predict("2018年5月1日，" + THEFT, ["盗窃"])["explanation"]}
    assert steps["guideline"]["basis"] == "law"
    assert steps["guideline"]["values"]["law_date"] == "2018-05-01"


def test_surrender_lowers_the_prediction() -> None:
    without = predict("被告人张某在某超市盗窃手机一部，经鉴定价值人民币3000元。", ["盗窃"])["term_months"]
    assert predict(THEFT, ["盗窃"])["term_months"] < without


def test_a_charge_without_a_fitted_model_reasons_from_its_statutory_tier() -> None:
    out = predict("被告人王某非法侵入他人住宅，经劝阻拒不退出。", ["非法侵入住宅罪"])
    start = next(s for s in out["explanation"] if s["step"] == "starting_point")
    assert start["values"]["model"] == "generic" and "法定刑幅度" in start["message"]
    assert 1 <= out["term_months"] <= 36  # CL 245: 三年以下有期徒刑或者拘役


def test_a_dangerous_driving_prediction_stays_within_detention() -> None:
    out = predict("被告人醉酒驾驶机动车，血液中乙醇含量为350mg/100ml，撞坏护栏。", ["危险驾驶"])
    assert 1 <= out["term_months"] <= 6


def test_charges_are_found_from_the_text_when_not_given_and_the_trace_says_so() -> None:
    out = predict("被告人醉酒驾驶机动车，血液中乙醇含量为150mg/100ml。")
    assert out["charges"] == ["危险驾驶罪"]
    step = out["explanation"][0]
    assert step["basis"] == "fitted" and "拟合文本模型" in step["values"]["found_by"]
    json.dumps(out)  # JSON-ready without a custom encoder


def test_an_empty_fact_is_an_input_error() -> None:
    with pytest.raises(InputError) as exc:
        predict("  ")
    assert exc.value.field == "fact"


def test_several_terms_combine_above_the_greatest_and_within_the_cl69_caps() -> None:
    assert combine([24.0, 12.0], 0.5) == 30.0
    assert combine([24.0, 12.0], 0.0) == 24.0
    assert combine([180.0, 180.0], 1.0) == 240.0  # sum under 35 years: at most 20 years
    assert combine([180.0, 180.0, 180.0], 1.0) == 300.0  # sum of 35 years or more: at most 25 years


def test_the_cli_writes_one_line_per_input_line_and_reports_bad_lines(tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join([
        json.dumps({"fact": THEFT, "charges": ["盗窃罪"]}, ensure_ascii=False),
        "not json",
        json.dumps({"fact": ""}),
        json.dumps(["a list"]),
        json.dumps({"fact": THEFT, "charges": "盗窃"}, ensure_ascii=False),
        json.dumps({"fact": THEFT, "charges": ["完全不存在的名称"]}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(app, ["predict", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 6
    assert list(lines[0]) == FIELDS and list(lines[4]) == FIELDS
    assert [("error" in x) for x in lines] == [False, True, True, True, False, True]
    assert lines[1]["line"] == 2 and "charges" in lines[5]["error"]
    assert "predicted 2 lines, 4 errors" in result.stderr


def test_a_missing_input_file_exits_with_code_two() -> None:
    from pleaguard.cli import main

    with pytest.raises(SystemExit) as exc:
        main(["predict", "/nonexistent/file.jsonl"])
    assert exc.value.code == 2


def test_traditional_characters_and_full_width_digits_are_read_like_simplified_text() -> None:
    fact = "被告人張某在某超市盜竊手機一部，經鑒定價值人民幣３０００元。案發後，張某主動投案，如實供述。"
    traditional = predict(fact, ["盜竊罪"])
    assert traditional["charges"] == ["盗窃罪"]
    assert traditional["term_months"] == predict(THEFT, ["盗窃罪"])["term_months"]


def test_mitigation_below_the_minimum_reaches_only_the_next_lower_tier() -> None:
    from pleaguard.predict.charges import resolve
    from pleaguard.predict.model import _next_lower_minimum
    from pleaguard.predict.statutory import article_tiers

    _basic, graver, gravest = article_tiers("264")
    assert _next_lower_minimum(resolve("盗窃"), gravest) == 36  # 10 years+ → down to 3-10 years (CL 63(1))
    assert _next_lower_minimum(resolve("盗窃"), graver) == 1
    assert _next_lower_minimum(resolve("故意杀人"), article_tiers("232")[0]) == 36
