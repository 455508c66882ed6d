"""Safeguard checks of a plea case: voluntariness, truthfulness and legality, deadlines and procedure.

`check_case(case, as_of)` derives the state of the case as it stood at `as_of` (events after it are ignored),
computes the deadlines and the procedure assessment of each suspect, and runs every check. It is pure: the
law, the holiday calendar and `as_of` are inputs (the law and the official calendar are loaded once when not
given). The result is a `Report`; `Report.to_dict()` is the `pleaguard check` JSON contract
`{findings: [{code, severity, message, cites}], deadlines: [{what, due, cites}], procedure: {...}}`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from pleaguard.domain.case_file import CaseFile
from pleaguard.domain.state import PROCEDURE_ZH, derive_state
from pleaguard.errors import InputError
from pleaguard.rules.parameters import Law, load_law
from pleaguard.rules.procedure import eligibility
from pleaguard.rules.procedure.calendar import HolidayCalendar, OfficialCalendar
from pleaguard.rules.procedure.deadlines import case_deadlines, local_date
from pleaguard.rules.safeguards import affidavit, counsel, procedure
from pleaguard.rules.safeguards.findings import SEVERITY_ORDER, Context, Finding, Report

CHECKS: tuple[Callable[[Context], Iterable[Finding]], ...] = (
    affidavit.check,
    counsel.check_notices,
    counsel.check_opinions,
    counsel.check_file_access,
    counsel.check_duty_lawyer,
    counsel.check_mandatory_defender,
    procedure.check_procedure,
    procedure.check_panel,
    procedure.check_withdrawal,
    procedure.check_recommendation,
    procedure.check_deadlines,
)

__all__ = ["CHECKS", "Finding", "Report", "check_case"]


def _as_of_case(case: CaseFile, as_of: dt.datetime) -> CaseFile:
    kept = [ev for ev in case.events if ev.at <= as_of]
    if len(kept) == len(case.events):
        return case
    return case.model_copy(update={"events": kept})


def check_case(case: CaseFile, as_of: dt.datetime, *, law: Law | None = None,
               calendar: HolidayCalendar | None = None, soon_days: int = 3) -> Report:
    """Run every safeguard check on `case` as it stood at `as_of` (an aware datetime)."""
    if as_of.tzinfo is None or as_of.utcoffset() is None:
        raise InputError("as_of 必须带 UTC 偏移 / as_of must carry a UTC offset", field="as_of",
                         allowed="e.g. 2024-10-08T09:00:00+08:00")
    if soon_days < 0:
        raise InputError("不能为负数 / must not be negative", field="soon_days")
    law = law or load_law()
    calendar = calendar or OfficialCalendar.load()
    today = local_date(as_of)
    law_at = law.at(today)
    current = _as_of_case(case, as_of)
    state = derive_state(current)
    findings: list[Finding] = []
    deadlines = []
    proc: dict[str, Any] = {}
    for pid, s in state.suspects.items():
        ds = case_deadlines(current, s, law_at, calendar, as_of)
        deadlines.extend(ds)
        ctx = Context(current, state, s, law_at, calendar, as_of, today, soon_days, ds)
        for check in CHECKS:
            findings.extend(check(ctx))
        assessed = eligibility.assess(current, s, law_at, today)
        conv = eligibility.conversion_grounds(s)
        proc[pid] = {
            "current": s.procedure,
            "current_zh": PROCEDURE_ZH.get(s.procedure or "", None),
            "proposed_in_affidavit": s.last_affidavit.procedure if s.last_affidavit else None,
            "proposed_in_indictment": s.indicted.procedure if s.indicted else None,
            "eligibility": {k: v.to_dict() for k, v in assessed.items()},
            "conversion_required": [c.to_dict() for c in conv],
        }
    findings.sort(key=lambda f: SEVERITY_ORDER[f.severity])
    deadlines.sort(key=lambda d: d.due)
    return Report(as_of, tuple(findings), tuple(deadlines), proc, state.to_dict())
