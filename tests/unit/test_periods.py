"""CPL Art. 105 counting, SPC-I Art. 202 month ends, and the official holiday calendar."""

from __future__ import annotations

import datetime as dt

import pytest

from pleaguard.errors import AmbiguousDate
from pleaguard.rules.parameters import load_law
from pleaguard.rules.procedure.calendar import DateOutsideCalendar, FakeCalendar, OfficialCalendar
from pleaguard.rules.procedure.periods import Duration, add_months, period_end

D = dt.date.fromisoformat
CAL = OfficialCalendar.load()


def due(start: str, days: int = 0, months: int = 0, *, custody: bool, cal: object = CAL) -> str:
    return period_end(D(start), Duration(months, days), in_custody=custody, calendar=cal).due.isoformat()  # type: ignore[arg-type]


# --- the holiday rule across National Day and the Spring Festival -------------------------------------------


def test_in_custody_a_ten_day_period_ending_in_the_national_day_holiday_is_not_extended() -> None:
    assert due("2024-09-27", 10, custody=True) == "2024-10-07"


def test_out_of_custody_a_period_ending_in_the_national_day_holiday_moves_to_the_first_working_day() -> None:
    assert due("2024-09-27", 10, custody=False) == "2024-10-08"


def test_out_of_custody_a_period_ending_on_the_first_day_of_national_day_moves_past_the_whole_week() -> None:
    assert due("2025-09-21", 10, custody=False) == "2025-10-09"  # 2025-10-01..08 off (国庆节、中秋节)
    assert due("2025-09-21", 10, custody=True) == "2025-10-01"


def test_out_of_custody_a_period_ending_in_the_spring_festival_moves_past_it() -> None:
    assert due("2025-01-24", 10, custody=False) == "2025-02-05"  # 2025-01-28..02-04 off
    assert due("2025-01-24", 10, custody=True) == "2025-02-03"


def test_a_make_up_working_day_on_a_weekend_is_a_working_day() -> None:
    # 2024-02-08 + 10 = 2024-02-18, a Sunday worked after the Spring Festival (国办发明电〔2023〕7号)
    assert due("2024-02-08", 10, custody=False) == "2024-02-18"


def test_a_period_ending_on_an_ordinary_sunday_moves_to_monday_out_of_custody_only() -> None:
    assert due("2024-03-07", 10, custody=False) == "2024-03-18"
    assert due("2024-03-07", 10, custody=True) == "2024-03-17"


def test_the_start_day_is_not_counted() -> None:
    assert due("2024-03-04", 3, custody=True) == "2024-03-07"


def test_the_holiday_rollover_step_cites_the_notice_that_made_the_day_off() -> None:
    p = period_end(D("2024-09-27"), Duration(0, 10), in_custody=False, calendar=CAL)
    assert p.rolled_over and p.nominal_end == D("2024-10-07")
    instruments = {c.instrument for c in p.cites}
    assert {"cpl-2018", "gov-holidays-2024"} <= instruments


def test_the_2020_spring_festival_extension_makes_saturday_1_february_a_day_off() -> None:
    assert not CAL.day(D("2020-02-01")).working
    assert CAL.day(D("2020-02-01")).notice == "gov-holidays-2020-spring-festival-extension"
    assert due("2020-01-22", 10, custody=False) == "2020-02-03"


def test_the_2019_labour_day_change_gives_four_days_and_two_sundays_worked() -> None:
    assert [CAL.day(D(f"2019-05-0{d}")).working for d in range(1, 6)] == [False, False, False, False, True]
    assert CAL.day(D("2019-04-28")).working


def test_an_arrangement_reaching_into_the_previous_december_is_honoured() -> None:
    assert CAL.day(D("2022-12-31")).notice == "gov-holidays-2023"
    assert CAL.day(D("2018-12-31")).notice == "gov-holidays-2019"
    assert not CAL.day(D("2018-12-31")).working  # a Monday off under the 2019 notice
    assert CAL.day(D("2018-12-29")).working  # Saturday worked under the 2019 notice


