"""Care plans: one row per version of a patient's plan, its reviews, and the practice's condition templates.

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0011_care_plans
Revises: 0007
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0011_care_plans"
down_revision = "0010"
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
    op.create_table(
        "care_plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("entered_in_error_reason", sa.String, nullable=True),
        sa.Column("entered_in_error_by", sa.String, nullable=True),
        sa.Column("entered_in_error_at", sa.String, nullable=True),
        *_stamps(),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("next_review_on", sa.Date, nullable=False),
        sa.Column("changes", sa.Text, nullable=True),
        sa.Column("supersedes_id", sa.Integer, sa.ForeignKey("care_plans.id"), nullable=True),
        sa.Column("copy_given_on", sa.Date, nullable=True),
    )
    op.create_index("ix_care_plans_patient", "care_plans", ["patient_id", "status"])
    op.create_index("ix_care_plans_review", "care_plans", ["status", "next_review_on"])
    op.create_table(
        "care_plan_reviews",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("plan_id", sa.Integer, sa.ForeignKey("care_plans.id"), nullable=False),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("reviewed_on", sa.Date, nullable=False),
        sa.Column("reviewer", sa.String, nullable=False),
        sa.Column("progress", sa.Text, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("next_review_on", sa.Date, nullable=False),
        *_stamps(),
    )
    op.create_index("ix_care_plan_reviews_plan", "care_plan_reviews", ["plan_id"])
    op.create_table(
        "care_plan_templates",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String, nullable=False, unique=True),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("template", sa.Text, nullable=False),
        *_stamps(),
    )


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
