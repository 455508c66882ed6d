"""Load benchmark of the web application: uvicorn on loopback, driven from this process with asyncio (a minimal
keep-alive HTTP/1.1 client on asyncio streams, so that the driver takes little of the shared CPUs; httpx for setup).

    .venv/bin/python -m benchmarks.bench_web [--database URL] [--requests N] [--concurrency C] [--workers W]
                                             [--only SCENARIO ...] [--rates R ...]

The server runs in its own processes (`pleaguard serve --workers W`), on a fresh database:
a new PostgreSQL schema when PLEAGUARD_TEST_POSTGRES_URL or --database names a PostgreSQL server (the case-read
figures are meant for PostgreSQL), else a SQLite file. It is seeded with made-up cases and two users with API
tokens. Each scenario sends a bounded number of requests with C clients at a time and reports requests/s,
p50 and p99 latency, the ratio of its p50 to the baseline's (GET /healthz, measured in the same run), and the CPU
each request cost the server's processes and the local PostgreSQL server (these two hardly depend on what else
the machine is doing; latencies do).

Two ways of driving (see `drive`): closed loop (default: every client sends its next request the moment the
previous one is answered, i.e. the server saturated) and, with `--rates`, open loop at fixed request rates with the
same C connections (latency counted from when each request was due): the latency a lawyer sees at that load.

    healthz            baseline: no database, no session
    sentence           POST /api/v1/sentence (the sentencing engine)             target p99 < 50 ms
    case_api           GET /api/v1/cases/{id} (case, derived state, findings)    target p99 < 100 ms
    case_page          GET /cases/{id} (the lawyer's case page, HTML)            target p99 < 100 ms

    case_page_cold     GET /cases/{id}, each of --cold-cases cases read once: nothing of the case is cached
    case_mixed         an office's mix: 9 case reads (API) to 1 event added (POST /api/v1/cases/{id}/events);
                       reported with the p99 of the reads and of the writes apart

Every case read is audited (a write), as in production. Case reads cycle over the seeded cases, so after the first
read of each case its log and evaluation come from the per-process read caches (`pleaguard.services.read_cache`,
keyed on the log's head hash) and the case page's case-only parts from `pleaguard.web.case_fragments`; the
access check and the audit entry (committed, in a group commit with other reads, before the answer) still cost
every request. `case_page_cold` shows the other end: every read is the first of its case in the server, so the
log is read, the case evaluated and the page rendered in full (as after an event is added).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import itertools
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from pleaguard import migrations
from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import accounts, cases
from pleaguard.web.demo import demo_cases

SENTENCE = {
    "crime": "theft",
    "offense_date": "2024-03-01",
    "facts": {"amount_yuan": 8000},
    "circumstances": [{"kind": "confession"}, {"kind": "plea_leniency", "stage": "prosecution_review"}],
}
PASSWORD = "bench-password-1"
RESULTS = Path(__file__).resolve().parent / "results"


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: int | str) -> tuple[str, float] | None:
    """A process's name and the CPU seconds (user + system) it has used so far, from /proc (None when gone)."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, rest = text.split("(", 1)[1].rsplit(")", 1)
    fields = rest.split()
    return name, (int(fields[11]) + int(fields[12])) / _TICK


def process_tree_cpu(pid: int) -> float:
    """CPU seconds used so far by a process and its live children (Linux /proc; 0 elsewhere).
    The server's CPU per request, unlike its latency, hardly depends on what else the machine is doing."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        stat = _stat(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        if stat is not None:
            total += stat[1]
        pending.extend(int(c) for c in children)
    return total


def postgres_cpu() -> dict[int, float]:
    """CPU seconds used so far by each process of the local PostgreSQL server (empty when there is none, or not
    Linux): the database's share of a request's cost, which the server's own figure leaves out."""
    found: dict[int, float] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        stat = _stat(entry.name)
        if stat is not None and stat[0].startswith("postgres"):
            found[int(entry.name)] = stat[1]
    return found


