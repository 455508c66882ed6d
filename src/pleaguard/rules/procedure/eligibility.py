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
import math
from dataclasses import dataclass
from typing import Any, Literal

from pleaguard.domain.case_file import CaseFile, Charge
from pleaguard.domain.state import SuspectState
from pleaguard.errors import InputError
from pleaguard.rules.citations import Citation, cite
from pleaguard.rules.parameters import LawAt
from pleaguard.rules.sentencing import crimes

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
        conditions = [c.to_dict() for c in self.conditions]
        exclusions = [e.to_dict() for e in self.exclusions]
        against = [d for d in exclusions if d["met"] is True] + [d for d in conditions if d["met"] is False]
        return {
            "procedure": self.procedure,
            "eligible": self.eligible,
            "reasons_against": against,
            "unknown": [d for d in (*conditions, *exclusions) if d["met"] is None],
            "conditions": conditions,
            "exclusions": exclusions,
        }


@dataclass(frozen=True, slots=True)
class PossibleSentence:
    """What the file says about the heaviest possible sentence: months (None = unknown or life/death).

    `source` is where it comes from: the current recommendation, the statutory tier charged (`statutory_tier`),
    the tier the charge's facts put the crime in (`facts_tier`, derived by the sentencing engine's crime rules), or
    nothing (`unknown`); `basis_zh` says so in words for findings and deadlines.
    """

    max_months: int | None
    life_or_death: bool | None
    source: Literal["recommendation", "statutory_tier", "facts_tier", "unknown"]
    cites: tuple[Citation, ...] = ()
    basis_zh: str = ""

    def over(self, months: int) -> bool | None:
        """Whether the possible fixed term exceeds `months` (None when the file cannot tell)."""
        if self.life_or_death:
            return True
        if self.max_months is None:
            return None
        if self.source in ("statutory_tier", "facts_tier") and self.max_months > months:
            return None  # the tier allows more, but the sentence may well stay below: the court's call
        return self.max_months > months


@dataclass(frozen=True, slots=True)
class TierTop:
    """One statutory range (法定刑幅度) as the procedure rules need it: its number, name and heaviest penalty."""

    index: int
    label: str
    max_months: int | None  # the top of its fixed term; None when the range reaches life imprisonment or death
    life_or_death: bool
    cite: Citation | None = None


@dataclass(frozen=True, slots=True)
class ChargeTiers:
    """The statutory ranges a charge may fall in, and how the file tells.

    `source`: `charged` (the case file states the tier), `facts` (the sentencing engine's crime rules place the
    charge's facts in a tier; several tiers when the answer depends on a provincial figure the file does not give),
    `article` (neither: every range of the article is possible), `unknown` (the crime's ranges are not encoded for
    the date). Tiers are numbered as the sentencing engine numbers them (`tier.index`, 1 = the lightest range).
    """

    tiers: tuple[TierTop, ...]
    source: Literal["charged", "facts", "article", "unknown"]
    cites: tuple[Citation, ...]
    note: str

    @property
    def life_or_death(self) -> bool | None:
        """True when every possible range reaches life imprisonment or death, False when none does."""
        if not self.tiers:
            return None
        tops = [t.life_or_death for t in self.tiers]
        return True if all(tops) else False if not any(tops) else None

    @property
    def max_months(self) -> int | None:
        """The highest fixed term of the possible ranges (None when one reaches life or death, or unknown)."""
        if not self.tiers or any(t.life_or_death for t in self.tiers):
            return None
        return max(t.max_months or 0 for t in self.tiers)


_LIFE = ("life_imprisonment", "death")


def _article_tiers(law: LawAt, crime: str) -> tuple[list[TierTop], tuple[Citation, ...], bool] | None:
    """The statutory ranges of `crime` in force on the view's date: from the sentencing engine's crime rules
    (`criminal_law.<crime>.tiers`) for every crime they encode, else from the cited fallback table
    `procedure.statutory_tiers`; the flag says whether the crime rules answered (and can read facts)."""
    try:
        tiers = crimes.statutory_tiers(crime, law)
    except InputError:  # an unknown crime, or a date the crime rules do not cover
        tiers = ()
    if tiers:
        tops = [TierTop(t.index, t.label, None if t.max_months is None else math.ceil(t.max_months),
                        any(p in _LIFE for p in t.penalty_types) or t.max_months is None, t.cite) for t in tiers]
        return tops, tuple(dict.fromkeys(t.cite for t in tiers)), True
    if crimes.defines(crime):
        return None  # encoded, but not for this date: never fall back to another date's table
    name = f"procedure.statutory_tiers.{crime}"
    if not law.has(name):
        return None
    dv = law.get(name)
    assert dv.cite is not None
    tops = [TierTop(int(t.get("index", i + 1)), str(t.get("label", "")),
                    None if t.get("max_months") is None else int(t["max_months"]), t["top"] in _LIFE, dv.cite)
            for i, t in enumerate(dv.value)]
    return tops, (dv.cite,), False


def _tier_zh(t: TierTop) -> str:
    return f"第{t.index}档" + (f"（{t.label}）" if t.label else "")


def crime_zh(crime: str, law: LawAt | None = None) -> str:
    """The crime's Chinese name: from the crime rules, else from the fallback table (with `law`), else the code."""
    if crimes.defines(crime):
        return crimes.crime_name_zh(crime)
    if law is not None and law.has(f"procedure.statutory_tiers.{crime}"):
        return law.law.parameter(f"procedure.statutory_tiers.{crime}").description or crime
    return crime


def _cites_of(tops: tuple[TierTop, ...]) -> tuple[Citation, ...]:
    return tuple(dict.fromkeys(t.cite for t in tops if t.cite is not None))


