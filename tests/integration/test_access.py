"""Accounts and access: who sees which case, read-only reviewers, the audit trail of reads and changes,
sign-in with argon2 and a rate limit, API tokens."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher

from pleaguard.adapters.db.repository import AuditRepository
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import InputError, NotFound
from pleaguard.services import accounts, cases
from pleaguard.services.access import AuthenticationFailed, PermissionDenied, RateLimited
from pleaguard.services.records import Role, User

from .helpers import count_rows, event, sample_case

CASE = "2024-刑-001"
PASSWORD = "correct horse battery"


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2024, 10, 8, 1, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cheap argon2id parameters for these tests only (the defaults cost a fraction of a second per hash)."""
    monkeypatch.setattr(accounts, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
    monkeypatch.setattr(accounts, "_dummy_hash", [])


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def team(uow: SqlAlchemyUnitOfWork, clock: Clock) -> dict[str, User]:
    uow.clock = clock
    people = {
        name: accounts.create_user(uow, actor=None, username=name, password=PASSWORD, role=role,
                                   display_name=f"{name}（虚构）")
        for name, role in [("admin", Role.LEGAL_AID_ADMIN), ("alice", Role.LAWYER), ("bob", Role.LAWYER),
                           ("duty", Role.DUTY_LAWYER), ("rita", Role.REVIEWER)]
    }
    cases.create_case(uow, actor=people["alice"], case_file=sample_case(CASE))
    return people


def test_a_lawyer_who_creates_a_case_is_assigned_to_it_and_sees_it(uow: SqlAlchemyUnitOfWork,
                                                                   team: dict[str, User]) -> None:
    assert [s.case_id for s in cases.list_cases(uow, actor=team["alice"])] == [CASE]
    assert [u.username for u in accounts.assignees(uow, actor=team["alice"], case_id=CASE)] == ["alice"]


def test_an_unassigned_lawyer_gets_the_same_not_found_as_for_a_case_that_does_not_exist(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User]
) -> None:
    bob = team["bob"]
    with pytest.raises(NotFound) as missing:
        cases.get_case(uow, actor=bob, case_id="no-such-case")
    calls = {
        "read": lambda: cases.get_case(uow, actor=bob, case_id=CASE),
        "timeline": lambda: cases.timeline(uow, actor=bob, case_id=CASE),
        "verify": lambda: cases.verify(uow, actor=bob, case_id=CASE),
        "export": lambda: cases.export_case(uow, actor=bob, case_id=CASE),
        "audit": lambda: cases.audit_trail(uow, actor=bob, case_id=CASE),
        "head_hash": lambda: cases.head_hash(uow, actor=bob, case_id=CASE),
        "assignees": lambda: accounts.assignees(uow, actor=bob, case_id=CASE),
        "add_event": lambda: cases.add_event(uow, actor=bob, case_id=CASE,
                                             event=event("x", "bail", "2024-10-01T09:00:00+08:00")),
    }
    for attempted, call in calls.items():
        audit_before = count_rows(uow.engine, "audit_log")
        with pytest.raises(NotFound) as denied:
            call()
        assert str(denied.value).replace(CASE, "?") == str(missing.value).replace("no-such-case", "?")
        assert count_rows(uow.engine, "audit_log") == audit_before + 1, attempted
        last = cases.audit_trail(uow, actor=team["admin"], case_id=CASE)[-1]
        assert (last.actor, last.action, last.detail) == ("bob", "refused",
                                                          {"attempted": attempted, "reason": "not_assigned"})
    assert cases.list_cases(uow, actor=bob) == []
    assert count_rows(uow.engine, "case_events") == 2
    trail = cases.audit_trail(uow, actor=team["admin"], case_id=CASE)
    assert [a.action for a in trail if a.actor == "bob"] == ["refused"] * len(calls)  # no read, no add_event


