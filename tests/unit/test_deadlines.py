"""Deadlines of arrest, prosecution review, trial and appeal, with their extensions and statuses."""

from __future__ import annotations

import datetime as dt

from casefile_builders import case, clean_plea_events, ev, moment, rec

from pleaguard.domain import derive_state
from pleaguard.domain.case_file import CaseFile
from pleaguard.rules.parameters import load_law
from pleaguard.rules.procedure.calendar import OfficialCalendar
from pleaguard.rules.procedure.deadlines import Deadline, case_deadlines

D = dt.date.fromisoformat
LAW = load_law()
CAL = OfficialCalendar.load()


def deadlines(c: CaseFile, as_of: str) -> dict[str, Deadline]:
    s = derive_state(c).suspects["s1"]
    when = moment(as_of)
    return {d.code: d for d in case_deadlines(c, s, LAW.at(when.date()), CAL, when)}


def test_police_must_request_arrest_within_three_days_extendable_to_seven() -> None:
    d = deadlines(case([ev("d", "detained", "2024-03-04")]), "2024-03-05")["arrest_request"]
    assert (d.due, d.extended_due, d.status, d.in_custody) == (D("2024-03-07"), D("2024-03-11"), "open", True)


def test_a_roving_or_gang_suspect_allows_up_to_thirty_days() -> None:
    d = deadlines(case([ev("d", "detained", "2024-03-04", roving_repeated_or_gang=True)]), "2024-03-05")
    assert d["arrest_request"].extended_due == D("2024-04-03")


def test_an_arrest_request_past_seven_days_is_missed() -> None:
    d = deadlines(case([ev("d", "detained", "2024-03-04")]), "2024-03-12")["arrest_request"]
    assert d.status == "missed"


def test_between_three_and_seven_days_the_request_relies_on_the_extension() -> None:
    d = deadlines(case([ev("d", "detained", "2024-03-04")]), "2024-03-09")["arrest_request"]
    assert d.status == "extension_needed"


def test_the_procuratorate_decides_on_arrest_within_seven_days_of_the_request() -> None:
    c = case([ev("d", "detained", "2024-03-04"), ev("r", "arrest_requested", "2024-03-07"),
              ev("a", "arrested", "2024-03-15")])
    d = deadlines(c, "2024-03-20")
    assert d["arrest_request"].status == "met"
    assert (d["arrest_review"].due, d["arrest_review"].status) == (D("2024-03-14"), "met_late")


def test_a_pleading_speedy_eligible_review_has_ten_days_without_extension_for_a_short_sentence() -> None:
    d = deadlines(case(clean_plea_events("2024-09-27")), "2024-09-30")["prosecution_review"]
    assert d.due == D("2024-10-08")  # not in custody: the National Day holiday moves it
    assert d.extended_due is None  # the recommendation (8 months) is not over one year


def test_in_custody_the_same_review_ends_on_the_holiday() -> None:
    c = case([ev("d", "detained", "2024-09-01"), ev("a", "arrested", "2024-09-05"), *clean_plea_events("2024-09-27")])
    assert deadlines(c, "2024-09-30")["prosecution_review"].due == D("2024-10-07")


def test_a_recommendation_over_one_year_allows_fifteen_days() -> None:
    events = clean_plea_events("2024-03-04")
    events[4]["recommendation"] = rec(18)
    events[7]["recommendation"] = rec(18)
    d = deadlines(case(events), "2024-03-05")["prosecution_review"]
    assert (d.due, d.extended_due) == (D("2024-03-14"), D("2024-03-19"))


def test_without_a_plea_the_review_has_one_month_plus_fifteen_days_if_complex() -> None:
    c = case([ev("r", "received_for_review", "2024-03-11", major_or_complex=None)])
    d = deadlines(c, "2024-03-12")["prosecution_review"]
    assert (d.due, d.extended_due) == (D("2024-04-11"), D("2024-04-26"))


def test_a_one_month_review_ending_on_qingming_moves_to_the_sunday_worked_after_it() -> None:
    c = case([ev("r", "received_for_review", "2024-03-04", major_or_complex=False)])
    assert deadlines(c, "2024-03-05")["prosecution_review"].due == D("2024-04-07")


def test_a_review_of_a_case_not_major_or_complex_has_no_extension() -> None:
    c = case([ev("r", "received_for_review", "2024-03-04", major_or_complex=False)])
    assert deadlines(c, "2024-03-05")["prosecution_review"].extended_due is None


