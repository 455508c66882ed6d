"""The unit of work: one database transaction, with the repositories that work inside it.

    with SqlAlchemyUnitOfWork(engine) as uow:
        case = uow.cases.get("A-1", for_update=True)
        ...
        uow.commit()            # nothing is written unless commit() is called

Leaving the block without commit() (or with an exception) rolls everything back, so a command that fails half-way
writes nothing. A unique-constraint violation at commit or flush time surfaces as `sqlalchemy.exc.IntegrityError`;
the services translate it (duplicate ids → InputError, a lost race for the next sequence number → retry).

`clock` is injectable so tests can move time (login rate limit, token expiry) without sleeping.

`keep_connection=True` (the web application: one unit of work per request) keeps the database connection between
the `with` blocks of one unit of work, so that a request that resolves its token and then reads a case checks a
connection out of the pool (and pings it) once, not once per transaction. Every block is still its own
transaction; `close()` returns the connection to the pool.

`autocommit=True` (PostgreSQL only; ignored on SQLite) makes every statement its own transaction: no BEGIN and no
COMMIT round trips, and `commit()` has nothing left to do. It is for units of work that only read and append
single-statement audit entries (the web application's GET requests): each entry is committed by its own
statement before the caller sees any data, and reads that span several statements are built to stay consistent
without a shared snapshot (a log is cached under the head of the events actually read).

`deferred_audit`, when set to a list, collects the audit entries of the unit of work's blocks instead of inserting
them; whoever set it must write them before anything read is shown (the web application's group commit of reads,
`pleaguard.web.read_audit`), and the blocks must write nothing else. It applies on PostgreSQL in autocommit, and on
SQLite, where the blocks then run in deferred transactions (BEGIN DEFERRED): with nothing to write they take no
write lock, so in WAL mode they neither wait for a writer nor make one wait. On PostgreSQL without autocommit it is
ignored: entries are part of the transaction and commit or roll back with it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from types import TracebackType
from typing import Any

import sqlalchemy as sa

from pleaguard.adapters.db.engine import create_engine
from pleaguard.adapters.db.repository import (
    AuditRepository,
    CaseRepository,
    LoginAttemptRepository,
    TokenRepository,
    UserRepository,
)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SqlAlchemyUnitOfWork:
    """A transaction on `engine` (an Engine or a database URL). Reusable: each `with` block is a new transaction."""

    cases: CaseRepository
    users: UserRepository
    audit: AuditRepository
    tokens: TokenRepository
    logins: LoginAttemptRepository

    def __init__(self, engine: sa.Engine | str, *, clock: Callable[[], dt.datetime] = utc_now,
                 keep_connection: bool = False, autocommit: bool = False) -> None:
        self.engine = create_engine(engine) if isinstance(engine, str) else engine
        self.clock = clock
        self.keep_connection = keep_connection
        self.autocommit = autocommit and self.engine.dialect.name == "postgresql"
        self._conn: sa.Connection | None = None
        self._held: sa.Connection | None = None
        self.deferred_audit: list[dict[str, Any]] | None = None

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def now(self) -> dt.datetime:
        """The current time in UTC (from the injected clock)."""
        return self.clock().astimezone(dt.UTC)

    def __enter__(self) -> SqlAlchemyUnitOfWork:
        if self._conn is not None:
            raise RuntimeError("unit of work already in use (nested `with uow:`)")
        if not self.keep_connection:
            self._conn = self._connect()
        else:
            if self._held is None or self._held.closed:
                self._held = self._connect()
            self._conn = self._held
        sqlite = self.engine.dialect.name == "sqlite"
        deferring = self.deferred_audit is not None and (self.autocommit or sqlite)
        if sqlite:  # a held connection keeps its options: say which kind of transaction this block starts
            self._conn.execution_options(sqlite_begin="DEFERRED" if deferring else "IMMEDIATE")
        self.cases = CaseRepository(self._conn)
        self.users = UserRepository(self._conn)
        self.audit = AuditRepository(self._conn, self.deferred_audit if deferring else None)
        self.tokens = TokenRepository(self._conn)
        self.logins = LoginAttemptRepository(self._conn)
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        try:
            if conn.in_transaction():
                conn.rollback()
        except BaseException:
            self._held = None
            conn.close()
            raise
        if not self.keep_connection:
            conn.close()

    def close(self) -> None:
        """Return a kept connection to the pool (nothing to do without `keep_connection`)."""
        held, self._held = self._held, None
        if held is not None:
            held.close()

    def _connect(self) -> sa.Connection:
        conn = self.engine.connect()
        if self.autocommit:
            conn.execution_options(isolation_level="AUTOCOMMIT")  # reset when the connection returns to the pool
        return conn

    @property
    def connection(self) -> sa.Connection:
        if self._conn is None:
            raise RuntimeError("unit of work used outside `with uow:`")
        return self._conn

    def commit(self) -> None:
        self.connection.commit()

    def rollback(self) -> None:
        self.connection.rollback()
