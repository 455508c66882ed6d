"""Step 3 of the three-step method: adjust the base sentence by the circumstances and fit it to the law.

The method (SG-2021 二; SG-2017 二 before 2021-07-01), in order:

1. Which law: the guideline in force on the decision date (`decided_on`; the offense date when none is given,
   with a warning). The statutory range follows CL 12 (从旧兼从轻): the law at the offense unless the law at the
   decision punishes more lightly; when both dates are known and the ranges differ, the lighter one is used.
2. The base sentence (基准刑) comes from the crime rules (`crimes.base_sentence`) or is given
   (`base_sentence_months`).
3. First-tier (status) circumstances — minor, elderly, deaf-mute or blind, limited capacity, excessive defense
   or necessity, preparation, attempt, abandonment, accessory, coerced accomplice, instigator — adjust the base
   first, multiplicatively (SG 二（二）2; how several of them combine is not written: multiplication, basis
   "interpretation").
4. The other circumstances adjust that result together: 同向相加、逆向相减 (SG 二（二）2), with the plea and the
   circumstances it is not counted twice with netted into one adjustment (`plea.py`), and the recidivism
   floor of 3 months (SG 三（十五）).
5. Statutory limits, mitigation below the minimum only with a statutory mitigating circumstance (`limits.py`).
6. Round once: the lower end down and the upper end up, to whole months. Then the judge's ±20% beside it,
   the penalty type, probation (`probation.py`), the fine and whether exemption is possible.

Everything is a range: for each circumstance the lowest and highest adjustment the text allows, so the result
is the whole span the law leaves to the court. Months are exact `Fraction`s until the rounding step (the hot
arithmetic goes through `exact.py`, which computes the same `Fraction`s on their integers).

The trace is written straight as JSON entries (`trace.py`); what depends only on the law in force — rules, their
adjustments and trace entries, the statutory frames, citations — is built once per span of days in which no value
of the law data changes (`LawAt.span`, so a new date reuses it) and shared read-only; so is what depends only on
the combination of circumstances (their sorting-out: `_resolve`; the overlaps removed and the plea's netting:
`_Plan`), on a given base sentence and its tier, or on a base sentence and the rule table (犯罪较轻). Nothing is keyed
on the whole case: the months are computed, and the entries that carry them written, for every case.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from operator import attrgetter
from typing import Any

from pleaguard.errors import ContradictoryFacts, InputError, LawNotInForce, UnknownCrime
from pleaguard.rules.citations import Citation, Step, cite
from pleaguard.rules.parameters import DatedValue, Law, LawAt
from pleaguard.rules.sentencing import limits, probation
from pleaguard.rules.sentencing.case_input import GENERAL_KINDS, Case, month_range, to_months
from pleaguard.rules.sentencing.circumstances import LABELS, RuleTable, rule_table
from pleaguard.rules.sentencing.exact import add, ceil, div, floor, lt, months, mul, qmax, sub, text
from pleaguard.rules.sentencing.limits import PENALTY_ZH, fmt
from pleaguard.rules.sentencing.plea import Adjustment, PleaOutcome, net_plea_group, pct, without_plea_overlaps
from pleaguard.rules.sentencing.trace import (
    Entry,
    ReadOnlyDict,
    ReadOnlyList,
    cite_dict,
    entry,
    from_step,
    frozen_entry,
    one_cite,
)
from pleaguard.rules.sentencing.types import BaseSentence, CircumstanceRule, FineRule, Months, PenaltyType, Tier

#: citations are immutable: build each once
_cite = lru_cache(maxsize=512)(cite)

ZERO = Fraction(0)
ONE = Fraction(1)
_R = "sentencing.general.criminal_law.responsibility."


# ------------------------------------------------------------------------------------------------ result


@dataclass(slots=True)
class Computation:
    """The exact numbers of one computation (for the review) and the JSON document (`out`)."""

    out: dict[str, Any]
    base: Months
    first: Months
    net: tuple[Fraction, Fraction]
    proposed: Months
    bounds: limits.Bounds | None
    plea: dict[str, Any] | None
    applied: list[Adjustment] = field(default_factory=list)
    first_tier: list[Adjustment] = field(default_factory=list)
    found: set[str] = field(default_factory=set)
    lighter: bool = False


# ------------------------------------------------------------------------------------------------ crimes


_CRIMES: list[Any] = []


def _crimes_module() -> Any:
    """The crime rules (imported once; None when they are not available)."""
    if _CRIMES:
        return _CRIMES[0]
    try:
        from pleaguard.rules.sentencing import crimes
    except ImportError:
        return None
    mod = crimes if hasattr(crimes, "base_sentence") else None
    _CRIMES.append(mod)
    return mod


def _crime_zh(crime: str) -> str:
    """The crime's Chinese name for a message (盗窃罪), or its code name when the crime rules do not define it."""
    mod = _crimes_module()
    if mod is None or not hasattr(mod, "crime_name_zh") or not mod.defines(crime):
        return crime
    return str(mod.crime_name_zh(crime))


def _halves(reason: str) -> tuple[str, str]:
    """The Chinese and the English half of a '中文 / English' reason (the whole reason twice if it has no halves)."""
    zh, sep, en = reason.partition(" / ")
    return (zh, en) if sep else (reason, reason)


def known_crimes(view: LawAt) -> list[str]:
    mod = _crimes_module()
    return list(mod.known_crimes(view)) if mod is not None else []


_GENERIC: dict[tuple[Any, ...], Tier] = {}


def _generic_tier(view: LawAt, crime: str, lo: Fraction, hi: Fraction, types: tuple[PenaltyType, ...],
                  article: str | None) -> Tier:
    """The statutory tier given by hand (tiers are immutable: one object per distinct tier, kept in a bounded memo,
    so what is derived from a tier once — its frame, its JSON form — is reused)."""
    key = (crime, lo.numerator, lo.denominator, hi.numerator, hi.denominator, types, article)
    hit = _GENERIC.get(key)
    if hit is not None:
        return hit
    tier = Tier(crime=crime, index=0, label="用户提供的法定刑幅度", min_months=lo, max_months=hi, penalty_types=types,
                fine="optional", cite=_cite("cl", article or "45"))
    if len(_GENERIC) > 4096:
        _GENERIC.clear()
    _GENERIC[key] = tier
    return tier


def _base(case: Case, view: LawAt, steps: list[Entry], warnings: list[str]) -> BaseSentence:
    """Steps 1-2: from the crime rules, or from a given base sentence (with a given or general statutory frame)."""
    given = month_range(case.base_sentence_months, "base_sentence_months") \
        if case.base_sentence_months is not None else None
    if case.statutory_range is not None:
        if given is None:
            raise InputError("手工给定法定刑幅度时须同时给出基准刑（base_sentence_months） / "
                             "a statutory range given by hand needs base_sentence_months", field="statutory_range")
        sr = case.statutory_range
        lo = to_months(sr.min_months, "statutory_range.min_months")
        hi = to_months(sr.max_months, "statutory_range.max_months")
        if lo > hi:
            raise InputError("法定刑幅度的下限大于上限 / min_months is greater than max_months",
                             field="statutory_range")
        tier = _generic_tier(view, case.crime, lo, hi, tuple(sr.penalty_types), sr.article)
        warnings.append("法定刑幅度由输入提供，未经法律数据核对。")
        return _given_base(case, tier, given, steps)
    mod = _crimes_module()
    if mod is not None:
        kwargs: dict[str, Any] = {}
        if given is not None:
            kwargs["base_sentence_months"] = given[0] if given[0] == given[1] else Months(*given)
        try:
            result: BaseSentence = mod.base_sentence(case.crime, case.facts, view, **kwargs)
        except TypeError:
            # a crime module that takes a single number only
            kwargs["base_sentence_months"] = given[0] if given else None
            result = mod.base_sentence(case.crime, case.facts, view, **kwargs)
        if given is not None and (result.base.min, result.base.max) != given:
            result = dataclasses.replace(result, base=Months(*given))
        return result
    if given is None:
        raise UnknownCrime(f"没有 {case.crime!r} 的量刑规则，请给出基准刑（base_sentence_months） / no crime rules are "
                           f"available for {case.crime!r}; give base_sentence_months", field="crime")
    warnings.append("未找到该罪的法定刑数据，按有期徒刑、拘役的一般期限（1个月至15年）限制。")
    tier = _generic_tier(view, case.crime, Fraction(1), Fraction(180),
                         ("criminal_detention", "fixed_term_imprisonment"), None)
    return _given_base(case, tier, given, steps)


