"""The defense's review of a sentencing recommendation (量刑建议): should the client sign?

The question is the one CPL 201(2) and SPC interpretation Art. 353-354 let the defense raise: is the
recommendation 「明显不当」? Art. 354 names what decides it: the facts found, the plea, the statutory range and
sentences in similar cases. This review answers the first three with the engine's computation:

1. where the recommendation sits: inside or outside the range the law and the circumstances allow
   (`proposed.months`), inside or outside the judge's ±20% (`discretion_months`), and its position (percentile)
   in the proposed range — 0 is the most lenient end;
2. the discount the circumstances and the plea at its stage can earn (SG 三, SPC-I 355(2)) against the discount
   the recommendation implies (1 − recommended months / base sentence after the status circumstances);
3. circumstances it appears to ignore: probation where CL 72 makes it mandatory or SPC-I 355(1) requires a
   non-custodial sentence in a plea case, a discount smaller than one circumstance alone could earn, a heavier
   penalty type than the range needs, a fine outside the crime's fine range;
4. numbered points to argue, each cited.

Similar cases (the fourth factor of Art. 354) are not compared yet: `similar_cases` is a named hook that says
so; nothing is estimated in its place.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from pleaguard.errors import InputError
from pleaguard.rules.citations import Citation, cite
from pleaguard.rules.parameters import Law
from pleaguard.rules.sentencing import engine
from pleaguard.rules.sentencing.case_input import Case, MonthRangeIn, RecommendationIn, SentencingCaseIn, to_months
from pleaguard.rules.sentencing.limits import fmt
from pleaguard.rules.sentencing.plea import STAGE_ZH, pct

_CPL_201 = cite("cpl-2018", "201", 2)
_SPC_353 = cite("spc-cpl-interpretation-2021", "353")
_SPC_354 = cite("spc-cpl-interpretation-2021", "354")
_SPC_355_1 = cite("spc-cpl-interpretation-2021", "355", 1)
_SPC_355_2 = cite("spc-cpl-interpretation-2021", "355", 2)
_CL_72 = cite("cl", "72", 1)
#: a gap in discount below this (5 percentage points of the base) is not worth a point of its own
_NOTICEABLE = Fraction(1, 20)
_SEVERITY = {"penalty_type": 1, "months": 2, "probation": 3, "discount": 4, "fine": 5}


def similar_cases(case: SentencingCaseIn, result: dict[str, Any]) -> dict[str, Any]:
    """Hook for the similar-case comparison (SPC-I 354: 「类似案件的量刑」).

    Not implemented yet: it says so and estimates nothing.
    """
    return {"available": False, "reason": "类案比较尚未接入（相似案件检索为后续功能），本审查只依据法律和量刑情节。",
            "cites": [_SPC_354.to_dict()]}


def _rec_months(rec: RecommendationIn) -> tuple[Fraction, Fraction] | None:
    if rec.penalty_type in ("fine_only", "exemption"):
        return Fraction(0), Fraction(0)
    if rec.months is None:
        raise InputError("拘役、有期徒刑的量刑建议须给出刑期（月数） / a custodial recommendation needs months",
                         field="recommendation.months",
                         allowed="a number of months or {min, max}")
    if isinstance(rec.months, MonthRangeIn):
        lo = to_months(rec.months.min, "recommendation.months.min")
        hi = to_months(rec.months.max, "recommendation.months.max")
        if lo > hi:
            raise InputError("量刑建议刑期的下限大于上限 / min is greater than max", field="recommendation.months")
        return lo, hi
    m = to_months(rec.months, "recommendation.months")
    return m, m


def _probation(rec: RecommendationIn) -> bool:
    p = rec.probation
    if p is None or p is False:
        return False
    if p is True:
        return True
    return to_months(p, "recommendation.probation", allow_zero=True) > 0


def review(case: SentencingCaseIn, law: Law) -> dict[str, Any]:
    """Review `case.recommendation` against the computed range (see the module docstring)."""
    rec = case.recommendation
    if rec is None:
        raise InputError("审查须提供检察机关的量刑建议 / a review needs the prosecutor's recommendation",
                         field="recommendation",
                         allowed="{penalty_type, months, probation, fine_yuan, stage}")
    comp = engine.compute(Case.from_model(case), law)
    out = comp.out
    rlo, rhi = _rec_months(rec)  # type: ignore[misc]
    rmid = (rlo + rhi) / 2
    prop = out["proposed"]
    pmin, pmax = prop["months"]["min"], prop["months"]["max"]
    dmin, dmax = prop["discretion_months"]["min"], prop["discretion_months"]["max"]
    points: list[dict[str, Any]] = []
    findings: list[dict[str, Any]] = []

    def point(code: str, text: str, cites: tuple[Citation, ...], severity: str = "argue") -> None:
        points.append({"n": 0, "code": code, "severity": severity, "text": text, "cites": [c.to_dict() for c in cites]})

    # 1. position
    if rec.penalty_type == "exemption":
        position = "below" if pmin > 0 else "inside"
    elif rhi > pmax:
        position = "above"
    elif rlo < pmin:
        position = "below"
    else:
        position = "inside"
    in_disc = dmin <= rlo and rhi <= dmax
    pct_pos = None if pmax == pmin else float((rmid - pmin) / (pmax - pmin) * 100)
    if position == "above":
        severity = "object" if rhi > dmax else "argue"
        point("above_range",
              f"建议刑期{_m(rlo, rhi)}高于依法计算的拟宣告刑上限{pmax}个月" +
              (f"，也超出法官±20%调整后的上限{dmax}个月" if rhi > dmax
               else f"（在法官±20%调整范围{dmin}至{dmax}个月之内）") +
              "：可以提出量刑建议明显不当的意见，请求检察机关调整。",
              (_CPL_201, _SPC_353, _SPC_354, *_step_cites(out, "combined")), severity)
    elif position == "below":
        findings.append({"code": "below_range",
                         "text": f"建议刑期{_m(rlo, rhi)}低于计算的拟宣告刑下限{pmin}个月，对被告人有利；"
                                 "但法院认为明显不当时可能不予采纳（刑事诉讼法第二百零一条第二款）。",
                         "cites": [_CPL_201.to_dict()]})

    # 2. discount earned vs implied
    first = comp.first
    first_mid = (first.min + first.max) / 2
    earned_max = -comp.net[0]
    earned_min = -comp.net[1]
    implied = None if first_mid == 0 else 1 - rmid / first_mid
    stage = None
    plea = comp.plea
    if plea is not None:
        stage = plea["stage"]
    if rec.stage is not None and stage is not None and rec.stage != stage:
        findings.append({"code": "stage_mismatch", "text": f"建议记载的阶段（{STAGE_ZH[rec.stage]}）与认罪认罚的阶段"
                         f"（{STAGE_ZH[stage]}）不一致；从宽幅度应按实际认罪认罚的阶段确定。",
                         "cites": [_SPC_355_2.to_dict()]})
    if implied is not None and rec.penalty_type not in ("exemption", "fine_only"):
        shown = pct(max(implied, Fraction(0)))
        if earned_max - implied >= _NOTICEABLE and position != "below":
            gap = earned_max - implied
            point("discount",
                  f"依法可得的从宽幅度（各情节合计，含认罪认罚{('于' + STAGE_ZH[stage]) if stage else ''}）"
                  f"最高为基准刑的{pct(earned_max)}，建议刑期仅体现约{shown}的从宽，"
                  f"相差{pct(gap)}：应当请求按认罪认罚的阶段、自首等情节充分体现从宽。",
                  (_SPC_355_2, *_plea_cites(out)))
        for a in comp.applied:
            if a.direction != "reduce" or a.key == "plea_leniency":
                continue
            if a.lo > 0 and implied < a.lo:
                findings.append({"code": "ignored_circumstance",
                                 "text": f"建议的从宽幅度（约{shown}）低于{a.label}应当减少的最低比例{pct(a.lo)}。",
                                 "cites": [c.to_dict() for c in a.cites]})
            elif implied < a.hi / 2:
                findings.append({"code": "ignored_circumstance",
                                 "text": f"建议的从宽幅度（约{shown}）不到{a.label}单独即可获得的上限"
                                         f"{pct(a.hi)}的一半，看来没有充分考虑{a.label}。",
                                 "cites": [c.to_dict() for c in a.cites]})
        if plea is not None and implied < Fraction(plea["group"]["max"]) / 2:
            findings.append({"code": "plea_discount",
                             "text": f"认罪认罚（{STAGE_ZH[stage or 'trial']}）及并入评价的情节可得从宽上限"
                                     f"{pct(Fraction(plea['group']['max']))}，建议体现的从宽约{shown}，不到一半。",
                             "cites": [_SPC_355_2.to_dict()]})

    # 3. probation and penalty type
    prob = out["probation"]
    rec_prob = _probation(rec)
    custodial = rec.penalty_type in ("criminal_detention", "fixed_term_imprisonment")
    if custodial and not rec_prob and prob.get("eligible"):
        if prob.get("mandatory_if_conditions_met") and rlo <= 36:
            groups = {"minor": "不满十八周岁的人", "pregnant": "怀孕的妇女", "elderly": "已满七十五周岁的人"}
            point("probation_mandatory", "被告人属于" + "、".join(groups[g] for g in prob["mandatory_groups"]) +
                  "，刑期在三年以下且符合缓刑条件的，应当宣告缓刑；建议实刑，应当提出异议。", (_CL_72,), "object")
        elif rlo <= 36:
            point("probation_plea", "刑期在三年以下，认罪认罚案件符合非监禁刑适用条件的，应当适用非监禁刑："
                  "可以论证犯罪情节较轻、有悔罪表现、没有再犯罪危险、对社区没有重大不良影响，请求建议缓刑。",
                  (_SPC_355_1, _CL_72))
    if rec.penalty_type == "fixed_term_imprisonment" and "criminal_detention" in prop["penalty_types_possible"] \
            and rhi <= 6:
        point("penalty_type", "建议刑期在六个月以内，拟宣告刑区间允许判处拘役；可以请求建议拘役这一较轻刑种。",
              (cite("cl", "42"), cite("cl", "45")))
    if rec.penalty_type != "exemption" and out["exemption_possible"]:
        findings.append({"code": "exemption_possible",
                         "text": "依法可以免除处罚：" + "；".join(out["exemption_reasons"]) +
                         "。可以考虑请求不起诉（刑事诉讼法第一百七十七条第二款）或免予刑事处罚。",
                         "cites": [cite("cl", "37").to_dict(), cite("cpl-2018", "177", 2).to_dict()]})

    # 4. fine
    fine = out["fine"]
    if rec.fine_yuan is not None:
        amount = Fraction(str(rec.fine_yuan)) if not isinstance(rec.fine_yuan, float) else Fraction(repr(rec.fine_yuan))
        if amount < 0:
            raise InputError("罚金不能为负数 / a fine cannot be negative", field="recommendation.fine_yuan",
                             allowed="0 or more yuan")
        fmax = fine.get("max_yuan")
        if fmax is not None and amount > Fraction(str(fmax)):
            point("fine", f"建议罚金{fmt(amount)}元高于该罪量刑指导意见规定的上限{fmax}元。",
                  tuple(Citation.from_dict(c) for c in fine["cites"]), "object")
        fmin = fine.get("min_yuan")
        if fmin is not None and amount < Fraction(str(fmin)):
            findings.append({"code": "fine_below", "text": f"建议罚金低于规定的下限{fmin}元。", "cites": fine["cites"]})

    points.sort(key=lambda p: (0 if p["severity"] == "object" else 1, _SEVERITY.get(p["code"].split("_")[0], 9)))
    for i, p in enumerate(points, 1):
        p["n"] = i
    verdict = "object" if any(p["severity"] == "object" for p in points) else ("argue" if points else "acceptable")
    return {
        "recommendation": {
            "penalty_type": rec.penalty_type, "months": {"min": _n(rlo), "max": _n(rhi)}, "probation": rec_prob,
            "fine_yuan": rec.fine_yuan, "stage": rec.stage,
        },
        "verdict": verdict,
        "position": {
            "relative_to_proposed": position,
            "within_discretion": in_disc,
            "percentile": None if pct_pos is None else round(pct_pos, 1),
            "proposed_months": prop["months"], "discretion_months": prop["discretion_months"],
        },
        "discount": {
            "stage": stage,
            "earned": {"min": str(max(earned_min, Fraction(0))), "max": str(earned_max)},
            "plea_group": plea["group"] if plea else None,
            "implied": None if implied is None else str(implied),
            "relative_to": "base sentence after status circumstances (midpoint)",
        },
        "points": points,
        "findings": findings,
        "similar_cases": similar_cases(case, out),
        "sentence": out,
    }


def _m(lo: Fraction, hi: Fraction) -> str:
    return f"{fmt(lo)}个月" if lo == hi else f"{fmt(lo)}至{fmt(hi)}个月"


def _n(x: Fraction) -> int | str:
    return x.numerator if x.denominator == 1 else str(x)


def _step_cites(out: dict[str, Any], code: str) -> tuple[Citation, ...]:
    for s in out["trace"]:
        if s["step"] == code:
            return tuple(Citation.from_dict(c) for c in s["cites"])
    return ()


def _plea_cites(out: dict[str, Any]) -> tuple[Citation, ...]:
    for s in out["trace"]:
        if s["step"] in ("plea_no_double_counting", "plea"):
            return tuple(Citation.from_dict(c) for c in s["cites"])[:2]
    return ()
