"""Medication lists: one row per medication entry (with history and entered-in-error like every clinical row),
and its normalized ingredients in an indexed side table for the high-alert panel filter.

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0008_medications
Revises: 0007
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_medications"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "medications",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("entered_in_error_reason", sa.String, nullable=True),
        sa.Column("entered_in_error_by", sa.String, nullable=True),
        sa.Column("entered_in_error_at", sa.String, nullable=True),
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
        sa.Column("display", sa.String, nullable=False),
        sa.Column("rxnorm", sa.String, nullable=True),
        sa.Column("ingredients", sa.Text, nullable=False),
        sa.Column("strength", sa.String, nullable=True),
        sa.Column("form", sa.String, nullable=True),
        sa.Column("dose", sa.String, nullable=True),
        sa.Column("route", sa.String, nullable=True),
        sa.Column("frequency", sa.String, nullable=True),
        sa.Column("frequency_text", sa.String, nullable=True),
        sa.Column("prn", sa.Boolean, nullable=False),
        sa.Column("prn_reason", sa.String, nullable=True),
        sa.Column("indication", sa.String, nullable=True),
        sa.Column("prescriber", sa.String, nullable=True),
        sa.Column("start_date", sa.Date, nullable=True),
        sa.Column("last_dose_taken", sa.String, nullable=True),
        sa.Column("actual_use", sa.Text, nullable=True),
        sa.Column("notes", sa.Text, nullable=True),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("hold_until", sa.Date, nullable=True),
        sa.Column("hold_reason", sa.String, nullable=True),
        sa.Column("stopped_on", sa.Date, nullable=True),
        sa.Column("stop_reason", sa.String, nullable=True),
    )
    op.create_index("ix_medications_patient", "medications", ["patient_id", "status"])
    op.create_table(
        "medication_ingredients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("medication_id", sa.Integer, sa.ForeignKey("medications.id"), nullable=False),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("ingredient", sa.String, nullable=False),
    )
    op.create_index(
        "ix_medication_ingredients_ingredient", "medication_ingredients", ["ingredient", "patient_id"]
    )
    op.create_index("ix_medication_ingredients_medication", "medication_ingredients", ["medication_id"])


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
