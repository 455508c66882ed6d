"""Steps 1-2 of the method for one crime: statutory tier → starting point (量刑起点) → base sentence (基准刑).

The numbers come from the law data in force on the view's date (and province):

* `criminal_law.<crime>.tiers` — the statutory ranges (法定刑幅度) of the Criminal Law; each result carries its
  tier and the next lower one (`lower_tier`), where mitigation (减轻处罚, CL 63 ¶1) takes the sentence;
* `criminal_law.<crime>.effects.<kind>` — the Criminal Law's own effect (从轻/减轻/免除/从重) of a crime-specific
  circumstance, e.g. CL 176 ¶3 for 非法吸收公众存款 restitution before prosecution;
* `sentencing.crimes.<crime>.*` — the guideline's crime section: starting points per case, the facts that add
  punishment, crime-specific circumstances, fine and probation rules (SG-2017, SG-2021, SG-2024（二）);
* `thresholds.<crime>.*` — amount thresholds from judicial interpretations (national ranges);
* a province's overlay of any of these, and `sentencing.crimes.<crime>.increments` (months per quantity) which
  only provincial implementing rules give;
* `policy.sentencing.crimes.*` — the documented interpolation used when no province gives increments (not law).

Where no guideline section was in force (e.g. 开设赌场罪 before 2024-07-01), the starting point and base sentence
are the whole statutory tier and a warning says so. Everything is exact (`Fraction`); nothing is rounded here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from pleaguard.errors import InputError, LawNotInForce, MalformedLaw
from pleaguard.rules.citations import Citation, Step
from pleaguard.rules.parameters import DatedValue, LawAt
from pleaguard.rules.sentencing.crimes.model import Bound, Classification, CrimeDef, Quantity, fmt_months, fmt_yuan
from pleaguard.rules.sentencing.types import (
    BaseSentence,
    CircumstanceRule,
    FineMode,
    FineRule,
    Months,
    PenaltyType,
    Tier,
)

_F0 = Fraction(0)
_F1 = Fraction(1)
#: SG-2024（二） was issued for a one-year trial from 2024-07-01 (its 附则; the JSON's `trial_period: 一年`).
SG2024_TRIAL_END = dt.date(2025, 7, 1)


def lookup(law: LawAt, name: str) -> DatedValue | None:
    """The value of `name` in force: the province's if it has one in force, else the national one, else None."""
    prov = law.province
    if prov is not None:
        pparams = law.law.provinces.get(prov, {})
        p = pparams.get(name)
        if p is not None:
            try:
                return p.at(law.day)
            except LawNotInForce:
                pass
    p = law.law.parameters.get(name)
    if p is None:
        return None
    try:
        return p.at(law.day)
    except LawNotInForce:
        return None


def _frac(raw: Any) -> Fraction:
    return Fraction(str(raw))


def _cite_with(dv: DatedValue, paragraph: int | None = None, item: int | None = None) -> Citation:
    assert dv.cite is not None
    c = dv.cite
    return Citation(
        c.instrument,
        c.article,
        paragraph if paragraph is not None else c.paragraph,
        item if item is not None else c.item,
    )


@dataclass(frozen=True, slots=True)
class StartingPoint:
    key: str
    statutory_tier: int
    months: Months
    cite: Citation
    quote: str


@dataclass(slots=True)
class Compiled:
    """Everything one crime needs on one date (and province), read once from the law data."""

    crime: CrimeDef
    tiers: dict[int, Tier]
    section: DatedValue | None
    starting_points: dict[str, StartingPoint]
    direct: tuple[Months, Citation, str] | None
    increment: DatedValue | None
    fine_text: DatedValue | None
    probation: DatedValue | None
    extras: tuple[CircumstanceRule, ...]
    leniency: tuple[frozenset[str], Citation, str] | None
    thresholds: dict[str, DatedValue]
    increments: DatedValue | None
    interp: DatedValue | None
    counts: DatedValue | None
    day: dt.date
    warnings: tuple[str, ...] = field(default=())
    tier_fines: dict[int, tuple[Fraction, Fraction]] = field(default_factory=dict)
    count_specs: dict[str, tuple[Fraction, Fraction]] = field(default_factory=dict)
    top_factor: Fraction = Fraction(10)
    max_fixed_term: Fraction = Fraction(180)
    steps: dict[tuple[str, Any], Step] = field(default_factory=dict)
    lower_tiers: dict[int, Tier | None] = field(default_factory=dict)


