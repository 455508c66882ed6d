"""The web layer's token cache: a token is trusted without the database only for a few seconds after the
database vouched for it, never past its own expiry, and not at all once the cache is cleared or turned off."""

from __future__ import annotations

import datetime as dt

import pytest

from pleaguard.services.records import Role, User
from pleaguard.web.token_cache import TokenCache

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
ALICE = User(id=1, username="alice", display_name="Alice", role=Role.LAWYER, active=True, created_at=NOW)
LATER = NOW + dt.timedelta(days=1)


class Clocks:
    def __init__(self) -> None:
        self.mono = 100.0
        self.wall = NOW

    def cache(self, ttl: float, **kwargs: int) -> TokenCache:
        return TokenCache(ttl, monotonic=lambda: self.mono, wall_clock=lambda: self.wall, **kwargs)


def test_a_token_is_answered_from_the_cache_within_its_time_to_live() -> None:
    clocks = Clocks()
    cache = clocks.cache(2.0)
    cache.put("pg_token", ALICE, LATER)
    clocks.mono += 1.9
    assert cache.get("pg_token") == ALICE


def test_a_token_must_be_looked_up_again_once_its_time_to_live_is_over() -> None:
    clocks = Clocks()
    cache = clocks.cache(2.0)
    cache.put("pg_token", ALICE, LATER)
    clocks.mono += 2.0
    assert cache.get("pg_token") is None
    assert len(cache) == 0


def test_an_entry_never_outlives_the_tokens_own_expiry() -> None:
    clocks = Clocks()
    cache = clocks.cache(2.0)
    cache.put("pg_token", ALICE, NOW + dt.timedelta(seconds=1))
    clocks.wall = NOW + dt.timedelta(seconds=1)
    assert cache.get("pg_token") is None


def test_clearing_forgets_every_token() -> None:
    clocks = Clocks()
    cache = clocks.cache(2.0)
    cache.put("pg_a", ALICE, LATER)
    cache.put("pg_b", ALICE, LATER)
    cache.clear()
    assert cache.get("pg_a") is None
    assert cache.get("pg_b") is None


def test_a_time_to_live_of_zero_turns_the_cache_off() -> None:
    cache = Clocks().cache(0)
    cache.put("pg_token", ALICE, LATER)
    assert cache.get("pg_token") is None
    assert len(cache) == 0


def test_another_token_is_not_answered_by_a_cached_one() -> None:
    cache = Clocks().cache(2.0)
    cache.put("pg_token", ALICE, LATER)
    assert cache.get("pg_token2") is None


def test_a_full_cache_starts_over_instead_of_growing() -> None:
    cache = Clocks().cache(2.0, max_entries=3)
    for i in range(3):
        cache.put(f"pg_{i}", ALICE, LATER)
    cache.put("pg_new", ALICE, LATER)
    assert len(cache) == 1
    assert cache.get("pg_new") == ALICE


def test_a_negative_time_to_live_is_refused() -> None:
    with pytest.raises(ValueError, match="ttl"):
        TokenCache(-1)
