"""Transitions of care: hospital stays, ED visits, observation and SNF stays with their TCM work and discharge
checklist; contact attempts (what they serve, channel, outcome) that count toward the TCM contact.

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def _clinical_row():
    return [
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
    ]


def upgrade() -> None:
    op.create_table(
        "transition_stays",
        *_clinical_row(),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("facility_id", sa.Integer, sa.ForeignKey("directory_entries.id"), nullable=True),
        sa.Column("facility_name", sa.String, nullable=False),
        sa.Column("admitted_on", sa.Date, nullable=False),
        sa.Column("discharged_on", sa.Date, nullable=False),
        sa.Column("admission_type", sa.String, nullable=True),
        sa.Column("disposition", sa.String, nullable=False),
        sa.Column("diagnoses", sa.Text, nullable=False),
        sa.Column("ed_visits_6m", sa.Integer, nullable=True),
        sa.Column("admissions_12m", sa.Integer, nullable=True),
        sa.Column("summary_received_on", sa.Date, nullable=True),
        sa.Column("complexity", sa.String, nullable=False),
        sa.Column("charlson_items", sa.Text, nullable=True),
        sa.Column("haemoglobin_g_dl", sa.Float, nullable=True),
        sa.Column("sodium_mmol_l", sa.Float, nullable=True),
        sa.Column("oncology_service", sa.Boolean, nullable=True),
        sa.Column("procedure_during_stay", sa.Boolean, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("contact_on", sa.Date, nullable=True),
        sa.Column("visit_on", sa.Date, nullable=True),
        sa.Column("med_rec_on", sa.Date, nullable=True),
    )
    op.create_index("ix_transition_stays_patient", "transition_stays", ["patient_id", "discharged_on"])
    op.create_index("ix_transition_stays_discharged", "transition_stays", ["discharged_on"])
    op.create_table(
        "transition_tasks",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("stay_id", sa.Integer, sa.ForeignKey("transition_stays.id"), nullable=False),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("task", sa.String, nullable=False),
        sa.Column("owner_role", sa.String, nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("done_on", sa.Date, nullable=True),
        sa.Column("done_by", sa.String, nullable=True),
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    )
    op.create_index("ix_transition_tasks_stay", "transition_tasks", ["stay_id"])
    op.create_table(
        "contact_attempts",
        *_clinical_row(),
        sa.Column("about_table", sa.String, nullable=True),
        sa.Column("about_id", sa.Integer, nullable=True),
        sa.Column("attempted_on", sa.Date, nullable=False),
        sa.Column("channel", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("next_try_on", sa.Date, nullable=True),
        sa.Column("by_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("by_name", sa.String, nullable=False),
    )
    op.create_index("ix_contact_attempts_patient", "contact_attempts", ["patient_id", "attempted_on"])
    op.create_index("ix_contact_attempts_about", "contact_attempts", ["about_table", "about_id"])


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