_SG_2021_BASE = cite("sg-2021", "二（一）")


_GIVEN: dict[tuple[Any, ...], tuple[Tier, BaseSentence, ReadOnlyDict]] = {}


def _given_base(case: Case, tier: Tier, given: tuple[Fraction, Fraction],
                steps: list[Entry]) -> BaseSentence:
    """A base sentence given with a statutory range by hand (or for a crime without rules).

    Its step goes straight into the trace: no CL 12 comparison follows for such a case, so this is the place the
    steps of a base sentence take. The base and its entry depend only on the tier and the months (both immutable):
    kept per tier and months in a bounded memo and shared read-only, as the crime rules keep theirs.
    """
    lo, hi = given
    key = (case.crime, id(tier), lo.numerator, lo.denominator, hi.numerator, hi.denominator)
    hit = _GIVEN.get(key)
    if hit is not None and hit[0] is tier:
        steps.append(hit[2])
        return hit[1]
    base = months(*given)
    e = frozen_entry(Step("base_given",
                          f"基准刑由输入给定：{fmt(base.min)}至{fmt(base.max)}个月（跳过量刑起点和基准刑的计算）。",
                          {"min": text(base.min), "max": text(base.max)}, (_SG_2021_BASE,), "law"))
    steps.append(e)
    out = BaseSentence(crime=case.crime, crime_zh=case.crime, tier=tier, starting_point=base, base=base, steps=())
    if len(_GIVEN) > 16384:
        _GIVEN.clear()
    _GIVEN[key] = (tier, out, e)  # the tier is kept with it: its id cannot be reused meanwhile
    return out


# ------------------------------------------------------------------------------------------------ dates


_CL12 = one_cite(cite("cl", "12", 1))


def _law_date(case: Case, steps: list[Entry], warnings: list[str]) -> tuple[dt.date, str]:
    if case.decided_on is not None:
        if case.decided_on < case.offense_date:
            raise ContradictoryFacts("宣判日期早于犯罪日期 / the decision date is before the offense date",
                                     field="decided_on", allowed=f"on or after {case.offense_date.isoformat()}")
        day, basis = case.decided_on, "decided_on"
        iso = day.isoformat()
        msg = (f"适用法律：量刑指导意见按宣判日{iso}有效的文本适用（指导意见规范施行后的量刑活动）；"
               f"法定刑依刑法第十二条从旧兼从轻，比较犯罪时（{case.offense_date.isoformat()}）与宣判时的法律。")
    else:
        day, basis = case.offense_date, "offense_date"
        iso = day.isoformat()
        msg = (f"适用法律：未提供宣判日期，按犯罪日{iso}有效的量刑指导意见和刑法计算。"
               "如在其后宣判，请提供 decided_on（指导意见按宣判时适用；法定刑从旧兼从轻）。")
        warnings.append("未提供 decided_on：按犯罪日适用的法律计算。")
    steps.append({"step": "law_date", "message": msg, "values": {"law_date": iso, "basis": basis}, "cites": _CL12,
                  "basis": "interpretation"})  # an `entry`, its citation ready
    return day, basis


def _age(case: Case) -> int | None:
    d = case.defendant
    age = d.age_at_offense
    if d.birth_date is not None:
        b, o = d.birth_date, case.offense_date
        if b > o:
            raise ContradictoryFacts("出生日期晚于犯罪日期 / the birth date is after the offense date",
                                     field="defendant.birth_date")
        computed = o.year - b.year - ((o.month, o.day) < (b.month, b.day))
        if age is not None and age != computed:
            raise ContradictoryFacts(f"犯罪时年龄 {age} 周岁与出生日期不符（按出生日期犯罪时为 {computed} 周岁） / "
                                     f"age_at_offense {age} does not match birth_date (age {computed} at the offense)",
                                     field="defendant.age_at_offense")
        age = computed
    if age is not None and not 0 <= age <= 120:
        raise InputError(f"{age} 不是可能的年龄 / {age} is not a possible age", field="defendant.age_at_offense",
                         allowed="0 to 120")
    return age


def _age_at(case: Case, day: dt.date) -> int | None:
    b = case.defendant.birth_date
    if b is None:
        return case.defendant.age_at_offense
    return day.year - b.year - ((day.month, day.day) < (b.month, b.day))


_LIABILITY: dict[int, tuple[LawAt, tuple[int, DatedValue, DatedValue]]] = {}


def _liability_rules(view: LawAt) -> tuple[int, DatedValue, DatedValue]:
    """CL 17's ages in force for the view (the full age, the limited and the lowest rule), read once per span."""
    span = view.span  # the same values on every day of the span
    hit = _LIABILITY.get(id(span))
    if hit is not None and hit[0] is span:
        return hit[1]
    out = (int(view.get(_R + "full_age").value), view.get(_R + "limited_age"), view.get(_R + "lowest_age"))
    if len(_LIABILITY) > 4096:
        _LIABILITY.clear()
    _LIABILITY[id(span)] = (span, out)
    return out


def _check_liability(view: LawAt, crime: str, age: int, steps: list[Entry]) -> None:
    """CL 17: nobody under the lowest age is criminally liable; between the ages only for the listed crimes."""
    full_age, limited, lowest = _liability_rules(view)
    if age >= full_age:
        return
    lim_age, lim_crimes = int(limited.value["age"]), set(limited.value["crimes"])
    low_age, low_crimes = int(lowest.value["age"]), set(lowest.value["crimes"])
    if age < min(lim_age, low_age):
        raise InputError(f"犯罪时{age}周岁，不负刑事责任（刑法第十七条） / a person aged {age} at the offense is not "
                         "criminally liable (CL 17)",
                         field="defendant.age_at_offense", allowed=f"at least {min(lim_age, low_age)}")
    if age >= lim_age:
        if crime not in lim_crimes:
            raise InputError(f"{age}周岁的人只对刑法第十七条第二款所列犯罪负刑事责任，不包括{_crime_zh(crime)} / "
                             f"a person aged {age} is liable only for the crimes listed in CL 17(2), not {crime}",
                             field="defendant.age_at_offense", allowed=f"at least {full_age} for {crime}")
        if crime == "intentional_injury":
            steps.append(entry("liability", "已满十四周岁不满十六周岁的人仅对故意伤害致人重伤或者死亡负刑事责任。", {},
                              (limited.cite,) if limited.cite else ()))
        return
    if crime not in low_crimes:
        raise InputError(f"{age}周岁的人只在刑法第十七条第三款规定的情形下负刑事责任，不包括{_crime_zh(crime)} / "
                         f"a person aged {age} is liable only for the crimes listed in CL 17(3), not {crime}",
                         field="defendant.age_at_offense", allowed=f"at least {lim_age} for {crime}")
    steps.append(entry("liability", "已满十二周岁不满十四周岁的人仅在致人死亡或以特别残忍手段致人重伤造成严重残疾、"
                      "情节恶劣、经最高人民检察院核准追诉时负刑事责任。", {}, (lowest.cite,) if lowest.cite else ()))


