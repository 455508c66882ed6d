"""Several processes and threads appending to one case at once: no event is lost, each writer's events keep
their order, the numbering has no gap and the chain verifies (SQLite and PostgreSQL)."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import cases

from .helpers import sample_case
from .workers import meeting

CASE = "2024-刑-001"
WORKER = Path(__file__).with_name("workers.py")


def check_log(uow: SqlAlchemyUnitOfWork, writers: dict[str, int]) -> None:
    events = cases.timeline(uow, actor=None, case_id=CASE)
    by_seq = sorted(events, key=lambda e: e.seq)
    assert [e.seq for e in by_seq] == list(range(1, len(by_seq) + 1)), "gap in the numbering"
    assert len(by_seq) == 2 + sum(writers.values()), "an event was lost"
    for prefix, count in writers.items():
        mine = [e.event_id for e in by_seq if e.event_id.startswith(prefix + "-")]
        assert mine == [f"{prefix}-{i}" for i in range(count)], f"{prefix}'s events were lost or reordered"
    report = cases.verify(uow, actor=None, case_id=CASE)
    assert report.ok, report.to_dict()
    appended = [a for a in cases.audit_trail(uow, actor=None, case_id=CASE) if a.action == "add_event"]
    assert sorted(a.detail["seq"] for a in appended) == list(range(3, 3 + sum(writers.values())))


@pytest.mark.slow
def test_several_processes_appending_to_one_case_lose_and_reorder_nothing(uow: SqlAlchemyUnitOfWork,
                                                                          migrated_url: str) -> None:
    cases.create_case(uow, actor=None, case_file=sample_case(CASE))
    writers = {f"p{i}": 15 for i in range(4)}
    procs = [
        subprocess.Popen([sys.executable, str(WORKER), "append", migrated_url, CASE, prefix, str(n)],
                         stderr=subprocess.PIPE, text=True)
        for prefix, n in writers.items()
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
    check_log(uow, writers)


def test_several_threads_appending_to_one_case_lose_and_reorder_nothing(uow: SqlAlchemyUnitOfWork,
                                                                        migrated_url: str) -> None:
    cases.create_case(uow, actor=None, case_file=sample_case(CASE))
    writers = {f"t{i}": 10 for i in range(6)}
    engine = create_engine(migrated_url)
    errors: list[BaseException] = []
    start = threading.Barrier(len(writers))

    def run(prefix: str, count: int) -> None:
        mine = SqlAlchemyUnitOfWork(engine)
        start.wait()
        try:
            for i in range(count):
                cases.add_event(mine, actor=None, case_id=CASE, event=meeting(f"{prefix}-{i}", i))
        except BaseException as exc:  # reported below, in the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=item) for item in writers.items()]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    engine.dispose()
    assert not errors, errors
    check_log(uow, writers)
