"""Create the SQLAlchemy engine for a database URL: SQLite (default) or PostgreSQL (psycopg 3).

SQLite, on every new connection:
    PRAGMA journal_mode=WAL      readers never wait for the writer; a killed writer leaves the last commit intact
    PRAGMA foreign_keys=ON       referential integrity (off by default in SQLite)
    PRAGMA busy_timeout=…        wait for the write lock instead of failing at once
    PRAGMA synchronous=FULL      a committed event survives a power cut, not only a killed process
and every transaction starts with `BEGIN IMMEDIATE`, which takes the database's write lock at once. Every
unit of work may write (even a read records an audit entry), so taking the lock up front means two writers
queue instead of failing with "database is locked" when one upgrades from reading to writing. That is the
SQLite equivalent of the row lock PostgreSQL takes with SELECT … FOR UPDATE.

A pure read (no audit, e.g. `db current`) can ask for a deferred transaction with
`engine.execution_options(sqlite_begin="DEFERRED")`.

PostgreSQL: `postgresql://` and `postgres://` URLs are switched to the psycopg 3 driver. A pooled connection that
has been idle for more than `IDLE_PING_SECONDS` is checked (`SELECT 1`) before it is handed out, and replaced if
the server has gone away, so a restarted server does not fail the first request; a connection in steady use is
handed out without that extra round trip (a dropped connection then fails one request, and the pool is renewed).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import URL, Engine, make_url

from pleaguard.errors import InputError

#: How long a SQLite writer waits for the lock before giving up (milliseconds).
SQLITE_BUSY_TIMEOUT_MS = 60_000
#: A pooled PostgreSQL connection idle for longer than this is checked before use (seconds).
IDLE_PING_SECONDS = 10.0


def normalize_url(url: str | URL) -> URL:
    """Parse a database URL and pick our drivers; an unsupported or malformed URL is an InputError."""
    try:
        parsed = make_url(url)
    except Exception:
        raise InputError(
            f"not a database URL: {url!r}", field="database_url",
            allowed="sqlite:///PATH or postgresql+psycopg://USER@HOST:PORT/DB",
        ) from None
    backend = parsed.get_backend_name()
    if backend in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg")
    if backend == "sqlite":
        return parsed.set(drivername="sqlite+pysqlite")
    raise InputError(
        f"unsupported database {backend!r}", field="database_url", allowed="sqlite, postgresql"
    )


def is_sqlite(engine_or_url: Engine | str | URL) -> bool:
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    return url.get_backend_name() == "sqlite"


def create_engine(url: str | URL, *, echo: bool = False, pool_size: int = 10, max_overflow: int = 20) -> Engine:
    """An engine for `url` with the connection settings described in the module docstring.

    `pool_size` and `max_overflow` size the PostgreSQL connection pool (a web server with many worker threads
    wants at least one connection per concurrently served request); SQLite ignores them.
    """
    parsed = normalize_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite_engine(parsed, echo=echo)
    engine = sa.create_engine(parsed, echo=echo, pool_size=pool_size, max_overflow=max_overflow)
    _ping_after_idle(engine, IDLE_PING_SECONDS)
    return engine


def _ping_after_idle(engine: Engine, idle_seconds: float) -> None:
    """Check a pooled connection before use when it has been idle for more than `idle_seconds`; a dead one is
    discarded (DisconnectionError makes the pool retry with a new connection)."""

    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _on_checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        idle_since = record.info.get("idle_since")
        if idle_since is None or time.monotonic() - idle_since <= idle_seconds:
            return
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            dbapi_connection.rollback()
        except Exception as exc:  # any failure of the ping means the connection cannot be trusted
            raise sa.exc.DisconnectionError(f"stale connection: {exc}") from exc


def is_in_memory_sqlite(engine_or_url: Engine | str | URL) -> bool:
    """Whether this is a SQLite database in memory (one shared connection: another engine would see another,
    empty database)."""
    if not is_sqlite(engine_or_url):
        return False
    url = engine_or_url.url if isinstance(engine_or_url, Engine) else make_url(engine_or_url)
    database = url.database or ""
    return database in ("", ":memory:") or database.startswith("file::memory:")


def _sqlite_engine(url: URL, *, echo: bool) -> Engine:
    database = url.database or ""
    in_memory = is_in_memory_sqlite(url)
    kwargs: dict[str, Any] = {"echo": echo}
    connect_args: dict[str, Any] = {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}
    if in_memory:
        # One shared connection, or every checkout would see a different empty database.
        kwargs["poolclass"] = sa.pool.StaticPool
    else:
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    engine = sa.create_engine(url, connect_args=connect_args, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take transaction control away from the sqlite3 module; BEGIN is emitted in _on_begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if not in_memory:
                cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA synchronous=FULL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: sa.Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "IMMEDIATE")
        if mode not in ("IMMEDIATE", "DEFERRED", "EXCLUSIVE"):
            raise ValueError(f"sqlite_begin must be IMMEDIATE, DEFERRED or EXCLUSIVE, not {mode!r}")
        conn.exec_driver_sql(f"BEGIN {mode}")

    return engine
