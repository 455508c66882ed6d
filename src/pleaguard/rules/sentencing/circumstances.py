"""The common sentencing circumstances (常见量刑情节) as rules read from the dated law data.

SG-2021 三 (and SG-2017 三 before 2021-07-01) gives each circumstance a ratio range of the base sentence;
the Criminal Law gives its statutory effect (从轻 / 减轻 / 免除, 应当 or 可以). Circumstances the Criminal Law
knows but the guideline does not quantify (预备, 中止, 防卫过当, 避险过当, 胁从犯, 教唆犯, 限制行为能力的精神病人)
take a documented policy ratio (`policy.sentencing.unquantified`), shown with basis "policy".

`rule_table(view)` builds every rule once per span of days in which no value of the law data changes
(`LawAt.span`) and keeps it (the law is immutable once loaded), so the engine's hot path only does dictionary
lookups, and a case on a date never seen before reuses the table of its span.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from pleaguard.errors import LawNotInForce, MalformedLaw
from pleaguard.rules.citations import Basis, Citation
from pleaguard.rules.parameters import DatedValue, LawAt, to_decimal
from pleaguard.rules.sentencing.types import CircumstanceRule, Direction

GUIDELINE = "sentencing.general.circumstances."
POLICY = "policy.sentencing.unquantified."
EFFECTS = "sentencing.general.criminal_law.effects."

#: rule key → parameter holding its ratio (guideline first, policy where the guideline is silent)
RATIO_SOURCES: dict[str, str] = {
    **{k: GUIDELINE + k for k in (
        "minor_under_16", "minor_16_to_18", "elderly_intentional", "elderly_negligent", "deaf_mute_or_blind",
        "attempt", "accessory", "surrender", "confession_ordinary", "confession_same_kind_heavier",
        "confession_avoided_serious_consequences", "in_court_plea", "meritorious_service",
        "meritorious_service_major", "restitution", "compensation_with_forgiveness", "compensation_only",
        "forgiveness_only", "reconciliation", "good_custody_behaviour", "recidivism", "prior_record",
        "vulnerable_victim", "disaster_period")},
    **{k: POLICY + k for k in (
        "preparation", "abandonment_with_damage", "limited_capacity_mental_illness", "excessive_defense",
        "excessive_necessity", "coerced_accomplice", "instigator_of_minor", "instigator_failed")},
}

#: rule key → parameter holding its statutory effect under the Criminal Law
EFFECT_SOURCES: dict[str, str] = {
    "minor_under_16": EFFECTS + "minor", "minor_16_to_18": EFFECTS + "minor",
    "elderly_intentional": EFFECTS + "elderly_intentional", "elderly_negligent": EFFECTS + "elderly_negligent",
    "limited_capacity_mental_illness": EFFECTS + "limited_capacity_mental_illness",
    "deaf_mute_or_blind": EFFECTS + "deaf_mute_or_blind", "excessive_defense": EFFECTS + "excessive_defense",
    "excessive_necessity": EFFECTS + "excessive_necessity", "preparation": EFFECTS + "preparation",
    "attempt": EFFECTS + "attempt", "abandonment_with_damage": EFFECTS + "abandonment_with_damage",
    "abandonment_without_damage": EFFECTS + "abandonment_without_damage", "accessory": EFFECTS + "accessory",
    "coerced_accomplice": EFFECTS + "coerced_accomplice", "instigator_of_minor": EFFECTS + "instigator_of_minor",
    "instigator_failed": EFFECTS + "instigator_failed", "surrender": EFFECTS + "surrender",
    "confession_ordinary": EFFECTS + "confession_ordinary",
    "confession_same_kind_heavier": EFFECTS + "confession_ordinary",
    "confession_avoided_serious_consequences": EFFECTS + "confession_avoided_serious_consequences",
    "meritorious_service": EFFECTS + "meritorious_service",
    "meritorious_service_major": EFFECTS + "meritorious_service_major", "recidivism": EFFECTS + "recidivism",
}

#: Chinese labels for trace and text output.
LABELS: dict[str, str] = {
    "minor_under_16": "未成年人犯罪（不满十六周岁）", "minor_16_to_18": "未成年人犯罪（已满十六周岁不满十八周岁）",
    "elderly_intentional": "已满七十五周岁的人故意犯罪", "elderly_negligent": "已满七十五周岁的人过失犯罪",
    "deaf_mute_or_blind": "又聋又哑的人或者盲人犯罪", "limited_capacity_mental_illness": "限制行为能力的精神病人犯罪",
    "excessive_defense": "防卫过当", "excessive_necessity": "避险过当", "preparation": "犯罪预备",
    "attempt": "犯罪未遂",
    "abandonment_with_damage": "犯罪中止（造成损害）", "abandonment_without_damage": "犯罪中止（没有造成损害）",
    "accessory": "从犯", "coerced_accomplice": "胁从犯", "instigator_of_minor": "教唆不满十八周岁的人犯罪",
    "instigator_failed": "教唆犯（被教唆的人没有犯被教唆的罪）", "instigator": "教唆犯", "surrender": "自首",
    "confession_ordinary": "坦白", "confession_same_kind_heavier": "坦白（如实供述尚未掌握的同种较重罪行）",
    "confession_avoided_serious_consequences": "坦白（避免特别严重后果发生）", "in_court_plea": "当庭自愿认罪",
    "meritorious_service": "立功", "meritorious_service_major": "重大立功", "restitution": "退赃、退赔",
    "compensation_with_forgiveness": "积极赔偿并取得谅解", "compensation_only": "积极赔偿但未取得谅解",
    "forgiveness_only": "未赔偿但取得谅解", "reconciliation": "刑事和解", "good_custody_behaviour": "羁押期间表现好",
    "plea_leniency": "认罪认罚", "recidivism": "累犯", "prior_record": "前科",
    "vulnerable_victim": "犯罪对象为弱势人员", "disaster_period": "灾害期间故意犯罪",
}


@dataclass(frozen=True, slots=True)
class PleaRule:
    """SG-2021 三（十四）: the plea's own ceiling, the ceiling together with listed companions, and the group
    of circumstances it is not counted twice with. Before SG-2021 the same shape comes from policy."""

    ratio_max: Fraction
    companions_max: Fraction
    companions: frozenset[str]
    not_double_counted: frozenset[str]
    cite: Citation
    quote: str | None
    basis: Basis
    lighter_exemption: bool
    ladder: dict[str, Fraction]
    ladder_cite: Citation
    ladder_quote: str | None


@dataclass(frozen=True, slots=True)
class RuleTable:
    """Every circumstance rule in force for one law view, plus the ones the guideline then in force lacks."""

    rules: dict[str, CircumstanceRule]
    absent: dict[str, DatedValue | None]
    plea: PleaRule | None
    plea_absent_reason: str | None
    first_tier: frozenset[str]
    first_tier_cite: Citation
    lighter_crime_max: Fraction
    lighter_crime_cite: Citation
    # read once per view for the engine: the age from which 已满七十五周岁 applies (CL 17-1), and the rule keys whose
    # statutory effect makes mitigation mandatory (应当减轻)
    elderly_age: int = 75
    mandatory_effects: frozenset[str] = frozenset()


def fraction(value: Any, name: str) -> Fraction:
    """An exact fraction from a law-data number (string or int; floats are refused by `to_decimal`)."""
    return Fraction(to_decimal(value, name))


def _rule(key: str, dv: DatedValue, effect: DatedValue | None) -> CircumstanceRule:
    v = dv.value
    if not isinstance(v, dict):
        raise MalformedLaw(f"{dv.parameter}: expected a table with direction and ratios")
    direction: Direction = "increase" if v.get("direction") == "increase" else "reduce"
    assert dv.cite is not None
    return CircumstanceRule(
        kind=key, label_zh=LABELS.get(key, key), direction=direction,
        ratio_min=fraction(v.get("ratio_min", "0"), dv.parameter), ratio_max=fraction(v["ratio_max"], dv.parameter),
        first_tier=bool(v.get("first_tier", False)), mandatory=bool(v.get("mandatory", False)), cite=dv.cite,
        quote=dv.quote,
        lighter_ratio_min=fraction(v["lighter_ratio_min"], dv.parameter) if v.get("lighter_ratio_min") else None,
        exemption_possible=bool(v.get("exemption_possible", False)),
        min_months=fraction(v["min_months"], dv.parameter) if v.get("min_months") is not None else None,
        basis=dv.basis,
        statutory_effects=tuple(effect.value.get("effects", ())) if effect is not None else (),
        statutory_cite=effect.cite if effect is not None else None,
    )


def _get(view: LawAt, name: str) -> DatedValue | None:
    try:
        return view.get(name)
    except LawNotInForce:
        return None


_TABLES: dict[int, tuple[LawAt, RuleTable]] = {}


def rule_table(view: LawAt) -> RuleTable:
    """The circumstance rules of `view`, built once per span of days in which no value of the law data changes
    (`LawAt.span`): the views of such a span read the same values, so they share one table."""
    span = view.span
    hit = _TABLES.get(id(span))
    if hit is not None and hit[0] is span:
        return hit[1]
    table = _build(view)  # built on the view asked for: an error names its date; kept for the span
    if len(_TABLES) > 4096:
        _TABLES.clear()
    _TABLES[id(span)] = (span, table)
    return table


def _build(view: LawAt) -> RuleTable:
    rules: dict[str, CircumstanceRule] = {}
    absent: dict[str, DatedValue | None] = {}
    for key, param in RATIO_SOURCES.items():
        effect = _get(view, EFFECT_SOURCES[key]) if key in EFFECT_SOURCES else None
        dv = _get(view, param)
        if dv is None:
            absent[key] = _null_entry(view, param)
        else:
            rules[key] = _rule(key, dv, effect)
    plea, reason = _plea_rule(view)
    ft = view.get("sentencing.general.method.first_tier_kinds")
    lc = view.get("policy.sentencing.plea.lighter_crime_max_months")
    assert ft.cite is not None and lc.cite is not None
    elderly = "sentencing.general.criminal_law.responsibility.elderly_age"
    mandatory = frozenset(k for k, name in EFFECT_SOURCES.items()
                          if view.has(name) and view.value(name).get("mandatory"))
    return RuleTable(rules, absent, plea, reason, frozenset(ft.value), ft.cite, fraction(lc.value, lc.parameter),
                     lc.cite, int(view.value(elderly)) if view.has(elderly) else 75, mandatory)


def _null_entry(view: LawAt, param: str) -> DatedValue | None:
    """The `value: null` entry in force (it says which instrument lacks the rule), if the data has one."""
    try:
        p = view.law.parameter(param, view.province)
    except MalformedLaw:
        return None
    before = [v for v in p.values if not v.expected and v.effective_from <= view.day]
    return before[-1] if before else None


def _plea_rule(view: LawAt) -> tuple[PleaRule | None, str | None]:
    ladder = _get(view, "policy.sentencing.plea.stage_ladder")
    if ladder is None:
        return None, "认罪认罚从宽制度于2018年10月26日起施行（刑事诉讼法第十五条），此前的案件不适用认罪认罚情节"
    assert ladder.cite is not None
    steps = {k: fraction(v, ladder.parameter) for k, v in ladder.value.items()}
    dv = _get(view, GUIDELINE + "plea_leniency")
    if dv is not None:
        v = dv.value
        assert dv.cite is not None
        return PleaRule(
            ratio_max=fraction(v["ratio_max"], dv.parameter),
            companions_max=fraction(v["companions_max"], dv.parameter),
            companions=frozenset(v["companions"]), not_double_counted=frozenset(v["not_double_counted"]),
            cite=dv.cite, quote=dv.quote, basis=dv.basis, lighter_exemption=bool(v.get("exemption_possible")),
            ladder=steps, ladder_cite=ladder.cite, ladder_quote=ladder.quote,
        ), None
    fb = _get(view, "policy.sentencing.plea.before_guideline")
    if fb is None:
        return None, "当时有效的量刑指导意见没有认罪认罚的调节比例"
    assert fb.cite is not None
    later = view.law.parameter(GUIDELINE + "plea_leniency").values[-1].value
    return PleaRule(
        ratio_max=fraction(fb.value["ratio_max"], fb.parameter),
        companions_max=fraction(fb.value["companions_max"], fb.parameter),
        companions=frozenset(later["companions"]), not_double_counted=frozenset(later["not_double_counted"]),
        cite=fb.cite, quote=fb.quote, basis="policy", lighter_exemption=False, ladder=steps,
        ladder_cite=ladder.cite, ladder_quote=ladder.quote,
    ), None
