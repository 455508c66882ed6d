"""Predicting the sentence from a fact text, by the law's own steps, with fitted numbers where the law is silent.

For each charge the reasoning is that of the sentencing method (SG-2021 二): the statutory tier the facts fall in
(law: the Criminal Law's own punishment clause, parsed in `statutory.py`), a starting point within it, a base
sentence that grows with the crime's quantities, then the circumstances, then the statutory limits. The
guideline leaves the numbers of the middle steps to provincial rules and to courts (how many months per extra
amount, where in the starting-point range to start, how much a circumstance takes off in practice); those numbers
come from `law/fitted/predict.yaml`, fitted on real judgments (instrument `fit-cail2018-dev`), and every step that
uses them says basis "fitted". A charge without a fitted model of its own (any other charge of the Criminal Law)
is placed within its statutory tier by the generic fitted model, and the trace says so. Where the statute sets a
graver tier by 数额巨大 and neither it nor a judicial interpretation the engine applies gives the sum, the tier comes
from fitted amount thresholds, and the tier step says basis "fitted". A fact text that reports a death sentence with
reprieve already pronounced and submitted for approval (CL 48(2)) is read as such.

Several charges are combined as CL 69 requires (above the greatest term, below the sum, at most 20 years when
the sum is under 35 years, 25 otherwise), the share of the lesser terms being fitted. Where the text reports the
prosecution's sentencing recommendation (量刑建议), the term is then placed between the reasoned estimate and the
recommendation with fitted weights (`apply_recommendation`); the step says basis "fitted".

Months here are a statistical estimate on a log scale (floats); the output term is a whole number of months.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

from pleaguard.errors import InputError
from pleaguard.predict import circumstances as circ_mod
from pleaguard.predict import quantities as qty_mod
from pleaguard.predict import recommendation as rec_mod
from pleaguard.predict.charges import FOUND_BY_MODEL, ChargeInfo, find_charges, ladder_for, resolve
from pleaguard.predict.circumstances import Found
from pleaguard.predict.data import AS_OF, Record
from pleaguard.predict.features import (
    CIRCUMSTANCE_FEATURES,
    FRAME_FEATURES,
    GUIDELINE_FEATURES,
    QUANTITY_FEATURES,
    Row,
    build_row,
    with_amount_tier,
)
from pleaguard.predict.place import province_of
from pleaguard.predict.quantities import Quantities
from pleaguard.predict.statutory import StatutoryTier
from pleaguard.rules.citations import Basis, Citation, Step
from pleaguard.rules.parameters import LawAt, load_law

INSTRUMENT = "fit-cail2018-dev"
FITTED_FILE = Path(str(resources.files("pleaguard") / "law" / "fitted" / "predict.yaml"))
MITIGATING_BELOW_MINIMUM = ("attempt", "accessory", "minor", "surrender", "meritorious_service", "limited_capacity")
_CL69 = Citation("cl", "69", 1)
_CL48 = Citation("cl", "48", 2)
_REPRIEVE = re.compile(r"缓期[二两]年执行")
_REVIEW = re.compile(r"报请[^。，；]{0,8}核准|报送[^。，；]{0,8}(?:核准|复核)|依法复核|核准")


def death_under_review(fact: str) -> str | None:
    """The words of a fact text that report a death sentence with a two-year reprieve (死缓) already pronounced and
    submitted for approval (CL 48(2): 死刑缓期执行的，可以由高级人民法院判决或者核准) — the judgment under review, not a
    prior conviction (曾因…被判处…缓期二年执行 is not counted). None when the text does not say so."""
    m = _REPRIEVE.search(fact)
    if m is None or not _REVIEW.search(fact):
        return None
    before = fact[max(0, m.start() - 40): m.start()]
    if "曾因" in before or "曾于" in before:
        return None
    return fact[max(0, m.start() - 12): m.end()]


@dataclass(frozen=True, slots=True)
class Extracted:
    """What one charge of one fact text rests on: quantities, circumstances and the feature row."""

    quantities: Quantities
    found: dict[str, Found]
    row: Row


def extract_case(fact: str, info: ChargeInfo, q: Quantities | None = None,
                 found: dict[str, Found] | None = None, cuts: list[Decimal] | None = None) -> Extracted:
    """Quantities, circumstances and feature row of one charge; `cuts` are the fitted amount thresholds of the
    charge's money tiers (`features.with_amount_tier`), where the law leaves them open."""
    q = q if q is not None else qty_mod.extract(fact)
    found = found if found is not None else circ_mod.find(fact)
    row = build_row(info, fact, q, found)
    if cuts:
        row = with_amount_tier(row, q, cuts)
    return Extracted(q, found, row)


