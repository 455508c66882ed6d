"""The crimes: the facts each takes and the rules that read the guideline's cases (量刑起点的情形) from them.

Each `_classify_*` function states in its docstring which guideline case applies to which facts, and cites the
provisions whose numbers it reads from the law data (thresholds are never written here). Where an
interpretation says 可以 (the court may) or a threshold is a national range left to the provinces, the lower
reading is the result and the higher one is an alternative with a warning — the choice is shown, not made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
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


_bound_cache: dict[int, tuple[DatedValue, dict[str, Bound]]] = {}


def _bounds(dv: DatedValue, *keys: str) -> list[Bound]:
    """The thresholds of a dated value as `Bound`s, parsed once per value."""
    hit = _bound_cache.get(id(dv))
    if hit is None or hit[0] is not dv:
        hit = (dv, {})
        _bound_cache[id(dv)] = hit
    parsed = hit[1]
    out = []
    for k in keys:
        b = parsed.get(k)
        if b is None:
            node = dv.value
            for part in k.split("."):
                node = node[part]
            b = parsed[k] = Bound.of(node)
        out.append(b)
    return out


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


@dataclass(frozen=True, slots=True)
class PropertyCrime:
    """The shape shared by 盗窃, 抢夺 and 敲诈勒索: amount thresholds with provincial ranges, an Art. 2 list of
    circumstances that lowers the 数额较大 standard to a share, a rule that a share of the higher thresholds with
    such a circumstance is 其他(特别)严重情节, and forms that make the act a crime whatever the amount."""

    zh: str
    act: str
    count_fact: str
    forms: tuple[tuple[str, str], ...]
    interp: str
    items: int
    half_may: bool
    serious_article: str
    serious_ratio_key: str
    serious_forms: tuple[str, ...]
    serious_may: bool


def _property_specs(pc: PropertyCrime, serious_note: str) -> dict[str, FactSpec]:
    half = "可以" if pc.half_may else "应当"
    return _specs(
        FactSpec("amount_yuan", "amount", f"{pc.act}数额", "yuan", default=Fraction(0)),
        FactSpec(pc.count_fact, "count", f"二年内{pc.act}次数（含本次）", "times"),
        *(FactSpec(k, "flag", zh, default=False) for k, zh in pc.forms),
        FactSpec(
            "interpretation_art2_item",
            "count",
            f"具有{pc.interp}第二条第几项情形（1-{pc.items}；数额较大标准{half}按50%确定）",
            minimum=1,
            maximum=pc.items,
        ),
        FactSpec("other_serious", "flag", f"有其他严重情节（{serious_note}）", default=False),
        FactSpec("other_especially_serious", "flag", "有其他特别严重情节", default=False),
    )


def _property_classifier(pc: PropertyCrime) -> Callable[[dict[str, Any], Thresholds], Classification]:
    def classify(f: dict[str, Any], th: Thresholds) -> Classification:
        dv = th["amounts"]
        large, huge, esp = _bounds(dv, "large", "huge", "especially_huge")
        amount: Fraction = f["amount_yuan"]
        count = f.get(pc.count_fact)
        item = f.get("interpretation_art2_item")
        forms = [zh for key, zh in pc.forms if f[key]]
        if count is not None and count >= 3:
            forms.append(f"二年内{pc.act}{count}次")
        steps = [
            _threshold_step(
                "amount_thresholds",
                f"{pc.act}数额{fmt_yuan(amount)}元；数额较大{large.zh()}元、数额巨大"
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
            large_eff = Bound(large.min * ratio, large.max if pc.half_may else large.max * ratio)
            how = "可以（不是应当）" if pc.half_may else "应当"
            steps.append(
                _threshold_step(
                    "half_threshold",
                    f"具有{pc.interp}第二条第（{item}）项情形，“数额较大”的标准{how}按百分之五十确定",
                    half,
                    {"item": item, "ratio": str(ratio)},
                )
            )
        low, high = _levels(amount, [large_eff, huge, esp])
        if (item is not None and item >= 3) or any(f[k] for k in pc.serious_forms):
            share = Fraction(str(th[pc.serious_ratio_key].value))
            for lvl, b in ((2, huge), (3, esp)):
                name = "数额巨大" if lvl == 2 else "数额特别巨大"
                other = "其他严重情节" if lvl == 2 else "其他特别严重情节"
                if not pc.serious_may and amount >= b.max * share:
                    low, high = max(low, lvl), max(high, lvl)
                elif amount >= b.min * share and high < lvl:
                    high = lvl
                    how = "可以" if pc.serious_may else "应当"
                    warnings.append(
                        f"{pc.interp}第{pc.serious_article}条：具有所列情形且数额达到“{name}”标准的{_pct_zh(share)}，"
                        f"{how}认定为“{other}”"
                        f"{'（可以，不是应当）' if pc.serious_may else '（取决于所在省份的标准）'}。"
                    )
        if f["other_especially_serious"]:
            low = high = max(high, 3)
        elif f["other_serious"]:
            low, high = max(low, 2), max(high, 2)
        if forms:
            low, high = max(low, 1), max(high, 1)
        if high == 0:
            basis = "、".join(zh for _, zh in pc.forms)
            raise InputError(
                f"{pc.act}数额{fmt_yuan(amount)}元未达到“数额较大”的最低标准（{fmt_yuan(large_eff.min)}元），也没有多次"
                f"{pc.act}{'、' + basis if basis else ''}，不构成{pc.zh}",
                field="facts.amount_yuan",
                allowed=f"≥ {fmt_yuan(large_eff.min)} yuan, or {pc.count_fact} ≥ 3"
                + "".join(f", {k}" for k, _ in pc.forms),
            )
        bounds = [large_eff, huge, esp]
        amount_basis = amount >= large_eff.min

        def make(level: int) -> Classification:
            c = Classification(key=str(level), tier=level, steps=list(steps))
            if level == 1 and not amount_basis:
                c.steps.append(Step("case", f"数额未达到较大，以{'、'.join(forms)}确定量刑起点", {"forms": forms}))
                if count is not None and count > 3:
                    c.quantities.append(
                        Quantity(pc.count_fact, f"超过三次的{pc.act}次数", Fraction(count), Bound.of(3), None, "count")
                    )
            else:
                c.quantities.extend(_amount_quantities(amount, level, bounds, f"{pc.act}数额"))
                if count is not None and count >= 3:
                    c.warnings.append(
                        f"多次{pc.act}且数额达到较大以上的，以{pc.act}数额确定量刑起点，{pc.act}次数（{count}次）可以作为"
                        f"调节基准刑的量刑情节（指导意见未规定比例）。"
                    )
            return c

        return _by_amount(pc.zh, amount, bounds, ["数额较大", "数额巨大", "数额特别巨大"], low, high, make, warnings)

    classify.__doc__ = (
        f"{pc.zh}: 数额较大 or 多次 (two years, three times){' or ' if pc.forms else ''}"
        f"{', '.join(k for k, _ in pc.forms)} → case 1; 数额巨大 or 其他严重情节 → 2; "
        f"数额特别巨大 or 其他特别严重情节 → 3. "
        f"{pc.interp}第二条: with a listed circumstance the 数额较大 standard {'may be' if pc.half_may else 'is'} "
        f"halved; 第{pc.serious_article}条: with a listed circumstance a share of the higher thresholds "
        f"{'may count' if pc.serious_may else 'counts'} as 其他(特别)严重情节. Below a large amount, several acts set "
        f"the starting point and each one beyond three adds punishment."
    )
    return classify


def _pct_zh(share: Fraction) -> str:
    return f"百分之{int(share * 100)}"


THEFT_PC = PropertyCrime(
    zh="盗窃罪",
    act="盗窃",
    count_fact="thefts_in_two_years",
    forms=(("burglary", "入户盗窃"), ("armed", "携带凶器盗窃"), ("pickpocketing", "扒窃")),
    interp="盗窃解释",
    items=8,
    half_may=True,
    serious_article="六",
    serious_ratio_key="half",
    serious_forms=("burglary", "armed"),
    serious_may=True,
)
EXTORTION_PC = PropertyCrime(
    zh="敲诈勒索罪",
    act="敲诈勒索",
    count_fact="extortions_in_two_years",
    forms=(),
    interp="敲诈勒索解释",
    items=7,
    half_may=True,
    serious_article="四",
    serious_ratio_key="serious_share",
    serious_forms=(),
    serious_may=True,
)
SNATCHING_PC = PropertyCrime(
    zh="抢夺罪",
    act="抢夺",
    count_fact="snatchings_in_two_years",
    forms=(),
    interp="抢夺解释",
    items=10,
    half_may=False,
    serious_article="三、第四",
    serious_ratio_key="half",
    serious_forms=(),
    serious_may=False,
)
THEFT = _property_specs(THEFT_PC, "盗窃解释第六条等")
EXTORTION = _property_specs(EXTORTION_PC, "敲诈勒索解释第四条等")
SNATCHING = _property_specs(SNATCHING_PC, "抢夺解释第三条：致人重伤、自杀等")
_classify_theft = _property_classifier(THEFT_PC)
_classify_extortion = _property_classifier(EXTORTION_PC)
_classify_snatching = _property_classifier(SNATCHING_PC)


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
    large, huge, esp = _bounds(dv, "large", "huge", "especially_huge")
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
        lo_b, hi_b = _bounds(dv, f"{drug}.large", f"{drug}.very_large")
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


def _level_classifier(
    crime_zh: str, levels: dict[str, tuple[str, int]], note: str
) -> Callable[[dict[str, Any], Thresholds], Classification]:
    """A crime whose amount thresholds are not encoded: the case states the level; the level names the case.

    When the crime's thresholds include its statutory `tiers`, the tier comes from the row whose `levels` list the
    level (the Criminal Law in force decides: e.g. 职务侵占 had two tiers before 2021-03-01, three after).
    """

    def classify(f: dict[str, Any], th: Thresholds) -> Classification:
        lvl = f.get("level")
        if lvl is None:
            raise InputError(f"{crime_zh}需要数额等级（{note}）", field="facts.level", allowed=", ".join(levels))
        key, tier = levels[lvl]
        tiers_dv = th.get("tiers")
        if tiers_dv is not None:
            for row in tiers_dv.value:
                if lvl in row.get("levels", ()):
                    tier = int(row["index"])
        c = Classification(key=key, tier=tier)
        c.warnings.append(
            f"{crime_zh}的数额标准（{note}）不在本数据中：档次按输入的 level 认定，数额未用于增加刑罚量，"
            "基准刑为量刑起点的幅度。"
        )
        return c

    return classify


FUNDRAISING = _specs(
    FactSpec(
        "level",
        "choice",
        "数额或者情节等级（2022-03-01前的案件需要；此后由数额、人数、损失认定）：ordinary 情节一般；"
        "huge 数额巨大或者有其他严重情节；especially_huge 数额特别巨大或者有其他特别严重情节",
        allowed=("ordinary", "huge", "especially_huge"),
    ),
    FactSpec("amount_yuan", "amount", "非法吸收存款数额（吸收的资金全额）", "yuan"),
    FactSpec("depositors", "count", "存款人人数", "persons"),
    FactSpec("direct_loss_yuan", "amount", "给存款人造成的直接经济损失", "yuan"),
    FactSpec(
        "prior_fundraising_record",
        "flag",
        "曾因非法集资受过刑事追究，或者二年内曾因非法集资受过行政处罚",
        default=False,
    ),
    FactSpec("bad_social_impact", "flag", "造成恶劣社会影响或者其他严重后果", default=False),
)

_FUNDRAISING_LEVELS = {"ordinary": ("1", 1), "huge": ("2", 2), "especially_huge": ("3", 3)}
_classify_fundraising_by_level = _level_classifier("非法吸收公众存款罪", _FUNDRAISING_LEVELS, "非法集资司法解释规定")


def _classify_fundraising(f: dict[str, Any], th: Thresholds) -> Classification:
    """非法吸收公众存款罪 (CL 176; SG-2021 四（三）; 非法集资解释 2022 Arts. 3-5).

    From 2022-03-01 the amount, the number of depositors or the direct loss decides: 100万/150人/50万 make the
    crime, 500万/500人/250万 the second tier, 5000万/5000人/2500万 the third; half the amount (or the lower loss)
    suffices with the circumstances of Art. 3 ¶2 (for the higher tiers only 恶劣社会影响或者其他严重后果). Before that
    date the 2010 figures are not encoded and the case states its level.
    """
    dv = th.get("amounts")
    if dv is None:
        return _classify_fundraising_by_level(f, th)
    t = dv.value
    amount: Fraction = f.get("amount_yuan") or Fraction(0)
    loss: Fraction = f.get("direct_loss_yuan") or Fraction(0)
    people: int = f.get("depositors") or 0
    if not (f.get("amount_yuan") is not None or f.get("direct_loss_yuan") is not None or f.get("depositors")):
        if f.get("level") is not None:
            c = _classify_fundraising_by_level(f, th)
            c.warnings.append("未提供数额、人数或者损失，未按非法集资解释第三条至第五条检验 level。")
            return c
        raise InputError(
            "需要非法吸收存款数额、存款人人数或者直接经济损失之一",
            field="facts.amount_yuan",
            allowed="amount_yuan, depositors or direct_loss_yuan",
        )

    def reaches(row: dict[str, Any], circumstance: bool) -> bool:
        if amount >= row["amount"] or people >= row["depositors"] or loss >= row["loss"]:
            return True
        w = row["with_circumstance"]
        return circumstance and (amount >= w["amount"] or loss >= w["loss"])

    aggravating = f["prior_fundraising_record"] or f["bad_social_impact"]
    if not reaches(t["crime"], aggravating):
        raise InputError(
            f"吸收数额{fmt_yuan(amount)}元、{people}人、损失{fmt_yuan(loss)}元未达到非法吸收公众存款罪的追诉标准"
            "（100万元、150人或者损失50万元；具有第三条第二款情节的50万元或者损失25万元）",
            field="facts.amount_yuan",
            allowed="≥ 1000000 yuan, ≥ 150 depositors or ≥ 500000 yuan loss (or the lower figures with Art. 3 ¶2)",
        )
    level = 1
    if reaches(t["huge"], f["bad_social_impact"]):
        level = 2
    if reaches(t["especially_huge"], f["bad_social_impact"]):
        level = 3
    given = f.get("level")
    if given is not None and _FUNDRAISING_LEVELS[given][1] != level:
        raise InputError(
            f"level {given} 与数额、人数、损失认定的第{level}档不一致",
            field="facts.level",
            allowed=f"omit, or the level of tier {level}",
        )
    c = Classification(key=str(level), tier=level)
    c.steps.append(
        _threshold_step(
            "fundraising_thresholds",
            f"吸收数额{fmt_yuan(amount)}元、存款人{people}人、直接经济损失{fmt_yuan(loss)}元：第{level}档",
            dv,
            {"amount_yuan": str(amount), "depositors": people, "direct_loss_yuan": str(loss), "tier": level},
        )
    )
    names = ("crime", "huge", "especially_huge")
    lo = Bound.of(t[names[level - 1]]["amount"])
    hi = Bound.of(t[names[level]]["amount"]) if level < 3 else None
    if amount > lo.min:
        c.quantities.append(Quantity("amount_yuan", "非法吸收存款数额", amount, lo, hi, "amount"))
    return c


FUNDRAISING_FRAUD = _specs(
    FactSpec(
        "level",
        "choice",
        "数额等级（2022-03-01前的案件需要；此后由数额认定）：large 数额较大；huge 数额巨大或者有其他严重情节",
        allowed=("large", "huge"),
    ),
    FactSpec("amount_yuan", "amount", "集资诈骗数额（实际骗取的数额）", "yuan"),
    FactSpec("bad_social_impact", "flag", "造成恶劣社会影响或者其他严重后果", default=False),
)
_FRAUD_LEVELS = {"large": ("large", 1), "huge": ("huge", 2)}
_classify_fundraising_fraud_by_level = _level_classifier("集资诈骗罪", _FRAUD_LEVELS, "非法集资司法解释规定")


def _classify_fundraising_fraud(f: dict[str, Any], th: Thresholds) -> Classification:
    """集资诈骗罪 (CL 192; SG-2021 四（四）; 非法集资解释 2022 Art. 8): 10万 → large; 100万, or 50万 with
    恶劣社会影响或者其他严重后果 → huge. Before 2022-03-01 the case states its level."""
    dv = th.get("amounts")
    if dv is None or f.get("amount_yuan") is None:
        if dv is not None and f.get("level") is None:
            raise InputError("需要集资诈骗数额", field="facts.amount_yuan", allowed="a number of yuan")
        return _classify_fundraising_fraud_by_level(f, th)
    t = dv.value
    amount: Fraction = f["amount_yuan"]
    if amount < t["large"]:
        raise InputError(
            f"集资诈骗数额{fmt_yuan(amount)}元未达到“数额较大”（{t['large']}元），不构成集资诈骗罪",
            field="facts.amount_yuan",
            allowed=f"≥ {t['large']} yuan",
        )
    huge = amount >= t["huge"] or (f["bad_social_impact"] and amount >= t["serious_with_circumstance"])
    key, level = ("huge", 2) if huge else ("large", 1)
    given = f.get("level")
    if given is not None and _FRAUD_LEVELS[given][1] != level:
        raise InputError(f"level {given} 与数额认定的档次不一致", field="facts.level", allowed=f"omit, or {key}")
    c = Classification(key=key, tier=level)
    c.steps.append(
        _threshold_step(
            "amount_thresholds",
            f"集资诈骗数额{fmt_yuan(amount)}元；数额较大{t['large']}元、数额巨大{t['huge']}元以上",
            dv,
            {"amount_yuan": str(amount), "large": t["large"], "huge": t["huge"]},
        )
    )
    lo = Bound.of(t["large"] if level == 1 else t["huge"])
    hi = Bound.of(t["huge"]) if level == 1 else None
    c.quantities.append(Quantity("amount_yuan", "集资诈骗数额", amount, lo, hi, "amount"))
    return c


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


# ---------------------------------------------------------------------------------------------- more SG-2021 crimes


DETENTION = _specs(
    FactSpec("victims", "count", "被非法拘禁的人数", "persons", default=1, minimum=1),
    FactSpec("serious_injuries", "count", "致人重伤的人数（非因使用暴力）", "persons", default=0),
    FactSpec("death", "flag", "致人死亡（非因使用暴力）", default=False),
    FactSpec("hours_detained", "number", "拘禁时间", "hours", maximum=100_000),
    FactSpec("times", "count", "非法拘禁次数（作为调节基准刑的量刑情节）", "times"),
)


def _classify_detention(f: dict[str, Any], th: Thresholds) -> Classification:
    """非法拘禁罪 (CL 238; SG 四（九）/ 2017 四（四）).

    Ordinary → case basic (≤ 1 year); 致一人重伤 → serious_injury (3-5 years); 致一人死亡 → death (10-13 years).
    More victims add punishment; the number of detentions is an adjusting circumstance. Injury or death caused by
    violence is 故意伤害/故意杀人 (CL 238 ¶2), not this crime.
    """
    if f["death"]:
        c = Classification(key="death", tier=3)
    elif f["serious_injuries"]:
        c = Classification(key="serious_injury", tier=2)
        if f["serious_injuries"] > 1:
            c.quantities.append(
                Quantity(
                    "serious_injuries", "致人重伤人数", Fraction(f["serious_injuries"]), Bound.of(1), None, "count"
                )
            )
    else:
        c = Classification(key="basic", tier=1)
    if f["victims"] > 1:
        c.quantities.append(Quantity("victims", "被拘禁人数", Fraction(f["victims"]), Bound.of(1), None, "count"))
    if f["death"] or f["serious_injuries"]:
        c.warnings.append("使用暴力致人伤残、死亡的，依照刑法第二百三十四条、第二百三十二条定罪处罚，不按本罪计算。")
    if f.get("hours_detained") is not None or f.get("times"):
        c.warnings.append("拘禁时间和拘禁次数影响刑罚量或者作为调节情节，全国规定未给出具体月数或者比例；未计入。")
    return c


EMBEZZLEMENT = _specs(
    FactSpec(
        "level",
        "choice",
        "数额等级：large 数额较大；huge 数额巨大；especially_huge 数额特别巨大",
        allowed=("large", "huge", "especially_huge"),
    ),
    FactSpec("amount_yuan", "amount", "职务侵占数额", "yuan"),
)
CREDIT_CARD_FRAUD = _specs(
    FactSpec(
        "level",
        "choice",
        "数额等级：large 数额较大；huge 数额巨大或者有其他严重情节；especially_huge 数额特别巨大或者有其他特别严重情节",
        allowed=("large", "huge", "especially_huge"),
    ),
    FactSpec("amount_yuan", "amount", "信用卡诈骗数额", "yuan"),
    FactSpec("malicious_overdraft", "flag", "恶意透支", default=False),
)

POSSESSION = _specs(
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
        "其他毒品的数量等级（按有关司法解释认定）：large 数量较大；very_large 数量大",
        allowed=("large", "very_large"),
    ),
    FactSpec("serious", "flag", "数量较大且情节严重（刑法第三百四十八条）", default=False),
)


def _classify_possession(f: dict[str, Any], th: Thresholds) -> Classification:
    """非法持有毒品罪 (CL 348; SG-2021 四（二十一）).

    数量大 → very_large (7-9 years); 数量较大 with 情节严重 → large_serious (3-4 years); 数量较大 → large (≤ 1 year).
    Holding less than 数量较大 is not this crime.
    """
    drug = f.get("drug")
    if drug is None:
        raise InputError("需要毒品种类", field="facts.drug", allowed=", ".join(POSSESSION["drug"].allowed))
    grams: Fraction | None = f.get("grams")
    steps: list[Step] = []
    lo_b = hi_b = None
    if drug == "other":
        cls = f.get("other_quantity")
        if cls is None:
            raise InputError(
                "其他毒品的数量等级由有关司法解释按种类规定，本数据未收录；请给出 other_quantity",
                field="facts.other_quantity",
                allowed="large, very_large",
            )
    else:
        if f.get("other_quantity") is not None:
            raise InputError(
                "鸦片、海洛因、甲基苯丙胺的数量等级由刑法第三百四十八条按克数确定",
                field="facts.other_quantity",
                allowed="only with drug: other",
            )
        if grams is None or grams <= 0:
            raise InputError("需要毒品数量（克，大于零）", field="facts.grams", allowed="a number of grams > 0")
        dv = th["drugs"]
        lo_b, hi_b = _bounds(dv, f"{drug}.large", f"{drug}.very_large")
        steps.append(
            _threshold_step(
                "drug_quantity",
                f"{fmt_yuan(grams)}克；数量较大{lo_b.zh()}克、数量大{hi_b.zh()}克以上",
                dv,
                {"drug": drug, "grams": str(grams), "large": lo_b.zh(), "very_large": hi_b.zh()},
            )
        )
        if grams < lo_b.min:
            raise InputError(
                f"非法持有{fmt_yuan(grams)}克未达到“数量较大”（{lo_b.zh()}克），不构成非法持有毒品罪",
                field="facts.grams",
                allowed=f"≥ {lo_b.zh()} grams",
            )
        cls = "very_large" if grams >= hi_b.max else "large"
    if cls == "very_large":
        if f["serious"]:
            raise InputError("“情节严重”只适用于数量较大", field="facts.serious", allowed="only for a large quantity")
        c = Classification(key="very_large", tier=3, steps=steps)
        if grams is not None and hi_b is not None:
            c.quantities.append(Quantity("grams", "毒品数量", grams, hi_b, None, "amount"))
    elif f["serious"]:
        c = Classification(key="large_serious", tier=2, steps=steps)
    else:
        c = Classification(key="large", tier=1, steps=steps)
        if grams is not None and lo_b is not None and hi_b is not None:
            c.quantities.append(Quantity("grams", "毒品数量", grams, lo_b, hi_b, "amount"))
    return c


HARBORING = _specs(
    FactSpec("persons", "count", "容留吸毒的人数", "persons"),
    FactSpec("times", "count", "容留次数", "times"),
    FactSpec("illegal_gains_yuan", "amount", "违法所得数额", "yuan"),
)


def _classify_harboring(f: dict[str, Any], th: Thresholds) -> Classification:
    """容留他人吸毒罪 (CL 354; SG-2021 四（二十二）): one tier; more persons and times add punishment."""
    c = Classification(key="basic", tier=1)
    c.warnings.append("构成本罪的人数、次数标准（有关立案追诉标准）不在本数据中，未据此检验。")
    if (f.get("persons") or 0) > 1:
        c.quantities.append(Quantity("persons", "容留人数", Fraction(f["persons"]), Bound.of(1), None, "count"))
    if (f.get("times") or 0) > 1:
        c.quantities.append(Quantity("times", "容留次数", Fraction(f["times"]), Bound.of(1), None, "count"))
    return c


PROSTITUTION = _specs(
    FactSpec("serious", "flag", "情节严重（刑法第三百五十九条第一款）", default=False),
    FactSpec("persons", "count", "引诱、容留、介绍卖淫的人数", "persons"),
)


def _classify_prostitution(f: dict[str, Any], th: Thresholds) -> Classification:
    """引诱、容留、介绍卖淫罪 (CL 359 ¶1; SG-2021 四（二十三）): ordinary → basic; 情节严重 → serious."""
    c = Classification(key="serious" if f["serious"] else "basic", tier=2 if f["serious"] else 1)
    if (f.get("persons") or 0) > 1:
        c.quantities.append(
            Quantity("persons", "引诱、容留、介绍卖淫人数", Fraction(f["persons"]), Bound.of(1), None, "count")
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
        CrimeDef(
            "extortion",
            "敲诈勒索罪",
            "274",
            EXTORTION,
            _classify_extortion,
            {
                "amounts": "thresholds.extortion.amount_yuan",
                "half": "thresholds.extortion.half_threshold_ratio",
                "serious_share": "thresholds.extortion.serious_share",
                "fine": "thresholds.extortion.fine_yuan",
            },
        ),
        CrimeDef(
            "snatching",
            "抢夺罪",
            "267",
            SNATCHING,
            _classify_snatching,
            {"amounts": "thresholds.snatching.amount_yuan", "half": "thresholds.snatching.half_threshold_ratio"},
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
            _classify_fundraising,
            {
                "amounts": "?thresholds.illegal_fundraising.thresholds",
                "tier_fines": "?thresholds.illegal_fundraising.tier_fines",
            },
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
                "有关司法解释、立案追诉标准规定",
            ),
        ),
        CrimeDef("illegal_detention", "非法拘禁罪", "238", DETENTION, _classify_detention),
        CrimeDef(
            "embezzlement",
            "职务侵占罪",
            "271",
            EMBEZZLEMENT,
            _level_classifier(
                "职务侵占罪",
                {"large": ("large", 1), "huge": ("huge", 2), "especially_huge": ("especially_huge", 3)},
                "有关司法解释规定",
            ),
            {"tiers": "criminal_law.embezzlement.tiers"},
        ),
        CrimeDef(
            "drug_possession",
            "非法持有毒品罪",
            "348",
            POSSESSION,
            _classify_possession,
            {"drugs": "criminal_law.drug_possession.thresholds"},
        ),
        CrimeDef("harboring_drug_use", "容留他人吸毒罪", "354", HARBORING, _classify_harboring),
        CrimeDef("facilitating_prostitution", "引诱、容留、介绍卖淫罪", "359", PROSTITUTION, _classify_prostitution),
        CrimeDef(
            "fundraising_fraud",
            "集资诈骗罪",
            "192",
            FUNDRAISING_FRAUD,
            _classify_fundraising_fraud,
            {
                "amounts": "?thresholds.fundraising_fraud.thresholds",
                "tier_fines": "?thresholds.fundraising_fraud.tier_fines",
            },
        ),
        CrimeDef(
            "credit_card_fraud",
            "信用卡诈骗罪",
            "196",
            CREDIT_CARD_FRAUD,
            _level_classifier(
                "信用卡诈骗罪",
                {"large": ("large", 1), "huge": ("huge", 2), "especially_huge": ("especially_huge", 3)},
                "有关司法解释规定",
            ),
        ),
        CrimeDef("aiding_cyber_crime", "帮助信息网络犯罪活动罪", "287-2", AIDING, _classify_aiding),
    )
}
