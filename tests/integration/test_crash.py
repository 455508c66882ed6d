"""A writer killed with SIGKILL, mid-transaction or at a random moment, leaves a consistent log that verifies,
keeps every committed event, and does not block the next writer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import cases

from .helpers import sample_case
from .workers import meeting

CASE = "2024-刑-001"
WORKER = Path(__file__).with_name("workers.py")


def wait_for(predicate: object, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():  # type: ignore[operator]
            return
        time.sleep(0.02)
    raise AssertionError("timed out")


def event_count(url: str) -> int:
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(sa.text("SELECT count(*) FROM case_events")).scalar_one())
    finally:
        engine.dispose()


def test_a_writer_killed_before_commit_leaves_no_trace_and_no_lock(uow: SqlAlchemyUnitOfWork, migrated_url: str,
                                                                   tmp_path: Path) -> None:
    cases.create_case(uow, actor=None, case_file=sample_case(CASE))
    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, str(WORKER), "hang-before-commit", migrated_url, CASE, "ghost",
                             str(ready)])
    try:
        wait_for(ready.exists)
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    assert "ghost" not in [e.event_id for e in cases.timeline(uow, actor=None, case_id=CASE)]
    stored = cases.add_event(uow, actor=None, case_id=CASE, event=meeting("after", 1))
    assert stored.seq == 3
    assert cases.verify(uow, actor=None, case_id=CASE).ok


@pytest.mark.slow
def test_writers_killed_at_random_moments_leave_a_verifiable_log(uow: SqlAlchemyUnitOfWork,
                                                                 migrated_url: str) -> None:
    cases.create_case(uow, actor=None, case_file=sample_case(CASE))
    for round_no, delay in enumerate((0.15, 0.4, 0.7)):
        before = event_count(migrated_url)
        proc = subprocess.Popen([sys.executable, str(WORKER), "forever", migrated_url, CASE, f"r{round_no}"],
                                stderr=subprocess.DEVNULL)
        wait_for(lambda before=before: event_count(migrated_url) >= before + 3)
        time.sleep(delay)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        report = cases.verify(uow, actor=None, case_id=CASE)
        assert report.ok, report.to_dict()
    events = cases.timeline(uow, actor=None, case_id=CASE)
    appended = [a for a in cases.audit_trail(uow, actor=None, case_id=CASE) if a.action == "add_event"]
    assert len(appended) == len(events) - 2, "an event without its audit entry, or the reverse"
    for r in range(3):
        mine = sorted((e for e in events if e.event_id.startswith(f"r{r}-")), key=lambda e: e.seq)
        assert [e.event_id for e in mine] == [f"r{r}-{i}" for i in range(len(mine))]