def amount_cuts(law: LawAt, key: str) -> list[Decimal] | None:
    """The fitted amount thresholds of a charge's money tiers (数额巨大, 数额特别巨大), if fitted."""
    name = f"fitted.predict.{key}.amount_tiers"
    if not law.has(name):
        return None
    return [Decimal(str(c)) for c in law.get(name).value.get("cuts", [])]


def clean(fact: str) -> str:
    """The fact text as the readers expect it: half-width digits and letters, simplified characters."""
    from pleaguard.judgments.normalize import normalize

    return normalize(fact)


def combine(terms: list[float], share: float) -> float:
    """CL 69: the combined term lies above the greatest and below the sum; the fitted share of the rest is added.

    At most 20 years when the sum is under 35 years, at most 25 years otherwise.
    """
    if not terms:
        return 0.0
    top, total = max(terms), sum(terms)
    cap = 240.0 if total < 420 else 300.0
    return max(top, min(top + share * (total - top), cap))


def cail_score(months: int, life: bool, death: bool, rec: Record) -> float:
    """The CAIL2018 term score of one prediction: log distance in buckets; death and life must match exactly."""
    if rec.death:
        return 1.0 if death else 0.0
    if rec.life:
        return 1.0 if life and not death else 0.0
    if life or death:
        return 0.0
    v = abs(math.log1p(months) - math.log1p(rec.months))
    for limit, score in ((0.2, 1.0), (0.4, 0.8), (0.6, 0.6), (0.8, 0.4), (1.0, 0.2)):
        if v <= limit:
            return score
    return 0.0


def _coef(law: LawAt, key: str, name: str) -> tuple[dict[str, float], Citation | None, str] | None:
    pname = f"fitted.predict.{key}.{name}"
    if not law.has(pname):
        return None
    dv = law.get(pname)
    return {k: float(v) for k, v in dv.value.items()}, dv.cite, dv.note or ""


@dataclass(slots=True)
class ChargeResult:
    info: ChargeInfo
    level: float  # ln(months + 1) after circumstances, before limits
    months: float
    life: bool
    death: bool
    band: tuple[float, float]
    steps: list[Step]
    floor: float = 1.0  # the statutory limits applied (CL 63(1) below the minimum included)
    ceiling: float = 180.0


