"""Case reads served from the read caches, over the API: access is still checked and audited on every request,
a new event shows at once, and `as_of` still decides deadlines and findings."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from fastapi.testclient import TestClient

from pleaguard.services import case_rules, cases, read_cache

from .helpers import PASSWORDS, World, meeting

MEETING = meeting("c-meet")


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    read_cache.clear()


def audit(client: TestClient, world: World, case_id: str) -> list[dict[str, Any]]:
    r = client.get(f"/api/v1/cases/{case_id}/audit", headers=world.auth("admin"))
    assert r.status_code == 200
    return [a for a in r.json() if a["action"] == "read"]


def fresh(world: World, case_id: str, as_of: dt.datetime) -> dict[str, Any]:
    """Findings and deadlines computed from the stored log without any cache."""
    view = cases.get_case(world.uow(), actor=None, case_id=case_id, evaluate=False)
    result = case_rules.evaluate(view.case_id, view.header, [e.payload for e in view.events], as_of)
    return {"findings": result["findings"], "deadlines": result["deadlines"]}


def test_an_unassigned_lawyer_gets_the_same_404_for_a_case_read_from_the_cache(client: TestClient,
                                                                              world: World) -> None:
    for _ in range(2):
        assert client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("lawyer")).status_code == 200
    refused = client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("other"))
    missing = client.get("/api/v1/cases/no-such-case", headers=world.auth("other"))
    assert refused.status_code == missing.status_code == 404
    assert refused.json()["detail"] == missing.json()["detail"].replace("no-such-case", world.case_a)
    for part in ("state", "findings", "deadlines"):
        assert client.get(f"/api/v1/cases/{world.case_a}/{part}", headers=world.auth("other")).status_code == 404
    reads = audit(client, world, world.case_a)
    assert [a["actor"] for a in reads] == ["lawyer", "lawyer"]  # every read audited, the refusals read nothing
    r = client.get(f"/api/v1/cases/{world.case_a}/audit", headers=world.auth("admin"))
    refused = [(a["actor"], a["detail"]) for a in r.json() if a["action"] == "refused"]
    assert refused == [("other", {"attempted": "read", "reason": "not_assigned"})] * 4


def test_a_revoked_token_is_refused_on_the_next_case_read(client: TestClient, world: World) -> None:
    r = client.post("/api/v1/auth/token", json={"username": "lawyer", "password": PASSWORDS["lawyer"], "name": "c"})
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    assert client.get(f"/api/v1/cases/{world.case_a}", headers=headers).status_code == 200
    assert client.delete(f"/api/v1/auth/tokens/{r.json()['token_id']}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/cases/{world.case_a}", headers=headers).status_code == 401


def test_an_event_added_over_the_api_is_in_the_next_read_with_its_findings(client: TestClient, world: World) -> None:
    url = f"/api/v1/cases/{world.case_a}?as_of=2024-11-01"
    before = client.get(url, headers=world.auth("lawyer")).json()
    posted = client.post(f"/api/v1/cases/{world.case_a}/events", json=MEETING, headers=world.auth("lawyer"))
    assert posted.status_code == 201, posted.text
    after = client.get(url, headers=world.auth("lawyer")).json()
    assert after["head_hash"] == posted.json()["hash"] != before["head_hash"]
    assert [e["event_id"] for e in after["events"]][-1] == "c-meet"
    as_of = dt.datetime.fromisoformat(after["as_of"])
    assert {k: after[k] for k in ("findings", "deadlines")} == fresh(world, world.case_a, as_of)
    reads = [a for a in audit(client, world, world.case_a) if a["actor"] == "lawyer"]
    assert [a["detail"]["head_hash"] for a in reads] == [before["head_hash"], after["head_hash"]]


def test_deadlines_read_for_different_days_follow_the_day(client: TestClient, world: World) -> None:
    answers = []
    for day in ("2024-10-20", "2024-11-01", "2024-12-15", "2025-03-01"):
        body = client.get(f"/api/v1/cases/{world.case_b}?as_of={day}", headers=world.auth("other")).json()
        got = {k: body[k] for k in ("findings", "deadlines")}
        assert got == fresh(world, world.case_b, dt.datetime.fromisoformat(body["as_of"])), day
        again = client.get(f"/api/v1/cases/{world.case_b}/deadlines?as_of={day}", headers=world.auth("other"))
        assert again.json()["deadlines"] == got["deadlines"]
        answers.append(got)
    assert len({repr(a) for a in answers}) > 1  # the answer does depend on the day
