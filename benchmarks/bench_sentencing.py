"""Throughput of the sentencing engine on a mixed set of cases, in-process and through the CLI.

Run: `.venv/bin/python -m benchmarks.bench_sentencing [--n N] [--rounds R] [--new N] [--cli N] [--best B] [--profile]`.

The mixed set: every crime the law data knows, with quantities in each tier, plus given base sentences; 0-5
circumstances drawn from the glossary (plea at every stage, surrender, confession degrees, restitution,
compensation/forgiveness, recidivism, prior record, accessory, attempt, minors and the elderly), decision dates
before and after 2021-07-01 and with and without a province. Cases are generated once with a fixed seed, so runs
are comparable.

In-process: the law is loaded once; each computation is `services.sentencing.sentence(case)` on the JSON dict
(validation, the full method, the trace and the JSON document). Baselines measured in the same run: the input
validation alone (`parse_case`), and a naive one-line computation (base × (1 - sum of the ceilings)) that ignores
the law, to show what the legal reasoning costs. Through the CLI: one `pleaguard sentence FILE --json` process per
case, against a bare `python -c pass` process start.

The mixed set is computed `--rounds` times, so anything memoised on a part of the input (the crime rules keep the
base sentence of each crime, quantities and date they have computed) is reused from the second pass on. The line
"every case new" measures the other extreme: each computation is on a case never computed before (continuous
amounts, blood alcohol, grams and given base sentences; the cases are checked against a separately loaded copy of
the law, so nothing about them is memoised), after a warm-up on other new cases, as a server that has seen every
law view but never the same case twice. The law views, crime tables and circumstance tables are kept per span of
days between two dates on which the law data changes (not per calendar date), so new cases on new dates reuse the
tables of their span; what is computed per case is the crime's reasoning on new quantities and the rest of the method.

On a shared machine, `--best B` repeats each in-process measurement B times and reports the best (the least CPU time
per computation; for "every case new", each repetition uses another set of never-seen cases).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import json
import os
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path
from typing import Any

from pleaguard.errors import InputError
from pleaguard.rules.parameters import default_root, load_law, load_law_from
from pleaguard.rules.sentencing.case_input import parse_case
from pleaguard.services.sentencing import sentence

FACTS: dict[str, list[dict[str, Any]]] = {
    "theft": [{"amount_yuan": 5000}, {"amount_yuan": 60000}, {"amount_yuan": 600000}, {"pickpocketing": True}],
    "fraud": [{"amount_yuan": 8000}, {"amount_yuan": 80000}, {"amount_yuan": 800000}],
    "dangerous_driving": [{"conduct": "drunk_driving", "blood_alcohol_mg_per_100ml": 150},
                          {"conduct": "drunk_driving", "blood_alcohol_mg_per_100ml": 230, "caused_accident": True}],
    "intentional_injury": [{"injury": "light"}, {"injury": "serious"}],
    "traffic_accident": [{"deaths": 1, "responsibility": "full"}, {"deaths": 1, "responsibility": "main"}],
    "drug_trafficking": [{"drug": "methamphetamine", "grams": 0.5}, {"drug": "heroin", "grams": 20}],
}
KINDS: list[dict[str, Any]] = [
    {"kind": "surrender"}, {"kind": "confession"}, {"kind": "confession", "degree": "same_kind_heavier"},
    {"kind": "in_court_plea"}, {"kind": "restitution"}, {"kind": "compensation"}, {"kind": "forgiveness"},
    {"kind": "reconciliation"}, {"kind": "good_custody_behaviour"}, {"kind": "prior_record"},
    {"kind": "recidivism"}, {"kind": "accessory"}, {"kind": "attempt"}, {"kind": "meritorious_service"},
    {"kind": "vulnerable_victim"},
]
STAGES = ["investigation", "prosecution_review", "trial", "appeal"]


def mixed_cases(n: int, seed: int = 20261126) -> list[dict[str, Any]]:
    """`n` valid, varied cases (those the law refuses are replaced, so every case computes)."""
    rng = random.Random(seed)
    law = load_law()
    out: list[dict[str, Any]] = []
    attempts = 0
    while len(out) < n and attempts < n * 20:
        attempts += 1
        year = rng.choice([2019, 2020, 2022, 2023, 2024, 2025])
        offense = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        decided = offense + dt.timedelta(days=rng.randint(30, 400))
        case: dict[str, Any] = {"offense_date": offense.isoformat(), "decided_on": decided.isoformat(),
                                "defendant": {"age_at_offense": rng.choice([17, 25, 30, 45, 60, 76])}}
        if rng.random() < 0.35:
            case["crime"] = "theft"
            case["base_sentence_months"] = rng.choice([6, 9, 12, 18, 24, 30])
            case["statutory_range"] = {"min_months": 1, "max_months": 36}
        else:
            crime = rng.choice(list(FACTS))
            case["crime"] = crime
            case["facts"] = dict(rng.choice(FACTS[crime]))
        k = rng.randint(0, 5)
        circ = rng.sample(KINDS, k)
        if rng.random() < 0.6:
            circ.append({"kind": "plea_leniency", "stage": rng.choice(STAGES)})
        if any(c["kind"] == "attempt" for c in circ) and case["crime"] == "dangerous_driving":
            circ = [c for c in circ if c["kind"] != "attempt"]
        case["circumstances"] = circ
        try:
            sentence(case, law)
        except InputError:
            continue
        out.append(case)
    return out


def new_cases(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` valid cases with continuous quantities (practically never the same twice); checked with their own law."""
    rng = random.Random(seed)
    check_law = load_law_from(default_root())  # a separate copy: memos keyed on the law object do not carry over
    out: list[dict[str, Any]] = []
    while len(out) < n:
        year = rng.choice([2019, 2020, 2022, 2023, 2024, 2025])
        offense = dt.date(year, rng.randint(1, 12), rng.randint(1, 28))
        decided = offense + dt.timedelta(days=rng.randint(30, 400))
        case: dict[str, Any] = {"offense_date": offense.isoformat(), "decided_on": decided.isoformat(),
                                "defendant": {"age_at_offense": rng.choice([17, 25, 30, 45, 60, 76])}}
        crime = rng.choice(["theft", "fraud", "dangerous_driving", "intentional_injury", "traffic_accident",
                            "drug_trafficking"])
        case["crime"] = crime
        if rng.random() < 0.35:
            case["base_sentence_months"] = f"{rng.randint(6, 30)}.{rng.randint(0, 99):02d}"
            case["statutory_range"] = {"min_months": 1, "max_months": 36}
        elif crime == "theft":
            case["facts"] = {"amount_yuan": rng.randint(2000, 2_000_000)}
        elif crime == "fraud":
            case["facts"] = {"amount_yuan": rng.randint(5000, 3_000_000)}
        elif crime == "dangerous_driving":
            case["facts"] = {"conduct": "drunk_driving", "blood_alcohol_mg_per_100ml": rng.randint(80, 320),
                             "caused_accident": rng.random() < 0.3}
        elif crime == "intentional_injury":
            case["facts"] = {"injury": rng.choice(["light", "serious"]), "additional_light_injuries": rng.randint(0, 3)}
        elif crime == "traffic_accident":
            case["facts"] = {"deaths": 1, "responsibility": rng.choice(["full", "main"]),
                             "property_loss_yuan": rng.randint(0, 500_000)}
        else:
            case["facts"] = {"drug": rng.choice(["methamphetamine", "heroin"]),
                             "grams": rng.randint(1, 4000) / 100}
        circ = rng.sample(KINDS, rng.randint(0, 5))
        if rng.random() < 0.6:
            circ.append({"kind": "plea_leniency", "stage": rng.choice(STAGES)})
        if crime == "dangerous_driving":
            circ = [c for c in circ if c["kind"] != "attempt"]
        case["circumstances"] = circ
        try:
            sentence(case, check_law)
        except InputError:
            continue
        out.append(case)
    return out


