"""Sentencing circumstances (量刑情节) read from a fact text.

Each circumstance is recognised by the words courts and prosecutors use for it (自首, 如实供述, 退赃, 取得谅解 …),
with the evidence kept so the explanation can quote it. A fact section records what the prosecution alleged and
the court found before its reasoning, so a circumstance found here is one the text states, not one a court has
necessarily accepted; the trace says so. Names are the glossary's code names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# code name → (Chinese label, pattern). Negations (不构成自首, 未取得谅解) are excluded by `_NEGATED`.
PATTERNS: dict[str, tuple[str, str]] = {
    "surrender": ("自首", r"自首|主动投案|投案|主动到[^。，；]{0,15}(?:派出所|公安|说明情况)|主动报警[^。]{0,10}等候"),
    "confession": ("坦白（如实供述）", r"如实供述|坦白|供认不讳|如实交代|对[^。]{0,10}事实[^。]{0,6}无异议|亦无异议"),
    "in_court_plea": ("当庭自愿认罪", r"当庭[^。，；]{0,6}认罪|自愿认罪"),
    "plea_leniency": ("认罪认罚", r"认罪认罚|具结书"),
    "restitution": ("退赃、退赔", r"退赃|退赔|退还[^。，；]{0,10}(?:赃|被害人|款)|返还[^。，；]{0,8}被害人|退缴"),
    "recovered": ("赃物已追回发还", r"已(?:被)?(?:追回|发还|返还)|追回[^。，；]{0,10}(?:发还|返还)|赃物已"),
    "compensation": ("积极赔偿", r"赔偿|补偿[^。]{0,10}(?:被害人|损失)"),
    "forgiveness": ("取得谅解", r"谅解"),
    "reconciliation": ("刑事和解", r"和解"),
    "recidivism": ("累犯", r"累犯|刑满释放后[^。]{0,40}(?:又|再次)"),
    "prior_record": ("前科", r"曾因|曾于[^。]{0,20}(?:被判处|判处|被处)|前科|刑满释放|劳动教养|假释|缓刑考验期"),
    "attempt": ("未遂", r"未遂|未得逞|未能得逞|当场(?:被)?(?:抓获|查获|发现)[^。]{0,20}(?:未|没)"),
    "accessory": ("从犯", r"从犯|辅助作用|次要作用"),
    "minor": ("未成年人", r"未成年|未满十八周岁|不满十八周岁|已满十[四五六七]周岁(?:不满|未满)十八"),
    "limited_capacity": ("限定刑事责任能力", r"限定刑事责任能力|限制刑事责任能力"),
    "victim_fault": ("被害人过错", r"被害人[^。]{0,10}过错|被害人[^。]{0,6}先动手|被害人[^。]{0,8}挑衅"),
    "meritorious_service": ("立功", r"立功|检举揭发|协助[^。]{0,8}抓获"),
    "joint_crime": ("共同犯罪", r"伙同|共同|结伙|预谋|分工"),
    "vulnerable_victim": ("侵害弱势人员", r"幼女|儿童|未成年被害人|老人|残疾|孕妇|不满十四周岁"),
    "elderly": ("老年人", r"已满七十五周岁"),
}
_NEGATED = re.compile(r"(?:不构成|不属于|不能认定|未|没有|拒不|无|不予)(?:[^。，；]{0,6})$")


@dataclass(frozen=True, slots=True)
class Found:
    """A circumstance the text states, with the words that show it."""

    kind: str
    label_zh: str
    evidence: str

    def to_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "label": self.label_zh, "evidence": self.evidence}


def find(fact: str) -> dict[str, Found]:
    """The circumstances the text states, by code name (a negated mention — 未取得谅解 — does not count)."""
    out: dict[str, Found] = {}
    for kind, (label, pattern) in PATTERNS.items():
        for m in re.finditer(pattern, fact):
            before = fact[max(0, m.start() - 8): m.start()]
            if _NEGATED.search(before):
                continue
            start = max(0, m.start() - 10)
            out[kind] = Found(kind, label, fact[start: m.end() + 6])
            break
    if "recidivism" in out and "prior_record" not in out:
        out["prior_record"] = Found("prior_record", PATTERNS["prior_record"][0], out["recidivism"].evidence)
    return out
