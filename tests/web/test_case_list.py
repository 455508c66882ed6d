"""The list of my cases, for offices with thousands of them: search, order by urgency, pages; only the cases
shown are recorded as read."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pleaguard.services import urgency
from pleaguard.web.pages import cases as case_pages

from .helpers import World, sign_in


def list_reads(client: TestClient, world: World, case_id: str, actor: str) -> int:
    trail = client.get(f"/api/v1/cases/{case_id}/audit", headers=world.auth("admin")).json()
    return sum(1 for a in trail if a["actor"] == actor and a["detail"].get("view") == "list")


def test_a_page_of_the_api_list_says_the_total_and_records_only_the_cases_returned(
    client: TestClient, world: World
) -> None:
    everything = client.get("/api/v1/cases", headers=world.auth("admin"))
    ids = [c["case_id"] for c in everything.json()]
    assert ids == sorted(ids) and len(ids) == 3 and everything.headers["X-Total-Count"] == "3"
    second = client.get("/api/v1/cases?offset=1&limit=1", headers=world.auth("admin"))
    assert second.status_code == 200 and second.headers["X-Total-Count"] == "3"
    assert [c["case_id"] for c in second.json()] == [ids[1]]
    assert [list_reads(client, world, i, "admin") for i in ids] == [1, 2, 1]
    past_the_end = client.get("/api/v1/cases?offset=10&limit=5", headers=world.auth("admin"))
    assert past_the_end.json() == [] and past_the_end.headers["X-Total-Count"] == "3"


def test_the_search_finds_a_case_by_a_person_s_name_or_its_number_and_never_one_i_may_not_see(
    client: TestClient, world: World
) -> None:
    by_name = client.get("/api/v1/cases", params={"q": "周某"}, headers=world.auth("admin")).json()
    assert [c["case_id"] for c in by_name] == [world.case_b]
    by_number = client.get("/api/v1/cases", params={"q": world.case_c.lower()}, headers=world.auth("admin")).json()
    assert [c["case_id"] for c in by_number] == [world.case_c]
    mine_only = client.get("/api/v1/cases", params={"q": "周某"}, headers=world.auth("lawyer"))
    assert mine_only.json() == [] and mine_only.headers["X-Total-Count"] == "0"  # case B is not the lawyer's


@pytest.mark.parametrize(
    ("params", "field"),
    [({"q": "x" * 201}, "q"), ({"limit": 0}, "limit"), ({"offset": -1}, "offset"), ({"order": "newest"}, "order")],
)
def test_a_bad_list_parameter_is_refused_by_name(
    client: TestClient, world: World, params: dict[str, Any], field: str
) -> None:
    r = client.get("/api/v1/cases", params=params, headers=world.auth("admin"))
    assert r.status_code == 422
    assert field in r.text


def test_ordered_by_urgency_the_most_urgent_case_comes_first(client: TestClient, world: World) -> None:
    listed = client.get("/api/v1/cases?order=urgency&as_of=2024-11-01", headers=world.auth("admin")).json()
    today = dt.date(2024, 11, 1)
    keys = [urgency.urgency_key(c["case_id"], c["findings"], c["deadlines"], today) for c in listed]
    assert keys == sorted(keys)
    assert len({k[0] for k in keys}) > 1  # the demo cases are not all equally urgent


def test_urgency_puts_violations_and_missed_deadlines_before_deadlines_due_soon_before_risks() -> None:
    today = dt.date(2024, 11, 1)
    missed = urgency.urgency_key("D", [], [{"status": "missed", "due": "2024-10-30"}], today)
    violation = urgency.urgency_key("C", [{"severity": "violation"}], [], today)
    soon = urgency.urgency_key("B", [], [{"status": "open", "due": "2024-11-05"}], today)
    risk = urgency.urgency_key("A", [{"severity": "risk"}], [], today)
    later = urgency.urgency_key("E", [], [{"status": "open", "due": "2025-01-05"}], today)
    nothing = urgency.urgency_key("F", [{"severity": "info"}], [{"status": "met", "due": "2024-10-01"}], today)
    assert sorted([nothing, later, risk, soon, violation, missed]) == [missed, violation, soon, risk, later, nothing]


def test_my_cases_page_searches_and_pages(client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(case_pages, "PAGE_SIZE", 2)
    sign_in(client, "admin")
    first = client.get("/cases")
    assert first.status_code == 200
    assert first.text.count('<td data-label="案件">') == 2
    assert "第 1–2 件，共 3 件" in first.text and 'href="/cases?page=2"' in first.text
    second = client.get("/cases?page=2").text
    assert second.count('<td data-label="案件">') == 1 and 'rel="prev"' in second
    assert "没有第 9 页" in client.get("/cases?page=9").text
    found = client.get("/cases", params={"q": "郑某"}).text
    assert found.count('<td data-label="案件">') == 1 and world.case_c in found
    none = client.get("/cases", params={"q": "<script>x</script>"}).text
    assert "没有与“&lt;script&gt;x&lt;/script&gt;”相符的案件" in none and "<script>x" not in none
    assert client.get("/cases?page=0").status_code == 422