def test_an_attempt_on_a_case_that_does_not_exist_leaves_one_entry_attached_to_no_case(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User]
) -> None:
    """So that an administrator sees probes for case ids, and a missing case costs the same insert as a refusal."""
    before = count_rows(uow.engine, "audit_log")
    for actor in (team["bob"], team["rita"], team["admin"]):
        with pytest.raises(NotFound):
            cases.get_case(uow, actor=actor, case_id="no-such-case")
        with pytest.raises(NotFound):
            cases.add_event(uow, actor=actor, case_id="no-such-case",
                            event=event("x", "bail", "2024-10-01T09:00:00+08:00"))
    with pytest.raises(PermissionDenied):
        accounts.assign(uow, actor=team["bob"], case_id="no-such-case", username="bob")
    assert count_rows(uow.engine, "audit_log") == before + 7
    probes = cases.attempts_without_case(uow, actor=team["admin"])
    assert [(p.actor, p.action, p.case_id, p.detail) for p in probes] == [
        (name, "refused", None, {"attempted": attempted, "reason": "no_such_case", "case_id": "no-such-case"})
        for name in ("bob", "rita", "admin") for attempted in ("read", "add_event")
    ] + [("bob", "refused", None, {"attempted": "assign", "reason": "no_such_case", "case_id": "no-such-case"})]
    assert cases.audit_trail(uow, actor=team["admin"], case_id=CASE)[-1].actor == "alice"  # not in a case's trail


def test_the_local_operator_asking_for_a_missing_case_leaves_nothing(uow: SqlAlchemyUnitOfWork,
                                                                     team: dict[str, User]) -> None:
    before = count_rows(uow.engine, "audit_log")
    with pytest.raises(NotFound):
        cases.get_case(uow, actor=None, case_id="no-such-case")
    assert count_rows(uow.engine, "audit_log") == before


def test_a_long_case_id_asked_for_is_kept_cut_to_128_characters(uow: SqlAlchemyUnitOfWork,
                                                                 team: dict[str, User]) -> None:
    with pytest.raises(NotFound):
        cases.get_case(uow, actor=team["bob"], case_id="案" * 300)
    assert cases.attempts_without_case(uow, actor=None)[-1].detail["case_id"] == "案" * 128


def test_only_an_admin_sees_the_attempts_on_missing_cases(uow: SqlAlchemyUnitOfWork, team: dict[str, User]) -> None:
    for name in ("alice", "duty", "rita"):
        with pytest.raises(PermissionDenied):
            cases.attempts_without_case(uow, actor=team[name])


def test_a_refusal_is_recorded_even_though_the_refused_transaction_is_rolled_back(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User]
) -> None:
    """The entry survives the rollback of the request's transaction and does not hold the database: the next
    request (here a write on the same case) goes through at once."""
    with pytest.raises(NotFound):
        cases.add_event(uow, actor=team["bob"], case_id=CASE, event=event("x", "bail", "2024-10-01T09:00:00+08:00"))
    cases.add_event(uow, actor=team["alice"], case_id=CASE, event=event("e3", "bail", "2024-10-01T09:00:00+08:00"))
    trail = cases.audit_trail(uow, actor=team["admin"], case_id=CASE)
    assert [(a.actor, a.action) for a in trail] == [("alice", "create"), ("bob", "refused"), ("alice", "add_event")]
    assert count_rows(uow.engine, "case_events") == 3


def test_a_refusal_that_cannot_be_recorded_still_gets_the_same_not_found(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: AuditRepository, **kwargs: Any) -> None:
        raise sa.exc.OperationalError("INSERT INTO audit_log", {}, Exception("disk I/O error"))

    with pytest.raises(NotFound) as missing:
        cases.get_case(uow, actor=team["bob"], case_id="no-such-case")
    before = count_rows(uow.engine, "audit_log")
    monkeypatch.setattr(AuditRepository, "record", broken)
    for call in (lambda: cases.get_case(uow, actor=team["bob"], case_id=CASE),
                 lambda: cases.add_event(uow, actor=team["bob"], case_id=CASE,
                                         event=event("x", "bail", "2024-10-01T09:00:00+08:00"))):
        with pytest.raises(NotFound) as denied:
            call()
        assert str(denied.value) == str(missing.value).replace("no-such-case", CASE)
    assert count_rows(uow.engine, "audit_log") == before


def test_an_admin_sees_every_case_and_assigns_and_unassigns(uow: SqlAlchemyUnitOfWork,
                                                            team: dict[str, User]) -> None:
    admin, bob = team["admin"], team["bob"]
    assert [s.case_id for s in cases.list_cases(uow, actor=admin)] == [CASE]
    accounts.assign(uow, actor=admin, case_id=CASE, username="bob")
    assert cases.get_case(uow, actor=bob, case_id=CASE, evaluate=False).case_id == CASE
    accounts.unassign(uow, actor=admin, case_id=CASE, username="bob")
    with pytest.raises(NotFound):
        cases.get_case(uow, actor=bob, case_id=CASE)
    actions = [(a.actor, a.action, a.detail.get("user")) for a in cases.audit_trail(uow, actor=admin, case_id=CASE)]
    assert ("admin", "assign", "bob") in actions and ("admin", "unassign", "bob") in actions


