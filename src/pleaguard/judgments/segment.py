"""Splitting a criminal judgment into its conventional parts.

A first-instance criminal judgment (刑事判决书) is written in a fixed order, and the extractor reads each fact from
the part where the court states it:

    header      court, document type, case number （2016）浙0212刑初1363号
    parties     公诉机关 …, 被告人 … (personal details, prior record, custody), 辩护人 …
    procedure   起诉书指控 … 提起公诉 … 适用简易程序 / 组成合议庭 … 审理终结
    facts       the prosecution's charge, the defence, the court's findings (经审理查明 …, or the charged facts
                the court adopts: 上述事实…足以认定)
    reasoning   本院认为 … (the legal assessment, circumstances found, the recommendation)
    operative   判决如下： … (the sentence of each defendant)
    tail        appeal notice, judges, date

The markers are the words judgments use for these transitions; a part whose marker is missing is empty and the
extractor reports what it could not read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PARTY_START = re.compile(r"(?:原公诉机关|公诉机关|抗诉机关|自诉人|上诉人|原审被告人|被告人|被告单位)")
_PROCEDURE_START = re.compile(
    r"起诉书|提起公诉|提出公诉|提起自诉|审理[^。]{0,120}?一案|不服[^。]{0,60}判决|指控(?:原审)?被告人"
)
_PROCEDURE_END = re.compile(r"(?:审理终结|审理完毕|现已审结|已审理终结)[。]?")
_FINDINGS = re.compile(r"经(?:审理|庭审|本院审理|开庭审理)?查明|经审理认定|本院(?:经审理)?查明|本院审理查明")
# a judgment without 经审理查明 may adopt the charged facts as its findings: 上述事实，…证据证实，足以认定
_ADOPTS_ABOVE = re.compile(r"上述(?:犯罪)?事实")
_ADOPTED = re.compile(r"足以认定|予以确认|予以认定|应予确认|可以认定|予以采信")
_REASONING = re.compile(r"本院认为")
_OPERATIVE = re.compile(r"(?:判决|改判|裁定|判处|拟处意见|处理意见)如下[:：]?|(?:作出)?如下(?:判决|判处)[:：]?")
_OPERATIVE_FALLBACK = re.compile(r"规定[:：](?=\s*(?:一、)?\s*(?:被告人|上诉人|被告单位|原审被告人))")
_OPERATIVE_END = re.compile(
    r"如不服本判决|本判决为终审判决|如不服本裁定|本裁定为终审裁定|(?:审\s*判\s*长|审\s*判\s*员|人民陪审员)\s*\S"
)


@dataclass(frozen=True, slots=True)
class Segments:
    """The parts of one judgment (each a slice of the normalised text; empty when its marker is missing)."""

    header: str
    parties: str
    procedure: str
    facts: str
    findings: str
    reasoning: str
    operative: str
    tail: str

    def before_reasoning(self) -> str:
        """Everything the court wrote before its reasoning (parties, procedure, facts)."""
        return self.parties + " " + self.procedure + " " + self.facts


def _adopted_charge(facts: str) -> str:
    """Where the court states no findings of its own (no 经审理查明) but adopts the facts set out above
    (上述事实，被告人亦无异议，且有…证据证实，足以认定), those facts are its findings: the text before the last
    上述事实 that an adoption follows. Otherwise nothing."""
    for m in reversed(list(_ADOPTS_ABOVE.finditer(facts))):
        if _ADOPTED.search(facts, m.end()):
            return facts[: m.start()]
    return ""


def segment(text: str) -> Segments:
    """Split a normalised judgment text into its parts (see the module docstring)."""
    n = len(text)
    m = _PARTY_START.search(text, 0, min(n, 600))
    parties_at = m.start() if m else 0
    header = text[:parties_at]

    m = _PROCEDURE_START.search(text, parties_at)
    procedure_at = parties_at
    # the procedure paragraph starts at the beginning of the sentence holding the keyword
    if m:
        dot = text.rfind("。", parties_at, m.start())
        procedure_at = dot + 1 if dot >= 0 else parties_at
    parties = text[parties_at:procedure_at]

    m = _PROCEDURE_END.search(text, procedure_at, min(n, procedure_at + 1500))
    if m:
        facts_at = m.end()
    else:
        dot = text.find("。", procedure_at)
        facts_at = dot + 1 if dot >= 0 else procedure_at
    procedure = text[procedure_at:facts_at]

    # the operative part follows the last 判决如下 before the appeal notice
    end_m = None
    op_m = None
    # the last "…如下" that opens an operative part (a literal search first: it is much faster than the pattern)
    i = text.rfind("如下")
    while i >= facts_at and op_m is None:
        op_m = _OPERATIVE.match(text, max(facts_at, i - 4)) or _OPERATIVE.match(text, max(facts_at, i - 2))
        if op_m is not None and op_m.end() <= i:
            op_m = None
        i = text.rfind("如下", facts_at, i)
    if op_m is None:
        for om in _OPERATIVE_FALLBACK.finditer(text, facts_at):
            op_m = om
    if op_m is not None:
        operative_at = op_m.end()
        end_m = _OPERATIVE_END.search(text, operative_at)
        operative_end = end_m.start() if end_m else n
        reasoning_end = op_m.start()
    else:
        operative_at = operative_end = reasoning_end = n

    r = _REASONING.search(text, facts_at, reasoning_end)
    reasoning_at = r.start() if r else reasoning_end
    facts = text[facts_at:reasoning_at]
    f = _FINDINGS.search(facts)
    findings = facts[f.start():] if f else _adopted_charge(facts)
    return Segments(
        header=header,
        parties=parties,
        procedure=procedure,
        facts=facts,
        findings=findings,
        reasoning=text[reasoning_at:reasoning_end],
        operative=text[operative_at:operative_end],
        tail=text[operative_end:],
    )
