"""The sentencing service on thousands of generated cases: it answers or refuses, never crashes, and its fast
input reader agrees with the pydantic models.

The generated cases cover every crime with random quantities, given base sentences of every form, every
circumstance kind with its details, ages, birth dates, provinces and dates on both sides of 2021-07-01, including
input the engine must refuse. Each result must be a well-formed, cited range; each refusal an `InputError`. The
fast reader (`read_case`) must accept and refuse exactly what the models (`parse_case`) accept and refuse, with the
same values and the same errors. The legal results themselves are pinned by the golden cases in tests/law/.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import random
from fractions import Fraction
from typing import Any

import pytest

from pleaguard.errors import InputError
from pleaguard.rules.parameters import Law
from pleaguard.rules.sentencing import crimes, engine
from pleaguard.rules.sentencing.case_input import GENERAL_KINDS, Case, parse_case, read_case
from pleaguard.services import sentencing as service

_DETAIL_VALUES: dict[str, list[Any]] = {
    "stage": ["investigation", "prosecution_review", "trial", "appeal"],
    "degree": ["ordinary", "same_kind_heavier", "avoided_serious_consequences"],
    "major": [True, False], "negligent": [True, False], "as_minor": [True, False], "abused": [True, False],
    "damage": [True, False], "of_minor": [True, False], "failed": [True, False], "forgiveness": [True, False],
}
_EXTRA_KINDS = ["drug_recidivism", "hired_courier", "using_minors", "low_purity", "beating_or_insult",
                "business_head_using_premises", "restitution_before_prosecution", "no_such_kind"]


def _outcome(fn: Any, case: Any, law: Law) -> tuple[str, Any]:
    try:
        return "ok", json.dumps(fn(case, law), ensure_ascii=False)
    except InputError as exc:
        return "error", (type(exc).__name__, str(exc), exc.field, exc.reason, exc.allowed)


def _through_the_models(case: Any, law: Law) -> dict[str, Any]:
    """The engine fed by the pydantic models alone, without the fast validator."""
    return engine.compute(Case.from_model(parse_case(case)), law).out


def _read(fn: Any, case: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(case)
    except InputError as exc:
        return "error", (type(exc).__name__, str(exc), exc.field, exc.reason, exc.allowed)


def _facts(rng: random.Random, crime: str) -> dict[str, Any]:
    props = crimes.crime_schema(crime)["properties"] if crime in crimes.CRIMES else {}
    out: dict[str, Any] = {}
    for name, p in props.items():
        if rng.random() < (0.05 if "enum" in p else 0.45):
            continue
        if "enum" in p:
            out[name] = rng.choice(p["enum"])
        elif p.get("type") == "boolean":
            out[name] = rng.random() < 0.4
        elif p.get("type") == "integer":
            out[name] = rng.choice([0, 1, 2, 3, 5, 8, 20, rng.randint(0, 200)])
        else:
            v = 10 ** rng.uniform(0, 8)
            out[name] = rng.choice([round(v), round(v, 2), str(round(v)), 150, 80, 230, 0.5, 20, 1000])
    if rng.random() < 0.03:
        out["no_such_fact"] = 1
    if rng.random() < 0.02 and out:
        out[next(iter(out))] = -5
    return out


def _circumstances(rng: random.Random, crime: str, offense: dt.date, decided: dt.date | None) -> list[dict[str, Any]]:
    kinds = list(GENERAL_KINDS)
    if crime in ("drug_trafficking", "illegal_detention", "facilitating_prostitution", "illegal_fundraising"):
        kinds += _EXTRA_KINDS
    out: list[dict[str, Any]] = []
    for kind in rng.sample(kinds, rng.choice([0, 1, 2, 3, 4, 5, 6, 8])):
        c: dict[str, Any] = {"kind": kind}
        allowed = sorted(GENERAL_KINDS.get(kind, frozenset()))
        for detail in allowed:
            if detail == "date":
                if rng.random() < 0.3:
                    day = (decided or offense) + dt.timedelta(days=rng.randint(-500, 60))
                    c["date"] = day.isoformat()
            elif rng.random() < 0.5 or (kind == "plea_leniency" and detail == "stage" and rng.random() < 0.97):
                c[detail] = rng.choice(_DETAIL_VALUES[detail])
        if rng.random() < 0.02:
            c["stage"] = "trial"  # a detail of another kind (or a plea's own)
        out.append(c)
    if out and rng.random() < 0.02:
        out.append(dict(out[0]))  # the same kind twice
    return out


def generated_cases(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` varied sentencing cases, some of which the engine must refuse."""
    rng = random.Random(seed)
    names = sorted(crimes.CRIMES)
    out: list[dict[str, Any]] = []
    for _ in range(n):
        crime = rng.choice([*names, *names, "theft", "fraud", "no_such_crime"])
        offense = dt.date(rng.randint(2016, 2026), rng.randint(1, 12), rng.randint(1, 28))
        decided = offense + dt.timedelta(days=rng.randint(-20, 900)) if rng.random() < 0.85 else None
        case: dict[str, Any] = {"crime": crime, "offense_date": offense.isoformat()}
        if decided is not None:
            case["decided_on"] = decided.isoformat()
        if rng.random() < 0.25:
            case["province"] = "zhejiang" if rng.random() < 0.95 else "atlantis"
        r = rng.random()
        if r < 0.25:
            case["base_sentence_months"] = rng.choice(
                [rng.randint(1, 180), 6, 12, 36, 7.5, "12.5", "8", {"min": 6, "max": 14}, {"min": "10.5", "max": 30}]
                if rng.random() < 0.9 else [-3, 0, 500, "abc", {"min": 9, "max": 3}, True])
            if rng.random() < 0.4:
                case["statutory_range"] = rng.choice(
                    [{"min_months": 1, "max_months": 36}, {"min_months": 6, "max_months": 120, "article": "264"},
                     {"min_months": 1, "max_months": 6, "penalty_types": ["criminal_detention"]},
                     {"min_months": 36, "max_months": 6}, {"min_months": 3, "max_months": 24,
                                                           "penalty_types": ["public_surveillance",
                                                                             "criminal_detention"]}])
        if r > 0.1:
            case["facts"] = _facts(rng, crime)
        case["circumstances"] = _circumstances(rng, crime, offense, decided)
        d: dict[str, Any] = {}
        if rng.random() < 0.8:
            d["age_at_offense"] = rng.choice([16, 17, 18, 25, 30, 40, 52, 74, 75, 80] * 4 + [11, 13, 15, 130])
        if rng.random() < 0.15:
            d["birth_date"] = (offense - dt.timedelta(days=rng.randint(12 * 365, 85 * 365))).isoformat()
        for flag in ("deaf_mute", "blind", "pregnant", "criminal_group_leader"):
            if rng.random() < 0.07:
                d[flag] = True
        if d or rng.random() < 0.5:
            case["defendant"] = d
        if rng.random() < 0.1:
            case["lighter_crime"] = rng.random() < 0.5
        if rng.random() < 0.01:
            case["unexpected"] = 1
        out.append(case)
    return out