def compile_crime(crime: CrimeDef, law: LawAt) -> Compiled:
    """Read the crime's statutory tiers, guideline section, thresholds and increments in force on `law.day`."""
    name = crime.name
    tiers_dv = lookup(law, f"criminal_law.{name}.tiers")
    if tiers_dv is None:
        raise LawNotInForce(
            f"{crime.zh}（刑法{Citation('cl', crime.article).place_zh()}）在{law.day.isoformat()}没有可用的法定刑数据"
            f"（{'本数据未收录该日期适用的条文' if name == 'illegal_fundraising' else '早于本数据覆盖的期间'}）",
            field="offense_date",
            allowed=_first_date(law, f"criminal_law.{name}.tiers"),
        )
    tiers: dict[int, Tier] = {}
    tier_fines: dict[int, tuple[Fraction, Fraction]] = {}
    for row in tiers_dv.value:
        if row.get("fine_min_yuan") is not None:
            tier_fines[int(row["index"])] = (_frac(row["fine_min_yuan"]), _frac(row["fine_max_yuan"]))
        mx = row.get("max_months")
        cite = _cite_with(tiers_dv, row.get("paragraph"))
        penalty_types: tuple[PenaltyType, ...] = tuple(row["penalty_types"])
        fine: FineMode = row["fine"]
        tiers[int(row["index"])] = Tier(
            crime=name,
            index=int(row["index"]),
            label=str(row["label"]),
            min_months=_frac(row["min_months"]),
            max_months=_frac(mx) if mx is not None else None,
            penalty_types=penalty_types,
            fine=fine,
            cite=cite,
        )
    section = lookup(law, f"sentencing.crimes.{name}.section")
    sps: dict[str, StartingPoint] = {}
    sp_dv = lookup(law, f"sentencing.crimes.{name}.starting_points") if section else None
    if sp_dv is not None:
        for row in sp_dv.value:
            sps[str(row["key"])] = StartingPoint(
                key=str(row["key"]),
                statutory_tier=int(row["statutory_tier"]),
                months=Months(_frac(row["min"]), _frac(row["max"])),
                cite=_cite_with(sp_dv, None, row.get("item")),
                quote=str(row.get("quote", sp_dv.quote or "")),
            )
    direct = None
    direct_dv = lookup(law, f"sentencing.crimes.{name}.direct") if section else None
    if direct_dv is not None:
        v = direct_dv.value
        direct = (Months(_frac(v["min"]), _frac(v["max"])), _cite_with(direct_dv), direct_dv.quote or "")
    extras: list[CircumstanceRule] = []
    ex_dv = lookup(law, f"sentencing.crimes.{name}.extra_circumstances") if section else None
    if ex_dv is not None:
        for row in ex_dv.value:
            lrm = row.get("lighter_ratio_min")
            effects, effect_cite = _statutory_effect(law, name, str(row["kind"]))
            extras.append(
                CircumstanceRule(
                    kind=row["kind"],
                    label_zh=row["label_zh"],
                    direction=row["direction"],
                    ratio_min=_frac(row["ratio_min"]),
                    ratio_max=_frac(row["ratio_max"]),
                    first_tier=False,
                    mandatory=bool(row["mandatory"]),
                    cite=_cite_with(ex_dv, row.get("paragraph"), row.get("item")),
                    quote=ex_dv.quote,
                    lighter_ratio_min=_frac(lrm) if lrm is not None else None,
                    exemption_possible=bool(row.get("exemption_possible", False)),
                    basis=ex_dv.basis,
                    statutory_effects=effects,
                    statutory_cite=effect_cite,
                )
            )
    len_dv = lookup(law, f"sentencing.crimes.{name}.leniency_strict") if section else None
    leniency = None
    if len_dv is not None:
        leniency = (frozenset(len_dv.value["keys"]), _cite_with(len_dv), len_dv.note or "")
    thresholds: dict[str, DatedValue] = {}
    for key, pname in crime.threshold_params.items():
        optional = pname.startswith("?")
        pname = pname.lstrip("?")
        dv = lookup(law, pname)
        if dv is None and optional:
            continue
        if dv is None:
            raise LawNotInForce(
                f"{crime.zh}的标准 {pname} 在{law.day.isoformat()}不在本数据覆盖的期间",
                field="offense_date",
                allowed=_first_date(law, pname),
            )
        thresholds[key] = dv
    warnings: list[str] = []
    if section is not None and section.cite and section.cite.instrument == "sg-2024-2" and law.day >= SG2024_TRIAL_END:
        warnings.append(
            "《关于常见犯罪的量刑指导意见（二）（试行）》自2024年7月1日起试行一年；现有文本未显示其是否延期或转为正式，"
            "仍按其规定计算。"
        )
    interp = lookup(law, "policy.sentencing.crimes.interpolation")
    counts = lookup(law, "policy.sentencing.crimes.counts")
    count_specs = {
        name: (_frac(spec["start"]), _frac(spec["full"])) for name, spec in (counts.value if counts else {}).items()
    }
    return Compiled(
        count_specs=count_specs,
        top_factor=_frac(interp.value.get("top_tier_full_factor", 10)) if interp else Fraction(10),
        max_fixed_term=_frac(interp.value.get("max_fixed_term_months", 180)) if interp else Fraction(180),
        crime=crime,
        tiers=tiers,
        section=section,
        starting_points=sps,
        direct=direct,
        increment=lookup(law, f"sentencing.crimes.{name}.increment") if section else None,
        fine_text=lookup(law, f"sentencing.crimes.{name}.fine") if section else None,
        probation=lookup(law, f"sentencing.crimes.{name}.probation") if section else None,
        extras=tuple(extras),
        leniency=leniency,
        thresholds=thresholds,
        increments=lookup(law, f"sentencing.crimes.{name}.increments") if section else None,
        interp=interp,
        counts=counts,
        day=law.day,
        warnings=tuple(warnings),
        tier_fines=tier_fines,
        lower_tiers=lower_tiers(tiers),
    )