def predict_charge(ex: Extracted, law: LawAt, fact: str) -> ChargeResult:
    """The steps for one charge: tier (law) → starting point → base → circumstances (fitted) → limits (law)."""
    row, info = ex.row, ex.row.charge
    steps: list[Step] = []
    own = _coef(law, info.key, "coefficients")
    model_key = info.key if own else "generic"
    fitted = own or _coef(law, "generic", "coefficients")
    if fitted is None:
        raise InputError("缺少拟合的预测参数 / the fitted prediction parameters are missing",
                         field="law/fitted/predict.yaml")
    coef, fcite, fnote = fitted
    fcites = (fcite,) if fcite else ()
    tier = row.tier
    if tier is not None:
        tier_cites = (tier.cite, *fcites) if row.amount_fitted else (tier.cite,)
        steps.append(Step("statutory_tier", f"法定刑幅度：{tier.label_zh}（{row.tier_reason}）",
                          {"charge": info.name_zh, "tier": tier.to_dict(),
                           "amount_threshold_fitted": row.amount_fitted},
                          tier_cites, "fitted" if row.amount_fitted else "law"))
    else:
        steps.append(Step("statutory_tier", f"{info.name_zh}：条文未规定自由刑幅度，无法确定法定刑",
                          {"charge": info.name_zh}, (Citation("cl", info.article),), "law"))
    v = row.values
    g = row.guideline
    if g is not None:
        doc = g.document
        stand = "；犯罪时施行的量刑指导意见未编码，以量刑指导意见（2017）近似代之，仅作参照" if g.stand_in else ""
        gcites = tuple(Citation.from_dict(c) for st in doc.get("trace", []) if st.get("basis") == "law"
                       for c in st.get("cites", [])[:1])[:6]
        head = f"量刑指导意见计算（量刑引擎，{doc.get('guideline')}，适用日{g.law_date.isoformat()}{stand}）"
        ranges = f"基准刑{g.base[0]:.1f}至{g.base[1]:.1f}个月，经情节调节后{g.proposed[0]:.1f}至{g.proposed[1]:.1f}个月"
        steps.append(Step(
            "guideline", f"{head}：{ranges}",
            {"crime": g.crime, "law_date": g.law_date.isoformat(), "stand_in": g.stand_in,
             "tier": doc.get("tier"), "starting_point": doc.get("starting_point"), "base": doc.get("base"),
             "proposed": doc.get("proposed"),
             "trace": [{"step": st.get("step"), "message": st.get("message"), "basis": st.get("basis"),
                        "cites": st.get("cites")} for st in doc.get("trace", [])]},
            gcites, "interpretation" if g.stand_in else "law"))
    if row.heroin_grams is not None and ex.quantities.drugs_grams:
        grams = f"{row.heroin_grams.normalize():f}"
        steps.append(Step("drug_equivalence", f"毒品数量折算：按海洛因当量计{grams}克（鸦片、氯胺酮等按刑法与司法解释"
                          "规定的数量标准折算；未载明种类的按甲基苯丙胺计，系文本读取选择）",
                          {"heroin_equivalent_grams": float(row.heroin_grams)},
                          (Citation("cl", "347", 2), Citation("spc-drugs-2016", "1")), "interpretation"))
    start = coef.get("intercept", 0.0)
    if model_key == "generic":
        start += sum(coef.get(k, 0.0) * v.get(k, 0.0) for k in FRAME_FEATURES)
        msg = (f"量刑起点（拟合）：{info.name_zh}没有专门拟合的模型（量刑指导意见未规定或数据不足），"
               f"依其法定刑幅度在该幅度内的通常位置确定，约{math.expm1(start):.1f}个月")
    else:
        start += sum(coef.get(k, 0.0) * v.get(k, 0.0) for k in GUIDELINE_FEATURES)
        where = "相对量刑指导意见计算结果的实践位置" if g is not None else "在基本数量下的实践起点"
        msg = f"量刑起点（拟合）：{info.name_zh}{where}，约{math.expm1(start):.1f}个月"
    steps.append(Step("starting_point", msg, {"months": round(math.expm1(start), 1), "model": model_key,
                                              "fit": fnote}, fcites, "fitted"))
    level = start
    increments = {}
    for k in QUANTITY_FEATURES:
        c = coef.get(k, 0.0)
        if v.get(k, 0.0) and c:
            increments[k] = round(math.exp(c * v[k]), 3)
            level += c * v[k]
    base_msg = f"基准刑（拟合增量）：依犯罪数量、次数、后果增加刑罚量，约{math.expm1(level):.1f}个月"
    if "before_amendment_8" in increments:
        base_msg += (f"（犯罪时间在刑法修正案（八）施行前，当时施行的法律与司法解释未编码，按当时的实践拟合"
                     f"×{increments['before_amendment_8']}）")
    steps.append(Step("base_sentence", base_msg,
                      {"months": round(math.expm1(level), 1), "factors": increments,
                       "quantities": ex.quantities.to_dict()}, fcites, "fitted"))
    ratios = {}
    for k in CIRCUMSTANCE_FEATURES:
        c = coef.get(k, 0.0)
        if v.get(k, 0.0) and c:
            ratios[k] = round(math.exp(c), 3)
            level += c
    province = province_of(fact)
    if province:
        offs = []
        for table_key in ("fitted.predict.province", f"fitted.predict.{model_key}.province"):
            if law.has(table_key):
                dv = law.get(table_key)
                if province in dv.value:
                    offs.append(float(dv.value[province]))
        if offs:
            level += sum(offs)
            steps.append(Step("province", f"地区实践调整（拟合）：{province}，×{math.exp(sum(offs)):.3f}",
                              {"province": province, "log_offset": round(sum(offs), 4)}, fcites, "fitted"))
    stated = {k: f.to_dict() for k, f in ex.found.items()}
    steps.append(Step("circumstances",
                      "量刑情节（事实中载明，调节比例为拟合值）：" + ("、".join(
                          f"{ex.found[k].label_zh}×{r}" for k, r in ratios.items()) or "无"),
                      {"found": stated, "ratios": ratios, "months": round(math.expm1(level), 1)}, fcites, "fitted"))
    life = death = False
    months = math.expm1(level)
    cuts = law.get("fitted.predict.life_death").value if law.has("fitted.predict.life_death") else None
    review = death_under_review(fact) if tier is not None and tier.death else None
    if review:
        death = True
    elif tier is not None and cuts and (tier.life or tier.death):
        if tier.death and level >= float(cuts["death_level"]):
            death = True
        elif level >= float(cuts["life_level"]):
            life = True
    lo_limit = tier.min_months if tier is not None else 1
    hi_limit = tier.max_months if tier is not None else 180
    below_ok = [k for k in MITIGATING_BELOW_MINIMUM if k in ex.found]
    if below_ok and tier is not None:
        lo_limit = _next_lower_minimum(info, tier)
    limited = min(max(months, lo_limit), hi_limit)
    if review:
        steps.append(Step("limits", f"事实载明已判处死刑缓期二年执行并报请核准（“{review}”）：死刑缓期执行"
                          "由高级人民法院判决或者核准（刑法第四十八条第二款），此处以该判决为准",
                          {"evidence": review}, (*((tier.cite,) if tier else ()), _CL48), "interpretation"))
    elif life or death:
        kind_zh = "死刑" if death else "无期徒刑"
        steps.append(Step("limits", f"拟合刻度达到判处{kind_zh}的水平，且该法定刑幅度包含此刑种",
                          {"life_death_levels": cuts}, (tier.cite,) if tier else (), "fitted"))
    elif tier is not None:
        labels = "、".join(ex.found[k].label_zh for k in below_ok)
        why = f"（有{labels}，可在法定刑以下判处，刑法第六十三条）" if below_ok else ""
        steps.append(Step("limits", f"法定刑限制：{lo_limit}至{hi_limit}个月{why}，结果约{limited:.1f}个月",
                          {"min": lo_limit, "max": hi_limit, "months": round(limited, 1)},
                          (tier.cite, *((Citation("cl", "63", 1),) if below_ok else ())), "law"))
    band_c = _coef(law, model_key, "band")
    band = (band_c[0]["low"], band_c[0]["high"]) if band_c else (-0.5, 0.5)
    return ChargeResult(info, level, limited, life, death, band, steps, float(lo_limit), float(hi_limit))


