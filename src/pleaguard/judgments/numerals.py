"""Reading the numbers of a judgment exactly: terms (一年六个月), money (人民币三千元, 1.5万元), years (二〇一六年).

Judgments write numbers in three ways, often mixed within one text: Chinese numerals (三年零二个月), financial
capitals (壹万元) and Arabic digits, half- or full-width, with thousands separators (3,000元) and decimals with a
Chinese unit (1.5万元). Every parser here is exact (integers and `Decimal`, never floats) and raises `ValueError`
on text that is not a number, so callers can record an explicit unknown instead of guessing.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_DIGIT = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "O": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "贰": 2, "貳": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
_SMALL_UNIT = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG_UNIT = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")
# digits and decimal point only: a full-width comma is a separator only where `fullwidth_thousands` says so
_FULLWIDTH_POINT = str.maketrans("０１２３４５６７８９．", "0123456789.")

#: characters that can be part of a number (used by callers' regular expressions)
NUMBER_CHARS = "0-9０-９.,．零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟萬億兩貳參陸"
#: characters of a term of years or months (no separators, no money units)
TERM_CHARS = "0-9０-９零〇一二两三四五六七八九十"

#: a full-width comma before exactly three digits that are not followed by another digit; it separates thousands
#: when a digit precedes it (30，000元, 1，200，000元); anywhere else the full-width comma is a clause boundary
_FW_THOUSANDS = re.compile(r"，(?=[0-9０-９]{3}(?![0-9０-９]))")
_DIGIT_CHARS = frozenset("0123456789０１２３４５６７８９")


def fullwidth_thousands(text: str) -> str:
    """Replace the full-width commas that separate thousands in a number by ',' and keep every other one.

    30，000元 → 30,000元; 1，200，000元 → 1,200,000元; but 2018年5月1日，100元 and 第3，4项 are unchanged (the comma
    there ends a clause: no digit before it, or not exactly three digits after it).
    """
    if "，" not in text:
        return text
    parts: list[str] = []
    last = 0
    for m in _FW_THOUSANDS.finditer(text):
        i = m.start()
        if i > 0 and text[i - 1] in _DIGIT_CHARS:
            parts.append(text[last:i])
            parts.append(",")
            last = i + 1
    if not parts:
        return text
    parts.append(text[last:])
    return "".join(parts)


_ARABIC = re.compile(r"^[0-9][0-9,]*(?:\.[0-9]+)?$")
_MIXED = re.compile(r"^([0-9][0-9,]*(?:\.[0-9]+)?)([十百千万亿拾佰仟萬億]+)$")


def parse_int(text: str) -> int:
    """Parse an integer written in Chinese numerals, financial capitals or digits (两千零五 → 2005, 3,000 → 3000).

    Raises ValueError if the text is not a whole number.
    """
    value = parse_number(text)
    if value != value.to_integral_value():
        raise ValueError(f"not a whole number: {text!r}")
    return int(value)


def parse_number(text: str) -> Decimal:
    """Parse a non-negative number in any of the judgment forms into an exact Decimal.

    十 → 10, 十五 → 15, 一百零五 → 105, 两万三千 → 23000, 壹万 → 10000, 1.5万 → 15000, 3,000 → 3000,
    30，000 → 30000 (a full-width comma before exactly three digits), 3,000.00 → 3000, ３０００ → 3000,
    5000.00 → 5000. A full-width comma anywhere else (3，0) is not part of a number: ValueError, as for anything
    else that is not a number.
    """
    s = fullwidth_thousands(text.strip()).translate(_FULLWIDTH_POINT)
    if not s:
        raise ValueError("empty number")
    if _ARABIC.match(s):
        return _decimal(s.replace(",", ""), text)
    m = _MIXED.match(s)
    if m:
        base = _decimal(m.group(1).replace(",", ""), text)
        return base * _unit_product(m.group(2), text)
    return Decimal(_parse_chinese(s, text))


def _decimal(s: str, original: str) -> Decimal:
    try:
        return Decimal(s)
    except InvalidOperation:
        raise ValueError(f"not a number: {original!r}") from None


def _unit_product(units: str, original: str) -> Decimal:
    result = Decimal(1)
    for ch in units:
        factor = _SMALL_UNIT.get(ch) or _BIG_UNIT.get(ch)
        if factor is None:
            raise ValueError(f"not a number: {original!r}")
        result *= factor
    return result


def _parse_chinese(s: str, original: str) -> int:
    """Chinese numerals with units (一千零五), or a bare digit string read digit by digit (二〇一六)."""
    if all(ch in _DIGIT or ch.isdigit() for ch in s):
        # positional: 二〇一六 → 2016; mixed digits allowed (2〇16 is unlikely but harmless)
        out = 0
        for ch in s:
            out = out * 10 + (_DIGIT[ch] if ch in _DIGIT else int(ch))
        return out
    total = 0  # completed big-unit sections (…万, …亿)
    section = 0  # value inside the current section, below 10,000
    digit: int | None = None
    for ch in s:
        if ch in _DIGIT:
            digit = _DIGIT[ch]
        elif ch.isdigit():
            digit = (digit or 0) * 10 + int(ch) if digit is not None and digit >= 10 else int(ch)
        elif ch in _SMALL_UNIT:
            section += (1 if digit is None else digit) * _SMALL_UNIT[ch]
            digit = None
        elif ch in _BIG_UNIT:
            big = _BIG_UNIT[ch]
            section += digit or 0
            digit = None
            if section == 0 and total == 0:
                raise ValueError(f"not a number: {original!r}")
            if (total and big > 10_000) or total == 0:
                total = (total + section) * big
            else:
                total += section * big
            section = 0
        else:
            raise ValueError(f"not a number: {original!r}")
    return total + section + (digit or 0)


_TERM = re.compile(
    rf"^(?:([{NUMBER_CHARS}]+)年)?[零又]?(?:([{NUMBER_CHARS}]+)个?月)?(?:([{NUMBER_CHARS}]+)[日天])?$"
)


def parse_term_months(text: str) -> int:
    """A term written as years and months, in months: 一年六个月 → 18, 十个月 → 10, 两年 → 24,
    三年零二个月 → 38, 一年又六个月 → 18, 1年6个月 → 18.

    Days (rare in sentences, e.g. 拘役十五日) are not whole months: ValueError.
    """
    s = text.strip().translate(_FULLWIDTH)
    m = _TERM.match(s)
    if not m or not (m.group(1) or m.group(2)) or m.group(3):
        raise ValueError(f"not a term in years and months: {text!r}")
    years = parse_int(m.group(1)) if m.group(1) else 0
    months = parse_int(m.group(2)) if m.group(2) else 0
    return years * 12 + months


_YUAN = re.compile(rf"^(?:人民币)?([{NUMBER_CHARS}]+)元(?:整)?$")


def parse_yuan(text: str) -> Decimal:
    """An amount of money in yuan: 人民币三千元 → 3000, 3,000元 → 3000, 1.5万元 → 15000, 壹万元 → 10000."""
    m = _YUAN.match(fullwidth_thousands(text.strip()).translate(_FULLWIDTH_POINT))
    if not m:
        raise ValueError(f"not an amount in yuan: {text!r}")
    return parse_number(m.group(1))


def parse_year(text: str) -> int:
    """A calendar year written digit by digit or in digits: 二〇一六 → 2016, 二○一六年 → 2016, ２０１６ → 2016."""
    s = text.strip().removesuffix("年").translate(_FULLWIDTH)
    if not s or not all(ch in _DIGIT or ch.isdigit() for ch in s) or len(s) != 4:
        raise ValueError(f"not a four-digit year: {text!r}")
    return _parse_chinese(s, text)
