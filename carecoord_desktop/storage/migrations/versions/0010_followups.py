"""Follow-ups, appointments and care-gap decisions; contact attempts learn whom they tried to reach (the
patient, or a specialist's office for a referral).

Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0010
Revises: 0007
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0007"
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
        *_stamps(),
    ]


def _stamps():
    return [
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "appointments",
        *_clinical_row(),
        sa.Column("about_table", sa.String, nullable=True),
        sa.Column("about_id", sa.Integer, nullable=True),
        sa.Column("appointment_on", sa.Date, nullable=False),
        sa.Column("start_time", sa.String, nullable=False),
        sa.Column("minutes", sa.Integer, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("with_whom", sa.String, nullable=False),
        sa.Column("location", sa.String, nullable=False),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("status_on", sa.Date, nullable=True),
        sa.Column("status_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_appointments_patient", "appointments", ["patient_id", "appointment_on"])
    op.create_index("ix_appointments_day", "appointments", ["appointment_on", "status"])
    op.create_index("ix_appointments_about", "appointments", ["about_table", "about_id"])
    op.create_table(
        "follow_ups",
        *_clinical_row(),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("due_from", sa.Date, nullable=False),
        sa.Column("due_to", sa.Date, nullable=False),
        sa.Column("owner_role", sa.String, nullable=True),
        sa.Column("owner_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("serves", sa.String, nullable=False),
        sa.Column("serves_id", sa.Integer, nullable=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("appointment_id", sa.Integer, sa.ForeignKey("appointments.id"), nullable=True),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.Column("close_reason", sa.Text, nullable=True),
    )
    op.create_index("ix_follow_ups_patient", "follow_ups", ["patient_id", "status"])
    op.create_index("ix_follow_ups_due", "follow_ups", ["status", "due_to"])
    op.create_table(
        "care_gap_decisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("rule", sa.String, nullable=False),
        sa.Column("about_table", sa.String, nullable=False),
        sa.Column("about_id", sa.Integer, nullable=False),
        sa.Column("decision", sa.String, nullable=False),
        sa.Column("reason", sa.Text, nullable=True),
        sa.Column("follow_up_id", sa.Integer, sa.ForeignKey("follow_ups.id"), nullable=True),
        *_stamps(),
        sa.UniqueConstraint("rule", "about_table", "about_id", name="uq_care_gap_decisions_gap"),
    )
    op.create_index("ix_care_gap_decisions_patient", "care_gap_decisions", ["patient_id"])
    # NULL: the patient (every attempt logged before this revision); "specialist": a referral's specialist office.
    op.add_column("contact_attempts", sa.Column("target", sa.String, nullable=True))


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
