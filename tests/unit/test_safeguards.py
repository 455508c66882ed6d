"""The safeguard checks: each finding fires when the law was not followed, and not when it was."""

from __future__ import annotations

from typing import Any

import pytest
from casefile_builders import GOOD_FACTS, case, clean_plea_events, ev, moment, people, rec

from pleaguard.domain.case_file import CaseFile
from pleaguard.errors import InputError
from pleaguard.rules.safeguards import Report, check_case

MATTERS = ["facts_and_charge", "leniency_proposal", "procedure", "other"]


def run(c: CaseFile, as_of: str = "2024-03-05") -> Report:
    return check_case(c, moment(as_of))


def codes(c: CaseFile, as_of: str = "2024-03-05") -> set[str]:
    return set(run(c, as_of).codes())


def with_changes(changes: dict[int, dict[str, Any]] | None = None, drop: tuple[int, ...] = (),
                 extra: list[dict[str, Any]] | None = None, **kw: Any) -> CaseFile:
    events = clean_plea_events()
    for i, ch in (changes or {}).items():
        events[i].update(ch)
    events = [e for i, e in enumerate(events) if i not in drop] + (extra or [])
    return case(events, **kw)


def test_a_review_done_by_the_book_has_no_violation_or_risk() -> None:
    r = run(case(clean_plea_events()))
    assert [f for f in r.findings if f.severity != "info"] == []


def test_signing_without_a_defender_or_duty_lawyer_present_is_a_violation() -> None:
    r = run(with_changes({7: {"present": []}}))
    f = next(f for f in r.findings if f.code == "AFFIDAVIT_NO_LAWYER_PRESENT")
    assert f.severity == "violation" and f.event == "e8"
    assert ("cpl-2018", "174", 1) in {(c.instrument, c.article, c.paragraph) for c in f.cites}
    assert f.action  # says what the lawyer can still do


def test_a_minor_signing_without_legal_representative_and_defender_is_a_violation() -> None:
    c = case(clean_plea_events(), who=people(suspect={"birth_date": "2008-01-01"}))
    assert "AFFIDAVIT_MINOR_WITHOUT_GUARDIANS" in codes(c)


def test_a_minor_signing_with_representative_and_defender_present_is_fine() -> None:
    who = people({"id": "lr1", "role": "legal_representative", "name": "母亲", "represents": "s1"},
                 suspect={"birth_date": "2008-01-01"})
    events = clean_plea_events(lawyer="df1", role="defender_legal_aid")
    events[7]["present"] = ["df1", "lr1"]
    assert "AFFIDAVIT_MINOR_WITHOUT_GUARDIANS" not in codes(case(events, who=who))


def test_an_objection_of_a_minors_representative_means_no_affidavit_is_needed() -> None:
    who = people({"id": "lr1", "role": "legal_representative", "name": "母亲", "represents": "s1"},
                 suspect={"birth_date": "2008-01-01"})
    events = clean_plea_events(lawyer="df1", role="defender_legal_aid")
    events.insert(7, ev("o", "plea_objection", "2024-03-04", "14:50", by_person="lr1"))
    events[8]["present"] = ["df1", "lr1"]
    found = codes(case(events, who=who))
    assert {"AFFIDAVIT_NOT_REQUIRED", "AFFIDAVIT_SIGNED_OVER_OBJECTION"} <= found


def test_a_deaf_suspect_needs_no_affidavit_and_a_mandatory_defender() -> None:
    found = codes(case(clean_plea_events(), who=people(suspect={"disabilities": ["deaf"]})))
    assert {"AFFIDAVIT_NOT_REQUIRED", "MANDATORY_DEFENDER_MISSING",
            "AFFIDAVIT_SIGNED_WITHOUT_MANDATORY_DEFENDER", "PROCEDURE_EXCLUDED"} <= found


def test_a_legal_aid_defender_satisfies_the_mandatory_defence() -> None:
    events = clean_plea_events(lawyer="df1", role="defender_legal_aid")
    found = codes(case(events, who=people(suspect={"mental_capacity": "partial"})))
    assert "MANDATORY_DEFENDER_MISSING" not in found
    assert "AFFIDAVIT_NOT_REQUIRED" in found


def test_a_charge_whose_tier_reaches_life_imprisonment_requires_a_defender() -> None:
    c = case(clean_plea_events(), charges=[{"person": "s1", "crime": "theft", "tier": 3}])
    assert "MANDATORY_DEFENDER_MISSING" in codes(c)