@pytest.mark.parametrize("year", range(2018, 2027))
def test_every_year_from_2018_to_2026_is_covered_and_cites_its_notice(year: int) -> None:
    assert CAL.covers(D(f"{year}-06-30"))
    assert not CAL.day(D(f"{year}-10-01")).working
    assert CAL.day(D(f"{year}-10-01")).notice == f"gov-holidays-{year}"
    law = load_law()
    inst = law.instrument(f"gov-holidays-{year}")
    assert inst.kind == "calendar" and inst.document_number and inst.document_number.startswith("国办发明电")


@pytest.mark.parametrize(("year", "days_off", "weekend_days_worked"), [
    (2018, 23, 6), (2019, 24, 7), (2020, 30, 6), (2021, 31, 7), (2022, 31, 7), (2023, 27, 7), (2024, 28, 8),
    (2025, 28, 5), (2026, 33, 6),
])
def test_each_arrangement_has_the_number_of_days_its_notices_give(year: int, days_off: int,
                                                                   weekend_days_worked: int) -> None:
    ids = {f"gov-holidays-{year}", "gov-holidays-2019-labour-day" if year == 2019 else "",
           "gov-holidays-2020-spring-festival-extension" if year == 2020 else ""}
    day = D(f"{year - 1}-12-01")
    off = worked = 0
    while day <= D(f"{year}-12-25"):
        if CAL.covers(day):
            info = CAL.day(day)
            if info.notice in ids:
                off += not info.working
                worked += info.working
        day += dt.timedelta(days=1)
    assert (off, worked) == (days_off, weekend_days_worked)


def test_a_date_outside_the_calendar_raises_instead_of_guessing() -> None:
    with pytest.raises(DateOutsideCalendar):
        CAL.day(D("2017-12-31"))
    with pytest.raises(DateOutsideCalendar):
        due("2026-12-20", 10, custody=False)  # the 2027 arrangement is not in the data


def test_in_custody_the_calendar_is_not_needed() -> None:
    assert due("2026-12-20", 10, custody=True) == "2026-12-30"


def test_a_fake_calendar_drives_the_holiday_rule_in_tests() -> None:
    fake = FakeCalendar([2030], days_off=[D("2030-01-07")], work_days=[D("2030-01-12")])
    assert due("2030-01-04", 3, custody=False, cal=fake) == "2030-01-08"  # Mon 7th off
    assert due("2030-01-09", 3, custody=False, cal=fake) == "2030-01-12"  # Saturday worked


# --- months -------------------------------------------------------------------------------------------------


def test_one_month_runs_to_the_same_day_of_the_next_month() -> None:
    assert due("2024-03-15", months=1, custody=True) == "2024-04-15"


def test_from_the_last_day_of_a_month_one_month_runs_to_the_last_day_of_the_next() -> None:
    assert due("2024-04-30", months=1, custody=True) == "2024-05-31"


def test_january_31_plus_one_month_is_the_last_day_of_february_under_spci_202() -> None:
    assert due("2024-01-31", months=1, custody=True) == "2024-02-29"
    assert due("2023-01-31", months=1, custody=True) == "2023-02-28"


def test_one_and_a_half_months_is_one_month_and_fifteen_days() -> None:
    assert due("2024-03-15", 15, 1, custody=True) == "2024-04-30"


def test_january_31_plus_one_month_before_spci_202_raises_ambiguous_date() -> None:
    with pytest.raises(AmbiguousDate) as info:
        add_months(D("2020-01-31"), 1)
    assert "2020-02-29" in str(info.value) and "2020-03-02" in str(info.value)


def test_an_ordinary_month_before_spci_202_is_not_ambiguous() -> None:
    assert add_months(D("2020-01-15"), 1)[0] == D("2020-02-15")


def test_months_roll_over_the_year_end() -> None:
    assert add_months(D("2024-11-30"), 3)[0] == D("2025-02-28")
