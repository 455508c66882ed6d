"""A long audit trail: pages of it that stay put while new entries arrive, and one kind of entry at a time."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from pleaguard.web.pages import cases as case_pages

from .helpers import World, sign_in


def ids_on(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'<tr id="entry-(\d+)">', html)]


def test_the_api_pages_the_trail_oldest_first_and_filters_by_action(client: TestClient, world: World) -> None:
    for _ in range(4):
        client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("lawyer"))
    client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("other"))  # refused
    admin = world.auth("admin")
    everything = client.get(f"/api/v1/cases/{world.case_a}/audit", headers=admin).json()
    first = client.get(f"/api/v1/cases/{world.case_a}/audit?limit=2", headers=admin).json()
    after = first[-1]["id"]
    rest = client.get(f"/api/v1/cases/{world.case_a}/audit?after_id={after}", headers=admin).json()
    assert first + rest == everything[: len(first) + len(rest)]
    assert [e["id"] for e in everything] == sorted(e["id"] for e in everything)
    refused = client.get(f"/api/v1/cases/{world.case_a}/audit?action=refused", headers=admin).json()
    assert [(e["actor"], e["action"]) for e in refused] == [("other", "refused")]
    bad = client.get(f"/api/v1/cases/{world.case_a}/audit?action=delete", headers=admin)
    assert bad.status_code == 422 and "action" in bad.text


def test_the_trail_page_shows_the_newest_first_a_page_at_a_time(
    client: TestClient, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(case_pages, "AUDIT_PAGE_SIZE", 3)
    sign_in(client, "lawyer")
    for _ in range(5):
        client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("lawyer"))
    everything = client.get(f"/api/v1/cases/{world.case_a}/audit", headers=world.auth("admin")).json()
    first = client.get(f"/cases/{world.case_a}/audit").text
    newest = sorted((e["id"] for e in everything), reverse=True)
    assert ids_on(first) == newest[:3]
    older = re.search(r'href="(\?before=\d+)" rel="next"', first)
    assert older, "a link to older entries"
    client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("lawyer"))  # a new entry arrives meanwhile
    second = client.get(f"/cases/{world.case_a}/audit{older.group(1)}").text
    assert ids_on(second) == newest[3:6]  # the page stayed put
    assert "最新" in second  # a way back to the newest
    only_refused = client.get(f"/cases/{world.case_a}/audit?action=refused").text
    assert ids_on(only_refused) == [] and "没有记录" in only_refused