_BIG = Fraction(10**6)
_SAME_RANGE = frozen_entry(Step("temporal", "犯罪时与宣判时的法定刑相同，无需比较新旧法。", {}, (cite("cl", "12", 1),)))


def _temporal(case: Case, law: Law, view: LawAt, base: BaseSentence, steps: list[Entry]) -> BaseSentence:
    """CL 12: compare the statutory range at the offense with the one at the decision (`view`); use the lighter.

    When no value of the law data changed between the two dates (both fall in the same span of `Law.change_dates`),
    the statutory range at the offense is the one already computed: the ranges are the same, without recomputing.
    """
    if case.decided_on is None or case.decided_on == case.offense_date or case.statutory_range is not None:
        return base
    mod = _crimes_module()
    if mod is None:
        return base
    try:
        old_view = law.at(case.offense_date, case.province)
        if old_view.span is view.span:
            steps.append(_SAME_RANGE)
            return base
        kwargs: dict[str, Any] = {}
        if case.base_sentence_months is not None:
            lo, hi = month_range(case.base_sentence_months, "base_sentence_months")
            kwargs["base_sentence_months"] = lo if lo == hi else Months(lo, hi)
        old: BaseSentence = mod.base_sentence(case.crime, case.facts, old_view, **kwargs)
    except (InputError, LawNotInForce, TypeError):
        return base
    new_t, old_t = base.tier, old.tier
    big = _BIG
    new_max = new_t.max_months if new_t.max_months is not None else big
    old_max = old_t.max_months if old_t.max_months is not None else big
    # the ranges compared by (maximum, minimum): the lighter one has the lower maximum, then the lower minimum
    if old_max == new_max and old_t.min_months == new_t.min_months:
        steps.append(_SAME_RANGE)
        return base
    if lt(old_max, new_max) or (old_max == new_max and lt(old_t.min_months, new_t.min_months)):
        steps.append(entry("temporal", f"从旧兼从轻：犯罪时法定刑（{old_t.label}）轻于宣判时（{new_t.label}），"
                          "适用犯罪时的法定刑。",
                          {"applied": "offense_date"}, (_cite("cl", "12", 1), old_t.cite)))
        new_base = Months(max(min(base.base.min, old_t.max_months or big), old_t.min_months),
                          max(min(base.base.max, old_t.max_months or big), old_t.min_months))
        return dataclasses.replace(base, tier=old_t, base=new_base)
    steps.append(entry("temporal", f"从旧兼从轻：宣判时法定刑（{new_t.label}）轻于犯罪时（{old_t.label}），"
                      "适用宣判时的法定刑。",
                      {"applied": "decided_on"}, (_cite("cl", "12", 1), new_t.cite)))
    return base


# ------------------------------------------------------------------------------------------------ circumstances


class _Resolved:
    """The circumstances of one case sorted out (kept per combination by `_resolve` and shared: read only)."""

    __slots__ = ("exempt_mandatory", "first", "found", "found_sorted", "limits", "plans", "plea", "recidivist",
                 "rules", "second", "steps", "warnings")

    def __init__(self) -> None:
        self.first: list[Adjustment] = []
        self.second: list[Adjustment] = []
        self.plea: tuple[str, int | None] | None = None
        self.rules: list[tuple[str, CircumstanceRule]] = []  # every circumstance found
        self.steps: list[Entry] = []
        self.exempt_mandatory: list[tuple[str, Citation]] = []
        self.recidivist = False
        self.found: set[str] = set()
        self.warnings: tuple[str, ...] = ()
        self.found_sorted: tuple[str, ...] | None = None  # `found` sorted, once kept
        self.plans: dict[bool, _Plan] = {}  # per `lighter`: the `_Plan` of the second tier
        # per `lighter`: the mitigating and mandatory-mitigation circumstances and the reasons for exemption
        self.limits: dict[bool, tuple[list[tuple[str, Citation]], list[tuple[str, Citation]], list[str]]] = {}


_ADJ: dict[tuple[int, int | None], tuple[CircumstanceRule, Adjustment]] = {}


def _adj(rule: CircumstanceRule, index: int | None) -> Adjustment:
    """The adjustment a rule makes (built once per rule and input position; rules are immutable)."""
    key = (id(rule), index)
    hit = _ADJ.get(key)
    if hit is not None and hit[0] is rule:
        return hit[1]
    out = Adjustment(rule.kind, rule.label_zh, rule.direction, rule.ratio_min, rule.ratio_max, (rule.cite,),
                     rule.basis, index, rule.min_months)
    if len(_ADJ) > 65536:
        _ADJ.clear()
    _ADJ[key] = (rule, out)
    return out


_ADJ_STEPS: dict[tuple[int, str], tuple[Adjustment, ReadOnlyDict]] = {}


def _adj_step(a: Adjustment, code: str) -> Entry:
    """The trace entry of one adjustment ("first_tier" or "circumstance"); it depends on the adjustment only, so it
    is built once per adjustment (rules and their adjustments are kept per span of the law) and shared read-only."""
    if a.min_months is not None:  # adjusted per case (recidivism floor): not worth keeping
        return frozen_entry(_make_adj_step(a, code))
    key = (id(a), code)
    hit = _ADJ_STEPS.get(key)
    if hit is not None and hit[0] is a:
        return hit[1]
    e = frozen_entry(_make_adj_step(a, code))
    if len(_ADJ_STEPS) > 65536:
        _ADJ_STEPS.clear()
    _ADJ_STEPS[key] = (a, e)
    return e


def _make_adj_step(a: Adjustment, code: str) -> Step:
    verb = "减少" if a.direction == "reduce" else "增加"
    tail = "（先行调节）。" if code == "first_tier" else "。"
    return Step(code, f"{a.label}：{verb}基准刑{pct(a.lo)}至{pct(a.hi)}{tail}",
                {"kind": a.key, "min": text(a.lo), "max": text(a.hi)}, a.cites, a.basis)


#: what `_resolve_now` reads of a circumstance (all but its date, checked per case, and its note)
_SORTED_BY = attrgetter("kind", "stage", "degree", "major", "negligent", "as_minor", "abused", "damage", "of_minor",
                        "failed", "forgiveness")
_RESOLVED: dict[tuple[Any, ...], tuple[RuleTable, tuple[CircumstanceRule, ...], _Resolved]] = {}


