"""Measuring the extractor: against the hand-read gold set, and agreement with the traffic set's machine tags.

Gold (tests/data/gold/*.jsonl, one judgment per line, by `text_id`): per-field accuracy for the judgment-level
fields (court, year, procedure, recommendation.mentioned, recommendation.adopted) over judgments, and for the
defendant-level fields (charges as a set, penalty.type, months, probation_months, fine_yuan, counsel,
plea_affidavit) over gold defendants, aligned with the extracted defendants by name; a gold defendant the extractor
missed counts as wrong in every field. Circumstances: micro precision/recall/F1 over (defendant, kind) pairs, overall
and per kind.

Traffic (machine tags, not truth): agreement of term months, probation months and procedure with the tags, on the
records where the tag is judged reliable (see `traffic_agreement`).
"""

from __future__ import annotations

import gzip
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pleaguard.errors import InputError
from pleaguard.judgments.extract import CIRCUMSTANCES, extract

RECORD_FIELDS = ("court", "year", "procedure", "recommendation.mentioned", "recommendation.adopted")
DEFENDANT_FIELDS = (
    "charges",
    "penalty.type",
    "penalty.months",
    "penalty.probation_months",
    "penalty.fine_yuan",
    "counsel",
    "plea_affidavit",
)


def _get(obj: dict[str, Any] | None, path: str) -> Any:
    cur: Any = obj
    for part in path.split("."):
        if not isinstance(cur, dict):
            return None
        cur = cur.get(part)
    return cur


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """JSON objects from a .jsonl or .jsonl.gz file, one per non-empty line."""
    opener: Callable[..., Any] = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def load_gold(gold: Path) -> dict[str, dict[str, Any]]:
    """Gold labels by text_id from a directory of *.jsonl files (or one file)."""
    files = sorted(gold.glob("*.jsonl")) if gold.is_dir() else [gold]
    out: dict[str, dict[str, Any]] = {}
    for f in files:
        try:
            for rec in read_jsonl(f):
                if not isinstance(rec, dict) or "text_id" not in rec or "defendants" not in rec:
                    raise InputError(f"{f}：标注缺少 text_id 或 defendants / {f}: a label without text_id/defendants",
                                     field="--gold")
                out[rec["text_id"]] = rec
        except json.JSONDecodeError as exc:
            raise InputError(f"{f}：第 {exc.lineno} 行 JSON 格式错误 / {f}: malformed JSON at line {exc.lineno}",
                             field="--gold") from None
    return out


@dataclass
class Counter:
    """Correct / total for one field, with the ids of the disagreements for inspection."""

    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, where: str) -> None:
        self.total += 1
        if ok:
            self.correct += 1
        else:
            self.misses.append(where)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else float("nan")


@dataclass
class PRF:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _align(gold_defs: list[dict[str, Any]], pred_defs: list[dict[str, Any]]) -> list[dict[str, Any] | None]:
    """For each gold defendant, the extracted defendant with the same name (or one containing it), else None."""
    by_name = {d.get("name"): d for d in pred_defs}
    out: list[dict[str, Any] | None] = []
    used: set[int] = set()
    for g in gold_defs:
        name = g.get("name")
        p = by_name.get(name)
        if p is None:
            for i, cand in enumerate(pred_defs):
                cn = cand.get("name") or ""
                if i not in used and name and (name in cn or cn in name) and cn:
                    p = cand
                    break
        if p is not None:
            used.add(next(i for i, c in enumerate(pred_defs) if c is p))
        out.append(p)
    return out


def evaluate_gold(
    records: Iterable[dict[str, Any]], gold: dict[str, dict[str, Any]], *, field_name: str = "fd",
    id_field: str = "text_id",
) -> dict[str, Any]:
    """Extract each record whose id (its `id_field`, matched to the labels' `text_id`) has gold labels and score
    the fields (see the module docstring)."""
    counters: dict[str, Counter] = {f: Counter() for f in RECORD_FIELDS + DEFENDANT_FIELDS}
    per_kind: dict[str, PRF] = {k: PRF() for k in CIRCUMSTANCES}
    micro = PRF()
    defendants_found = Counter()
    extra_defendants = 0
    n = 0
    for rec in records:
        tid = rec.get(id_field)
        tid = str(tid) if tid is not None else None
        if tid not in gold:
            continue
        g = gold[tid]
        n += 1
        pred = extract(rec.get(field_name) or "")
        if "error" in pred:
            pred = {"defendants": []}
        for f in RECORD_FIELDS:
            counters[f].add(_get(pred, f) == _get(g, f), tid)
        aligned = _align(g["defendants"], pred.get("defendants", []))
        extra_defendants += max(0, len(pred.get("defendants", [])) - sum(1 for a in aligned if a is not None))
        for gd, pd in zip(g["defendants"], aligned, strict=True):
            where = f"{tid}:{gd.get('name')}"
            defendants_found.add(pd is not None, where)
            for f in DEFENDANT_FIELDS:
                if f == "charges":
                    ok = pd is not None and set(pd.get("charges") or []) == set(gd.get("charges") or [])
                else:
                    ok = pd is not None and _get(pd, f) == _get(gd, f)
                counters[f].add(ok, where)
            gc = gd.get("circumstances") or {}
            pc = (pd or {}).get("circumstances") or {}
            for k in CIRCUMSTANCES:
                gv, pv = bool(gc.get(k)), bool(pc.get(k))
                for prf in (per_kind[k], micro):
                    if gv and pv:
                        prf.tp += 1
                    elif pv:
                        prf.fp += 1
                    elif gv:
                        prf.fn += 1
    return {
        "judgments": n,
        "defendants": defendants_found.total,
        "defendants_found": defendants_found.accuracy,
        "extra_defendants": extra_defendants,
        "fields": {f: {"accuracy": c.accuracy, "correct": c.correct, "total": c.total, "misses": c.misses}
                   for f, c in counters.items()},
        "circumstances": {
            "micro": {"precision": micro.precision, "recall": micro.recall, "f1": micro.f1,
                      "tp": micro.tp, "fp": micro.fp, "fn": micro.fn},
            "per_kind": {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "support": v.tp + v.fn,
                             "tp": v.tp, "fp": v.fp, "fn": v.fn} for k, v in per_kind.items()},
        },
    }


