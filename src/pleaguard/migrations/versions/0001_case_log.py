"""The case record: cases (header: people, charges) and the hash-chained, append-only event log.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pleaguard.migrations import append_only

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.String(128), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.Column("created_by", sa.String(100), nullable=False),
        sa.Column("header", sa.JSON, nullable=False),
        sa.Column("header_hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
        sa.UniqueConstraint("case_id", name="uq_cases_case_id"),
    )
    op.create_table(
        "case_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_pk", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("event_id", sa.String(128), nullable=False),
        sa.Column("type", sa.String(64), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("recorded_at", TZ, nullable=False),
        sa.Column("recorded_by", sa.String(100), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_case_events"),
        sa.ForeignKeyConstraint(["case_pk"], ["cases.id"], name="fk_case_events_case_pk_cases"),
        sa.UniqueConstraint("case_pk", "seq", name="uq_case_events_case_pk_seq"),
        sa.UniqueConstraint("case_pk", "event_id", name="uq_case_events_case_pk_event_id"),
        sa.CheckConstraint("seq >= 1", name="seq_positive"),
    )
    if op.get_bind().dialect.name == "postgresql":
        append_only.create_pg_function()
    append_only.protect("cases")
    append_only.protect("case_events")


def downgrade() -> None:
    append_only.unprotect("case_events")
    append_only.unprotect("cases")
    op.drop_table("case_events")
    op.drop_table("cases")
    if op.get_bind().dialect.name == "postgresql":
        append_only.drop_pg_function()
