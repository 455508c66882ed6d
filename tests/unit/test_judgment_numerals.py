"""Numbers as judgments write them are read exactly (pleaguard.judgments.numerals)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pleaguard.judgments.numerals import parse_int, parse_number, parse_term_months, parse_year, parse_yuan
from pleaguard.numerals import int_to_chinese


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("一年六个月", 18),
        ("十个月", 10),
        ("两年", 24),
        ("三年零二个月", 38),
        ("一年又六个月", 18),
        ("十一个月", 11),
        ("十五年", 180),
        ("1年6个月", 18),
        ("１年６个月", 18),
        ("6个月", 6),
        ("二十年", 240),
        ("四年十一个月", 59),
    ],
)
def test_a_term_in_years_and_months_is_read_in_months(text: str, months: int) -> None:
    assert parse_term_months(text) == months


@pytest.mark.parametrize(
    ("text", "yuan"),
    [
        ("人民币三千元", 3000),
        ("3000元", 3000),
        ("3,000元", 3000),
        ("1.5万元", 15000),
        ("壹万元", 10000),
        ("人民币5000.00元", 5000),
        ("人民币二万元", 20000),
        ("３０００元", 3000),
        ("人民币一百二十万五千元", 1205000),
        ("贰仟伍佰元", 2500),
        ("10万元", 100000),
        ("人民币一千零五元", 1005),
    ],
)
def test_an_amount_of_money_is_read_exactly_in_yuan(text: str, yuan: int) -> None:
    assert parse_yuan(text) == Decimal(yuan)


def test_a_decimal_amount_stays_exact() -> None:
    assert parse_yuan("1.25万元") == Decimal("12500")
    assert isinstance(parse_number("0.1万"), Decimal)


@pytest.mark.parametrize(
    ("text", "year"), [("二〇一六年", 2016), ("二○一六", 2016), ("２０１９", 2019), ("2013年", 2013)]
)
def test_a_year_written_digit_by_digit_is_read(text: str, year: int) -> None:
    assert parse_year(text) == year


@pytest.mark.parametrize("n", [0, 1, 10, 11, 19, 20, 105, 110, 174, 1004, 2016, 10000, 10010, 123456, 99999999])
def test_chinese_numerals_written_by_int_to_chinese_read_back_to_the_same_number(n: int) -> None:
    assert parse_int(int_to_chinese(n)) == n


@pytest.mark.parametrize("text", ["", "abc", "三年半", "十五日", "人民币", "一年六个月零"])
def test_text_that_is_not_a_term_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_term_months(text)


@pytest.mark.parametrize("text", ["", "元", "三千", "about 3000 yuan"])
def test_text_that_is_not_an_amount_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_yuan(text)


def test_a_fraction_is_not_a_whole_number() -> None:
    with pytest.raises(ValueError):
        parse_int("1.5")


# -- full-width thousands separators --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("30，000", 30000),
        ("1，200，000", 1200000),
        ("３０，０００", 30000),
        ("3,000.00", 3000),
        ("30，000.50", Decimal("30000.50")),
    ],
)
def test_a_full_width_comma_before_exactly_three_digits_separates_thousands(text: str, value: int) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["3，0", "3，0000", "3，"])
def test_a_full_width_comma_not_followed_by_exactly_three_digits_is_not_part_of_a_number(text: str) -> None:
    with pytest.raises(ValueError):
        parse_number(text)


@pytest.mark.parametrize(
    ("text", "value"),
    [("人民币30，000元", 30000), ("3,000.00元", 3000), ("人民币叁万元", 30000), ("1.2万元", 12000), ("贰仟元整", 2000)],
)
def test_amounts_in_every_written_form_read_as_yuan(text: str, value: int) -> None:
    assert parse_yuan(text) == value


def test_only_thousands_commas_are_rewritten_in_a_text() -> None:
    from pleaguard.judgments.numerals import fullwidth_thousands

    text = "并处罚金人民币30，000元，2018年5月1日，100元；第3，4项；1，2345元"
    assert fullwidth_thousands(text) == "并处罚金人民币30,000元，2018年5月1日，100元；第3，4项；1，2345元"