def naive(case: dict[str, Any]) -> Fraction:
    """The baseline a spreadsheet would do: base × (1 - sum of ceilings), no law, no ranges, no trace."""
    base = Fraction(case.get("base_sentence_months") or 12)
    cut = Fraction(3, 10) * len(case.get("circumstances", []))
    return base * max(Fraction(0), 1 - cut)


def timed(fn: Any, cases: list[Any], rounds: int) -> tuple[float, float, list[float]]:
    """Run `fn` over the cases `rounds` times: (CPU seconds of this process, wall seconds, wall latencies).

    CPU time is what "per core" means on a shared machine: time the process was preempted by others is not
    counted. Latencies are wall-clock per call and include any preemption (hence a noisy p95 on a busy machine).
    """
    lat: list[float] = []
    c0, t0 = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for c in cases:
            s = time.perf_counter()
            fn(c)
            lat.append(time.perf_counter() - s)
    return time.process_time() - c0, time.perf_counter() - t0, lat


def _rate(r: float) -> str:
    return f"{r:>10,.0f}" if r >= 100 else f"{r:>10.2f}"


def best_of(n: int, run: Any) -> tuple[float, float, list[float]]:
    """The best of `n` runs of a measurement (`run(i)` → `timed(...)`): the one with the least CPU time per call."""
    runs: list[tuple[float, float, list[float]]] = [run(i) for i in range(max(1, n))]
    return min(runs, key=lambda r: r[0] / max(1, len(r[2])))


