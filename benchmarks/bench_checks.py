"""Benchmark: derive the state of a 30-event plea case and run every safeguard check on it.

Run from the repository root: `.venv/bin/python -m benchmarks.bench_checks [--repeat N]`.
Prints latency (median, p95) and throughput of `check_case` (which derives the state, computes deadlines and
eligibility and runs all checks), of `derive_state` alone, and of the baseline measured in the same run:
validating the same case file from its parsed JSON (the cost of reading a case). Target: < 5 ms per check.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import time
from collections.abc import Callable
from typing import Any

from pleaguard.domain import derive_state, validate_case_file
from pleaguard.rules.parameters import load_law
from pleaguard.rules.procedure.calendar import OfficialCalendar
from pleaguard.rules.safeguards import check_case


def thirty_event_case() -> dict[str, Any]:
    """A made-up case with 30 events across detention, review, trial and judgment."""

    def at(day: int, hour: int) -> str:
        return (dt.datetime(2024, 9, 2, hour, tzinfo=dt.timezone(dt.timedelta(hours=8)))
                + dt.timedelta(days=day)).isoformat()

    matters = ["facts_and_charge", "leniency_proposal", "procedure", "other"]
    rec = {"penalty_type": "fixed_term_imprisonment", "months": 10, "fine_yuan": 3000}
    ev: list[dict[str, Any]] = [
        {"type": "detained"}, {"type": "rights_notice", "by": "police", "topics": ["litigation_rights", "plea_law"]},
        {"type": "rights_notice", "by": "detention_house", "topics": ["duty_lawyer"]},
        {"type": "lawyer_assigned", "lawyer": "dl1", "role": "duty_lawyer"},
        {"type": "meeting", "lawyer": "dl1", "minutes": 30}, {"type": "arrest_requested"}, {"type": "arrested"},
        {"type": "lawyer_assigned", "lawyer": "df1", "role": "defender_legal_aid"},
        {"type": "meeting", "lawyer": "df1", "minutes": 60}, {"type": "meeting", "lawyer": "df1", "minutes": 45},
        {"type": "received_for_review"},
        {"type": "rights_notice", "by": "procuratorate", "topics": ["litigation_rights", "plea_law"]},
        {"type": "file_access", "lawyer": "df1"}, {"type": "file_access", "lawyer": "df1"},
        {"type": "meeting", "lawyer": "df1", "minutes": 50},
        {"type": "recommendation_proposed", "recommendation": {**rec, "months": 12}},
        {"type": "opinions_heard", "from_person": "df1", "matters": matters},
        {"type": "opinions_heard", "from_person": "s1", "matters": matters},
        {"type": "opinions_heard", "from_person": "v1", "matters": matters},
        {"type": "recommendation_proposed", "recommendation": rec, "revises": "e16"},
        {"type": "opinions_heard", "from_person": "df1", "matters": ["leniency_proposal"]},
        {"type": "plea_affidavit_signed", "present": ["df1"], "recommendation": rec, "procedure": "speedy"},
        {"type": "meeting", "lawyer": "df1", "minutes": 20},
        {"type": "indicted", "procedure": "speedy"}, {"type": "trial_accepted", "procedure": "speedy"},
        {"type": "meeting", "lawyer": "df1", "minutes": 25}, {"type": "file_access", "lawyer": "df1"},
        {"type": "judgment", "penalty": rec},
        {"type": "meeting", "lawyer": "df1", "minutes": 15},
        {"type": "correction", "corrects": "e05", "fields": {"minutes": 35}, "reason": "记录更正"},
    ]
    events = []
    for i, e in enumerate(ev, 1):
        item = {"id": f"e{i:02d}", "at": at(i, 9 + i % 8), **e}
        if e["type"] != "correction":
            item["person"] = "s1"
        events.append(item)
    assert len(events) == 30
    return {
        "case_id": "BENCH-30", "title": "（虚构示例）基准测试案件", "made_up": True,
        "people": [{"id": "s1", "role": "suspect", "name": "甲", "birth_date": "1990-01-01"},
                   {"id": "dl1", "role": "duty_lawyer", "name": "乙"}, {"id": "df1", "role": "defender", "name": "丙"},
                   {"id": "v1", "role": "victim", "name": "丁"}],
        "charges": [{"person": "s1", "crime": "theft", "tier": 1, "facts": {"amount_yuan": 9000}}],
        "procedure_facts": {"court_level": "basic", "facts_clear_evidence_sufficient": True,
                            "major_social_impact": False, "co_defendants_object": False,
                            "civil_settlement_reached": True, "defender_pleads_not_guilty": False},
        "events": events,
    }


def measure(fn: Callable[[], object], repeat: int) -> list[float]:
    for _ in range(min(50, repeat)):
        fn()
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def report(name: str, samples: list[float]) -> float:
    med = statistics.median(samples)
    p95 = sorted(samples)[int(len(samples) * 0.95) - 1]
    print(f"{name:<34} median {med * 1e3:7.3f} ms   p95 {p95 * 1e3:7.3f} ms   {1 / med:9.0f} /s")
    return med


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2000)
    args = parser.parse_args()
    raw = thirty_event_case()
    case = validate_case_file(raw)
    law = load_law()
    cal = OfficialCalendar.load()
    as_of = dt.datetime(2024, 10, 20, 12, tzinfo=dt.UTC)
    result = check_case(case, as_of, law=law, calendar=cal)
    print(f"case: {len(case.events)} events; findings: {len(result.findings)}; deadlines: {len(result.deadlines)}")
    base = report("baseline: validate_case_file", measure(lambda: validate_case_file(raw), args.repeat))
    report("derive_state", measure(lambda: derive_state(case), args.repeat))
    check = report("check_case (state + all checks)", measure(lambda: check_case(case, as_of, law=law, calendar=cal),
                                                            args.repeat))
    print(f"ratio check_case / baseline: {check / base:.2f}x   target < 5 ms: {'met' if check < 0.005 else 'NOT met'}")


if __name__ == "__main__":
    main()