def test_a_charge_without_its_tier_flags_a_possible_mandatory_defence() -> None:
    c = case(clean_plea_events(), charges=[{"person": "s1", "crime": "robbery"}])
    assert "MANDATORY_DEFENDER_POSSIBLY_REQUIRED" in codes(c)


def test_an_affidavit_missing_recommendation_or_procedure_is_incomplete() -> None:
    c = case([*clean_plea_events()[:7], ev("e8", "plea_affidavit_signed", "2024-03-04", "15:00", present=["dl1"])])
    assert "AFFIDAVIT_CONTENT_INCOMPLETE" in codes(c)


def test_opinions_heard_before_the_rights_notice_is_a_violation() -> None:
    c = with_changes({1: {"at": "2024-03-04T16:00:00+08:00"}})
    assert "RIGHTS_NOTICE_MISSING_BEFORE_OPINIONS" in codes(c)


def test_a_notice_of_rights_without_the_plea_law_is_not_enough() -> None:
    c = with_changes({1: {"topics": ["litigation_rights", "duty_lawyer"]}})
    assert "RIGHTS_NOTICE_MISSING_BEFORE_OPINIONS" in codes(c)


def test_a_duty_lawyer_heard_on_only_some_of_the_four_matters_is_a_violation() -> None:
    c = with_changes({5: {"matters": ["leniency_proposal"]}})
    f = next(f for f in run(c).findings if f.code == "OPINIONS_NOT_HEARD_LAWYER")
    assert f.severity == "violation"
    assert "涉嫌的犯罪事实" in f.message and "从宽处罚的建议" not in f.message


def test_a_victim_not_heard_is_flagged_only_when_the_case_has_a_victim() -> None:
    assert "OPINIONS_NOT_HEARD_VICTIM" not in codes(case(clean_plea_events()))
    c = case(clean_plea_events(), who=people({"id": "v1", "role": "victim", "name": "丁"}))
    assert "OPINIONS_NOT_HEARD_VICTIM" in codes(c)


def test_a_duty_lawyer_who_never_read_the_file_before_signing_is_a_violation() -> None:
    assert "DUTY_LAWYER_NO_FILE_ACCESS" in codes(with_changes(drop=(3,)))


def test_file_access_after_signing_does_not_cure_the_gap() -> None:
    c = with_changes({3: {"at": "2024-03-04T16:00:00+08:00"}})
    assert "DUTY_LAWYER_NO_FILE_ACCESS" in codes(c)


def test_a_defender_without_file_access_is_a_risk_not_a_violation() -> None:
    events = clean_plea_events(lawyer="df1", role="defender_retained")
    del events[3]
    f = next(f for f in run(case(events)).findings if f.code == "DEFENDER_NO_FILE_ACCESS")
    assert f.severity == "risk"


def test_a_held_suspect_with_no_lawyer_and_no_duty_lawyer_notice_is_a_violation() -> None:
    c = case([ev("d", "detained", "2024-03-01"), ev("a", "arrested", "2024-03-03")])
    assert "DUTY_LAWYER_NOTICE_MISSING" in codes(c, "2024-03-04")
    told = case([ev("d", "detained", "2024-03-01"),
                 ev("n", "rights_notice", "2024-03-01", "12:00", by="detention_house", topics=["duty_lawyer"])])
    found = codes(told, "2024-03-02")
    assert "DUTY_LAWYER_NOTICE_MISSING" not in found and "NO_LAWYER" in found


def test_a_pleading_suspect_without_any_lawyer_at_review_must_get_a_duty_lawyer() -> None:
    events = [ev("r", "received_for_review", "2024-03-04"),
              ev("p", "recommendation_proposed", "2024-03-04", "11:00", recommendation=rec(6))]
    assert "DUTY_LAWYER_NOT_NOTIFIED" in codes(case(events))


def test_speedy_chosen_for_an_excluded_defendant_is_a_violation_naming_the_reason() -> None:
    c = case([*clean_plea_events(), ev("i", "indicted", "2024-03-06", procedure="speedy")],
             facts={**GOOD_FACTS, "major_social_impact": True})
    f = next(f for f in run(c, "2024-03-07").findings if f.code == "PROCEDURE_EXCLUDED")
    assert "重大社会影响" in f.message
    assert {"223", "370"} <= {c.article for c in f.cites}


