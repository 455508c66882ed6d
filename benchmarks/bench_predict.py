"""Throughput of `pleaguard predict` on real fact texts, against the per-charge-median baseline in the same run.

Run: `.venv/bin/python -m benchmarks.bench_predict [--n N]`. Reads ../shared/data/cail2018/dev.jsonl (or
PLEAGUARD_SHARED_DATA); prints predictions per second, median and p95 latency of the full prediction (charges given,
quantities, circumstances, tiers, fitted model, explanation) and the same for a lookup of the train median term
of the charge (the baseline the evaluation compares against), with the ratio between the two.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from pleaguard.predict.data import Record, read_records
from pleaguard.predict.model import predict


def _data() -> Path:
    root = Path(os.environ.get("PLEAGUARD_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))
    return root / "cail2018" / "dev.jsonl"


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=2000)
    args = ap.parse_args()
    path = _data()
    if not path.exists():
        print(f"skipped: no data at {path}", file=sys.stderr)
        return 0
    records = [r for r in read_records(path) if isinstance(r, Record)][: args.n]
    medians: dict[tuple[str, ...], list[int]] = {}
    for r in records:
        if r.part == "train" and r.fixed_term:
            medians.setdefault(r.charges, []).append(r.months)
    table = {k: statistics.median(v) for k, v in medians.items()}
    predict(records[0].fact, list(records[0].charges))  # load the law and the fitted parameters once
    lat: list[float] = []
    t0 = time.perf_counter()
    for r in records:
        s = time.perf_counter()
        predict(r.fact, list(r.charges))
        lat.append(time.perf_counter() - s)
    model_s = time.perf_counter() - t0
    blat: list[float] = []
    t0 = time.perf_counter()
    for r in records:
        s = time.perf_counter()
        table.get(r.charges, 0)
        blat.append(time.perf_counter() - s)
    base_s = time.perf_counter() - t0
    lat.sort()
    blat.sort()
    n = len(records)
    print(f"records: {n} (CAIL2018 dev, charges given), one process")
    print(f"predict:  {n / model_s:,.0f} predictions/s   median {lat[n // 2] * 1e3:.2f} ms   "
          f"p95 {lat[int(n * 0.95)] * 1e3:.2f} ms")
    print(f"baseline (train median of the charge): {n / base_s:,.0f} lookups/s   median {blat[n // 2] * 1e6:.2f} µs")
    print(f"ratio: the reasoned prediction takes {base_s and model_s / base_s:,.0f}x the time of the median lookup")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