def _charge_tiers_at(law: LawAt, charge: Charge) -> ChargeTiers:
    zh = crime_zh(charge.crime, law)
    found = _article_tiers(law, charge.crime)
    if found is None:
        return ChargeTiers((), "unknown", (), f"{zh}在{law.day.isoformat()}的法定刑幅度不在本数据中")
    tops, cites, by_rules = found
    by_index = {t.index: t for t in tops}
    if charge.tier is not None:
        t = by_index.get(charge.tier)
        if t is None:
            return ChargeTiers((), "unknown", cites, f"指控的第{charge.tier}档不是{zh}的法定刑幅度")
        return ChargeTiers((t,), "charged", _cites_of((t,)), f"指控的法定刑幅度为{_tier_zh(t)}")
    if charge.facts and by_rules:
        try:
            derived = crimes.tiers_for_facts(charge.crime, charge.facts, law)
        except InputError as exc:
            why = exc.args[0] if exc.args else str(exc)
            return ChargeTiers(tuple(tops), "article", cites,
                               f"案卷记载的犯罪事实不足以确定法定刑幅度（{why}），按{zh}的全部法定刑幅度")
        chosen = tuple(by_index[t.index] for t in derived)
        names = "或".join(_tier_zh(t) for t in chosen)
        extra = "（取决于所在省份确定的数额标准）" if len(chosen) > 1 else ""
        return ChargeTiers(chosen, "facts", _cites_of(chosen),
                           f"案卷未载明指控的法定刑幅度，按案卷记载的犯罪事实推定为{names}{extra}")
    return ChargeTiers(tuple(tops), "article", cites, f"案卷未载明指控的法定刑幅度，按{zh}的全部法定刑幅度")


def _heaviest(ct: ChargeTiers) -> tuple[int, int]:
    return (1, 0) if any(t.life_or_death for t in ct.tiers) else (0, ct.max_months or 0)


def charge_tiers(law: LawAt, charge: Charge) -> ChargeTiers:
    """The statutory ranges a charge may fall in, under the law that applies to it.

    The ranges are those in force on the charge's `offense_date`; where a later law in force on the view's date
    is lighter, it applies instead (CL 12: 从旧兼从轻). Without an offense date, the view's date is used.
    """
    now = _charge_tiers_at(law, charge)
    if charge.offense_date is None or charge.offense_date == law.day:
        return now
    then = _charge_tiers_at(law.law.at(charge.offense_date, law.province), charge)
    if not then.tiers:
        if now.life_or_death is True or not now.tiers:
            # the law of the offense date is not encoded: the later law only bounds the answer from above
            return ChargeTiers((), "unknown", now.cites, then.note)
        return ChargeTiers(now.tiers, now.source, now.cites,
                           now.note + f"（{then.note}；按{law.day.isoformat()}的法律作为上限）")
    if now.tiers and _heaviest(now) < _heaviest(then):
        return ChargeTiers(now.tiers, now.source, (*now.cites, cite("cl", 12)),
                           now.note + "（行为后的法律处刑较轻，依刑法第十二条适用）")
    return then


def charge_may_bring_life_or_death(law: LawAt, charge: Charge) -> tuple[bool | None, tuple[Citation, ...]]:
    """Whether a charge's statutory tier reaches life imprisonment or death (CPL 35 ¶3).

    With the tier charged, the answer is that tier's; without it, the tier the charge's facts give (where the
    sentencing engine's crime rules encode the crime); with neither, True is not certain, so a crime with such a
    tier anywhere gives None (possible), one without gives False. A crime whose ranges are not encoded gives None.
    """
    ct = charge_tiers(law, charge)
    return ct.life_or_death, ct.cites


def possible_sentence(case: CaseFile, s: SuspectState, law: LawAt) -> PossibleSentence:
    """The heaviest sentence the file points to: the current recommendation, else the charges' statutory tiers.

    A charge without a stated tier counts with the tier its facts give (or, without facts, every tier of its
    article). Several charges add up (数罪并罚 may exceed each charge's range, CL 69).
    """
    rec = s.current_recommendation
    if rec is not None:
        if rec.penalty_type in ("life_imprisonment", "death"):
            return PossibleSentence(None, True, "recommendation", basis_zh="现行量刑建议")
        return PossibleSentence(rec.max_months or 0, False, "recommendation", basis_zh="现行量刑建议")
    charges = [c for c in case.charges if c.person == s.person.id]
    if not charges:
        return PossibleSentence(None, None, "unknown", basis_zh="案卷未载明，无法判断")
    total = 0
    life: bool | None = False
    cites: list[Citation] = []
    notes: list[str] = []
    derived = False
    for ch in charges:
        ct = charge_tiers(law, ch)
        cites.extend(c for c in ct.cites if c not in cites)
        notes.append(f"{crime_zh(ch.crime, law)}：{ct.note}")
        derived = derived or ct.source == "facts"
        if not ct.tiers:
            return PossibleSentence(None, None, "unknown", tuple(cites), "；".join(notes))
        if ct.life_or_death is True:
            life = True
        elif ct.life_or_death is None and life is False:
            life = None
        if ct.max_months is not None:
            total += ct.max_months
    if len(charges) > 1:
        cites.append(cite("cl", 69))
        notes.append("数罪并罚")
    if life is not False:
        return PossibleSentence(None, life, "facts_tier" if derived else "statutory_tier", tuple(cites),
                                "；".join(notes))
    return PossibleSentence(total, False, "facts_tier" if derived else "statutory_tier", tuple(cites),
                            "；".join(notes))


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
    if ps.basis_zh:
        return ps.basis_zh
    names = {"recommendation": "现行量刑建议", "statutory_tier": "指控的法定刑幅度",
             "facts_tier": "按犯罪事实推定的法定刑幅度", "unknown": "案卷未载明，无法判断"}
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
