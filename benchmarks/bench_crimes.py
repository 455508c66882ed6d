"""Steps 1-2 alone (`crimes.base_sentence`): throughput and latency, cold (every input new) and warm (a fixed mix).

Run: `.venv/bin/python -m benchmarks.bench_crimes [--seconds N]`. The law is loaded once before timing. The
baseline measured in the same run is the cold path (the memo cleared before every call); the warm figure is a
fixed mix of 300 cases over three law views (two dates, one with a province) computed repeatedly.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from pleaguard.rules.parameters import LawAt, load_law
from pleaguard.rules.sentencing import crimes

Case = tuple[str, dict[str, Any], LawAt]


def _cases(rng: random.Random, views: list[LawAt], n: int) -> list[Case]:
    makers: list[Callable[[], tuple[str, dict[str, Any]]]] = [
        lambda: ("theft", {"amount_yuan": rng.randint(3000, 400000)}),
        lambda: ("theft", {"thefts_in_two_years": rng.randint(3, 8), "pickpocketing": rng.random() < 0.5}),
        lambda: ("fraud", {"amount_yuan": rng.randint(10000, 900000)}),
        lambda: ("dangerous_driving", {"conduct": "drunk_driving"}),
        lambda: (
            "intentional_injury",
            {"injury": rng.choice(["light", "serious"]), "additional_light_injuries": rng.randint(0, 3)},
        ),
        lambda: ("traffic_accident", {"deaths": rng.randint(1, 3), "fled": rng.random() < 0.3}),
        lambda: ("robbery", {"robberies": rng.randint(1, 4)}),
        lambda: ("drug_trafficking", {"drug": "methamphetamine", "grams": rng.randint(1, 60)}),
        lambda: ("provocation", {"incidents": rng.randint(1, 3)}),
        lambda: ("affray", {"fights": rng.randint(1, 4)}),
    ]
    out = []
    for _ in range(n):
        crime, facts = rng.choice(makers)()
        out.append((crime, facts, rng.choice(views)))
    return out


def _run(cases: list[Case], seconds: float, clear: bool) -> tuple[int, float, float, list[float]]:
    """Calls, wall seconds, CPU seconds of this process (immune to other load on the machine), latencies."""
    lat: list[float] = []
    n = 0
    start = time.perf_counter()
    cpu0 = time.process_time()
    while time.perf_counter() - start < seconds:
        for crime, facts, view in cases:
            if clear:
                crimes._results.clear()
            t = time.perf_counter()
            crimes.base_sentence(crime, facts, view)
            lat.append(time.perf_counter() - t)
            n += 1
    return n, time.perf_counter() - start, time.process_time() - cpu0, lat


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seconds", type=float, default=2.0)
    args, _ = ap.parse_known_args()
    law = load_law()
    views = [law.at(dt.date(2019, 5, 1)), law.at(dt.date(2023, 5, 1)), law.at(dt.date(2019, 5, 1), "zhejiang")]
    rng = random.Random(20261126)
    mix = _cases(rng, views, 300)
    for crime, facts, view in mix:  # compile the per-crime tables once (law loaded once)
        crimes.base_sentence(crime, facts, view)
    results = {}
    for label, clear in (("cold (baseline: memo cleared before each call)", True), ("warm (fixed mix, memo)", False)):
        n, el, cpu, lat = _run(mix, args.seconds, clear)
        lat.sort()
        results[label] = n / el
        print(
            f"{label}: {n / el:,.0f} base sentences/s wall, {n / cpu:,.0f}/s per CPU second; latency median "
            f"{statistics.median(lat) * 1e6:.1f} µs, p99 {lat[int(len(lat) * 0.99)] * 1e6:.1f} µs ({n} calls)"
        )
    cold, warm = results.values()
    print(f"warm / cold ratio: {warm / cold:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
