"""Subprocess workers for the concurrency and crash tests (run as a script, not collected by pytest).

    python workers.py append URL CASE_ID PREFIX COUNT
        append COUNT meeting events with ids PREFIX-0 … PREFIX-{COUNT-1}, one transaction each
    python workers.py forever URL CASE_ID PREFIX
        append events until killed
    python workers.py hang-before-commit URL CASE_ID EVENT_ID READY_FILE
        start appending one event, write READY_FILE once the event row is inserted, then wait to be killed
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path
from typing import Any

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.services import cases

BASE = dt.datetime(2024, 9, 28, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))


def meeting(event_id: str, n: int) -> dict[str, Any]:
    at = BASE + dt.timedelta(seconds=n)
    return {"id": event_id, "type": "meeting", "at": at.isoformat(), "person": "s1", "lawyer": "dl1", "minutes": 5}


def main(argv: list[str]) -> None:
    mode, url, case_id = argv[0], argv[1], argv[2]
    uow = SqlAlchemyUnitOfWork(url)
    if mode == "append":
        prefix, count = argv[3], int(argv[4])
        for i in range(count):
            cases.add_event(uow, actor=None, case_id=case_id, event=meeting(f"{prefix}-{i}", i))
    elif mode == "forever":
        prefix = argv[3]
        i = 0
        while True:
            cases.add_event(uow, actor=None, case_id=case_id, event=meeting(f"{prefix}-{i}", i))
            i += 1
    elif mode == "hang-before-commit":
        event_id, ready = argv[3], Path(argv[4])

        def hang() -> None:
            ready.write_text("inserted, not committed")
            time.sleep(600)

        uow.commit = hang  # type: ignore[method-assign]
        cases.add_event(uow, actor=None, case_id=case_id, event=meeting(event_id, 0))
    else:
        raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv[1:])