def test_only_an_admin_assigns_and_a_refused_assignment_is_in_the_case_audit_trail(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User]
) -> None:
    with pytest.raises(PermissionDenied):
        accounts.assign(uow, actor=team["alice"], case_id=CASE, username="bob")
    with pytest.raises(PermissionDenied):
        accounts.unassign(uow, actor=team["alice"], case_id=CASE, username="alice")
    with pytest.raises(PermissionDenied):
        accounts.create_user(uow, actor=team["alice"], username="eve", password=PASSWORD, role="lawyer")
    trail = cases.audit_trail(uow, actor=team["admin"], case_id=CASE)
    assert [(a.actor, a.action, a.detail) for a in trail[1:]] == [
        ("alice", "refused", {"attempted": "assign", "reason": "not_admin"}),
        ("alice", "refused", {"attempted": "unassign", "reason": "not_admin"}),
    ]
    assert [u.username for u in accounts.assignees(uow, actor=team["admin"], case_id=CASE)] == ["alice"]


def test_a_reviewer_reads_assigned_cases_but_changes_nothing(uow: SqlAlchemyUnitOfWork,
                                                             team: dict[str, User]) -> None:
    rita = team["rita"]
    with pytest.raises(NotFound):
        cases.get_case(uow, actor=rita, case_id=CASE)
    accounts.assign(uow, actor=team["admin"], case_id=CASE, username="rita")
    assert cases.get_case(uow, actor=rita, case_id=CASE, evaluate=False).case_id == CASE
    with pytest.raises(PermissionDenied):
        cases.add_event(uow, actor=rita, case_id=CASE, event=event("x", "bail", "2024-10-01T09:00:00+08:00"))
    with pytest.raises(PermissionDenied):
        cases.create_case(uow, actor=rita, case_file=sample_case("other"))
    assert count_rows(uow.engine, "case_events") == 2
    trail = [(a.action, a.detail) for a in cases.audit_trail(uow, actor=team["admin"], case_id=CASE)
             if a.actor == "rita"]
    assert trail == [
        ("refused", {"attempted": "read", "reason": "not_assigned"}),
        ("read", trail[1][1]),
        ("refused", {"attempted": "add_event", "reason": "read_only"}),
    ]


def test_a_deactivated_user_loses_access_sign_in_and_tokens(uow: SqlAlchemyUnitOfWork,
                                                            team: dict[str, User]) -> None:
    token, _ = accounts.issue_token(uow, actor=team["alice"], name="laptop")
    alice = accounts.set_active(uow, actor=team["admin"], username="alice", active=False)
    with pytest.raises(NotFound):
        cases.get_case(uow, actor=alice, case_id=CASE)
    with pytest.raises(PermissionDenied):
        cases.add_event(uow, actor=alice, case_id=CASE, event=event("x", "bail", "2024-10-01T09:00:00+08:00"))
    refused = [a.detail for a in cases.audit_trail(uow, actor=team["admin"], case_id=CASE) if a.action == "refused"]
    assert refused == [{"attempted": "read", "reason": "inactive"}, {"attempted": "add_event", "reason": "inactive"}]
    with pytest.raises(AuthenticationFailed):
        accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.1")
    with pytest.raises(AuthenticationFailed):
        accounts.resolve_token(uow, token=token)
    assert accounts.load_user(uow, user_id=alice.id) is None


def test_every_read_and_change_is_in_the_case_audit_trail(uow: SqlAlchemyUnitOfWork,
                                                          team: dict[str, User]) -> None:
    alice = team["alice"]
    cases.add_event(uow, actor=alice, case_id=CASE, event=event("e3", "bail", "2024-10-01T09:00:00+08:00"))
    cases.get_case(uow, actor=alice, case_id=CASE, evaluate=False)
    cases.timeline(uow, actor=alice, case_id=CASE)
    cases.verify(uow, actor=alice, case_id=CASE)
    cases.export_case(uow, actor=alice, case_id=CASE)
    trail = cases.audit_trail(uow, actor=alice, case_id=CASE)
    assert [(a.actor, a.action) for a in trail] == [
        ("alice", "create"), ("alice", "add_event"), ("alice", "read"), ("alice", "read"), ("alice", "verify"),
        ("alice", "export"),
    ]
    assert trail[1].detail["event_id"] == "e3" and trail[1].detail["seq"] == 3
    assert all(a.at == uow.clock() for a in trail)


