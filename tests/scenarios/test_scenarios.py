"""Runs the scenario files of this folder: case logs with the findings and deadlines the law expects.

Each YAML file is a list of scenarios: `name` (a sentence), `source` (the articles it rests on), `as_of`, the
case (`case`, inline; `case_json`, inline JSON text, where values must keep their types, e.g. a charge's `facts`;
or `case_file`, a path relative to the repository), and `expect`: `findings` that must be
reported, `absent` codes that must not be, and `deadlines` (`code`, and any of `due`, `extended_due`,
`status`, `person`) that must be computed. All scalars are read as strings (YAML's BaseLoader) so that dates
and times stay exactly as written; the case-file validator converts them.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from pleaguard.domain import validate_case_file
from pleaguard.rules.safeguards import check_case

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]


def _load() -> list[Any]:
    out = []
    for path in sorted(HERE.glob("*.yaml")):
        with path.open(encoding="utf-8") as fh:
            for item in yaml.load(fh, Loader=yaml.BaseLoader):
                out.append(pytest.param(item, id=f"{path.stem}: {item['name']}"))
    return out


SCENARIOS = _load()


def test_there_are_scenarios_and_each_cites_its_source() -> None:
    assert len(SCENARIOS) >= 10
    for p in SCENARIOS:
        item = p.values[0]
        assert item.get("source"), item["name"]
        assert item["expect"].get("findings") or item["expect"].get("deadlines") or item["expect"].get("absent")


@pytest.mark.parametrize("item", SCENARIOS)
def test_scenario(item: dict[str, Any]) -> None:
    if "case_file" in item:
        data = json.loads((REPO / item["case_file"]).read_text(encoding="utf-8"))
    elif "case_json" in item:
        data = json.loads(item["case_json"])  # typed values (numbers, flags), e.g. for a charge's facts
    else:
        data = item["case"]
    report = check_case(validate_case_file(data), dt.datetime.fromisoformat(item["as_of"]))
    codes = report.codes()
    expect = item["expect"]
    for code in expect.get("findings", []):
        assert code in codes, f"expected {code}; got {codes}"
    for code in expect.get("absent", []):
        assert code not in codes, f"did not expect {code}"
    got = [d.to_dict() for d in report.deadlines]
    for want in expect.get("deadlines", []):
        matches = [d for d in got if all(str(d.get(k)) == v for k, v in want.items())]
        assert matches, f"no deadline matching {want}; got {[{k: d.get(k) for k in want} for d in got]}"
