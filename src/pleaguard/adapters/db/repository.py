"""Repositories: the only code that reads and writes the tables. Each works inside the unit of work's transaction
(one SQLAlchemy Connection) and returns plain records from `pleaguard.services.records`.

There is no update or delete method for cases, case events or audit entries: the log is append-only.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

import sqlalchemy as sa

from pleaguard.adapters.db import orm
from pleaguard.services.records import ApiToken, AuditEntry, CaseRecord, Role, StoredEvent, User

#: Joins usernames in one column (a username never contains a comma: see accounts.USERNAME).
_SEPARATOR = ","


#: Case keys per `IN (…)` list: well below the bound-parameter limits of SQLite (32766) and PostgreSQL (65535).
IN_CHUNK = 5000


def _chunks(keys: Sequence[int]) -> list[list[int]]:
    items = list(keys)
    return [items[i:i + IN_CHUNK] for i in range(0, len(items), IN_CHUNK)]


class CaseForRead(NamedTuple):
    """What a read needs to know before it looks at the log (see `CaseRepository.get_for_read`)."""

    case: CaseRecord
    assigned: bool
    head_seq: int
    head_hash: str
    assignees: list[str]


def utc(value: dt.datetime) -> dt.datetime:
    """Attach UTC to a naive datetime read back from SQLite; convert aware values to UTC."""
    return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


def _case(row: sa.Row[Any]) -> CaseRecord:
    return CaseRecord(
        pk=row.id, case_id=row.case_id, created_at=utc(row.created_at), created_by=row.created_by,
        header=row.header, header_hash=row.header_hash,
    )


def _event(row: sa.Row[Any]) -> StoredEvent:
    return StoredEvent(
        seq=row.seq, event_id=row.event_id, type=row.type, at=utc(row.at), payload=row.payload,
        recorded_at=utc(row.recorded_at), recorded_by=row.recorded_by, prev_hash=row.prev_hash, hash=row.hash,
    )


def _user(row: sa.Row[Any]) -> User:
    return User(
        id=row.id, username=row.username, display_name=row.display_name, role=Role(row.role),
        active=bool(row.active), created_at=utc(row.created_at),
    )


_AUDIT_INSERT = sa.insert(orm.audit_log)


@functools.cache
def _read_query(*, with_user: bool) -> sa.Select[Any]:
    """The statement of `CaseRepository.get_for_read`, built once (parameters `case_id` and, `with_user`,
    `user_id`): the case row, whether the user is assigned, the (seq, hash) of the last event and the assignees."""
    ev = orm.case_events
    head = (
        sa.select(ev.c.seq, ev.c.hash).where(ev.c.case_pk == orm.cases.c.id)
        .order_by(ev.c.seq.desc()).limit(1).correlate(orm.cases)
    )
    head_seq = head.with_only_columns(ev.c.seq).scalar_subquery()
    head_hash = head.with_only_columns(ev.c.hash).scalar_subquery()
    names = (
        sa.select(sa.func.aggregate_strings(orm.users.c.username, _SEPARATOR))
        .select_from(orm.case_assignments.join(orm.users, orm.users.c.id == orm.case_assignments.c.user_id))
        .where(orm.case_assignments.c.case_pk == orm.cases.c.id).correlate(orm.cases).scalar_subquery()
    )
    assigned: sa.ColumnElement[bool] = sa.false()
    if with_user:
        assigned = sa.exists().where(
            orm.case_assignments.c.case_pk == orm.cases.c.id,
            orm.case_assignments.c.user_id == sa.bindparam("user_id", type_=sa.Integer),
        )
    return sa.select(
        orm.cases, assigned.label("assigned"), head_seq.label("head_seq"), head_hash.label("head_hash"),
        names.label("assignees"),
    ).where(orm.cases.c.case_id == sa.bindparam("case_id", type_=sa.String))


class CaseRepository:
    """Cases and their event logs."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, *, case_id: str, header: dict[str, Any], header_hash: str, created_at: dt.datetime,
            created_by: str) -> CaseRecord:
        pk = self.conn.execute(
            sa.insert(orm.cases).values(
                case_id=case_id, header=header, header_hash=header_hash, created_at=created_at, created_by=created_by,
            ).returning(orm.cases.c.id)
        ).scalar_one()
        return CaseRecord(pk=pk, case_id=case_id, created_at=created_at, created_by=created_by, header=header,
                          header_hash=header_hash)

    def get(self, case_id: str, *, for_update: bool = False) -> CaseRecord | None:
        """The case, or None. `for_update` takes the case's row lock until the transaction ends (PostgreSQL;
        on SQLite the whole database is already locked by BEGIN IMMEDIATE), so appends to one case queue up.

        The lock is FOR NO KEY UPDATE: it excludes other appenders, but not the KEY SHARE locks that inserting
        an audit entry (a foreign key to the case) takes, so reading a case never waits for an append."""
        query = sa.select(orm.cases).where(orm.cases.c.case_id == case_id)
        if for_update and self.conn.dialect.name == "postgresql":
            query = query.with_for_update(key_share=True)
        row = self.conn.execute(query).one_or_none()
        return _case(row) if row is not None else None

    def get_for_read(self, case_id: str, *, user_id: int | None) -> CaseForRead | None:
        """One round trip for a read: the case, whether `user_id` is assigned to it (False when None), the
        (seq, hash) of its last event ((0, header hash) for an empty log) and the usernames assigned to it;
        None when there is no such case."""
        query = _read_query(with_user=user_id is not None)
        params: dict[str, Any] = {"case_id": case_id} if user_id is None else {"case_id": case_id, "user_id": user_id}
        row = self.conn.execute(query, params).one_or_none()
        if row is None:
            return None
        case = _case(row)
        assignees = sorted(row.assignees.split(_SEPARATOR)) if row.assignees else []
        if row.head_seq is None:
            return CaseForRead(case, bool(row.assigned), 0, case.header_hash, assignees)
        return CaseForRead(case, bool(row.assigned), int(row.head_seq), str(row.head_hash), assignees)

    def heads(self, case_pks: Sequence[int]) -> dict[int, tuple[int, str]]:
        """(seq, hash) of the last event of each case that has events (one query per `IN_CHUNK` cases)."""
        ev = orm.case_events
        out: dict[int, tuple[int, str]] = {}
        for chunk in _chunks(case_pks):
            last = (
                sa.select(ev.c.case_pk, sa.func.max(ev.c.seq).label("seq"))
                .where(ev.c.case_pk.in_(chunk)).group_by(ev.c.case_pk).subquery()
            )
            query = sa.select(ev.c.case_pk, ev.c.seq, ev.c.hash).join(
                last, sa.and_(ev.c.case_pk == last.c.case_pk, ev.c.seq == last.c.seq)
            )
            out.update({r.case_pk: (int(r.seq), str(r.hash)) for r in self.conn.execute(query)})
        return out

    def events_of(self, case_pks: Sequence[int]) -> dict[int, list[StoredEvent]]:
        """The event logs of several cases (one query per `IN_CHUNK` cases; each log in seq order; cases without
        events absent)."""
        out: dict[int, list[StoredEvent]] = {}
        for chunk in _chunks(case_pks):
            query = (
                sa.select(orm.case_events).where(orm.case_events.c.case_pk.in_(chunk))
                .order_by(orm.case_events.c.case_pk, orm.case_events.c.seq)
            )
            for r in self.conn.execute(query):
                out.setdefault(r.case_pk, []).append(_event(r))
        return out

    def all(self, *, only_pks: Sequence[int] | None = None) -> list[CaseRecord]:
        """Every case (or those with the given keys), ordered by case id."""
        query = sa.select(orm.cases).order_by(orm.cases.c.case_id)
        if only_pks is None:
            return [_case(r) for r in self.conn.execute(query)]
        found = [_case(r) for chunk in _chunks(only_pks)
                 for r in self.conn.execute(query.where(orm.cases.c.id.in_(chunk)))]
        return sorted(found, key=lambda c: c.case_id) if len(only_pks) > IN_CHUNK else found

    def events(self, case_pk: int) -> list[StoredEvent]:
        query = sa.select(orm.case_events).where(orm.case_events.c.case_pk == case_pk).order_by(orm.case_events.c.seq)
        return [_event(r) for r in self.conn.execute(query)]

    def head(self, case_pk: int) -> tuple[int, str] | None:
        """(seq, hash) of the last event, or None for an empty log."""
        row = self.conn.execute(
            sa.select(orm.case_events.c.seq, orm.case_events.c.hash)
            .where(orm.case_events.c.case_pk == case_pk)
            .order_by(orm.case_events.c.seq.desc())
            .limit(1)
        ).one_or_none()
        return (row.seq, row.hash) if row is not None else None

    def append(self, case_pk: int, event: StoredEvent) -> None:
        self.append_many(case_pk, [event])

    def append_many(self, case_pk: int, events: Sequence[StoredEvent]) -> None:
        """Insert events (already numbered and hashed) in one statement."""
        if not events:
            return
        self.conn.execute(sa.insert(orm.case_events), [
            {"case_pk": case_pk, "seq": e.seq, "event_id": e.event_id, "type": e.type, "at": e.at,
             "payload": e.payload, "recorded_at": e.recorded_at, "recorded_by": e.recorded_by,
             "prev_hash": e.prev_hash, "hash": e.hash}
            for e in events
        ])

    def event_count(self, case_pk: int) -> int:
        return int(self.conn.execute(
            sa.select(sa.func.count()).select_from(orm.case_events).where(orm.case_events.c.case_pk == case_pk)
        ).scalar_one())


