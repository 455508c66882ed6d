"""Findings and the report of `check_case`.

A finding is one thing a lawyer should know about the case: a `code` (stable, for programs), a `severity`
(`violation`: the law was not followed; `risk`: it may not have been, or soon will not be; `info`: a legal
consequence worth knowing), a plain Chinese message that ends with what the lawyer can still do, and citations.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from pleaguard.rules.citations import Citation

if TYPE_CHECKING:
    from pleaguard.domain.case_file import CaseFile
    from pleaguard.domain.state import CaseState, SuspectState
    from pleaguard.rules.parameters import LawAt
    from pleaguard.rules.procedure.calendar import HolidayCalendar
    from pleaguard.rules.procedure.deadlines import Deadline

Severity = Literal["violation", "risk", "info"]
SEVERITY_ORDER = {"violation": 0, "risk": 1, "info": 2}
SEVERITY_ZH = {"violation": "违法", "risk": "风险", "info": "提示"}


@dataclass(frozen=True, slots=True)
class Finding:
    """One result of the safeguard checks."""

    code: str
    severity: Severity
    message: str
    action: str
    cites: tuple[Citation, ...]
    person: str | None = None
    event: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "code": self.code, "severity": self.severity, "message": f"{self.message}{self.action}",
            "cites": [c.to_dict() for c in self.cites], "action": self.action,
        }
        if self.person is not None:
            out["person"] = self.person
        if self.event is not None:
            out["event"] = self.event
        return out


@dataclass(slots=True)
class Context:
    """What every check sees: the case, its derived state, one suspect, the law and calendar, and `as_of`."""

    case: CaseFile
    state: CaseState
    s: SuspectState
    law: LawAt
    calendar: HolidayCalendar
    as_of: dt.datetime
    today: dt.date
    soon_days: int
    deadlines: list[Deadline] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Report:
    """The result of `check_case`: findings (most serious first), deadlines and the procedure assessment."""

    as_of: dt.datetime
    findings: tuple[Finding, ...]
    deadlines: tuple[Deadline, ...]
    procedure: dict[str, Any]
    state: dict[str, Any]

    def codes(self) -> list[str]:
        return [f.code for f in self.findings]

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "findings": [f.to_dict() for f in self.findings],
            "deadlines": [d.to_dict() for d in self.deadlines],
            "procedure": self.procedure,
            "state": self.state,
        }
