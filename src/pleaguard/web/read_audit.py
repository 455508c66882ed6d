"""Group commit of the audit entries that reads write.

Every read of a case leaves an entry in its audit trail, and the entry is committed before anything read leaves
the server. Committed one by one, each entry cost a flush of the database's log to disk. On PostgreSQL, reads run
on the event loop (`pleaguard.web.deps.run_read`), so a worker waited for each flush in turn: the flush, not the
CPU, bounded how many cases a worker could serve. On SQLite, every read took the database's one write lock for its
entry, so reads queued behind each other and behind every write.

So a worker's reads hand their entries to one `ReadAuditWriter`. It commits whatever entries have gathered in one
transaction (multi-row INSERTs, one flush) from a thread of its own, while the loop goes on serving; the entries
that arrive meanwhile go into the next commit. Each read waits for the commit that holds its entries, then answers.

What does not change: no case data leaves the server before its read is durably recorded, and if the entries
cannot be written the read fails (the error reaches the client as a server error) and shows nothing. Refused
attempts and probes for case ids that do not exist are written the same way, before their 404; if those cannot be
written, the failure is logged and the answer is still the 404 (see `pleaguard.services.access`).

Reads themselves then write nothing: on SQLite they run in deferred transactions, which in WAL mode take no lock a
writer waits for, so they too run on the event loop. The writer has a connection of its own (a one-connection
pool; for an in-memory SQLite database, the app's one connection), so it never waits for the pool the requests
share; when the server has dropped it, the commit is tried once more on a new one.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import sqlalchemy as sa

from pleaguard.adapters.db.engine import create_engine, is_in_memory_sqlite
from pleaguard.adapters.db.repository import insert_audit_entries

log = logging.getLogger("pleaguard.web")


class ReadAuditWriter:
    """Commits the audit entries of reads in batches (one per worker process and event loop)."""

    def __init__(self, engine: sa.Engine) -> None:
        # A connection of its own; but an in-memory SQLite database exists only in the engine's one connection.
        self._owns_engine = not is_in_memory_sqlite(engine)
        self.engine = create_engine(engine.url, pool_size=1, max_overflow=0) if self._owns_engine else engine
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="read-audit")
        self._pending: list[tuple[list[dict[str, Any]], asyncio.Future[None]]] = []
        self._draining: asyncio.Task[None] | None = None
        self.commits = 0
        self.entries = 0

    async def write(self, entries: list[dict[str, Any]]) -> None:
        """Return once `entries` are committed; raise what the database raised if they could not be."""
        loop = asyncio.get_running_loop()
        done: asyncio.Future[None] = loop.create_future()
        self._pending.append((entries, done))
        if self._draining is None:
            self._draining = loop.create_task(self._drain())
        await done

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                rows = [entry for entries, _ in batch for entry in entries]
                try:
                    await loop.run_in_executor(self._executor, self._commit, rows)
                except Exception as exc:  # every read of the batch fails with the database's error
                    log.error("could not write %d audit entries of reads: %s", len(rows), exc)
                    for _, done in batch:
                        if not done.done():
                            done.set_exception(exc)
                else:
                    for _, done in batch:
                        if not done.done():
                            done.set_result(None)
        finally:
            self._draining = None

    def _commit(self, rows: list[dict[str, Any]]) -> None:
        """One transaction; tried once more on a new connection when the server dropped the one in the pool (then
        nothing was committed, unless the drop came between the commit and its acknowledgement: a read recorded
        twice is the price of never losing one)."""
        for attempt in (1, 2):
            try:
                with self.engine.begin() as conn:
                    insert_audit_entries(conn, rows)
            except sa.exc.DBAPIError as exc:
                if attempt == 1 and exc.connection_invalidated:
                    log.warning("the audit writer's connection was dropped; trying again on a new one")
                    continue
                raise
            break
        self.commits += 1
        self.entries += len(rows)

    def close(self) -> None:
        self._executor.shutdown(wait=True)
        if self._owns_engine:
            self.engine.dispose()