def test_speedy_with_unconfirmed_conditions_is_only_information() -> None:
    c = case(clean_plea_events(), facts={**GOOD_FACTS, "facts_clear_evidence_sufficient": None})
    f = next(f for f in run(c).findings if f.code == "PROCEDURE_CONDITIONS_UNCONFIRMED")
    assert f.severity == "info"


def test_a_plea_withdrawn_in_a_speedy_trial_without_conversion_is_a_violation() -> None:
    events = [*clean_plea_events(), ev("i", "indicted", "2024-03-06", procedure="speedy"),
              ev("t", "trial_accepted", "2024-03-07", procedure="speedy"), ev("w", "plea_withdrawn", "2024-03-08")]
    found = codes(case(events), "2024-03-09")
    assert {"CONVERSION_REQUIRED", "PLEA_WITHDRAWN_AT_TRIAL"} <= found
    events.append(ev("c", "procedure_converted", "2024-03-09", to_procedure="ordinary", reason="denies_facts"))
    found = codes(case(events), "2024-03-10")
    assert "CONVERSION_REQUIRED" not in found and "PLEA_WITHDRAWN_AT_TRIAL" in found


def test_a_plea_withdrawn_before_indictment_explains_the_consequences() -> None:
    f = next(f for f in run(with_changes(extra=[ev("w", "plea_withdrawn", "2024-03-05", "09:00")]), "2024-03-05")
             .findings if f.code == "PLEA_WITHDRAWN_BEFORE_TRIAL")
    assert "具结书" in f.message


def test_a_plea_withdrawn_after_non_prosecution_cites_spp_rule_278() -> None:
    c = with_changes(extra=[ev("n", "not_prosecuted", "2024-03-06"), ev("w", "plea_withdrawn", "2024-03-07")])
    f = next(f for f in run(c, "2024-03-08").findings if f.code == "PLEA_WITHDRAWN_AFTER_NON_PROSECUTION")
    assert ("spp-rules-2019", "278") in {(x.instrument, x.article) for x in f.cites}


def test_a_signed_recommendation_different_from_the_one_heard_is_a_violation() -> None:
    c = with_changes({7: {"recommendation": rec(10)}},
                     extra=[ev("e9", "recommendation_proposed", "2024-03-04", "14:50", revises="e5",
                               recommendation=rec(10))])
    assert "SIGNED_RECOMMENDATION_DIFFERS_FROM_HEARD" in codes(c)


def test_a_signed_recommendation_different_from_the_proposal_is_a_risk() -> None:
    f = next(f for f in run(with_changes({7: {"recommendation": rec(9)}})).findings
             if f.code == "SIGNED_RECOMMENDATION_DIFFERS_FROM_PROPOSED")
    assert f.severity == "risk"


def test_a_recommendation_revised_after_signing_is_flagged() -> None:
    c = with_changes(extra=[ev("e9", "recommendation_proposed", "2024-03-05", "09:00", revises="e5",
                               recommendation=rec(12))])
    assert "RECOMMENDATION_CHANGED_AFTER_SIGNING" in codes(c, "2024-03-06")


def test_a_deadline_due_within_the_window_is_a_risk_and_a_missed_one_a_violation() -> None:
    c = case(clean_plea_events("2024-03-04"))
    assert "DEADLINE_DUE_SOON" in codes(c, "2024-03-12")
    assert "DEADLINE_DUE_SOON" not in codes(c, "2024-03-05")
    assert "DEADLINE_MISSED" in codes(c, "2024-03-20")


def test_the_check_ignores_events_after_as_of() -> None:
    c = with_changes(extra=[ev("w", "plea_withdrawn", "2024-03-10")])
    assert "PLEA_WITHDRAWN_BEFORE_TRIAL" not in codes(c, "2024-03-05")


def test_as_of_without_an_offset_is_rejected() -> None:
    import datetime as dt

    with pytest.raises(InputError):
        check_case(case(clean_plea_events()), dt.datetime(2024, 3, 5))


def test_the_report_follows_the_check_contract() -> None:
    out = run(with_changes({7: {"present": []}})).to_dict()
    assert set(out) >= {"findings", "deadlines", "procedure"}
    f = out["findings"][0]
    assert set(f) >= {"code", "severity", "message", "cites"}
    assert f["severity"] in ("violation", "risk", "info")
    d = out["deadlines"][0]
    assert set(d) >= {"what", "due", "cites"}
    assert out["procedure"]["s1"]["eligibility"]["speedy"]["eligible"] is True


