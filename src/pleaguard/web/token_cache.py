"""Recently resolved sign-in tokens, kept in the process for a few seconds so that a burst of requests with the
same token costs one database lookup, not one per request.

The rule it keeps: a token is honoured only if the database said, at most `ttl` seconds ago, that it was valid and
its user active. The price is stated plainly: a token revoked, or a user deactivated, *through another worker
process* keeps working in this process for at most `ttl` seconds (default 2, `PLEAGUARD_TOKEN_CACHE_SECONDS`;
0 turns the cache off). Revocations, sign-outs and deactivations made through this process clear the cache at once.
An entry never outlives its token's own expiry.

Keys are SHA-256 digests of the tokens, never the tokens themselves. The cache holds at most `max_entries`
tokens; when full, it is emptied (a cache, not a store: the next requests simply look their token up again).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from pleaguard.services.records import User

DEFAULT_TTL_SECONDS = 2.0
MAX_ENTRIES = 10_000


@dataclass(frozen=True, slots=True)
class _Entry:
    user: User
    fresh_until: float  # on the monotonic clock
    token_expires_at: dt.datetime  # UTC


class TokenCache:
    """token → user, each entry trusted for at most `ttl` seconds after the database vouched for it."""

    def __init__(
        self,
        ttl: float = DEFAULT_TTL_SECONDS,
        *,
        max_entries: int = MAX_ENTRIES,
        monotonic: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    ) -> None:
        if ttl < 0:
            raise ValueError("ttl must be 0 (no cache) or more seconds")
        self.ttl = ttl
        self.max_entries = max_entries
        self._monotonic = monotonic
        self._wall_clock = wall_clock
        self._entries: dict[str, _Entry] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    def get(self, token: str) -> User | None:
        """The user the token resolved to, if that was at most `ttl` seconds ago and the token has not expired."""
        if self.ttl == 0:
            return None
        key = self._key(token)
        entry = self._entries.get(key)
        if entry is None:
            return None
        if entry.fresh_until <= self._monotonic() or entry.token_expires_at <= self._wall_clock():
            with self._lock:
                self._entries.pop(key, None)
            return None
        return entry.user

    def put(self, token: str, user: User, token_expires_at: dt.datetime) -> None:
        """Remember what the database just said about the token."""
        if self.ttl == 0:
            return
        entry = _Entry(user, self._monotonic() + self.ttl, token_expires_at)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[self._key(token)] = entry

    def clear(self) -> None:
        """Forget every token (after a revocation, a sign-out or a change to a user's account)."""
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)
