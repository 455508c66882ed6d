"""The audit trail records refused attempts: the action "refused" joins the allowed actions of audit_log.

A refused attempt on an existing case (a user not assigned to it, a deactivated account, a reviewer asking to
change it) is written to that case's trail; see `pleaguard.services.access`.

PostgreSQL replaces the CHECK constraint in place. SQLite cannot alter a constraint, so the table is rebuilt
(copied row by row into a new table with the new constraint); its append-only triggers are dropped for the
rebuild and installed again.

The downgrade refuses to run while the trail holds "refused" entries: the trail is append-only, so they cannot
be removed, and the old constraint cannot hold them.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from pleaguard.migrations import append_only

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

BEFORE = "action IN ('create', 'read', 'add_event', 'assign', 'unassign', 'export', 'verify', 'import')"
AFTER = "action IN ('create', 'read', 'add_event', 'assign', 'unassign', 'export', 'verify', 'import', 'refused')"


def _replace_check(condition: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.drop_constraint(op.f("ck_audit_log_action"), "audit_log", type_="check")
        op.create_check_constraint("action", "audit_log", condition)
        return
    append_only.unprotect("audit_log")
    with op.batch_alter_table("audit_log", recreate="always") as batch:
        batch.drop_constraint(op.f("ck_audit_log_action"), type_="check")
        batch.create_check_constraint("action", condition)
    append_only.protect("audit_log")


def upgrade() -> None:
    _replace_check(AFTER)


def downgrade() -> None:
    refused = op.get_bind().execute(sa.text("SELECT count(*) FROM audit_log WHERE action = 'refused'")).scalar_one()
    if refused:
        raise RuntimeError(
            f"audit_log holds {refused} 'refused' entries; the audit trail is append-only, so revision 0003 "
            "cannot be undone on this database"
        )
    _replace_check(BEFORE)
