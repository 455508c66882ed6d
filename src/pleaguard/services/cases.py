"""The case record's use cases, shared by the CLI and the web application.

Every function takes the unit of work first and keyword-only arguments after it; `actor` is the signed-in
`User`, or None for the local operator (see `pleaguard.services.access` for who may do what). Each function
is one transaction: it either does everything, including its audit entry, or writes nothing (but the audit
entry of a refusal, below).

    create_case(uow, *, actor, case_file)            -> CaseView      audit: create
    import_case(uow, *, actor, case_file)            -> CaseView      audit: import
    add_event(uow, *, actor, case_id, event)         -> StoredEvent   audit: add_event (with seq and hash)
    get_case(uow, *, actor, case_id, as_of=None)     -> CaseView      audit: read (with the head seq and hash)
    list_cases(uow, *, actor, with_status=False)     -> [CaseSummary] audit: read (view "list") per case
    list_cases_page(uow, *, actor, search=, order=, offset=, limit=, ...)
                                                     -> CaseList      audit: read (view "list") per case shown
    timeline(uow, *, actor, case_id)                 -> [StoredEvent] audit: read (view "timeline")
    verify(uow, *, actor, case_id)                   -> ChainReport   audit: verify
    verify_all(uow, *, actor)                        -> [ChainReport] audit: verify, per case
    export_case(uow, *, actor, case_id)              -> dict          audit: export
    audit_trail(uow, *, actor, case_id)              -> [AuditEntry]  (admin, or a user assigned to the case)

A refused attempt on a case that exists (not assigned, deactivated, a reviewer changing it) writes one
"refused" entry to that case's trail, committed apart from the request's work, and nothing else (see
`pleaguard.services.access`).

Errors: InputError (bad case file or event; names the field), NotFound (no such case, or not yours: the same
message either way), PermissionDenied (a reviewer trying to change a case), ConcurrencyError (the append lost
the race for the next sequence number more than MAX_ATTEMPTS times in a row; practically never).

Appending is safe with many writers: the case row is locked (SELECT … FOR UPDATE on PostgreSQL; the SQLite
transaction starts with BEGIN IMMEDIATE), the next sequence number is read under that lock, and the unique
(case, seq) constraint is the last line of defence: a conflict there restarts the whole transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError, OperationalError

from pleaguard.adapters.db.orm import AUDIT_ACTIONS
from pleaguard.adapters.db.unit_of_work import SqlAlchemyUnitOfWork
from pleaguard.errors import InputError, PleaGuardError
from pleaguard.services import case_rules, read_cache, urgency
from pleaguard.services.access import (
    actor_id,
    actor_name,
    can_see_all,
    open_case,
    open_case_for_read,
    refuse_outside,
    require_active,
    require_admin,
    require_can_create,
)
from pleaguard.services.chain import ChainReport, event_hash, header_hash, verify_chain
from pleaguard.services.records import AuditEntry, CaseRecord, StoredEvent, User

#: The legal calendar date of a case is the date in China (UTC+8), the time zone of the courts and deadlines.
CHINA = ZoneInfo("Asia/Shanghai")
MAX_ATTEMPTS = 20


class ConcurrencyError(PleaGuardError):
    """An append kept losing the race for the next sequence number; nothing was written."""


@dataclass(frozen=True)
class CaseView:
    """A case as a lawyer reads it: header, the events in log order, and what the procedure domain derives."""

    case_id: str
    created_at: dt.datetime
    created_by: str
    header: dict[str, Any]
    events: list[StoredEvent]
    head_hash: str
    as_of: dt.datetime
    assignees: list[str] = field(default_factory=list)
    state: Any = None
    findings: Any = None
    deadlines: Any = None
    procedure: Any = None
    evaluation_error: str | None = None
    #: What this view was derived from (see `read_cache.evaluation_key`): two views with the same key show the
    #: same header, events, state, findings and deadlines. None when the view was not evaluated. Not serialised.
    content_key: tuple[Any, ...] | None = field(default=None, compare=False)

    def case_file(self) -> dict[str, Any]:
        return {"case_id": self.case_id, **self.header, "events": [e.payload for e in self.events]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "created_at": self.created_at.isoformat(), "created_by": self.created_by,
            "header": self.header, "events": [e.to_dict() for e in self.events], "head_hash": self.head_hash,
            "as_of": self.as_of.isoformat(), "assignees": self.assignees, "state": self.state,
            "findings": self.findings, "deadlines": self.deadlines, "procedure": self.procedure,
            "evaluation_error": self.evaluation_error,
        }


@dataclass(frozen=True)
class CaseSummary:
    case_id: str
    created_at: dt.datetime
    events: int
    last_event_type: str | None
    last_event_at: str | None
    suspects: list[str]
    charges: list[str]
    findings: Any = None
    deadlines: Any = None
    #: The case header (title, people, charges), for callers that need more than the summary. Not serialised.
    header: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "created_at": self.created_at.isoformat(), "events": self.events,
            "last_event_type": self.last_event_type, "last_event_at": self.last_event_at,
            "suspects": self.suspects, "charges": self.charges, "findings": self.findings,
            "deadlines": self.deadlines,
        }


def resolve_as_of(uow: SqlAlchemyUnitOfWork, as_of: dt.datetime | dt.date | None) -> dt.datetime:
    """The instant to evaluate a case at: now by default; a date means the end of that day in China; a datetime
    must carry its UTC offset."""
    if as_of is None:
        return uow.now().astimezone(CHINA)
    if isinstance(as_of, dt.datetime):
        if as_of.tzinfo is None or as_of.utcoffset() is None:
            raise InputError("as_of 必须带 UTC 偏移 / as_of must carry a UTC offset", field="as_of",
                             allowed="例如 / e.g. 2024-10-08T09:00:00+08:00")
        return as_of
    return dt.datetime.combine(as_of, dt.time(23, 59, 59), CHINA)


def _audit(uow: SqlAlchemyUnitOfWork, actor: User | None, case: CaseRecord | None, action: str,
           detail: dict[str, Any]) -> None:
    uow.audit.record(case_pk=case.pk if case else None, actor_id=actor_id(actor), actor=actor_name(actor),
                     action=action, at=uow.now(), detail=detail)


def _stored(case_id: str, seq: int, prev: str, event: dict[str, Any], now: dt.datetime, by: str) -> StoredEvent:
    at = case_rules.parse_at(event["at"], "event.at").astimezone(dt.UTC)
    return StoredEvent(
        seq=seq, event_id=event["id"], type=event["type"], at=at, payload=event, recorded_at=now, recorded_by=by,
        prev_hash=prev, hash=event_hash(case_id, seq, event, prev),
    )


def _is_seq_conflict(exc: IntegrityError) -> bool:
    text = str(exc.orig)
    return "uq_case_events_case_pk_seq" in text or "case_events.case_pk, case_events.seq" in text


def _is_busy(exc: OperationalError) -> bool:
    text = str(exc.orig).lower()
    return "database is locked" in text or "deadlock detected" in text or "could not serialize" in text


def _id_in_use(case_id: str) -> InputError:
    return InputError(f"案件编号 {case_id!r} 已被使用 / case id {case_id!r} is already in use", field="case_id",
                      allowed="新的案件编号 / a new case id")


def _create(uow: SqlAlchemyUnitOfWork, actor: User | None, case_file: Any, action: str) -> CaseView:
    require_can_create(actor)
    case_id, header = case_rules.check_header(case_file)
    events = case_file.get("events", [])
    if len(events) > case_rules.MAX_EVENTS:
        raise InputError(f"共 {len(events)} 个事件，每个案件文件至多 {case_rules.MAX_EVENTS} 个"
                         f" / {len(events)} events; at most {case_rules.MAX_EVENTS} per case file", field="events")
    for i, event in enumerate(events):
        case_rules.check_event(header, events[:i], event, field=f"events[{i}]")
    case_rules.validate_case_file(case_id, header, events)
    with uow:
        if uow.cases.get(case_id) is not None:
            # The same answer whether or not the actor may see that case: the id is taken either way.
            raise _id_in_use(case_id)
        now = uow.now()
        by = actor_name(actor)
        try:
            case = uow.cases.add(case_id=case_id, header=header, header_hash=header_hash(case_id, header),
                                 created_at=now, created_by=by)
        except IntegrityError:
            raise _id_in_use(case_id) from None
        prev = case.header_hash
        stored: list[StoredEvent] = []
        for seq, event in enumerate(events, start=1):
            ev = _stored(case_id, seq, prev, event, now, by)
            stored.append(ev)
            prev = ev.hash
        uow.cases.append_many(case.pk, stored)
        if actor is not None and not can_see_all(actor):
            uow.users.assign(case_pk=case.pk, user_id=actor.id, assigned_by=by, at=now)
        _audit(uow, actor, case, action, {"events": len(stored), "head_hash": prev,
                                          "hashes": {str(e.seq): e.hash for e in stored}})
        uow.commit()
    return CaseView(case_id=case_id, created_at=now, created_by=by, header=header, events=stored, head_hash=prev,
                    as_of=now.astimezone(CHINA), assignees=[actor.username] if actor is not None else [])


def create_case(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_file: Any) -> CaseView:
    """Store a new case from a case file (people, charges and any events it already holds).

    A lawyer or duty lawyer who creates a case is assigned to it; a reviewer may not create cases.
    """
    return _create(uow, actor, case_file, "create")


def import_case(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_file: Any) -> CaseView:
    """Store a case file exported from another database. The chain is recomputed from the same inputs, so the
    imported case has the same head hash as the exported one."""
    return _create(uow, actor, case_file, "import")


def _validate_with_new_event(case_id: str, header: dict[str, Any], payloads: list[dict[str, Any]],
                             event: dict[str, Any]) -> None:
    """Validate the log with the new event; an error about the new event names it `event.…`, not `events[N]…`."""
    try:
        case_rules.validate_case_file(case_id, header, [*payloads, event])
    except InputError as exc:
        prefix = re.match(rf"^events\[{len(payloads)}\](?:\(id=[^)]*\))?", exc.field or "")
        if prefix is None:
            raise
        raise InputError(exc.reason, field="event" + (exc.field or "")[prefix.end():], allowed=exc.allowed) from None


def add_event(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str, event: Any) -> StoredEvent:
    """Append one event to a case's log (validated against the header and the earlier events)."""
    if actor is not None and not actor.active:
        refuse_outside(uow, actor, case_id, attempted="add_event", reason="inactive")
    require_active(actor)
    last_error: Exception | None = None
    for _ in range(MAX_ATTEMPTS):
        try:
            with uow:
                case = open_case(uow, actor, case_id, write=True, lock=True, attempted="add_event")
                earlier = uow.cases.events(case.pk)
                payloads = [e.payload for e in earlier]
                checked = case_rules.check_event(case.header, payloads, event)
                _validate_with_new_event(case_id, case.header, payloads, checked)
                prev = earlier[-1].hash if earlier else case.header_hash
                seq = earlier[-1].seq + 1 if earlier else 1
                stored = _stored(case_id, seq, prev, checked, uow.now(), actor_name(actor))
                uow.cases.append(case.pk, stored)
                _audit(uow, actor, case, "add_event",
                       {"seq": seq, "event_id": stored.event_id, "type": stored.type, "hash": stored.hash})
                uow.commit()
                return stored
        except IntegrityError as exc:
            if _is_seq_conflict(exc):
                last_error = exc
                continue
            if "event_id" in str(exc.orig):
                raise InputError("事件编号重复：日志中已有该编号的事件"
                                 " / duplicate event id: the log already holds an event with this id",
                                 field="event.id") from None
            raise
        except OperationalError as exc:
            if _is_busy(exc):
                last_error = exc
                continue
            raise
    raise ConcurrencyError(f"向案件 {case_id} 追加事件 {MAX_ATTEMPTS} 次均未成功，未写入任何内容"
                           f" / could not append to case {case_id} after {MAX_ATTEMPTS} attempts: {last_error}")