def _next_lower_minimum(info: ChargeInfo, tier: StatutoryTier) -> int:
    """CL 63(1): below the statutory minimum, a sentence falls in the next lower tier of the same charge; below the
    lowest tier, down to the lightest custodial penalty (one month of 拘役)."""
    ladder = ladder_for(info)
    lower = [t for t in (ladder.ladder + ladder.lighter if ladder else ()) if t.max_months <= tier.min_months]
    return max(t.min_months for t in lower) if lower else 1


def _charges_for(fact: str, charges: list[str] | None) -> tuple[list[ChargeInfo], Step]:
    if charges:
        infos = [resolve(c) for c in charges]
        text = [i for i in infos if i.matched_by == "text"]
        msg = "罪名（输入给定）：" + "、".join(i.name_zh for i in infos)
        if text:
            msg += "；其中" + "、".join(i.name_zh for i in text) + "不在罪名表中，依条文文字匹配到第" + \
                "、".join(i.article for i in text) + "条"
        return infos, Step("charges", msg, {"charges": [i.to_dict() for i in infos]},
                           tuple(Citation("cl", i.article) for i in infos), "law")
    infos, how = find_charges(fact)
    if not infos:
        raise InputError("未给出罪名，也未能从事实描述中识别罪名"
                         " / no charge given and none could be found in the fact text", field="charges",
                         allowed="a list of charge names, e.g. [\"盗窃罪\"]")
    basis: Basis = "fitted" if how.startswith(FOUND_BY_MODEL) else "interpretation"
    return infos, Step("charges", f"罪名（{how}）：" + "、".join(i.name_zh for i in infos),
                       {"charges": [i.to_dict() for i in infos], "found_by": how},
                       tuple(Citation("cl", i.article) for i in infos), basis)


