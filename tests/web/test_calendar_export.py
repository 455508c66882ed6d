"""Deadlines into a lawyer's own calendar: an .ics file of the open deadlines, for one case or all of mine, read
like any other read (access checked, audited), with events that a newer file updates rather than doubles."""

from __future__ import annotations

import datetime as dt
from urllib.parse import quote

from fastapi.testclient import TestClient
from icalendar import Calendar

from pleaguard.services import cases
from pleaguard.services.urgency import OPEN_STATUSES
from pleaguard.web.calendar_export import falls_due

from .helpers import World, sign_in


def events_of(body: bytes) -> list[dict[str, object]]:
    calendar = Calendar.from_ical(body)
    return [
        {"uid": str(e["uid"]), "summary": str(e["summary"]), "start": e["dtstart"].dt, "url": str(e["url"])}
        for e in calendar.walk("VEVENT")
    ]


def open_deadlines(world: World, case_id: str) -> list[dict[str, object]]:
    view = cases.get_case(world.uow(), actor=None, case_id=case_id)
    return [d for d in view.deadlines or [] if d["status"] in OPEN_STATUSES]


def test_a_case_s_open_deadlines_download_as_calendar_events_on_the_day_they_fall_due(
    client: TestClient, world: World
) -> None:
    sign_in(client, "other")
    r = client.get(f"/cases/{world.case_b}/deadlines.ics")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/calendar")
    assert "attachment" in r.headers["content-disposition"]
    events = events_of(r.content)
    expected = open_deadlines(world, world.case_b)
    assert len(events) == len(expected) > 0
    assert sorted(e["start"] for e in events) == sorted(falls_due(d) for d in expected)
    link = "/cases/" + quote(world.case_b, safe="")
    assert all(world.case_b in str(e["summary"]) and str(e["url"]).endswith(link) for e in events)
    again = events_of(client.get(f"/cases/{world.case_b}/deadlines.ics").content)
    assert [e["uid"] for e in again] == [e["uid"] for e in events]  # a newer file updates, not doubles


def test_the_calendar_of_a_case_i_may_not_see_is_the_same_404_and_the_download_is_audited(
    client: TestClient, world: World
) -> None:
    sign_in(client, "other")
    refused = client.get(f"/cases/{world.case_a}/deadlines.ics")
    missing = client.get("/cases/no-such-case/deadlines.ics")
    assert refused.status_code == missing.status_code == 404
    assert refused.text == missing.text
    client.get(f"/cases/{world.case_b}/deadlines.ics")
    trail = client.get(f"/api/v1/cases/{world.case_b}/audit", headers=world.auth("admin")).json()
    assert any(a["actor"] == "other" and a["action"] == "read" for a in trail)


def test_all_my_deadlines_come_in_one_file_and_only_from_my_cases(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    events = events_of(client.get("/cases/deadlines.ics").content)
    assert events and all(world.case_a in str(e["summary"]) for e in events)
    assert len(events) == len(open_deadlines(world, world.case_a))
    trail = client.get(f"/api/v1/cases/{world.case_a}/audit", headers=world.auth("admin")).json()
    assert any(a["actor"] == "lawyer" and a["detail"].get("view") == "calendar" for a in trail)


def test_a_deadline_that_only_an_extension_keeps_lawful_falls_due_on_the_extended_date() -> None:
    base = {"status": "extension_needed", "due": "2024-10-01", "extended_due": "2024-10-16"}
    assert falls_due(base) == dt.date(2024, 10, 16)
    assert falls_due({**base, "status": "open"}) == dt.date(2024, 10, 1)