def lower_tiers(tiers: Mapping[int, Tier]) -> dict[int, Tier | None]:
    """For each tier, the next lower statutory range of the same article (None for the lowest).

    CL 63 ¶1: 减轻处罚 is a sentence below the statutory minimum, and where the article has several ranges, within
    the next lower one (「在法定量刑幅度的下一个量刑幅度内判处」). The next lower range is the one with the highest
    minimum below this tier's minimum, so the order of the rows in the data does not matter. For the lowest tier
    there is no lower range: the sentence may go down to the lightest penalty the law allows (the engine's floor).
    """
    out: dict[int, Tier | None] = {}
    for idx, t in tiers.items():
        below = [o for o in tiers.values() if o.min_months < t.min_months]
        out[idx] = max(below, key=lambda o: (o.min_months, o.index)) if below else None
    return out


def _statutory_effect(law: LawAt, crime: str, kind: str) -> tuple[tuple[str, ...], Citation | None]:
    """The Criminal Law's own effect of a crime-specific circumstance (从轻/减轻/免除/从重) and its article.

    Read from `criminal_law.<crime>.effects.<kind>` in force on the view's date; none where only the guideline
    speaks (the circumstance then adjusts the base sentence but cannot take it below the statutory minimum).
    """
    dv = lookup(law, f"criminal_law.{crime}.effects.{kind}")
    if dv is None or dv.value is None or dv.cite is None:
        return (), None
    return tuple(str(e) for e in dv.value.get("effects", ())), dv.cite


