"""The bridge from a fact text to the sentencing engine (`services.sentencing.sentence`).

For a charge the project's guideline rules cover (a glossary code name the engine knows), the quantities and
circumstances read from the text are written as the engine's input document and the engine computes, by the
sentencing guideline, the statutory tier, the starting point, the base sentence and the range the circumstances
leave (the law's reasoning, with its own cited trace). The prediction then places the case within that frame
with fitted numbers (`model.py`).

Dates: the engine applies the guideline in force on the offense date and knows SG-2017 (from 2017-04-01) and
SG-2021. For earlier facts — most judgments of 2013-2017 — the guideline then in force is not encoded; SG-2017,
the nearest encoded text of the same method, stands in for it as an approximation, and the trace says so.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pleaguard.errors import InputError
from pleaguard.predict.charges import ChargeInfo
from pleaguard.predict.circumstances import Found
from pleaguard.predict.quantities import Quantities

EARLIEST_ENCODED = dt.date(2017, 4, 1)  # SG-2017 in force
_IN_HOME_ROBBERY = re.compile(r"入户抢劫|入室抢劫|入户[^。，；]{0,12}(?:抢走|抢得|劫取|劫得)")
_REPEATED_ROBBERY = re.compile(r"多次抢劫|抢劫[^。；]{0,10}?(?:[3-9]|[1-9][0-9]|[三四五六七八九十])[次起]")
_DATE_RE = re.compile(r"(20[01][0-9])年([01]?[0-9])月(?:([0-3]?[0-9])日)?")
# circumstance code names the engine accepts without further details, as found in a fact text (`minor` is not
# passed: the engine derives it from an age, which fact texts rarely give)
_ENGINE_KINDS = {
    "surrender": "surrender", "confession": "confession", "in_court_plea": "in_court_plea",
    "restitution": "restitution", "compensation": "compensation", "forgiveness": "forgiveness",
    "reconciliation": "reconciliation", "recidivism": "recidivism", "accessory": "accessory", "attempt": "attempt",
    "meritorious_service": "meritorious_service", "vulnerable_victim": "vulnerable_victim",
    "limited_capacity": "limited_capacity_mental_illness",
}


@dataclass(frozen=True, slots=True)
class GuidelineResult:
    """What the engine computed for one charge: the base and proposed ranges in months, and its trace."""

    crime: str
    law_date: dt.date
    stand_in: bool  # SG-2017 standing in for the guideline in force at an earlier offense date
    base: tuple[float, float]
    proposed: tuple[float, float]
    document: dict[str, Any]

    @property
    def base_log(self) -> float:
        return math.log1p(math.sqrt(max(self.base[0], 0.5) * max(self.base[1], 0.5)))

    @property
    def proposed_log(self) -> float:
        return math.log1p(math.sqrt(max(self.proposed[0], 0.5) * max(self.proposed[1], 0.5)))


def offense_date(fact: str) -> dt.date | None:
    """The first date the text gives (2016年3月4日, 2016年3月), as the offense date."""
    m = _DATE_RE.search(fact)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))
    except ValueError:
        return None


@lru_cache(maxsize=1)
def covered_crimes() -> frozenset[str]:
    """The glossary code names the engine's crime rules cover (empty while the engine is not installed)."""
    try:
        from pleaguard.rules.parameters import load_law
        from pleaguard.rules.sentencing import engine
    except ImportError:
        return frozenset()
    try:
        return frozenset(engine.known_crimes(load_law().at(dt.date(2021, 7, 1))))
    except Exception:  # the engine under construction must never break a prediction
        return frozenset()