def _resolve(case: Case, table: RuleTable, base: BaseSentence, age: int | None, view: LawAt,
             warnings: list[str]) -> _Resolved:
    """The circumstances sorted out (`_resolve_now`), kept per rule table and combination of circumstances with
    their details, the age at the offense and what the crime rules add (kinds, negligence): everything the sorting
    reads but the dates of a plea, which are checked for every case. The kept result is shared read-only."""
    extra = base.extra_circumstances
    d = case.defendant
    key = (id(table), age, d.deaf_mute or d.blind, base.negligent, *map(id, extra),
           *map(_SORTED_BY, case.circumstances))
    hit = _RESOLVED.get(key)
    if hit is not None and hit[0] is table and (hit[1] is extra or (
            len(hit[1]) == len(extra) and all(x is y for x, y in zip(hit[1], extra, strict=True)))):
        r = hit[2]
        if r.plea is not None:
            _check_plea_date(case, r.plea[1])
        warnings.extend(r.warnings)
        return r
    own: list[str] = []
    r = _resolve_now(case, table, base, age, view, own)
    warnings.extend(own)
    r.warnings = tuple(own)
    r.found_sorted = tuple(sorted(r.found))
    r.steps = [e if isinstance(e, ReadOnlyDict) else _freeze(e) for e in r.steps]
    if len(_RESOLVED) > 16384:
        _RESOLVED.clear()
    _RESOLVED[key] = (table, extra, r)  # the table and the rules are kept with it: their ids stay theirs
    return r


def _freeze(e: Entry) -> ReadOnlyDict:
    """A trace entry made read-only (to be shared between results)."""
    cs = e["cites"]
    return ReadOnlyDict(step=e["step"], message=e["message"], values=ReadOnlyDict(e["values"]),
                        cites=cs if isinstance(cs, ReadOnlyList) else ReadOnlyList(cs), basis=e["basis"])


def _check_plea_date(case: Case, i: int | None) -> None:
    """A plea cannot be dated after the decision or before the offense."""
    if i is None:
        return
    c = case.circumstances[i]
    if c.date is not None:
        if case.decided_on is not None and c.date > case.decided_on:
            raise ContradictoryFacts("认罪认罚的日期晚于宣判日期 / the plea is dated after the decision",
                                     field=f"circumstances[{i}].date",
                                     allowed=f"on or before {case.decided_on.isoformat()}")
        if c.date < case.offense_date:
            raise ContradictoryFacts("认罪认罚的日期早于犯罪日期 / the plea is dated before the offense",
                                     field=f"circumstances[{i}].date",
                                     allowed=f"on or after {case.offense_date.isoformat()}")


def _resolve_now(case: Case, table: RuleTable, base: BaseSentence, age: int | None, view: LawAt,
                 warnings: list[str]) -> _Resolved:
    r = _Resolved()
    extra = {c.kind: c for c in base.extra_circumstances}
    seen: dict[str, int] = {}
    for i, c in enumerate(case.circumstances):
        if c.kind not in GENERAL_KINDS and c.kind not in extra:
            raise InputError(f"未知的量刑情节 {c.kind!r} / unknown circumstance kind {c.kind!r}",
                             field=f"circumstances[{i}].kind",
                             allowed=", ".join(sorted(set(GENERAL_KINDS) | set(extra))))
        if c.kind in seen:
            raise InputError(f"量刑情节 {c.kind} 重复给出（首次在 circumstances[{seen[c.kind]}]） / "
                             f"{c.kind} is given twice (first at circumstances[{seen[c.kind]}])",
                             field=f"circumstances[{i}].kind", allowed="each kind once")
        seen[c.kind] = i
    if "attempt" in seen and "abandonment" in seen:
        raise ContradictoryFacts("同一犯罪不能既是犯罪未遂又是犯罪中止 / "
                                 "an offense cannot be both attempted and abandoned",
                                 field=f"circumstances[{seen['abandonment']}].kind", allowed="attempt or abandonment")
    if "attempt" in seen and "preparation" in seen:
        raise ContradictoryFacts("同一犯罪不能既是犯罪预备又是犯罪未遂 / "
                                 "an offense cannot be both prepared only and attempted",
                                 field=f"circumstances[{seen['preparation']}].kind", allowed="preparation or attempt")

    def add(key: str, index: int | None, kind: str) -> None:
        rule = table.rules.get(key)
        if rule is None:
            absent = table.absent.get(key)
            src = f"（{absent.cite.instrument}）" if absent is not None and absent.cite is not None else ""
            r.steps.append(entry("no_ratio", f"{LABELS.get(key, key)}：当时有效的量刑指导意见{src}没有规定调节比例，"
                                "只能依刑法的规定从宽，本计算不予量化。", {"kind": kind},
                                (absent.cite,) if absent is not None and absent.cite is not None else (), "law"))
            warnings.append(f"{LABELS.get(key, key)}没有可适用的调节比例，未予量化。")
            return
        r.rules.append((key, rule))
        r.found.add(key)
        a = _adj(rule, index)
        if rule.first_tier or kind in table.first_tier:
            r.first.append(a)
        else:
            r.second.append(a)

    # status circumstances derived from the defendant
    d = case.defendant
    minor_kind = "minor" in seen
    elderly_kind = "elderly" in seen
    if age is not None:
        if age < 18:
            add("minor_under_16" if age < 16 else "minor_16_to_18", seen.get("minor"), "minor")
            r.steps.append(entry("derived", f"犯罪时{age}周岁，依法认定为未成年人犯罪（由被告人年龄推定）。",
                                {"age_at_offense": age}, (_cite("cl", "17", 4),)))
        elif minor_kind:
            raise ContradictoryFacts(f"被告人犯罪时{age}周岁，不是未成年人 / "
                                     f"the defendant was {age} at the offense, not a minor",
                                     field=f"circumstances[{seen['minor']}].kind")
        if age >= table.elderly_age:
            add("elderly_negligent" if base.negligent else "elderly_intentional", seen.get("elderly"), "elderly")
            r.steps.append(entry("derived", f"犯罪时{age}周岁，依法认定为已满七十五周岁的人犯罪（由被告人年龄推定）。",
                                {"age_at_offense": age}, (_cite("cl", "17-1"),)))
        elif elderly_kind:
            raise ContradictoryFacts(f"被告人犯罪时{age}周岁，未满七十五周岁 / "
                                     f"the defendant was {age} at the offense, under 75",
                                     field=f"circumstances[{seen['elderly']}].kind")
    elif minor_kind or elderly_kind:
        k = "minor" if minor_kind else "elderly"
        k_zh = "未成年人" if minor_kind else "老年人"
        raise InputError(f"{k_zh}（{k}）由被告人的年龄推定，请给出犯罪时年龄或出生日期 / "
                         f"{k} is derived from the defendant's age; give it", field="defendant.age_at_offense",
                         allowed="defendant.age_at_offense or defendant.birth_date")
    if d.deaf_mute or d.blind or "deaf_mute_or_blind" in seen:
        add("deaf_mute_or_blind", seen.get("deaf_mute_or_blind"), "deaf_mute_or_blind")

    for i, c in enumerate(case.circumstances):
        k = c.kind
        if k in ("minor", "elderly", "deaf_mute_or_blind"):
            continue
        if k in extra:
            rule = extra[k]
            r.rules.append((k, rule))
            r.found.add(k)
            (r.first if rule.first_tier else r.second).append(_adj(rule, i))
            continue
        if k == "plea_leniency":
            _check_plea_date(case, i)
            assert c.stage is not None
            r.plea = (c.stage, i)
            r.found.add("plea_leniency")
            continue
        if k == "surrender" and c.abused:
            r.steps.append(entry("not_counted", "自首不予从宽：恶意利用自首规避法律制裁。", {"kind": k},
                                (_cite(_g(table), "三（六）" if _g(table) == "sg-2021" else "三.4"),)))
            continue
        if k == "confession":
            add(f"confession_{c.degree or 'ordinary'}", i, k)
        elif k == "meritorious_service":
            add("meritorious_service_major" if c.major else "meritorious_service", i, k)
        elif k == "compensation":
            add("compensation_with_forgiveness" if (c.forgiveness or "forgiveness" in seen) else "compensation_only",
                i, k)
        elif k == "forgiveness":
            if "compensation" in seen:
                continue
            add("forgiveness_only", i, k)
        elif k == "prior_record":
            if c.negligent or c.as_minor:
                r.steps.append(entry("not_counted", "前科不作为从重情节：前科犯罪为过失犯罪或未成年人犯罪。",
                                    {"kind": k},
                                    (_cite(_g(table), "三（十六）" if _g(table) == "sg-2021" else "三.12"),)))
                continue
            if "recidivism" in seen:
                r.steps.append(entry("not_counted", "前科不另行从重：同一前罪已作为累犯评价，不重复评价。", {"kind": k},
                                    (_cite(_g(table), "三（十六）" if _g(table) == "sg-2021" else "三.12"),),
                                    "interpretation"))
                continue
            add("prior_record", i, k)
        elif k == "recidivism":
            if age is not None and age < 18:
                raise ContradictoryFacts("犯罪时不满十八周岁的人不构成累犯（刑法第六十五条） / "
                                         "a person under 18 at the offense cannot be a recidivist (CL 65)",
                                         field=f"circumstances[{i}].kind")
            if base.negligent:
                raise ContradictoryFacts("过失犯罪不构成累犯（刑法第六十五条） / "
                                         "a negligent crime does not make a recidivist (CL 65)",
                                         field=f"circumstances[{i}].kind")
            r.recidivist = True
            add("recidivism", i, k)
        elif k == "disaster_period" and base.negligent:
            r.steps.append(entry("not_counted", "灾害期间犯罪的从重仅适用于故意犯罪。", {"kind": k},
                                (_cite(_g(table), "三（十八）" if _g(table) == "sg-2021" else "三.14"),)))
        elif k == "abandonment":
            if c.damage:
                add("abandonment_with_damage", i, k)
            else:
                r.exempt_mandatory.append(("犯罪中止（没有造成损害）", _cite("cl", "24", 2)))
                r.found.add("abandonment_without_damage")
        elif k == "instigator":
            if c.of_minor:
                add("instigator_of_minor", i, k)
            if c.failed:
                add("instigator_failed", i, k)
            if not c.of_minor and not c.failed:
                r.steps.append(entry("instigator", "教唆犯按照其在共同犯罪中所起的作用处罚，不另行调节。", {"kind": k},
                                    (_cite("cl", "29", 1),)))
        else:
            add(k, i, k)
    return r