class UserRepository:
    """Users and their case assignments."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, *, username: str, display_name: str, password_hash: str, role: Role, created_at: dt.datetime,
            active: bool = True) -> User:
        uid = self.conn.execute(
            sa.insert(orm.users).values(
                username=username, display_name=display_name, password_hash=password_hash, role=role.value,
                active=active, created_at=created_at,
            ).returning(orm.users.c.id)
        ).scalar_one()
        return User(id=uid, username=username, display_name=display_name, role=role, active=active,
                    created_at=created_at)

    def get(self, user_id: int) -> User | None:
        row = self.conn.execute(sa.select(orm.users).where(orm.users.c.id == user_id)).one_or_none()
        return _user(row) if row is not None else None

    def get_by_username(self, username: str) -> User | None:
        row = self.conn.execute(sa.select(orm.users).where(orm.users.c.username == username)).one_or_none()
        return _user(row) if row is not None else None

    def password_hash(self, user_id: int) -> str:
        return str(self.conn.execute(
            sa.select(orm.users.c.password_hash).where(orm.users.c.id == user_id)
        ).scalar_one())

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.conn.execute(sa.update(orm.users).where(orm.users.c.id == user_id).values(password_hash=password_hash))

    def set_active(self, user_id: int, active: bool) -> None:
        self.conn.execute(sa.update(orm.users).where(orm.users.c.id == user_id).values(active=active))

    def all(self) -> list[User]:
        return [_user(r) for r in self.conn.execute(sa.select(orm.users).order_by(orm.users.c.username))]

    # assignments

    def assign(self, *, case_pk: int, user_id: int, assigned_by: str, at: dt.datetime) -> None:
        self.conn.execute(
            sa.insert(orm.case_assignments).values(case_pk=case_pk, user_id=user_id, assigned_by=assigned_by, at=at)
        )

    def unassign(self, *, case_pk: int, user_id: int) -> bool:
        result = self.conn.execute(
            sa.delete(orm.case_assignments).where(
                orm.case_assignments.c.case_pk == case_pk, orm.case_assignments.c.user_id == user_id
            )
        )
        return bool(result.rowcount)

    def is_assigned(self, *, case_pk: int, user_id: int) -> bool:
        row = self.conn.execute(
            sa.select(orm.case_assignments.c.id).where(
                orm.case_assignments.c.case_pk == case_pk, orm.case_assignments.c.user_id == user_id
            )
        ).first()
        return row is not None

    def assigned_case_pks(self, user_id: int) -> list[int]:
        return list(self.conn.execute(
            sa.select(orm.case_assignments.c.case_pk).where(orm.case_assignments.c.user_id == user_id)
        ).scalars())

    def assignees(self, case_pk: int) -> list[User]:
        query = (
            sa.select(orm.users)
            .join(orm.case_assignments, orm.case_assignments.c.user_id == orm.users.c.id)
            .where(orm.case_assignments.c.case_pk == case_pk)
            .order_by(orm.users.c.username)
        )
        return [_user(r) for r in self.conn.execute(query)]


def insert_audit_entries(conn: sa.Connection, entries: Sequence[dict[str, Any]]) -> None:
    """Several audit entries (keys as for `AuditRepository.record`) in one executemany, which SQLAlchemy sends as
    multi-row INSERTs ("insertmanyvalues"), in their order."""
    if entries:
        conn.execute(_AUDIT_INSERT, list(entries))


class AuditRepository:
    """The append-only audit trail: who did what to which case, and when.

    With `deferred` (a list; see `SqlAlchemyUnitOfWork.deferred_audit`), an entry is appended to that list instead
    of being inserted: the caller writes them before it lets any of what was read leave the server (see
    `pleaguard.web.read_audit`)."""

    def __init__(self, conn: sa.Connection, deferred: list[dict[str, Any]] | None = None) -> None:
        self.conn = conn
        self.deferred = deferred

    def record(self, *, case_pk: int | None, actor_id: int | None, actor: str, action: str, at: dt.datetime,
               detail: dict[str, Any]) -> None:
        entry = {"case_pk": case_pk, "actor_id": actor_id, "actor": actor, "action": action, "at": at,
                 "detail": detail}
        if self.deferred is not None:
            self.deferred.append(entry)
        else:
            self.conn.execute(_AUDIT_INSERT, entry)

    def record_many(self, entries: Sequence[dict[str, Any]]) -> None:
        """Several entries (keys as for `record`), in multi-row INSERTs."""
        if self.deferred is not None:
            self.deferred.extend(entries)
        else:
            insert_audit_entries(self.conn, entries)

    def without_case(self, *, limit: int = 1000) -> list[AuditEntry]:
        """Entries attached to no case (attempts on case ids that do not exist), the latest `limit`, oldest first."""
        query = (
            sa.select(orm.audit_log).where(orm.audit_log.c.case_pk.is_(None))
            .order_by(orm.audit_log.c.id.desc()).limit(limit)
        )
        rows = list(self.conn.execute(query))
        return [
            AuditEntry(id=r.id, case_id=None, actor=r.actor, action=r.action, at=utc(r.at), detail=r.detail)
            for r in reversed(rows)
        ]

    def for_case(self, case_pk: int, *, actions: tuple[str, ...] | None = None, after_id: int | None = None,
                 before_id: int | None = None, limit: int | None = None,
                 newest_first: bool = False) -> list[AuditEntry]:
        """The case's entries (only `actions`, when given) in id order (newest first with `newest_first`), those
        with an id above `after_id` and below `before_id`, at most `limit` of them."""
        a = orm.audit_log
        query = (
            sa.select(a, orm.cases.c.case_id)
            .join(orm.cases, orm.cases.c.id == a.c.case_pk)
            .where(a.c.case_pk == case_pk)
            .order_by(a.c.id.desc() if newest_first else a.c.id)
        )
        if actions is not None:
            query = query.where(a.c.action.in_(actions))
        if after_id is not None:
            query = query.where(a.c.id > after_id)
        if before_id is not None:
            query = query.where(a.c.id < before_id)
        if limit is not None:
            query = query.limit(limit)
        return [
            AuditEntry(id=r.id, case_id=r.case_id, actor=r.actor, action=r.action, at=utc(r.at), detail=r.detail)
            for r in self.conn.execute(query)
        ]


class TokenRepository:
    """API tokens, stored only as SHA-256 hashes."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def add(self, *, user_id: int, token_hash: str, name: str, created_at: dt.datetime,
            expires_at: dt.datetime) -> ApiToken:
        tid = self.conn.execute(
            sa.insert(orm.api_tokens).values(
                user_id=user_id, token_hash=token_hash, name=name, created_at=created_at, expires_at=expires_at,
            ).returning(orm.api_tokens.c.id)
        ).scalar_one()
        return ApiToken(id=tid, user_id=user_id, name=name, created_at=created_at, expires_at=expires_at,
                        revoked_at=None)

    def user_of_valid_token(self, token_hash: str, at: dt.datetime) -> tuple[User, dt.datetime] | None:
        """The user of an unrevoked, unexpired token and when the token expires, in one query (the API asks this
        on every request that its token cache cannot answer)."""
        t, u = orm.api_tokens, orm.users
        row = self.conn.execute(
            sa.select(u, t.c.expires_at.label("token_expires_at")).join(t, t.c.user_id == u.c.id)
            .where(t.c.token_hash == token_hash, t.c.revoked_at.is_(None), t.c.expires_at > at)
        ).one_or_none()
        return (_user(row), utc(row.token_expires_at)) if row is not None else None

    def for_user(self, user_id: int) -> list[ApiToken]:
        rows = self.conn.execute(
            sa.select(orm.api_tokens).where(orm.api_tokens.c.user_id == user_id).order_by(orm.api_tokens.c.id)
        )
        return [
            ApiToken(id=r.id, user_id=r.user_id, name=r.name, created_at=utc(r.created_at),
                     expires_at=utc(r.expires_at), revoked_at=utc(r.revoked_at) if r.revoked_at else None)
            for r in rows
        ]

    def revoke_all(self, *, user_id: int, at: dt.datetime, keep_hash: str | None = None) -> int:
        """Revoke every unrevoked token of the user but the one with `keep_hash`; how many were revoked."""
        t = orm.api_tokens
        query = sa.update(t).where(t.c.user_id == user_id, t.c.revoked_at.is_(None))
        if keep_hash is not None:
            query = query.where(t.c.token_hash != keep_hash)
        return int(self.conn.execute(query.values(revoked_at=at)).rowcount)

    def revoke(self, *, token_id: int, user_id: int, at: dt.datetime) -> bool:
        result = self.conn.execute(
            sa.update(orm.api_tokens)
            .where(orm.api_tokens.c.id == token_id, orm.api_tokens.c.user_id == user_id,
                   orm.api_tokens.c.revoked_at.is_(None))
            .values(revoked_at=at)
        )
        return bool(result.rowcount)


