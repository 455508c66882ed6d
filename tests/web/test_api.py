"""The REST API, on SQLite and on PostgreSQL: every endpoint, access control, and bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from .helpers import PASSWORDS, World

PROBLEM = "application/problem+json"
THEFT: dict[str, Any] = {
    "crime": "theft",
    "offense_date": "2024-03-01",
    "facts": {"amount_yuan": 8000},
    "circumstances": [{"kind": "confession"}, {"kind": "plea_leniency", "stage": "prosecution_review"}],
}
MEETING: dict[str, Any] = {
    "id": "t-meet",
    "type": "meeting",
    "at": "2024-10-30T15:00:00+08:00",
    "person": "s1",
    "lawyer": "l1",
    "minutes": 40,
}


def assert_problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = r.json()
    assert {"type", "title", "status", "detail", "errors"} <= body.keys()
    assert body["status"] == status
    return body


# ------------------------------------------------------------------------------------ edge and auth


def test_health_and_the_openapi_schema_are_served_without_a_session(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/sentence" in schema["paths"] and "/api/v1/cases/{case_id}/events" in schema["paths"]


def test_every_api_endpoint_except_sign_in_refuses_a_request_without_a_token(client: TestClient, world: World) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    checked = 0
    for path, methods in schema["paths"].items():
        for method in methods:
            if path == "/api/v1/auth/token":
                continue
            url = path.replace("{case_id}", world.case_a).replace("{username}", "lawyer").replace("{token_id}", "1")
            r = client.request(method.upper(), url, json={})
            assert_problem(r, 401)
            assert r.headers["www-authenticate"] == "Bearer"
            checked += 1
    assert checked >= 20


def test_a_forged_or_unknown_token_is_refused(client: TestClient, world: World) -> None:
    for token in ("pgt_forged", "not-a-token", "pgt_" + "A" * 43):
        assert_problem(client.get("/api/v1/cases", headers={"Authorization": f"Bearer {token}"}), 401)


def test_a_token_is_issued_for_the_right_password_and_refused_for_a_wrong_one(client: TestClient, world: World) -> None:
    r = client.post("/api/v1/auth/token", json={"username": "lawyer", "password": PASSWORDS["lawyer"]})
    assert r.status_code == 201
    token = r.json()["access_token"]
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["username"] == "lawyer" and me["role"] == "lawyer"
    wrong = assert_problem(client.post("/api/v1/auth/token", json={"username": "lawyer", "password": "nope-n"}), 401)
    unknown = assert_problem(client.post("/api/v1/auth/token", json={"username": "ghost", "password": "nope-n"}), 401)
    assert wrong["detail"] == unknown["detail"]  # the answer does not say whether the user exists


def test_sign_in_is_rate_limited_after_repeated_failures(client: TestClient, world: World) -> None:
    statuses = [
        client.post("/api/v1/auth/token", json={"username": "duty", "password": "wrong-password"}).status_code
        for _ in range(7)
    ]
    assert statuses[:5] == [401] * 5
    r = client.post("/api/v1/auth/token", json={"username": "duty", "password": PASSWORDS["duty"]})
    assert_problem(r, 429)
    assert int(r.headers["retry-after"]) > 0


def test_a_revoked_token_stops_working(client: TestClient, world: World) -> None:
    r = client.post("/api/v1/auth/token", json={"username": "lawyer", "password": PASSWORDS["lawyer"], "name": "cli"})
    token, token_id = r.json()["access_token"], r.json()["token_id"]
    headers = {"Authorization": f"Bearer {token}"}
    assert any(t["id"] == token_id for t in client.get("/api/v1/auth/tokens", headers=headers).json())
    assert client.delete(f"/api/v1/auth/tokens/{token_id}", headers=headers).status_code == 204
    assert_problem(client.get("/api/v1/cases", headers=headers), 401)


def test_responses_carry_the_security_headers(client: TestClient, world: World) -> None:
    r = client.get("/api/v1/cases", headers=world.auth("lawyer"))
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["cache-control"] == "no-store"
    assert "strict-transport-security" not in r.headers  # only in production mode


# ------------------------------------------------------------------------------------ sentencing and law


def test_sentence_returns_the_lawful_range_with_a_cited_trace(client: TestClient, world: World) -> None:
    r = client.post("/api/v1/sentence", json=THEFT, headers=world.auth("duty"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["proposed"]["penalty_type"] in ("fixed_term_imprisonment", "criminal_detention", "public_surveillance")
    assert body["proposed"]["months"]["min"] <= body["proposed"]["months"]["max"]
    assert body["trace"] and all("cites" in step for step in body["trace"])
    assert any(c["instrument"] == "cl" for step in body["trace"] for c in step["cites"])


def test_review_answers_with_a_verdict_and_points_to_argue(client: TestClient, world: World) -> None:
    case = {**THEFT, "recommendation": {"penalty_type": "fixed_term_imprisonment", "months": 30}}
    r = client.post("/api/v1/review", json=case, headers=world.auth("lawyer"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["verdict"] == "object"
    assert body["points"] and all(p["cites"] for p in body["points"])


@pytest.mark.parametrize(
    ("patch", "field"),
    [
        ({"colour": "red"}, "colour"),
        ({"offense_date": "2024-13-01"}, "offense_date"),
        ({"offense_date": 20240301}, "offense_date"),
        ({"circumstances": [{"kind": "plea_leniency", "stage": "someday"}]}, "circumstances.0.stage"),
        ({"facts": "8000"}, "facts"),
    ],
)
def test_bad_sentencing_input_is_a_422_naming_the_field(
    client: TestClient, world: World, patch: dict[str, Any], field: str
) -> None:
    body = assert_problem(client.post("/api/v1/sentence", json={**THEFT, **patch}, headers=world.auth("lawyer")), 422)
    assert any(e["field"] == field for e in body["errors"]), body


def test_a_fact_the_engine_rejects_is_a_422_naming_the_fact(client: TestClient, world: World) -> None:
    body = assert_problem(
        client.post("/api/v1/sentence", json={**THEFT, "facts": {"amount_yuan": -5}}, headers=world.auth("lawyer")), 422
    )
    assert body["errors"][0]["field"] == "facts.amount_yuan"


def test_malformed_json_is_a_400_problem(client: TestClient, world: World) -> None:
    r = client.post(
        "/api/v1/sentence",
        content=b'{"crime": "theft",',
        headers={**world.auth("lawyer"), "Content-Type": "application/json"},
    )
    body = assert_problem(r, 400)
    assert "malformed JSON" in body["errors"][0]["reason"]


def test_law_in_force_lists_rules_with_rendered_citations(client: TestClient, world: World) -> None:
    r = client.get(
        "/api/v1/law", params={"date": "2024-05-01", "prefix": "criminal_law.theft"}, headers=world.auth("reviewer")
    )
    rows = r.json()["parameters"]
    assert rows and all(row["parameter"].startswith("criminal_law.theft") for row in rows)
    assert rows[0]["citation"].startswith("《中华人民共和国刑法》第二百六十四条")


def test_the_text_of_a_cited_article_is_one_request_away(client: TestClient, world: World) -> None:
    r = client.get(
        "/api/v1/law/article",
        params={"instrument": "cpl-2018", "article": "174", "paragraph": 1},
        headers=world.auth("lawyer"),
    )
    body = r.json()
    assert body["citation"] == "《中华人民共和国刑事诉讼法》第一百七十四条第一款"
    assert body["text"].startswith("犯罪嫌疑人自愿认罪，同意量刑建议和程序适用的")
    unknown = assert_problem(
        client.get("/api/v1/law/article", params={"instrument": "nope", "article": "1"}, headers=world.auth("lawyer")),
        422,
    )
    assert unknown["errors"][0]["reason"] == "未知的法律文件 'nope' / unknown instrument 'nope'"
    instruments = client.get(
        "/api/v1/law/instruments", params={"date": "2020-01-01"}, headers=world.auth("lawyer")
    ).json()
    by_id = {i["id"]: i for i in instruments}
    assert by_id["sg-2017"]["in_force_on_date"] is True and by_id["sg-2021"]["in_force_on_date"] is False


def test_a_date_that_is_not_a_date_is_refused(client: TestClient, world: World) -> None:
    body = assert_problem(client.get("/api/v1/law", params={"date": "yesterday"}, headers=world.auth("lawyer")), 422)
    assert body["errors"][0]["field"] == "query.date"


def test_problem_titles_details_and_reasons_are_chinese_first_then_english(client: TestClient, world: World) -> None:
    cases_of_error = [
        client.get("/api/v1/law", params={"date": "yesterday"}, headers=world.auth("lawyer")),
        client.get("/api/v1/cases/NO-SUCH-CASE", headers=world.auth("lawyer")),
        client.get("/api/v1/no-such-endpoint", headers=world.auth("lawyer")),
        client.get("/api/v1/cases"),
        client.post("/api/v1/cases", json={"case_id": "x"}, headers=world.auth("reviewer")),
        client.post("/api/v1/cases", json=[], headers=world.auth("lawyer")),
        client.get("/api/v1/law/article", params={"instrument": "nope", "article": "1"}, headers=world.auth("lawyer")),
        client.post("/api/v1/sentence", json={**THEFT, "crime": "piracy"}, headers=world.auth("lawyer")),
        client.post(
            "/api/v1/sentence",
            json={**THEFT, "circumstances": [{"kind": "plea_leniency"}]},
            headers=world.auth("lawyer"),
        ),
        client.post(
            "/api/v1/sentence", json={**THEFT, "defendant": {"age_at_offense": "x"}}, headers=world.auth("lawyer")
        ),
        client.post(
            "/api/v1/sentence",
            content=b'{"crime": "theft",',
            headers={**world.auth("lawyer"), "Content-Type": "application/json"},
        ),
    ]
    for r in cases_of_error:
        body = r.json()
        texts = [body["title"], body["detail"], *(e["reason"] for e in body["errors"])]
        for text in texts:
            chinese, sep, english = text.partition(" / ")
            assert sep and any("\u4e00" <= ch <= "\u9fff" for ch in chinese) and english.strip(), (r.url, text)


# ------------------------------------------------------------------------------------ cases


def test_a_lawyer_lists_only_the_cases_assigned_to_them(client: TestClient, world: World) -> None:
    mine = [c["case_id"] for c in client.get("/api/v1/cases", headers=world.auth("lawyer")).json()]
    assert mine == [world.case_a]
    assert client.get("/api/v1/cases", headers=world.auth("duty")).json() == []
    every = {c["case_id"] for c in client.get("/api/v1/cases", headers=world.auth("admin")).json()}
    assert every == {world.case_a, world.case_b, world.case_c}


def test_a_case_is_shown_with_its_derived_state_findings_and_deadlines(client: TestClient, world: World) -> None:
    body = client.get(f"/api/v1/cases/{world.case_b}", headers=world.auth("other")).json()
    assert body["header"]["made_up"] is True
    assert body["state"]["suspects"][0]["stage"]
    assert any(f["severity"] == "violation" for f in body["findings"])
    for part in ("state", "findings", "deadlines"):
        r = client.get(f"/api/v1/cases/{world.case_b}/{part}", headers=world.auth("other"))
        assert r.status_code == 200 and part in r.json()


def test_adding_an_event_appends_it_and_records_who_did_it(client: TestClient, world: World) -> None:
    before = world.event_count(world.case_a)
    r = client.post(f"/api/v1/cases/{world.case_a}/events", json=MEETING, headers=world.auth("lawyer"))
    assert r.status_code == 201, r.text
    assert r.json()["recorded_by"] == "lawyer"
    assert world.event_count(world.case_a) == before + 1
    timeline = client.get(f"/api/v1/cases/{world.case_a}/timeline", headers=world.auth("lawyer")).json()
    assert timeline[-1]["event_id"] == "t-meet"
    audit = client.get(f"/api/v1/cases/{world.case_a}/audit", headers=world.auth("lawyer")).json()
    assert any(a["action"] == "add_event" and a["actor"] == "lawyer" for a in audit)
    assert any(a["action"] == "read" and a["actor"] == "lawyer" for a in audit)
    assert client.get(f"/api/v1/cases/{world.case_a}/verify", headers=world.auth("lawyer")).json()["ok"] is True
    exported = client.get(f"/api/v1/cases/{world.case_a}/export", headers=world.auth("lawyer")).json()
    assert exported["events"][-1]["id"] == "t-meet"


def test_an_invalid_event_is_a_422_naming_the_field_and_nothing_is_written(client: TestClient, world: World) -> None:
    before = world.event_count(world.case_a)
    for bad, field in (
        ({**MEETING, "minutes": "long"}, "minutes"),
        ({**MEETING, "lawyer": "nobody"}, "lawyer"),
        ({**MEETING, "at": "2024-10-30"}, "at"),
        ({**MEETING, "type": "teleport"}, "type"),
    ):
        body = assert_problem(
            client.post(f"/api/v1/cases/{world.case_a}/events", json=bad, headers=world.auth("lawyer")), 422
        )
        assert field in (body["errors"][0]["field"] or ""), body
    assert world.event_count(world.case_a) == before


def test_creating_a_case_assigns_the_lawyer_and_a_reviewer_may_not_create(client: TestClient, world: World) -> None:
    case_file = {
        "case_id": "T-NEW-1",
        "made_up": True,
        "people": [{"id": "s1", "role": "suspect", "name": "甲（虚构）"}],
        "charges": [{"person": "s1", "crime": "theft"}],
        "events": [],
    }
    r = client.post("/api/v1/cases", json=case_file, headers=world.auth("duty"))
    assert r.status_code == 201, r.text
    assert [c["case_id"] for c in client.get("/api/v1/cases", headers=world.auth("duty")).json()] == ["T-NEW-1"]
    assert_problem(
        client.post("/api/v1/cases", json={**case_file, "case_id": "T-NEW-2"}, headers=world.auth("reviewer")), 403
    )
    dup = assert_problem(client.post("/api/v1/cases", json=case_file, headers=world.auth("lawyer")), 422)
    assert dup["errors"][0]["field"] == "case_id"


#: Each read of the API and what the audit entry of a refused one says was attempted.
CASE_READS = {
    "": "read",
    "/timeline": "timeline",
    "/state": "read",
    "/findings": "read",
    "/deadlines": "read",
    "/verify": "verify",
    "/export": "export",
    "/audit": "audit",
    "/assignments": "assignees",
}


def entries_by(client: TestClient, world: World, who: str) -> list[dict[str, Any]]:
    audit = client.get(f"/api/v1/cases/{world.case_a}/audit", headers=world.auth("admin")).json()
    return [{"action": a["action"], "detail": a["detail"]} for a in audit if a["actor"] == who]


def same_answer(denied: Any, missing: Any) -> None:
    """The same status, the same bytes and the same headers (but the date) as for a case that does not exist."""
    assert denied.status_code == missing.status_code
    assert denied.content == missing.content
    assert {k: v for k, v in denied.headers.items() if k != "date"} == {
        k: v for k, v in missing.headers.items() if k != "date"
    }


@pytest.mark.parametrize("suffix", CASE_READS)
def test_an_unassigned_user_gets_the_same_404_as_for_a_case_that_does_not_exist_and_the_attempt_is_audited(
    client: TestClient, world: World, suffix: str
) -> None:
    denied = client.get(f"/api/v1/cases/{world.case_a}{suffix}", headers=world.auth("other"))
    missing = client.get(f"/api/v1/cases/NO-SUCH-CASE{suffix}", headers=world.auth("other"))
    assert_problem(denied, 404)
    same_answer(denied, missing)
    for secret in ("刘某", "孙某", "张律师", "theft", "s1", "12000"):  # names, facts, ids of the case
        assert secret not in denied.text
    assert entries_by(client, world, "other") == [
        {"action": "refused", "detail": {"attempted": CASE_READS[suffix], "reason": "not_assigned"}}
    ]


def test_an_unassigned_user_cannot_add_events_or_learn_the_case_exists(client: TestClient, world: World) -> None:
    before = world.event_count(world.case_a)
    denied = client.post(f"/api/v1/cases/{world.case_a}/events", json=MEETING, headers=world.auth("other"))
    missing = client.post("/api/v1/cases/NO-SUCH-CASE/events", json=MEETING, headers=world.auth("other"))
    assert_problem(denied, 404)
    same_answer(denied, missing)
    assert world.event_count(world.case_a) == before
    assert entries_by(client, world, "other") == [
        {"action": "refused", "detail": {"attempted": "add_event", "reason": "not_assigned"}}
    ]


def test_a_reviewer_reads_an_assigned_case_but_cannot_change_it(client: TestClient, world: World) -> None:
    assert client.get(f"/api/v1/cases/{world.case_a}", headers=world.auth("reviewer")).status_code == 200
    before = world.event_count(world.case_a)
    assert_problem(
        client.post(f"/api/v1/cases/{world.case_a}/events", json=MEETING, headers=world.auth("reviewer")), 403
    )
    assert world.event_count(world.case_a) == before
    assert [e for e in entries_by(client, world, "reviewer") if e["action"] != "read"] == [
        {"action": "refused", "detail": {"attempted": "add_event", "reason": "read_only"}}
    ]


def test_only_the_admin_manages_users_and_assignments(client: TestClient, world: World) -> None:
    new_user = {"username": "newbie", "password": "newbie-pass-1", "role": "lawyer", "display_name": "新律师"}
    for who in ("lawyer", "duty", "reviewer"):
        assert_problem(client.get("/api/v1/users", headers=world.auth(who)), 403)
        assert_problem(client.post("/api/v1/users", json=new_user, headers=world.auth(who)), 403)
        assert_problem(
            client.post(f"/api/v1/cases/{world.case_a}/assignments", json={"username": who}, headers=world.auth(who)),
            403,
        )
    r = client.post("/api/v1/users", json=new_user, headers=world.auth("admin"))
    assert r.status_code == 201 and r.json()["role"] == "lawyer"
    assert "password" not in r.text
    assert (
        client.post(
            f"/api/v1/cases/{world.case_c}/assignments", json={"username": "newbie"}, headers=world.auth("admin")
        ).status_code
        == 204
    )
    token = client.post("/api/v1/auth/token", json={"username": "newbie", "password": "newbie-pass-1"}).json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert [c["case_id"] for c in client.get("/api/v1/cases", headers=headers).json()] == [world.case_c]
    assert (
        client.delete(f"/api/v1/cases/{world.case_c}/assignments/newbie", headers=world.auth("admin")).status_code
        == 204
    )
    assert client.get("/api/v1/cases", headers=headers).json() == []
    assert client.patch("/api/v1/users/newbie", json={"active": False}, headers=world.auth("admin")).status_code == 200
    assert_problem(client.get("/api/v1/cases", headers=headers), 401)


def test_sql_metacharacters_are_only_data(client: TestClient, world: World) -> None:
    evil = "x'; DROP TABLE cases; --"
    assert_problem(client.get(f"/api/v1/cases/{evil}", headers=world.auth("admin")), 404)
    note = "Robert'); DELETE FROM case_events; --"
    r = client.post(
        f"/api/v1/cases/{world.case_a}/events", json={**MEETING, "note": note}, headers=world.auth("lawyer")
    )
    assert r.status_code == 201
    assert (
        client.get(f"/api/v1/cases/{world.case_a}/export", headers=world.auth("lawyer")).json()["events"][-1]["note"]
        == note
    )
    assert len(client.get("/api/v1/cases", headers=world.auth("admin")).json()) == 3


def test_a_body_over_one_megabyte_is_refused_and_nothing_is_written(client: TestClient, world: World) -> None:
    before = world.event_count(world.case_a)
    huge = {**MEETING, "note": "x" * (1024 * 1024 + 10)}
    r = client.post(
        f"/api/v1/cases/{world.case_a}/events",
        content=json.dumps(huge).encode(),
        headers={**world.auth("lawyer"), "Content-Type": "application/json"},
    )
    assert_problem(r, 413)
    assert world.event_count(world.case_a) == before


def test_a_streamed_body_over_the_limit_is_refused_too(client: TestClient, world: World) -> None:
    before = world.event_count(world.case_a)

    def chunks() -> Any:
        yield b'{"id": "big", "type": "meeting", "note": "'
        for _ in range(1100):
            yield b"y" * 1024
        yield b'"}'

    r = client.post(
        f"/api/v1/cases/{world.case_a}/events",
        content=chunks(),
        headers={**world.auth("lawyer"), "Content-Type": "application/json"},
    )
    assert r.status_code == 413
    assert world.event_count(world.case_a) == before


def test_unknown_api_paths_and_methods_are_problem_documents(client: TestClient, world: World) -> None:
    assert_problem(client.get("/api/v1/nothing-here", headers=world.auth("lawyer")), 404)
    assert_problem(client.put("/api/v1/sentence", json=THEFT, headers=world.auth("lawyer")), 405)


def test_an_expired_token_is_refused(client: TestClient, world: World) -> None:
    import datetime as dt
    import time

    from pleaguard.services import accounts

    uow = world.uow()
    lawyer = accounts.resolve_token(uow, token=world.tokens["lawyer"])
    short, _record = accounts.issue_token(uow, actor=lawyer, name="short", ttl=dt.timedelta(seconds=1))
    headers = {"Authorization": f"Bearer {short}"}
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    time.sleep(1.2)
    assert_problem(client.get("/api/v1/users/me", headers=headers), 401)


def test_a_non_admin_assigning_gets_the_same_403_for_a_real_and_a_missing_case(
    client: TestClient, world: World
) -> None:
    real = client.post(
        f"/api/v1/cases/{world.case_b}/assignments", json={"username": "lawyer"}, headers=world.auth("lawyer")
    )
    missing = client.post(
        "/api/v1/cases/NO-SUCH/assignments", json={"username": "lawyer"}, headers=world.auth("lawyer")
    )
    assert_problem(real, 403)
    assert real.json() == missing.json()


def test_a_token_revoked_by_another_process_stops_working_when_the_cache_time_is_over(
    app: FastAPI, client: TestClient, world: World
) -> None:
    from pleaguard.services import accounts
    from pleaguard.web.token_cache import TokenCache

    clock = [0.0]
    app.state.token_cache = TokenCache(2.0, monotonic=lambda: clock[0])
    uow = world.uow()
    lawyer = accounts.resolve_token(uow, token=world.tokens["lawyer"])
    token, record = accounts.issue_token(uow, actor=lawyer, name="elsewhere")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    accounts.revoke_token(uow, actor=lawyer, token_id=record.id)  # as another worker process would
    clock[0] = 1.0
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200  # within the stated window
    clock[0] = 2.5
    assert_problem(client.get("/api/v1/users/me", headers=headers), 401)


def test_with_the_token_cache_off_a_revocation_elsewhere_takes_effect_at_once(
    app: FastAPI, client: TestClient, world: World
) -> None:
    from pleaguard.services import accounts
    from pleaguard.web.token_cache import TokenCache

    app.state.token_cache = TokenCache(0)
    uow = world.uow()
    lawyer = accounts.resolve_token(uow, token=world.tokens["lawyer"])
    token, record = accounts.issue_token(uow, actor=lawyer, name="elsewhere")
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/v1/users/me", headers=headers).status_code == 200
    accounts.revoke_token(uow, actor=lawyer, token_id=record.id)
    assert_problem(client.get("/api/v1/users/me", headers=headers), 401)


def test_the_api_reference_is_served_from_this_server_and_declares_the_bearer_scheme(
    client: TestClient, world: World
) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "/api/v1/openapi.json" in page.text and "<script>" not in page.text  # no inline script
    assert "https://" not in page.text  # nothing from a third-party site
    asset = client.get("/api/v1/docs/assets/swagger-ui-bundle.js")
    assert asset.status_code == 200 and len(asset.content) > 100_000
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["components"]["securitySchemes"]["bearer"]["scheme"].lower() == "bearer"
    assert schema["paths"]["/api/v1/cases/{case_id}"]["get"]["security"] == [{"bearer": []}]
    assert "security" not in schema["paths"]["/api/v1/auth/token"]["post"]
