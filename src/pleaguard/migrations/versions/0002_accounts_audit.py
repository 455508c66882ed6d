"""Accounts and access: users, case assignments, the append-only audit trail, API tokens, login attempts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pleaguard.migrations import append_only

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_users"),
        sa.UniqueConstraint("username", name="uq_users_username"),
        sa.CheckConstraint("role IN ('lawyer', 'duty_lawyer', 'legal_aid_admin', 'reviewer')", name="role"),
    )
    op.create_table(
        "case_assignments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_pk", sa.Integer, nullable=False),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("assigned_by", sa.String(100), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_assignments"),
        sa.ForeignKeyConstraint(["case_pk"], ["cases.id"], name="fk_case_assignments_case_pk_cases"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_case_assignments_user_id_users"),
        sa.UniqueConstraint("case_pk", "user_id", name="uq_case_assignments_case_pk_user_id"),
    )
    op.create_index("ix_case_assignments_user_id", "case_assignments", ["user_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_pk", sa.Integer, nullable=True),
        sa.Column("actor_id", sa.Integer, nullable=True),
        sa.Column("actor", sa.String(100), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("detail", sa.JSON, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
        sa.ForeignKeyConstraint(["case_pk"], ["cases.id"], name="fk_audit_log_case_pk_cases"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name="fk_audit_log_actor_id_users"),
        sa.CheckConstraint(
            "action IN ('create', 'read', 'add_event', 'assign', 'unassign', 'export', 'verify', 'import')",
            name="action",
        ),
    )
    op.create_index("ix_audit_log_case_pk_id", "audit_log", ["case_pk", "id"])
    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_api_tokens"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_api_tokens_user_id_users"),
        sa.UniqueConstraint("token_hash", name="uq_api_tokens_token_hash"),
    )
    op.create_table(
        "login_attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("ip", sa.String(64), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("ok", sa.Boolean, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_login_attempts"),
    )
    op.create_index("ix_login_attempts_username_ip_at", "login_attempts", ["username", "ip", "at"])
    append_only.protect("audit_log")


def downgrade() -> None:
    append_only.unprotect("audit_log")
    op.drop_index("ix_login_attempts_username_ip_at", table_name="login_attempts")
    op.drop_table("login_attempts")
    op.drop_table("api_tokens")
    op.drop_index("ix_audit_log_case_pk_id", table_name="audit_log")
    op.drop_table("audit_log")
    op.drop_index("ix_case_assignments_user_id", table_name="case_assignments")
    op.drop_table("case_assignments")
    op.drop_table("users")