def test_an_excluded_speedy_case_falls_back_to_the_one_month_limit() -> None:
    from casefile_builders import people

    c = case(clean_plea_events("2024-03-11"), who=people(suspect={"disabilities": ["deaf"]}))
    d = deadlines(c, "2024-03-12")["prosecution_review"]
    assert d.due == D("2024-04-11")


def test_the_indictment_meets_the_review_deadline() -> None:
    c = case([*clean_plea_events("2024-03-04"), ev("i", "indicted", "2024-03-13", procedure="speedy")])
    d = deadlines(c, "2024-03-20")["prosecution_review"]
    assert (d.status, d.met_on) == ("met", D("2024-03-13"))


def trial_case(procedure: str, months: int = 8, converted: bool = False) -> CaseFile:
    events = clean_plea_events("2024-03-04")
    events[4]["recommendation"] = rec(months)
    events[7]["recommendation"] = rec(months)
    events += [ev("i", "indicted", "2024-03-08", procedure=procedure),
               ev("t", "trial_accepted", "2024-03-11", procedure=procedure)]
    if converted:
        events.append(ev("c", "procedure_converted", "2024-03-15", to_procedure="ordinary", reason="denies_facts"))
    return case(events)


def test_a_speedy_trial_ends_ten_days_after_acceptance() -> None:
    d = deadlines(trial_case("speedy"), "2024-03-12")["trial"]
    assert (d.due, d.extended_due) == (D("2024-03-21"), None)


def test_a_simplified_trial_has_twenty_days_or_one_and_a_half_months_over_three_years() -> None:
    short = deadlines(trial_case("simplified", 30), "2024-03-12")["trial"]
    assert (short.due, short.extended_due) == (D("2024-04-01"), None)  # 2024-03-31 is a Sunday
    long = deadlines(trial_case("simplified", 48), "2024-03-12")["trial"]
    assert long.extended_due == D("2024-04-26")


def test_an_ordinary_trial_has_two_months_at_most_three() -> None:
    d = deadlines(trial_case("ordinary", 30), "2024-03-12")["trial"]
    assert (d.due, d.extended_due) == (D("2024-05-11"), D("2024-06-11"))


def test_after_a_conversion_the_trial_period_restarts_from_the_decision() -> None:
    d = deadlines(trial_case("speedy", converted=True), "2024-03-16")["trial"]
    assert d.start == D("2024-03-15")
    assert d.due == D("2024-05-15")
    assert any(c.article == "376" for c in d.cites)


def test_the_appeal_period_counts_ten_days_from_the_day_after_service() -> None:
    c = trial_case("speedy")
    events = [e.model_dump(mode="json", exclude_none=True) for e in c.events]
    events.append(ev("j", "judgment", "2024-03-18", served_at="2024-03-19T10:00:00+08:00"))
    d = deadlines(case(events), "2024-03-20")["appeal"]
    assert (d.start, d.due, d.status) == (D("2024-03-19"), D("2024-03-29"), "open")


def test_an_appeal_period_that_ran_out_without_appeal_has_expired() -> None:
    c = trial_case("speedy")
    events = [e.model_dump(mode="json", exclude_none=True) for e in c.events]
    events.append(ev("j", "judgment", "2024-03-18"))
    assert deadlines(case(events), "2024-04-10")["appeal"].status == "expired"


def test_deadlines_cite_the_law_values_they_use() -> None:
    d = deadlines(trial_case("speedy"), "2024-03-12")["trial"]
    assert ("cpl-2018", "225") in {(c.instrument, c.article) for c in d.cites}
    assert ("cpl-2018", "105") in {(c.instrument, c.article) for c in d.cites}


def test_a_deadline_beyond_the_calendar_gives_the_nominal_day_and_flags_the_gap() -> None:
    from pleaguard.rules.safeguards import check_case

    c = case([ev("r", "received_for_review", "2026-11-27", major_or_complex=False)])
    d = deadlines(c, "2026-11-28")["prosecution_review"]
    assert (d.due, d.calendar_gap) == (D("2026-12-27"), True)
    assert "DEADLINE_CALENDAR_UNKNOWN" in check_case(c, moment("2026-11-28")).codes()


def test_in_custody_a_deadline_beyond_the_calendar_has_no_gap() -> None:
    c = case([ev("d", "detained", "2026-11-20"), ev("a", "arrested", "2026-11-23"),
              ev("r", "received_for_review", "2026-11-27", major_or_complex=False)])
    d = deadlines(c, "2026-11-28")["prosecution_review"]
    assert (d.due, d.calendar_gap) == (D("2026-12-27"), False)
