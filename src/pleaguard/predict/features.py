"""The numbers a prediction reasons from: one row of named features per charge, built from the facts.

The same function serves fitting (`fit.py`) and prediction (`model.py`), so what is fitted is exactly what is
applied. Features are of three kinds:

* the statutory frame: the log of the chosen tier's minimum and maximum (law, from `statutory.py`);
* the crime's quantities, on a log scale (amount, drug weight in heroin-equivalent grams, number of acts) or as
  grades (injury, deaths, blood alcohol, responsibility share);
* the circumstances the text states (surrender, confession, restitution …) as 0/1 flags;
* whether the offense date the text gives is before Criminal Law Amendment VIII (in force 2011-05-01): the law and
  the interpretations then in force (lower theft and fraud thresholds among them) are not encoded, the sentencing
  engine's SG-2017 standing in for them, so how much heavier practice was then is fitted (`before_amendment_8`,
  listed with the quantities).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from pleaguard.predict import guideline
from pleaguard.predict.charges import ChargeInfo, ladder_for
from pleaguard.predict.circumstances import Found
from pleaguard.predict.data import AS_OF
from pleaguard.predict.guideline import GuidelineResult
from pleaguard.predict.quantities import Quantities
from pleaguard.predict.statutory import StatutoryTier, TierLadder, choose_tier
from pleaguard.rules.parameters import load_law

QUANTITY_FEATURES = ("log_amount", "log_drug", "log_acts", "light_injury_1", "serious_injury", "serious_injury_1",
                     "death", "bac", "resp_main", "fled", "burglary", "armed", "tier_index", "log_tax", "log_victims",
                     "more_injured", "minor_injury_only", "before_amendment_8")
CIRCUMSTANCE_FEATURES = ("surrender", "confession", "in_court_plea", "restitution", "recovered", "compensation",
                         "forgiveness", "reconciliation", "recidivism", "prior_record", "attempt", "accessory", "minor",
                         "limited_capacity", "victim_fault", "meritorious_service", "joint_crime", "vulnerable_victim")
FRAME_FEATURES = ("tier_min_log", "tier_max_log", "tier_life")
GUIDELINE_FEATURES = ("guideline_base_log", "guideline_proposed_log", "no_guideline")

AMENDMENT_8 = dt.date(2011, 5, 1)  # 刑法修正案（八） in force
_DRUGS_WITH_FACTORS = ("heroin", "methamphetamine", "opium", "cocaine", "mdma", "morphine", "ketamine")
_DRUGS_BY_POLICY = ("methamphetamine_tablets", "unspecified")


@lru_cache(maxsize=8)
def heroin_factors(day: dt.date = AS_OF) -> dict[str, Decimal]:
    """Heroin-equivalent factor per drug in force on `day`: law (CL 347, SPC drug interpretation) and, for weights
    the law's tables do not settle (麻古 tablets, a drug the text does not name), the documented policy."""
    law = load_law().at(day)
    out: dict[str, Decimal] = {}
    for drug in _DRUGS_WITH_FACTORS:
        if law.has(f"predict.heroin_equivalence.{drug}"):
            out[drug] = law.decimal(f"predict.heroin_equivalence.{drug}")
    for drug in _DRUGS_BY_POLICY:
        if law.has(f"policy.predict.heroin_equivalence.{drug}"):
            out[drug] = law.decimal(f"policy.predict.heroin_equivalence.{drug}")
    return out


@dataclass(frozen=True, slots=True)
class Row:
    """The features of one charge of one fact text, with the tier chosen and why."""

    charge: ChargeInfo
    tier: StatutoryTier | None
    tier_reason: str
    values: dict[str, float]
    heroin_grams: Decimal | None
    guideline: GuidelineResult | None = None
    amount_fitted: bool = False  # the tier was set by fitted amount thresholds (`with_amount_tier`)


def heroin_equivalent(q: Quantities, day: dt.date = AS_OF) -> Decimal | None:
    """Drug weight in heroin-equivalent grams (drugs without a factor are left out)."""
    total = Decimal(0)
    seen = False
    factors = heroin_factors(day)
    for drug, grams in q.drugs_grams.items():
        factor = factors.get(drug)
        if factor is not None:
            total += grams * factor
            seen = True
    return total if seen else None


