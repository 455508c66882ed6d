"""Chinese numerals: writing integers the way legal citations write them (第一百七十四条)."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ["", "十", "百", "千"]


def int_to_chinese(n: int) -> str:
    """Write a non-negative integer below 100,000,000 in Chinese numerals, as statutes number articles.

    10 → 十, 15 → 十五, 110 → 一百一十, 174 → 一百七十四, 1004 → 一千零四.
    """
    if n < 0 or n >= 100_000_000:
        raise ValueError(f"cannot write {n} in Chinese numerals")
    if n == 0:
        return "零"
    if n >= 10_000:
        high, low = divmod(n, 10_000)
        text = int_to_chinese(high) + "万"
        if low:
            text += ("零" if low < 1000 else "") + _below_10000(low, leading=False)
        return text
    return _below_10000(n, leading=True)


def _below_10000(n: int, *, leading: bool) -> str:
    digits = [int(d) for d in f"{n:04d}"]
    out: list[str] = []
    zero_pending = False
    started = False
    for pos, d in enumerate(digits):
        unit = _UNITS[3 - pos]
        if d == 0:
            if started:
                zero_pending = True
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        if d == 1 and unit == "十" and not started and leading:
            out.append("十")
        else:
            out.append(_DIGITS[d] + unit)
        started = True
    return "".join(out)