def _content(uow: SqlAlchemyUnitOfWork, case: CaseRecord, head_seq: int, head_hash: str) -> read_cache.CaseContent:
    """The case's log at the head just read: from the cache, else read from the database (inside the same
    transaction) and cached under the head of the events actually read."""
    cached = read_cache.cached_content(head_hash, head_seq)
    if cached is not None and cached.case_id == case.case_id:
        return cached
    return read_cache.build_content(case.case_id, case.header, case.header_hash, uow.cases.events(case.pk))


def get_case(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str,
             as_of: dt.datetime | dt.date | None = None, evaluate: bool = True, attempted: str = "read") -> CaseView:
    """The case with its events and, from the procedure domain, its derived state, findings and deadlines as
    the case stood at `as_of` (default: now; a date means the end of that day in China).

    Access is checked and the read is audited on every call; what the log yields (events, validated model,
    evaluation) comes from `read_cache` when the log's head hash has been read before (see there). `attempted`
    names the request in the audit entry of a refusal (a page re-shown after a refused form says what was tried)."""
    with uow:
        case, _assigned, head_seq, head, assignees = open_case_for_read(uow, actor, case_id, attempted=attempted)
        content = _content(uow, case, head_seq, head)
        day = resolve_as_of(uow, as_of)
        _audit(uow, actor, case, "read", {"view": "case", "as_of": day.isoformat(), "seq": content.head_seq,
                                          "head_hash": content.head_hash})
        uow.commit()
    kwargs: dict[str, Any] = {}
    if evaluate:
        read_cache.evaluate(content, day).into(kwargs)
        kwargs["content_key"] = read_cache.evaluation_key(content, day)
    return CaseView(case_id=case.case_id, created_at=case.created_at, created_by=case.created_by, header=case.header,
                    events=content.events, head_hash=content.head_hash, as_of=day, assignees=assignees, **kwargs)


