"""The prosecution's sentencing recommendation (量刑建议) as a fact text reports it.

A fact section often quotes what the procuratorate asked for: 建议判处一年六个月以下有期徒刑, 建议对其判处六个月至一年
六个月, 建议在三年以上五年以下幅度内量刑. The reader takes the first such clause that states a custodial term and
returns its bounds in months: both (六个月至一年六个月, 四年以上六年以下), only the upper one (一年以下; ××至一年, where
the published text has masked the lower bound) or only the lower one (十年以上). Fines (罚金) in the clause are not
terms and are left out. A text without such a clause gives None — never a guess.

How courts place their sentence relative to the recommendation is fitted (`fit.py`, `model.apply_recommendation`);
the recommendation itself is a fact of the case, not law.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pleaguard.predict.statutory import small_chinese_int

_N = r"[零一二两三四五六七八九十0-9]+"
_TERM = re.compile(rf"(?:({_N})年(?:[零又]?({_N})个?月)?|({_N})个?月)")
_CLAUSE = re.compile(r"建议[^。；]{0,60}?(?:判处|处以|量刑|幅度|刑罚|以下|以上|至)[^。；]{0,50}")
_FINE = re.compile(r"罚金[^，,。；]*")
MAX_MONTHS = 300  # a clause reading above 25 years is not a term of imprisonment


@dataclass(frozen=True, slots=True)
class Recommendation:
    """The bounds of the recommended term in months (None where the clause gives none) and the words read."""

    low: int | None
    high: int | None
    evidence: str

    @property
    def kind(self) -> str:
        """'range' (both bounds), 'upper' (only the upper bound) or 'lower' (only the lower bound)."""
        if self.low is not None and self.high is not None:
            return "range"
        return "upper" if self.high is not None else "lower"

    def describe_zh(self) -> str:
        if self.low is not None and self.high is not None:
            return f"{self.low}至{self.high}个月" if self.low != self.high else f"{self.high}个月"
        return f"{self.high}个月以下" if self.high is not None else f"{self.low}个月以上"

    def to_dict(self) -> dict[str, object]:
        return {"low_months": self.low, "high_months": self.high, "kind": self.kind, "evidence": self.evidence}


def _months(m: re.Match[str]) -> int:
    years, extra, months = m.group(1), m.group(2), m.group(3)
    if years:
        return small_chinese_int(years) * 12 + (small_chinese_int(extra) if extra else 0)
    return small_chinese_int(months)


def find(fact: str) -> Recommendation | None:
    """The first recommendation clause of `fact` that states a term (see the module docstring), or None."""
    for clause in _CLAUSE.finditer(fact):
        text = _FINE.sub("", clause.group(0))
        terms: list[tuple[int, int]] = []
        for m in _TERM.finditer(text):
            try:
                months = _months(m)
            except ValueError:
                continue
            if 0 < months <= MAX_MONTHS:
                terms.append((months, m.end()))
        if not terms:
            continue
        values = [t for t, _end in terms]
        low: int | None = min(values)
        high: int | None = max(values)
        if len(terms) == 1:
            end = terms[0][1]
            after = text[end : end + 2]
            if after == "以下" or "×至" in text[:end]:
                low = None
            elif after == "以上":
                high = None
        return Recommendation(low, high, clause.group(0)[:60])
    return None