def test_listing_cases_is_recorded_as_a_read_of_each_listed_case(uow: SqlAlchemyUnitOfWork,
                                                                 team: dict[str, User]) -> None:
    cases.list_cases(uow, actor=team["admin"])
    last = cases.audit_trail(uow, actor=team["admin"], case_id=CASE)[-1]
    assert (last.actor, last.action, last.detail) == ("admin", "read", {"view": "list"})


def test_sign_in_accepts_the_right_password_and_refuses_the_wrong_one_without_saying_which_part(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User]
) -> None:
    assert accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.1").username == "alice"
    with pytest.raises(AuthenticationFailed) as wrong_password:
        accounts.authenticate(uow, username="alice", password="wrong password", ip="10.0.0.1")
    with pytest.raises(AuthenticationFailed) as no_such_user:
        accounts.authenticate(uow, username="mallory", password="wrong password", ip="10.0.0.1")
    assert str(wrong_password.value) == str(no_such_user.value)


def test_passwords_are_stored_as_argon2_hashes(uow: SqlAlchemyUnitOfWork, team: dict[str, User]) -> None:
    with uow:
        stored = uow.users.password_hash(team["alice"].id)
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


def test_five_failures_in_fifteen_minutes_lock_that_username_from_that_address(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User], clock: Clock
) -> None:
    for _ in range(5):
        with pytest.raises(AuthenticationFailed) as err:
            accounts.authenticate(uow, username="alice", password="guess", ip="10.0.0.9")
        assert not isinstance(err.value, RateLimited)
    with pytest.raises(RateLimited):
        accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.9")
    # another address is not locked out, and the lock ends when the window has passed
    assert accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.10").username == "alice"
    clock.now += dt.timedelta(minutes=16)
    assert accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.9").username == "alice"


def test_login_attempts_older_than_the_rate_limit_window_are_pruned_and_the_limit_still_holds(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User], clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(accounts, "LOGIN_PRUNE_EVERY", 1)  # prune on every attempt, to see what a prune keeps
    start = clock.now
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(uow, username="mallory", password="guess", ip="10.0.0.66")
    assert count_rows(uow.engine, "login_attempts") == 3
    clock.now = start + accounts.LOGIN_WINDOW - dt.timedelta(minutes=1)  # all three still inside the window
    for _ in range(2):
        with pytest.raises(AuthenticationFailed) as err:
            accounts.authenticate(uow, username="alice", password="guess", ip="10.0.0.9")
        assert not isinstance(err.value, RateLimited)
    assert count_rows(uow.engine, "login_attempts") == 5
    for _ in range(3):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(uow, username="alice", password="guess", ip="10.0.0.9")
    with pytest.raises(RateLimited):  # five failures within the window: the prunes dropped none of them
        accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.9")
    clock.now = start + accounts.LOGIN_WINDOW + dt.timedelta(minutes=1)
    with pytest.raises(RateLimited):
        accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.9")
    assert count_rows(uow.engine, "login_attempts") == 7  # mallory's three are gone; alice's seven are kept
    clock.now += accounts.LOGIN_WINDOW + dt.timedelta(minutes=1)
    assert accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.9").username == "alice"
    assert count_rows(uow.engine, "login_attempts") == 1


def test_old_login_attempts_are_pruned_every_n_th_attempt_or_at_once_by_an_admin(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User], clock: Clock
) -> None:
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            accounts.authenticate(uow, username="mallory", password="guess", ip="10.0.0.66")
    clock.now += accounts.LOGIN_WINDOW + dt.timedelta(seconds=1)
    accounts.authenticate(uow, username="alice", password=PASSWORD, ip="10.0.0.1")
    assert count_rows(uow.engine, "login_attempts") == 3  # the third attempt is not a LOGIN_PRUNE_EVERY-th one
    with pytest.raises(PermissionDenied):
        accounts.prune_login_attempts(uow, actor=team["alice"])
    assert accounts.prune_login_attempts(uow, actor=team["admin"]) == 2
    assert count_rows(uow.engine, "login_attempts") == 1
    assert accounts.prune_login_attempts(uow, actor=None) == 0