@dataclass(frozen=True)
class CaseList:
    """One page of the cases an actor may see: `total` cases match the search, `items` are those from `offset`,
    their status as it stood at `as_of`."""

    total: int
    offset: int
    items: list[CaseSummary]
    as_of: dt.datetime


LIST_ORDERS = ("case_id", "urgency")
MAX_LIST_LIMIT = 1000
MAX_SEARCH_LENGTH = 200


def _matches(case: CaseRecord, needle: str) -> bool:
    """Whether the search text is in the case id, its title or a person's name (case-insensitive)."""
    header = case.header
    names = [str(p.get("name", "")) for p in header.get("people", []) if isinstance(p, dict)]
    haystack = " ".join([case.case_id, str(header.get("title") or ""), *names]).casefold()
    return needle in haystack


def _check_list_args(search: str | None, order: str, offset: int, limit: int | None) -> str:
    if order not in LIST_ORDERS:
        raise InputError("未知的排序方式 / unknown order", field="order", allowed=" | ".join(LIST_ORDERS))
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise InputError("offset 须为非负整数 / offset must be a whole number ≥ 0", field="offset")
    bad_limit = isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIST_LIMIT
    if limit is not None and bad_limit:
        raise InputError(f"limit 须在 1 到 {MAX_LIST_LIMIT} 之间 / limit must be 1 to {MAX_LIST_LIMIT}", field="limit")
    if search is not None and (not isinstance(search, str) or len(search) > MAX_SEARCH_LENGTH):
        raise InputError(f"搜索内容过长（至多 {MAX_SEARCH_LENGTH} 个字符） / search text too long"
                         f" (at most {MAX_SEARCH_LENGTH} characters)", field="q")
    return (search or "").strip().casefold()


