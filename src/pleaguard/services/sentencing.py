"""Use cases of the sentencing engine: compute a sentence, review a recommendation, describe the input.

`sentence(case)` and `review(case)` take the JSON document (a dict) of `pleaguard sentence` / `pleaguard review`
and return the JSON document of the result. The CLI and the web application call these and nothing deeper.
Bad input raises `InputError` (the entry points turn it into exit code 2 / HTTP 4xx).
"""

from __future__ import annotations

from typing import Any

from pleaguard.rules.parameters import Law, load_law
from pleaguard.rules.sentencing import engine
from pleaguard.rules.sentencing import review as review_rules
from pleaguard.rules.sentencing.case_input import GENERAL_KINDS, SentencingCaseIn, parse_case, read_case


def sentence(case: dict[str, Any], law: Law | None = None) -> dict[str, Any]:
    """The lawful sentencing range of one case, with its cited trace (the `pleaguard sentence` document)."""
    parsed = read_case(case)
    comp = engine.compute(parsed, law or load_law())
    if parsed.recommendation is not None:
        comp.out["warnings"].append("输入中的 recommendation 未在量刑计算中使用；审查量刑建议请用 pleaguard review。")
    return comp.out


def review(case: dict[str, Any], law: Law | None = None) -> dict[str, Any]:
    """The defense's review of a prosecutor's recommendation against the computed range (`pleaguard review`)."""
    parsed = parse_case(case)
    return review_rules.review(parsed, law or load_law())


def schema(crime: str | None = None, law: Law | None = None) -> dict[str, Any]:
    """The input document described: top-level fields, circumstance kinds and their details, per-crime facts."""
    out: dict[str, Any] = {
        "case": SentencingCaseIn.model_json_schema(),
        "circumstance_kinds": {k: sorted(v) for k, v in GENERAL_KINDS.items()},
    }
    mod = engine._crimes_module()
    if mod is not None and hasattr(mod, "crime_schema"):
        import datetime as dt

        law = law or load_law()
        if crime is not None:
            out["facts"] = {crime: mod.crime_schema(crime)}
        else:
            try:
                names = mod.known_crimes(law.at(dt.date(2024, 7, 1)))
            except Exception:
                names = []
            out["facts"] = {c: mod.crime_schema(c) for c in names}
    return out
