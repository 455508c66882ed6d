"""Crime quantities read from a fact text: money, counts, drugs, injuries, deaths, alcohol, responsibility.

Each reader is a small rule over the wording of Chinese fact sections (CAIL style). Numbers are read exactly with
`pleaguard.judgments.numerals.parse_number` (Arabic, Chinese numerals, financial capitals, 万). Where a text gives
a total (共计、合计、累计), the total is used; otherwise the amounts of the separate acts are added. Amounts that
are not the crime's (赔偿, 退赔, 罚金, resale prices) are left out. A reader that finds nothing returns None or 0 —
never a guess.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from pleaguard.judgments.numerals import NUMBER_CHARS, parse_number

_N = rf"[{NUMBER_CHARS}]+"
_MONEY_RE = re.compile(rf"({_N})(?:(万)[余多]?(?:元|某)?(?![人次件个股吨亩条平斤只头株棵])|[余多]?元)")
_TOTAL_WORDS = ("共计", "合计", "总计", "累计", "总价值", "总金额", "共价值", "总额", "价值共", "共")
_NOT_CRIME_MONEY = ("赔偿", "退赔", "退还", "退赃", "罚金", "谅解", "补偿", "卖给", "卖掉", "出售", "售给", "销赃",
                    "变卖",
                    "价格", "每克", "每天", "每月", "工资", "报酬", "押金", "保证金", "费用", "借款", "车费", "好处费",
                    "购买", "收购", "租金", "罚款", "医疗费", "赃款", "以", "抵押", "典当", "退缴", "缴纳")
_CRIME_MONEY = ("价值", "骗取", "骗得", "盗得", "窃得", "盗走", "窃取", "现金", "金额", "损失", "数额", "涉案", "诈骗",
                "抢得", "抢走", "劫得", "劫取", "敲诈", "侵占", "吸收", "虚开", "税款", "销售", "违法所得", "赌资",
                "钱款")


@dataclass(slots=True)
class Quantities:
    """What a fact text says about the size of the crime (None/0 when the text does not say)."""

    amount_yuan: Decimal | None = None
    amount_basis: str = ""
    acts: int = 0  # separate criminal acts described (盗窃…次 / 作案…起 / numbered items)
    burglary: bool = False  # 入户
    pickpocketing: bool = False  # 扒窃
    armed: bool = False  # 携带凶器 / 持刀
    drugs_grams: dict[str, Decimal] = field(default_factory=dict)
    heroin_equivalent_grams: Decimal | None = None
    drug_sales: int = 0
    injury: str | None = None  # minor_injury | light_injury_2 | light_injury_1 | serious_injury_2 | serious_injury_1
    light_injuries: int = 0
    serious_injuries: int = 0
    deaths: int = 0
    disability_grade: int | None = None  # 伤残等级 1 (gravest) … 10
    bac_mg_per_100ml: Decimal | None = None
    responsibility: str | None = None  # full | main | equal | minor
    fled: bool = False  # 逃逸
    gambling_funds_yuan: Decimal | None = None
    gamblers: int = 0
    victims: int = 0
    invoices_tax_yuan: Decimal | None = None

    def describe_zh(self) -> str:
        """The quantities in words, as the explanation shows them."""
        parts: list[str] = []
        if self.amount_yuan is not None:
            parts.append(f"数额{self.amount_yuan.normalize():f}元（{self.amount_basis}）")
        if self.acts > 1:
            parts.append(f"{self.acts}次（起）")
        for drug, grams in self.drugs_grams.items():
            parts.append(f"毒品{_DRUG_ZH.get(drug, drug)}{grams.normalize():f}克")
        if self.injury:
            parts.append(f"伤情{_INJURY_ZH[self.injury]}")
        if self.deaths:
            parts.append(f"死亡{self.deaths}人")
        if self.disability_grade:
            parts.append(f"{self.disability_grade}级伤残")
        if self.bac_mg_per_100ml is not None:
            parts.append(f"血液酒精含量{self.bac_mg_per_100ml.normalize():f}mg/100ml")
        if self.responsibility:
            parts.append(f"负事故{_RESP_ZH[self.responsibility]}责任")
        flags = (("fled", "肇事后逃逸"), ("burglary", "入户"), ("pickpocketing", "扒窃"), ("armed", "携带凶器"))
        parts.extend(zh for name, zh in flags if getattr(self, name))
        if self.gambling_funds_yuan is not None:
            parts.append(f"赌资{self.gambling_funds_yuan.normalize():f}元")
        if self.invoices_tax_yuan is not None:
            parts.append(f"税款{self.invoices_tax_yuan.normalize():f}元")
        return "、".join(parts) or "未载明可计量的数额、数量或后果"

    def to_dict(self) -> dict[str, Any]:
        """The quantities stated, JSON-ready (exact decimals written as numbers)."""

        def plain(v: Any) -> Any:
            if isinstance(v, Decimal):
                return int(v) if v == v.to_integral_value() else float(v)
            if isinstance(v, dict):
                return {k: plain(x) for k, x in v.items()}
            return v

        return {k: plain(v) for k, v in asdict(self).items() if v not in (None, 0, False, "", {})}


def _num(text: str) -> Decimal | None:
    try:
        return parse_number(text.rstrip(",，."))
    except ValueError:
        return None


def money_mentions(fact: str) -> list[tuple[Decimal, str, bool]]:
    """Every amount of money in the text with the 14 characters before it and whether it is stated as a total."""
    out = []
    for m in _MONEY_RE.finditer(fact):
        raw = m.group(1)
        value = _num(raw)
        if value is None or value <= 0:
            continue
        if m.group(2):
            value *= 10_000
        before = fact[max(0, m.start() - 14): m.start()]
        total = any(w in before[-8:] for w in _TOTAL_WORDS)
        out.append((value, before, total))
    return out


def amount_yuan(fact: str) -> tuple[Decimal | None, str]:
    """The crime's amount in yuan: the largest stated total, else the sum of the amounts of the separate acts."""
    mentions = money_mentions(fact)
    relevant = []
    for value, before, total in mentions:
        near = before[-8:]
        if any(w in near for w in _NOT_CRIME_MONEY) and not any(w in near for w in _CRIME_MONEY):
            continue
        relevant.append((value, before, total))
    if not relevant:
        return None, ""
    totals = [v for v, _b, t in relevant if t]
    if totals:
        return max(totals), "事实载明的合计数额"
    seen: list[Decimal] = []
    for v, _b, _t in relevant:
        if v not in seen:  # the same figure repeated is the same money told twice
            seen.append(v)
    return sum(seen, Decimal(0)), "各笔数额相加（相同数额只计一次）" if len(seen) > 1 else "事实载明的数额"