def _contents(uow: SqlAlchemyUnitOfWork, cases: list[CaseRecord],
              heads: dict[int, tuple[int, str]] | None = None) -> dict[int, read_cache.CaseContent]:
    """The logs of the cases (from the read cache where the head is cached), in two queries whatever their number
    (one when their `heads` were read already)."""
    if heads is None:
        heads = uow.cases.heads([c.pk for c in cases])
    contents: dict[int, read_cache.CaseContent] = {}
    for case in cases:
        seq, head = heads.get(case.pk, (0, case.header_hash))
        cached = read_cache.cached_content(head, seq)
        if cached is not None and cached.case_id == case.case_id:
            contents[case.pk] = cached
    missing = [c for c in cases if c.pk not in contents]
    logs = uow.cases.events_of([c.pk for c in missing])
    for case in missing:
        contents[case.pk] = read_cache.build_content(case.case_id, case.header, case.header_hash,
                                                     logs.get(case.pk, []))
    return contents


def _summary(case: CaseRecord, content: read_cache.CaseContent, evaluation: dict[str, Any]) -> CaseSummary:
    last = content.events[-1] if content.events else None
    people = {p.get("id"): p for p in case.header.get("people", []) if isinstance(p, dict)}
    return CaseSummary(
        case_id=case.case_id, created_at=case.created_at, events=len(content.events),
        last_event_type=last.type if last else None,
        last_event_at=str(last.payload.get("at")) if last else None,
        suspects=[str(p.get("name", p.get("id"))) for p in people.values() if p.get("role") == "suspect"],
        charges=[str(c.get("crime")) for c in case.header.get("charges", []) if isinstance(c, dict)],
        findings=evaluation.get("findings"), deadlines=evaluation.get("deadlines"), header=case.header,
    )


