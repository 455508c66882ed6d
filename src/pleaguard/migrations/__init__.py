"""Database migrations (Alembic), configured in code so they run from the installed package.

    upgrade(url, "head")     bring a database to the newest schema (creates it on an empty database)
    downgrade(url, "base")   undo migrations down to a revision ("base" = empty database)
    current(url)             the revision a database is at (None = never migrated)

The revisions live in `versions/`; each one writes its tables out in full instead of importing `orm.py`, so an
old migration keeps meaning what it meant when it was written.
"""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from pleaguard.adapters.db.engine import create_engine
from pleaguard.errors import InputError

HERE = Path(__file__).resolve().parent


def alembic_config(engine: sa.Engine) -> Config:
    """An Alembic configuration for `engine`, without an alembic.ini file."""
    cfg = Config()
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("script_location", str(HERE))
    cfg.set_main_option("version_locations", str(HERE / "versions"))
    cfg.attributes["engine"] = engine
    return cfg


def heads() -> list[str]:
    """The newest revision(s) in the package."""
    return list(ScriptDirectory(str(HERE), version_locations=[str(HERE / "versions")]).get_heads())


def revisions() -> list[str]:
    """Every revision id, oldest first."""
    script = ScriptDirectory(str(HERE), version_locations=[str(HERE / "versions")])
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _check_revision(revision: str) -> None:
    if revision in ("head", "base", "heads") or revision.startswith(("+", "-")):
        return
    known = revisions()
    if revision not in known:
        raise InputError(f"未知的数据库版本 {revision!r} / unknown revision {revision!r}", field="REVISION",
                         allowed=", ".join(["base", *known, "head"]))


def upgrade(url: str, revision: str = "head") -> None:
    _check_revision(revision)
    engine = create_engine(url)
    try:
        command.upgrade(alembic_config(engine), revision)
    finally:
        engine.dispose()


def downgrade(url: str, revision: str) -> None:
    _check_revision(revision)
    engine = create_engine(url)
    try:
        command.downgrade(alembic_config(engine), revision)
    finally:
        engine.dispose()


def current(url: str) -> str | None:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
