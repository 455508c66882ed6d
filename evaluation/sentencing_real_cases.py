"""How often the engine's range contains the sentence real courts gave, and how wide the ranges are.

Run: `.venv/bin/python -m evaluation.sentencing_real_cases [--json OUT] [--verbose]`.

Reads `evaluation/real_cases.yaml` (judgments read by hand: record id, the facts read, the court's sentence, the
engine input) and checks each record id against ../shared/data (or PLEAGUARD_SHARED_DATA): a CAIL record's
actual term must equal the term in the data set, a JuDGE record must exist. Then it computes every case with
`services.sentencing.sentence` and reports:

* coverage: the share of cases whose actual months lie in `proposed.months` (after circumstances and statutory
  limits) and in `proposed.discretion_months` (with the judge's ±20%);
* width: mean and median width in months of both ranges;
* the same for the statutory tier alone (the range a lawyer gets from the Criminal Law without the method), as
  the baseline against which the engine's narrowing is measured;
* the penalty type (JuDGE records, which state it) and probation (eligible whenever the court suspended).

This is an evaluation, not a test: nothing here passes or fails, and no rule is tuned to these records.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

import yaml

from pleaguard.errors import InputError
from pleaguard.rules.parameters import load_law
from pleaguard.services.sentencing import sentence

HERE = Path(__file__).resolve().parent


def shared_data() -> Path:
    return Path(os.environ.get("PLEAGUARD_SHARED_DATA", HERE.parent.parent / "shared" / "data"))


def check_records(cases: list[dict[str, Any]], data: Path) -> list[str]:
    """Problems with the record ids: missing records, or a CAIL actual term that differs from the data set."""
    problems: list[str] = []
    judge_ids: set[str] = set()
    judge = data / "judge" / "dev.jsonl"
    if judge.exists():
        with judge.open(encoding="utf-8") as fh:
            judge_ids = {json.loads(line)["text_id"] for line in fh}
    cail: list[dict[str, Any]] = []
    cail_path = data / "cail2018" / "dev.jsonl"
    if cail_path.exists():
        with cail_path.open(encoding="utf-8") as fh:
            cail = [json.loads(line) for line in fh]
    for c in cases:
        source, _, key = str(c["id"]).partition(":")
        if source == "judge" and judge_ids and key not in judge_ids:
            problems.append(f"{c['id']}: not in judge/dev.jsonl")
        elif source == "cail2018" and cail:
            rec = cail[int(key)]
            term = rec["meta"]["term_of_imprisonment"]["imprisonment"]
            if term != c["actual"]["months"]:
                problems.append(f"{c['id']}: actual {c['actual']['months']} months, data set says {term}")
    return problems


def _contains(lo: float, hi: float, x: float) -> bool:
    return lo <= x <= hi


def evaluate(cases: list[dict[str, Any]]) -> dict[str, Any]:
    law = load_law()
    rows: list[dict[str, Any]] = []
    for c in cases:
        try:
            out = sentence(c["input"], law)
        except InputError as exc:
            rows.append({"id": c["id"], "error": str(exc)})
            continue
        actual = c["actual"]
        months = actual["months"]
        p, d, t = out["proposed"]["months"], out["proposed"]["discretion_months"], out["tier"]
        tier_max = t["max_months"] if t["max_months"] is not None else 180
        rows.append({
            "id": c["id"], "crime": c["input"]["crime"], "actual": months,
            "proposed": p, "discretion": d, "tier": {"min": t["min_months"], "max": tier_max},
            "in_proposed": _contains(p["min"], p["max"], months),
            "in_discretion": _contains(d["min"], d["max"], months),
            "in_tier": _contains(float(t["min_months"]), float(tier_max), months),
            "width_proposed": p["max"] - p["min"], "width_discretion": d["max"] - d["min"],
            "position": (months - p["min"]) / (p["max"] - p["min"]) if p["max"] > p["min"] else None,
            "width_tier": float(tier_max) - float(t["min_months"]),
            "width_base": float(Fraction(out["base"]["exact"]["max"]) - Fraction(out["base"]["exact"]["min"])),
            "type_ok": (out["proposed"]["penalty_type"] == actual["penalty_type"]
                        or actual["penalty_type"] in out["proposed"]["penalty_types_possible"])
            if "penalty_type" in actual else None,
            "probation_ok": (out["probation"]["eligible"] if actual.get("probation") else None),
            "warnings": len(out["warnings"]),
        })
    return summarise(rows)


def summarise(rows: list[dict[str, Any]]) -> dict[str, Any]:
    ok = [r for r in rows if "error" not in r]

    def share(key: str, subset: list[dict[str, Any]]) -> float:
        vals = [r[key] for r in subset if r[key] is not None]
        return sum(bool(v) for v in vals) / len(vals) if vals else float("nan")

    def widths(key: str, subset: list[dict[str, Any]]) -> dict[str, float]:
        vals = [float(r[key]) for r in subset]
        return {"mean": statistics.mean(vals), "median": statistics.median(vals)} if vals else {}

    by_crime: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in ok:
        by_crime[r["crime"]].append(r)
    return {
        "cases": len(rows), "computed": len(ok), "errors": [r for r in rows if "error" in r],
        "coverage": {"proposed": share("in_proposed", ok), "discretion": share("in_discretion", ok),
                     "statutory_tier": share("in_tier", ok)},
        "width_months": {"base": widths("width_base", ok),
                         "proposed": widths("width_proposed", ok), "discretion": widths("width_discretion", ok),
                         "statutory_tier": widths("width_tier", ok)},
        "position_in_proposed": {
            "mean": statistics.mean(r["position"] for r in ok if r["position"] is not None),
            "median": statistics.median(r["position"] for r in ok if r["position"] is not None)},
        "penalty_type_consistent": share("type_ok", ok),
        "probation_eligible_when_suspended": share("probation_ok", ok),
        "by_crime": {k: {"n": len(v), "in_proposed": share("in_proposed", v),
                         "in_discretion": share("in_discretion", v),
                         "mean_width_proposed": statistics.mean(float(r["width_proposed"]) for r in v)}
                     for k, v in sorted(by_crime.items())},
        "rows": rows,
    }


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cases", type=Path, default=HERE / "real_cases.yaml")
    ap.add_argument("--json", type=Path, help="write the full result (every case) as JSON")
    ap.add_argument("--verbose", action="store_true", help="one line per case")
    args = ap.parse_args()
    cases = yaml.safe_load(args.cases.read_text(encoding="utf-8"))
    data = shared_data()
    if data.is_dir():
        problems = check_records(cases, data)
        for p in problems:
            print(f"record check: {p}", file=sys.stderr)
    else:
        print(f"note: {data} not found; record ids not checked", file=sys.stderr)
    res = evaluate(cases)
    cov, wid = res["coverage"], res["width_months"]
    print(f"real cases: {res['cases']} ({res['computed']} computed, {len(res['errors'])} refused)")
    print(f"actual sentence inside proposed.months:           {cov['proposed']:.1%}   "
          f"width mean {wid['proposed']['mean']:.1f} / median {wid['proposed']['median']:.1f} months")
    print(f"actual sentence inside proposed.discretion_months: {cov['discretion']:.1%}   "
          f"width mean {wid['discretion']['mean']:.1f} / median {wid['discretion']['median']:.1f} months")
    print(f"baseline, statutory tier alone:                   {cov['statutory_tier']:.1%}   "
          f"width mean {wid['statutory_tier']['mean']:.1f} / median {wid['statutory_tier']['median']:.1f} months")
    print(f"of which the base sentence range from steps 1-2 (before any circumstance): "
          f"width mean {wid['base']['mean']:.1f} / median {wid['base']['median']:.1f} months")
    pos = res["position_in_proposed"]
    print(f"where the actual sentence sits in proposed.months (0 = lightest end, 1 = heaviest): "
          f"mean {pos['mean']:.2f}, median {pos['median']:.2f}")
    print(f"penalty type consistent (JuDGE records): {res['penalty_type_consistent']:.1%}; "
          f"probation eligible where the court suspended: {res['probation_eligible_when_suspended']:.1%}")
    print("by crime:")
    for crime, v in res["by_crime"].items():
        print(f"  {crime:<20} n={v['n']:<3} in proposed {v['in_proposed']:.0%}  in discretion {v['in_discretion']:.0%}"
              f"  mean width {v['mean_width_proposed']:.1f}")
    for e in res["errors"]:
        print(f"refused: {e['id']}: {e['error']}")
    if args.verbose:
        for r in res["rows"]:
            if "error" in r:
                continue
            mark = "ok " if r["in_proposed"] else ("±20" if r["in_discretion"] else "OUT")
            print(f"  {mark} {r['id']:<48} actual {r['actual']:>4}  "
                  f"proposed {r['proposed']['min']}-{r['proposed']['max']}"
                  f"  discretion {r['discretion']['min']}-{r['discretion']['max']}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(res, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