def list_cases_page(uow: SqlAlchemyUnitOfWork, *, actor: User | None, with_status: bool = False,
                    as_of: dt.datetime | dt.date | None = None, search: str | None = None, order: str = "case_id",
                    offset: int = 0, limit: int | None = None, view: str = "list") -> CaseList:
    """The cases the actor may see (all for an admin or the local operator, else the assigned ones) whose id, title
    or people's names contain `search`, in `order` ("case_id", or "urgency": missed deadlines and violations first,
    see `pleaguard.services.urgency`), from `offset`, at most `limit` of them.

    With `with_status` (always, for "urgency"), each summary carries the findings and deadlines of the procedure
    domain. Ordering by urgency evaluates every case that matches (from the read caches where it can); by case id,
    only the cases returned are read. Only the cases returned are audited (one "read" entry each, with `view` in
    its detail: "list", or e.g. "calendar"), in one statement: a case sorted past but not shown was not seen.
    """
    require_active(actor)
    needle = _check_list_args(search, order, offset, limit)
    urgent = order == "urgency"
    with uow:
        if can_see_all(actor):
            cases = uow.cases.all()
        else:
            assert actor is not None
            cases = uow.cases.all(only_pks=uow.users.assigned_case_pks(actor.id))
        if needle:
            cases = [c for c in cases if _matches(c, needle)]
        total = len(cases)
        day = resolve_as_of(uow, as_of)
        end = None if limit is None else offset + limit
        evaluations: dict[int, dict[str, Any]] = {}
        if urgent:
            # Every matching case is ranked: from the small rank cache by its head alone where possible, so that a
            # long list reads and evaluates only the cases that changed (or were not seen) today.
            heads = uow.cases.heads([c.pk for c in cases])
            today = day.astimezone(CHINA).date()
            ranks: dict[int, Any] = {}
            unknown: list[CaseRecord] = []
            for case in cases:
                seq, head = heads.get(case.pk, (0, case.header_hash))
                key = read_cache.key_for_head(head, seq, day)
                rank = read_cache.rank_cache.get(key) if key is not None else None
                if rank is None:
                    unknown.append(case)
                else:
                    ranks[case.pk] = rank
            contents = _contents(uow, unknown, heads)
            for case in unknown:
                evaluation: dict[str, Any] = {}
                read_cache.evaluate(contents[case.pk], day).into(evaluation)
                evaluations[case.pk] = evaluation
                ranks[case.pk] = read_cache.rank_cache.put(
                    read_cache.evaluation_key(contents[case.pk], day),
                    urgency.rank(evaluation.get("findings"), evaluation.get("deadlines"), today),
                )
            cases.sort(key=lambda c: (ranks[c.pk], c.case_id))
            shown = cases[offset:end]
            contents.update(_contents(uow, [c for c in shown if c.pk not in contents], heads))
        else:
            shown = cases[offset:end]
            contents = _contents(uow, shown)
        now = uow.now()
        uow.audit.record_many([
            {"case_pk": case.pk, "actor_id": actor_id(actor), "actor": actor_name(actor), "action": "read",
             "at": now, "detail": {"view": view}}
            for case in shown
        ])
        uow.commit()
    items: list[CaseSummary] = []
    for case in shown:
        derived = evaluations.get(case.pk)
        if derived is None:
            derived = {}
            if with_status or urgent:
                read_cache.evaluate(contents[case.pk], day).into(derived)
        items.append(_summary(case, contents[case.pk], derived))
    return CaseList(total=total, offset=offset, items=items, as_of=day)


def list_cases(uow: SqlAlchemyUnitOfWork, *, actor: User | None, with_status: bool = False,
               as_of: dt.datetime | dt.date | None = None) -> list[CaseSummary]:
    """Every case the actor may see, by case id (`list_cases_page` without a search or a page)."""
    return list_cases_page(uow, actor=actor, with_status=with_status, as_of=as_of).items


def timeline(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str) -> list[StoredEvent]:
    """The events in the order they happened (by `at`; events at the same instant keep their log order)."""
    with uow:
        case = open_case(uow, actor, case_id, attempted="timeline")
        events = uow.cases.events(case.pk)
        _audit(uow, actor, case, "read", {"view": "timeline"})
        uow.commit()
    return sorted(events, key=lambda e: (e.at, e.seq))