@dataclass(slots=True)
class Reasoned:
    """The law's reasoning for all charges of one fact text: each charge's result, then their combination."""

    results: list[ChargeResult]
    steps: list[Step]
    total: float  # months after combination (CL 69)
    low: float
    high: float
    life: bool
    death: bool


def reason(fact: str, infos: list[ChargeInfo], law: LawAt, cases: list[Extracted] | None = None) -> Reasoned:
    """Each charge by the law's steps (`predict_charge`), then several charges combined as CL 69 requires.

    `fact` must already be cleaned; `cases` may carry the extraction already made for `infos` (fitting reuses it).
    """
    if cases is None:
        q = qty_mod.extract(fact)
        found = circ_mod.find(fact)
        cases = [extract_case(fact, i, q, found, amount_cuts(law, i.key)) for i in infos]
    results = [predict_charge(e, law, fact) for e in cases]
    steps: list[Step] = []
    for r in results:
        steps.extend(r.steps)
    life = any(r.life for r in results)
    death = any(r.death for r in results)
    comb = law.get("fitted.predict.combination").value if law.has("fitted.predict.combination") else {}
    share = float(comb.get("share", "0.5"))
    combo = "+".join(sorted(r.info.key for r in results))
    offset = float(comb.get("offsets", {}).get(combo, "0"))
    terms = [r.months for r in results]
    lows = [r.months * math.exp(r.band[0]) for r in results]
    highs = [r.months * math.exp(r.band[1]) for r in results]
    if len(results) > 1:
        factor = math.exp(offset)
        top, cap = max(terms), (240.0 if sum(terms) < 420 else 300.0)
        total = min(max(combine(terms, share) * factor, top), cap)
        lo = min(max(combine(lows, share) * factor, max(lows)), cap)
        hi = min(max(combine(highs, share) * factor, max(highs)), cap)
        note = f"，该罪名组合的实践调整×{factor:.3f}" if offset else ""
        msg = f"数罪并罚：在最高刑期以上、总和刑期以下酌定，其余各罪按拟合比例{share}计入{note}，约{total:.1f}个月"
        steps.append(Step("combination", msg, {"terms": [round(t, 1) for t in terms], "share": share,
                                                             "combination_factor": round(factor, 4),
                                                             "months": round(total, 1)}, (_CL69,), "fitted"))
    else:
        total, lo, hi = terms[0], lows[0], highs[0]
    if not (life or death):
        placed = apply_recommendation(fact, total, law)
        if placed is not None:
            total, lo, hi, step = placed
            only = results[0] if len(results) == 1 else None
            if only is not None and not only.floor - 0.5 <= total <= only.ceiling + 0.5:
                # not clamped: where the prosecution asks for a term outside the tier read from the text, the
                # reading of the tier is the likelier error (cross-validated: clamping loses)
                note = (f"；该结果在上文读取的法定刑幅度（{only.floor:.0f}至{only.ceiling:.0f}个月）之外："
                        "公诉机关的建议表明该幅度的读取可能有误，或有可在法定刑以下判处的情节，未按该幅度截断")
                step = Step(step.code, step.message + note, {**step.values, "outside_tier_read": True}, step.cites,
                            step.basis)
            steps.append(step)
    return Reasoned(results, steps, total, lo, hi, life, death)


