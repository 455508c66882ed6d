"""The prosecution's sentencing recommendation (量刑建议) read from a fact text, and its fitted place in the
prediction."""

from __future__ import annotations

from pleaguard.predict.model import predict
from pleaguard.predict.recommendation import find


def test_a_recommended_range_gives_both_bounds_in_months() -> None:
    r = find("公诉机关建议判处被告人刘某六个月以上一年六个月以下有期徒刑，并处罚金。")
    assert r is not None and (r.low, r.high, r.kind) == (6, 18, "range")


def test_years_and_months_are_read_together() -> None:
    r = find("建议对被告人蓝某判处九年六个月以上十一年六个月以下有期徒刑，并处罚金人民币五万元。")
    assert r is not None and (r.low, r.high) == (114, 138)


def test_a_masked_lower_bound_leaves_only_the_upper_one() -> None:
    r = find("建议对被告人李某在××至一年六个月的幅度内量刑。")
    assert r is not None and (r.low, r.high, r.kind) == (None, 18, "upper")
    below = find("建议对被告人童某判处一年以下有期徒刑，并处罚金。")
    assert below is not None and (below.low, below.high) == (None, 12)


def test_a_bound_stated_as_a_minimum_leaves_only_the_lower_one() -> None:
    r = find("建议判处十年以上有期徒刑并处罚金。")
    assert r is not None and (r.low, r.high, r.kind) == (120, None, "lower")


def test_a_fine_is_not_a_term() -> None:
    r = find("建议判处被告人何某拘役以上七个月以下，并处罚金人民币三千元。")
    assert r is not None and r.high == 7


def test_a_text_without_a_recommendation_gives_none() -> None:
    assert find("被告人张某盗窃手机一部，价值3000元。公诉机关认为其行为构成盗窃罪，请求依法判处。") is None


def test_the_recommendation_moves_the_prediction_toward_it_and_says_it_is_fitted() -> None:
    fact = "被告人张某在某超市盗窃手机一部，经鉴定价值人民币3000元。"
    plain = predict(fact, ["盗窃"])
    low = predict(fact + "公诉机关建议判处一个月以上二个月以下拘役。", ["盗窃"])
    high = predict(fact + "公诉机关建议判处二年以上三年以下有期徒刑。", ["盗窃"])
    assert low["term_months"] < plain["term_months"] < high["term_months"]
    step = next(s for s in high["explanation"] if s["step"] == "recommendation")
    assert step["basis"] == "fitted" and step["cites"][0]["instrument"] == "fit-cail2018-dev"
    assert step["values"]["recommendation"]["low_months"] == 24
    assert not any(s["step"] == "recommendation" for s in plain["explanation"])


def test_a_placement_outside_the_tier_read_is_kept_and_said() -> None:
    fact = "被告人张某在某超市盗窃手机一部，经鉴定价值人民币3000元。公诉机关建议判处十年以上十一年以下有期徒刑。"
    out = predict(fact, ["盗窃"])
    step = next(s for s in out["explanation"] if s["step"] == "recommendation")
    assert out["term_months"] > 36  # above the basic tier of CL 264 read from the sum
    assert step["values"]["outside_tier_read"] is True and "法定刑幅度" in step["message"]