_ACTS_RE = re.compile(rf"(?:作案|盗窃|诈骗|抢劫|抢夺|贩卖|实施)[^。，；]{{0,6}}?({_N})(?:次|起)"
                      rf"|(?:先后|共计|累计|连续)({_N})次[^。；]{{0,16}}?(?:盗窃|窃取|窃得|盗走|扒窃|作案|诈骗|骗取|贩卖|"
                      rf"抢劫|抢夺|入户|进入)")
_ITEM_RE = re.compile(r"(?:^|[。；：\s])[（(]?([0-9一二三四五六七八九十]{1,3})[)）、.．]")


def count_acts(fact: str) -> int:
    """How many separate acts the text describes: a stated count (作案五次, 盗窃3起) or numbered items."""
    stated = [_num(m.group(1) or m.group(2)) for m in _ACTS_RE.finditer(fact)]
    stated_ints = [int(v) for v in stated if v is not None and v == v.to_integral_value() and 0 < v < 1000]
    items = len({m.group(1) for m in _ITEM_RE.finditer(fact)})
    return max([*stated_ints, items, 1])


# Drug names → the name used for weights. Heroin equivalence follows CL 347 (鸦片 1000 g ~ 海洛因/甲基苯丙胺 50 g) and
# the thresholds of the SPC drug interpretation; the factors are data in law/parameters via model.py, not here.
DRUG_NAMES: dict[str, str] = {
    "海洛因": "heroin", "甲基苯丙胺": "methamphetamine", "冰毒": "methamphetamine", "麻古": "methamphetamine_tablets",
    "麻果": "methamphetamine_tablets", "氯胺酮": "ketamine", "K粉": "ketamine", "鸦片": "opium", "可卡因": "cocaine",
    "摇头丸": "mdma", "MDMA": "mdma", "大麻": "cannabis", "吗啡": "morphine", "美沙酮": "methadone",
    "咖啡因": "caffeine",
    "罂粟": "poppy", "甲卡西酮": "methcathinone", "三唑仑": "triazolam", "曲马多": "tramadol",
}
_DRUG_RE = re.compile("|".join(sorted(map(re.escape, DRUG_NAMES), key=len, reverse=True)))
_GRAMS_RE = re.compile(rf"({_N})\s*(千克|公斤|克|g|kg|毫克)")


