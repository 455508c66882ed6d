"""The official holiday calendar: which days are working days in China.

A day is a working day when it is a weekday (Monday to Friday) that the State Council's yearly notice
(国务院办公厅关于YYYY年部分节假日安排的通知) does not make a day off, or a weekend day that the notice makes a
make-up working day (调休上班). The notices are data in `law/calendar/holidays-YYYY.yaml`, each day citing its
notice (instrument ids of kind `calendar` in `law/sources.yaml`). A day outside the covered years raises
`DateOutsideCalendar`: the calendar never guesses a year whose notice it does not hold.

`HolidayCalendar` is the interface; `OfficialCalendar` reads the data files; `FakeCalendar` is for tests.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pleaguard.errors import InputError, MalformedLaw
from pleaguard.rules.citations import Citation
from pleaguard.rules.parameters import default_root, load_yaml, parse_instruments


class DateOutsideCalendar(InputError):
    """A day that the holiday calendar does not cover; no answer is better than a guessed one."""


@dataclass(frozen=True, slots=True)
class DayInfo:
    """What the calendar knows about one day: working or not, why, and on whose authority."""

    day: dt.date
    working: bool
    name: str | None = None
    notice: str | None = None

    @property
    def cite(self) -> Citation | None:
        return Citation(self.notice, "全文") if self.notice else None


class HolidayCalendar(Protocol):
    """Tells working days from days off (节假日) for the days it covers."""

    def day(self, day: dt.date) -> DayInfo:
        """The calendar's entry for `day`; raises DateOutsideCalendar outside the covered range."""
        ...

    def covers(self, day: dt.date) -> bool:
        ...


class _TableCalendar:
    """A calendar from explicit days off and make-up working days, valid on covered date ranges."""

    def __init__(self, ranges: Iterable[tuple[dt.date, dt.date]], off: dict[dt.date, tuple[str, str | None]],
                 work: dict[dt.date, tuple[str, str | None]], description: str) -> None:
        self._ranges = sorted(ranges)
        self._off = off
        self._work = work
        self.description = description

    def covers(self, day: dt.date) -> bool:
        return any(a <= day <= b for a, b in self._ranges)

    def day(self, day: dt.date) -> DayInfo:
        if not self.covers(day):
            spans = ", ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in self._ranges) or "none"
            raise DateOutsideCalendar(
                f"{day.isoformat()} 不在节假日日历覆盖的期间内：本数据未收录当年国务院节假日安排的通知，"
                "无法确定工作日 / "
                f"{day.isoformat()} is outside the holiday calendar ({self.description}); "
                "the State Council notice for that year is not in the data, so working days cannot be known",
                field="date", allowed=spans,
            )
        if day in self._work:
            name, notice = self._work[day]
            return DayInfo(day, True, f"{name}调休上班", notice)
        if day in self._off:
            name, notice = self._off[day]
            return DayInfo(day, False, name, notice)
        if day.weekday() >= 5:
            return DayInfo(day, False, "公休日", None)
        return DayInfo(day, True, None, None)

    def is_working_day(self, day: dt.date) -> bool:
        return self.day(day).working


class OfficialCalendar(_TableCalendar):
    """The State Council arrangements for 2018 onwards, read from `law/calendar/holidays-*.yaml`."""

    @classmethod
    def load(cls, root: Path | None = None) -> OfficialCalendar:
        return _load_official(str(root or default_root()))


def _date(raw: Any, where: str) -> dt.date:
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        return raw
    try:
        return dt.date.fromisoformat(str(raw))
    except ValueError:
        raise MalformedLaw(f"{where}: {raw!r} is not a date (YYYY-MM-DD)") from None


@lru_cache(maxsize=4)
def _load_official(root: str) -> OfficialCalendar:
    base = Path(root)
    instruments = parse_instruments(load_yaml(base / "sources.yaml"), str(base / "sources.yaml"))
    ranges: list[tuple[dt.date, dt.date]] = []
    off: dict[dt.date, tuple[str, str | None]] = {}
    work: dict[dt.date, tuple[str, str | None]] = {}
    files = sorted((base / "calendar").glob("holidays-*.yaml"))
    if not files:
        raise MalformedLaw(f"{base / 'calendar'}: no holidays-YYYY.yaml files")
    for path in files:
        data = load_yaml(path)
        where = str(path)
        if not isinstance(data, dict) or set(data) - {"year", "covers", "days_off", "work_days"}:
            raise MalformedLaw(f"{where}: expected keys year, covers, days_off, work_days")
        cov = data["covers"]
        start, end = _date(cov["from"], f"{where}: covers.from"), _date(cov["to"], f"{where}: covers.to")
        if start.year != data["year"] or end.year != data["year"] or end < start:
            raise MalformedLaw(f"{where}: covers must lie within the year {data['year']}")
        ranges.append((start, end))

        def notice(entry: dict[str, Any], w: str) -> str:
            iid = str(entry.get("notice"))
            if iid not in instruments or instruments[iid].kind != "calendar":
                raise MalformedLaw(f"{w}: notice {iid!r} is not a calendar instrument in sources.yaml")
            return iid

        for i, entry in enumerate(data.get("days_off") or []):
            w = f"{where}: days_off[{i}]"
            a, b = _date(entry["from"], w), _date(entry["to"], w)
            iid = notice(entry, w)
            d = a
            while d <= b:
                if d in off or d in work:
                    raise MalformedLaw(f"{w}: {d.isoformat()} is listed twice")
                off[d] = (str(entry["name"]), iid)
                d += dt.timedelta(days=1)
        for i, entry in enumerate(data.get("work_days") or []):
            w = f"{where}: work_days[{i}]"
            d = _date(entry["date"], w)
            if d.weekday() < 5:
                raise MalformedLaw(f"{w}: {d.isoformat()} is a weekday; a make-up working day is a weekend day")
            if d in off or d in work:
                raise MalformedLaw(f"{w}: {d.isoformat()} is listed twice")
            work[d] = (str(entry["name"]), notice(entry, w))
    for d in list(off) + list(work):
        if not any(a <= d <= b for a, b in ranges):
            raise MalformedLaw(f"calendar: {d.isoformat()} is listed outside the covered ranges")
    return OfficialCalendar(ranges, off, work, "State Council holiday arrangements")


class FakeCalendar(_TableCalendar):
    """A calendar for tests: give the covered years, the days off and the make-up working days."""

    def __init__(self, years: Iterable[int], days_off: Iterable[dt.date] = (),
                 work_days: Iterable[dt.date] = ()) -> None:
        ranges = [(dt.date(y, 1, 1), dt.date(y, 12, 31)) for y in years]
        super().__init__(ranges, {d: ("假日", None) for d in days_off}, {d: ("调休", None) for d in work_days},
                         "fake calendar")
