"""The numbers a prediction reasons from: one row of named features per charge, built from the facts.

The same function serves fitting (`fit.py`) and prediction (`model.py`), so what is fitted is exactly what is
applied. Features are of three kinds:

* the statutory frame: the log of the chosen tier's minimum and maximum (law, from `statutory.py`);
* the crime's quantities, on a log scale (amount, drug weight in heroin-equivalent grams, number of acts) or as
  grades (injury, deaths, blood alcohol, responsibility share);
* the circumstances the text states (surrender, confession, restitution …) as 0/1 flags.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from pleaguard.predict import guideline
from pleaguard.predict.charges import ChargeInfo, ladder_for
from pleaguard.predict.circumstances import Found
from pleaguard.predict.guideline import GuidelineResult
from pleaguard.predict.quantities import Quantities
from pleaguard.predict.statutory import StatutoryTier, choose_tier

QUANTITY_FEATURES = ("log_amount", "log_drug", "log_acts", "light_injury_1", "serious_injury", "serious_injury_1",
                     "death", "bac", "resp_main", "fled", "burglary", "armed", "tier_index", "log_tax", "log_victims",
                     "more_injured", "minor_injury_only")
CIRCUMSTANCE_FEATURES = ("surrender", "confession", "in_court_plea", "restitution", "recovered", "compensation",
                         "forgiveness", "reconciliation", "recidivism", "prior_record", "attempt", "accessory", "minor",
                         "limited_capacity", "victim_fault", "meritorious_service", "joint_crime", "vulnerable_victim")
FRAME_FEATURES = ("tier_min_log", "tier_max_log", "tier_life")
GUIDELINE_FEATURES = ("guideline_base_log", "guideline_proposed_log", "no_guideline")

# Heroin-equivalent factors: CL 347(2)(1)/(3)(1) put 鸦片 1000 g level with 海洛因/甲基苯丙胺 50 g; the SPC drug
# interpretation (法释〔2016〕8号 Art. 1) sets the same 数量大 level for 氯胺酮 500 g, MDMA and 吗啡 100 g, 可卡因 50 g.
HEROIN_EQUIVALENT: dict[str, Decimal] = {
    "heroin": Decimal(1), "methamphetamine": Decimal(1), "methamphetamine_tablets": Decimal(1),
    "cocaine": Decimal(1), "opium": Decimal("0.05"), "ketamine": Decimal("0.1"), "mdma": Decimal("0.5"),
    "morphine": Decimal("0.5"),
    # not law: a weight whose drug the text does not name is counted like methamphetamine, the drug of most cases
    "unspecified": Decimal(1),
}


@dataclass(frozen=True, slots=True)
class Row:
    """The features of one charge of one fact text, with the tier chosen and why."""

    charge: ChargeInfo
    tier: StatutoryTier | None
    tier_reason: str
    values: dict[str, float]
    heroin_grams: Decimal | None
    guideline: GuidelineResult | None = None


def heroin_equivalent(q: Quantities) -> Decimal | None:
    """Drug weight in heroin-equivalent grams (drugs without a factor are left out)."""
    total = Decimal(0)
    seen = False
    for drug, grams in q.drugs_grams.items():
        factor = HEROIN_EQUIVALENT.get(drug)
        if factor is not None:
            total += grams * factor
            seen = True
    return total if seen else None


def severity(info: ChargeInfo, q: Quantities, heroin: Decimal | None) -> int | None:
    """The tier the quantities put a charge in where the statute itself names the quantity; None otherwise.

    CL 347: 海洛因/甲基苯丙胺 50 g or more → 15 years, life or death; 10-50 g → 7 years or more; selling three
    times or more → 情节严重 (3-7 years) under the SPC drug interpretation.
    CL 234: 致人重伤 → second tier; 致人死亡 → third. CL 133: 逃逸 → second tier.
    """
    if info.article == "347":
        if heroin is not None and heroin >= 10:
            return 3 if heroin >= 50 else 2
        # 法释〔2016〕8号 Art. 4(1): 向多人贩卖毒品或者多次贩卖毒品 is 情节严重 (CL 347(4), 3-7 years)
        return 1 if q.drug_sales >= 3 and q.acts >= 3 else 0
    if info.article == "234":
        if q.deaths:
            return 2
        return 1 if q.injury in ("serious_injury_1", "serious_injury_2") else 0
    if info.article == "133":
        return 1 if q.fled and not q.deaths else 0
    return None


def build_row(info: ChargeInfo, fact: str, q: Quantities, found: dict[str, Found], use_engine: bool = True) -> Row:
    """The feature row for one charge (with the sentencing engine's computation where it covers the charge)."""
    ladder = ladder_for(info)
    heroin = heroin_equivalent(q)
    tier: StatutoryTier | None = None
    reason = "该条文未规定自由刑幅度"
    if ladder is not None:
        tier, reason = choose_tier(ladder, fact, severity(info, q, heroin))
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
    v["tier_index"] = float(ladder.ladder.index(tier)) if ladder is not None and tier in ladder.ladder else 0.0
    for name in CIRCUMSTANCE_FEATURES:
        v[name] = 1.0 if name in found else 0.0
    if tier is not None:
        v["tier_min_log"] = math.log1p(tier.min_months)
        v["tier_max_log"] = math.log1p(tier.max_months)
        v["tier_life"] = 1.0 if (tier.life or tier.death) else 0.0
    else:
        v["tier_min_log"], v["tier_max_log"], v["tier_life"] = 0.0, math.log1p(36), 0.0
    g = guideline.compute(info, q, found, fact) if use_engine else None
    if g is not None:
        v["guideline_base_log"], v["guideline_proposed_log"], v["no_guideline"] = g.base_log, g.proposed_log, 0.0
    else:
        v["guideline_base_log"], v["guideline_proposed_log"], v["no_guideline"] = 0.0, 0.0, 1.0
    return Row(info, tier, reason, v, heroin, g)
