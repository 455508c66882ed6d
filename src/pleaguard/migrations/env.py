"""Alembic environment: runs the migrations on the engine handed over in `config.attributes["engine"]`."""

from __future__ import annotations

from alembic import context

from pleaguard.adapters.db.orm import metadata

config = context.config


def run_migrations_online() -> None:
    engine = config.attributes["engine"]
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            transaction_per_migration=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


if context.is_offline_mode():
    raise SystemExit("offline (SQL script) migrations are not supported; run `pleaguard db upgrade` instead")
run_migrations_online()