class _Plan:
    """The second tier of one combination of circumstances under one rule table: what depends only on the
    circumstances (not on the months) — the overlaps removed, the plea group netted, the adjustments left, their
    trace entries and, unless an adjustment depends on the months (the recidivism floor), their net ratio."""

    __slots__ = ("circ_steps", "given", "net", "net_parts", "plea", "pre_steps", "second", "summary", "table",
                 "warnings")

    def __init__(self, table: RuleTable, given: tuple[Adjustment, ...], plea: tuple[str, int | None] | None,
                 pre_steps: tuple[Entry, ...], warnings: tuple[str, ...], second: tuple[Adjustment, ...],
                 summary: dict[str, Any] | None, net: tuple[Fraction, Fraction] | None,
                 circ_steps: tuple[Entry, ...]) -> None:
        self.table, self.given, self.plea = table, given, plea
        self.pre_steps, self.warnings, self.second, self.summary = pre_steps, warnings, second, summary
        self.net, self.circ_steps = net, circ_steps
        self.net_parts: _NetParts = _net_parts(*net) if net is not None else (ONE, ONE, False, ("0", "0"), "")


_PLANS: dict[tuple[Any, ...], _Plan] = {}
_NO_PLEA_RULE = Step("not_counted", "", {"kind": "plea_leniency"}, (cite("cpl-2018", "15"),))


def _plan(table: RuleTable, given: list[Adjustment], plea: tuple[str, int | None] | None, lighter: bool) -> _Plan:
    """The `_Plan` of the adjustments `given` (made once per rule table and combination; bounded memo)."""
    key = (id(table), plea, lighter, *map(id, given))
    hit = _PLANS.get(key)
    if hit is not None and hit.table is table and len(hit.given) == len(given) and \
            all(x is y for x, y in zip(hit.given, given, strict=True)):
        return hit
    second, overlap_steps = without_plea_overlaps(list(given), _g(table))
    pre: list[Entry] = []
    warnings: list[str] = []
    summary: dict[str, Any] | None = None
    if plea is not None:
        if table.plea is None:
            pre.append(frozen_entry(dataclasses.replace(_NO_PLEA_RULE,
                                                        message=f"认罪认罚：{table.plea_absent_reason}。")))
            warnings.append("认罪认罚情节在当时没有可适用的规定，未予量化。")
            pre.extend(map(from_step, overlap_steps))
        else:
            stage, idx = plea
            # the overlaps the law names outside the plea (in-court plea beside surrender/confession, confession
            # beside surrender) are removed first, then the rest of the group is netted with the plea
            pre.extend(map(from_step, overlap_steps))
            members = [a for a in second if a.key in table.plea.not_double_counted]
            others = [a for a in second if a.key not in table.plea.not_double_counted]
            outcome = _plea_outcome(table, stage, idx, members, lighter)
            pre.extend(map(from_step, outcome.steps))
            if table.plea.basis == "policy":
                warnings.append("宣判时的量刑指导意见没有认罪认罚条款，认罪认罚比例参照2021年指导意见（政策参数）。")
            second = [*others, outcome.group]
            summary = outcome.summary
    else:
        pre.extend(map(from_step, overlap_steps))
    net: tuple[Fraction, Fraction] | None = None
    circ_steps: tuple[Entry, ...] = ()
    if all(a.min_months is None for a in second):
        lo, hi, circ = _net(second, summary is not None)
        net, circ_steps = (lo, hi), tuple(circ)
    out = _Plan(table, tuple(given), plea, tuple(pre), tuple(warnings), tuple(second), summary, net, circ_steps)
    if len(_PLANS) > 16384:
        _PLANS.clear()
    _PLANS[key] = out  # the table and the adjustments are kept with it: their ids cannot be reused meanwhile
    return out


_NetParts = tuple[Fraction, Fraction, bool, tuple[str, str], str]


def _net_parts(net_lo: Fraction, net_hi: Fraction) -> _NetParts:
    """What follows from the net ratio range alone: the factors the months are multiplied by (1 + net, never below
    0), whether the reductions reach 100% (exemption then possible), the range as text, and the start of the
    "combined" message."""
    f_lo, f_hi = add(ONE, net_lo), add(ONE, net_hi)
    all_of_it = not lt(ZERO, f_lo)
    return (ZERO if all_of_it else f_lo, ZERO if lt(f_hi, ZERO) else f_hi, all_of_it, (text(net_lo), text(net_hi)),
            f"同向相加、逆向相减：合计调节{pct(net_lo)}至{pct(net_hi)}，")