def cpu_since(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds spent between two `postgres_cpu` readings (processes that ended in between are not counted)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_database(url: str | None) -> tuple[str, Any]:
    """A migrated, empty database, and a cleanup function."""
    if url and url.startswith("postgresql"):
        schema = f"bench_{uuid.uuid4().hex[:12]}"
        admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        target = make_url(url).update_query_dict({"options": f"-csearch_path={schema}"})
        rendered = target.render_as_string(hide_password=False)

        def drop() -> None:
            with admin.connect() as conn:
                conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            admin.dispose()

        migrations.upgrade(rendered)
        return rendered, drop
    folder = Path(tempfile.mkdtemp(prefix="pleaguard-bench-"))
    sqlite_url = f"sqlite:///{folder / 'bench.db'}"
    migrations.upgrade(sqlite_url)
    return sqlite_url, lambda: None


def seed(url: str, extra_cases: int, cold_cases: int = 0) -> tuple[str, str, list[str], list[str]]:
    """Made-up cases (the demo's, plus copies), a lawyer assigned to all; returns (token, password, case ids,
    ids of the `cold_cases` further cases that only `case_page_cold` reads)."""
    engine = create_engine(url)
    uow = SqlAlchemyUnitOfWork(engine)
    ids: list[str] = []
    base = demo_cases(dt.date.today())
    for i in range(extra_cases + cold_cases):
        template = json.loads(json.dumps(base[i % len(base)]))
        template["case_id"] = f"BENCH-{i:05d}"
        ids.append(cases.create_case(uow, actor=None, case_file=template).case_id)
    lawyer = accounts.create_user(uow, actor=None, username="bench", password=PASSWORD, role="lawyer")
    for case_id in ids:
        accounts.assign(uow, actor=None, case_id=case_id, username="bench")
    token = accounts.issue_token(uow, actor=lawyer, name="bench")[0]
    engine.dispose()
    return token, PASSWORD, ids[:extra_cases], ids[extra_cases:]


def start_server(url: str, port: int, workers: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PLEAGUARD_DATABASE_URL": url,
        "PLEAGUARD_MODE": "test",
        "PLEAGUARD_SECRET_KEY": "bench-" + "k" * 40,
    }
    cmd = [
        sys.executable,
        "-c",
        "from pleaguard.cli import main; main()",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    proc = subprocess.Popen(cmd, env=env)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("the server did not start")


class Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams: a deliberately small client, so that the driver
    spends as little as possible of the shared CPUs (httpx is used for the setup only)."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, headers: dict[str, str], body: bytes) -> int:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        lines = [
            f"{method} {quote(path, safe='/?=&%')} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(body)}",
            *(f"{k}: {v}" for k, v in headers.items()),
        ]
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        head = (await self.reader.readuntil(b"\r\n\r\n")).decode("latin-1")
        status = int(head.split(" ", 2)[1])
        match = re.search(r"(?im)^content-length:\s*(\d+)", head)
        await self.reader.readexactly(int(match.group(1)) if match else 0)
        if re.search(r"(?im)^connection:\s*close", head):
            self.writer.close()
            self.reader = self.writer = None
        return status

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def drive(
    host: str, port: int, make: Any, requests: int, concurrency: int, rate: float | None = None
) -> dict[str, Any]:
    """Send `requests` requests over `concurrency` connections; latency of each, wall time of all.

    Closed loop (`rate` None): each connection sends its next request as soon as the previous one is answered,
    so the server is saturated and latency is mostly queueing (about concurrency / throughput).
    Open loop (`rate` requests/s): request i is due at start + i / rate, whatever the server does; a free
    connection takes the next due request, and its latency counts from when it was due, so time spent waiting
    for a connection is included (no coordinated omission)."""
    latencies: list[float] = []
    by_method: dict[str, list[float]] = {}
    failures = 0
    counter = iter(range(requests))
    start = time.perf_counter()

    async def worker() -> None:
        nonlocal failures
        conn = Connection(host, port)
        try:
            for i in counter:
                method, path, headers, body = make(i)
                if rate is None:
                    t0 = time.perf_counter()
                else:
                    t0 = start + i / rate
                    delay = t0 - time.perf_counter()
                    if delay > 0:
                        await asyncio.sleep(delay)
                try:
                    status = await conn.request(method, path, headers, body)
                except (OSError, asyncio.IncompleteReadError, ValueError):
                    failures += 1  # counted, and its time too: a dropped connection is a slow answer
                    conn.close()
                    conn = Connection(host, port)
                    latencies.append(time.perf_counter() - t0)
                    continue
                latencies.append(time.perf_counter() - t0)
                by_method.setdefault(method, []).append(latencies[-1])
                if status >= 400:
                    failures += 1
        finally:
            conn.close()

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall = time.perf_counter() - start
    latencies.sort()
    out: dict[str, Any] = {
        "requests": len(latencies),
        "failures": failures,
        "rps": len(latencies) / wall,
        "p50_ms": statistics.median(latencies) * 1000,
        "p99_ms": p99(latencies) * 1000,
    }
    if len(by_method) > 1:
        out["p99_ms_by_method"] = {m: p99(sorted(v)) * 1000 for m, v in sorted(by_method.items())}
    return out


def p99(ordered: list[float]) -> float:
    return ordered[max(0, int(len(ordered) * 0.99) - 1)]


async def page_cookies(base: str, password: str) -> httpx.Cookies:
    async with httpx.AsyncClient(base_url=base, follow_redirects=False) as c:
        page = await c.get("/login")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
        assert token is not None
        r = await c.post("/login", data={"csrf_token": token.group(1), "username": "bench", "password": password})
        assert r.status_code == 303, r.text[:300]
        return c.cookies


async def run(
    server_pid: int,
    port: int,
    token: str,
    password: str,
    ids: list[str],
    cold_ids: list[str],
    requests: int,
    concurrency: int,
    only: list[str] | None = None,
    rates: list[float] | None = None,
) -> dict[str, dict[str, Any]]:
    host = "127.0.0.1"
    auth = {"Authorization": f"Bearer {token}"}
    cookies = await page_cookies(f"http://{host}:{port}", password)
    cookie = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
    body = json.dumps(SENTENCE).encode()
    post = {**auth, "Content-Type": "application/json"}
    scenarios = {
        "healthz": lambda i: ("GET", "/healthz", {}, b""),
        "sentence": lambda i: ("POST", "/api/v1/sentence", post, body),
        "case_api": lambda i: ("GET", f"/api/v1/cases/{ids[i % len(ids)]}", auth, b""),
        "case_page": lambda i: ("GET", f"/cases/{ids[i % len(ids)]}", cookie, b""),
    }
    if cold_ids:
        scenarios["case_page_cold"] = lambda i: ("GET", f"/cases/{cold_ids[i]}", cookie, b"")
    # Cases made from the first demo case have a defender "l1" to meet the suspect "s1".
    with_defender = ids[::3]
    yesterday = (dt.datetime.now(dt.UTC) - dt.timedelta(days=1)).strftime("%Y-%m-%dT10:00:00+08:00")
    event_numbers = itertools.count()

    def mixed(i: int) -> tuple[str, str, dict[str, str], bytes]:
        if i % 10:
            return "GET", f"/api/v1/cases/{ids[i % len(ids)]}", auth, b""
        event = {"id": f"bench-{next(event_numbers)}", "type": "meeting", "at": yesterday, "person": "s1",
                 "lawyer": "l1", "minutes": 15}
        return "POST", f"/api/v1/cases/{with_defender[i % len(with_defender)]}/events", post, json.dumps(event).encode()

    scenarios["case_mixed"] = mixed
    out: dict[str, dict[str, Any]] = {}
    for name, make in scenarios.items():
        if only and name not in only and name != "healthz":
            continue
        if name == "case_page_cold":  # each case once, closed loop only; the warm-up was case_page's
            cpu, db_cpu = process_tree_cpu(server_pid), postgres_cpu()
            result = await drive(host, port, make, len(cold_ids), concurrency)
            result["server_cpu_ms"] = (process_tree_cpu(server_pid) - cpu) * 1000 / len(cold_ids)
            result["db_cpu_ms"] = cpu_since(db_cpu, postgres_cpu()) * 1000 / len(cold_ids)
            result["offered"] = "closed"
            out[name] = result
            continue
        await drive(host, port, make, min(requests, 100), concurrency)  # warm-up, not measured
        for rate in [None, *(rates or [])] if name != "healthz" else [None]:
            cpu, db_cpu = process_tree_cpu(server_pid), postgres_cpu()
            result = await drive(host, port, make, requests, concurrency, rate)
            result["server_cpu_ms"] = (process_tree_cpu(server_pid) - cpu) * 1000 / requests
            result["db_cpu_ms"] = cpu_since(db_cpu, postgres_cpu()) * 1000 / requests
            result["offered"] = "closed" if rate is None else f"{rate:g}/s"
            out[name if rate is None else f"{name}@{rate:g}"] = result
    return out


def run_loop(coro: Any) -> Any:
    """Run the driver on uvloop where installed (a lighter driver leaves more of the shared CPUs to the server)."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    return uvloop.run(coro)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default=os.environ.get("PLEAGUARD_TEST_POSTGRES_URL"))
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cases", type=int, default=30)
    parser.add_argument(
        "--cold-cases",
        type=int,
        default=1000,
        help="cases that case_page_cold reads once each (seeded before the server starts; 0: no such scenario)",
    )
    parser.add_argument("--only", nargs="*", help="scenarios to run besides the baseline (default: all)")
    parser.add_argument(
        "--rates",
        nargs="*",
        type=float,
        help="also drive each scenario open-loop at these request rates (requests/s), same concurrency",
    )
    args = parser.parse_args(argv)
    url, cleanup = fresh_database(args.database)
    backend = make_url(url).get_backend_name()
    try:
        cold = args.cold_cases if not args.only or "case_page_cold" in args.only else 0
        token, password, ids, cold_ids = seed(url, args.cases, cold)
        port = free_port()
        server = start_server(url, port, args.workers)
        try:
            results = run_loop(
                run(
                    server.pid,
                    port,
                    token,
                    password,
                    ids,
                    cold_ids,
                    args.requests,
                    args.concurrency,
                    args.only,
                    args.rates,
                )
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        cleanup()
    base = results["healthz"]["p50_ms"]
    print(
        f"database={backend} workers={args.workers} concurrency={args.concurrency} requests={args.requests} "
        f"cases={len(ids)} cpus={os.cpu_count()}"
    )
    print(
        f"{'scenario':<16} {'offered':>8} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'p50/baseline':>13} "
        f"{'cpu ms/req':>11} {'db cpu ms':>10} {'failures':>8}"
    )
    for name, r in results.items():
        print(
            f"{name:<16} {r['offered']:>8} {r['rps']:>8.1f} {r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} "
            f"{r['p50_ms'] / base:>13.1f} {r['server_cpu_ms']:>11.2f} {r['db_cpu_ms']:>10.2f} {r['failures']:>8}"
        )
        if "p99_ms_by_method" in r:
            print(f"{'':<16} p99 by method: " + ", ".join(f"{m} {v:.1f} ms" for m, v in r["p99_ms_by_method"].items()))
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    (RESULTS / f"web-{stamp}.json").write_text(
        json.dumps({"args": vars(args) | {"database": backend}, "results": results}, indent=2)
    )


if __name__ == "__main__":
    main()
