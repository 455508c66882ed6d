"""The plea (认罪认罚) and the circumstances it is not counted twice with.

The law (SG-2021 三（十四））:
  * a plea may reduce the base sentence by up to 30%;
  * with 自首、重大坦白、退赃退赔、赔偿谅解、刑事和解 etc. by up to 60%; for lighter crimes by more than 60%, or the
    punishment may be remitted (免除处罚);
  * the plea is not evaluated twice with 自首、坦白、当庭自愿认罪、退赃退赔、赔偿谅解、刑事和解、羁押期间表现好.
SPC interpretation Art. 355(2) and 357 require the plea's leniency to depend on the stage at which it was made;
the numbers per stage are a documented policy (`policy.sentencing.plea.stage_ladder`), not law.

Without a plea, two overlaps remain: 当庭自愿认罪 is not counted beside 自首 or 坦白 (SG 三（八）: 依法认定自首、坦白的
除外), and 坦白 is not counted beside 自首 (CL 67(3): 虽不具有前两款规定的自首情节).

How the plea and the overlapping circumstances are netted inside the ceiling is not written in the text. The
method used here (basis "interpretation") is:

  T = the sum of the ceilings the overlapping circumstances would earn without the plea;
  P = the plea's own ceiling = 30% × the share of the stage ladder;
  C = 60% if one of the listed companions (自首、重大坦白、退赃退赔、赔偿谅解、刑事和解) is present, else 30%;
  the group (plea + overlapping circumstances) reduces the base by at most  max(min(C, P + T), min(T, 60%)),
  and by at least the sum of the members' own floors (e.g. 10% for a same-kind heavier confession).
The group is one adjustment in 同向相加、逆向相减; the members are not counted again, and the trace says so. The
second term means a plea never leaves the defendant worse off than the overlapping circumstances alone would,
within the 60% the guideline sets for the plea together with them.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Any

from pleaguard.rules.citations import Basis, Citation, Step, cite
from pleaguard.rules.sentencing.circumstances import PleaRule
from pleaguard.rules.sentencing.types import Direction

STAGE_ZH = {"investigation": "侦查阶段", "prosecution_review": "审查起诉阶段", "trial": "审判阶段",
            "appeal": "二审阶段"}
INTERPRETATION = cite("sg-2021", "三（十四）")
_SPC_355 = cite("spc-cpl-interpretation-2021", "355", 2)
_SPC_357 = cite("spc-cpl-interpretation-2021", "357")
_SG8 = {"sg-2021": cite("sg-2021", "三（八）"), "sg-2017": cite("sg-2017", "三.6")}
_CL67_3 = cite("cl", "67", 3)


@dataclass(frozen=True, slots=True)
class Adjustment:
    """One adjustment of the second tier: a ratio range of the base, its direction and authority."""

    key: str
    label: str
    direction: Direction
    lo: Fraction
    hi: Fraction
    cites: tuple[Citation, ...]
    basis: Basis = "law"
    index: int | None = None
    min_months: Fraction | None = None


def pct(x: Fraction) -> str:
    """A ratio as a percentage for messages: 0.3 → 30%, 1/3 → 33.33%."""
    y: Any = x  # the value's two slots, read directly (see `exact.py`)
    return _pct(y._numerator, y._denominator)


@lru_cache(maxsize=8192)
def _pct(num: int, den: int) -> str:
    # keyed by the integers: hashing a Fraction is far slower than hashing two ints
    n = num * 100
    if n % den == 0:
        return f"{n // den}%"
    return f"{n / den:.2f}".rstrip("0").rstrip(".") + "%"


#: the steps of the two overlaps (the same for every case under a guideline: built once)
_IN_COURT_NOT_COUNTED = {
    g: Step("not_counted", "当庭自愿认罪不予单独评价：已认定自首或坦白（依法认定自首、坦白的除外）。",
            {"kind": "in_court_plea", "reason": "surrender_or_confession"}, (c,))
    for g, c in _SG8.items()}
_CONFESSION_NOT_COUNTED = Step("not_counted", "坦白不予单独评价：已认定自首，坦白以不具有自首情节为前提。",
                               {"kind": "confession", "reason": "surrender"}, (_CL67_3,))


def without_plea_overlaps(members: list[Adjustment], guideline: str) -> tuple[list[Adjustment], list[Step]]:
    """Drop 当庭自愿认罪 beside 自首/坦白 and 坦白 beside 自首 (the overlaps the law names outside the plea)."""
    has_surrender = has_confession = False
    for m in members:
        if m.key == "surrender":
            has_surrender = True
        elif m.key.startswith("confession_"):
            has_confession = True
    if not has_surrender and not has_confession:
        return members, []
    kept: list[Adjustment] = []
    steps: list[Step] = []
    for m in members:
        if m.key == "in_court_plea":
            steps.append(_IN_COURT_NOT_COUNTED.get(guideline, _IN_COURT_NOT_COUNTED["sg-2021"]))
            continue
        if m.key.startswith("confession_") and has_surrender:
            steps.append(_CONFESSION_NOT_COUNTED)
            continue
        kept.append(m)
    return kept, steps


@dataclass(frozen=True, slots=True)
class PleaOutcome:
    group: Adjustment
    steps: tuple[Step, ...]
    summary: dict[str, Any]


def net_plea_group(rule: PleaRule, stage: str, index: int | None, members: list[Adjustment],
                   lighter: bool) -> PleaOutcome:
    """Evaluate the plea and the circumstances it overlaps as one adjustment (see the module docstring)."""
    share = rule.ladder[stage]
    own = rule.ratio_max * share
    companions = [m for m in members if m.key in rule.companions]
    cap = rule.companions_max if companions else rule.ratio_max
    total = sum((m.hi for m in members), Fraction(0))
    floor = sum((m.lo for m in members), Fraction(0))
    hi = max(min(cap, own + total), min(total, rule.companions_max))
    lo = min(floor, hi)
    steps: list[Step] = []
    ladder_cites = (rule.ladder_cite, _SPC_355) + ((_SPC_357,) if stage == "appeal" else ())
    steps.append(Step(
        "plea_stage",
        f"认罪认罚阶段：{STAGE_ZH[stage]}。按阶段梯度（政策参数，非法律规定），该阶段可获认罪认罚自身从宽上限的"
        f"{pct(share)}，即减少基准刑{pct(own)}以下（上限{pct(rule.ratio_max)}）。",
        {"stage": stage, "share": str(share), "plea_ceiling": str(own), "guideline_ceiling": str(rule.ratio_max)},
        ladder_cites, "policy"))
    names = "、".join(m.label for m in members)
    if members:
        steps.append(Step(
            "plea_no_double_counting",
            f"认罪认罚与{names}不作重复评价：上述情节并入认罪认罚作为一个整体评价，不再另行相加。"
            f"各情节单独评价合计上限{pct(total)}；"
            + (f"因具有{'、'.join(m.label for m in companions)}，合并上限为{pct(rule.companions_max)}；"
               if companions else
               f"不具有自首、重大坦白、退赃退赔、赔偿谅解、刑事和解等情节，上限为{pct(rule.ratio_max)}；")
            + f"整体减少基准刑{pct(lo)}至{pct(hi)}。",
            {"members": [m.key for m in members], "members_total_max": str(total), "cap": str(cap),
             "group_min": str(lo), "group_max": str(hi),
             "method": "max(min(C, P + T), min(T, 60%))"},
            # the members' citations once each, in the members' order (a set would order them by hash: per process)
            (rule.cite, *dict.fromkeys(c for m in members for c in m.cites)), "interpretation"))
        for m in members:
            steps.append(Step("not_counted", f"{m.label}不单独计算：已并入认罪认罚整体评价（不作重复评价）。",
                              {"kind": m.key, "reason": "plea_leniency"}, (rule.cite,), "law"))
    else:
        steps.append(Step("plea", f"认罪认罚：减少基准刑{pct(lo)}至{pct(hi)}。",
                          {"min": str(lo), "max": str(hi)}, (rule.cite,), rule.basis))
    if lighter and companions and rule.lighter_exemption:
        steps.append(Step("plea_lighter_crime",
                          "犯罪较轻的，认罪认罚并具有自首等情节时，可以减少基准刑的60%以上或者依法免除处罚。",
                          {}, (rule.cite,), rule.basis))
    group = Adjustment("plea_leniency", "认罪认罚" + (f"（含{names}）" if names else ""), "reduce", lo, hi,
                       (rule.cite, rule.ladder_cite), "interpretation" if members else rule.basis, index)
    summary = {
        "stage": stage, "stage_share": str(share), "plea_ceiling": str(own), "cap": str(cap),
        "members": [m.key for m in members], "companions": [m.key for m in companions],
        "group": {"min": str(lo), "max": str(hi)}, "basis": group.basis,
        "lighter_crime_exemption": bool(lighter and companions and rule.lighter_exemption),
    }
    return PleaOutcome(group, tuple(steps), summary)