_TIMES = r"(?:[3-9]|[1-9][0-9]+|[三四五六七八九十]|十[一二三四五六七八九]|[二三四五六七八九]十[一二三四五六七八九]?)"
_DRUG_ACT = r"(?:贩卖|出售|贩运|运输|走私|制造|卖给|售卖|交易)"
_DRUG_SERIOUS = re.compile(
    rf"多次[^。，；]{{0,12}}{_DRUG_ACT}|{_DRUG_ACT}[^。；]{{0,16}}多次"
    rf"|(?:先后|共计?|累计|分别)[^。，；]{{0,8}}?{_TIMES}次[^。；]{{0,16}}{_DRUG_ACT}"
    rf"|{_DRUG_ACT}[^。；]{{0,20}}?(?:共计?|累计|先后){_TIMES}次"
    rf"|向[^。；]{{0,20}}多[名人]|多名吸毒人员|(?:贩卖|出售)[^。]{{0,10}}(?:给|予)多人"
    r"|情节严重")


def drug_serious(q: Quantities, fact: str) -> bool:
    """Whether the text states 情节严重 of CL 347(4) as spc-drugs-2016 Art. 4(1) defines it: selling to several
    people or trafficking several (three or more) times — or says 情节严重 itself. Read from the words (多次贩卖,
    先后三次贩卖, 向多名吸毒人员出售) or, failing them, from three or more sales described with three or more acts."""
    return bool(_DRUG_SERIOUS.search(fact)) or (q.drug_sales >= 3 and q.acts >= 3)


def severity(info: ChargeInfo, q: Quantities, heroin: Decimal | None, fact: str = "") -> int | None:
    """The tier the quantities put a charge in where the statute itself names the quantity; None otherwise.

    CL 347: 海洛因/甲基苯丙胺 50 g or more → 15 years, life or death; 10-50 g → 7 years or more; selling three
    times or more → 情节严重 (3-7 years) under the SPC drug interpretation.
    CL 234: 致人重伤 → second tier; 致人死亡 → third. CL 133: 逃逸 → second tier.
    """
    if info.article == "347":
        if heroin is not None and heroin >= 10:
            return 3 if heroin >= 50 else 2
        # spc-drugs-2016 (法释〔2016〕8号) Art. 4(1): 向多人贩卖毒品或者多次走私、贩卖、运输、制造毒品 is 情节严重
        # (CL 347(4), 3-7 years)
        return 1 if drug_serious(q, fact) else 0
    if info.article == "234":
        if q.deaths:
            return 2
        return 1 if q.injury in ("serious_injury_1", "serious_injury_2") else 0
    if info.article == "133":
        return 1 if q.fled and not q.deaths else 0
    return None


def _tier_values(v: dict[str, float], ladder: TierLadder | None, tier: StatutoryTier | None) -> None:
    """The features that depend on the statutory tier chosen (log minimum and maximum, life/death, its index)."""
    v["tier_index"] = float(ladder.ladder.index(tier)) if ladder is not None and tier in ladder.ladder else 0.0
    if tier is not None:
        v["tier_min_log"] = math.log1p(tier.min_months)
        v["tier_max_log"] = math.log1p(tier.max_months)
        v["tier_life"] = 1.0 if (tier.life or tier.death) else 0.0
    else:
        v["tier_min_log"], v["tier_max_log"], v["tier_life"] = 0.0, math.log1p(36), 0.0


# Charges whose graver money tiers (数额巨大, 数额特别巨大) no national judicial interpretation fixes, so that a fitted
# threshold does not stand in for law: 合同诈骗 (CL 224) — the prosecution standard (立案追诉标准（二）) sets only the
# amount for prosecution, and provinces set 数额巨大 themselves. Other money tiers (诈骗, 盗窃, 信用卡诈骗,
# 虚开增值税专用发票 …) have thresholds in interpretations; those are the sentencing engine's to apply, never fitted.
MONEY_TIERS_OPEN = frozenset({"contract_fraud"})


def amount_tiered(ladder: TierLadder | None, key: str) -> list[int]:
    """The indexes of the graver tiers whose condition is a sum of money the law leaves open (see
    `MONEY_TIERS_OPEN`) for the charge with model key `key`."""
    if ladder is None or len(ladder.ladder) < 2 or key not in MONEY_TIERS_OPEN:
        return []
    return [k for k, t in enumerate(ladder.ladder) if k > 0 and "数额" in t.condition]


def tier_amount(ladder: TierLadder | None, q: Quantities, key: str) -> Decimal | None:
    """The sum the ladder's money conditions speak of (the crime's amount), where the law leaves them open."""
    return q.amount_yuan if amount_tiered(ladder, key) else None