def _net(adjusted: list[Adjustment], plea_grouped: bool) -> tuple[Fraction, Fraction, list[Entry]]:
    """同向相加、逆向相减: the net ratio range of the adjustments, and their trace entries (the plea group, when it
    was netted, has its own entries already)."""
    net_lo = net_hi = ZERO
    circ: list[Entry] = []
    for a in adjusted:
        if a.direction == "increase":
            net_lo = add(net_lo, a.lo)
            net_hi = add(net_hi, a.hi)
        else:
            net_lo = sub(net_lo, a.hi)
            net_hi = sub(net_hi, a.lo)
        if a.key != "plea_leniency" or not plea_grouped:
            circ.append(_adj_step(a, "circumstance"))
    return net_lo, net_hi, circ


_PLEA: dict[tuple[Any, ...], tuple[RuleTable, PleaOutcome]] = {}


def _plea_outcome(table: RuleTable, stage: str, idx: int | None, members: list[Adjustment],
                  lighter: bool) -> PleaOutcome:
    """`net_plea_group`, memoized: its result depends only on the rules of the table and the members' ratios."""
    key = (id(table), stage, idx, lighter,
           tuple((m.key, m.lo.numerator, m.lo.denominator, m.hi.numerator, m.hi.denominator) for m in members))
    hit = _PLEA.get(key)
    if hit is not None and hit[0] is table:
        return hit[1]
    assert table.plea is not None
    out = net_plea_group(table.plea, stage, idx, members, lighter)
    if len(_PLEA) > 65536:
        _PLEA.clear()
    _PLEA[key] = (table, out)
    return out


def _g(table: RuleTable) -> str:
    return table.first_tier_cite.instrument


# ------------------------------------------------------------------------------------------------ compute


def compute(case: Case, law: Law) -> Computation:
    """The full computation of one validated case (see the module docstring for the method)."""
    steps: list[Entry] = []
    warnings: list[str] = []
    day, day_basis = _law_date(case, steps, warnings)
    try:
        view = law.at(day, case.province)
        table = rule_table(view)
    except LawNotInForce as exc:
        zh, en = _halves(exc.reason)
        raise LawNotInForce(f"{day.isoformat()}没有施行中的量刑指导意见（{zh}） / no sentencing guideline was in force "
                            f"on {day.isoformat()} ({en})",
                            field=day_basis, allowed="2017-04-01 or later") from None
    age = _age(case)
    if age is not None:
        _check_liability(view, case.crime, age, steps)
    base = _base(case, view, steps, warnings)
    base = _temporal(case, law, view, base, steps)
    return _adjust(case, law, view, table, base, age, steps, warnings, day, day_basis)


def _adjust(case: Case, law: Law, view: LawAt, table: RuleTable, base: BaseSentence, age: int | None,
            steps: list[Entry], warnings: list[str], day: dt.date, day_basis: str) -> Computation:
    steps.extend(_base_parts(base)[0])
    warnings.extend(base.warnings)
    guideline = _g(table)
    if base.leniency_strict:
        warnings.append("该罪属于从宽幅度应当从严掌握的犯罪（量刑指导意见三之总则），从宽比例宜取区间下部。")
    res = _resolve(case, table, base, age, view, warnings)
    steps.extend(res.steps)
    lighter, lighter_step = _lighter(table, base, case.lighter_crime)
    steps.append(lighter_step)

    # mandatory exemption (CL 24: abandonment without damage)
    if res.exempt_mandatory:
        names = "、".join(n for n, _ in res.exempt_mandatory)
        steps.append(entry("exemption", f"{names}：应当免除处罚。", {}, tuple(c for _, c in res.exempt_mandatory)))
        out = _document(case, base, day, day_basis, guideline, Months(ZERO, ZERO), (0, 0), Months(ZERO, ZERO),
                        "exemption", ["exemption"], steps, warnings, None, {"eligible": False}, True,
                        [names], res, base.base, (ZERO, ZERO), view)
        return Computation(out, base.base, base.base, (ZERO, ZERO), Months(ZERO, ZERO), None, None, [],
                           list(res.first), set(res.found), lighter)

    # 1. first-tier circumstances, multiplicatively
    b = base.base
    lo_f, hi_f = ONE, ONE
    for a in res.first:
        if a.direction == "reduce":
            lo_f = mul(lo_f, sub(ONE, a.hi))
            hi_f = mul(hi_f, sub(ONE, a.lo))
        else:
            lo_f = mul(lo_f, add(ONE, a.lo))
            hi_f = mul(hi_f, add(ONE, a.hi))
        steps.append(_adj_step(a, "first_tier"))
    first = months(mul(b.min, lo_f), mul(b.max, hi_f)) if res.first else b
    first_t = (text(first.min), text(first.max))  # the exact values as text, for the trace and the document
    if len(res.first) > 1:
        steps.append(entry("first_tier_result",
                          f"先行调节后：{fmt(first.min)}至{fmt(first.max)}个月（多个先行情节连乘；"
                          "指导意见未明示多个先行情节之间的计算方法，按连乘理解）。",
                          {"min": first_t[0], "max": first_t[1]}, (table.first_tier_cite,), "interpretation"))
    elif res.first:
        steps.append(entry("first_tier_result", f"先行调节后：{fmt(first.min)}至{fmt(first.max)}个月。",
                          {"min": first_t[0], "max": first_t[1]}, (table.first_tier_cite,)))

    # 2. the other circumstances, with the plea group (worked out once per combination of circumstances: `_Plan`)
    plan = res.plans.get(lighter)
    if plan is None or plan.table is not table:
        plan = res.plans[lighter] = _plan(table, res.second, res.plea, lighter)
    steps.extend(plan.pre_steps)
    warnings.extend(plan.warnings)
    plea_summary: dict[str, Any] | None = None
    if plan.summary is not None:
        plea_summary = {**plan.summary, "group": dict(plan.summary["group"]),
                        "members": list(plan.summary["members"]), "companions": list(plan.summary["companions"])}
    if plan.net is not None:  # no adjustment depends on the months
        adjusted = list(plan.second)
        net_lo, net_hi = plan.net
        steps.extend(plan.circ_steps)
        parts = plan.net_parts
    else:
        # recidivism floor: at least min_months (SG 三（十五）: 一般不少于3个月)
        adjusted = []
        for a in plan.second:
            if a.min_months is not None and first.min > 0:
                lo = qmax(a.lo, div(a.min_months, first.min))
                hi = qmax(a.hi, div(a.min_months, first.max))
                if (lo, hi) != (a.lo, a.hi):
                    steps.append(entry("recidivism_floor", f"{a.label}增加的刑期一般不少于{fmt(a.min_months)}个月："
                                      f"比例调整为{pct(lo)}至{pct(hi)}。", {"min_months": text(a.min_months)}, a.cites))
                    a = Adjustment(a.key, a.label, a.direction, lo, hi, a.cites, a.basis, a.index, a.min_months)
            adjusted.append(a)
        net_lo, net_hi, circ_steps = _net(adjusted, plea_summary is not None)
        steps.extend(circ_steps)
        parts = _net_parts(net_lo, net_hi)
    f_lo, f_hi, all_of_it, net_t, combined = parts
    exemption_reasons: list[str] = ["从宽比例合计达到或超过100%"] if all_of_it else []
    s = months(mul(first.min, f_lo), mul(first.max, f_hi)) if adjusted else first
    s_t = (text(s.min), text(s.max)) if adjusted else first_t
    if adjusted:
        steps.append(entry("combined", f"{combined}调节结果{fmt(s.min)}至{fmt(s.max)}个月。",
                          {"net_min": net_t[0], "net_max": net_t[1], "min": s_t[0], "max": s_t[1]},
                          (table.first_tier_cite,)))

    # 3. statutory limits
    mitigating, mandatory, rule_reasons = _limits_of(res, table, lighter)
    exemption_reasons.extend(rule_reasons)
    if plea_summary and plea_summary.get("lighter_crime_exemption"):
        exemption_reasons.append("犯罪较轻的认罪认罚可以依法免除处罚")
    bounds = limits.frame(view, base.tier, base.lower_tier, base.direct)
    proposed, lim_steps, below = limits.clamp(s, bounds, mitigating, mandatory, guideline)
    steps.extend(lim_steps)
    if not lim_steps:
        steps.append(_within_limits(bounds))
    rounded = limits.round_range(proposed)
    proposed_t = s_t if proposed is s else (text(proposed.min), text(proposed.max))
    steps.append({"step": "rounding",
                  "message": f"取整：下限向下、上限向上取整到整月，拟宣告刑{rounded[0]}至{rounded[1]}个月"
                  f"（精确值{fmt(proposed.min)}至{fmt(proposed.max)}个月）。",
                  "values": {"exact_min": proposed_t[0], "exact_max": proposed_t[1], "min": rounded[0],
                             "max": rounded[1], "method": "min floor, max ceiling, whole months"},
                  "cites": [], "basis": "interpretation"})  # an `entry` without citations
    disc, disc_step = limits.discretion(view, proposed, bounds, below, guideline)
    steps.append(disc_step)
    allowed = ("criminal_detention",) if base.direct is not None else base.tier.penalty_types
    if below and base.lower_tier is not None:
        allowed = tuple(dict.fromkeys((*allowed, *base.lower_tier.penalty_types)))
    ptype, possible = limits.penalty_types(allowed, rounded[0], rounded[1], below)
    steps.append(_penalty_type_entry(ptype, possible, base.tier.cite))
    minor_now = age is not None and age < 18
    age_dec = _age_at(case, case.decided_on or case.offense_date)
    prob, prob_steps = probation.assess(
        view, rounded[0], rounded[1], possible, recidivist=res.recidivist,
        group_leader=case.defendant.criminal_group_leader, minor_at_offense=minor_now,
        elderly_at_decision=age_dec is not None and age_dec >= 75, pregnant=case.defendant.pregnant,
        plea=res.plea is not None, strict=base.probation_strict)
    steps.extend(prob_steps)
    exemption = bool(exemption_reasons)
    if exemption:
        steps.append(entry("exemption", "可以免除处罚：" + "；".join(dict.fromkeys(exemption_reasons)) + "。", {},
                          (_cite("cl", "37"),)))
    out = _document(case, base, day, day_basis, guideline, proposed, rounded, disc, ptype, possible, steps, warnings,
                    plea_summary, prob, exemption, list(dict.fromkeys(exemption_reasons)), res, first, (net_lo, net_hi),
                    view, below=below, adjusted_result=s, limit_steps=lim_steps,
                    texts=(first_t, net_t, s_t, proposed_t))
    comp = Computation(out, base.base, first, (net_lo, net_hi), proposed, bounds, plea_summary, adjusted,
                       list(res.first), set(res.found), lighter)
    if base.alternatives:
        alts = []
        for alt in base.alternatives:
            alt_comp = _adjust(case, law, view, table, alt, age, [], [], day, day_basis)
            alts.append({"tier": alt_comp.out["tier"], "base": alt_comp.out["base"],
                         "proposed": alt_comp.out["proposed"]})
        out["alternatives"] = alts
        warnings.append("量刑幅度取决于未提供的地方数额标准，另见 alternatives 中的其他可能结果。")
    return comp