class LoginAttemptRepository:
    """Login attempts, for rate limiting. The only table rows are deleted from: attempts the limiter no longer
    looks at are pruned (see `pleaguard.services.accounts`)."""

    def __init__(self, conn: sa.Connection) -> None:
        self.conn = conn

    def record(self, *, username: str, ip: str, at: dt.datetime, ok: bool) -> int:
        """Store one attempt; its row id (increasing, so callers can act on every N-th attempt)."""
        return int(self.conn.execute(
            sa.insert(orm.login_attempts).values(username=username, ip=ip, at=at, ok=ok)
            .returning(orm.login_attempts.c.id)
        ).scalar_one())

    def prune(self, *, before: dt.datetime) -> int:
        """Delete every attempt made before `before`; the number deleted."""
        result = self.conn.execute(sa.delete(orm.login_attempts).where(orm.login_attempts.c.at < before))
        return int(result.rowcount)

    def failures_since(self, *, username: str, ip: str, since: dt.datetime) -> int:
        """Failed attempts for this username from this address since `since`, not counting any before the last
        successful login."""
        t = orm.login_attempts
        last_ok = sa.select(sa.func.max(t.c.at)).where(
            t.c.username == username, t.c.ip == ip, t.c.ok.is_(True), t.c.at >= since
        ).scalar_subquery()
        query = sa.select(sa.func.count()).select_from(t).where(
            t.c.username == username, t.c.ip == ip, t.c.ok.is_(False), t.c.at >= since,
            sa.or_(last_ok.is_(None), t.c.at > last_ok),
        )
        return int(self.conn.execute(query).scalar_one())