def _recommendation(rng: random.Random) -> dict[str, Any]:
    ptype = rng.choice(["fixed_term_imprisonment", "fixed_term_imprisonment", "criminal_detention",
                        "public_surveillance", "fine_only", "exemption"])
    rec: dict[str, Any] = {"penalty_type": ptype}
    if ptype not in ("fine_only", "exemption") or rng.random() < 0.2:
        rec["months"] = rng.choice([rng.randint(1, 120), {"min": 6, "max": 12}, "10.5", 3])
    if rng.random() < 0.4:
        rec["probation"] = rng.choice([True, False, 12, "0"])
    if rng.random() < 0.4:
        rec["fine_yuan"] = rng.choice([1000, 5000, 100000, "2000", -1])
    if rng.random() < 0.4:
        rec["stage"] = rng.choice(_DETAIL_VALUES["stage"])
    return rec






def _check_document(doc: dict[str, Any], law: Law) -> None:
    months = doc["proposed"]["months"]
    if months is not None and months.get("min") is not None:
        assert Fraction(str(months["min"])) <= Fraction(str(months["max"]))
        assert Fraction(str(months["min"])) >= 0
    assert doc["trace"], "every result explains itself"
    for step in doc["trace"]:
        for c in step["cites"]:
            assert c["instrument"] in law.instruments, c


