"""The disclosure log: every print or save of a patient document (accounting of disclosures).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "disclosures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("disclosed_at", sa.String, nullable=False),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("staff_name", sa.String, nullable=False),
        sa.Column("delivery", sa.String, nullable=False),
        sa.Column("document", sa.String, nullable=False),
        sa.Column("clinical", sa.Boolean, nullable=False),
        sa.Column("language", sa.String, nullable=False),
        sa.Column("large_print", sa.Boolean, nullable=False),
        sa.Column("recipient_kind", sa.String, nullable=False),
        sa.Column("recipient_name", sa.String, nullable=True),
        sa.Column("purpose", sa.String, nullable=False),
        sa.Column("purpose_text", sa.String, nullable=True),
        sa.Column("page_count", sa.Integer, nullable=False),
        sa.Column("sha256", sa.String, nullable=False),
        sa.Column("audit_seq", sa.Integer, nullable=True),
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    )
    op.create_index("ix_disclosures_patient", "disclosures", ["patient_id", "disclosed_at"])


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
