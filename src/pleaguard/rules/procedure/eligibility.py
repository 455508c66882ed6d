"""Which trial procedure a plea case may use: speedy (速裁), simplified (简易) or ordinary (普通), and why not.

* Speedy (CPL 222): a basic-level court, a possible sentence of at most three years' imprisonment, facts clear
  and evidence sufficient, the defendant pleads and accepts punishment and agrees to the speedy procedure.
  Excluded (CPL 223; SPC-I 370): blind, deaf or mute; a mentally ill person not wholly without capacity; a
  minor; major social impact; co-defendants who object; no settlement with the victim on civil compensation;
  a defender who pleads not guilty (SPC-I 370(7)); other unsuitable cases.
* Simplified (CPL 214): a basic-level court, facts clear and evidence sufficient, the defendant admits the
  crime and the charged facts, and does not object to the procedure. Excluded (CPL 215; SPC-I 360): blind,
  deaf or mute; mentally ill not wholly without capacity; major social impact; co-defendants who do not admit
  or object; a defender who pleads not guilty; an admission where the conduct may not be a crime.
* Ordinary: always available.
* Conversion (CPL 226; SPC-I 375): a speedy trial must be converted when the conduct may not be a crime,
  the plea was involuntary, the defendant denies the charged facts, or the case is complex or the law
  seriously disputed; the trial period restarts from the conversion decision (SPC-I 376).

Every condition is `met` True / False / None (not known from the case file); a procedure is eligible only when
every condition is met and no exclusion applies, ineligible when a condition fails or an exclusion applies,
and undetermined otherwise. "Other unsuitable cases" is the court's discretion and is never decided here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from pleaguard.domain.case_file import CaseFile, Charge
from pleaguard.domain.state import SuspectState
from pleaguard.rules.citations import Citation, cite
from pleaguard.rules.parameters import LawAt

CPL = "cpl-2018"
SPCI = "spc-cpl-interpretation-2021"
SPCI_IN_FORCE = dt.date(2021, 3, 1)


@dataclass(frozen=True, slots=True)
class Condition:
    """One condition or exclusion of a procedure and whether the case meets it (None = not known)."""

    code: str
    met: bool | None
    message: str
    cites: tuple[Citation, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "met": self.met, "message": self.message, "cites": [c.to_dict() for c in self.cites]}


@dataclass(frozen=True, slots=True)
class Eligibility:
    """Whether a procedure may be used: True, False, or None (undetermined), with every condition and exclusion."""

    procedure: Literal["speedy", "simplified", "ordinary"]
    conditions: tuple[Condition, ...]
    exclusions: tuple[Condition, ...]

    @property
    def eligible(self) -> bool | None:
        if any(e.met is True for e in self.exclusions) or any(c.met is False for c in self.conditions):
            return False
        if any(e.met is None for e in self.exclusions) or any(c.met is None for c in self.conditions):
            return None
        return True

    @property
    def reasons_against(self) -> list[Condition]:
        return [e for e in self.exclusions if e.met is True] + [c for c in self.conditions if c.met is False]

    def to_dict(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure,
            "eligible": self.eligible,
            "reasons_against": [r.to_dict() for r in self.reasons_against],
            "unknown": [r.to_dict() for r in (*self.conditions, *self.exclusions) if r.met is None],
            "conditions": [c.to_dict() for c in self.conditions],
            "exclusions": [e.to_dict() for e in self.exclusions],
        }


@dataclass(frozen=True, slots=True)
class PossibleSentence:
    """What the file says about the heaviest possible sentence: months (None = unknown or life/death)."""

    max_months: int | None
    life_or_death: bool | None
    source: Literal["recommendation", "statutory_tier", "unknown"]
    cites: tuple[Citation, ...] = ()

    def over(self, months: int) -> bool | None:
        """Whether the possible fixed term exceeds `months` (None when the file cannot tell)."""
        if self.life_or_death:
            return True
        if self.max_months is None:
            return None
        if self.source == "statutory_tier" and self.max_months > months:
            return None  # the tier allows more, but the sentence may well stay below: the court's call
        return self.max_months > months


def _tiers(law: LawAt, crime: str) -> tuple[list[dict[str, Any]], Citation] | None:
    name = f"procedure.statutory_tiers.{crime}"
    if not law.has(name):
        return None
    dv = law.get(name)
    assert dv.cite is not None
    return list(dv.value), dv.cite


def charge_may_bring_life_or_death(law: LawAt, charge: Charge) -> tuple[bool | None, tuple[Citation, ...]]:
    """Whether a charge's statutory tier reaches life imprisonment or death (CPL 35 ¶3).

    With the tier charged, the answer is that tier's; without it, True is not certain, so a crime with such a
    tier anywhere gives None (possible), one without gives False. A crime missing from the table gives None.
    """
    found = _tiers(law, charge.crime)
    if found is None:
        return None, ()
    tiers, c = found
    tops = [t["top"] in ("life_imprisonment", "death") for t in tiers]
    if charge.tier is not None:
        if charge.tier > len(tiers):
            return None, (c,)
        return tops[charge.tier - 1], (c,)
    return (None if any(tops) else False), (c,)


def possible_sentence(case: CaseFile, s: SuspectState, law: LawAt) -> PossibleSentence:
    """The heaviest sentence the file points to: the current recommendation, else the charged tiers."""
    rec = s.current_recommendation
    if rec is not None:
        if rec.penalty_type in ("life_imprisonment", "death"):
            return PossibleSentence(None, True, "recommendation")
        return PossibleSentence(rec.max_months or 0, False, "recommendation")
    charges = [c for c in case.charges if c.person == s.person.id]
    if not charges:
        return PossibleSentence(None, None, "unknown")
    worst = 0
    life: bool | None = False
    cites: list[Citation] = []
    for ch in charges:
        found = _tiers(law, ch.crime)
        if found is None or ch.tier is None or ch.tier > len(found[0]):
            return PossibleSentence(None, None, "unknown", tuple(cites))
        tier = found[0][ch.tier - 1]
        cites.append(found[1])
        if tier["top"] in ("life_imprisonment", "death"):
            life = True
        else:
            worst = max(worst, int(tier["max_months"]))
    return PossibleSentence(None if life else worst, life, "statutory_tier", tuple(cites))


def _pair(cpl_article: int, cpl_item: int | None, spci_article: int, spci_item: int | None,
          on: dt.date) -> tuple[Citation, ...]:
    out = [cite(CPL, cpl_article, None, cpl_item)]
    if on >= SPCI_IN_FORCE:
        out.append(cite(SPCI, spci_article, None, spci_item))
    return tuple(out)


def _is_minor(s: SuspectState, on: dt.date, law: LawAt) -> bool | None:
    age = s.age_on(on)
    if age is None:
        return None
    return age < int(law.value("procedure.eligibility.adult_age_years"))


def _agrees(s: SuspectState, procedure: str) -> bool | None:
    aff = s.last_affidavit
    if aff is None or aff.procedure is None:
        return None
    return True if aff.procedure == procedure else None


def speedy(case: CaseFile, s: SuspectState, law: LawAt, on: dt.date) -> Eligibility:
    """速裁程序 eligibility for suspect `s` on date `on` (CPL 222-223; SPC-I 370)."""
    pf = case.procedure_facts
    p = s.person
    limit = int(law.value("procedure.eligibility.speedy_max_months"))
    ps = possible_sentence(case, s, law)
    over = ps.over(limit)
    basic = None if pf.court_level is None else pf.court_level == "basic"
    conditions = (
        Condition("basic_court", basic, "基层人民法院管辖", (cite(CPL, 222, 1),)),
        Condition("up_to_three_years", None if over is None else not over,
                  f"可能判处三年有期徒刑以下刑罚（依据：{_source_zh(ps)}）", (cite(CPL, 222, 1), *ps.cites)),
        Condition("facts_clear", pf.facts_clear_evidence_sufficient, "案件事实清楚，证据确实、充分",
                  (cite(CPL, 222, 1),)),
        Condition("plea", s.pleaded or None, "被告人认罪认罚", (cite(CPL, 222, 1),)),
        Condition("agrees_to_speedy", _agrees(s, "speedy"), "被告人同意适用速裁程序", (cite(CPL, 222, 1),)),
    )
    disabled = bool(p.disabilities)
    exclusions: tuple[Condition, ...] = (
        Condition("blind_deaf_mute", disabled, "被告人是盲、聋、哑人", _pair(223, 1, 370, 1, on)),
        Condition("partial_mental_capacity", p.mental_capacity == "partial",
                  "被告人是尚未完全丧失辨认或者控制自己行为能力的精神病人", _pair(223, 1, 370, 2, on)),
        Condition("minor", _is_minor(s, on, law), "被告人是未成年人", _pair(223, 2, 370, 3, on)),
        Condition("major_social_impact", pf.major_social_impact, "案件有重大社会影响", _pair(223, 3, 370, 4, on)),
        Condition("co_defendants_object", pf.co_defendants_object,
                  "共同犯罪案件中部分被告人对指控的犯罪事实、罪名、量刑建议或者适用速裁程序有异议",
                  _pair(223, 4, 370, 5, on)),
        Condition("no_civil_settlement",
                  None if pf.civil_settlement_reached is None else not pf.civil_settlement_reached,
                  "被告人与被害人或者其法定代理人没有就附带民事诉讼赔偿等事项达成调解或者和解协议",
                  _pair(223, 5, 370, 6, on)),
    )
    if on >= SPCI_IN_FORCE:
        exclusions += (Condition("defender_pleads_not_guilty", pf.defender_pleads_not_guilty, "辩护人作无罪辩护",
                                 (cite(SPCI, 370, None, 7),)),)
    return Eligibility("speedy", conditions, _known_false_for_victimless(case, s, exclusions))


def _known_false_for_victimless(case: CaseFile, s: SuspectState,
                                exclusions: tuple[Condition, ...]) -> tuple[Condition, ...]:
    """Without any victim in the case there is no civil settlement to reach: that exclusion cannot apply."""
    if any(p.role == "victim" for p in case.people):
        return exclusions
    return tuple(
        Condition(e.code, False, e.message + "（本案无被害人）", e.cites)
        if e.code == "no_civil_settlement" and e.met is None else e
        for e in exclusions
    )


def simplified(case: CaseFile, s: SuspectState, law: LawAt, on: dt.date) -> Eligibility:
    """简易程序 eligibility for suspect `s` on date `on` (CPL 214-215; SPC-I 360)."""
    pf = case.procedure_facts
    p = s.person
    basic = None if pf.court_level is None else pf.court_level == "basic"
    conditions = (
        Condition("basic_court", basic, "基层人民法院管辖", (cite(CPL, 214, 1),)),
        Condition("facts_clear", pf.facts_clear_evidence_sufficient, "案件事实清楚、证据充分", (cite(CPL, 214, 1, 1),)),
        Condition("admits", s.pleaded or None, "被告人承认自己所犯罪行，对指控的犯罪事实没有异议",
                  (cite(CPL, 214, 1, 2),)),
        Condition("no_objection", _agrees(s, "simplified"), "被告人对适用简易程序没有异议", (cite(CPL, 214, 1, 3),)),
    )
    exclusions: tuple[Condition, ...] = (
        Condition("blind_deaf_mute", bool(p.disabilities), "被告人是盲、聋、哑人", _pair(215, 1, 360, 1, on)),
        Condition("partial_mental_capacity", p.mental_capacity == "partial",
                  "被告人是尚未完全丧失辨认或者控制自己行为能力的精神病人", _pair(215, 1, 360, 2, on)),
        Condition("major_social_impact", pf.major_social_impact, "有重大社会影响", _pair(215, 2, 360, 3, on)),
        Condition("co_defendants_object", pf.co_defendants_object,
                  "共同犯罪案件中部分被告人不认罪或者对适用简易程序有异议",
                  _pair(215, 3, 360, 4, on)),
    )
    if on >= SPCI_IN_FORCE:
        exclusions += (
            Condition("defender_pleads_not_guilty", pf.defender_pleads_not_guilty, "辩护人作无罪辩护",
                      (cite(SPCI, 360, None, 5),)),
            Condition("may_not_be_a_crime", pf.may_not_be_a_crime, "被告人认罪但经审查认为可能不构成犯罪",
                      (cite(SPCI, 360, None, 6),)),
        )
    return Eligibility("simplified", conditions, exclusions)


def ordinary(case: CaseFile, s: SuspectState, law: LawAt, on: dt.date) -> Eligibility:
    """The ordinary procedure is always available."""
    return Eligibility("ordinary", (Condition("always", True, "普通程序没有适用限制", (cite(CPL, 208, 1),)),), ())


def _source_zh(ps: PossibleSentence) -> str:
    names = {"recommendation": "现行量刑建议", "statutory_tier": "指控的法定刑幅度", "unknown": "案卷未载明，无法判断"}
    return names[ps.source]


def conversion_grounds(s: SuspectState) -> list[Condition]:
    """Grounds on record that require converting a speedy trial (CPL 226; SPC-I 375): a plea withdrawn in trial."""
    if s.procedure != "speedy" or s.trial_accepted is None:
        return []
    out = []
    for w in s.withdrawals:
        if w.at >= s.trial_accepted.at:
            out.append(Condition("plea_withdrawn_in_speedy_trial", True,
                                 "速裁程序审理中被告人不再认罪认罚（否认指控的犯罪事实或者违背意愿认罪认罚），应当转为普通程序或者简易程序审理",
                                 (cite(CPL, 226), cite(SPCI, 375, None, 2), cite(SPCI, 375, None, 3), cite(SPCI, 358))))
    return out


def assess(case: CaseFile, s: SuspectState, law: LawAt, on: dt.date) -> dict[str, Eligibility]:
    """All three procedures for one suspect."""
    return {"speedy": speedy(case, s, law, on), "simplified": simplified(case, s, law, on),
            "ordinary": ordinary(case, s, law, on)}