def report(label: str, cpu: float, wall: float, lat: list[float]) -> float:
    lat = sorted(lat)
    rate = len(lat) / cpu if cpu > 0 else float("inf")
    print(f"{label:<40} {_rate(rate)} /s per core (CPU time)   {_rate(len(lat) / wall)} /s wall   "
          f"median {statistics.median(lat) * 1e6:10.1f} µs   p95 {lat[int(len(lat) * 0.95)] * 1e6:10.1f} µs")
    return rate


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=400, help="distinct cases in the mixed set")
    ap.add_argument("--rounds", type=int, default=25, help="passes over the set in-process")
    ap.add_argument("--cli", type=int, default=20, help="CLI processes to start (0 to skip)")
    ap.add_argument("--new", type=int, default=4000, help="never-seen cases to compute once each (0 to skip)")
    ap.add_argument("--best", type=int, default=1, help="repeat each in-process measurement, report the best")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    law = load_law()
    cases = mixed_cases(args.n)
    crimes = sorted({c["crime"] for c in cases})
    print(f"mixed set: {len(cases)} cases ({', '.join(crimes)}; given bases and crime quantities), "
          f"{args.rounds} passes, one process, law loaded once")
    if args.profile:
        prof = cProfile.Profile()
        prof.enable()
        timed(lambda c: sentence(c, law), cases, 3)
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(30)
    # warm the per-view caches once, as a long-running server would be
    for c in cases:
        sentence(c, law)
    engine_rate = report("sentence() in-process",
                         *best_of(args.best, lambda _: timed(lambda c: sentence(c, law), cases, args.rounds)))
    if args.new:
        warm = new_cases(len(cases), 1)
        fresh = [new_cases(args.new, 2 + 1000 * i) for i in range(max(1, args.best))]
        for c in warm:
            sentence(c, law)
        report("sentence() in-process, every case new",
               *best_of(args.best, lambda i: timed(lambda c: sentence(c, law), fresh[i], 1)))
    parse_rate = report("baseline: input validation only",
                        *best_of(args.best, lambda _: timed(parse_case, cases, args.rounds)))
    naive_rate = report("baseline: naive base×(1-Σ ceilings)",
                        *best_of(args.best, lambda _: timed(naive, cases, args.rounds)))
    print(f"ratio: a full computation costs {parse_rate / engine_rate:.1f}x the input validation and "
          f"{naive_rate / engine_rate:.0f}x the naive formula")
    print(f"target ≥ 20,000 computations/s per core in-process: {'met' if engine_rate >= 20000 else 'NOT met'}"
          f"   (machine load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")
    if args.cli:
        exe = str(Path(sys.executable).with_name("pleaguard"))
        with tempfile.TemporaryDirectory() as tmp:
            files = []
            for i, c in enumerate(cases[: args.cli]):
                p = Path(tmp) / f"case{i}.json"
                p.write_text(json.dumps(c, ensure_ascii=False), encoding="utf-8")
                files.append(p)
            # child processes: CPU time of this process is meaningless, so rates are wall-clock here
            _, wall, lat = timed(lambda p: subprocess.run([exe, "sentence", str(p), "--json"], check=True,
                                                         stdout=subprocess.DEVNULL), files, 1)
            cli_rate = report("pleaguard sentence (process per call)", wall, wall, lat)  # CPU column = wall here
            _, wall, lat = timed(lambda p: subprocess.run([sys.executable, "-c", "pass"], check=True), files, 1)
            py_rate = report("baseline: python -c pass", wall, wall, lat)
            print(f"ratio: a CLI call costs {py_rate / cli_rate:.1f}x a bare interpreter start")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
