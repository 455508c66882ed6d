"""The sentencing engine as it was before the speed work (commit 596381e), kept as the reference of a differential test.

`engine`, `limits`, `plea`, `probation`, `circumstances`, `case_input` and `review` are verbatim copies of
`pleaguard.rules.sentencing.*` at that commit, with imports pointing here; the crime rules (steps 1-2), the law
data and the shared types are the package's own. `test_sentencing_fast_path.py` checks that the package computes
the same documents (and refuses the same input with the same error) on a broad generated set of cases.

When the legal behaviour of the engine changes on purpose, make the same change here (or refresh the copy from the
package once the differential test has shown the new code agrees everywhere else).
"""

from __future__ import annotations

from typing import Any

from pleaguard.rules.parameters import Law
from sentencing_reference import engine
from sentencing_reference import review as review_rules
from sentencing_reference.case_input import parse_case


def sentence(case: dict[str, Any], law: Law) -> dict[str, Any]:
    """`services.sentencing.sentence` as it was."""
    parsed = parse_case(case)
    comp = engine.compute(parsed, law)
    if parsed.recommendation is not None:
        comp.out["warnings"].append("输入中的 recommendation 未在量刑计算中使用；审查量刑建议请用 pleaguard review。")
    return comp.out


def review(case: dict[str, Any], law: Law) -> dict[str, Any]:
    """`services.sentencing.review` as it was."""
    return review_rules.review(parse_case(case), law)
