"""The case page's cached fragments (`pleaguard.web.case_fragments`): a page built from them is the page a fresh
render gives, a new event shows at once, and nothing of one user can reach another user's page through them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from jinja2 import meta

from pleaguard.services import read_cache
from pleaguard.web import case_fragments
from pleaguard.web.templating import environment

from .helpers import World, csrf_of, meeting, sign_in

FRAGMENT_TEMPLATES = ("cases/_summary.html", "cases/_status.html", "cases/_timeline.html", "cases/_event_options.html")
#: What `case_fragments` passes to its templates besides `templating.content_context`.
FRAGMENT_INPUTS = {"case", "people", "findings", "deadlines", "suspects", "timeline", "event_types", "add"}
CONTENT_CONTEXT = {
    "_",
    "ngettext",
    "lang",
    "labels",
    "present_cite",
    "show",
    "months_range",
    "percent",
    "fmt",
    "crime_name",
}
MEETING = meeting("frag-meet")


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    read_cache.clear()
    case_fragments.cache.clear()
    case_fragments.options_cache.clear()


def uncached(client: TestClient, url: str) -> str:
    case_fragments.cache.clear()
    case_fragments.options_cache.clear()
    read_cache.clear()
    r = client.get(url)
    assert r.status_code == 200
    return r.text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_case_page_built_from_cached_fragments_is_byte_identical_to_a_fresh_render(
    client: TestClient, world: World, lang: str
) -> None:
    sign_in(client, "admin")
    for case_id in (world.case_a, world.case_b, world.case_c):
        url = f"/cases/{case_id}?lang={lang}"
        first = uncached(client, url)
        assert client.get(url).text == first
        assert len(case_fragments.cache) == 1  # the second read was served from the cache
        assert case_fragments.cache.hits >= 1


def test_the_same_case_in_the_other_language_is_rendered_in_that_language(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    zh = client.get(f"/cases/{world.case_a}?lang=zh").text
    en = client.get(f"/cases/{world.case_a}?lang=en").text
    assert "时间线" in zh and "Timeline" in en
    assert "Safeguard findings" not in zh and "Safeguard findings" in en


def test_an_event_added_after_the_page_was_cached_shows_on_the_next_read(client: TestClient, world: World) -> None:
    sign_in(client, "lawyer")
    url = f"/cases/{world.case_a}"
    before = client.get(url).text
    assert 'id="event-frag-meet"' not in before
    posted = client.post(f"/api/v1/cases/{world.case_a}/events", json=MEETING, headers=world.auth("lawyer"))
    assert posted.status_code == 201, posted.text
    after = client.get(url).text
    assert 'id="event-frag-meet"' in after
    assert after == uncached(client, url)


def test_two_users_reading_the_same_cached_case_each_see_only_their_own_name_and_token(
    client: TestClient, world: World
) -> None:
    sign_in(client, "lawyer")
    lawyer_page = client.get(f"/cases/{world.case_a}").text
    sign_in(client, "admin")
    admin_page = client.get(f"/cases/{world.case_a}").text
    assert case_fragments.cache.hits >= 1  # the admin's page was built from the lawyer's fragments
    assert "admin（测试）" in admin_page and "lawyer（测试）" not in admin_page.split("<main", 1)[0]
    assert "lawyer（测试）" in lawyer_page.split("<main", 1)[0]
    assert csrf_of(admin_page) != csrf_of(lawyer_page)
    assert csrf_of(lawyer_page) not in admin_page
    assert 'action="/cases/' in admin_page and "/assignments" in admin_page  # the admin's own form
    assert "/assignments" not in lawyer_page


def test_the_fragment_templates_can_name_nothing_about_the_user_or_the_request() -> None:
    env = environment()
    for name in FRAGMENT_TEMPLATES:
        assert env.loader is not None
        source = env.loader.get_source(env, name)[0]
        names = meta.find_undeclared_variables(env.parse(source))
        assert names <= FRAGMENT_INPUTS | CONTENT_CONTEXT, (name, names - FRAGMENT_INPUTS - CONTENT_CONTEXT)
        assert not names & {"user", "csrf_token", "request", "path", "lang_url", "demo"}


def test_the_content_context_holds_nothing_about_the_user(client: TestClient, world: World) -> None:
    from fastapi import Request

    from pleaguard.web.templating import content_context, translator

    scope = {"type": "http", "app": world.app, "query_string": b"", "headers": [], "path": "/", "method": "GET"}
    request = Request(scope)
    assert set(content_context(request, translator(request))) == CONTENT_CONTEXT