def verify(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str) -> ChainReport:
    """Recompute the case's hash chain and cross-check it with the hashes the audit trail recorded."""
    with uow:
        case = open_case(uow, actor, case_id, attempted="verify")
        events = uow.cases.events(case.pk)
        anchors: dict[int, str] = {}
        for entry in uow.audit.for_case(case.pk, actions=("create", "import", "add_event")):
            if entry.action == "add_event" and "seq" in entry.detail and "hash" in entry.detail:
                anchors[int(entry.detail["seq"])] = str(entry.detail["hash"])
            elif entry.action in ("create", "import") and isinstance(entry.detail.get("hashes"), dict):
                anchors.update({int(k): str(v) for k, v in entry.detail["hashes"].items()})
        report = verify_chain(case.case_id, case.header, case.header_hash, events, anchors)
        first = report.first_problem
        _audit(uow, actor, case, "verify", {"ok": report.ok, "events": report.events_checked,
                                            "head_hash": report.head_hash,
                                            "first_problem": first.to_dict() if first else None})
        uow.commit()
    return report


def verify_all(uow: SqlAlchemyUnitOfWork, *, actor: User | None) -> list[ChainReport]:
    """Verify every case the actor may see (for a supervisor's periodic integrity check), one audit entry each."""
    return [verify(uow, actor=actor, case_id=s.case_id) for s in _visible_cases(uow, actor)]


def _visible_cases(uow: SqlAlchemyUnitOfWork, actor: User | None) -> list[CaseRecord]:
    require_active(actor)
    with uow:
        if can_see_all(actor):
            return uow.cases.all()
        assert actor is not None
        return uow.cases.all(only_pks=uow.users.assigned_case_pks(actor.id))


def export_case(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str) -> dict[str, Any]:
    """The case file (header fields, then `events` in log order), ready for `import_case` or `pleaguard check`."""
    with uow:
        case = open_case(uow, actor, case_id, attempted="export")
        events = uow.cases.events(case.pk)
        head = events[-1].hash if events else case.header_hash
        _audit(uow, actor, case, "export", {"events": len(events), "head_hash": head})
        uow.commit()
    return {"case_id": case.case_id, **case.header, "events": [e.payload for e in events]}


def head_hash(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str) -> str:
    """The hash of the last event (or of the header for an empty log). Not audited: it reveals no content."""
    with uow:
        case = open_case(uow, actor, case_id, attempted="head_hash")
        head = uow.cases.head(case.pk)
    return head[1] if head else case.header_hash


def attempts_without_case(uow: SqlAlchemyUnitOfWork, *, actor: User | None, limit: int = 1000) -> list[AuditEntry]:
    """Requests for case ids that do not exist (who asked for which id, when), latest `limit`, oldest first.
    Admin or local operator only: a run of them from one account is someone probing for case ids."""
    require_admin(actor)
    with uow:
        return uow.audit.without_case(limit=limit)


MAX_AUDIT_LIMIT = 5000


def audit_trail(uow: SqlAlchemyUnitOfWork, *, actor: User | None, case_id: str, action: str | None = None,
                after_id: int | None = None, before_id: int | None = None, limit: int | None = None,
                newest_first: bool = False) -> list[AuditEntry]:
    """Who did what to the case and when, oldest first (newest first with `newest_first`): every entry, or only
    those of one `action`, with ids above `after_id` / below `before_id` (pages that stay put while new entries
    arrive), at most `limit`."""
    if action is not None and action not in AUDIT_ACTIONS:
        raise InputError("未知的操作类型 / unknown action", field="action", allowed=" | ".join(AUDIT_ACTIONS))
    bad_limit = isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_AUDIT_LIMIT
    if limit is not None and bad_limit:
        raise InputError(f"limit 须在 1 到 {MAX_AUDIT_LIMIT} 之间 / limit must be 1 to {MAX_AUDIT_LIMIT}",
                         field="limit")
    with uow:
        case = open_case(uow, actor, case_id, attempted="audit")
        return uow.audit.for_case(case.pk, actions=(action,) if action else None, after_id=after_id,
                                  before_id=before_id, limit=limit, newest_first=newest_first)
