"""Forward-secure audit seal: one MAC per entry under a key that evolves one way after each entry.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_seals",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("mac", sa.String, nullable=False),
    )
    op.execute(
        "CREATE TRIGGER audit_seals_no_update BEFORE UPDATE ON audit_seals "
        "BEGIN SELECT RAISE(ABORT, 'the audit seals are append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_seals_no_delete BEFORE DELETE ON audit_seals "
        "BEGIN SELECT RAISE(ABORT, 'the audit seals are append-only'); END"
    )
    op.create_table(
        "audit_sealing_key",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("start_seq", sa.Integer, nullable=False),
        sa.Column("next_seq", sa.Integer, nullable=False),
        sa.Column("key", sa.String, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("audit_sealing_key")
    op.execute("DROP TRIGGER IF EXISTS audit_seals_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_seals_no_update")
    op.drop_table("audit_seals")
