"""Probation (缓刑): CL 72-74, SG 二（五）, and SPC interpretation Art. 355(1) for plea cases.

* CL 72: a sentence of 拘役 or at most 3 years' imprisonment, AND four conditions (情节较轻, 悔罪表现, 没有再犯罪
  的危险, 对所居住社区没有重大不良影响) → probation may be granted; for those under 18, pregnant women and those
  aged 75 or more it must be granted when the conditions are met.
* CL 73: probation periods — 拘役: the term to 1 year, at least 2 months; imprisonment: the term to 5 years, at
  least 1 year.
* CL 74: never for recidivists (累犯) or ringleaders of a criminal group (犯罪集团的首要分子).
* SPC-I 355(1): in a plea case the court 「符合非监禁刑适用条件的，应当适用非监禁刑」.
The four conditions are judgments for the court; the result lists them as things to establish, never as met.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any, NamedTuple

from pleaguard.rules.citations import Citation, Step
from pleaguard.rules.parameters import DatedValue, LawAt
from pleaguard.rules.sentencing.trace import Entry, ReadOnlyDict, ReadOnlyList, entry, frozen_entry
from pleaguard.rules.sentencing.trace import cites as cite_dicts

_P = "sentencing.general.criminal_law.probation."


_STATICS: dict[int, tuple[LawAt, _Rules]] = {}


class _Rules(NamedTuple):
    """The probation rules of one law view, read once: the values the assessment needs, already converted."""

    max_m: DatedValue
    excl: DatedValue
    cond: DatedValue
    mand: DatedValue
    pnc: DatedValue | None
    max_months: int
    cites: tuple[Citation, ...]
    conditions: ReadOnlyList  # the CL 72 conditions, each "to establish" (the same for every case: shared)
    detention: tuple[int, int]  # CL 73: the shortest and longest probation period for 拘役 (months)
    imprisonment: tuple[int, int]  # and for 有期徒刑
    entries: dict[tuple[str, tuple[str, ...]], Entry]  # the trace entries that depend only on the view and flags
    cite_dicts: ReadOnlyList  # the JSON form of `cites` (copied into each result)
    max_cites: tuple[Citation, ...]  # the citation of the CL 72 maximum, when it has one


def _statics(view: LawAt) -> _Rules:
    """The probation rules of the view, looked up once per span of the law."""
    span = view.span  # the same values on every day of the span: read once per span
    hit = _STATICS.get(id(span))
    if hit is not None and hit[0] is span:
        return hit[1]
    names = ("max_months", "exclusions", "conditions", "mandatory_groups", "period_detention", "period_imprisonment")
    max_m, excl, cond, mand, per_d, per_i = (view.get(_P + n) for n in names)
    pnc = view.get(_P + "plea_non_custodial") if view.has(_P + "plea_non_custodial") else None
    out = _Rules(
        max_m, excl, cond, mand, pnc, int(max_m.value), tuple(c for c in (max_m.cite, cond.cite) if c is not None),
        ReadOnlyList(ReadOnlyDict(code=c["code"], zh=c["zh"], status="to_establish") for c in cond.value),
        # int(max(term, min)) == max(term, floor(min)) for a whole-month term: the floor is taken once here
        (math.floor(Fraction(per_d.value["min"])), int(per_d.value["max"])),
        (math.floor(Fraction(per_i.value["min"])), int(per_i.value["max"])), {},
        ReadOnlyList(cite_dicts(tuple(c for c in (max_m.cite, cond.cite) if c is not None))),
        (max_m.cite,) if max_m.cite else ())
    if len(_STATICS) > 4096:
        _STATICS.clear()
    _STATICS[id(span)] = (span, out)
    return out


def _shared(rules: _Rules, what: str, flags: tuple[str, ...], make: Callable[[], Step]) -> Entry:
    """A trace entry that depends only on the view and a few flags: built once, shared read-only."""
    key = (what, flags)
    hit = rules.entries.get(key)
    if hit is None:
        hit = rules.entries[key] = frozen_entry(make())
    return hit


def assess(view: LawAt, lo: int, hi: int, possible: list[str], *, recidivist: bool, group_leader: bool,
           minor_at_offense: bool, elderly_at_decision: bool, pregnant: bool, plea: bool,
           strict: bool) -> tuple[dict[str, Any], list[Entry]]:
    """Whether probation is lawful for some sentence in [lo, hi] months, mandatory or excluded, and its periods."""
    rules = _statics(view)
    max_m, excl, mand, pnc = rules.max_m, rules.excl, rules.mand, rules.pnc
    exclusions: list[str] = []
    if recidivist:
        exclusions.append("recidivism")
    if group_leader:
        exclusions.append("criminal_group_leader")
    detention = "criminal_detention" in possible
    imprisonment = "fixed_term_imprisonment" in possible
    within = (detention or imprisonment) and lo <= rules.max_months
    eligible = within and not exclusions
    mandatory_groups: list[str] = []
    if minor_at_offense:
        mandatory_groups.append("minor")
    if pregnant:
        mandatory_groups.append("pregnant")
    if elderly_at_decision:
        mandatory_groups.append("elderly")
    steps: list[Entry] = []
    if exclusions:
        steps.append(_shared(rules, "excluded", tuple(exclusions), lambda: Step(
            "probation", "不适用缓刑：" + "、".join(
                {"recidivism": "累犯", "criminal_group_leader": "犯罪集团的首要分子"}[e] for e in exclusions) + "。",
            {"exclusions": ReadOnlyList(exclusions)}, (excl.cite,) if excl.cite else ())))
    elif not within:
        steps.append(entry("probation", f"不符合缓刑的刑罚条件：拟判刑期不低于{lo}个月，超过拘役、三年有期徒刑。",
                          {"min_months": lo}, rules.max_cites))
    else:
        def eligible_step() -> Step:
            text = "可以宣告缓刑（刑期在拘役或三年有期徒刑以下），须同时具备：犯罪情节较轻、有悔罪表现、" \
                   "没有再犯罪的危险、" \
                   "宣告缓刑对所居住社区没有重大不良影响。"
            if mandatory_groups:
                text += "被告人属于" + "、".join({"minor": "不满十八周岁的人", "pregnant": "怀孕的妇女",
                                                "elderly": "已满七十五周岁的人"}[g] for g in mandatory_groups) + \
                        "，符合条件的应当宣告缓刑。"
            return Step("probation", text, {"eligible": True, "mandatory_groups": ReadOnlyList(mandatory_groups)},
                        tuple(c for c in (max_m.cite, mand.cite if mandatory_groups else None) if c is not None))

        steps.append(_shared(rules, "eligible", tuple(mandatory_groups), eligible_step))
        pnc_cite = pnc.cite if pnc is not None else None
        if plea and pnc_cite is not None:
            steps.append(_shared(rules, "plea", (), lambda: Step(
                "probation_plea", "认罪认罚案件符合非监禁刑适用条件的，应当适用非监禁刑。", {}, (pnc_cite,))))
    periods: dict[str, Any] = {}
    if eligible:
        if detention:
            low, high = rules.detention
            periods["criminal_detention"] = {"min": max(lo, 1, low), "max": high}
        if imprisonment:
            low, high = rules.imprisonment
            periods["fixed_term_imprisonment"] = {"min": max(lo, 6, low), "max": high}
    if strict and eligible:
        steps.append(_shared(rules, "strict", (), lambda: Step(
            "probation_strict", "该罪量刑指导意见要求从严把握缓刑的适用。", {}, ())))
    out = {
        "eligible": eligible,
        "mandatory_if_conditions_met": eligible and bool(mandatory_groups),
        "mandatory_groups": mandatory_groups,
        "conditions": rules.conditions,
        "exclusions": exclusions,
        "periods_months": periods,
        "plea_non_custodial_rule": bool(plea and eligible),
        "strict": strict,
        "cites": list(rules.cite_dicts),
    }
    return out, steps