def drug_weights(fact: str) -> dict[str, Decimal]:
    """Grams of each drug the text names: stated totals (共计/合计/净重共) if any, else the sum of each mention.

    A weight counts for the drug named last within 40 characters before it, else for the drug named within 30
    characters after it (净重0.65克，检出甲基苯丙胺成分); a weight of 毒品/可疑物/晶体/块状物 whose kind the text does
    not name there counts as `unspecified`, or as the one drug the whole text names when it names only one. A weight
    said again (the same number of grams of the same drug) counts once, and a weight equal to the sum of the
    weights before it is their restated total (the prosecution's summing up: 贩卖毒品5.76克), not a further one.
    """
    per_total: dict[str, Decimal] = {}
    seen: dict[str, list[Decimal]] = {}
    named = {DRUG_NAMES[m.group(0)] for m in _DRUG_RE.finditer(fact)}
    only = next(iter(named)) if len(named) == 1 else None
    for m in _GRAMS_RE.finditer(fact):
        value = _num(m.group(1))
        if value is None:
            continue
        unit = m.group(2)
        grams = value * 1000 if unit in ("千克", "公斤", "kg") else value / 1000 if unit == "毫克" else value
        window = fact[max(0, m.start() - 40): m.start()]
        names = list(_DRUG_RE.finditer(window))
        after = _DRUG_RE.search(fact[m.end(): m.end() + 30])
        if names:
            drug = DRUG_NAMES[names[-1].group(0)]
        elif after:
            drug = DRUG_NAMES[after.group(0)]
        elif re.search(r"毒品|可疑物|晶体|粉末|颗粒|片剂|块状物|结晶", window):
            drug = only or "unspecified"
        else:
            continue
        if any(w in window[-10:] for w in ("共计", "合计", "总计", "累计", "总重", "共重")):
            per_total[drug] = max(per_total.get(drug, Decimal(0)), grams)
            continue
        earlier = seen.setdefault(drug, [])
        if grams in earlier or (len(earlier) >= 2 and abs(sum(earlier) - grams) <= Decimal("0.01")):
            continue
        earlier.append(grams)
    out = {drug: sum(v, Decimal(0)) for drug, v in seen.items()}
    for drug, total in per_total.items():
        out[drug] = max(total, Decimal(0))
    return out


_SALES_RE = re.compile(r"(?:贩卖|出售|卖给|售给|交易)")

_INJURY_ZH = {"minor_injury": "轻微伤", "light_injury_2": "轻伤二级", "light_injury_1": "轻伤一级",
              "serious_injury_2": "重伤二级", "serious_injury_1": "重伤一级"}
_RESP_ZH = {"full": "全部", "main": "主要", "equal": "同等", "minor": "次要"}
_DRUG_ZH = {"heroin": "海洛因", "methamphetamine": "甲基苯丙胺", "methamphetamine_tablets": "甲基苯丙胺片剂（麻古）",
            "ketamine": "氯胺酮", "opium": "鸦片", "cocaine": "可卡因", "mdma": "MDMA（摇头丸）", "cannabis": "大麻",
            "morphine": "吗啡", "unspecified": "（种类未载明）"}
_INJURY_ORDER = ("minor_injury", "light_injury_2", "light_injury_1", "serious_injury_2", "serious_injury_1")
_INJURY_PATTERNS = (
    ("serious_injury_1", r"重伤一级"), ("serious_injury_2", r"重伤二级|重伤"),
    ("light_injury_1", r"轻伤一级"), ("light_injury_2", r"轻伤二级|轻伤"), ("minor_injury", r"轻微伤"),
)