@pytest.mark.parametrize("seed", range(4))
def test_generated_cases_get_a_cited_range_or_a_clear_refusal(law: Law, seed: int) -> None:
    results = {"ok": 0, "error": 0}
    for case in generated_cases(1000, seed):
        outcome = _outcome(service.sentence, case, law)
        results[outcome[0]] += 1
        if outcome[0] == "ok":
            _check_document(json.loads(outcome[1]), law)
        else:
            assert outcome[1][3], f"a refusal says why: {case}"
        # computed twice in a row: nothing the first computation returned is shared with or changed by the second
        assert _outcome(service.sentence, case, law) == outcome
    # the generated set exercises both the full method and the refusals
    assert results["ok"] > 200 and results["error"] > 60, results


@pytest.mark.parametrize("seed", range(2))
def test_the_fast_reader_accepts_and_refuses_what_the_models_do(law: Law, seed: int) -> None:
    for case in generated_cases(1000, seed + 10):
        case.pop("recommendation", None)
        fast = _read(read_case, case)
        slow = _read(lambda c: Case.from_model(parse_case(c)), case)
        assert fast == slow, case
        if fast[0] == "ok":
            assert _outcome(service.sentence, case, law) == _outcome(_through_the_models, case, law), case


def test_reviews_of_generated_recommendations_answer_or_refuse(law: Law) -> None:
    rng = random.Random(7)
    checked = 0
    for case in generated_cases(1000, 99):
        case = {**case, "recommendation": _recommendation(rng)}
        outcome = _outcome(service.review, case, law)
        checked += outcome[0] == "ok"
    assert checked > 130


def test_a_result_cannot_be_changed_through_another_result(law: Law) -> None:
    """The parts shared between results refuse changes; the rest of a result is its own."""
    case = {"crime": "theft", "offense_date": "2023-01-01", "decided_on": "2023-05-01",
            "facts": {"amount_yuan": 50000}, "defendant": {"age_at_offense": 17},
            "circumstances": [{"kind": "surrender"}, {"kind": "plea_leniency", "stage": "trial"}]}
    first = service.sentence(case, law)
    expected = json.dumps(first, ensure_ascii=False)
    refused = 0
    changes: list[Any] = [lambda s: s["values"].__setitem__("changed", True), lambda s: s["cites"].append({}),
                          lambda s: s.__setitem__("message", "changed"),
                          lambda s: s["cites"][0].__setitem__("article", "changed") if s["cites"] else None]
    for step in first["trace"]:
        for change in changes:
            try:
                change(step)
            except TypeError:
                refused += 1
    assert refused > 0  # the shared parts say so
    for key in ("warnings", "exemption_reasons"):
        first[key].append("changed")
    first["probation"]["exclusions"].append("changed")
    with pytest.raises(TypeError):
        first["probation"]["conditions"].clear()
    first["proposed"]["months"]["min"] = -1
    copied = copy.deepcopy(first)
    copied["trace"][0]["values"]["changed"] = True  # a copy is an ordinary, changeable document
    assert json.dumps(service.sentence(case, law), ensure_ascii=False) == expected


_BASE_CASE: dict[str, Any] = {
    "crime": "theft", "offense_date": "2023-01-01", "decided_on": "2023-05-01", "facts": {"amount_yuan": 50000},
    "circumstances": [{"kind": "surrender"}, {"kind": "plea_leniency", "stage": "trial", "date": "2023-04-01"}],
    "defendant": {"age_at_offense": 30, "birth_date": "1992-06-01"}}
