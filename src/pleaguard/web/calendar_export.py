"""The open deadlines of cases as an iCalendar file (RFC 5545), for a lawyer's own calendar program.

One all-day event per open deadline (status open, extension needed or missed), on the date it falls due: the
extended date when only an extension keeps it lawful, else the base date. Each event names the case and the
suspect, says the status and the legal basis, links to the case page and reminds a day before. Its UID is made
of the case, the deadline and the suspect, so importing a newer file updates the events instead of doubling
them. The file is a snapshot: it is re-downloaded to follow the case.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from icalendar import Alarm, Calendar, Event

from pleaguard.services.urgency import OPEN_STATUSES

PRODUCT_ID = "-//PleaGuard//plea case deadlines//ZH"


@dataclass(frozen=True)
class CaseDeadlines:
    """What the calendar needs of one case: its id and title, its people by id, and its deadlines (as the
    procedure domain's dictionaries)."""

    case_id: str
    title: str
    people: dict[str, str]
    deadlines: list[dict[str, Any]]


def falls_due(deadline: dict[str, Any]) -> dt.date:
    """The date the lawyer must act by: the extended date when the base period has passed, else the due date."""
    if deadline.get("status") == "extension_needed" and deadline.get("extended_due"):
        return dt.date.fromisoformat(str(deadline["extended_due"]))
    return dt.date.fromisoformat(str(deadline["due"]))


def deadlines_calendar(
    cases: Iterable[CaseDeadlines],
    *,
    stamp: dt.datetime,
    base_url: str,
    gettext: Callable[[str], str],
    status_label: Callable[[str], str],
    cite_text: Callable[[dict[str, Any]], str],
    lang: str = "zh",
) -> bytes:
    """The calendar of every open deadline of `cases`, in the language `lang` of `gettext`, stamped `stamp`."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("PleaGuard deadlines"))
    for case in cases:
        for deadline in case.deadlines:
            if not isinstance(deadline, dict) or deadline.get("status") not in OPEN_STATUSES:
                continue
            calendar.add_component(_event(case, deadline, stamp, base_url, gettext, status_label, cite_text, lang))
    return bytes(calendar.to_ical())


def _event(
    case: CaseDeadlines,
    deadline: dict[str, Any],
    stamp: dt.datetime,
    base_url: str,
    gettext: Callable[[str], str],
    status_label: Callable[[str], str],
    cite_text: Callable[[dict[str, Any]], str],
    lang: str,
) -> Event:
    day = falls_due(deadline)
    colon = "：" if lang == "zh" else ": "
    person = str(deadline.get("person") or "")
    who = case.people.get(person, person)
    event = Event()
    event.add("uid", f"{case.case_id}/{deadline.get('code', '')}/{person}/{deadline.get('start', '')}@pleaguard")
    event.add("dtstamp", stamp.astimezone(dt.UTC))
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", f"【{case.case_id}】{deadline.get('what', '')}" + (f"（{who}）" if who else ""))
    lines = [case.title, f"{gettext('Status')}{colon}{status_label(str(deadline.get('status')))}"]
    if deadline.get("status") == "extension_needed" and deadline.get("extension_condition"):
        lines.append(str(deadline["extension_condition"]))
    cites = [cite_text(c) for c in deadline.get("cites", []) if isinstance(c, dict)]
    if cites:
        lines.append(f"{gettext('Basis')}{colon}" + ("；" if lang == "zh" else "; ").join(cites))
    lines.append(gettext("PleaGuard computes ranges the law allows; it does not replace a lawyer's judgment."))
    event.add("description", "\n".join(line for line in lines if line))
    event.add("url", f"{base_url.rstrip('/')}/cases/{quote(case.case_id, safe='')}")
    event.add("categories", ["PleaGuard"])
    if deadline.get("status") == "missed":
        event.add("priority", 1)
    reminder = Alarm()
    reminder.add("action", "DISPLAY")
    reminder.add("description", str(event["summary"]))
    reminder.add("trigger", dt.timedelta(days=-1))
    event.add_component(reminder)
    return event
