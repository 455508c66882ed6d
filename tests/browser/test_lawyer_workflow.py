"""A lawyer's day in a real browser: sign in, open a case, add an event and see a finding appear, run the
calculator and read the trace, switch to English, sign out. Screenshots go to test-artifacts/browser/."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import pytest

from .conftest import PASSWORD, LiveServer

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def sign_in(page: Any, base: str, who: str = "lawyer") -> None:
    page.goto(f"{base}/login")
    page.fill("#username", who)
    page.fill("#password", PASSWORD)
    page.click("button[type=submit].primary")
    page.wait_for_url(f"{base}/cases")


def test_a_lawyer_signs_in_records_an_event_sees_the_finding_computes_switches_language_and_signs_out(
    live_server: LiveServer, browser: Any, shot: Any
) -> None:
    base = live_server.base_url
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" and "status of 401" not in msg.text else None,
    )  # the wrong password's 401

    # Sign in (a wrong password first: the message is on the form).
    page.goto(f"{base}/cases")
    assert "/login" in page.url
    page.fill("#username", "lawyer")
    page.fill("#password", "wrong-password")
    page.click("button[type=submit].primary")
    assert "用户名或密码错误" in page.inner_text("#login-error")
    shot(page, "01-sign-in-error")
    sign_in(page, base)
    assert page.locator("h1").inner_text() == "我的案件"
    rows = page.locator("table.cases tbody tr")
    assert rows.count() == 2
    shot(page, "02-my-cases")

    # Open a case.
    case_id = live_server.case_ids[0]
    page.click(f"a[href='/cases/{quote(case_id, safe='')}']")
    page.wait_for_selector("#timeline")
    findings_before = page.locator("#findings li.finding").count()
    events_before = page.locator("#timeline li[id^=event-]").count()
    shot(page, "03-case")

    # Add an event: the plea affidavit signed before anyone heard the suspect's or the lawyer's opinions.
    page.select_option("#add", "plea_affidavit_signed")  # auto-submits (app.js)
    page.wait_for_selector("#event-form")
    page.fill("input[name='at.date']", page.evaluate("new Date().toISOString().slice(0, 10)"))
    page.fill("input[name='at.time']", "09:30")
    page.select_option("select[name=person]", "s1")
    page.check("input[name=present][value=l1]")
    shot(page, "04-event-form")
    with page.expect_navigation():
        page.click("#event-form button[type=submit]")
    problems = page.locator(".field-error, .form-error")
    assert not problems.count(), problems.all_inner_texts()
    assert "事件已记入案卷" in page.inner_text("#timeline")
    assert page.locator("#timeline li[id^=event-]").count() == events_before + 1
    findings_after = page.locator("#findings li.finding").count()
    assert findings_after > findings_before
    assert page.locator("#findings li.finding.violation").count() >= 1
    shot(page, "05-finding-appeared")

    # The cited article's text is one click away.
    first_cite = page.locator("#findings details.cite").first
    first_cite.locator("summary").click()
    assert first_cite.locator("blockquote.article-text").is_visible()

    # The sentencing calculator with its trace.
    page.click("nav >> text=量刑计算")
    page.select_option("#crime", "theft")  # auto-submits to show the crime's facts
    page.wait_for_selector("input[name='fact.amount_yuan']")
    page.fill("#offense_date", "2024-03-01")
    page.fill("input[name='fact.amount_yuan']", "8000")
    page.check("input[name=c_plea_leniency]")
    page.select_option("#plea_stage", "prosecution_review")
    page.check("input[name=c_confession]")
    page.click("button.primary")
    page.wait_for_selector("ol.trace li.step")
    assert page.locator("ol.trace li.step").count() >= 5
    assert "个月" in page.locator("p.result").inner_text()
    step_cite = page.locator("ol.trace details.cite").first
    step_cite.locator("summary").click()
    assert step_cite.locator("blockquote.article-text").is_visible()
    shot(page, "06-calculator-trace")

    # Switch to English; the choice is remembered.
    page.click("a[data-lang=en]")
    page.wait_for_load_state()
    assert "Sentencing calculator" in page.locator("nav").inner_text()
    page.goto(f"{base}/cases/{quote(case_id, safe='')}")
    assert "Safeguard findings" in page.locator("#findings-h").inner_text()
    shot(page, "07-case-english")

    # Sign out: back to the sign-in page, and the case is no longer reachable.
    page.click("form[action='/logout'] button")
    page.wait_for_url(f"{base}/login?signed_out=1")
    assert "signed out" in page.inner_text("main")
    shot(page, "08-signed-out")
    page.goto(f"{base}/cases/{quote(case_id, safe='')}")
    assert "/login" in page.url
    assert not errors, errors


def test_the_pages_fit_a_phone_screen(live_server: LiveServer, browser: Any, shot: Any) -> None:
    base = live_server.base_url
    page = browser.new_page(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    sign_in(page, base)
    for name, path in (
        ("09-phone-cases", "/cases"),
        ("10-phone-case", f"/cases/{quote(live_server.case_ids[0], safe='')}"),
        ("11-phone-calculator", "/sentencing?crime=theft"),
        ("13-phone-account", "/account"),
    ):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375 + 1, f"{path} is {width}px wide on a 375px screen"
        shot(page, name)


def test_plain_forms_work_without_javascript(live_server: LiveServer, browser: Any, shot: Any) -> None:
    base = live_server.base_url
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, base)
    page.goto(f"{base}/sentencing")
    page.select_option("#crime", "theft")
    page.click("form.crime-pick button")
    page.wait_for_selector("input[name='fact.amount_yuan']")
    page.fill("#offense_date", "2024-03-01")
    page.fill("input[name='fact.amount_yuan']", "8000")
    page.click("button.primary")
    page.wait_for_selector("ol.trace li.step")
    shot(page, "12-no-javascript")
    context.close()


def test_the_api_reference_runs_from_this_server_under_the_content_security_policy(
    live_server: LiveServer, browser: Any, shot: Any
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    outside: list[str] = []
    page.on("request", lambda req: outside.append(req.url) if not req.url.startswith(live_server.base_url) else None)
    page.goto(f"{live_server.base_url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=15000)
    assert "PleaGuard" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector(".opblock-summary-path", timeout=15000)
    paths = page.eval_on_selector_all(".opblock-summary-path", "els => els.map(e => e.textContent)")
    assert any("/api/v1/sentence" in p for p in paths)
    shot(page, "12-api-reference")
    assert [u for u in outside if not u.startswith("data:")] == []  # nothing from a third-party site
    assert problems == []  # no script error, no Content-Security-Policy violation


def test_a_printed_case_shows_the_record_and_the_cited_words_without_navigation_or_forms(
    live_server: LiveServer, browser: Any, shot: Any
) -> None:
    base = live_server.base_url
    page = browser.new_page(viewport={"width": 1000, "height": 900})
    sign_in(page, base)
    page.goto(f"{base}/cases/{quote(live_server.case_ids[0], safe='')}")
    closed = page.eval_on_selector_all("details.cite:not([open])", "els => els.length")
    assert closed > 0
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    assert page.eval_on_selector_all("details.cite:not([open])", "els => els.length") == 0
    assert not page.is_visible("header.top") and not page.is_visible("#add-event")
    assert page.is_visible("#findings") and page.is_visible("#timeline")
    shot(page, "14-case-printed")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    assert page.eval_on_selector_all("details.cite:not([open])", "els => els.length") == closed