def with_amount_tier(row: Row, q: Quantities, cuts: list[Decimal]) -> Row:
    """The row with the tier raised to the graver money tier the fitted amount thresholds put the sum in.

    Only where the law leaves the sum open for this charge: the sentencing engine does not cover it (no guideline
    computation, so no judicial-interpretation threshold is applied) and the statute says only 数额巨大 / 数额特别巨大.
    The thresholds are fitted (`fit.py`), the tier and its limits remain the statute's; a tier the text itself
    states (数额巨大 in the fact) is never lowered.
    """
    ladder = ladder_for(row.charge)
    amount = tier_amount(ladder, q, row.charge.key)
    if row.guideline is not None or ladder is None or amount is None or not cuts:
        return row
    graver = amount_tiered(ladder, row.charge.key)
    reached = [k for k, c in zip(graver, cuts, strict=False) if amount >= c]
    if not reached:
        return row
    current = ladder.ladder.index(row.tier) if row.tier in ladder.ladder else 0
    if max(reached) <= current:
        return row
    tier = ladder.ladder[max(reached)]
    v = dict(row.values)
    _tier_values(v, ladder, tier)
    cut = cuts[graver.index(max(reached))]
    named = re.search(r"数额(?:特别巨大|巨大|较大)", tier.condition)
    label = named.group(0) if named else "加重幅度"
    reason = (f"数额{amount.normalize():f}元达到拟合的“{label}”数额标准{cut.normalize():f}元"
              "（法律与司法解释未规定该罪的具体数额标准，依训练数据拟合，非法律规定）")
    return Row(row.charge, tier, reason, v, row.heroin_grams, row.guideline, amount_fitted=True)


def build_row(info: ChargeInfo, fact: str, q: Quantities, found: dict[str, Found], use_engine: bool = True) -> Row:
    """The feature row for one charge (with the sentencing engine's computation where it covers the charge)."""
    ladder = ladder_for(info)
    heroin = heroin_equivalent(q)
    tier: StatutoryTier | None = None
    reason = "该条文未规定自由刑幅度"
    g = guideline.compute(info, q, found, fact) if use_engine else None
    if ladder is not None:
        tier, reason = choose_tier(ladder, fact, severity(info, q, heroin, fact))
        engine_tier = g.document.get("tier") if g is not None else None
        if isinstance(engine_tier, dict):
            lo, hi = engine_tier.get("min_months"), engine_tier.get("max_months")
            # the engine leaves the top of an open tier (…以上有期徒刑、无期徒刑) unbounded: the statute's 15 years
            same = [t for t in ladder.ladder + ladder.lighter if str(t.min_months) == str(lo)
                    and (str(t.max_months) == str(hi) or (hi is None and t.max_months >= 180))]
            if same and same[0] is not tier:
                tier, reason = same[0], "依量刑引擎按数额、数量标准（司法解释）认定的法定刑幅度"
    v: dict[str, float] = {}
    amount = float(q.amount_yuan) if q.amount_yuan is not None else 0.0
    v["log_amount"] = math.log1p(amount / 1000.0)
    v["log_drug"] = math.log1p(float(heroin)) if heroin is not None else 0.0
    v["log_acts"] = math.log(max(q.acts, 1))
    v["light_injury_1"] = 1.0 if q.injury == "light_injury_1" else 0.0
    v["serious_injury"] = 1.0 if q.injury in ("serious_injury_1", "serious_injury_2") else 0.0
    v["serious_injury_1"] = 1.0 if q.injury == "serious_injury_1" else 0.0
    v["death"] = float(min(q.deaths, 3))
    v["bac"] = max(0.0, (float(q.bac_mg_per_100ml) - 80.0) / 100.0) if q.bac_mg_per_100ml is not None else 0.0
    v["resp_main"] = 1.0 if q.responsibility in ("full", "main") else 0.0
    v["fled"] = 1.0 if q.fled else 0.0
    v["burglary"] = 1.0 if q.burglary else 0.0
    v["armed"] = 1.0 if q.armed else 0.0
    v["log_tax"] = math.log1p(float(q.invoices_tax_yuan) / 10000.0) if q.invoices_tax_yuan is not None else 0.0
    v["log_victims"] = math.log(max(q.victims, 1))
    v["more_injured"] = float(min(max(q.light_injuries + q.serious_injuries - 1, 0), 3))
    v["minor_injury_only"] = 1.0 if q.injury == "minor_injury" else 0.0
    for name in CIRCUMSTANCE_FEATURES:
        v[name] = 1.0 if name in found else 0.0
    day = guideline.offense_date(fact)
    v["before_amendment_8"] = 1.0 if day is not None and day < AMENDMENT_8 else 0.0
    _tier_values(v, ladder, tier)
    if g is not None:
        v["guideline_base_log"], v["guideline_proposed_log"], v["no_guideline"] = g.base_log, g.proposed_log, 0.0
    else:
        v["guideline_base_log"], v["guideline_proposed_log"], v["no_guideline"] = 0.0, 0.0, 1.0
    return Row(info, tier, reason, v, heroin, g)