def engine_facts(code: str, q: Quantities, fact: str) -> dict[str, Any]:
    """The engine's `facts` for one crime, from the quantities read in the text (only what the text states)."""
    amount = float(q.amount_yuan) if q.amount_yuan is not None else None
    f: dict[str, Any] = {}
    if code in ("theft", "fraud", "contract_fraud", "concealing_proceeds", "credit_card_fraud", "embezzlement",
                "extortion", "fundraising_fraud", "snatching") and amount:
        f["amount_yuan"] = amount
    if code in ("extortion", "snatching") and q.acts >= 3:
        f["extortions_in_two_years" if code == "extortion" else "snatchings_in_two_years"] = q.acts
    if code == "theft":
        f.update(burglary=q.burglary, armed=q.armed, pickpocketing=q.pickpocketing)
        if q.acts >= 3:
            f["thefts_in_two_years"] = q.acts
    elif code in ("drug_trafficking", "drug_possession"):
        from pleaguard.predict.features import drug_serious, heroin_equivalent

        heq = heroin_equivalent(q)
        if heq is not None and heq > 0:
            f.update(drug="methamphetamine", grams=float(heq))
        if code == "drug_trafficking" and drug_serious(q, fact):
            f["serious"] = True
    elif code == "intentional_injury":
        if q.deaths:
            f["injury"] = "death"
        elif q.injury in ("serious_injury_1", "serious_injury_2"):
            f["injury"] = "serious"
        elif q.injury in ("light_injury_1", "light_injury_2"):
            f["injury"] = "light"
        if q.disability_grade:
            f["disability_grade"] = q.disability_grade
    elif code == "dangerous_driving":
        if q.bac_mg_per_100ml is not None and q.bac_mg_per_100ml >= 80:
            f.update(conduct="drunk_driving", blood_alcohol_mg_per_100ml=float(q.bac_mg_per_100ml))
        elif "追逐竞驶" in fact:
            f["conduct"] = "racing"
        else:
            f["conduct"] = "drunk_driving"
        f["caused_accident"] = "事故" in fact
    elif code == "traffic_accident":
        f.update(deaths=q.deaths, fled=q.fled)
        if q.responsibility:
            f["responsibility"] = q.responsibility
        if q.serious_injuries and not q.deaths:
            f["serious_injuries"] = q.serious_injuries
    elif code == "provocation":
        f["incidents"] = max(q.acts, 1)
        if q.light_injuries:
            f["light_injuries"] = q.light_injuries
        if amount:
            f["property_yuan"] = amount
    elif code == "robbery":
        # 入户抢劫 (CL 263(1)) only where the text says the robbery was in a home: 入户 of a theft told in the same
        # text (入户盗窃) is not it
        # and 多次抢劫 only where the text counts robberies: the acts counted in the text may be thefts or other
        # crimes told beside the robbery
        f.update(robberies=max(q.acts, 1) if _REPEATED_ROBBERY.search(fact) else 1,
                 in_home=bool(_IN_HOME_ROBBERY.search(fact)))
        if amount:
            f["amount_yuan"] = amount
        if q.deaths:
            f["death"] = True
        elif q.serious_injuries:
            f["serious_injuries"] = q.serious_injuries
    elif code == "harboring_drug_use":
        if q.acts > 1:
            f["times"] = q.acts
    elif code == "illegal_detention":
        if q.deaths:
            f["death"] = True
        elif q.serious_injuries:
            f["serious_injuries"] = q.serious_injuries
    elif code == "gambling_house":
        if q.gambling_funds_yuan:
            f["gambling_funds_yuan"] = float(q.gambling_funds_yuan)
        if q.gamblers:
            f["gamblers"] = q.gamblers
    return f


def _months(value: Any) -> float:
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        if "/" in value:
            a, b = value.split("/")
            return float(a) / float(b)
        return float(value)
    raise ValueError(f"not a number of months: {value!r}")


def compute(info: ChargeInfo, q: Quantities, found: dict[str, Found], fact: str) -> GuidelineResult | None:
    """The engine's computation for a covered charge; None when the charge is not covered or the input is
    outside what the engine accepts (the prediction then reasons from the statutory tier alone)."""
    if info.code is None or info.code not in covered_crimes():
        return None
    from pleaguard.services.sentencing import sentence

    day = offense_date(fact)
    stand_in = day is None or day < EARLIEST_ENCODED
    law_day = EARLIEST_ENCODED if stand_in else day
    assert law_day is not None
    kinds = sorted({_ENGINE_KINDS[k] for k in found if k in _ENGINE_KINDS})
    if "recidivism" in kinds:
        pass
    elif "prior_record" in found:
        kinds.append("prior_record")
    case = {"crime": info.code, "offense_date": law_day.isoformat(), "decided_on": law_day.isoformat(),
            "facts": engine_facts(info.code, q, fact), "circumstances": [{"kind": k} for k in kinds]}
    try:
        doc = sentence(case)
    except InputError:
        try:  # circumstances the engine refuses together (e.g. attempt with a completed amount): compute without
            doc = sentence({**case, "circumstances": []})
        except Exception:
            return None
    except Exception:
        return None
    try:
        base = doc["base"]["exact"]
        prop = doc["proposed"]["exact"]
        return GuidelineResult(info.code, law_day, stand_in, (_months(base["min"]), _months(base["max"])),
                               (_months(prop["min"]), _months(prop["max"])), doc)
    except (KeyError, TypeError, ValueError):
        return None