def test_an_api_token_resolves_to_its_user_until_it_expires_or_is_revoked(
    uow: SqlAlchemyUnitOfWork, team: dict[str, User], clock: Clock
) -> None:
    alice = team["alice"]
    token, record = accounts.issue_token(uow, actor=alice, name="laptop", ttl=dt.timedelta(days=1))
    assert accounts.resolve_token(uow, token=token).username == "alice"
    with uow:
        assert token not in str(uow.tokens.for_user(alice.id))
    clock.now += dt.timedelta(days=2)
    with pytest.raises(AuthenticationFailed):
        accounts.resolve_token(uow, token=token)
    token2, record2 = accounts.issue_token(uow, actor=alice, name="phone")
    accounts.revoke_token(uow, actor=alice, token_id=record2.id)
    with pytest.raises(AuthenticationFailed):
        accounts.resolve_token(uow, token=token2)
    with pytest.raises(NotFound):
        accounts.revoke_token(uow, actor=team["bob"], token_id=record.id)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"username": "A B", "password": PASSWORD, "role": "lawyer"}, "username"),
        ({"username": "carol", "password": "short", "role": "lawyer"}, "password"),
        ({"username": "carol", "password": PASSWORD, "role": "judge"}, "role"),
        ({"username": "alice", "password": PASSWORD, "role": "lawyer"}, "username"),
    ],
)
def test_bad_user_input_names_the_field(uow: SqlAlchemyUnitOfWork, team: dict[str, User], kwargs: dict[str, str],
                                        field: str) -> None:
    users_before = count_rows(uow.engine, "users")
    with pytest.raises(InputError) as err:
        accounts.create_user(uow, actor=None, **kwargs)
    assert err.value.field == field
    assert count_rows(uow.engine, "users") == users_before


@pytest.mark.parametrize("name", ["alice\n", "Alice", "a", "al ice", "<script>", "al'ice", ""])
def test_a_username_outside_the_allowed_form_is_refused_with_the_field_named(
        uow: SqlAlchemyUnitOfWork, team: dict[str, User], name: str) -> None:
    with uow, pytest.raises(InputError) as err:
        accounts.create_user(uow, actor=team["admin"], username=name, password=PASSWORD, role="lawyer")
    assert err.value.field == "username"


def bilingual(reason: str) -> bool:
    """Chinese first, then " / " and the English text."""
    chinese, sep, english = reason.partition(" / ")
    has_chinese = re.search(r"[\u4e00-\u9fff]", chinese) is not None
    return bool(sep) and has_chinese and re.search(r"[A-Za-z]", english) is not None


def test_the_reasons_users_read_are_chinese_first_then_english(uow: SqlAlchemyUnitOfWork,
                                                                team: dict[str, User]) -> None:
    admin = team["admin"]
    accounts.assign(uow, actor=admin, case_id=CASE, username="bob")
    calls = [
        lambda: accounts.assign(uow, actor=admin, case_id=CASE, username="nobody"),
        lambda: accounts.assign(uow, actor=admin, case_id=CASE, username="bob"),
        lambda: accounts.unassign(uow, actor=admin, case_id=CASE, username="duty"),
        lambda: accounts.create_user(uow, actor=admin, username="bob", password=PASSWORD, role="lawyer"),
        lambda: accounts.create_user(uow, actor=admin, username="B B", password=PASSWORD, role="lawyer"),
        lambda: accounts.create_user(uow, actor=admin, username="carol", password="short", role="lawyer"),
        lambda: accounts.create_user(uow, actor=admin, username="carol", password=PASSWORD, role="judge"),
        lambda: accounts.issue_token(uow, actor=admin, name=""),
        lambda: cases.get_case(uow, actor=admin, case_id=CASE, as_of=dt.datetime(2024, 10, 8, 9, 0)),
        lambda: cases.create_case(uow, actor=admin, case_file=sample_case(CASE)),
        lambda: cases.create_case(uow, actor=admin, case_file=[]),
        lambda: cases.add_event(uow, actor=admin, case_id=CASE, event=event("e1", "bail", "2024-10-01T09:00:00+08:00")),
        lambda: cases.add_event(uow, actor=admin, case_id=CASE, event=event("x", "bail", "2024-10-01T09:00:00")),
    ]
    for call in calls:
        with pytest.raises(InputError) as err:
            call()
        assert bilingual(err.value.reason), err.value.reason
        assert err.value.field
    for refused in (lambda: cases.get_case(uow, actor=team["duty"], case_id=CASE),
                    lambda: accounts.assign(uow, actor=team["rita"], case_id=CASE, username="bob")):
        with pytest.raises((NotFound, PermissionDenied)) as denied:
            refused()
        assert bilingual(str(denied.value)), str(denied.value)
