"""Foundation: meta, settings, staff, audit trail, record history, drafts.

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _stamps():
    return [
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    ]


def upgrade() -> None:
    op.create_table("meta", sa.Column("key", sa.String, primary_key=True), sa.Column("value", sa.Text, nullable=False), *_stamps())
    op.create_table("settings", sa.Column("key", sa.String, primary_key=True), sa.Column("value", sa.Text, nullable=False), *_stamps())
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String, nullable=False, unique=True),
        sa.Column("full_name", sa.String, nullable=False),
        sa.Column("role", sa.String, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        sa.Column("must_change_password", sa.Boolean, nullable=False),
        sa.Column("stay_signed_in", sa.Boolean, nullable=False),
        *_stamps(),
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("staff_id", sa.Integer, nullable=True),
        sa.Column("username", sa.String, nullable=False),
        sa.Column("action", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("patient_id", sa.Integer, nullable=True),
        sa.Column("subject", sa.String, nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("workstation", sa.String, nullable=False),
        sa.Column("prev_hash", sa.String, nullable=False),
        sa.Column("entry_hash", sa.String, nullable=False),
    )
    op.create_index("ix_audit_username", "audit_log", ["username", "seq"])
    op.create_index("ix_audit_patient", "audit_log", ["patient_id", "seq"])
    op.create_index("ix_audit_action", "audit_log", ["action", "seq"])
    op.create_index("ix_audit_at", "audit_log", ["at"])
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("entry_hash", sa.String, nullable=False),
        sa.Column("mac", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
    )
    op.create_table(
        "record_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("table_name", sa.String, nullable=False),
        sa.Column("record_id", sa.Integer, nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("operation", sa.String, nullable=False),
        sa.Column("data", sa.Text, nullable=False),
        sa.Column("changed_at", sa.String, nullable=False),
        sa.Column("changed_by", sa.String, nullable=False),
        sa.UniqueConstraint("table_name", "record_id", "version"),
    )
    op.execute(
        "CREATE TRIGGER record_history_no_update BEFORE UPDATE ON record_history "
        "BEGIN SELECT RAISE(ABORT, 'record history is append-only'); END"
    )
    op.create_table(
        "drafts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("form_key", sa.String, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        *_stamps(),
        sa.UniqueConstraint("staff_id", "form_key"),
    )


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
