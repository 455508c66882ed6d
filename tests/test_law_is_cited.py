"""Completeness of the law data: every value cites a known instrument, law values quote the text, every crime has
golden cases, and the rules never read the clock."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from pleaguard.rules.parameters import Law

REPO = Path(__file__).resolve().parent.parent
RULES = REPO / "src" / "pleaguard" / "rules"
GOLDEN = REPO / "tests" / "law"


def test_every_parameter_value_cites_a_known_instrument(law: Law) -> None:
    missing = [f"{prov or 'national'}:{p.name}@{v.effective_from}"
               for prov, p in law.iter_parameters() for v in p.values
               if not v.expected and (v.cite is None or v.cite.instrument not in law.instruments)]
    assert not missing


def test_every_value_of_the_general_sentencing_rules_that_is_law_quotes_its_text(law: Law) -> None:
    unquoted = [f"{p.name}@{v.effective_from}" for _, p in law.iter_parameters()
                if p.name.startswith(("sentencing.general.", "policy.sentencing."))
                for v in p.values if not v.expected and v.value is not None and not v.quote]
    assert not unquoted


def test_policy_values_cite_a_policy_instrument_and_law_values_do_not(law: Law) -> None:
    for _, p in law.iter_parameters():
        for v in p.values:
            if v.expected or v.cite is None:
                continue
            kind = law.instruments[v.cite.instrument].kind
            if p.name.startswith("policy."):
                assert kind == "policy", p.name
            elif p.name.startswith("sentencing.general."):
                assert kind != "policy", p.name


def _golden_crimes() -> set[str]:
    crimes: set[str] = set()
    for path in GOLDEN.rglob("*.yaml"):
        data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data or []:
            inp = case.get("input") or {}
            if isinstance(inp, dict) and "statutory_range" not in inp and inp.get("crime"):
                crimes.add(str(inp["crime"]))
    return crimes


def test_every_known_crime_has_golden_cases(law: Law) -> None:
    from pleaguard.rules.sentencing import engine

    known = set(engine.known_crimes(law.at(dt.date(2024, 7, 1))))
    assert known, "no crime rules are loaded"
    missing = known - _golden_crimes()
    assert not missing, f"crimes without golden cases under tests/law/: {sorted(missing)}"


def test_every_general_circumstance_kind_has_a_golden_case() -> None:
    from pleaguard.rules.sentencing.case_input import GENERAL_KINDS

    used: set[str] = set()
    derived = {"minor": "age_at_offense", "elderly": "age_at_offense", "deaf_mute_or_blind": "deaf_mute"}
    for path in GOLDEN.rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        used.update(re.findall(r"kind: (\w+)", text))
        used.update(k for k, marker in derived.items() if marker in text)
    assert not set(GENERAL_KINDS) - used


def test_the_rules_never_read_the_clock() -> None:
    pattern = re.compile(r"date\.today|datetime\.now|datetime\.today|time\.time\(")
    offenders = [f"{p.relative_to(REPO)}:{i}" for p in RULES.rglob("*.py")
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert not offenders