def _first_date(law: LawAt, name: str) -> str:
    p = law.law.parameters.get(name)
    if p is None:
        return "a date covered by the law data"
    dates = [v.effective_from for v in p.values if v.in_force]
    return f"on or after {min(dates).isoformat()}" if dates else "none"


# ---------------------------------------------------------------------------------------------- base sentence


def _tier_ceiling(tier: Tier, comp: Compiled) -> Fraction:
    """The tier's highest fixed term: its maximum, or 15 years (CL 45) when it reaches life imprisonment."""
    return tier.max_months if tier.max_months is not None else comp.max_fixed_term


def _fraction_of(q: Quantity, comp: Compiled, crime: str, key: str) -> tuple[Fraction, Fraction, dict[str, Any]]:
    """The share of the tier's room a quantity uses, as a range over the provincial choices of its thresholds."""
    if q.kind == "count":
        spec = comp.count_specs.get(f"{crime}.{q.name}.{key}") or comp.count_specs.get(f"{crime}.{q.name}")
        if spec is None:
            return _F0, _F0, {"note": "no default for this count"}
        start, full = spec
        f = (q.value - start) / (full - start) if full > start else _F0
        f = min(max(f, _F0), _F1)
        return f, f, {"start": str(start), "full": str(full)}
    lo = q.lo
    if q.hi is None:
        factor = comp.top_factor
        hi = Bound(lo.min * factor, lo.max * factor)
    else:
        hi = q.hi
    # (v − a) / (b − a), clipped to [0, 1], falls as either bound rises: the extremes are at the corners.
    return _share(q.value, lo.max, hi.max), _share(q.value, lo.min, hi.min), {"from": lo.zh(), "to": hi.zh()}


def _share(v: Fraction, a: Fraction, b: Fraction) -> Fraction:
    """Where `v` lies between `a` (share 0) and `b` (share 1), clipped to [0, 1]."""
    if v <= a:
        return _F0
    if v >= b:
        return _F1
    return (v - a) / (b - a)


def _provincial_increment(
    q: Quantity, comp: Compiled, key: str, facts: Mapping[str, Any]
) -> tuple[Months, dict[str, Any]] | None:
    """Months added by a province's rule "每增加 per …, 增加 months" for this quantity in this case, if any.

    A row applies to one quantity in one guideline case (`key`); `when`/`unless` name a flag fact that must be
    true/false (e.g. 电信网络诈骗 has its own rate).
    """
    if comp.increments is None:
        return None
    for row in comp.increments.value:
        if row.get("quantity") != q.name or str(row.get("key")) != key:
            continue
        if row.get("when") and not facts.get(row["when"]):
            continue
        if row.get("unless") and facts.get(row["unless"]):
            continue
        per = _frac(row["per"])
        start = q.lo if row.get("start") is None else Bound.of(row["start"])
        units_max = max(q.value - start.min, _F0) / per
        units_min = max(q.value - start.max, _F0) / per
        m = row["months"]
        mmin, mmax = _frac(m["min"]), _frac(m["max"])
        return Months(units_min * mmin, units_max * mmax), {
            "per": fmt_yuan(per),
            "months_per": f"{fmt_months(mmin)}-{fmt_months(mmax)}",
            "from": start.zh(),
            "units": f"{fmt_months(units_min)}-{fmt_months(units_max)}",
        }
    return None