def apply_recommendation(fact: str, months: float, law: LawAt) -> tuple[float, float, float, Step] | None:
    """Where the text reports the prosecution's sentencing recommendation (量刑建议, `recommendation.find`), the
    term is placed between the reasoned estimate and the recommendation as courts did in the train part: on the
    log scale, a fitted intercept plus fitted weights of the estimate and of the recommended term (the middle of a
    range, or its one stated bound), one set per kind of recommendation (range, upper bound only, lower bound
    only); the range is the fitted 10th-90th residual percentiles of that placement. None where the text states no
    recommendation or no placement is fitted for its kind."""
    found = rec_mod.find(fact)
    name = "fitted.predict.recommendation"
    if found is None or not law.has(name):
        return None
    dv = law.get(name)
    fitted = dv.value.get(found.kind)
    if not fitted:
        return None
    c = {k: float(v) for k, v in fitted.items()}
    level = c["intercept"] + c["estimate"] * math.log1p(months) + c["recommended"] * recommended_log(found)
    total = math.expm1(level)
    lo, hi = math.expm1(level + c["band_low"]), math.expm1(level + c["band_high"])
    cites = (dv.cite,) if dv.cite else ()
    msg = (f"公诉机关量刑建议（事实中载明：“{found.evidence}”）：建议{found.describe_zh()}；法院通常在推理估计"
           f"（约{months:.1f}个月）与建议之间确定刑期，按拟合权重（估计×{c['estimate']:.2f}，建议×{c['recommended']:.2f}，"
           f"对数刻度）约{total:.1f}个月")
    step = Step("recommendation", msg, {"recommendation": found.to_dict(), "estimate_months": round(months, 1),
                                        "weights": {k: round(v, 4) for k, v in c.items()},
                                        "months": round(total, 1)}, cites, "fitted")
    return total, lo, hi, step


def recommended_log(found: rec_mod.Recommendation) -> float:
    """The recommended term on the log scale: the middle of a range, else its one stated bound."""
    bounds = [b for b in (found.low, found.high) if b is not None]
    return sum(math.log1p(b) for b in bounds) / len(bounds)


def predict(fact: str, charges: list[str] | None = None, as_of: dt.date = AS_OF,
            law: LawAt | None = None) -> dict[str, Any]:
    """The predicted sentence for one fact text, in the `pleaguard predict` output contract.

    `law` replaces the shipped law data (used to evaluate freshly fitted parameters).
    """
    if not isinstance(fact, str) or not fact.strip():
        raise InputError("事实描述为空 / the fact text is empty", field="fact",
                         allowed="a non-empty Chinese fact description")
    law = law or load_law().at(as_of)
    fact = clean(fact)
    infos, charge_step = _charges_for(fact, charges)
    q = qty_mod.extract(fact)
    found = circ_mod.find(fact)
    reasoned = reason(fact, infos, law, [extract_case(fact, i, q, found, amount_cuts(law, i.key)) for i in infos])
    steps: list[Step] = [charge_step, Step("quantities", "事实中的犯罪数量与后果（依文字规则读取）：" + q.describe_zh(),
                                           q.to_dict(), (), "interpretation"), *reasoned.steps]
    life, death = reasoned.life, reasoned.death
    total, lo, hi = reasoned.total, reasoned.low, reasoned.high
    months = 0 if (life or death) else max(1, round(total))
    rng = {"min": 0, "max": 0} if (life or death) else {"min": max(1, math.floor(min(lo, total))),
                                                         "max": max(1, math.ceil(max(hi, total)))}
    outcome = "死刑" if death else "无期徒刑" if life else f"有期徒刑（或拘役）{months}个月"
    if not (life or death):
        outcome += f"，区间{rng['min']}至{rng['max']}个月（训练数据残差第10至第90百分位）"
    steps.append(Step("result", "预测结果：" + outcome,
                      {"term_months": months, "range_months": rng}, (), "fitted"))
    return {
        "term_months": months,
        "life_imprisonment": life and not death,
        "death_penalty": death,
        "range_months": rng,
        "charges": [i.name_zh for i in infos],
        "explanation": [s.to_dict() for s in steps],
    }
