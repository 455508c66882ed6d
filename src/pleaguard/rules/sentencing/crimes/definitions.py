"""The crimes: the facts each takes and the rules that read the guideline's cases (量刑起点的情形) from them.

Each `_classify_*` function states in its docstring which guideline case applies to which facts, and cites the
provisions whose numbers it reads from the law data (thresholds are never written here). Where an
interpretation says 可以 (the court may) or a threshold is a national range left to the provinces, the lower
reading is the result and the higher one is an alternative with a warning — the choice is shown, not made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from pleaguard.errors import InputError
from pleaguard.rules.citations import Step
from pleaguard.rules.parameters import DatedValue
from pleaguard.rules.sentencing.crimes.facts import FactSpec
from pleaguard.rules.sentencing.crimes.model import Bound, Classification, CrimeDef, Quantity, fmt_yuan

Thresholds = Mapping[str, DatedValue]


def _specs(*specs: FactSpec) -> dict[str, FactSpec]:
    return {s.name: s for s in specs}


def _levels(value: Fraction, bounds: list[Bound]) -> tuple[int, int]:
    """How many of the ascending thresholds `value` surely reaches, and how many it may reach (province's choice)."""
    low = high = 0
    for b in bounds:
        r = b.reached(value)
        if r == "yes":
            low += 1
            high += 1
        elif r == "depends":
            high += 1
    return low, high


def _threshold_step(code: str, msg: str, dv: DatedValue, values: dict[str, Any]) -> Step:
    return Step(code, msg, values, (dv.cite,) if dv.cite else (), dv.basis)


def _amount_quantities(amount: Fraction, level: int, bounds: list[Bound], label: str) -> list[Quantity]:
    """The amount adds punishment between the tier's threshold and the next one (open-ended in the top tier)."""
    if level < 1:
        return []
    lo = bounds[level - 1]
    hi = bounds[level] if level < len(bounds) else None
    return [Quantity("amount_yuan", label, amount, lo, hi, "amount")]


def _by_amount(
    crime_zh: str,
    amount: Fraction,
    bounds: list[Bound],
    names: list[str],
    low: int,
    high: int,
    make: Callable[[int], Classification],
    warnings: list[str],
) -> Classification:
    """Main classification at level `low` (at least 1) with alternatives up to `high`, each made by `make(level)`."""
    main = make(max(low, 1))
    main.warnings.extend(warnings)
    if low == 0:
        main.warnings.append(
            f"{crime_zh}：数额{fmt_yuan(amount)}元是否达到“{names[0]}”起点取决于所在省份确定的标准"
            f"（全国幅度{bounds[0].zh()}元）；未达到的，不构成本罪。"
        )
    for lvl in range(max(low, 1) + 1, high + 1):
        alt = make(lvl)
        alt.warnings.append(
            f"如所在省份的“{names[lvl - 1]}”标准不高于{fmt_yuan(amount)}元"
            f"（全国幅度{bounds[lvl - 1].zh()}元），适用此档。"
        )
        main.alternatives.append(alt)
        main.warnings.append(
            f"{crime_zh}：数额{fmt_yuan(amount)}元落在“{names[lvl - 1]}”的全国幅度{bounds[lvl - 1].zh()}元之内，"
            f"适用哪一档取决于所在省份确定的具体标准；未提供省份，结果按较低一档计算，较高一档见 alternatives。"
        )
    return main


# ---------------------------------------------------------------------------------------------- theft


THEFT = _specs(
    FactSpec("amount_yuan", "amount", "盗窃数额", "yuan", default=Fraction(0)),
    FactSpec("thefts_in_two_years", "count", "二年内盗窃次数（含本次）", "times"),
    FactSpec("burglary", "flag", "入户盗窃", default=False),
    FactSpec("armed", "flag", "携带凶器盗窃", default=False),
    FactSpec("pickpocketing", "flag", "扒窃", default=False),
    FactSpec(
        "interpretation_art2_item",
        "count",
        "具有盗窃解释第二条第几项情形（1-8；数额较大标准可以按50%确定）",
        minimum=1,
        maximum=8,
    ),
    FactSpec("other_serious", "flag", "有其他严重情节（盗窃解释第六条等）", default=False),
    FactSpec("other_especially_serious", "flag", "有其他特别严重情节", default=False),
)


def _classify_theft(f: dict[str, Any], th: Thresholds) -> Classification:
    """盗窃罪 (CL 264; SG 四（十一）/ 2017 四（六）; 法释〔2013〕8号 Arts 1-3, 6).

    数额较大, 二年内三次, 入户, 携带凶器 or 扒窃 → case 1; 数额巨大 or 其他严重情节 → 2;
    数额特别巨大 or 其他特别严重情节 → 3. With an Art. 2 circumstance the 数额较大 standard *may* be halved;
    with an Art. 2 (3)-(8) circumstance, burglary or arms, half of the 巨大/特别巨大 figure *may* count as
    其他(特别)严重情节 (Art. 6). Below a large amount, several thefts set the starting point and each one
    beyond three adds punishment (SG 四（十一）2).
    """
    dv = th["amounts"]
    raw = dv.value
    large, huge, esp = Bound.of(raw["large"]), Bound.of(raw["huge"]), Bound.of(raw["especially_huge"])
    amount: Fraction = f["amount_yuan"]
    count = f.get("thefts_in_two_years")
    item = f.get("interpretation_art2_item")
    forms = [
        zh for key, zh in (("burglary", "入户盗窃"), ("armed", "携带凶器盗窃"), ("pickpocketing", "扒窃")) if f[key]
    ]
    if count is not None and count >= 3:
        forms.append(f"二年内盗窃{count}次")
    steps = [
        _threshold_step(
            "amount_thresholds",
            f"盗窃数额{fmt_yuan(amount)}元；数额较大{large.zh()}元、数额巨大"
            f"{huge.zh()}元、数额特别巨大{esp.zh()}元以上",
            dv,
            {"amount_yuan": str(amount), "large": large.zh(), "huge": huge.zh(), "especially_huge": esp.zh()},
        )
    ]
    warnings: list[str] = []
    large_eff = large
    if item is not None:
        half = th["half"]
        ratio = Fraction(str(half.value))
        large_eff = Bound(large.min * ratio, large.max)
        steps.append(
            _threshold_step(
                "half_threshold",
                f"具有盗窃解释第二条第（{item}）项情形，“数额较大”的标准可以按百分之五十确定（可以，不是应当）",
                half,
                {"item": item, "ratio": str(ratio)},
            )
        )
    low, high = _levels(amount, [large_eff, huge, esp])
    art6 = (item is not None and item >= 3) or f["burglary"] or f["armed"]
    if art6:
        for lvl, b in ((2, huge), (3, esp)):
            if amount >= b.min / 2 and high < lvl:
                high = lvl
                warnings.append(
                    f"盗窃解释第六条：具有该条所列情形且数额达到“{'数额巨大' if lvl == 2 else '数额特别巨大'}”"
                    f"标准的百分之五十，可以认定为“其他{'严重' if lvl == 2 else '特别严重'}情节”（可以，不是应当）。"
                )
    if f["other_especially_serious"]:
        low = high = max(high, 3)
    elif f["other_serious"]:
        low, high = max(low, 2), max(high, 2)
    if forms:
        low, high = max(low, 1), max(high, 1)
    if high == 0:
        raise InputError(
            f"盗窃数额{fmt_yuan(amount)}元未达到“数额较大”的最低标准（{fmt_yuan(large_eff.min)}元），也没有多次盗窃、入户盗窃、"
            f"携带凶器盗窃或者扒窃，不构成盗窃罪",
            field="facts.amount_yuan",
            allowed=f"≥ {fmt_yuan(large_eff.min)} yuan, or thefts_in_two_years ≥ 3, burglary, armed, pickpocketing",
        )
    bounds = [large_eff, huge, esp]
    amount_basis = amount >= large_eff.min

    def make(level: int) -> Classification:
        c = Classification(key=str(level), tier=level, steps=list(steps))
        if level == 1 and not amount_basis:
            c.steps.append(Step("case", f"数额未达到较大，以{'、'.join(forms)}确定量刑起点", {"forms": forms}))
            if count is not None and count > 3:
                c.quantities.append(
                    Quantity("thefts_in_two_years", "超过三次的盗窃次数", Fraction(count), Bound.of(3), None, "count")
                )
        else:
            c.quantities.extend(_amount_quantities(amount, level, bounds, "盗窃数额"))
            if count is not None and count >= 3:
                c.warnings.append(
                    f"多次盗窃且数额达到较大以上的，以盗窃数额确定量刑起点，盗窃次数（{count}次）可以作为调节"
                    f"基准刑的量刑情节（指导意见未规定比例）。"
                )
        return c

    return _by_amount("盗窃罪", amount, bounds, ["数额较大", "数额巨大", "数额特别巨大"], low, high, make, warnings)


# ---------------------------------------------------------------------------------------------- fraud


FRAUD = _specs(
    FactSpec("amount_yuan", "amount", "诈骗数额", "yuan"),
    FactSpec("telecom_network", "flag", "电信网络诈骗（从严把握缓刑）", default=False),
    FactSpec("other_serious", "flag", "有其他严重情节（诈骗解释第二条第二款等）", default=False),
    FactSpec("other_especially_serious", "flag", "有其他特别严重情节", default=False),
)


def _classify_fraud(f: dict[str, Any], th: Thresholds) -> Classification:
    """诈骗罪 (CL 266; SG 四（十二）/ 2017 四（七）; 法释〔2011〕7号 Art. 1).

    数额较大 → case 1; 数额巨大 or 其他严重情节 → 2; 数额特别巨大 or 其他特别严重情节 → 3. Telecom-network fraud:
    probation is applied strictly (SG-2021 四（十二）4).
    """
    if "amount_yuan" not in f:
        raise InputError("诈骗罪需要诈骗数额", field="facts.amount_yuan", allowed="a number of yuan ≥ 0")
    dv = th["amounts"]
    large, huge, esp = (Bound.of(dv.value[k]) for k in ("large", "huge", "especially_huge"))
    amount: Fraction = f["amount_yuan"]
    steps = [
        _threshold_step(
            "amount_thresholds",
            f"诈骗数额{fmt_yuan(amount)}元；数额较大{large.zh()}元、数额巨大"
            f"{huge.zh()}元、数额特别巨大{esp.zh()}元以上",
            dv,
            {"amount_yuan": str(amount), "large": large.zh(), "huge": huge.zh(), "especially_huge": esp.zh()},
        )
    ]
    low, high = _levels(amount, [large, huge, esp])
    if f["other_especially_serious"]:
        low = high = max(high, 3)
    elif f["other_serious"]:
        low, high = max(low, 2), max(high, 2)
    if high == 0:
        raise InputError(
            f"诈骗数额{fmt_yuan(amount)}元未达到“数额较大”的最低标准（{fmt_yuan(large.min)}元），不构成诈骗罪",
            field="facts.amount_yuan",
            allowed=f"≥ {fmt_yuan(large.min)} yuan",
        )
    bounds = [large, huge, esp]

    def make(level: int) -> Classification:
        c = Classification(
            key=str(level),
            tier=level,
            steps=list(steps),
            quantities=_amount_quantities(amount, level, bounds, "诈骗数额"),
        )
        c.probation_strict = f["telecom_network"]
        return c

    return _by_amount("诈骗罪", amount, bounds, ["数额较大", "数额巨大", "数额特别巨大"], low, high, make, [])


# ---------------------------------------------------------------------------------------------- intentional injury


INJURY = _specs(
    FactSpec(
        "injury",
        "choice",
        "最重的伤害后果：light 轻伤；serious 重伤；cruel_disability 以特别残忍手段致一人重伤造成六级严重"
        "残疾；death 致人死亡",
        allowed=("light", "serious", "cruel_disability", "death"),
    ),
    FactSpec("additional_light_injuries", "count", "除起点所评价的一人外，另致轻伤的人数", "persons", default=0),
    FactSpec("additional_serious_injuries", "count", "除起点所评价的一人外，另致重伤的人数", "persons", default=0),
    FactSpec("minor_injuries", "count", "致轻微伤的人数", "persons", default=0),
    FactSpec("disability_grade", "count", "伤残等级（一级最重，十级最轻）", "grade", minimum=1, maximum=10),
)


def _classify_injury(f: dict[str, Any], th: Thresholds) -> Classification:
    """故意伤害罪 (CL 234; SG 四（七）/ 2017 四（二）).

    致一人轻伤 → case light; 致一人重伤 → serious; 以特别残忍手段致一人重伤造成六级严重残疾 → cruel_disability.
    Death has no guideline starting point (依法应当判处无期徒刑以上刑罚的除外): statutory tier 3 only.
    Further victims add punishment; for 轻伤 the disability grade may be weighed in the starting point or as an
    adjusting circumstance (SG 四（七）2).
    """
    injury = f.get("injury")
    if injury is None:
        raise InputError(
            "故意伤害罪需要伤害后果", field="facts.injury", allowed="light, serious, cruel_disability, death"
        )
    if injury == "light" and f["additional_serious_injuries"]:
        raise InputError(
            "另有被害人重伤时，应以重伤确定量刑起点（injury: serious）",
            field="facts.injury",
            allowed="serious, cruel_disability, death",
        )
    tier = {"light": 1, "serious": 2, "cruel_disability": 3, "death": 3}[injury]
    c = Classification(key=injury, tier=tier)
    if injury == "death":
        c.warnings.append(
            "故意伤害致人死亡：指导意见未规定量刑起点（依法应当判处无期徒刑以上刑罚的除外），"
            "只能依刑法第二百三十四条第二款的法定刑幅度裁量。"
        )
    for name, label in (
        ("additional_light_injuries", "另致轻伤人数"),
        ("additional_serious_injuries", "另致重伤人数"),
        ("minor_injuries", "致轻微伤人数"),
    ):
        if f[name]:
            c.quantities.append(Quantity(name, label, Fraction(f[name]), Bound.of(0), None, "count"))
    grade = f.get("disability_grade")
    if grade is not None:
        if injury == "light":
            c.warnings.append(
                f"轻伤造成{grade}级伤残：伤残程度可以在确定量刑起点时考虑，或者作为调节基准刑的量刑情节"
                f"（指导意见未规定比例）。"
            )
        elif injury == "cruel_disability" and grade > 6:
            raise InputError(
                f"以特别残忍手段致人重伤造成严重残疾，指导意见以六级以上伤残为起点；{grade}级不符",
                field="facts.disability_grade",
                allowed="1-6 for cruel_disability",
            )
        else:
            c.warnings.append(f"伤残等级{grade}级：根据伤残等级增加刑罚量，指导意见和全国规定未给出每级的月数。")
    return c


# ---------------------------------------------------------------------------------------------- dangerous driving


DANGEROUS_DRIVING = _specs(
    FactSpec(
        "conduct",
        "choice",
        "危险驾驶行为：drunk_driving 醉酒驾驶；racing 追逐竞驶情节恶劣；overloading_or_speeding 校车"
        "或客运严重超员、超速；hazardous_chemicals 违规运输危险化学品",
        allowed=("drunk_driving", "racing", "overloading_or_speeding", "hazardous_chemicals"),
    ),
    FactSpec("blood_alcohol_mg_per_100ml", "number", "血液酒精含量", "mg/100ml", maximum=2000),
    FactSpec("caused_accident", "flag", "造成交通事故（实际损害后果，影响罚金和缓刑）", default=False),
)


def _classify_dangerous_driving(f: dict[str, Any], th: Thresholds) -> Classification:
    """危险驾驶罪 (CL 133-1; SG-2021 四（二）): one tier, the declared sentence is set directly in 拘役 1-6 months."""
    if "conduct" not in f:
        raise InputError(
            "危险驾驶罪需要危险驾驶行为", field="facts.conduct", allowed=", ".join(DANGEROUS_DRIVING["conduct"].allowed)
        )
    c = Classification(key="direct", tier=1)
    bac = f.get("blood_alcohol_mg_per_100ml")
    if bac is not None and f["conduct"] != "drunk_driving":
        raise InputError(
            "血液酒精含量只适用于醉酒驾驶",
            field="facts.blood_alcohol_mg_per_100ml",
            allowed="only with conduct: drunk_driving",
        )
    if bac is not None:
        c.warnings.append(
            f"血液酒精含量{fmt_yuan(bac)}mg/100ml：醉酒的认定标准和按含量从重的规定不在本数据中，未据此调整。"
        )
    return c


# ---------------------------------------------------------------------------------------------- traffic accident


TRAFFIC = _specs(
    FactSpec("deaths", "count", "死亡人数", "persons", default=0),
    FactSpec("serious_injuries", "count", "重伤人数", "persons", default=0),
    FactSpec("property_loss_yuan", "amount", "公私财产直接损失（无能力赔偿部分）", "yuan", default=Fraction(0)),
    FactSpec(
        "responsibility",
        "choice",
        "事故责任：full 全部；main 主要；equal 同等；minor 次要",
        allowed=("full", "main", "equal", "minor"),
    ),
    FactSpec("fled", "flag", "交通运输肇事后逃逸", default=False),
    FactSpec("death_due_to_flight", "flag", "因逃逸致人死亡", default=False),
    FactSpec("other_especially_bad", "flag", "有其他特别恶劣情节", default=False),
)


def _classify_traffic(f: dict[str, Any], th: Thresholds) -> Classification:
    """交通肇事罪 (CL 133; SG 四（一）): a negligent crime.

    致人重伤、死亡或者重大财产损失 → case basic; 肇事后逃逸 or 其他特别恶劣情节 → fled; 因逃逸致一人死亡 → flight_death.
    Deaths and serious injuries beyond those the starting point covers add punishment.
    """
    if not (f["deaths"] or f["serious_injuries"] or f["property_loss_yuan"]):
        raise InputError(
            "交通肇事罪以致人重伤、死亡或者使公私财产遭受重大损失为要件；没有任何后果不构成本罪",
            field="facts.deaths",
            allowed="deaths ≥ 1, serious_injuries ≥ 1 or property_loss_yuan > 0",
        )
    if f["death_due_to_flight"] and not f["deaths"]:
        raise InputError(
            "因逃逸致人死亡，死亡人数至少为一人", field="facts.deaths", allowed="≥ 1 with death_due_to_flight"
        )
    if f["death_due_to_flight"]:
        key, tier = "flight_death", 3
    elif f["fled"] or f["other_especially_bad"]:
        key, tier = "fled", 2
    else:
        key, tier = "basic", 1
    c = Classification(key=key, tier=tier)
    c.warnings.append(
        "构成交通肇事罪的人数、责任和数额标准（最高人民法院交通肇事解释）不在本数据中，未据此检验；"
        "请确认已达到定罪标准。"
    )
    if f.get("responsibility") in ("equal", "minor"):
        c.warnings.append("负同等或者次要责任的，定罪标准更高，且责任大小影响刑罚量。")
    if f["deaths"] > 1:
        c.quantities.append(Quantity("deaths", "死亡人数", Fraction(f["deaths"]), Bound.of(1), None, "count"))
    if f["serious_injuries"] > 3:
        c.quantities.append(
            Quantity("serious_injuries", "重伤人数", Fraction(f["serious_injuries"]), Bound.of(3), None, "count")
        )
    return c


# ---------------------------------------------------------------------------------------------- robbery


ROBBERY_FORMS = (
    ("in_home", "入户抢劫"),
    ("public_transport", "在公共交通工具上抢劫"),
    ("financial_institution", "抢劫银行或者其他金融机构"),
    ("amount_huge", "抢劫数额达到数额巨大起点"),
    ("posing_as_military_police", "冒充军警人员抢劫"),
    ("with_gun", "持枪抢劫"),
    ("military_or_relief_goods", "抢劫军用物资或者抢险、救灾、救济物资"),
)
ROBBERY = _specs(
    FactSpec("robberies", "count", "抢劫次数", "times", default=1, minimum=1),
    FactSpec("amount_yuan", "amount", "抢劫数额", "yuan"),
    *(FactSpec(k, "flag", zh, default=False) for k, zh in ROBBERY_FORMS),
    FactSpec("serious_injuries", "count", "致人重伤的人数", "persons", default=0),
    FactSpec("death", "flag", "致人死亡", default=False),
)


def _classify_robbery(f: dict[str, Any], th: Thresholds) -> Classification:
    """抢劫罪 (CL 263; SG 四（十）/ 2017 四（五）).

    抢劫一次 → case basic (3-6 years); 入户, 公共交通工具, 金融机构, 三次 or 数额巨大, 致一人重伤, 冒充军警, 持枪,
    军用或救灾物资 → aggravated (10-13 years). Death has no guideline starting point (无期徒刑以上的除外).
    """
    forms = [zh for k, zh in ROBBERY_FORMS if f[k]]
    if f["robberies"] >= 3:
        forms.append(f"抢劫{f['robberies']}次")
    if f["serious_injuries"]:
        forms.append(f"致{f['serious_injuries']}人重伤")
    if f["death"]:
        c = Classification(key="death", tier=2)
        c.warnings.append(
            "抢劫致人死亡：指导意见未规定量刑起点（依法应当判处无期徒刑以上刑罚的除外），只能依刑法第二百六十三条"
            "的法定刑幅度裁量。"
        )
        return c
    if forms:
        c = Classification(key="aggravated", tier=2)
        c.steps.append(Step("case", "具有" + "、".join(forms), {"forms": forms}))
        if f["robberies"] > 3:
            c.quantities.append(Quantity("robberies", "抢劫次数", Fraction(f["robberies"]), Bound.of(3), None, "count"))
        if len(forms) > 1:
            c.quantities.append(
                Quantity("aggravating_forms", "加重情形的个数", Fraction(len(forms)), Bound.of(1), None, "count")
            )
        if f["serious_injuries"] > 1:
            c.quantities.append(
                Quantity(
                    "serious_injuries", "致人重伤人数", Fraction(f["serious_injuries"]), Bound.of(1), None, "count"
                )
            )
        if f["amount_huge"]:
            c.warnings.append("抢劫“数额巨大”的标准不在本数据中；amount_huge 按输入认定。")
        return c
    c = Classification(key="basic", tier=1)
    if f["robberies"] > 1:
        c.quantities.append(Quantity("robberies", "抢劫次数", Fraction(f["robberies"]), Bound.of(1), None, "count"))
    return c


# ---------------------------------------------------------------------------------------------- provocation


PROVOCATION = _specs(
    FactSpec("incidents", "count", "寻衅滋事次数", "times", default=1, minimum=1),
    FactSpec(
        "organized_three_times", "flag", "纠集他人三次以上寻衅滋事（每次都构成犯罪），严重破坏社会秩序", default=False
    ),
    FactSpec("minor_injuries", "count", "致轻微伤人数", "persons", default=0),
    FactSpec("light_injuries", "count", "致轻伤人数", "persons", default=0),
    FactSpec("property_yuan", "amount", "强拿硬要或者任意损毁、占用公私财物数额", "yuan"),
)


def _classify_provocation(f: dict[str, Any], th: Thresholds) -> Classification:
    """寻衅滋事罪 (CL 293; SG 四（十八）/ 2017 四（十三）): once → basic; 纠集他人三次 → organized."""
    if f["organized_three_times"]:
        if f["incidents"] < 3:
            raise InputError(
                "纠集他人三次寻衅滋事，次数至少为三次",
                field="facts.incidents",
                allowed="≥ 3 with organized_three_times",
            )
        c = Classification(key="organized", tier=2)
        if f["incidents"] > 3:
            c.quantities.append(
                Quantity("incidents", "寻衅滋事次数", Fraction(f["incidents"]), Bound.of(3), None, "count")
            )
    else:
        c = Classification(key="basic", tier=1)
        if f["incidents"] > 1:
            c.quantities.append(
                Quantity("incidents", "寻衅滋事次数", Fraction(f["incidents"]), Bound.of(1), None, "count")
            )
    for name, label in (("minor_injuries", "致轻微伤人数"), ("light_injuries", "致轻伤人数")):
        if f[name]:
            c.quantities.append(Quantity(name, label, Fraction(f[name]), Bound.of(0), None, "count"))
    if f.get("property_yuan"):
        c.warnings.append("强拿硬要或者损毁、占用财物的数额增加刑罚量，全国规定未给出每一数额的月数；未计入。")
    return c


# ---------------------------------------------------------------------------------------------- drug trafficking


DRUGS = _specs(
    FactSpec(
        "drug",
        "choice",
        "毒品种类：heroin 海洛因；methamphetamine 甲基苯丙胺；opium 鸦片；other 其他毒品",
        allowed=("heroin", "methamphetamine", "opium", "other"),
    ),
    FactSpec("grams", "amount", "毒品数量", "grams", maximum=10**9),
    FactSpec(
        "other_quantity",
        "choice",
        "其他毒品的数量等级（按有关司法解释认定）：small 少量；large 数量较大；very_large 数量大",
        allowed=("small", "large", "very_large"),
    ),
    FactSpec("serious", "flag", "少量毒品但情节严重（刑法第三百四十七条第四款）", default=False),
)


def _classify_drugs(f: dict[str, Any], th: Thresholds) -> Classification:
    """走私、贩卖、运输、制造毒品罪 (CL 347; SG 四（二十）/ 2017 四（十五）).

    For opium, heroin and methamphetamine the Criminal Law itself fixes 数量较大 and 数量大; for other drugs the
    quantity class comes from interpretations not encoded here, so the case states it (`other_quantity`).
    数量大 → very_large (starting point 15 years); 数量较大 → large (7-8 years); less → small (≤ 3 years), or
    small_serious (3-4 years) with 情节严重.
    """
    drug = f.get("drug")
    if drug is None:
        raise InputError("需要毒品种类", field="facts.drug", allowed=", ".join(DRUGS["drug"].allowed))
    grams: Fraction | None = f.get("grams")
    c_steps: list[Step] = []
    if drug == "other":
        cls = f.get("other_quantity")
        if cls is None:
            raise InputError(
                "其他毒品的数量等级由有关司法解释按种类规定，本数据未收录；请给出 other_quantity",
                field="facts.other_quantity",
                allowed="small, large, very_large",
            )
        lo_b = hi_b = None
    else:
        if f.get("other_quantity") is not None:
            raise InputError(
                "鸦片、海洛因、甲基苯丙胺的数量等级由刑法第三百四十七条按克数确定，不接受 other_quantity",
                field="facts.other_quantity",
                allowed="only with drug: other",
            )
        if grams is None or grams <= 0:
            raise InputError("需要毒品数量（克，大于零）", field="facts.grams", allowed="a number of grams > 0")
        dv = th["drugs"]
        row = dv.value[drug]
        lo_b, hi_b = Bound.of(row["large"]), Bound.of(row["very_large"])
        cls = "very_large" if grams >= hi_b.max else "large" if grams >= lo_b.max else "small"
        c_steps.append(
            _threshold_step(
                "drug_quantity",
                f"{fmt_yuan(grams)}克；数量较大{lo_b.zh()}克、数量大{hi_b.zh()}克以上",
                dv,
                {"drug": drug, "grams": str(grams), "large": lo_b.zh(), "very_large": hi_b.zh()},
            )
        )
    if cls == "small" and f["serious"]:
        key, tier = "small_serious", 2
    else:
        key, tier = {"small": ("small", 1), "large": ("large", 3), "very_large": ("very_large", 4)}[cls]
        if f["serious"]:
            raise InputError(
                "“情节严重”只适用于少量毒品（刑法第三百四十七条第四款）",
                field="facts.serious",
                allowed="only for a small quantity",
            )
    c = Classification(key=key, tier=tier, steps=c_steps)
    if grams is not None and lo_b is not None and hi_b is not None:
        if key == "small":
            c.quantities.append(Quantity("grams", "毒品数量", grams, Bound.of(0), lo_b, "amount"))
        elif key == "large":
            c.quantities.append(Quantity("grams", "毒品数量", grams, lo_b, hi_b, "amount"))
    if key == "very_large":
        c.warnings.append(
            "毒品数量大的，量刑起点即为十五年有期徒刑；数量越大，越可能依法判处无期徒刑以上刑罚，超出指导意见"
            "（有期徒刑）的范围。"
        )
    if grams is not None and drug == "other":
        c.warnings.append("其他毒品的克数未用于增加刑罚量（折算标准未收录）。")
    return c


# ---------------------------------------------------------------------------------------------- level-stated crimes


def _level_classifier(crime_zh: str, levels: dict[str, tuple[str, int]], note: str) -> Any:
    def classify(f: dict[str, Any], th: Thresholds) -> Classification:
        lvl = f.get("level")
        if lvl is None:
            raise InputError(f"{crime_zh}需要数额等级（{note}）", field="facts.level", allowed=", ".join(levels))
        key, tier = levels[lvl]
        c = Classification(key=key, tier=tier)
        c.warnings.append(
            f"{crime_zh}的数额标准（{note}）不在本数据中：档次按 level 认定，数额未用于增加刑罚量，基准刑为量刑起点"
            f"的幅度。"
        )
        return c

    return classify


FUNDRAISING = _specs(
    FactSpec(
        "level",
        "choice",
        "数额或者情节等级：ordinary 情节一般；huge 数额巨大或者有其他严重情节；especially_huge 数额特别巨大"
        "或者有其他特别严重情节",
        allowed=("ordinary", "huge", "especially_huge"),
    ),
    FactSpec("amount_yuan", "amount", "非法吸收存款数额", "yuan"),
    FactSpec("depositors", "count", "存款人人数", "persons"),
    FactSpec("direct_loss_yuan", "amount", "给存款人造成的直接经济损失", "yuan"),
)
CONTRACT_FRAUD = _specs(
    FactSpec(
        "level",
        "choice",
        "数额等级：large 数额较大；huge 数额巨大或者有其他严重情节；especially_huge 数额特别巨大或者有其他特别严重情节",
        allowed=("large", "huge", "especially_huge"),
    ),
    FactSpec("amount_yuan", "amount", "合同诈骗数额", "yuan"),
)


# ---------------------------------------------------------------------------------------------- affray


AFFRAY_FORMS = (
    ("many_people_bad_influence", "聚众斗殴人数多，规模大，社会影响恶劣"),
    ("public_place_serious_disorder", "在公共场所或者交通要道聚众斗殴，造成社会秩序严重混乱"),
    ("armed", "持械聚众斗殴"),
)
AFFRAY = _specs(
    FactSpec("fights", "count", "聚众斗殴次数", "times", default=1, minimum=1),
    *(FactSpec(k, "flag", zh, default=False) for k, zh in AFFRAY_FORMS),
    FactSpec("participants", "count", "参与斗殴人数", "persons"),
)


def _classify_affray(f: dict[str, Any], th: Thresholds) -> Classification:
    """聚众斗殴罪 (CL 292; SG 四（十七）/ 2017 四（十二）).

    Ordinary → case basic; 三次, 人数多规模大, 公共场所严重混乱 or 持械 → aggravated.
    """
    forms = [zh for k, zh in AFFRAY_FORMS if f[k]]
    if f["fights"] >= 3:
        forms.append(f"聚众斗殴{f['fights']}次")
    if forms:
        c = Classification(key="aggravated", tier=2)
        c.steps.append(Step("case", "具有" + "、".join(forms), {"forms": forms}))
        if f["fights"] > 3:
            c.quantities.append(Quantity("fights", "聚众斗殴次数", Fraction(f["fights"]), Bound.of(3), None, "count"))
        if len(forms) > 1:
            c.quantities.append(
                Quantity("aggravating_forms", "加重情形的个数", Fraction(len(forms)), Bound.of(1), None, "count")
            )
        return c
    c = Classification(key="basic", tier=1)
    if f["fights"] > 1:
        c.quantities.append(Quantity("fights", "聚众斗殴次数", Fraction(f["fights"]), Bound.of(1), None, "count"))
    return c


# ---------------------------------------------------------------------------------------------- serious-or-not crimes


def _serious_classifier(crime_zh: str, info: tuple[str, ...]) -> Any:
    def classify(f: dict[str, Any], th: Thresholds) -> Classification:
        c = Classification(key="serious" if f["serious"] else "basic", tier=2 if f["serious"] else 1)
        given = [k for k in info if f.get(k)]
        if given:
            c.warnings.append(
                f"{crime_zh}：{', '.join(given)} 按指导意见增加刑罚量，但全国规定未给出每一数量的月数；基准刑为"
                f"量刑起点的幅度。"
            )
        return c

    return classify


CONCEALING = _specs(
    FactSpec("serious", "flag", "情节严重（刑法第三百一十二条第一款）", default=False),
    FactSpec("amount_yuan", "amount", "掩饰、隐瞒的犯罪所得及其收益数额", "yuan"),
)
GAMBLING = _specs(
    FactSpec("serious", "flag", "情节严重（刑法第三百零三条第二款）", default=False),
    FactSpec("gambling_funds_yuan", "amount", "赌资数额", "yuan"),
    FactSpec("gamblers", "count", "参赌人数", "persons"),
    FactSpec("illegal_gains_yuan", "amount", "违法所得数额", "yuan"),
)
AIDING = _specs(
    FactSpec("helped_parties", "count", "被帮助对象数量", "parties"),
    FactSpec("funds_yuan", "amount", "提供资金（支付结算）数额", "yuan"),
    FactSpec("illegal_gains_yuan", "amount", "违法所得数额", "yuan"),
)


def _classify_aiding(f: dict[str, Any], th: Thresholds) -> Classification:
    """帮助信息网络犯罪活动罪 (CL 287-2; SG-2024（二） 一（四）): one tier, one starting point."""
    c = Classification(key="basic", tier=1)
    c.warnings.append("本罪以“情节严重”为要件；其认定标准（有关司法解释）不在本数据中，未据此检验。")
    given = [k for k in ("helped_parties", "funds_yuan", "illegal_gains_yuan") if f.get(k)]
    if given:
        c.warnings.append(
            f"{', '.join(given)} 按指导意见增加刑罚量，但全国规定未给出每一数量的月数；基准刑为量刑起点的幅度。"
        )
    return c


# ---------------------------------------------------------------------------------------------- registry


CRIMES: dict[str, CrimeDef] = {
    d.name: d
    for d in (
        CrimeDef(
            "dangerous_driving",
            "危险驾驶罪",
            "133-1",
            DANGEROUS_DRIVING,
            _classify_dangerous_driving,
            summary_zh="拘役一至六个月内直接确定宣告刑",
        ),
        CrimeDef(
            "theft",
            "盗窃罪",
            "264",
            THEFT,
            _classify_theft,
            {
                "amounts": "thresholds.theft.amount_yuan",
                "half": "thresholds.theft.half_threshold_ratio",
                "fine": "thresholds.theft.fine_yuan",
            },
        ),
        CrimeDef("fraud", "诈骗罪", "266", FRAUD, _classify_fraud, {"amounts": "thresholds.fraud.amount_yuan"}),
        CrimeDef("intentional_injury", "故意伤害罪", "234", INJURY, _classify_injury),
        CrimeDef("traffic_accident", "交通肇事罪", "133", TRAFFIC, _classify_traffic, negligent=True),
        CrimeDef("robbery", "抢劫罪", "263", ROBBERY, _classify_robbery),
        CrimeDef("provocation", "寻衅滋事罪", "293", PROVOCATION, _classify_provocation),
        CrimeDef(
            "drug_trafficking",
            "走私、贩卖、运输、制造毒品罪",
            "347",
            DRUGS,
            _classify_drugs,
            {"drugs": "criminal_law.drug_trafficking.thresholds"},
        ),
        CrimeDef(
            "illegal_fundraising",
            "非法吸收公众存款罪",
            "176",
            FUNDRAISING,
            _level_classifier(
                "非法吸收公众存款罪",
                {"ordinary": ("1", 1), "huge": ("2", 2), "especially_huge": ("3", 3)},
                "非法集资司法解释的数额标准",
            ),
        ),
        CrimeDef("affray", "聚众斗殴罪", "292", AFFRAY, _classify_affray),
        CrimeDef(
            "concealing_proceeds",
            "掩饰、隐瞒犯罪所得、犯罪所得收益罪",
            "312",
            CONCEALING,
            _serious_classifier("掩饰、隐瞒犯罪所得、犯罪所得收益罪", ("amount_yuan",)),
        ),
        CrimeDef(
            "gambling_house",
            "开设赌场罪",
            "303",
            GAMBLING,
            _serious_classifier("开设赌场罪", ("gambling_funds_yuan", "gamblers", "illegal_gains_yuan")),
        ),
        CrimeDef(
            "contract_fraud",
            "合同诈骗罪",
            "224",
            CONTRACT_FRAUD,
            _level_classifier(
                "合同诈骗罪",
                {"large": ("1", 1), "huge": ("2", 2), "especially_huge": ("3", 3)},
                "合同诈骗罪的数额认定标准",
            ),
        ),
        CrimeDef("aiding_cyber_crime", "帮助信息网络犯罪活动罪", "287-2", AIDING, _classify_aiding),
    )
}