def base_from_classification(
    comp: Compiled,
    cls: Classification,
    facts: Mapping[str, Any],
    given_base: Months | None,
    *,
    is_alternative: bool = False,
    day: dt.date | None = None,
) -> BaseSentence:
    """Assemble the `BaseSentence` for one classification (and its alternatives); `day` is the date of the view
    (the tables are shared by the days of a span: a message that names the date takes it from here)."""
    crime = comp.crime
    tier = comp.tiers.get(cls.tier)
    if tier is None:
        raise MalformedLaw(f"{crime.name}: statutory tier {cls.tier} is missing from the law data")
    warnings = list(comp.warnings) + list(cls.warnings)
    steps: list[Step] = list(cls.steps)
    ceiling = _tier_ceiling(tier, comp)
    tier_step = comp.steps.get(("tier", tier.index))
    if tier_step is None:
        tier_step = comp.steps[("tier", tier.index)] = Step(
            "statutory_tier",
            f"法定刑幅度：{tier.label}，{_range_zh(tier.min_months, tier.max_months)}",
            {
                "tier": tier.index,
                "min_months": str(tier.min_months),
                "max_months": str(tier.max_months) if tier.max_months is not None else None,
                "penalty_types": list(tier.penalty_types),
                "fine": tier.fine,
            },
            (tier.cite,),
            "law",
        )
    steps.insert(0, tier_step)
    direct: Months | None = None
    guideline: str | None = None
    sp_row = comp.starting_points.get(cls.key)
    if sp_row is not None and sp_row.statutory_tier != cls.tier:
        # e.g. SG-2017's case for 职务侵占 数额巨大 (CL 271 old tier 2) after Amendment XI made 特别巨大 a new tier
        warnings.append(
            f"指导意见该情形的量刑起点对应的是当时的第{sp_row.statutory_tier}档法定刑，与现行第{cls.tier}档不一致；"
            "不适用该量刑起点。"
        )
        sp_row = None
    if comp.section is not None and comp.section.cite is not None:
        guideline = comp.section.cite.instrument
    if comp.direct is not None:
        direct, dcite, dquote = comp.direct
        sp = base = direct
        steps.append(
            Step("direct", f"{dquote}（不经量刑起点和基准刑）", {"months": _months_dict(direct)}, (dcite,), "law")
        )
    elif comp.section is None or sp_row is None:
        sp = Months(tier.min_months, ceiling)
        if comp.section is None:
            if crime.name == "dangerous_driving":
                direct = sp
            msg = (
                f"{(day or comp.day).isoformat()}时"
                f"没有规范{crime.zh}量刑的指导意见条文；量刑起点和基准刑只能在法定刑幅度"
                f"（{_range_zh(tier.min_months, tier.max_months)}）内确定。"
            )
        else:
            rng = _range_zh(tier.min_months, tier.max_months)
            msg = f"指导意见对本情形未规定量刑起点；只能在法定刑幅度（{rng}）内确定。"
        warnings.append(msg)
        steps.append(Step("starting_point", msg, {"months": _months_dict(sp)}, (tier.cite,), "law"))
        base = sp
        guideline = guideline if comp.section is not None else None
    else:
        sp = sp_row.months
        sp_step = comp.steps.get(("sp", cls.key))
        if sp_step is None:
            sp_step = comp.steps[("sp", cls.key)] = Step(
                "starting_point",
                f"量刑起点：{sp_row.quote}（{_months_zh(sp)}）",
                {"case": cls.key, "months": _months_dict(sp)},
                (sp_row.cite,),
                "law",
            )
        steps.append(sp_step)
        base = sp
        if given_base is None:
            base, inc_steps, inc_warn = _increments(comp, cls, sp, ceiling, facts)
            steps.extend(inc_steps)
            warnings.extend(inc_warn)
    if given_base is not None:
        if not (tier.min_months <= given_base.min and given_base.max <= ceiling):
            raise InputError(
                f"给定的基准刑{_months_zh(given_base)}不在{crime.zh}本档法定刑幅度内"
                f"（{_range_zh(tier.min_months, tier.max_months)}）",
                field="base_sentence_months",
                allowed=f"{fmt_months(tier.min_months)}-{fmt_months(ceiling)} months",
            )
        base = given_base
        steps.append(
            Step(
                "base_given",
                f"基准刑按输入确定为{_months_zh(base)}（跳过量刑起点和增加刑罚量）",
                {"months": _months_dict(base)},
                (),
                "law",
            )
        )
    elif direct is None:
        if base.max > ceiling:
            warnings.append(f"增加刑罚量后超过本档法定最高刑，基准刑以{fmt_months(ceiling)}个月为上限。")
            base = Months(min(base.min, ceiling), ceiling)
        steps.append(Step("base_sentence", f"基准刑：{_months_zh(base)}", {"months": _months_dict(base)}, (), "law"))
    fine = _fine(comp, tier, facts)
    probation_strict = cls.probation_strict
    if comp.probation is not None and comp.probation.value and comp.probation.value.get("strict"):
        probation_strict = True
    if probation_strict and comp.probation is not None and comp.probation.cite:
        steps.append(Step("probation_strict", "从严把握缓刑的适用", {}, (comp.probation.cite,), "law"))
    leniency_strict = False
    if comp.leniency is not None and cls.key in comp.leniency[0]:
        leniency_strict = True
        steps.append(
            Step(
                "leniency_strict",
                "属于严重暴力犯罪、毒品犯罪等危害严重的犯罪：确定从宽的幅度时应当从严掌握",
                {},
                (comp.leniency[1],),
                "interpretation" if comp.leniency[2] else "law",
            )
        )
    alternatives: tuple[BaseSentence, ...] = ()
    if cls.alternatives and not is_alternative:
        alternatives = tuple(
            base_from_classification(comp, alt, facts, None, is_alternative=True, day=day)
            for alt in cls.alternatives
            if given_base is None or _fits(comp, alt, given_base)
        )
    return BaseSentence(
        crime=crime.name,
        crime_zh=crime.zh,
        tier=tier,
        starting_point=sp,
        base=base,
        steps=tuple(steps),
        negligent=crime.negligent,
        fine=fine,
        extra_circumstances=comp.extras,
        direct=direct,
        leniency_strict=leniency_strict,
        probation_strict=probation_strict,
        warnings=tuple(warnings),
        guideline=guideline,
        alternatives=alternatives,
        lower_tier=comp.lower_tiers.get(tier.index),
    )