def injury_grade(fact: str) -> tuple[str | None, int, int]:
    """The gravest injury grade stated (轻伤二级 … 重伤一级) and how many light and serious injuries are stated."""
    text = fact.replace("轻伤以下", "")
    worst: str | None = None
    for code, pat in _INJURY_PATTERNS:
        if re.search(pat, text) and (worst is None or _INJURY_ORDER.index(code) > _INJURY_ORDER.index(worst)):
            worst = code
    light = len(re.findall(r"轻伤(?!以下)", text))
    serious = len(re.findall(r"重伤", text))
    return worst, max(light, 0), serious


_DEATH_RE = re.compile(rf"(?:致|造成)[^。，；]{{0,12}}?({_N})人(?:当场)?死亡")


def deaths(fact: str) -> int:
    """How many people died: a stated number (致二人死亡), else 1 when a death is stated, else 0."""
    stated = [_num(m.group(1)) for m in _DEATH_RE.finditer(fact)]
    counts = [int(v) for v in stated if v is not None and v == v.to_integral_value() and 0 < v < 100]
    if counts:
        return max(counts)
    if re.search(r"死亡|身亡|抢救无效|致死|死者", fact) and not re.search(r"死亡证明以外", fact):
        return 1
    return 0


_BAC_RE = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*(?:mg|毫克|ｍｇ)\s*[/／]\s*(?:100|１００)\s*(?:ml|mL|毫升|ｍｌ|ML)")


def bac(fact: str) -> Decimal | None:
    """Blood alcohol in mg/100ml (the highest stated), for 醉酒驾驶 (80 mg/100ml and above)."""
    vals = [Decimal(m.group(1)) for m in _BAC_RE.finditer(fact)]
    return max(vals) if vals else None


def responsibility(fact: str) -> str | None:
    """The defendant's share of responsibility for a traffic accident as the accident report states it."""
    for code, pat in (("full", r"全部责任"), ("main", r"主要责任"), ("equal", r"同等责任"), ("minor", r"次要责任")):
        if re.search(pat, fact):
            return code
    return None


def extract(fact: str) -> Quantities:
    """All quantities a fact text states."""
    q = Quantities()
    q.amount_yuan, q.amount_basis = amount_yuan(fact)
    q.acts = count_acts(fact)
    q.burglary = bool(re.search(r"入户|翻窗进入|撬[^。]{0,6}门进入|溜门|进入[^。]{0,12}(?:家中|住宅|室内|房间)", fact))
    q.pickpocketing = "扒窃" in fact
    q.armed = bool(re.search(r"携带凶器|持刀|持[^。，]{0,4}(?:匕首|砍刀|菜刀|水果刀|铁棍|木棍|刀具)|匕首|砍刀", fact))
    q.drugs_grams = drug_weights(fact)
    q.drug_sales = len(_SALES_RE.findall(fact))
    q.injury, q.light_injuries, q.serious_injuries = injury_grade(fact)
    q.deaths = deaths(fact)
    if m := re.search(r"([一二三四五六七八九十])级伤残|伤残([一二三四五六七八九十])级", fact):
        q.disability_grade = "一二三四五六七八九十".index(m.group(1) or m.group(2)) + 1
    q.bac_mg_per_100ml = bac(fact)
    q.responsibility = responsibility(fact)
    q.fled = bool(re.search(r"逃逸|驾车逃离|弃车逃", fact))
    if m := re.search(rf"赌资[^。，；]{{0,10}}?({_N})(万)?余?元", fact):
        v = _num(m.group(1))
        if v is not None:
            q.gambling_funds_yuan = v * (10_000 if m.group(2) else 1)
    if m := re.search(rf"({_N})[余多]?人[^。]{{0,6}}参[与加]?赌", fact):
        v = _num(m.group(1))
        q.gamblers = int(v) if v is not None and v < 100000 else 0
    q.victims = len(set(re.findall(r"被害人([\u4e00-\u9fff][某×xX\u4e00-\u9fff]?[某×xX0-9]?)", fact)))
    if m := re.search(rf"税[款额][^。，；]{{0,10}}?({_N})(万)?余?元", fact):
        v = _num(m.group(1))
        if v is not None:
            q.invoices_tax_yuan = v * (10_000 if m.group(2) else 1)
    return q
