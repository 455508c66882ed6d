"""Statutory limits (法定刑), mitigation below the minimum, the judge's ±20%, rounding and the penalty type.

* CL 62 and SG 二（三）3: a result above the statutory maximum is declared at the maximum; 从重/从轻 stay inside.
* CL 63(1) and SG 二（三）2: below the statutory minimum only with a statutory mitigating circumstance (法定减轻
  处罚情节), and then in the next lower statutory range; with only 从轻 circumstances the minimum is declared.
  (CL 63(2): otherwise only with the Supreme People's Court's approval — reported, never assumed.)
* SG 二（三）1: with a circumstance that *requires* mitigation (应当减轻), the sentence must be below the minimum.
* SG 二（三）4: the judge may adjust the result within 20% considering the whole case.
* Penalty types: 管制 3 months-2 years (CL 38), 拘役 1-6 months (CL 42), 有期徒刑 6 months-15 years (CL 45).
Months stay exact until `round_range`, which rounds the lower end down and the upper end up to whole months.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from pleaguard.rules.citations import Citation, cite
from pleaguard.rules.parameters import LawAt
from pleaguard.rules.sentencing.exact import ceil, floor, lt, months, mul, qmax, qmin, text
from pleaguard.rules.sentencing.trace import Entry, ReadOnlyList, cite_dict, entry, one_cite
from pleaguard.rules.sentencing.types import Months, PenaltyType, Tier

#: citations are immutable: build each once
_cite = lru_cache(maxsize=512)(cite)

PENALTY_ZH = {"public_surveillance": "管制", "criminal_detention": "拘役", "fixed_term_imprisonment": "有期徒刑",
              "life_imprisonment": "无期徒刑", "death": "死刑", "exemption": "免予刑事处罚", "fine_only": "单处罚金"}
_P = "sentencing.general.criminal_law."


def fmt(m: Fraction) -> str:
    """Months for messages: whole months as integers, otherwise two decimals."""
    x: Any = m  # the value's two slots, read directly (see `exact.py`)
    if x._denominator == 1:
        return str(x._numerator)
    return _fmt(x._numerator, x._denominator)


@lru_cache(maxsize=16384)
def _fmt(num: int, den: int) -> str:
    return f"{num / den:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True, slots=True)
class Bounds:
    """The statutory frame the result must fit: the tier (or a directly fixed range) and where mitigation may go."""

    tier_min: Fraction
    tier_max: Fraction
    cites: tuple[Citation, ...]
    floor: Fraction  # lowest value reachable by mitigation (减轻)
    mitigated_ceiling: Fraction  # highest value when mitigation is mandatory


_RANGES: dict[tuple[int, str], tuple[LawAt, tuple[Fraction, Fraction, Citation]]] = {}


def penalty_range(view: LawAt, penalty: str) -> tuple[Fraction, Fraction, Citation]:
    """The months of a penalty type (CL 38, 42, 45) in force for the view, read once per span."""
    span = view.span  # the same values on every day of the span: read once per span
    key = (id(span), penalty)
    hit = _RANGES.get(key)
    if hit is not None and hit[0] is span:
        return hit[1]
    dv = view.get(_P + "penalties." + penalty)
    assert dv.cite is not None
    out = (Fraction(dv.value["min"]), Fraction(dv.value["max"]), dv.cite)
    if len(_RANGES) > 16384:
        _RANGES.clear()
    _RANGES[key] = (span, out)
    return out


_Overall = tuple[Fraction, Fraction, Fraction, Citation, str, str, ReadOnlyList]
_RATIO: dict[int, tuple[LawAt, _Overall]] = {}


def _overall(view: LawAt) -> _Overall:
    """The ±20% of SG 二（三）4 for the view: (ratio, 1 - ratio, 1 + ratio, citation, percent text, the ratio as
    text, the JSON citations), read once per span."""
    span = view.span  # the same values on every day of the span: read once per span
    hit = _RATIO.get(id(span))
    if hit is not None and hit[0] is span:
        return hit[1]
    dv = view.get("sentencing.general.method.overall_adjustment")
    assert dv.cite is not None
    r = Fraction(dv.decimal())
    out = (r, 1 - r, 1 + r, dv.cite, fmt(r * 100), text(r), one_cite(dv.cite))
    if len(_RATIO) > 4096:
        _RATIO.clear()
    _RATIO[id(span)] = (span, out)
    return out


_FRAMES: dict[tuple[int, int, int, int], tuple[LawAt, Tier, Tier | None, Months | None, Bounds]] = {}


def frame(view: LawAt, tier: Tier, lower: Tier | None, direct: Months | None) -> Bounds:
    """The statutory frame of the tier; `lower` is the next lower tier where CL 63(1) sends a mitigated sentence.

    It depends only on these (immutable) objects and the view's span of days: built once per combination.
    """
    span = view.span
    key = (id(span), id(tier), id(lower), id(direct))
    hit = _FRAMES.get(key)
    if hit is not None and hit[0] is span and hit[1] is tier and hit[2] is lower and hit[3] is direct:
        return hit[4]
    out = _frame(view, tier, lower, direct)
    if len(_FRAMES) > 16384:
        _FRAMES.clear()
    _FRAMES[key] = (span, tier, lower, direct, out)  # the objects are kept with it: their ids cannot be reused
    return out


def _frame(view: LawAt, tier: Tier, lower: Tier | None, direct: Months | None) -> Bounds:
    fixed_max = penalty_range(view, "fixed_term_imprisonment")[1]
    tmin = direct.min if direct else tier.min_months
    tmax = direct.max if direct else (tier.max_months if tier.max_months is not None else fixed_max)
    if lower is not None:
        floor = lower.min_months
        ceiling = min(lower.max_months if lower.max_months is not None else tmin, tmin)
    else:
        # no lower tier known: months cannot go below the shortest custodial penalty (拘役 1 month, CL 42); below
        # it only non-custodial penalties (管制, a fine alone) or exemption remain, which `clamp` reports
        floor = min(penalty_range(view, "criminal_detention")[0], tmin)
        ceiling = tmin
    return Bounds(tmin, tmax, (tier.cite,), floor, ceiling)


def declared(guideline: str, item: int) -> Citation:
    """SG 二（三）item n (SG-2017 二.3(n)): the rules for the declared sentence in the guideline in force."""
    if guideline == "sg-2017":
        return _cite("sg-2017", "二.3", item=item)
    return _cite("sg-2021", "二（三）", item=item)


def clamp(result: Months, b: Bounds, mitigating: list[tuple[str, Citation]], mandatory: list[tuple[str, Citation]],
          guideline: str = "sg-2021") -> tuple[Months, list[Entry], bool]:
    """Fit `result` into the statutory frame; returns the range, the trace entries, and whether it went below the
    minimum."""
    steps: list[Entry] = []
    lo, hi = result.min, result.max
    if lt(b.tier_max, hi):
        cites62 = (_cite("cl", "62"), *b.cites)
        steps.append(entry("limit_max", f"调节结果上限{fmt(hi)}个月高于法定最高刑{fmt(b.tier_max)}个月，"
                          "以法定最高刑为限。",
                          {"before": text(hi), "after": text(b.tier_max)}, (*cites62, declared(guideline, 3))))
        hi = b.tier_max
        lo = qmin(lo, hi)
    below = False
    if mandatory and not lt(b.floor, b.tier_min):
        names = "、".join(n for n, _ in mandatory)
        steps.append(_entry("mandatory_mitigation",
                          f"具有应当减轻处罚的情节（{names}）；已是最低的量刑幅度，减轻处罚意味着判处更轻的刑种"
                          f"（管制、单处罚金）或者依法免除处罚；以刑期计算不低于{fmt(b.tier_min)}个月。",
                          {"lowest_range": True, "non_custodial_possible": True},
                          _cites(b, guideline, mandatory, 1)))
        lo = qmax(lo, b.tier_min)
        return Months(lo, qmax(hi, lo)), steps, True
    if mandatory:
        names = "、".join(n for n, _ in mandatory)
        cap = b.mitigated_ceiling
        new_lo, new_hi = qmax(qmin(lo, cap), b.floor), qmax(qmin(hi, cap), b.floor)
        steps.append(_entry("mandatory_mitigation",
                          f"具有应当减轻处罚的情节（{names}），应当在法定最低刑{fmt(b.tier_min)}个月以下确定宣告刑："
                          f"{fmt(new_lo)}至{fmt(new_hi)}个月。",
                          {"floor": text(b.floor), "ceiling": text(cap)},
                          _cites(b, guideline, mandatory, 1)))
        return Months(new_lo, new_hi), steps, True
    if lt(lo, b.tier_min):
        if mitigating and not lt(b.floor, b.tier_min):
            names = "、".join(n for n, _ in mitigating)
            steps.append(_entry("mitigation_non_custodial",
                              f"调节结果下限{fmt(lo)}个月低于最短的拘役期限；具有法定减轻处罚情节（{names}），"
                              "已是最低的量刑幅度，可以考虑判处更轻的刑种（管制、单处罚金）或者依法免除处罚；"
                              f"以刑期计算的下限按{fmt(b.tier_min)}个月。",
                              {"before": text(lo), "after": text(b.tier_min), "non_custodial_possible": True},
                              _cites(b, guideline, mitigating, 2)))
            lo, hi, below = b.tier_min, qmax(hi, b.tier_min), True
        elif mitigating:
            names = "、".join(n for n, _ in mitigating)
            new_lo = qmax(lo, b.floor)
            new_hi = qmax(hi, new_lo)
            steps.append(_entry("mitigation_below_minimum",
                              f"调节结果下限{fmt(lo)}个月低于法定最低刑{fmt(b.tier_min)}个月；具有法定减轻处罚情节（{names}），"
                              f"可以在法定刑以下、下一个量刑幅度内判处（不低于{fmt(b.floor)}个月）。",
                              {"before": text(lo), "after": text(new_lo), "floor": text(b.floor)},
                              _cites(b, guideline, mitigating, 2)))
            lo, hi, below = new_lo, new_hi, True
        else:
            new_hi = qmax(hi, b.tier_min)
            steps.append(_entry("limit_min",
                              f"调节结果{fmt(lo)}个月低于法定最低刑{fmt(b.tier_min)}个月，且没有法定减轻处罚情节，"
                              f"只能以法定最低刑为限（在法定刑以下判处须经最高人民法院核准）。",
                              {"before": text(lo), "after": text(b.tier_min)},
                              _cites(b, guideline, None, 2)))
            lo, hi = b.tier_min, new_hi
    if not steps:
        return result, steps, below  # already inside the frame
    return months(lo, hi), steps, below


_CITES: dict[tuple[int, str, int, int], tuple[Bounds, object, ReadOnlyList]] = {}


def _cites(b: Bounds, guideline: str, named: list[tuple[str, Citation]] | None, item: int) -> ReadOnlyList:
    """The citations of a step below or at the minimum: the circumstances' own (`named`, a list kept per combination
    of circumstances), CL 63 and SG 二（三）item; without circumstances, CL 63(1), 63(2), the item and the tier's.
    Their JSON form, built once per frame, guideline and list (the objects are kept with it, so their ids stay
    theirs) and shared read-only."""
    key = (id(b), guideline, id(named), item)
    hit = _CITES.get(key)
    if hit is not None and hit[0] is b and hit[1] is named:
        return hit[2]
    if named is None:
        out: tuple[Citation, ...] = (_cite("cl", "63", 1), _cite("cl", "63", 2), declared(guideline, item), *b.cites)
    else:
        out = (*(c for _, c in named), _cite("cl", "63", 1), declared(guideline, item))
    js = ReadOnlyList(cite_dict(c) for c in out)
    if len(_CITES) > 16384:
        _CITES.clear()
    _CITES[key] = (b, named, js)
    return js


def _entry(code: str, message: str, values: dict[str, Any], cites: ReadOnlyList) -> Entry:
    """A trace entry (as `trace.entry`) with its JSON citations ready."""
    return {"step": code, "message": message, "values": values, "cites": cites, "basis": "law"}


def round_range(m: Months) -> tuple[int, int]:
    """Round to whole months: the lower end down, the upper end up (the range never shrinks)."""
    return floor(m.min), ceil(m.max)


def discretion(view: LawAt, proposed: Months, b: Bounds, below: bool, guideline: str) -> tuple[Months, Entry]:
    """SG 二（三）4: the judge may move the result within 20%, still inside the statutory frame."""
    _, down, up, _, r_text, r_exact, r_cites = _overall(view)
    low_limit = b.floor if below else b.tier_min
    lo = qmax(mul(proposed.min, down), low_limit)
    hi = qmin(mul(proposed.max, up), b.tier_max if not below else qmax(b.mitigated_ceiling, proposed.max))
    if lt(hi, lo):
        hi = lo
    step = {"step": "discretion", "message": f"法官综合全案可在{r_text}%的幅度内调整：{fmt(lo)}至{fmt(hi)}个月"
            "（仍受法定刑限制）。", "values": {"ratio": r_exact, "min": text(lo), "max": text(hi)}, "cites": r_cites,
            "basis": "law"}  # an `entry` with its citations ready
    return months(lo, hi), step


def penalty_types(allowed: tuple[PenaltyType, ...], lo: int, hi: int, mitigated: bool) -> tuple[str, list[str]]:
    """The penalty type of a rounded month range, and every type the range admits (CL 38, 42, 45)."""
    types: set[str] = set(allowed)
    if mitigated:
        types.add("criminal_detention")
    if hi == 0:
        return "exemption", ["exemption"]
    possible: list[str] = []
    if "public_surveillance" in types and lo < 6:
        possible.append("public_surveillance")
    if "criminal_detention" in types and lo <= 6:
        possible.append("criminal_detention")
    if "fixed_term_imprisonment" in types and hi >= 6:
        possible.append("fixed_term_imprisonment")
    if hi <= 6 and "criminal_detention" in types:
        main = "criminal_detention"
    elif "fixed_term_imprisonment" in types:
        main = "fixed_term_imprisonment"
    else:
        main = possible[-1] if possible else next(iter(allowed), "fixed_term_imprisonment")
    return main, possible or [main]