def _fits(comp: Compiled, cls: Classification, given: Months) -> bool:
    t = comp.tiers.get(cls.tier)
    return t is not None and t.min_months <= given.min and given.max <= _tier_ceiling(t, comp)


def _increments(
    comp: Compiled, cls: Classification, sp: Months, ceiling: Fraction, facts: Mapping[str, Any]
) -> tuple[Months, list[Step], list[str]]:
    """Add punishment for the quantities: by the province's months-per-quantity rule, else by the policy default."""
    steps: list[Step] = []
    warnings: list[str] = []
    add = Months(_F0, _F0)
    f_lo = f_hi = _F0
    policy_used: list[str] = []
    for q in cls.quantities:
        prov = _provincial_increment(q, comp, cls.key, facts)
        if prov is not None and comp.increments is not None and comp.increments.cite is not None:
            months, vals = prov
            add = Months(add.min + months.min, add.max + months.max)
            steps.append(
                Step(
                    "increment",
                    f"{q.label_zh}{fmt_yuan(q.value)}：自{vals['from']}起每增加{vals['per']}，"
                    f"增加{vals['months_per']}个月，共增加{_months_zh(months)}（不足一个单位的按比例计算）",
                    {"quantity": q.name, "value": str(q.value), **vals, "months": _months_dict(months)},
                    (comp.increments.cite,),
                    comp.increments.basis,
                )
            )
            continue
        lo, hi, vals = _fraction_of(q, comp, comp.crime.name, cls.key)
        if hi == 0 and lo == 0:
            continue
        f_lo += lo
        f_hi += hi
        policy_used.append(q.name)
        cite = comp.counts.cite if q.kind == "count" and comp.counts else comp.interp.cite if comp.interp else None
        steps.append(
            Step(
                "increment_policy",
                f"{q.label_zh}{fmt_yuan(q.value)}：省级细则未提供每一数量增加的刑期，按默认政策在本档内按比例增加"
                f"（占本档剩余幅度的{_pct(lo)}至{_pct(hi)}）",
                {"quantity": q.name, "value": str(q.value), "share_min": str(lo), "share_max": str(hi), **vals},
                (cite,) if cite else (),
                "policy",
            )
        )
    f_lo, f_hi = min(f_lo, _F1), min(f_hi, _F1)
    base = Months(sp.min + add.min + f_lo * (ceiling - sp.min), sp.max + add.max + f_hi * (ceiling - sp.max))
    if policy_used:
        warnings.append(
            "增加刑罚量的月数由各省实施细则规定；未适用省级细则的部分按 PleaGuard 默认政策插值（非法律规定）："
            + ", ".join(policy_used)
        )
    if not cls.quantities and comp.increment is not None and comp.increment.cite is not None:
        steps.append(
            Step(
                "increment",
                "没有需要增加刑罚量的事实；基准刑为量刑起点的幅度",
                {"rule": comp.increment.value},
                (comp.increment.cite,),
                "law",
            )
        )
    return base, steps, warnings


