"""The pieces a crime's rules are built from: thresholds that may be ranges, quantities, and a classification.

A `Bound` is a threshold the national text gives as a range (盗窃 数额较大: 1,000 to 3,000 yuan; the province
chooses inside it) or as a point (`min == max`, after a province overlay has fixed it). Deciding whether an
amount reaches a bound has three answers: surely, surely not, or "depends on the province" — the last is never
decided silently.

A `Classification` is what a crime's rules find from the facts: the guideline case (`key`, e.g. "2" for 数额巨大),
the statutory tier, the quantities that add punishment inside the tier, the steps that explain the finding, and
alternatives where the tier depends on a choice the case does not settle (a provincial threshold, or a 可以 in an
interpretation).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Literal

from pleaguard.rules.citations import Step
from pleaguard.rules.sentencing.crimes.facts import FactSpec


@dataclass(frozen=True, slots=True)
class Bound:
    """A threshold: a point (`min == max`) or the national range within which each province fixes its figure."""

    min: Fraction
    max: Fraction

    @classmethod
    def of(cls, raw: Any) -> Bound:
        """A bound from law data: a number, or `{min, max}` (read exactly)."""
        if isinstance(raw, Mapping):
            return cls(Fraction(str(raw["min"])), Fraction(str(raw["max"])))
        if isinstance(raw, int):
            return _INT_BOUNDS.get(raw) or cls(Fraction(raw), Fraction(raw))
        v = Fraction(str(raw))
        return cls(v, v)

    def scaled(self, k: Fraction) -> Bound:
        return Bound(self.min * k, self.max * k)

    def reached(self, value: Fraction) -> Literal["yes", "no", "depends"]:
        """Whether `value` reaches the threshold (以上 includes the figure itself)."""
        if value >= self.max:
            return "yes"
        if value < self.min:
            return "no"
        return "depends"

    def zh(self) -> str:
        return fmt_yuan(self.min) if self.min == self.max else f"{fmt_yuan(self.min)}至{fmt_yuan(self.max)}"


#: Small whole-number bounds (counts) are shared.
_INT_BOUNDS: dict[int, Bound] = {i: Bound(Fraction(i), Fraction(i)) for i in range(0, 11)}


def fmt_yuan(v: Fraction) -> str:
    """A number of yuan (or grams) for a message: 30000 → "30000", 2.5 → "2.5"."""
    if v.denominator == 1:
        return str(v.numerator)
    return f"{float(v):g}"


def fmt_months(v: Fraction) -> str:
    if v.denominator == 1:
        return str(v.numerator)
    return f"{float(v):.2f}".rstrip("0").rstrip(".")


@dataclass(slots=True)
class Quantity:
    """A fact that adds punishment inside the tier (增加刑罚量), with the values that frame it.

    `lo` is the value already accounted for by the starting point (the tier's threshold, or the count the starting
    point covers); `hi` is where the national default interpolation reaches the tier maximum (None: open-ended top
    tier, see the policy's `top_tier_full_factor`). `policy_key` names the count defaults in the policy file.
    """

    name: str
    label_zh: str
    value: Fraction
    lo: Bound
    hi: Bound | None
    kind: Literal["amount", "count"] = "amount"


@dataclass(slots=True)
class Classification:
    """What the crime's rules find from the facts (see module docstring)."""

    key: str
    tier: int
    quantities: list[Quantity] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    alternatives: list[Classification] = field(default_factory=list)
    probation_strict: bool = False
    note: str = ""


@dataclass(frozen=True, slots=True)
class CrimeDef:
    """A crime: its code name, Chinese name, article, the facts it takes and the rules that classify them.

    `classify(facts, thresholds)` receives the validated facts and the thresholds in force (name → raw value, from
    `threshold_params`), and returns a `Classification` or raises `InputError` (below the crime's threshold, a
    missing quantity, contradictory facts).
    """

    name: str
    zh: str
    article: str
    facts: Mapping[str, FactSpec]
    classify: Callable[[dict[str, Any], Mapping[str, Any]], Classification]
    threshold_params: Mapping[str, str] = field(default_factory=dict)
    negligent: bool = False
    required_any: tuple[str, ...] = ()
    summary_zh: str = ""