_LIGHTER: dict[tuple[int, int, bool | None], tuple[RuleTable, BaseSentence, tuple[bool, ReadOnlyDict]]] = {}


def _lighter(table: RuleTable, base: BaseSentence, given: bool | None) -> tuple[bool, ReadOnlyDict]:
    """犯罪较轻 (lighter crime): as given, or by the policy bound on the base sentence; with its trace entry. It
    depends on the rule table, the base sentence (both kept and immutable) and the given flag only: built once per
    combination and shared read-only."""
    key = (id(table), id(base), given)
    hit = _LIGHTER.get(key)
    if hit is not None and hit[0] is table and hit[1] is base:
        return hit[2]
    lighter = given if given is not None else not lt(table.lighter_crime_max, base.base.max)
    e = frozen_entry(Step("lighter_crime",
                          ("犯罪较轻" if lighter else "不属于犯罪较轻") +
                          ("（由输入指定）。" if given is not None else
                           f"：基准刑上限{fmt(base.base.max)}个月，以{fmt(table.lighter_crime_max)}个月为界（政策参数）。"),
                          {"lighter": lighter}, (table.lighter_crime_cite,), "policy" if given is None else "law"))
    if len(_LIGHTER) > 16384:
        _LIGHTER.clear()
    _LIGHTER[key] = (table, base, (lighter, e))  # the objects are kept with it: their ids cannot be reused meanwhile
    return lighter, e


def _limits_of(res: _Resolved, table: RuleTable, lighter: bool) -> tuple[list[tuple[str, Citation]],
                                                                         list[tuple[str, Citation]], list[str]]:
    """The statutory mitigating circumstances found, those that require mitigation, and the reasons exemption is
    possible by the rules found (worked out once per sorted-out combination and `lighter`; read only)."""
    hit = res.limits.get(lighter)
    if hit is not None:
        return hit
    mitigating: list[tuple[str, Citation]] = []
    mandatory: list[tuple[str, Citation]] = []
    reasons: list[str] = []
    for key, rule in res.rules:
        if "mitigate" in rule.statutory_effects and rule.statutory_cite is not None:
            mitigating.append((rule.label_zh, rule.statutory_cite))
            if _mandatory_mitigation(table, key, rule):
                mandatory.append((rule.label_zh, rule.statutory_cite))
        if "exempt" in rule.statutory_effects or (rule.exemption_possible and lighter) or (
                "exempt_if_lighter" in rule.statutory_effects and lighter):
            reasons.append(f"{rule.label_zh}可以免除处罚")
    out = res.limits[lighter] = (mitigating, mandatory, reasons)
    return out


_SHARED: dict[tuple[Any, ...], tuple[Any, ReadOnlyDict]] = {}


def _within_limits(bounds: limits.Bounds) -> ReadOnlyDict:
    """The entry saying the result is inside the statutory frame: it depends on the frame only (frames are kept per
    tier and span), so it is built once per frame and shared read-only."""
    key = ("limits", id(bounds))
    hit = _SHARED.get(key)
    if hit is not None and hit[0] is bounds:
        return hit[1]
    e = frozen_entry(Step("limits", f"调节结果在法定刑幅度（{fmt(bounds.tier_min)}至{fmt(bounds.tier_max)}个月）以内。",
                          {"min": text(bounds.tier_min), "max": text(bounds.tier_max)},
                          (_cite("cl", "62"), *bounds.cites)))
    return _share(key, bounds, e)


def _penalty_type_entry(ptype: str, possible: list[str], tier_cite: Citation) -> ReadOnlyDict:
    """The entry of the penalty type: one of a few combinations per tier citation, built once each and shared."""
    key = ("penalty_type", ptype, *possible, id(tier_cite))
    hit = _SHARED.get(key)
    if hit is not None and hit[0] is tier_cite:
        return hit[1]
    e = frozen_entry(Step("penalty_type", f"刑种：{PENALTY_ZH[ptype]}" + (
        f"（区间内可能的刑种：{'、'.join(PENALTY_ZH[p] for p in possible)}）" if len(possible) > 1 else "") + "。",
        {"penalty_type": ptype, "possible": ReadOnlyList(possible)},
        (tier_cite, _cite("cl", "42"), _cite("cl", "45"))))
    return _share(key, tier_cite, e)