def _fine(comp: Compiled, tier: Tier, facts: Mapping[str, Any]) -> FineRule | None:
    if tier.fine == "none":
        return None
    cites: list[Citation] = [tier.cite]
    fine_dv = comp.thresholds.get("fine")
    if fine_dv is not None and fine_dv.cite is not None:
        v = fine_dv.value
        amount: Fraction = facts.get("amount_yuan") or _F0
        cites.append(fine_dv.cite)
        if amount > 0:
            return FineRule(
                tier.fine,
                _frac(v["min"]),
                max(_frac(v["min"]), amount * _frac(v["max_times_amount"])),
                tuple(cites),
                f"罚金在{fmt_yuan(_frac(v['min']))}元以上犯罪数额的{v['max_times_amount']}倍以下",
            )
        return FineRule(
            tier.fine,
            _frac(v["no_amount_min"]),
            _frac(v["no_amount_max"]),
            tuple(cites),
            "没有犯罪数额（或者无法计算、没有获得财物）时的罚金幅度",
        )
    by_tier = comp.thresholds.get("tier_fines")
    if by_tier is not None and by_tier.cite is not None and tier.index in by_tier.value:
        row = by_tier.value[tier.index]
        lo = _frac(row["min"])
        hi = _frac(row["max"]) if row.get("max") is not None else None
        text = f"{fmt_yuan(lo)}元以上" + (f"{fmt_yuan(hi)}元以下" if hi is not None else "（无上限）")
        return FineRule(tier.fine, lo, hi, (*cites, by_tier.cite), f"罚金数额：{text}")
    statutory = comp.tier_fines.get(tier.index)
    if statutory is not None:
        lo, hi = statutory
        return FineRule(tier.fine, lo, hi, tuple(cites), f"法定罚金数额：{fmt_yuan(lo)}元以上{fmt_yuan(hi)}元以下")
    note = ""
    if comp.fine_text is not None and comp.fine_text.cite is not None:
        cites.append(comp.fine_text.cite)
        note = str(comp.fine_text.value)
    return FineRule(
        tier.fine,
        None,
        None,
        tuple(cites),
        note or "罚金数额根据犯罪情节和缴纳能力决定（刑法第五十二条）；指导意见未规定数额",
    )


def _pct(f: Fraction) -> str:
    return f"{float(f * 100):.1f}%"


def _months_dict(m: Months) -> dict[str, str]:
    return {"min": str(m.min), "max": str(m.max)}


def _months_zh(m: Months) -> str:
    if m.min == m.max:
        return f"{fmt_months(m.min)}个月"
    return f"{fmt_months(m.min)}至{fmt_months(m.max)}个月"


def _range_zh(lo: Fraction, hi: Fraction | None) -> str:
    if hi is None:
        return f"{fmt_months(lo)}个月以上（可至无期徒刑以上）"
    return f"{fmt_months(lo)}至{fmt_months(hi)}个月"
