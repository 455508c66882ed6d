"""Benchmark: the case record on SQLite and PostgreSQL: appending events, bulk import, and reading a case with
its derived state and checks, for 30-event cases and a long log (cold: the read caches emptied before each read;
cached: the same case read again).

Run from the repository root:

    .venv/bin/python -m benchmarks.bench_case_log [--cases 200] [--appends 300] [--long-events 300]
                                                   [--postgres URL | --postgres none]

Scale as in the issue (10,000 cases x 30 events): `--cases 10000`. PostgreSQL is used when --postgres or
PLEAGUARD_TEST_POSTGRES_URL names a reachable server; the benchmark works in a schema of its own and drops it.

Baseline, measured in the same run on the same database: a bare INSERT of one precomputed event row per
transaction (no validation, no lock, no hash, no audit entry). The ratio says what the append path costs on top
of the database's own commit.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from benchmarks.bench_checks import thirty_event_case
from pleaguard import migrations
from pleaguard.adapters.db import orm
from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import cases, read_cache
from pleaguard.services.chain import event_hash

AS_OF = dt.datetime(2024, 10, 20, 12, tzinfo=dt.UTC)


def case_file(case_id: str, extra_meetings: int = 0) -> dict[str, Any]:
    data = copy.deepcopy(thirty_event_case())
    data["case_id"] = case_id
    last = dt.datetime.fromisoformat(data["events"][-1]["at"])
    for i in range(extra_meetings):
        at = last + dt.timedelta(hours=i + 1)
        data["events"].append({"id": f"m{i:04d}", "type": "meeting", "at": at.isoformat(), "person": "s1",
                               "lawyer": "df1", "minutes": 10})
    return data


def cold_read(uow: SqlAlchemyUnitOfWork, case_id: str) -> None:
    """A read that finds nothing in the read caches."""
    read_cache.clear()
    cases.get_case(uow, actor=None, case_id=case_id, as_of=AS_OF)


def stats(name: str, samples: list[float], unit: str = "event") -> float:
    med = statistics.median(samples)
    p99 = sorted(samples)[max(0, int(len(samples) * 0.99) - 1)]
    total = sum(samples)
    print(f"  {name:<44} p50 {med * 1e3:8.2f} ms  p99 {p99 * 1e3:8.2f} ms  {len(samples) / total:9.1f} {unit}/s")
    return med


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


@contextmanager
def database(kind: str, pg_url: str | None) -> Iterator[str]:
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / 'bench.db'}"
        return
    assert pg_url is not None
    schema = f"bench_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
    try:
        yield make_url(pg_url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
            hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
        admin.dispose()


def baseline_inserts(engine: sa.Engine, uow: SqlAlchemyUnitOfWork, count: int) -> list[float]:
    """Bare INSERTs of precomputed rows, one transaction each, into a case of their own."""
    cases.create_case(uow, actor=None, case_file={**case_file("BASELINE"), "events": []})
    with engine.connect() as conn:
        case_pk = conn.execute(sa.select(orm.cases.c.id).where(orm.cases.c.case_id == "BASELINE")).scalar_one()
    template = case_file("X")["events"][4]
    now = dt.datetime.now(dt.UTC)
    samples = []
    prev = "0" * 64
    warmup = 10
    for seq in range(1, count + warmup + 1):
        payload = {**template, "id": f"b{seq}"}
        h = event_hash("BASELINE", seq, payload, prev)
        row = {"case_pk": case_pk, "seq": seq, "event_id": payload["id"], "type": payload["type"],
               "at": dt.datetime.fromisoformat(payload["at"]).astimezone(dt.UTC), "payload": payload,
               "recorded_at": now, "recorded_by": "bench", "prev_hash": prev, "hash": h}
        prev = h

        def insert(row: dict[str, Any] = row) -> None:
            with engine.begin() as conn:
                conn.execute(sa.insert(orm.case_events), row)

        took = timed(insert)
        if seq > warmup:
            samples.append(took)
    return samples


def run_backend(kind: str, url: str, args: argparse.Namespace) -> dict[str, float]:
    migrations.upgrade(url)
    engine = create_engine(url)
    uow = SqlAlchemyUnitOfWork(engine)
    out: dict[str, float] = {}
    print(f"\n[{kind}]")

    base = baseline_inserts(engine, uow, args.appends)
    out["baseline"] = stats("baseline: bare INSERT, 1 row per transaction", base)

    # Appends through the service: each a transaction with lock, validation of the log, hash and audit entry.
    cases.create_case(uow, actor=None, case_file=case_file("WARMUP"))
    samples: list[float] = []
    n_cases = max(1, args.appends // 30)
    for c in range(n_cases):
        full = case_file(f"APPEND-{c}")
        cases.create_case(uow, actor=None, case_file={**full, "events": []})
        for ev in full["events"]:
            if len(samples) >= args.appends:
                break
            samples.append(timed(lambda ev=ev, c=c: cases.add_event(uow, actor=None, case_id=f"APPEND-{c}",
                                                                     event=ev)))
    out["append"] = stats("add_event (validate + lock + hash + audit)", samples)
    print(f"  ratio add_event / baseline (p50): {out['append'] / out['baseline']:.2f}x")

    # Bulk: whole case files imported in one transaction each.
    per_case = []
    for c in range(args.cases):
        data = case_file(f"BULK-{c:05d}")
        per_case.append(timed(lambda data=data: cases.import_case(uow, actor=None, case_file=data)))
    total = sum(per_case)
    events = 30 * args.cases
    print(f"  {'import_case (30 events, 1 transaction)':<44} p50 {statistics.median(per_case) * 1e3:8.2f} ms"
          f"  {args.cases / total:9.1f} cases/s  {events / total:9.1f} events/s  ({args.cases} cases)")
    out["import_events_per_s"] = events / total
    if args.analyze and engine.dialect.name == "postgresql":
        # Fresh planner statistics after the bulk load (autovacuum would do this a little later on its own).
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("ANALYZE")

    # Reads of a 30-event case and of a long log (after one untimed read that loads the law and calendar).
    # "cold": the read caches emptied before each read (load, validate and evaluate the log every time, as a
    # first read after a new event does); "cached": the same case read again (access check, audit entry and
    # commit still happen on every read).
    cases.get_case(uow, actor=None, case_id="BULK-00000", as_of=AS_OF)
    reads = [timed(lambda: cold_read(uow, "BULK-00000")) for _ in range(args.reads)]
    out["read30"] = stats("get_case 30 events + state + all checks, cold", reads, "read")
    warm = [timed(lambda: cases.get_case(uow, actor=None, case_id="BULK-00000", as_of=AS_OF))
            for _ in range(args.reads)]
    out["read30_cached"] = stats("get_case 30 events, cached", warm, "read")
    print(f"  {'cold / cached (p50)':<44} {out['read30'] / out['read30_cached']:8.1f} x")
    plain = [timed(lambda: cases.get_case(uow, actor=None, case_id="BULK-00000", evaluate=False))
             for _ in range(args.reads)]
    out["read30_plain"] = stats("get_case 30 events, no evaluation", plain, "read")
    verify = [timed(lambda: cases.verify(uow, actor=None, case_id="BULK-00000")) for _ in range(args.reads)]
    stats("verify 30 events", verify, "verify")
    long_id = "LONG"
    cases.import_case(uow, actor=None, case_file=case_file(long_id, args.long_events - 30))
    n_long = args.long_events
    long_reads = [timed(lambda: cold_read(uow, long_id)) for _ in range(max(5, args.reads // 5))]
    out["read_long"] = stats(f"get_case {n_long} events + state + all checks, cold", long_reads, "read")
    long_warm = [timed(lambda: cases.get_case(uow, actor=None, case_id=long_id, as_of=AS_OF))
                 for _ in range(max(5, args.reads // 5))]
    out["read_long_cached"] = stats(f"get_case {n_long} events, cached", long_warm, "read")
    long_verify = [timed(lambda: cases.verify(uow, actor=None, case_id=long_id))
                   for _ in range(max(5, args.reads // 5))]
    stats(f"verify {n_long} events", long_verify, "verify")
    engine.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--cases", type=int, default=200, help="cases imported in bulk (issue scale: 10000)")
    parser.add_argument("--appends", type=int, default=300, help="single add_event calls timed")
    parser.add_argument("--reads", type=int, default=50, help="timed reads of a case")
    parser.add_argument("--long-events", type=int, default=300, help="length of the long log")
    parser.add_argument("--no-analyze", dest="analyze", action="store_false",
                        help="do not ANALYZE PostgreSQL after the bulk load")
    parser.add_argument("--postgres", default=os.environ.get("PLEAGUARD_TEST_POSTGRES_URL"),
                        help="PostgreSQL URL, or 'none' to skip")
    args, _unknown = parser.parse_known_args()
    print(f"case-log benchmark: {args.cases} cases x 30 events bulk, {args.appends} single appends, "
          f"long log {args.long_events} events")
    backends = [("sqlite", None)]
    if args.postgres and args.postgres != "none":
        try:
            probe = sa.create_engine(args.postgres)
            with probe.connect():
                pass
            probe.dispose()
            backends.append(("postgresql", args.postgres))
        except sa.exc.OperationalError as exc:
            print(f"PostgreSQL not reachable, skipped: {exc.orig}")
    results = {}
    for kind, pg in backends:
        with database(kind, pg) as url:
            results[kind] = run_backend(kind, url, args)
    read = results["sqlite"]["read30"]
    print(f"\nget_case of a 30-event case with all checks (SQLite p50): {read * 1e3:.2f} ms")


if __name__ == "__main__":
    main()