_ODD: list[tuple[str, Any]] = [
    ("crime", 5), ("crime", None), ("offense_date", 20230101), ("offense_date", "2023/01/01"), ("offense_date", None),
    ("offense_date", "20230101"), ("decided_on", "2023-02-30"), ("decided_on", None), ("province", 3),
    ("province", None), ("facts", None), ("facts", []), ("facts", {"amount_yuan": "50000"}), ("facts", {1: 2}),
    ("base_sentence_months", True), ("base_sentence_months", None), ("base_sentence_months", [12]),
    ("base_sentence_months", {"min": 6, "max": 9}), ("base_sentence_months", 7.25),
    ("statutory_range", {"min_months": 1, "max_months": 36, "penalty_types": "criminal_detention"}),
    ("statutory_range", {"min_months": 1, "max_months": 36, "penalty_types": ["death"]}),
    ("statutory_range", {"min_months": "1", "max_months": 36.5, "article": 264}),
    ("statutory_range", {"min_months": 1}), ("statutory_range", None), ("circumstances", None),
    ("circumstances", {"kind": "surrender"}), ("circumstances", [{"kind": "surrender", "abused": "yes"}]),
    ("circumstances", [{"kind": "surrender", "abused": 1}]), ("circumstances", [{"kind": "surrender", "x": 1}]),
    ("circumstances", [{"kind": "plea_leniency", "stage": "later"}]), ("circumstances", [{"kind": 1}]),
    ("circumstances", [{"kind": "confession", "degree": None, "note": "n"}]), ("circumstances", ["surrender"]),
    ("circumstances", [{"kind": "plea_leniency", "stage": "trial", "date": "2023-13-01"}]),
    ("circumstances", [{"kind": "surrender", "stage": None}]), ("circumstances", [{"stage": "trial"}]),
    ("defendant", None), ("defendant", {"age_at_offense": "30"}), ("defendant", {"age_at_offense": 30.0}),
    ("defendant", {"age_at_offense": True}), ("defendant", {"blind": 1}), ("defendant", {"pregnant": None}),
    ("defendant", {"birth_date": 19900101}), ("defendant", {"name": 7}), ("defendant", {"age": 30}),
    ("lighter_crime", 1), ("lighter_crime", "true"), ("lighter_crime", None), ("note", 1), ("unknown", 1),
]


@pytest.mark.parametrize(("key", "value"), _ODD)
def test_oddly_typed_input_is_read_as_the_models_read_it(law: Law, key: str, value: Any) -> None:
    case = {**_BASE_CASE, key: value}
    assert _read(read_case, case) == _read(lambda c: Case.from_model(parse_case(c)), case)
    assert _outcome(service.sentence, case, law) == _outcome(_through_the_models, case, law)


@pytest.mark.parametrize("detail", ["abused", "major", "damage", "stage", "degree", "note", "date"])
@pytest.mark.parametrize("value", ["b", "o", "l", "yes", "", 1, 0, 1.5, [], {}, "2023-04-01", "trial", "ordinary"])
def test_every_detail_of_a_circumstance_is_typed_as_the_models_type_it(law: Law, detail: str, value: Any) -> None:
    kind = {"abused": "surrender", "major": "meritorious_service", "damage": "abandonment", "stage": "plea_leniency",
            "degree": "confession", "note": "surrender", "date": "plea_leniency"}[detail]
    circumstance = {"kind": kind, detail: value} if kind != "plea_leniency" or detail == "stage" else \
        {"kind": kind, "stage": "trial", detail: value}
    case = {**_BASE_CASE, "circumstances": [circumstance]}
    assert _read(read_case, case) == _read(lambda c: Case.from_model(parse_case(c)), case)
    assert _outcome(service.sentence, case, law) == _outcome(_through_the_models, case, law)
