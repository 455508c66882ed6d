"""Render a sentencing result or a review as plain Chinese text for a lawyer.

Citations are written the way lawyers paste them into filings (《中华人民共和国刑法》第六十七条第一款); steps whose
authority is not the law itself say so: [解释] for a reading the texts do not settle, [政策] for a documented policy
choice (e.g. the plea-stage ladder), [拟合] for a parameter fitted on judgments.
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from pleaguard.rules.citations import Citation
from pleaguard.rules.parameters import Law
from pleaguard.rules.sentencing.limits import PENALTY_ZH, fmt

_BASIS = {"law": "", "interpretation": "[解释] ", "policy": "[政策] ", "fitted": "[拟合] "}
_POSITION = {"inside": "在依法计算的拟宣告刑区间之内", "above": "高于依法计算的拟宣告刑区间",
             "below": "低于依法计算的拟宣告刑区间"}
_VERDICT = {"acceptable": "未发现明显问题", "argue": "有可以争取的空间", "object": "建议提出异议"}


def _cites(law: Law, cites: list[dict[str, Any]]) -> str:
    seen: list[str] = []
    for c in cites:
        text = law.render(Citation.from_dict(c))
        if text not in seen:
            seen.append(text)
    return "；".join(seen)


def _number(x: Any) -> str:
    """A month count in a document (an int, or an exact fraction written "272/97") as `fmt` writes months."""
    try:
        return fmt(Fraction(str(x)))
    except (ValueError, ZeroDivisionError):
        return str(x)


def _months(m: dict[str, Any]) -> str:
    lo, hi = _number(m["min"]), _number(m["max"])
    return f"{lo}个月" if lo == hi else f"{lo}至{hi}个月"


def _penalty(p: dict[str, Any]) -> str:
    """The penalty of the proposed range: every type the range admits (e.g. 拘役或有期徒刑 for 1 to 18 months)."""
    main = str(p["penalty_type"])
    possible = [PENALTY_ZH.get(str(t), str(t)) for t in p.get("penalty_types_possible") or [main]]
    if len(possible) <= 1:
        return PENALTY_ZH.get(main, main)
    return "、".join(possible[:-1]) + "或" + possible[-1]


def render_sentence(doc: dict[str, Any], law: Law) -> str:
    """The result of `pleaguard sentence` as text: the answer first, then every step with its authority."""
    p = doc["proposed"]
    lines = [
        f"罪名：{doc['crime_zh']}（{doc['crime']}）　适用法律日期：{doc['law_date']}（{doc['guideline']}）",
        f"法定刑幅度：{doc['tier']['label']}",
        f"基准刑：{_months(doc['base']['months'])}",
        f"拟宣告刑：{_penalty(p)} {_months(p['months'])}"
        f"（法官±20%调整后：{_months(p['discretion_months'])}）",
    ]
    prob = doc["probation"]
    if prob.get("eligible"):
        must = "（符合条件的应当宣告缓刑）" if prob.get("mandatory_if_conditions_met") else ""
        lines.append("缓刑：可以适用" + must)
    else:
        excl = f"（{'、'.join(prob.get('exclusions', []))}）" if prob.get("exclusions") else ""
        lines.append("缓刑：不适用" + excl)
    fine = doc["fine"]
    if fine.get("min_yuan") is not None or fine.get("max_yuan") is not None:
        lines.append(f"罚金：{fine.get('min_yuan')}元至{fine.get('max_yuan')}元")
    if doc["exemption_possible"]:
        lines.append("可以免除处罚：" + "；".join(doc["exemption_reasons"]))
    lines.append("")
    lines.append("计算过程：")
    for i, s in enumerate(doc["trace"], 1):
        lines.append(f"{i:>2}. {_BASIS.get(s['basis'], '')}{s['message']}")
        if s["cites"]:
            lines.append(f"    依据：{_cites(law, s['cites'])}")
    if doc["warnings"]:
        lines.append("")
        lines.append("提示：")
        lines.extend(f"- {w}" for w in doc["warnings"])
    return "\n".join(lines)


def render_review(doc: dict[str, Any], law: Law) -> str:
    """The review of a recommendation as text: verdict, position, discount, points to argue (numbered, cited)."""
    rec = doc["recommendation"]
    pos = doc["position"]
    disc = doc["discount"]
    lines = [
        f"量刑建议：{PENALTY_ZH.get(rec['penalty_type'], rec['penalty_type'])} {_months(rec['months'])}"
        + ("，缓刑" if rec["probation"] else "")
        + (f"，罚金{rec['fine_yuan']}元" if rec["fine_yuan"] is not None else ""),
        f"结论：{_VERDICT[doc['verdict']]}",
        f"位置：{_POSITION[pos['relative_to_proposed']]}（拟宣告刑{_months(pos['proposed_months'])}；"
        f"法官±20%调整后{_months(pos['discretion_months'])}"
        + ("" if pos["within_discretion"] else "，建议不在该范围内")
        + (f"；在区间中的位置约第{pos['percentile']}百分位，0为最轻端" if pos["percentile"] is not None else "") + "）",
    ]
    if disc["implied"] is not None:
        lines.append(f"从宽幅度：依法可得{_pct(disc['earned']['min'])}至{_pct(disc['earned']['max'])}；"
                     f"建议体现约{_pct(disc['implied'])}（相对于先行调节后的基准刑中点）")
    if doc["points"]:
        lines.append("")
        lines.append("辩护要点：")
        for p in doc["points"]:
            tag = "【异议】" if p["severity"] == "object" else ""
            lines.append(f"{p['n']}. {tag}{p['text']}")
            if p["cites"]:
                lines.append(f"   依据：{_cites(law, p['cites'])}")
    if doc["findings"]:
        lines.append("")
        lines.append("其他发现：")
        for f in doc["findings"]:
            lines.append(f"- {f['text']}")
            if f["cites"]:
                lines.append(f"  依据：{_cites(law, f['cites'])}")
    lines.append("")
    lines.append(f"类案比较：{doc['similar_cases']['reason']}")
    lines.append("")
    lines.append(render_sentence(doc["sentence"], law))
    return "\n".join(lines)


def _pct(x: str) -> str:
    from fractions import Fraction

    v = Fraction(x) * 100
    return f"{float(v):.1f}".rstrip("0").rstrip(".") + "%"
