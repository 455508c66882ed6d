"""Which case needs the lawyer first: the order of "my cases".

    group 0   a missed deadline, or a violation among the findings
    group 1   an open deadline due within SOON_DAYS days
    group 2   a risk among the findings
    group 3   an open deadline further away
    group 4   nothing open

Within a group, the nearest deadline first, then the case id. The day is the day in China on which the deadlines
were computed (never the clock of the machine that sorts).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

#: Deadline statuses that still ask something of the lawyer.
OPEN_STATUSES = ("open", "extension_needed", "missed")
SOON_DAYS = 7
NO_DEADLINE = "9999-12-31"


def first_open_deadline(deadlines: Any) -> dict[str, Any] | None:
    """The open deadline due first (an extended one by its extended date), or None."""
    open_ones = [d for d in deadlines or [] if isinstance(d, dict) and d.get("status") in OPEN_STATUSES]
    return min(open_ones, key=lambda d: str(d.get("extended_due") or d.get("due"))) if open_ones else None


def finding_counts(findings: Any) -> dict[str, int]:
    """How many findings of each severity."""
    out = {"violation": 0, "risk": 0, "info": 0}
    for f in findings or []:
        if isinstance(f, dict) and f.get("severity") in out:
            out[str(f["severity"])] += 1
    return out


def due_soon(deadline: dict[str, Any] | None, today: dt.date) -> bool:
    return bool(deadline and str(deadline.get("due")) <= (today + dt.timedelta(days=SOON_DAYS)).isoformat())


def urgency_key(case_id: str, findings: Any, deadlines: Any, today: dt.date) -> tuple[int, str, str]:
    """The sort key of a case (module docstring)."""
    return (*rank(findings, deadlines, today), case_id)


def rank(findings: Any, deadlines: Any, today: dt.date) -> tuple[int, str]:
    """The case's group and the due date of its first open deadline: the sort key without the case id."""
    deadline = first_open_deadline(deadlines)
    counts = finding_counts(findings)
    due = str(deadline.get("due")) if deadline else NO_DEADLINE
    if (deadline and deadline.get("status") == "missed") or counts["violation"]:
        group = 0
    elif due_soon(deadline, today):
        group = 1
    elif counts["risk"]:
        group = 2
    elif deadline:
        group = 3
    else:
        group = 4
    return group, due
