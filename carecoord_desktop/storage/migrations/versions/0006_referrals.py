"""Referrals: the outside-provider directory, referrals and their details, transitions, outreach, saved views.

Revision ID: 0006
Revises: 0005 (re-chained by the integrator after 0003-0005)
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
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
        "directory_entries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("search_text", sa.String, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("specialty", sa.String, nullable=True),
        sa.Column("npi", sa.String, nullable=True),
        sa.Column("phone", sa.String, nullable=True),
        sa.Column("fax", sa.String, nullable=True),
        sa.Column("address", sa.String, nullable=True),
        sa.Column("intake", sa.String, nullable=False),
        sa.Column("typical_wait_days", sa.Integer, nullable=True),
        sa.Column("notes", sa.Text, nullable=True),
        sa.Column("active", sa.Boolean, nullable=False),
        *_stamps(),
    )
    op.create_index("ix_directory_name", "directory_entries", ["name"])
    op.create_table(
        "referrals",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("directory_id", sa.Integer, sa.ForeignKey("directory_entries.id"), nullable=False),
        sa.Column("specialty", sa.String, nullable=False),
        sa.Column("reason", sa.String, nullable=False),
        sa.Column("urgency", sa.String, nullable=False),
        sa.Column("requested_by", sa.Date, nullable=False),
        sa.Column("referring_provider_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("coordinator_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=True),
        sa.Column("prior_auth_needed", sa.Boolean, nullable=False),
        sa.Column("prior_auth_number", sa.String, nullable=True),
        sa.Column("prior_auth_status", sa.String, nullable=True),
        sa.Column("prior_auth_expires", sa.Date, nullable=True),
        sa.Column("state", sa.String, nullable=False),
        sa.Column("state_rank", sa.Integer, nullable=False),
        sa.Column("is_open", sa.Boolean, nullable=False),
        sa.Column("state_since", sa.Date, nullable=False),
        sa.Column("next_action", sa.String, nullable=True),
        sa.Column("next_action_due", sa.Date, nullable=True),
        sa.Column("escalate_on", sa.Date, nullable=True),
        sa.Column("referred_on", sa.Date, nullable=False),
        sa.Column("sent_on", sa.Date, nullable=True),
        sa.Column("appointment_on", sa.Date, nullable=True),
        sa.Column("appointment_time", sa.String, nullable=True),
        sa.Column("visit_on", sa.Date, nullable=True),
        sa.Column("report_on", sa.Date, nullable=True),
        sa.Column("closed_on", sa.Date, nullable=True),
        sa.Column("patient_told_how", sa.String, nullable=True),
        sa.Column("failed_patient_attempts", sa.Integer, nullable=False),
        sa.Column("rerouted_from", sa.Integer, sa.ForeignKey("referrals.id"), nullable=True),
        sa.Column("entered_in_error", sa.Boolean, nullable=False),
        *_stamps(),
    )
    # The worklist (storage/referral_worklist_repo.py): open referrals in group order, and open referrals by
    # due date (what needs action today), each with every filter column (covering: counts never read rows);
    # and one person's referrals.
    for name, cols in {
        "ix_referrals_open": [
            "is_open", "state_rank", "next_action_due", "urgency", "specialty", "coordinator_id",
            "referring_provider_id", "referred_on", "requested_by", "entered_in_error",
        ],
        "ix_referrals_due": [
            "is_open", "next_action_due", "entered_in_error", "state_rank", "urgency", "specialty",
            "coordinator_id", "referring_provider_id", "referred_on", "requested_by",
        ],
        "ix_referrals_coordinator": ["coordinator_id", "is_open", "state_rank", "next_action_due"],
        "ix_referrals_provider": ["referring_provider_id", "is_open", "state_rank", "next_action_due"],
        "ix_referrals_patient": ["patient_id", "is_open"],
        "ix_referrals_referred_on": ["referred_on"],
    }.items():
        op.create_index(name, "referrals", cols)
    op.create_table(
        "referral_details",
        sa.Column("referral_id", sa.Integer, sa.ForeignKey("referrals.id"), primary_key=True),
        sa.Column("clinical_question", sa.Text, nullable=False),
        sa.Column("clinical_info", sa.Text, nullable=False),
        sa.Column("report_summary", sa.Text, nullable=True),
        sa.Column("review_note", sa.Text, nullable=True),
    )
    op.create_table(
        "referral_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("referral_id", sa.Integer, sa.ForeignKey("referrals.id"), nullable=False),
        sa.Column("from_state", sa.String, nullable=True),
        sa.Column("to_state", sa.String, nullable=False),
        sa.Column("event_on", sa.Date, nullable=False),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("by_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("by_name", sa.String, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_referral_events_referral", "referral_events", ["referral_id", "id"])
    op.create_table(
        "referral_outreach",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("referral_id", sa.Integer, sa.ForeignKey("referrals.id"), nullable=False),
        sa.Column("target", sa.String, nullable=False),
        sa.Column("channel", sa.String, nullable=False),
        sa.Column("outcome", sa.String, nullable=False),
        sa.Column("successful", sa.Boolean, nullable=False),
        sa.Column("note", sa.Text, nullable=False),
        sa.Column("next_try_on", sa.Date, nullable=True),
        sa.Column("at", sa.String, nullable=False),
        sa.Column("by_staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("by_name", sa.String, nullable=False),
    )
    op.create_index("ix_referral_outreach_referral", "referral_outreach", ["referral_id", "id"])
    op.create_table(
        "referral_views",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("staff_id", sa.Integer, sa.ForeignKey("staff.id"), nullable=False),
        sa.Column("name", sa.String, nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        *_stamps(),
        sa.UniqueConstraint("staff_id", "name"),
    )


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
