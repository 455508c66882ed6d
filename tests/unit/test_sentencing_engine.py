"""The sentencing engine (step 3) on given base sentences and on a small fake crime rule.

The fake crime stands in for `crimes.base_sentence` so that the engine's own rules are tested without depending on
crime data: negligent crimes, crime-specific circumstances, the next lower tier for mitigation, a directly fixed
range, alternatives, and the strict-leniency warning.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction
from typing import Any

import pytest

from pleaguard.errors import InputError
from pleaguard.rules.citations import Step, cite
from pleaguard.rules.parameters import Law
from pleaguard.rules.sentencing import engine
from pleaguard.rules.sentencing.case_input import parse_case
from pleaguard.rules.sentencing.types import BaseSentence, CircumstanceRule, FineRule, Months, Tier
from pleaguard.services.sentencing import sentence


def _tier(index: int, lo: int, hi: int | None, types: tuple[Any, ...] = ("fixed_term_imprisonment",)) -> Tier:
    return Tier("fake", index, f"第{index}档", Fraction(lo), Fraction(hi) if hi else None, types, "mandatory",
                cite("cl", "264"))


class FakeCrimes:
    """A crime module with one configurable crime, `fake`."""

    def __init__(self, **overrides: Any) -> None:
        self.overrides = overrides

    def known_crimes(self, view: Any) -> list[str]:
        return ["fake"]

    def base_sentence(self, crime: str, facts: Any, view: Any, *, base_sentence_months: Any = None) -> BaseSentence:
        if crime != "fake":
            raise InputError("unknown crime", field="crime")
        tier = self.overrides.pop("tier", None) or _tier(1, 36, 120)
        base = Months(Fraction(48), Fraction(48))
        fields: dict[str, Any] = {"crime": "fake", "crime_zh": "测试罪", "tier": tier, "starting_point": base,
                                  "base": base, "steps": (Step("base", "测试基准刑", {}, (cite("cl", "264"),)),)}
        fields.update(self.overrides)
        return BaseSentence(**fields)


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Any:
    def install(**overrides: Any) -> FakeCrimes:
        mod = FakeCrimes(**overrides)
        monkeypatch.setattr(engine, "_crimes_module", lambda: mod)
        return mod

    return install


def case(**extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"crime": "fake", "offense_date": "2022-01-01", "decided_on": "2022-06-01",
                           "defendant": {"age_at_offense": 30}, "circumstances": []}
    out.update(extra)
    return out


def test_an_elderly_defendant_of_a_negligent_crime_gets_twenty_to_fifty_percent_off(fake: Any, law: Law) -> None:
    fake(negligent=True)
    out = sentence(case(defendant={"age_at_offense": 80}), law)
    assert "elderly_negligent" in out["circumstances"]["first_tier"]
    # 48 × (0.5 … 0.8); CL 17-1 allows mitigation, so the lower end may stay below the minimum of 36
    assert out["proposed"]["exact"] == {"min": "24", "max": "192/5"}
    assert out["proposed"]["below_statutory_minimum"] is True


def test_a_negligent_crime_cannot_make_a_recidivist(fake: Any, law: Law) -> None:
    fake(negligent=True)
    with pytest.raises(InputError) as exc:
        sentence(case(circumstances=[{"kind": "recidivism"}]), law)
    assert exc.value.field == "circumstances[0].kind"


def test_a_crime_specific_circumstance_is_applied_with_its_own_ratio(fake: Any, law: Law) -> None:
    rule = CircumstanceRule("early_refund", "提起公诉前积极退赃退赔", "reduce", Fraction(0), Fraction(2, 5),
                            False, False, cite("sg-2021", "四（三）"), statutory_effects=("lighter", "mitigate"),
                            statutory_cite=cite("cl", "176", 3))
    fake(extra_circumstances=(rule,))
    out = sentence(case(circumstances=[{"kind": "early_refund"}]), law)
    assert out["proposed"]["exact"]["min"] == str(Fraction(48) * Fraction(3, 5))
    assert out["proposed"]["below_statutory_minimum"] is True


def test_a_crime_specific_kind_is_unknown_for_other_crimes(law: Law) -> None:
    with pytest.raises(InputError) as exc:
        sentence(case(crime="x", base_sentence_months=12, circumstances=[{"kind": "early_refund"}],
                      statutory_range={"min_months": 1, "max_months": 36}), law)
    assert exc.value.field == "circumstances[0].kind"


def test_mitigation_goes_only_down_to_the_next_lower_tier(fake: Any, law: Law) -> None:
    fake(tier=_tier(2, 120, None), base=Months(Fraction(130), Fraction(130)), lower_tier=_tier(1, 36, 120))
    out = sentence(case(circumstances=[{"kind": "accessory"}, {"kind": "attempt"}]), law)
    # 130 × 0.5 × 0.5 = 32.5 < 36, the lower tier's minimum
    assert out["proposed"]["exact"]["min"] == "36"
    assert out["proposed"]["below_statutory_minimum"] is True


def test_mandatory_mitigation_stays_in_the_next_lower_tier(fake: Any, law: Law) -> None:
    fake(tier=_tier(2, 120, None), base=Months(Fraction(130), Fraction(130)), lower_tier=_tier(1, 36, 120))
    out = sentence(case(circumstances=[{"kind": "excessive_defense"}]), law)
    assert Fraction(out["proposed"]["exact"]["max"]) <= 120
    assert Fraction(out["proposed"]["exact"]["min"]) >= 36


def test_a_directly_fixed_range_is_criminal_detention(fake: Any, law: Law) -> None:
    direct = Months(Fraction(1), Fraction(6))
    fake(tier=_tier(1, 1, 6, ("criminal_detention",)), base=Months(Fraction(1), Fraction(6)), direct=direct,
         fine=FineRule("mandatory", None, None, (cite("cl", "133-1"),)))
    out = sentence(case(circumstances=[{"kind": "plea_leniency", "stage": "investigation"}]), law)
    assert out["proposed"]["penalty_type"] == "criminal_detention"
    assert out["proposed"]["months"] == {"min": 1, "max": 6}
    assert out["fine"]["mode"] == "mandatory"


def test_alternatives_of_the_crime_rules_are_computed_too(fake: Any, law: Law) -> None:
    alt = BaseSentence("fake", "测试罪", _tier(2, 120, None), Months(Fraction(120), Fraction(120)),
                       Months(Fraction(120), Fraction(120)), ())
    fake(alternatives=(alt,))
    out = sentence(case(), law)
    assert out["alternatives"][0]["proposed"]["months"] == {"min": 120, "max": 120}


def test_strict_leniency_crimes_carry_a_warning(fake: Any, law: Law) -> None:
    fake(leniency_strict=True, probation_strict=True)
    out = sentence(case(), law)
    assert any("从严" in w for w in out["warnings"])


def test_rounding_takes_the_lower_end_down_and_the_upper_end_up(law: Law) -> None:
    out = sentence(case(crime="x", base_sentence_months="12.5", statutory_range={"min_months": 1, "max_months": 36},
                        circumstances=[{"kind": "in_court_plea"}]), law)
    assert out["proposed"]["exact"] == {"min": "45/4", "max": "25/2"}
    assert out["proposed"]["months"] == {"min": 11, "max": 13}
    assert any(s["step"] == "rounding" and "向下" in s["message"] for s in out["trace"])


def test_every_trace_step_cites_or_is_marked_as_not_law(law: Law) -> None:
    out = sentence(case(crime="x", base_sentence_months=24, statutory_range={"min_months": 1, "max_months": 36},
                        circumstances=[{"kind": "surrender"}, {"kind": "plea_leniency", "stage": "trial"},
                                       {"kind": "prior_record"}]), law)
    for step in out["trace"]:
        assert step["cites"] or step["basis"] != "law", step
        for c in step["cites"]:
            assert c["instrument"] in law.instruments


def test_a_result_reaching_full_reduction_makes_exemption_and_non_custodial_penalties_possible(law: Law) -> None:
    out = sentence(case(crime="x", base_sentence_months=24, statutory_range={"min_months": 1, "max_months": 36},
                        circumstances=[{"kind": "surrender"}, {"kind": "reconciliation"},
                                       {"kind": "meritorious_service", "major": True}]), law)
    assert out["exemption_possible"] is True
    # in months the lower end stops at the shortest custodial penalty; lighter penalties are reported instead
    assert out["proposed"]["exact"]["min"] == "1"
    assert out["proposed"]["non_custodial_possible"] is True


def test_the_computation_never_reads_the_clock(law: Law, monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(dt.date):
        @classmethod
        def today(cls) -> dt.date:  # type: ignore[override]
            raise AssertionError("the clock was read")

    monkeypatch.setattr(dt, "date", Broken)
    sentence(case(crime="x", base_sentence_months=24, statutory_range={"min_months": 1, "max_months": 36}), law)


def test_parse_case_names_nested_fields_as_users_write_them() -> None:
    with pytest.raises(InputError) as exc:
        parse_case({"crime": "theft", "offense_date": "2022-01-01", "defendant": {"age": 30}})
    assert exc.value.field == "defendant.age"
    assert "age_at_offense" in (exc.value.allowed or "")


def test_a_case_must_be_a_json_object() -> None:
    with pytest.raises(InputError):
        parse_case([1, 2])


class DatedFakeCrimes(FakeCrimes):
    """A crime whose statutory range was raised on 2021-03-01 (as Amendment XI did for some crimes)."""

    def base_sentence(self, crime: str, facts: Any, view: Any, *, base_sentence_months: Any = None) -> BaseSentence:
        tier = _tier(1, 6, 36) if view.day < dt.date(2021, 3, 1) else _tier(1, 6, 60)
        base = Months(Fraction(30), Fraction(30))
        return BaseSentence("fake", "测试罪", tier, base, base, ())


def test_the_lighter_statutory_range_at_the_offense_applies_under_cl_12(monkeypatch: pytest.MonkeyPatch,
                                                                        law: Law) -> None:
    monkeypatch.setattr(engine, "_crimes_module", lambda: DatedFakeCrimes())
    out = sentence(case(offense_date="2020-06-01", decided_on="2021-09-01",
                        circumstances=[{"kind": "recidivism"}]), law)
    assert out["tier"]["max_months"] == 36
    assert out["proposed"]["months"]["max"] == 36
    assert any(s["step"] == "temporal" and s["values"].get("applied") == "offense_date" for s in out["trace"])


def test_the_same_statutory_range_needs_no_comparison(monkeypatch: pytest.MonkeyPatch, law: Law) -> None:
    monkeypatch.setattr(engine, "_crimes_module", lambda: DatedFakeCrimes())
    out = sentence(case(offense_date="2021-06-01", decided_on="2021-09-01"), law)
    assert out["tier"]["max_months"] == 60
    assert any(s["step"] == "temporal" and "相同" in s["message"] for s in out["trace"])
