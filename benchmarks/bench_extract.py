"""Throughput of judgment extraction on full judgments, and the speed-up of 2 Dask workers against 1.

Run: `.venv/bin/python -m benchmarks.bench_extract [--dask-copies K] [--no-dask]`. Reads the full texts of
../shared/data/judge/dev.jsonl (`fd`) and traffic/dev.jsonl (`full_text`) (or PLEAGUARD_SHARED_DATA).

1. One core: every text is extracted once (new texts, no repetition; 20 other texts warm up first). Prints
   judgments per second by wall clock and by this process's CPU time (the machine may be shared), median and p95
   latency, and the baseline measured in the same run: reading the same records with `json.loads` only.
2. Dask: the corpus (the texts repeated `--dask-copies` times) is run through `pleaguard judgments extract` on a
   LocalCluster of 1 worker process, then of 2, and single-process; wall times exclude cluster start-up. The
   outputs are checked to be identical.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path


def _root() -> Path:
    return Path(os.environ.get("PLEAGUARD_SHARED_DATA", Path(__file__).resolve().parents[2] / "shared" / "data"))


def _lines() -> list[bytes]:
    out: list[bytes] = []
    for rel in ("judge/dev.jsonl", "traffic/dev.jsonl"):
        p = _root() / rel
        if p.exists():
            out.extend(line for line in p.read_bytes().splitlines() if line.strip())
    return out


def one_core(lines: list[bytes]) -> None:
    from pleaguard.judgments.extract import extract

    t0 = time.perf_counter()
    records = [json.loads(line) for line in lines]
    parse_s = time.perf_counter() - t0
    texts = [r.get("fd") or r.get("full_text") or "" for r in records]
    warm, texts = texts[:20], texts[20:]
    for t in warm:
        extract(t)
    lat: list[float] = []
    c0 = time.process_time()
    w0 = time.perf_counter()
    for t in texts:
        s = time.perf_counter()
        extract(t)
        lat.append(time.perf_counter() - s)
    wall = time.perf_counter() - w0
    cpu = time.process_time() - c0
    lat.sort()
    n = len(texts)
    chars = sum(map(len, texts)) / n
    print(f"texts: {n} full judgments (JuDGE fd + traffic full_text), mean {chars:,.0f} characters, one process")
    print(f"extract:  {n / wall:,.0f} judgments/s wall   {n / cpu:,.0f} judgments/s CPU   "
          f"median {statistics.median(lat) * 1e3:.3f} ms   p95 {lat[int(n * 0.95)] * 1e3:.3f} ms")
    print(f"baseline (json.loads of the same lines): {len(lines) / parse_s:,.0f} records/s; "
          f"extraction costs {(wall / n) / (parse_s / len(lines)):.1f}x the parse")
    print(f"target 2,500 judgments/s on one core: {'met' if n / cpu >= 2500 else 'NOT met'} (CPU time)")


def dask_speedup(lines: list[bytes], copies: int) -> None:
    from pleaguard.judgments.dask_runner import dask_client, ordered_map
    from pleaguard.judgments.pipeline import run

    with tempfile.TemporaryDirectory() as d:
        src = Path(d) / "corpus.jsonl"
        with open(src, "wb") as fh:
            for _ in range(copies):
                for line in lines:
                    fh.write(line + b"\n")
        n = len(lines) * copies
        t0 = time.perf_counter()
        run(src, Path(d) / "single.jsonl", progress=False)
        single = time.perf_counter() - t0
        times: dict[int, float] = {}
        for workers in (1, 2):
            with dask_client("local", workers) as client:
                client.submit(sum, [1]).result()  # the cluster is up
                t0 = time.perf_counter()
                run(src, Path(d) / f"dask{workers}.jsonl", progress=False, chunk_lines=250,
                    map_batches=ordered_map(client, None, in_flight=4 * workers))
                times[workers] = time.perf_counter() - t0
        same = all((Path(d) / f"dask{w}.jsonl").read_bytes() == (Path(d) / "single.jsonl").read_bytes()
                   for w in (1, 2))
    print(f"dask corpus: {n} judgments ({copies} copies), cores on this machine: {os.cpu_count()}")
    print(f"single process: {n / single:,.0f} judgments/s ({single:.1f} s)")
    print(f"dask 1 worker:  {n / times[1]:,.0f} judgments/s ({times[1]:.1f} s)")
    print(f"dask 2 workers: {n / times[2]:,.0f} judgments/s ({times[2]:.1f} s)   "
          f"speed-up 2 vs 1: {times[1] / times[2]:.2f}x")
    print(f"outputs identical to the single-process run: {same}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dask-copies", type=int, default=3)
    ap.add_argument("--no-dask", action="store_true")
    args = ap.parse_args()
    lines = _lines()
    if not lines:
        print(f"skipped: no data at {_root()}", file=sys.stderr)
        return 0
    one_core(lines)
    if not args.no_dask:
        dask_speedup(lines, args.dask_copies)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