def test_findings_are_ordered_most_serious_first() -> None:
    sev = [f.severity for f in run(with_changes({7: {"present": []}}, drop=(3,))).findings]
    order = {"violation": 0, "risk": 1, "info": 2}
    assert sev == sorted(sev, key=order.__getitem__)


def test_every_finding_cites_instruments_of_the_registry() -> None:
    from pleaguard.rules.parameters import load_law

    law = load_law()
    r = run(case(clean_plea_events(), who=people({"id": "v1", "role": "victim", "name": "丁"},
                                                 suspect={"disabilities": ["deaf"]})))
    for f in r.findings:
        assert f.cites, f.code
        for c in f.cites:
            assert c.instrument in law.instruments, (f.code, c)


def test_the_check_command_prints_chinese_text_and_json(tmp_path: Any) -> None:
    import json

    from typer.testing import CliRunner

    from pleaguard.cli import app

    path = tmp_path / "case.json"
    data = {"case_id": "T-9", "people": people(), "charges": [],
            "events": [{**e} for e in clean_plea_events()]}
    data["events"][7]["present"] = []
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    runner = CliRunner()
    text = runner.invoke(app, ["check", str(path), "--as-of", "2024-03-05"])
    assert text.exit_code == 0, text.output
    assert "【违法】" in text.output and "第一百七十四条第一款" in text.output
    js = runner.invoke(app, ["check", str(path), "--as-of", "2024-03-05T12:00:00+08:00", "--json"])
    assert "AFFIDAVIT_NO_LAWYER_PRESENT" in [f["code"] for f in json.loads(js.output)["findings"]]


