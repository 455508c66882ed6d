"""Counting procedural periods (期间) under CPL Art. 105 and SPC interpretation Art. 202.

* 期间以时、日、月计算。期间开始的时和日不算在期间以内 (CPL 105 ¶1-2): the day a period starts is not counted,
  so a 10-day period that starts on the 1st ends on the 11th.
* Months are calendar months (SPC-I 202 ¶1): from a day of one month to the same day of the next month; from the
  last day of a month to the last day of the next; when the next month has no such day, to its last day;
  half a month is 15 days. Before SPC-I 202 was in force (2021-03-01) the texts at hand do not settle the
  irregular cases (a start on the 29th-31st, or on the last day of a month), so they raise `AmbiguousDate`
  with both candidate answers instead of guessing (the dates-calc `AbortOnRound` idea).
* 期间的最后一日为节假日的，以节假日后的第一日为期满日期，但犯罪嫌疑人、被告人或者罪犯在押期间，应当至期满之日为止，
  不得因节假日而延长 (CPL 105 ¶4): a period ending on a day off moves to the next working day, except while the
  suspect or defendant is in custody. Days off are the official calendar's (weekends and the State Council's
  arrangements, with make-up working days counted as working days); reading 节假日 to include ordinary weekends
  is the usual reading of the article, not its words, so that step says `basis: interpretation`.
"""

from __future__ import annotations

import calendar as _cal
import datetime as dt
from dataclasses import dataclass
from typing import Any

from pleaguard.errors import AmbiguousDate, MalformedLaw
from pleaguard.rules.citations import Citation, Step, cite
from pleaguard.rules.procedure.calendar import HolidayCalendar

CPL_105_START = cite("cpl-2018", 105, 2)
CPL_105_HOLIDAY = cite("cpl-2018", 105, 4)
SPCI_202 = cite("spc-cpl-interpretation-2021", 202, 1)
SPCI_202_IN_FORCE = dt.date(2021, 3, 1)


@dataclass(frozen=True, slots=True)
class Duration:
    """A period of whole calendar months followed by whole days (一个半月 = 1 month + 15 days)."""

    months: int = 0
    days: int = 0

    def __post_init__(self) -> None:
        if self.months < 0 or self.days < 0:
            raise ValueError("a period cannot be negative")

    @classmethod
    def from_value(cls, value: Any, name: str = "duration") -> Duration:
        """Read a `{months, days}` parameter value from the law data."""
        if not isinstance(value, dict) or set(value) - {"months", "days"}:
            raise MalformedLaw(f"{name}: expected {{months, days}}, got {value!r}")
        return cls(int(value.get("months", 0)), int(value.get("days", 0)))

    def zh(self) -> str:
        parts = []
        if self.months:
            parts.append(f"{self.months}个月")
        if self.days:
            parts.append(f"{self.days}日")
        return "".join(parts) or "0日"


@dataclass(frozen=True, slots=True)
class PeriodEnd:
    """Where a period ends: the nominal last day, the due day after the holiday rule, and the reasoning."""

    start: dt.date
    duration: Duration
    nominal_end: dt.date
    due: dt.date
    in_custody: bool
    rolled_over: bool
    steps: tuple[Step, ...]

    @property
    def cites(self) -> tuple[Citation, ...]:
        seen: list[Citation] = []
        for s in self.steps:
            for c in s.cites:
                if c not in seen:
                    seen.append(c)
        return tuple(seen)


def _last_day(year: int, month: int) -> int:
    return _cal.monthrange(year, month)[1]


def add_months(start: dt.date, months: int) -> tuple[dt.date, Step | None]:
    """The day `months` calendar months after `start` (SPC-I 202); raises AmbiguousDate where no rule settles it."""
    if months == 0:
        return start, None
    y, m = divmod(start.month - 1 + months, 12)
    year, month = start.year + y, m + 1
    last = _last_day(year, month)
    start_is_last = start.day == _last_day(start.year, start.month)
    same_day_missing = start.day > last
    if not start_is_last and not same_day_missing:
        return dt.date(year, month, start.day), None
    if start >= SPCI_202_IN_FORCE:
        end = dt.date(year, month, last)
        why = "起算日为本月最后一日" if start_is_last else "下月同日不存在"
        return end, Step("month_end", f"{why}，至该月最后一日（{end.isoformat()}）为期满", {"end": end.isoformat()},
                         (SPCI_202,), "law")
    candidates = sorted({dt.date(year, month, min(start.day, last)), dt.date(year, month, last)})
    if same_day_missing:
        candidates.append(dt.date(year, month, last) + dt.timedelta(days=start.day - last))
    raise AmbiguousDate(
        f"{start.isoformat()} 加 {months} 个月的期满日在刑诉法解释第二百零二条施行（2021-03-01）前没有唯一答案，"
        f"可能的期满日：{'、'.join(c.isoformat() for c in candidates)} / "
        f"{start.isoformat()} + {months} month(s) has no single answer before SPC interpretation Art. 202 "
        f"(in force 2021-03-01) settled month ends; candidates: {', '.join(c.isoformat() for c in candidates)}",
        field="date", allowed="a start on or after 2021-03-01, or a start day that every month has (1-28)",
    )


def period_end(start: dt.date, duration: Duration, *, in_custody: bool, calendar: HolidayCalendar) -> PeriodEnd:
    """The last day of a period that starts on `start` (not counted), after CPL 105's holiday rule.

    `in_custody` says whether the suspect or defendant is held (在押) while the period runs; then the period is
    not extended by a holiday. The calendar is consulted only when the holiday rule may apply.
    """
    steps: list[Step] = [Step("start_excluded",
                              f"期间开始之日（{start.isoformat()}）不算在期间以内，期间为{duration.zh()}",
                              {"start": start.isoformat()}, (CPL_105_START,))]
    end, month_step = add_months(start, duration.months)
    if month_step is not None:
        steps.append(month_step)
    end = end + dt.timedelta(days=duration.days)
    nominal = end
    steps.append(Step("nominal_end", f"期间的最后一日为{nominal.isoformat()}", {"nominal_end": nominal.isoformat()},
                      (CPL_105_START,) if month_step is None else (CPL_105_START, SPCI_202)))
    rolled = False
    if in_custody:
        if calendar.covers(nominal) and not calendar.day(nominal).working:
            steps.append(Step("custody_no_extension",
                              f"最后一日为节假日（{calendar.day(nominal).name}），但犯罪嫌疑人、被告人在押，期间不因节假日而延长",
                              {"due": nominal.isoformat()}, (CPL_105_HOLIDAY,)))
        return PeriodEnd(start, duration, nominal, nominal, True, False, tuple(steps))
    info = calendar.day(nominal)
    while not info.working:
        rolled = True
        info = calendar.day(info.day + dt.timedelta(days=1))
    if rolled:
        first_off = calendar.day(nominal)
        cites: tuple[Citation, ...] = (CPL_105_HOLIDAY,)
        if first_off.cite is not None:
            cites = (*cites, first_off.cite)
        steps.append(Step("holiday_rollover",
                          f"最后一日{nominal.isoformat()}为节假日（{first_off.name}），以节假日后的第一日{info.day.isoformat()}为期满日期",
                          {"due": info.day.isoformat()}, cites,
                          "interpretation" if first_off.name == "公休日" else "law"))
    return PeriodEnd(start, duration, nominal, info.day, False, rolled, tuple(steps))
