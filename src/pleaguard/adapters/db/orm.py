"""The database tables (SQLAlchemy 2 Core). The schema itself is created by the Alembic migrations in
`pleaguard/migrations/versions/`; a test checks that the migrated schema matches these declarations.

Append-only tables: `cases`, `case_events` and `audit_log` have no update or delete path in the code, and the
migrations install triggers that reject UPDATE and DELETE on them (PostgreSQL and SQLite).

Times are stored in UTC. An event's own `at` (with the offset the user gave) stays in its payload; the `at`
column is the same instant in UTC, for ordering and queries.
"""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

#: The roles a user can have (glossary: lawyer, duty lawyer, legal-aid admin, reviewer).
ROLES = ("lawyer", "duty_lawyer", "legal_aid_admin", "reviewer")
#: The actions recorded in a case's audit trail.
AUDIT_ACTIONS = ("create", "read", "add_event", "assign", "unassign", "export", "verify", "import", "refused")

TZ = sa.DateTime(timezone=True)

cases = sa.Table(
    "cases",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_id", sa.String(128), nullable=False, unique=True),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("created_by", sa.String(100), nullable=False),
    sa.Column("header", sa.JSON, nullable=False),
    sa.Column("header_hash", sa.String(64), nullable=False),
)

case_events = sa.Table(
    "case_events",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_pk", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("seq", sa.Integer, nullable=False),
    sa.Column("event_id", sa.String(128), nullable=False),
    sa.Column("type", sa.String(64), nullable=False),
    sa.Column("at", TZ, nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("recorded_at", TZ, nullable=False),
    sa.Column("recorded_by", sa.String(100), nullable=False),
    sa.Column("prev_hash", sa.String(64), nullable=False),
    sa.Column("hash", sa.String(64), nullable=False),
    sa.UniqueConstraint("case_pk", "seq"),
    sa.UniqueConstraint("case_pk", "event_id"),
    sa.CheckConstraint("seq >= 1", name="seq_positive"),
)

users = sa.Table(
    "users",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False, unique=True),
    sa.Column("display_name", sa.String(200), nullable=False),
    sa.Column("password_hash", sa.String(255), nullable=False),
    sa.Column("role", sa.String(32), nullable=False),
    sa.Column("active", sa.Boolean, nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.CheckConstraint("role IN ('lawyer', 'duty_lawyer', 'legal_aid_admin', 'reviewer')", name="role"),
)

case_assignments = sa.Table(
    "case_assignments",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_pk", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("assigned_by", sa.String(100), nullable=False),
    sa.Column("at", TZ, nullable=False),
    sa.UniqueConstraint("case_pk", "user_id"),
    sa.Index(None, "user_id"),
)

audit_log = sa.Table(
    "audit_log",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("case_pk", sa.Integer, sa.ForeignKey("cases.id"), nullable=True),
    sa.Column("actor_id", sa.Integer, sa.ForeignKey("users.id"), nullable=True),
    sa.Column("actor", sa.String(100), nullable=False),
    sa.Column("action", sa.String(32), nullable=False),
    sa.Column("at", TZ, nullable=False),
    sa.Column("detail", sa.JSON, nullable=False),
    sa.CheckConstraint(
        "action IN ('create', 'read', 'add_event', 'assign', 'unassign', 'export', 'verify', 'import', 'refused')",
        name="action",
    ),
    sa.Index(None, "case_pk", "id"),
)

api_tokens = sa.Table(
    "api_tokens",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("name", sa.String(100), nullable=False),
    sa.Column("created_at", TZ, nullable=False),
    sa.Column("expires_at", TZ, nullable=False),
    sa.Column("revoked_at", TZ, nullable=True),
)

login_attempts = sa.Table(
    "login_attempts",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("username", sa.String(64), nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Column("at", TZ, nullable=False),
    sa.Column("ok", sa.Boolean, nullable=False),
    sa.Index(None, "username", "ip", "at"),
)

#: Tables whose rows are never updated or deleted.
APPEND_ONLY_TABLES = ("cases", "case_events", "audit_log")
