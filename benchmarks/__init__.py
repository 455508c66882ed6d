"""Benchmarks, run on demand (never in the test suite): `python -m benchmarks` runs them all,
`python -m benchmarks.bench_<name>` one. Each prints throughput, latency and a ratio against a baseline
measured in the same run."""
