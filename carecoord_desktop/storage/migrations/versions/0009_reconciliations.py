"""Medication reconciliation: sessions, their source lists, line decisions, acknowledged warnings, and the
practice's own interaction pairs.

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0009_reconciliations
Revises: 0012_handouts
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_reconciliations"
down_revision = "0012_handouts"
branch_labels = None
depends_on = None


def _stamps():
    return [
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    ]


def _clinical_row():
    return [
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("entered_in_error_reason", sa.String, nullable=True),
        sa.Column("entered_in_error_by", sa.String, nullable=True),
        sa.Column("entered_in_error_at", sa.String, nullable=True),
        *_stamps(),
    ]


def upgrade() -> None:
    op.create_table(
        "med_reconciliations",
        *_clinical_row(),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("discharged_on", sa.Date, nullable=True),
        sa.Column("stay_id", sa.Integer, sa.ForeignKey("transition_stays.id"), nullable=True),
        sa.Column("corrects_id", sa.Integer, sa.ForeignKey("med_reconciliations.id"), nullable=True),
        sa.Column("interview_not_done_reason", sa.Text, nullable=True),
        sa.Column("interactions_unavailable_ack", sa.Text, nullable=True),
        sa.Column("checklist", sa.Text, nullable=False),
        sa.Column("signed_at", sa.String, nullable=True),
        sa.Column("signed_by", sa.String, nullable=True),
        sa.Column("signed_by_name", sa.String, nullable=True),
        sa.Column("signed_record", sa.Text, nullable=True),
    )
    op.create_index("ix_med_reconciliations_patient", "med_reconciliations", ["patient_id", "status"])
    op.create_table(
        "med_rec_sources",
        *_clinical_row(),
        sa.Column("reconciliation_id", sa.Integer, sa.ForeignKey("med_reconciliations.id"), nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("provided_by", sa.String, nullable=False),
        sa.Column("obtained_on", sa.Date, nullable=False),
        sa.Column("medications", sa.Text, nullable=False),
        sa.Column("imported_from", sa.String, nullable=True),
        sa.Column("unread", sa.Text, nullable=True),
    )
    op.create_index("ix_med_rec_sources_session", "med_rec_sources", ["reconciliation_id"])
    op.create_table(
        "med_rec_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reconciliation_id", sa.Integer, sa.ForeignKey("med_reconciliations.id"), nullable=False),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("line_key", sa.String, nullable=False),
        sa.Column("decision", sa.Text, nullable=False),
        *_stamps(),
    )
    op.create_index(
        "ux_med_rec_decisions_line", "med_rec_decisions", ["reconciliation_id", "line_key"], unique=True
    )
    op.create_table(
        "med_rec_acknowledgements",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("reconciliation_id", sa.Integer, sa.ForeignKey("med_reconciliations.id"), nullable=False),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("finding_key", sa.String, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        *_stamps(),
    )
    op.create_index(
        "ux_med_rec_acknowledgements_finding",
        "med_rec_acknowledgements",
        ["reconciliation_id", "finding_key"],
        unique=True,
    )
    op.create_table(
        "practice_interaction_pairs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("ingredient_a", sa.String, nullable=False),
        sa.Column("ingredient_b", sa.String, nullable=False),
        sa.Column("explanation", sa.Text, nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        *_stamps(),
    )
    op.create_index(
        "ux_practice_interaction_pairs",
        "practice_interaction_pairs",
        ["ingredient_a", "ingredient_b"],
        unique=True,
    )


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
