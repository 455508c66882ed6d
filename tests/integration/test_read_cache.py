"""The read caches (`pleaguard.services.read_cache`): a cached read returns exactly what a fresh computation
returns, a new event is seen at once, access is checked and every read audited on every call, and findings that
depend on `as_of` change when they should."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import NotFound
from pleaguard.services import accounts, case_rules, cases, read_cache
from pleaguard.services.records import Role, User

from .helpers import count_rows, event, sample_case

CASE = "2024-刑-001"
CST = dt.timezone(dt.timedelta(hours=8))


@pytest.fixture(autouse=True)
def empty_caches() -> None:
    read_cache.clear()


@pytest.fixture
def team(uow: SqlAlchemyUnitOfWork) -> dict[str, User]:
    people = {
        name: accounts.create_user(uow, actor=None, username=name, password="correct horse battery", role=role)
        for name, role in [("admin", Role.LEGAL_AID_ADMIN), ("alice", Role.LAWYER), ("bob", Role.LAWYER)]
    }
    cases.create_case(uow, actor=people["alice"], case_file=sample_case(CASE))
    return people


def fresh(view: cases.CaseView) -> dict[str, Any]:
    """What the procedure domain derives for the view's log at the view's as_of, computed without any cache."""
    result = case_rules.evaluate(view.case_id, view.header, [e.payload for e in view.events], view.as_of)
    return {k: result[k] for k in ("state", "findings", "deadlines", "procedure")}


def derived(view: cases.CaseView) -> dict[str, Any]:
    return {"state": view.state, "findings": view.findings, "deadlines": view.deadlines, "procedure": view.procedure}


def reads(uow: SqlAlchemyUnitOfWork, actor: str) -> int:
    with uow:
        return sum(1 for a in uow.audit.for_case(1) if a.action == "read" and a.actor == actor)


def test_a_repeated_read_is_served_from_the_cache_and_equals_a_fresh_computation(
        uow: SqlAlchemyUnitOfWork, team: dict[str, User]) -> None:
    as_of = dt.datetime(2024, 9, 29, 12, tzinfo=CST)
    first = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=as_of)
    hits = read_cache.content_cache.hits
    second = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=as_of)
    assert read_cache.content_cache.hits == hits + 1
    assert second.to_dict() == first.to_dict()
    assert derived(second) == fresh(second)


def test_a_new_event_is_seen_by_the_next_read_with_findings_recomputed(uow: SqlAlchemyUnitOfWork,
                                                                       team: dict[str, User]) -> None:
    as_of = dt.datetime(2024, 10, 3, 12, tzinfo=CST)
    before = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=as_of)
    stored = cases.add_event(uow, actor=team["alice"], case_id=CASE,
                             event=event("e3", "arrested", "2024-09-30T10:00:00+08:00"))
    after = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=as_of)
    assert after.head_hash == stored.hash != before.head_hash
    assert [e.event_id for e in after.events] == ["e1", "e2", "e3"]
    assert derived(after) == fresh(after)
    assert derived(after) != derived(before)


def test_another_users_access_is_refused_even_when_the_case_is_cached(uow: SqlAlchemyUnitOfWork,
                                                                      team: dict[str, User]) -> None:
    cases.get_case(uow, actor=team["alice"], case_id=CASE)
    audit_rows = count_rows(uow.engine, "audit_log")
    with pytest.raises(NotFound) as refused:
        cases.get_case(uow, actor=team["bob"], case_id=CASE)
    with pytest.raises(NotFound) as missing:
        cases.get_case(uow, actor=team["bob"], case_id="no-such-case")
    assert str(refused.value) == str(missing.value).replace("no-such-case", CASE)
    # the refusal and the probe for a missing id (attached to no case), nothing about the case shown
    assert count_rows(uow.engine, "audit_log") == audit_rows + 2
    last = cases.audit_trail(uow, actor=team["admin"], case_id=CASE)[-1]
    assert (last.actor, last.action, last.detail) == ("bob", "refused", {"attempted": "read", "reason": "not_assigned"})
    assert [s.case_id for s in cases.list_cases(uow, actor=team["bob"], with_status=True)] == []


def test_unassigning_a_user_takes_effect_on_their_next_read_despite_the_cache(uow: SqlAlchemyUnitOfWork,
                                                                              team: dict[str, User]) -> None:
    accounts.assign(uow, actor=team["admin"], case_id=CASE, username="bob")
    assert cases.get_case(uow, actor=team["bob"], case_id=CASE).assignees == ["alice", "bob"]
    accounts.unassign(uow, actor=team["admin"], case_id=CASE, username="bob")
    assert cases.get_case(uow, actor=team["admin"], case_id=CASE).assignees == ["alice"]
    with pytest.raises(NotFound):
        cases.get_case(uow, actor=team["bob"], case_id=CASE)
    with pytest.raises(NotFound):
        cases.get_case(uow, actor=team["bob"], case_id=CASE, as_of=dt.date(2024, 10, 1))


def test_every_read_is_audited_when_it_is_served_from_the_cache(uow: SqlAlchemyUnitOfWork,
                                                                team: dict[str, User]) -> None:
    for _ in range(3):
        view = cases.get_case(uow, actor=team["alice"], case_id=CASE)
    cases.list_cases(uow, actor=team["alice"], with_status=True)
    cases.list_cases(uow, actor=team["alice"], with_status=True)
    with uow:
        trail = [a for a in uow.audit.for_case(1) if a.action == "read"]
    assert [a.detail.get("view") for a in trail] == ["case", "case", "case", "list", "list"]
    assert all(a.actor == "alice" for a in trail)
    assert trail[0].detail["head_hash"] == view.head_hash and trail[0].detail["seq"] == 2


def test_findings_and_deadlines_follow_as_of_exactly_as_an_uncached_evaluation(uow: SqlAlchemyUnitOfWork,
                                                                              team: dict[str, User]) -> None:
    # An arrest after the detention, and a later event the earlier moments must not see.
    cases.add_event(uow, actor=team["alice"], case_id=CASE, event=event("e3", "arrested", "2024-10-02T16:00:00+08:00"))
    seen: set[str] = set()
    moment = dt.datetime(2024, 9, 27, 9, 30, tzinfo=CST)
    while moment < dt.datetime(2024, 12, 20, tzinfo=CST):
        view = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=moment)
        assert derived(view) == fresh(view), moment
        seen.add(json.dumps([derived(view)["findings"], derived(view)["deadlines"]], sort_keys=True))
        moment += dt.timedelta(hours=7, minutes=13)  # crosses midnights and event times at varied instants
    # The result did change with as_of (deadline statuses, days left, the arrest appearing): many distinct answers,
    # and fewer evaluations than reads, because moments with the same inputs share one.
    assert len(seen) > 5
    assert len(read_cache.evaluation_cache) < 280


def test_an_event_later_on_the_same_day_is_not_seen_before_it_happened(uow: SqlAlchemyUnitOfWork,
                                                                       team: dict[str, User]) -> None:
    cases.add_event(uow, actor=team["alice"], case_id=CASE, event=event("e3", "arrested", "2024-10-02T16:00:00+08:00"))
    morning = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=dt.datetime(2024, 10, 2, 9, tzinfo=CST))
    evening = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=dt.datetime(2024, 10, 2, 20, tzinfo=CST))
    assert derived(morning) == fresh(morning) and derived(evening) == fresh(evening)
    assert derived(morning) != derived(evening)


def test_the_case_list_equals_a_fresh_evaluation_of_each_case(uow: SqlAlchemyUnitOfWork,
                                                              team: dict[str, User]) -> None:
    cases.create_case(uow, actor=team["alice"], case_file=sample_case("2024-刑-002") | {"events": []})
    day = dt.date(2024, 10, 5)
    cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=day)  # one of the two cached, one not
    listed = {s.case_id: s for s in cases.list_cases(uow, actor=team["alice"], with_status=True, as_of=day)}
    for case_id, summary in listed.items():
        view = cases.get_case(uow, actor=team["alice"], case_id=case_id, as_of=day)
        assert (summary.findings, summary.deadlines) == (fresh(view)["findings"], fresh(view)["deadlines"])
        assert summary.events == len(view.events)


def test_the_list_by_urgency_equals_a_fresh_evaluation_whether_or_not_the_logs_are_still_cached(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User]
) -> None:
    cases.create_case(uow, actor=team["alice"], case_file=sample_case("2024-刑-002") | {"events": []})
    day = dt.date(2024, 10, 5)

    def listed() -> dict[str, tuple[Any, Any]]:
        page = cases.list_cases_page(uow, actor=team["alice"], as_of=day, order="urgency")
        return {s.case_id: (s.findings, s.deadlines) for s in page.items}

    first = listed()
    read_cache.content_cache.clear()  # the logs are gone from the cache; the ranks are found by head alone
    read_cache.evaluation_cache.clear()
    assert listed() == first
    for case_id, got in first.items():
        view = cases.get_case(uow, actor=team["alice"], case_id=case_id, as_of=day)
        assert got == (fresh(view)["findings"], fresh(view)["deadlines"])
    cases.add_event(uow, actor=team["alice"], case_id=CASE,
                    event=event("m-new", "meeting", "2024-10-04T10:00:00+08:00", lawyer="dl1", minutes=20))
    after = listed()[CASE]
    view = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=day)
    assert after == (fresh(view)["findings"], fresh(view)["deadlines"])  # the new head is evaluated afresh


def test_reading_a_view_does_not_change_what_is_cached(uow: SqlAlchemyUnitOfWork, team: dict[str, User]) -> None:
    view = cases.get_case(uow, actor=team["alice"], case_id=CASE)
    snapshot = copy.deepcopy(view.to_dict())
    json.dumps(view.to_dict(), ensure_ascii=False)
    again = cases.get_case(uow, actor=team["alice"], case_id=CASE, as_of=view.as_of)
    assert again.to_dict() == snapshot


def test_the_cache_keeps_at_most_its_bound_and_drops_the_least_recently_used() -> None:
    cache: read_cache.LruCache[int] = read_cache.LruCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1
    cache.put("c", 3)
    assert len(cache) == 2 and cache.get("b") is None and cache.get("a") == 1 and cache.get("c") == 3


def test_a_unit_of_work_that_keeps_its_connection_still_makes_each_block_its_own_transaction(
        uow: SqlAlchemyUnitOfWork, team: dict[str, User]) -> None:
    kept = SqlAlchemyUnitOfWork(uow.engine, keep_connection=True)
    before = count_rows(uow.engine, "audit_log")
    with kept:
        first = kept.connection
        kept.audit.record(case_pk=None, actor_id=None, actor="t", action="read", at=kept.now(), detail={})
    assert count_rows(uow.engine, "audit_log") == before  # left without commit: rolled back
    with kept:
        assert kept.connection is first
        kept.audit.record(case_pk=None, actor_id=None, actor="t", action="read", at=kept.now(), detail={})
        kept.commit()
    assert count_rows(uow.engine, "audit_log") == before + 1
    cases.get_case(kept, actor=team["alice"], case_id=CASE)
    with pytest.raises(NotFound):
        cases.get_case(kept, actor=team["bob"], case_id=CASE)
    with kept:  # a failed call leaves the connection usable
        assert kept.connection is first
    kept.close()
    assert first.closed


def test_the_case_list_reads_many_cases_in_chunks_and_keeps_their_order(
        uow: SqlAlchemyUnitOfWork, team: dict[str, User], monkeypatch: pytest.MonkeyPatch) -> None:
    from pleaguard.adapters.db import repository

    for n in (3, 2):
        cases.create_case(uow, actor=team["alice"], case_file=sample_case(f"2024-刑-00{n}"))
    whole = [(s.case_id, s.events, s.findings) for s in cases.list_cases(uow, actor=team["alice"], with_status=True,
                                                                          as_of=dt.date(2024, 10, 5))]
    read_cache.clear()
    monkeypatch.setattr(repository, "IN_CHUNK", 1)
    chunked = [(s.case_id, s.events, s.findings) for s in cases.list_cases(uow, actor=team["alice"], with_status=True,
                                                                            as_of=dt.date(2024, 10, 5))]
    assert chunked == whole
    assert [c[0] for c in whole] == ["2024-刑-001", "2024-刑-002", "2024-刑-003"] and all(c[1] == 2 for c in whole)