def _share(key: tuple[Any, ...], owner: Any, e: ReadOnlyDict) -> ReadOnlyDict:
    if len(_SHARED) > 16384:
        _SHARED.clear()
    _SHARED[key] = (owner, e)  # the object the key names by id is kept with it: its id cannot be reused meanwhile
    return e


_BASE_ENTRIES: dict[int, tuple[BaseSentence, tuple[Entry, ...], ReadOnlyDict, ReadOnlyDict]] = {}


def _base_parts(base: BaseSentence) -> tuple[tuple[Entry, ...], ReadOnlyDict, ReadOnlyDict]:
    """The trace entries of the steps of a base sentence (the crime rules keep their results) and the JSON forms of
    its starting point and base: built once per base sentence object and shared read-only."""
    hit = _BASE_ENTRIES.get(id(base))
    if hit is not None and hit[0] is base:
        return hit[1], hit[2], hit[3]
    out = tuple(map(from_step, base.steps))
    bmin, bmax = _num(base.base.min), _num(base.base.max)
    start = ReadOnlyDict(months=ReadOnlyDict(min=_num(base.starting_point.min), max=_num(base.starting_point.max)))
    doc = ReadOnlyDict(months=ReadOnlyDict(min=bmin, max=bmax), exact=ReadOnlyDict(min=str(bmin), max=str(bmax)))
    if len(_BASE_ENTRIES) > 16384:
        _BASE_ENTRIES.clear()
    _BASE_ENTRIES[id(base)] = (base, out, start, doc)
    return out, start, doc


def _mandatory_mitigation(table: RuleTable, key: str, rule: CircumstanceRule) -> bool:
    """应当减轻 without 从轻 as an alternative: the sentence must go below the minimum (SG 二（三）1)."""
    return rule.statutory_cite is not None and "lighter" not in rule.statutory_effects and \
        "mitigate" in rule.statutory_effects and key in table.mandatory_effects


def _document(case: Case, base: BaseSentence, day: dt.date, day_basis: str, guideline: str,
              proposed: Months, rounded: tuple[int, int], disc: Months, ptype: str, possible: list[str],
              steps: list[Entry], warnings: list[str], plea: dict[str, Any] | None, prob: dict[str, Any],
              exemption: bool, exemption_reasons: list[str], res: _Resolved, first: Months,
              net: tuple[Fraction, Fraction], view: LawAt, *, below: bool = False,
              adjusted_result: Months | None = None, limit_steps: list[Entry] | None = None,
              texts: tuple[tuple[str, str], ...] | None = None) -> dict[str, Any]:
    """The JSON document. `limit_steps` are the entries of the statutory limits (`limits.clamp`), the only steps that
    can say a non-custodial penalty is possible (every step is searched when they are not given). `texts` are the
    exact values of `first`, `net`, `adjusted_result` and `proposed` already written out (as `exact.text`)."""
    _, start_doc, base_doc = _base_parts(base)
    if texts is None:
        texts = ((text(first.min), text(first.max)), (text(net[0]), text(net[1])),
                 (text(adjusted_result.min), text(adjusted_result.max)) if adjusted_result is not None else ("", ""),
                 (text(proposed.min), text(proposed.max)))
    first_t, net_t, adjusted_t, proposed_t = texts
    return {
        "crime": base.crime,
        "crime_zh": base.crime_zh,
        "law_date": day.isoformat(),
        "law_date_basis": day_basis,
        "guideline": guideline,
        "tier": _tier_doc(base.tier),
        "starting_point": start_doc,
        "base": base_doc,
        "after_first_tier": {"exact": {"min": first_t[0], "max": first_t[1]}},
        "adjustment": {"net_min": net_t[0], "net_max": net_t[1]},
        "adjusted": {"exact": {"min": adjusted_t[0], "max": adjusted_t[1]}} if adjusted_result is not None else None,
        "proposed": {
            "penalty_type": ptype,
            "penalty_types_possible": possible,
            "months": {"min": rounded[0], "max": rounded[1]},
            "exact": {"min": proposed_t[0], "max": proposed_t[1]},
            "discretion_months": {"min": floor(disc.min), "max": ceil(disc.max)},  # as limits.round_range
            "below_statutory_minimum": below,
            "non_custodial_possible": _non_custodial(steps if limit_steps is None else limit_steps),
            "rounding": "min rounded down, max rounded up, to whole months",
        },
        "circumstances": {
            "found": sorted(res.found) if res.found_sorted is None else list(res.found_sorted),
            "first_tier": [a.key for a in res.first],
        },
        "plea": plea,
        "probation": prob,
        "fine": _fine_doc(base.fine),
        "exemption_possible": exemption,
        "exemption_reasons": exemption_reasons,
        "trace": steps,
        "warnings": list(dict.fromkeys(warnings)),
        "errors": [],
    }


_NON_CUSTODIAL = frozenset({"mandatory_mitigation", "mitigation_non_custodial"})


def _non_custodial(steps: list[Entry]) -> bool:
    """Whether a step of the statutory limits says a non-custodial penalty is possible."""
    return bool(steps) and any(s["step"] in _NON_CUSTODIAL and s["values"].get("non_custodial_possible")
                               for s in steps)


_TIER_DOCS: dict[int, tuple[Tier, ReadOnlyDict]] = {}
_FINE_DOCS: dict[int, tuple[FineRule, ReadOnlyDict]] = {}
_NO_FINE_RULE = ReadOnlyDict(mode="unknown", min_yuan=None, max_yuan=None,
                             cites=ReadOnlyList([cite_dict(cite("cl", "52"))]),
                             note="罚金数额根据犯罪情节决定，并综合考虑缴纳能力")


def _tier_doc(t: Tier) -> ReadOnlyDict:
    """The JSON form of a statutory tier, built once per tier (tiers are kept with the crime rules) and shared."""
    hit = _TIER_DOCS.get(id(t))
    if hit is not None and hit[0] is t:
        return hit[1]
    doc = ReadOnlyDict(index=t.index, label=t.label, min_months=_num(t.min_months), max_months=_num(t.max_months),
                       penalty_types=ReadOnlyList(t.penalty_types), cite=cite_dict(t.cite))
    if len(_TIER_DOCS) > 16384:
        _TIER_DOCS.clear()
    _TIER_DOCS[id(t)] = (t, doc)
    return doc


def _fine_doc(f: FineRule | None) -> ReadOnlyDict:
    """The JSON form of a crime's fine rule, built once per rule and shared."""
    if f is None:
        return _NO_FINE_RULE
    hit = _FINE_DOCS.get(id(f))
    if hit is not None and hit[0] is f:
        return hit[1]
    doc = ReadOnlyDict(mode=f.mode, min_yuan=_num(f.min_yuan), max_yuan=_num(f.max_yuan),
                       cites=ReadOnlyList(cite_dict(c) for c in f.cites), note=f.note)
    if len(_FINE_DOCS) > 16384:
        _FINE_DOCS.clear()
    _FINE_DOCS[id(f)] = (f, doc)
    return doc
def _num(x: Fraction | None) -> int | str | None:
    if x is None:
        return None
    y: Any = x
    return y._numerator if y._denominator == 1 else text(x)