def test_the_check_command_exits_2_with_one_line_on_bad_input(tmp_path: Any) -> None:
    import subprocess
    import sys

    path = tmp_path / "bad.json"
    path.write_text('{"case_id": "x", "people": [{"id": "s1", "role": "suspect", "name": "甲"}], '
                    '"events": [{"id": "e1", "type": "detained", "at": "2024-03-01T10:00:00", "person": "s1"}]}',
                    encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", "from pleaguard.cli import main; main()", "check", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().count("\n") == 0
    assert "events[0](id=e1).at" in proc.stderr


def test_every_finding_code_is_documented_in_the_case_file_guide() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    source = "".join(p.read_text(encoding="utf-8") for p in (root / "src/pleaguard/rules/safeguards").glob("*.py"))
    found = set(re.findall(r'"([A-Z][A-Z_]{4,})", (?:"violation"|"risk"|"info"|sev)', source))
    assert len(found) >= 30
    doc = (root / "docs/case-file.md").read_text(encoding="utf-8")
    assert sorted(c for c in found if f"`{c}`" not in doc) == []


# ---------------------------------------------------------------------------------------------- tiers from the facts


def _review(charges: list[dict[str, Any]], *extra: dict[str, Any]) -> CaseFile:
    """A case in prosecution review with a duty lawyer only and no recommendation yet: only the charges tell."""
    return case([ev("e1", "received_for_review", "2024-03-04", "09:00"),
                 ev("e2", "rights_notice", "2024-03-04", "09:30", by="procuratorate",
                    topics=["litigation_rights", "plea_law", "duty_lawyer"]),
                 ev("e3", "lawyer_assigned", "2024-03-04", "10:00", lawyer="dl1", role="duty_lawyer"), *extra],
                charges=charges)


def _finding(c: CaseFile, code: str, as_of: str = "2024-03-05") -> Any:
    return next((f for f in run(c, as_of).findings if f.code == code), None)


@pytest.mark.parametrize("charge", [
    {"crime": "robbery", "facts": {"in_home": True}},  # 入户抢劫: 十年以上有期徒刑、无期徒刑或者死刑
    {"crime": "drug_trafficking", "facts": {"drug": "heroin", "grams": 60}},  # 数量大: 十五年、无期徒刑或者死刑
    {"crime": "theft", "facts": {"amount_yuan": 800_000}},  # 数额特别巨大 in every province: 无期徒刑
])
def test_facts_that_put_the_charge_in_a_tier_reaching_life_require_a_defender(charge: dict[str, Any]) -> None:
    f = _finding(_review([{"person": "s1", **charge}]), "MANDATORY_DEFENDER_MISSING")
    assert f is not None and f.severity == "violation"
    assert "按案卷记载的犯罪事实推定为第" in f.message
    assert ("cpl-2018", "35", 3) in {(c.instrument, c.article, c.paragraph) for c in f.cites}
    assert any(c.instrument == "cl" for c in f.cites)


@pytest.mark.parametrize("charge", [
    {"crime": "theft", "facts": {"amount_yuan": 2000}},
    {"crime": "robbery", "facts": {"robberies": 1}},  # 抢劫一次: 三年以上十年以下
    {"crime": "drug_trafficking", "facts": {"drug": "heroin", "grams": 5}},
    {"crime": "theft", "facts": {"amount_yuan": 50_000}},  # tier 1 or 2 by province: neither reaches life
])
def test_facts_in_a_tier_without_life_or_death_require_no_defender(charge: dict[str, Any]) -> None:
    found = codes(_review([{"person": "s1", **charge}]))
    assert "MANDATORY_DEFENDER_MISSING" not in found
    assert "MANDATORY_DEFENDER_POSSIBLY_REQUIRED" not in found


def test_facts_whose_tier_depends_on_the_province_leave_the_defence_possibly_mandatory() -> None:
    # 400,000 yuan is 数额巨大 everywhere and 数额特别巨大 where the province fixed 300,000-400,000
    f = _finding(_review([{"person": "s1", "crime": "theft", "facts": {"amount_yuan": 400_000}}]),
                 "MANDATORY_DEFENDER_POSSIBLY_REQUIRED")
    assert f is not None and "取决于所在省份" in f.message


def test_a_stated_tier_prevails_over_the_facts() -> None:
    c = _review([{"person": "s1", "crime": "robbery", "tier": 1, "facts": {"in_home": True}}])
    assert "MANDATORY_DEFENDER_MISSING" not in codes(c)


def test_facts_below_the_crimes_threshold_fall_back_to_every_tier_of_the_article() -> None:
    f = _finding(_review([{"person": "s1", "crime": "theft", "facts": {"amount_yuan": 50}}]),
                 "MANDATORY_DEFENDER_POSSIBLY_REQUIRED")
    assert f is not None and "不足以确定法定刑幅度" in f.message


def test_a_crime_the_crime_rules_do_not_encode_uses_the_cited_fallback_table() -> None:
    homicide = {"person": "s1", "crime": "intentional_homicide"}
    assert "MANDATORY_DEFENDER_MISSING" in codes(_review([{**homicide, "tier": 2}]))
    assert "MANDATORY_DEFENDER_MISSING" not in codes(
        _review([{"person": "s1", "crime": "intentional_homicide", "tier": 1}]))
    f = _finding(_review([{"person": "s1", "crime": "intentional_homicide"}]), "MANDATORY_DEFENDER_POSSIBLY_REQUIRED")
    assert f is not None and "故意杀人罪" in f.message and "其中有法定最高刑为无期徒刑或者死刑的幅度" in f.message
    assert ("cl", "232") in {(c.instrument, c.article) for c in f.cites}


def test_an_unencoded_crime_says_the_answer_is_unknown_rather_than_that_it_reaches_life() -> None:
    f = _finding(_review([{"person": "s1", "crime": "bribery"}]), "MANDATORY_DEFENDER_POSSIBLY_REQUIRED")
    assert f is not None and "不在本数据中" in f.message and "无法判断" in f.message


def test_the_law_of_the_offense_date_decides_and_an_unencoded_one_leaves_life_undecided() -> None:
    # 非法吸收公众存款罪 before Amendment XI is not encoded; the later law (no life) bounds it from above
    c = _review([{"person": "s1", "crime": "illegal_fundraising", "facts": {"level": "huge"},
                  "offense_date": "2020-05-01"}])
    found = codes(c)
    assert "MANDATORY_DEFENDER_MISSING" not in found and "MANDATORY_DEFENDER_POSSIBLY_REQUIRED" not in found


# ---------------------------------------------------------------------------------------- sentence over 1 / 3 years


def test_without_tier_or_recommendation_the_facts_decide_the_speedy_review_limit_and_say_so() -> None:
    c = _review([{"person": "s1", "crime": "dangerous_driving", "facts": {"conduct": "drunk_driving"}}],
                ev("e4", "opinions_heard", "2024-03-04", "14:30", from_person="dl1", matters=MATTERS),
                ev("e5", "plea_affidavit_signed", "2024-03-04", "15:00", present=["dl1"],
                   recommendation=rec(3, "criminal_detention"), procedure="speedy"))
    ds = [d for d in run(c).deadlines if d.code == "prosecution_review"]
    assert len(ds) == 1
    # 拘役 at most six months: never over one year, so no extension to fifteen days
    assert ds[0].extended_due is None
    assert "按案卷记载的犯罪事实推定为第1档" in ds[0].what


def test_facts_reaching_life_mean_a_simplified_trial_may_run_one_and_a_half_months_and_are_marked() -> None:
    c = _review([{"person": "s1", "crime": "robbery", "facts": {"in_home": True}}],
                ev("i", "indicted", "2024-03-06", procedure="simplified"),
                ev("t", "trial_accepted", "2024-03-07", procedure="simplified"))
    (trial,) = [d for d in run(c, "2024-03-08").deadlines if d.code == "trial"]
    assert trial.extended_due is not None
    assert trial.extension_condition == "可能判处的有期徒刑超过三年"
    assert "按案卷记载的犯罪事实推定为第2档" in trial.what


def test_facts_in_a_tier_up_to_three_years_exclude_the_simplified_extension() -> None:
    c = _review([{"person": "s1", "crime": "theft", "facts": {"amount_yuan": 2000}}],
                ev("i", "indicted", "2024-03-06", procedure="simplified"),
                ev("t", "trial_accepted", "2024-03-07", procedure="simplified"))
    (trial,) = [d for d in run(c, "2024-03-08").deadlines if d.code == "trial"]
    assert trial.extended_due is None and "推定为第1档" in trial.what
    ps_text = run(c, "2024-03-08").procedure["s1"]["eligibility"]["speedy"]["conditions"]
    cond = next(x for x in ps_text if x["code"] == "up_to_three_years")
    assert cond["met"] is True and "推定为第1档" in cond["message"]


def test_facts_reaching_life_fail_the_speedy_three_year_condition() -> None:
    c = _review([{"person": "s1", "crime": "drug_trafficking", "facts": {"drug": "heroin", "grams": 60}}])
    speedy = run(c).procedure["s1"]["eligibility"]["speedy"]
    assert "up_to_three_years" in {r["code"] for r in speedy["reasons_against"]}


def test_several_charges_add_up_so_two_tiers_of_three_years_may_exceed_three_years() -> None:
    c = _review([{"person": "s1", "crime": "theft", "tier": 1}, {"person": "s1", "crime": "fraud", "tier": 1}],
                ev("i", "indicted", "2024-03-06", procedure="simplified"),
                ev("t", "trial_accepted", "2024-03-07", procedure="simplified"))
    (trial,) = [d for d in run(c, "2024-03-08").deadlines if d.code == "trial"]
    assert trial.extended_due is not None and "案卷不能确定" in (trial.extension_condition or "")


def test_a_simplified_trial_that_may_exceed_three_years_must_be_heard_by_a_panel() -> None:
    extra = (ev("i", "indicted", "2024-03-06", procedure="simplified"),
             ev("t", "trial_accepted", "2024-03-07", procedure="simplified"))
    f = _finding(_review([{"person": "s1", "crime": "robbery", "facts": {"in_home": True}}], *extra),
                 "SIMPLIFIED_PANEL_REQUIRED", "2024-03-08")
    assert f is not None and f.severity == "info" and "推定为第2档" in f.message
    assert {("cpl-2018", "216"), ("spc-cpl-interpretation-2021", "366")} <= {(c.instrument, c.article) for c in f.cites}
    small = _review([{"person": "s1", "crime": "theft", "facts": {"amount_yuan": 2000}}], *extra)
    assert _finding(small, "SIMPLIFIED_PANEL_REQUIRED", "2024-03-08") is None


@pytest.mark.parametrize(("offense_date", "extended"), [("2020-05-01", False), ("2022-05-01", True)])
def test_the_ranges_in_force_on_the_offense_date_decide_and_amendment_xi_raised_the_gambling_house_range(
        offense_date: str, extended: bool) -> None:
    # CL 303 ¶2: 三年以下 until 2021-02-28, 五年以下 from 2021-03-01 (Amendment XI); CL 12 keeps the lighter old law
    c = _review([{"person": "s1", "crime": "gambling_house", "tier": 1, "offense_date": offense_date}],
                ev("i", "indicted", "2024-03-06", procedure="simplified"),
                ev("t", "trial_accepted", "2024-03-07", procedure="simplified"))
    (trial,) = [d for d in run(c, "2024-03-08").deadlines if d.code == "trial"]
    assert (trial.extended_due is not None) is extended
