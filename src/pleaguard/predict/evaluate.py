"""Evaluating term prediction on CAIL-style data, on the validation part of the fixed split.

Metrics, per charge and overall:

* LawBench term metric: 100 × (ln 216 − mean |ln(y+1) − ln(ŷ+1)|) / ln 216 over fixed-term cases (a case
  predicted as life or death, or left unanswered, counts as distance ln 216);
* CAIL2018 term score: v = |ln(ŷ+1) − ln(y+1)| scored 1.0 / 0.8 / 0.6 / 0.4 / 0.2 / 0 for v ≤ 0.2 / 0.4 / 0.6 /
  0.8 / 1.0 / above; a death or life sentence scores 1 only when predicted as such;
* coverage (share of fixed-term cases whose term lies within the predicted range) and the mean range width;
* the same for the baseline measured in the same run: the median term of the charge (combination of charges) in the
  train part, the overall train median where the combination was not seen.

The prediction is made with the record's charges given (the usual use) and, separately, with charges found from the
text (`found_charges`), whose exact-match accuracy is reported too.
"""

from __future__ import annotations

import math
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pleaguard.errors import InputError
from pleaguard.predict.charges import find_charges, normalize_name, resolve
from pleaguard.predict.data import Record, read_records
from pleaguard.predict.model import cail_score, predict

LN216 = math.log(216)


@dataclass(slots=True)
class Tally:
    """Running sums for one group of cases."""

    n: int = 0
    fixed: int = 0
    dist: float = 0.0
    cail: float = 0.0
    covered: int = 0
    width: float = 0.0
    base_dist: float = 0.0
    base_cail: float = 0.0
    errors: int = 0

    def add(self, rec: Record, out: dict[str, Any] | None, base_months: int) -> None:
        self.n += 1
        self.base_cail += cail_score(base_months, False, False, rec)
        if rec.fixed_term:
            self.fixed += 1
            self.base_dist += abs(math.log1p(base_months) - math.log1p(rec.months))
        if out is None:
            self.errors += 1
            if rec.fixed_term:
                self.dist += LN216
            return
        months, life, death = out["term_months"], out["life_imprisonment"], out["death_penalty"]
        self.cail += cail_score(months, life, death, rec)
        if rec.fixed_term:
            if life or death:
                self.dist += LN216
            else:
                self.dist += abs(math.log1p(months) - math.log1p(rec.months))
                rng = out["range_months"]
                self.covered += rng["min"] <= rec.months <= rng["max"]
                self.width += rng["max"] - rng["min"]

    def report(self) -> dict[str, Any]:
        f = max(self.fixed, 1)
        n = max(self.n, 1)
        return {
            "n": self.n, "fixed_term": self.fixed, "errors": self.errors,
            "lawbench": round(100 * (LN216 - self.dist / f) / LN216, 2),
            "cail_score": round(self.cail / n, 4),
            "range_coverage": round(self.covered / f, 4),
            "range_mean_width_months": round(self.width / f, 1),
            "baseline_lawbench": round(100 * (LN216 - self.base_dist / f) / LN216, 2),
            "baseline_cail_score": round(self.base_cail / n, 4),
        }


@dataclass(slots=True)
class Evaluation:
    """The result of one evaluation run."""

    overall: dict[str, Any]
    per_charge: dict[str, dict[str, Any]]
    found_charges: dict[str, Any]
    bad_lines: int
    split: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"split": self.split, "overall": self.overall, "found_charges": self.found_charges,
                "per_charge": self.per_charge, "bad_lines": self.bad_lines, "seconds": round(self.seconds, 1)}


def _key(charges: tuple[str, ...]) -> str:
    return "+".join(sorted(normalize_name(c) for c in charges))


def evaluate(path: Path, part: str = "validation", min_group: int = 10) -> Evaluation:
    """Run the prediction on one part of the fixed split of `path` and score it against the train-median baseline."""
    if part not in ("validation", "train"):
        raise InputError(f"未知的评测部分 {part!r} / unknown part {part!r}", field="part", allowed="validation, train")
    t0 = time.perf_counter()
    records: list[Record] = []
    bad = 0
    for r in read_records(path):
        if isinstance(r, Record):
            records.append(r)
        else:
            bad += 1
    train = [r for r in records if r.part == "train"]
    test = [r for r in records if r.part == part]
    by_combo: dict[str, list[int]] = defaultdict(list)
    for r in train:
        if r.fixed_term:
            by_combo[_key(r.charges)].append(r.months)
    overall_median = round(statistics.median([r.months for r in train if r.fixed_term])) if train else 0
    medians = {k: round(statistics.median(v)) for k, v in by_combo.items()}
    total, found_tally = Tally(), Tally()
    groups: dict[str, Tally] = defaultdict(Tally)
    found_exact = 0
    for rec in test:
        base = medians.get(_key(rec.charges), overall_median)
        try:
            out: dict[str, Any] | None = predict(rec.fact, list(rec.charges))
        except InputError:
            out = None
        total.add(rec, out, base)
        groups[_key(rec.charges)].add(rec, out, base)
        infos, _how = find_charges(rec.fact)
        gold = {resolve(c).name for c in rec.charges}
        found_exact += {i.name for i in infos} == gold
        try:
            out_found: dict[str, Any] | None = predict(rec.fact, None)
        except InputError:
            out_found = None
        found_tally.add(rec, out_found, base)
    per = {k: t.report() for k, t in sorted(groups.items(), key=lambda kv: -kv[1].n) if t.n >= min_group}
    small = Tally()
    for t in groups.values():
        if t.n < min_group:
            for name in ("n", "fixed", "dist", "cail", "covered", "width", "base_dist", "base_cail", "errors"):
                setattr(small, name, getattr(small, name) + getattr(t, name))
    if small.n:
        per[f"(其他 {sum(1 for t in groups.values() if t.n < min_group)} 种罪名组合)"] = small.report()
    found = found_tally.report()
    found["charge_exact_match"] = round(found_exact / max(len(test), 1), 4)
    return Evaluation(total.report(), per, found, bad, {"train": len(train), part: len(test)},
                      time.perf_counter() - t0)
