"""Patients: the record, its panel projection, program/condition/phone lookups, name search, saved views.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
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
        "patients",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("mrn", sa.String, nullable=False, unique=True),
        sa.Column("family_name", sa.String, nullable=False),
        sa.Column("given_name", sa.String, nullable=False),
        sa.Column("preferred_name", sa.String, nullable=True),
        sa.Column("sort_name", sa.String, nullable=False),
        sa.Column("date_of_birth", sa.Date, nullable=False),
        sa.Column("phone", sa.String, nullable=True),
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("coordinator_name", sa.String, nullable=True),
        sa.Column("pcp_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("pcp_name", sa.String, nullable=True),
        sa.Column("risk_tier", sa.String, nullable=True),
        sa.Column("risk_rank", sa.Integer, nullable=False),
        sa.Column("programs", sa.String, nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("next_due_on", sa.Date, nullable=True),
        sa.Column("next_due_label", sa.String, nullable=True),
        sa.Column("last_contact_on", sa.Date, nullable=True),
        *_stamps(),
    )
    # The record lives apart from the panel columns, so panel scans and counts read small rows only.
    op.create_table(
        "patient_records",
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), primary_key=True),
        sa.Column("record", sa.Text, nullable=False),
    )
    for name, cols in {
        "ix_patients_sort_name": ["sort_name", "id"],
        "ix_patients_dob": ["date_of_birth", "sort_name"],
        "ix_patients_coordinator": ["coordinator_id", "status", "sort_name"],
        "ix_patients_coordinator_name": ["coordinator_name", "sort_name"],
        "ix_patients_pcp": ["pcp_id", "status", "sort_name"],
        "ix_patients_pcp_name": ["pcp_name", "sort_name"],
        "ix_patients_risk_tier": ["risk_tier", "status", "sort_name"],
        "ix_patients_risk": ["risk_rank", "sort_name"],
        "ix_patients_status": ["status", "sort_name"],
        "ix_patients_programs": ["programs", "sort_name"],
        "ix_patients_phone": ["phone", "sort_name"],
        "ix_patients_next_due": ["next_due_on", "sort_name"],
        "ix_patients_last_contact": ["last_contact_on", "sort_name"],
    }.items():
        op.create_index(name, "patients", cols)
    op.create_table(
        "patient_programs",
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), primary_key=True),
        sa.Column("program", sa.String, primary_key=True),
    )
    op.create_index("ix_patient_programs_program", "patient_programs", ["program", "patient_id"])
    op.create_table(
        "patient_conditions",
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("condition", sa.String, nullable=False),
        sa.Column("code", sa.String, nullable=True),
    )
    op.create_index("ix_patient_conditions_condition", "patient_conditions", ["condition", "patient_id"])
    op.create_index("ix_patient_conditions_patient", "patient_conditions", ["patient_id"])
    op.create_index("ix_patient_conditions_code", "patient_conditions", ["code", "patient_id"])
    op.create_table(
        "patient_phones",
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("digits", sa.String, nullable=False),
        sa.Column("reversed_digits", sa.String, nullable=False),
    )
    op.create_index("ix_patient_phones_digits", "patient_phones", ["digits"])
    op.create_index("ix_patient_phones_reversed", "patient_phones", ["reversed_digits"])
    op.create_index("ix_patient_phones_patient", "patient_phones", ["patient_id"])
    op.execute(
        "CREATE VIRTUAL TABLE patient_names USING fts5("
        "family, given, tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3')"
    )
    op.create_table(
        "saved_views",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        *_stamps(),
        sa.UniqueConstraint("staff_id", "name"),
    )


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
