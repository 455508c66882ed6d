"""Per-process caches for reading cases: what a read derives from a case's stored log, keyed so that a cached
value cannot differ from a fresh computation.

A case's log is append-only and hash-chained: the hash of its last event (for an empty log, of its header)
fixes the case id, the header and every event. So a read that has looked up the head (seq, hash) may reuse:

    content      (head hash, head seq)                -> the events, the validated case model, the event times
    times        (head hash, head seq)                -> the event times alone (small: kept for many more cases,
                                                         so that a list can form evaluation keys without the logs)
    evaluation   (head hash, head seq, China date of as_of, number of events at or before as_of)
                                                      -> state, findings, deadlines, procedure, or the error
    rank         the evaluation's key                 -> a small value a caller derives from the evaluation (the
                                                         case list's urgency), kept for many more cases

The evaluation depends on `as_of` only through the events that had happened by then (`check_case` drops the
later ones) and the calendar day in China (deadline status, "due in N days", the law in force): every other
comparison with `as_of` is against the time of an event that had already happened, so it comes out the same
for any instant with the same two inputs. A new event changes the head hash, so nothing stale is served after
an append, in this process or any other.

What is never cached: whether the actor may see the case (checked by the database query of every read, before
the caches are consulted), the assignees, and the audit entry every read writes. The cached values hold case
content only, never anything about a user.

Values are shared between requests: callers must treat them as read-only. Both caches are bounded LRUs.
"""

from __future__ import annotations

import bisect
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar
from zoneinfo import ZoneInfo

from pleaguard.errors import PleaGuardError
from pleaguard.services import case_rules
from pleaguard.services.records import StoredEvent

CHINA = ZoneInfo("Asia/Shanghai")
CONTENT_ENTRIES = 512
TIMES_ENTRIES = 32768
EVALUATION_ENTRIES = 4096
RANK_ENTRIES = 32768

V = TypeVar("V")


class LruCache(Generic[V]):
    """A bounded, thread-safe least-recently-used map."""

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._data: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> V | None:
        with self._lock:
            value = self._data.get(key)
            if value is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, value: V) -> V:
        with self._lock:
            self._data[key] = value
            self._data.move_to_end(key)
            while len(self._data) > self.max_entries:
                self._data.popitem(last=False)
        return value

    def get_or_compute(self, key: Hashable, compute: Callable[[], V]) -> V:
        value = self.get(key)
        return value if value is not None else self.put(key, compute())

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._data)


@dataclass(frozen=True)
class CaseContent:
    """A case's log at one head: the events in seq order, their times sorted, and the validated model (or the
    reason the procedure domain refuses the stored log)."""

    case_id: str
    head_seq: int
    head_hash: str
    events: list[StoredEvent]
    times: list[dt.datetime]
    model: Any
    model_error: str | None

    @property
    def key(self) -> tuple[str, int]:
        return (self.head_hash, self.head_seq)


@dataclass(frozen=True)
class Evaluation:
    """What the procedure domain derives at one moment: state, findings, deadlines, procedure, or an error."""

    result: dict[str, Any] | None
    error: str | None

    def into(self, kwargs: dict[str, Any]) -> None:
        if self.result is None:
            kwargs["evaluation_error"] = self.error
            return
        for key in ("state", "findings", "deadlines", "procedure"):
            kwargs[key] = self.result[key]


content_cache: LruCache[CaseContent] = LruCache(CONTENT_ENTRIES)
times_cache: LruCache[tuple[dt.datetime, ...]] = LruCache(TIMES_ENTRIES)
evaluation_cache: LruCache[Evaluation] = LruCache(EVALUATION_ENTRIES)
rank_cache: LruCache[Hashable] = LruCache(RANK_ENTRIES)


def clear() -> None:
    """Empty the caches (tests; never needed for correctness)."""
    content_cache.clear()
    times_cache.clear()
    evaluation_cache.clear()
    rank_cache.clear()


def cached_content(head_hash: str, head_seq: int) -> CaseContent | None:
    return content_cache.get((head_hash, head_seq))


def build_content(case_id: str, header: dict[str, Any], header_hash: str, events: list[StoredEvent]) -> CaseContent:
    """Content for the events as read (their own last hash is the key, whatever head was seen before), cached."""
    head_seq, head = (events[-1].seq, events[-1].hash) if events else (0, header_hash)
    existing = content_cache.get((head, head_seq))
    if existing is not None:
        return existing
    model: Any = None
    error: str | None = None
    try:
        model = case_rules.load_model(case_id, header, [e.payload for e in events])
    except PleaGuardError as exc:
        # The stored log no longer passes the procedure domain's checks (e.g. a rule became stricter): the case
        # is shown anyway, with the reason nothing was derived.
        error = str(exc)
    content = CaseContent(case_id=case_id, head_seq=head_seq, head_hash=head, events=events,
                          times=sorted(e.at for e in events), model=model, model_error=error)
    times_cache.put(content.key, tuple(content.times))
    return content_cache.put(content.key, content)


def evaluation_key(content: CaseContent, as_of: dt.datetime) -> tuple[str, int, dt.date, int]:
    """The inputs an evaluation at `as_of` depends on (see the module docstring)."""
    return _key(content.head_hash, content.head_seq, content.times, as_of)


def _key(head_hash: str, head_seq: int, times: Any, as_of: dt.datetime) -> tuple[str, int, dt.date, int]:
    return (head_hash, head_seq, as_of.astimezone(CHINA).date(), bisect.bisect_right(times, as_of))


def key_for_head(head_hash: str, head_seq: int, as_of: dt.datetime) -> tuple[str, int, dt.date, int] | None:
    """The evaluation key of the log with this head at `as_of`, found without the log itself (from the event times
    kept for the head); None when the times are not cached."""
    times = times_cache.get((head_hash, head_seq))
    return None if times is None else _key(head_hash, head_seq, times, as_of)


def evaluate(content: CaseContent, as_of: dt.datetime) -> Evaluation:
    """State, findings and deadlines of the case at `as_of` (an aware datetime), from the cache when the same
    inputs were evaluated before."""
    if content.model_error is not None:
        refused = Evaluation(None, content.model_error)
        return evaluation_cache.get_or_compute(evaluation_key(content, as_of), lambda: refused)

    def compute() -> Evaluation:
        try:
            return Evaluation(case_rules.evaluate_model(content.model, as_of), None)
        except PleaGuardError as exc:
            # The law has no answer for the date, or a check refuses the log: say why nothing was derived.
            return Evaluation(None, str(exc))

    return evaluation_cache.get_or_compute(evaluation_key(content, as_of), compute)
