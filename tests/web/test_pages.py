"""The server-rendered pages: sign-in, sessions, CSRF, escaping, languages, errors next to the field."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from fastapi.testclient import TestClient

from pleaguard.config import Settings
from pleaguard.web.app import create_app
from pleaguard.web.security import SESSION_COOKIE

from .helpers import SECRET, World, csrf_of, sign_in

SCRIPT = "<script>alert('x')</script>"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_pages_need_a_signed_in_user_and_send_you_back_after_signing_in(client: TestClient, world: World) -> None:
    r = client.get(f"/cases/{world.case_a}")
    assert r.status_code == 303 and r.headers["location"].startswith("/login?next=")
    page = client.get(r.headers["location"])
    r = client.post(
        "/login",
        data={
            "csrf_token": csrf_of(page.text),
            "username": "lawyer",
            "password": "lawyer-pass-1",
            "next": f"/cases/{world.case_a}",
        },
    )
    assert r.status_code == 303 and unquote(r.headers["location"]) == f"/cases/{world.case_a}"


def test_the_session_cookie_is_httponly_and_samesite_lax_and_secure_in_production(
    client: TestClient, world: World
) -> None:
    page = client.get("/login")
    cookie = page.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Secure" not in cookie  # test mode: plain HTTP
    prod = create_app(
        Settings(mode="production", database_url=str(world.app.state.settings.database_url), secret_key=SECRET)
    )
    with TestClient(prod, base_url="https://testserver") as c:
        r = c.get("/login")
        assert "Secure" in r.headers["set-cookie"]
        assert "max-age=31536000" in r.headers["strict-transport-security"]
    prod.state.engine.dispose()


def test_sign_in_redirects_only_to_pages_of_this_site(client: TestClient, world: World) -> None:
    for target in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        page = client.get("/login")
        r = client.post(
            "/login",
            data={"csrf_token": csrf_of(page.text), "username": "lawyer", "password": "lawyer-pass-1", "next": target},
        )
        assert r.headers["location"] == "/cases"
        client.cookies.clear()


def test_a_wrong_password_is_answered_on_the_form_in_chinese(client: TestClient, world: World) -> None:
    page = client.get("/login")
    r = client.post("/login", data={"csrf_token": csrf_of(page.text), "username": "lawyer", "password": "wrong-pw"})
    assert r.status_code == 401
    assert "用户名或密码错误" in r.text
    assert SESSION_COOKIE not in r.headers.get("set-cookie", "") or "lawyer" not in r.text.split("用户名")[0]


def test_a_form_posted_without_or_with_a_forged_csrf_token_writes_nothing(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    before = world.event_count(world.case_a)
    form = {
        "type": "meeting",
        "at.date": "2024-10-30",
        "at.time": "10:00",
        "person": "s1",
        "lawyer": "l1",
        "minutes": "30",
    }
    for token in (None, "forged-token", ""):
        data = form if token is None else {**form, "csrf_token": token}
        r = client.post(f"/cases/{world.case_a}/events", data=data)
        assert r.status_code == 403
        assert "未保存任何内容" in r.text
    assert world.event_count(world.case_a) == before


def test_a_csrf_token_of_another_session_is_refused(client: TestClient, world: World) -> None:
    other = TestClient(world.app, base_url="http://testserver", follow_redirects=False)
    sign_in(other, "lawyer")
    stolen = csrf_of(other.get(f"/cases/{world.case_a}?add=meeting").text)
    sign_in(client, "lawyer")
    r = client.post(f"/cases/{world.case_a}/events", data={"csrf_token": stolen, "type": "meeting"})
    assert r.status_code == 403


def test_an_expired_session_sends_you_to_sign_in_again_and_writes_nothing(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    page = client.get(f"/cases/{world.case_a}?add=file_access")
    token = csrf_of(page.text)
    world.app.state.signer.max_age = -1  # every cookie is now older than the limit
    r = client.get(f"/cases/{world.case_a}")
    assert r.status_code == 303
    assert "登录已过期" in client.get(r.headers["location"]).text
    before = world.event_count(world.case_a)
    r = client.post(
        f"/cases/{world.case_a}/events",
        data={"csrf_token": token, "type": "file_access", "at.date": "2024-10-30", "person": "s1", "lawyer": "l1"},
    )
    assert r.status_code == 403
    assert world.event_count(world.case_a) == before


def test_signing_out_revokes_the_session_even_if_the_cookie_is_replayed(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    cookie = client.cookies.get(SESSION_COOKIE)
    page = client.get("/cases")
    r = client.post("/logout", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    client.cookies.clear()
    client.cookies.set(SESSION_COOKIE, str(cookie))
    assert client.get("/cases").status_code == 303


def test_my_cases_puts_missed_deadlines_and_violations_first(client: TestClient, world: World) -> None:
    sign_in(client, "admin")
    html = client.get("/cases").text
    order = re.findall(r'href="/cases/([^"#?]+)"', html.split("<tbody>")[1])
    assert len(order) == 3
    assert "已超期" in html or "违法" in html
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "sev-violation" in first_row or "overdue" in first_row


def test_the_case_page_shows_timeline_state_findings_with_what_to_do_and_cited_text(
    client: TestClient, world: World
) -> None:
    sign_in(client, "other")
    html = client.get(f"/cases/{world.case_b}").text
    for part in (
        'id="timeline"',
        'id="findings"',
        'id="deadlines"',
        'id="state"',
        "应对建议",
        "《中华人民共和国刑事诉讼法》",
    ):
        assert part in html
    assert '<blockquote class="article-text">' in html  # the cited words, one click away


def test_adding_an_event_through_the_form_shows_it_and_updates_the_findings(client: TestClient, world: World) -> None:
    sign_in(client, "other")
    before_page = client.get(f"/cases/{world.case_b}").text
    before = before_page.count('class="finding ')
    page = client.get(f"/cases/{world.case_b}?add=file_access")
    r = client.post(
        f"/cases/{world.case_b}/events",
        data={
            "csrf_token": csrf_of(page.text),
            "type": "file_access",
            "at.date": "2024-10-19",
            "at.time": "09:00",
            "person": "s1",
            "lawyer": "dl1",
        },
    )
    assert r.status_code == 303, text_of(r.text)[:2000]
    after_page = client.get(r.headers["location"]).text
    assert "事件已记入案卷" in after_page and "阅卷" in after_page
    assert after_page.count('class="finding ') != before or before_page != after_page


def test_a_wrong_field_in_the_event_form_is_explained_next_to_it_and_nothing_is_written(
    client: TestClient, world: World
) -> None:
    sign_in(client, "lawyer")
    before = world.event_count(world.case_a)
    page = client.get(f"/cases/{world.case_a}?add=meeting")
    r = client.post(
        f"/cases/{world.case_a}/events",
        data={
            "csrf_token": csrf_of(page.text),
            "type": "meeting",
            "at.date": "2024-10-30",
            "at.time": "10:00",
            "person": "s1",
            "lawyer": "l1",
            "minutes": "an hour",
        },
    )
    assert r.status_code == 422
    field = r.text.split('name="minutes"')[1].split("</div>")[0]
    assert 'class="field-error"' in field and "请填写" in field
    assert 'aria-invalid="true"' in r.text.split('name="minutes"')[1].split(">")[0]
    assert world.event_count(world.case_a) == before


def test_a_reviewer_sees_no_event_form_and_cannot_post_one(client: TestClient, world: World) -> None:
    sign_in(client, "reviewer")
    page = client.get(f"/cases/{world.case_a}?add=meeting")
    assert "只读" in page.text and 'id="event-form"' not in page.text
    r = client.post(
        f"/cases/{world.case_a}/events",
        data={"csrf_token": csrf_of(page.text), "type": "bail", "at.date": "2024-10-30", "person": "s1"},
    )
    assert r.status_code == 403


def test_an_unassigned_case_page_is_a_404_that_leaks_nothing(client: TestClient, world: World) -> None:
    sign_in(client, "other")
    denied = client.get(f"/cases/{world.case_a}")
    missing = client.get("/cases/NO-SUCH-CASE")
    assert denied.status_code == missing.status_code == 404
    assert denied.content == missing.content
    assert "刘某" not in denied.text and world.case_a not in denied.text


def test_the_audit_trail_page_shows_a_refused_attempt_in_the_reader_s_language(
    client: TestClient, world: World
) -> None:
    sign_in(client, "other")
    assert client.get(f"/cases/{world.case_a}").status_code == 404
    sign_in(client, "admin")
    html = client.get(f"/cases/{world.case_a}/audit").text
    row = next(r for r in html.split("<tr") if "other" in r)
    assert "拒绝访问" in row and "试图查阅案件，被拒绝：未分配到该案件" in row
    row = next(r for r in client.get(f"/cases/{world.case_a}/audit?lang=en").text.split("<tr") if "other" in r)
    assert "Access refused" in row and "Tried to read the case: not assigned to the case" in row


def test_an_unassigned_user_posting_an_invalid_event_form_is_recorded_as_a_refused_add_event(
    client: TestClient, world: World
) -> None:
    from pleaguard.services import cases

    sign_in(client, "other")
    page = client.get("/cases/NO-SUCH-CASE")
    r = client.post(
        f"/cases/{world.case_a}/events",
        data={"csrf_token": csrf_of(page.text), "type": "meeting", "at.date": "not-a-date", "person": "s1"},
    )
    assert r.status_code == 404
    trail = cases.audit_trail(world.uow(), actor=None, case_id=world.case_a)
    assert [(e.action, e.detail) for e in trail if e.actor == "other"] == [
        ("refused", {"attempted": "add_event", "reason": "not_assigned"})
    ]


def test_html_in_text_fields_is_escaped_on_every_page(client: TestClient, world: World) -> None:
    case_file = {
        "case_id": "X-ESC-1",
        "title": f"标题{SCRIPT}",
        "made_up": True,
        "people": [
            {"id": "s1", "role": "suspect", "name": f"姓名{SCRIPT}"},
            {"id": "l1", "role": "defender", "name": "律师<b>粗</b>"},
        ],
        "charges": [{"person": "s1", "crime": "theft"}],
        "events": [],
    }
    assert client.post("/api/v1/cases", json=case_file, headers=world.auth("lawyer")).status_code == 201
    event = {
        "id": "ev<i>1</i>",
        "type": "meeting",
        "at": "2024-10-30T10:00:00+08:00",
        "person": "s1",
        "lawyer": "l1",
        "minutes": 5,
        "note": SCRIPT,
    }
    assert client.post("/api/v1/cases/X-ESC-1/events", json=event, headers=world.auth("lawyer")).status_code == 201
    sign_in(client, "lawyer")
    pages: list[Any] = [
        client.get("/cases"),
        client.get("/cases/X-ESC-1"),
        client.get("/cases/X-ESC-1?add=meeting"),
        client.get(f"/law?date=2024-01-01&prefix={SCRIPT}"),
    ]
    page = client.get("/sentencing")
    pages.append(
        client.post(
            "/sentencing",
            data={"csrf_token": csrf_of(page.text), "crime": "theft", "offense_date": SCRIPT, "facts_json": SCRIPT},
        )
    )
    client.cookies.clear()
    login = client.get("/login")
    pages.append(
        client.post(
            "/login", data={"csrf_token": csrf_of(login.text), "username": SCRIPT, "password": "x", "next": SCRIPT}
        )
    )
    for r in pages:
        assert "<script>alert" not in r.text, r.url
        assert "<b>粗</b>" not in r.text and "<i>1</i>" not in r.text
    assert "&lt;script&gt;alert(" in pages[1].text


def test_chinese_is_the_default_and_english_is_one_click_away_and_remembered(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    assert "我的案件" in client.get("/cases").text
    r = client.get("/cases?lang=en")
    assert "My cases" in r.text and 'lang="en"' in r.text
    assert "我的案件" not in text_of(r.text)
    assert "My cases" in client.get("/sentencing").text  # the choice is kept in a cookie
    assert "我的案件" in client.get("/cases?lang=zh").text
    assert "我的案件" in client.get("/cases?lang=klingon").text


def test_the_calculator_shows_the_trace_step_by_step_with_citations(client: TestClient, world: World) -> None:
    sign_in(client, "duty")
    page = client.get("/sentencing?crime=theft")
    assert 'name="fact.amount_yuan"' in page.text
    r = client.post(
        "/sentencing",
        data={
            "csrf_token": csrf_of(page.text),
            "crime": "theft",
            "offense_date": "2024-03-01",
            "fact.amount_yuan": "8000",
            "c_plea_leniency": "1",
            "plea_stage": "prosecution_review",
        },
    )
    assert r.status_code == 200
    assert r.text.count('class="step ') >= 5
    assert "《中华人民共和国刑法》第二百六十四条" in r.text
    assert '<blockquote class="article-text">盗窃公私财物' in r.text


def test_a_calculator_error_is_shown_next_to_its_field(client: TestClient, world: World) -> None:
    sign_in(client, "duty")
    page = client.get("/sentencing?crime=theft")
    r = client.post(
        "/sentencing",
        data={
            "csrf_token": csrf_of(page.text),
            "crime": "theft",
            "offense_date": "2024-03-01",
            "fact.amount_yuan": "-3",
        },
    )
    assert r.status_code == 422
    assert 'class="field-error"' in r.text.split('name="fact.amount_yuan"')[1].split("</div>")[0]


def test_the_review_page_gives_a_verdict_and_points_to_argue(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    page = client.get("/sentencing/review?crime=theft")
    r = client.post(
        "/sentencing/review",
        data={
            "csrf_token": csrf_of(page.text),
            "crime": "theft",
            "offense_date": "2024-03-01",
            "fact.amount_yuan": "8000",
            "c_plea_leniency": "1",
            "plea_stage": "prosecution_review",
            "rec_penalty_type": "fixed_term_imprisonment",
            "rec_months": "30",
        },
    )
    assert r.status_code == 200
    assert "应提出异议" in r.text and "辩护要点" in r.text


def test_the_law_page_lists_rules_in_force_with_their_source(client: TestClient, world: World) -> None:
    sign_in(client, "reviewer")
    r = client.get("/law?date=2024-05-01&prefix=criminal_law.theft")
    assert "criminal_law.theft.tiers" in r.text and "《中华人民共和国刑法》第二百六十四条" in r.text
    assert client.get("/law?date=not-a-date").status_code == 422


def test_the_admin_creates_a_user_and_assigns_a_case_through_the_pages(client: TestClient, world: World) -> None:
    sign_in(client, "admin")
    page = client.get("/admin/users")
    r = client.post(
        "/admin/users",
        data={"csrf_token": csrf_of(page.text), "username": "Bad Name!", "password": "short", "role": "lawyer"},
    )
    assert r.status_code == 422 and 'class="field-error"' in r.text
    r = client.post(
        "/admin/users",
        data={
            "csrf_token": csrf_of(page.text),
            "username": "newlawyer",
            "password": "long-enough-1",
            "role": "lawyer",
            "display_name": "新律师",
        },
    )
    assert r.status_code == 303
    case_page = client.get(f"/cases/{world.case_c}")
    r = client.post(
        f"/cases/{world.case_c}/assignments",
        data={"csrf_token": csrf_of(case_page.text), "username": "newlawyer", "action": "assign"},
    )
    assert r.status_code == 303
    assert "newlawyer" in client.get(f"/cases/{world.case_c}").text
    sign_in(client, "lawyer")
    assert client.get("/admin/users").status_code == 403


def test_a_lawyer_creates_a_case_and_is_assigned_to_it(client: TestClient, world: World) -> None:
    sign_in(client, "duty")
    page = client.get("/cases/new")
    r = client.post("/cases/new", data={"csrf_token": csrf_of(page.text), "suspect_name": "", "crime": "theft"})
    assert r.status_code == 422
    assert 'class="field-error"' in r.text.split('name="suspect_name"')[1].split("</div>")[0]
    r = client.post(
        "/cases/new",
        data={
            "csrf_token": csrf_of(page.text),
            "case_id": "T-WEB-1",
            "title": "新案",
            "suspect_name": "乙（虚构）",
            "birth_date": "2000-01-01",
            "crime": "fraud",
            "facts_json": '{"amount_yuan": 5000}',
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/cases/T-WEB-1"
    html = client.get("/cases/T-WEB-1").text
    assert "乙（虚构）" in html and "诈骗罪" in html and "duty（测试）" in html
    assert "T-WEB-1" in client.get("/cases").text
    r = client.post(
        "/cases/new",
        data={"csrf_token": csrf_of(page.text), "case_id": "T-WEB-1", "suspect_name": "丙", "crime": "theft"},
    )
    assert r.status_code == 422 and 'class="field-error"' in r.text.split('name="case_id"')[1].split("</div>")[0]


def test_the_sign_in_page_slows_down_a_password_guesser(client: TestClient, world: World) -> None:
    statuses = []
    for _ in range(6):
        page = client.get("/login")
        r = client.post("/login", data={"csrf_token": csrf_of(page.text), "username": "reviewer", "password": "guess"})
        statuses.append(r.status_code)
    assert statuses[:5] == [401] * 5 and statuses[5] == 429
    assert "分钟后再试" in r.text and int(r.headers["retry-after"]) > 0


def test_the_audit_trail_page_shows_who_read_the_case_and_only_to_those_assigned(
    client: TestClient, world: World
) -> None:
    sign_in(client, "lawyer")
    client.get(f"/cases/{world.case_a}")
    html = client.get(f"/cases/{world.case_a}/audit").text
    assert "lawyer" in html and "查阅案件" in html
    sign_in(client, "other")
    assert client.get(f"/cases/{world.case_a}/audit").status_code == 404
    assert client.get(f"/cases/{world.case_a}/export.json").status_code == 404


def test_a_service_error_on_a_form_is_shown_in_the_page_s_language_only(client: TestClient, world: World) -> None:
    sign_in(client, "duty")
    shown = {}
    for lang in ("zh", "en"):
        page = client.get(f"/sentencing?crime=theft&lang={lang}")
        r = client.post(
            f"/sentencing?lang={lang}",
            data={
                "csrf_token": csrf_of(page.text),
                "crime": "theft",
                "offense_date": "2024-03-01",
                "decided_on": "2023-01-01",
                "fact.amount_yuan": "8000",
            },
        )
        assert r.status_code == 422
        shown[lang] = r.text.split('class="field-error"')[1].split("</p>")[0]
    assert "宣判日期早于犯罪日期" in shown["zh"] and "decision date" not in shown["zh"]
    assert "the decision date is before the offense date" in shown["en"] and "宣判日期" not in shown["en"]