# ---------------------------------------------------------------------------------------------------------------
# traffic tags

_TRAFFIC_PROCEDURE = {"简易程序": "simplified", "普通程序": "ordinary", "速裁程序": "speedy"}
_TRAFFIC_CIRC = {"自首": "surrender", "累犯": "recidivism"}


def traffic_agreement(records: Iterable[dict[str, Any]], *, field_name: str = "full_text") -> dict[str, Any]:
    """Agreement with the traffic set's machine tags where they are reliable.

    Reliability: a `sentences` tag is used only when it names a defendant and its own `text` (the sentence clause
    the tagger read) contains the tagged term words, i.e. the tag is internally consistent; the procedure tag is used
    only when it is one of 简易程序 / 普通程序 / 速裁程序 (the tagger writes 普通程序 also when the text names no
    procedure, so disagreements there are expected). A missing probation tag is used only when the tagged clause has
    no 缓 at all (the tagger drops probation periods written as 缓刑考验期限…). Circumstance tags are compared
    for 自首 and 累犯 only, which the tagger copies from explicit words; its discretionary tags (认罪态度好 …) have
    no field here.
    """
    term, prob, proc, court, year = Counter(), Counter(), Counter(), Counter(), Counter()
    circ = {k: PRF() for k in ("surrender", "recidivism")}
    n = 0
    for rec in records:
        n += 1
        rid = str(rec.get("id"))
        pred = extract(rec.get(field_name) or "")
        if "error" in pred:
            pred = {"defendants": [], "procedure": None}
        by_name = {d["name"]: d for d in pred.get("defendants", [])}
        if rec.get("court"):
            court.add(pred.get("court") == rec["court"], rid)
        # the tag `year` is the judgment date's; the gold convention is the case number's year, read from case_no
        tag_year = re.match(r"[（(]\s*(\d{4})", str(rec.get("case_no") or ""))
        if tag_year:
            year.add(pred.get("year") == int(tag_year.group(1)), rid)
        tag_proc = _TRAFFIC_PROCEDURE.get(str(rec.get("procedure")))
        if tag_proc:
            proc.add(pred.get("procedure") == tag_proc, rid)
        for s in rec.get("sentences") or []:
            name = s.get("defendant")
            text = s.get("text") or ""
            if not name or not s.get("term_text") or s["term_text"] not in text:
                continue
            d = by_name.get(name)
            months = _get(d, "penalty.months") if d else None
            term.add(months == s.get("term_months"), f"{rid}:{name}")
            if (s.get("probation_text") and s["probation_text"] in text) or (
                s.get("probation_months") is None and "缓" not in text
            ):
                prob.add((_get(d, "penalty.probation_months") if d else None) == s.get("probation_months"),
                         f"{rid}:{name}")
        tagged: dict[str, set[str]] = {}
        for c in rec.get("circumstances") or []:
            kind = _TRAFFIC_CIRC.get(c.get("circumstance", ""))
            if kind in circ:
                tagged.setdefault(c.get("defendant", ""), set()).add(kind)
        for name, d in by_name.items():
            for k, prf in circ.items():
                tv = k in tagged.get(name, set())
                pv = bool(d["circumstances"].get(k))
                if tv and pv:
                    prf.tp += 1
                elif pv:
                    prf.fp += 1
                elif tv:
                    prf.fn += 1
    return {
        "records": n,
        "term_months": {"agreement": term.accuracy, "compared": term.total, "misses": term.misses[:50]},
        "probation_months": {"agreement": prob.accuracy, "compared": prob.total, "misses": prob.misses[:50]},
        "procedure": {"agreement": proc.accuracy, "compared": proc.total, "misses": proc.misses[:50]},
        "court": {"agreement": court.accuracy, "compared": court.total, "misses": court.misses[:50]},
        "year": {"agreement": year.accuracy, "compared": year.total, "misses": year.misses[:50]},
        "circumstances": {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "tp": v.tp, "fp": v.fp,
                              "fn": v.fn} for k, v in circ.items()},
    }


def format_table(result: dict[str, Any]) -> str:
    """A plain-text table of a gold evaluation result."""
    lines = [f"judgments {result['judgments']}  defendants {result['defendants']}  "
             f"found {result['defendants_found']:.3f}  extra {result['extra_defendants']}", ""]
    lines.append(f"{'field':28} {'accuracy':>9} {'correct':>8} {'total':>6}")
    for f, v in result["fields"].items():
        lines.append(f"{f:28} {v['accuracy']:9.3f} {v['correct']:8d} {v['total']:6d}")
    lines.append("")
    m = result["circumstances"]["micro"]
    lines.append(f"{'circumstances (micro)':28} P {m['precision']:.3f}  R {m['recall']:.3f}  F1 {m['f1']:.3f}")
    for k, v in result["circumstances"]["per_kind"].items():
        lines.append(f"  {k:26} P {v['precision']:.3f}  R {v['recall']:.3f}  F1 {v['f1']:.3f}  n={v['support']}"
                     f"  fp={v['fp']} fn={v['fn']}")
    return "\n".join(lines)
