"""PostgreSQL connections in the pool: one idle for a while is checked before use and replaced if the server
dropped it; one in steady use is handed out without a check."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from pleaguard.adapters.db import engine as engine_module

pytestmark = pytest.mark.postgres


def backend_pid(engine: sa.Engine) -> int:
    with engine.connect() as conn:
        return int(conn.execute(sa.text("select pg_backend_pid()")).scalar_one())


def terminate(admin_url: str, pid: int) -> None:
    admin = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        assert conn.execute(sa.text("select pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
    admin.dispose()


def test_an_idle_connection_the_server_dropped_is_replaced_before_use(
    pg_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 0.0)
    engine = engine_module.create_engine(pg_url, pool_size=1, max_overflow=0)
    try:
        first = backend_pid(engine)
        terminate(pg_url, first)
        assert backend_pid(engine) != first  # no error: the dead connection was noticed and replaced
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "IDLE_PING_SECONDS", 3600.0)
    engine = engine_module.create_engine(pg_url, pool_size=1, max_overflow=0)
    try:
        first = backend_pid(engine)
        terminate(pg_url, first)
        with pytest.raises(sa.exc.OperationalError):
            backend_pid(engine)  # not checked before use: this one request fails …
        assert backend_pid(engine) != first  # … and the pool is renewed for the next
    finally:
        engine.dispose()
