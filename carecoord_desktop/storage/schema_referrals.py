"""Referral tables (migration 0006): the outside-provider directory, referrals, their transitions (outreach: contact_attempts, migration 0010).

Logistics columns (what the front desk may see and the worklist sorts on) live in `referrals`; the clinical
detail (clinical question, information sent, the report's summary) lives in `referral_details`.
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from carecoord_desktop.storage.schema import metadata, stamp_columns

directory_entries = Table(
    "directory_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String, nullable=False),
    Column("search_text", String, nullable=False),  # folded name, specialty and NPI for search as you type
    Column("kind", String, nullable=False),
    Column("specialty", String, nullable=True),
    Column("npi", String, nullable=True),
    Column("phone", String, nullable=True),
    Column("fax", String, nullable=True),
    Column("address", String, nullable=True),
    Column("intake", String, nullable=False),
    Column("typical_wait_days", Integer, nullable=True),
    Column("notes", Text, nullable=True),
    Column("active", Boolean, nullable=False),
    *stamp_columns(),
    Index("ix_directory_name", "name"),
)

referrals = Table(
    "referrals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("directory_id", Integer, ForeignKey("directory_entries.id"), nullable=False),
    Column("specialty", String, nullable=False),
    Column("reason", String, nullable=False),  # the reason for referral: front desk sees it
    Column("urgency", String, nullable=False),
    Column("requested_by", Date, nullable=False),
    Column("referring_provider_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("coordinator_id", Integer, ForeignKey("staff.id"), nullable=True),
    Column("prior_auth_needed", Boolean, nullable=False),
    Column("prior_auth_number", String, nullable=True),
    Column("prior_auth_status", String, nullable=True),
    Column("prior_auth_expires", Date, nullable=True),
    Column("state", String, nullable=False),
    Column("state_rank", Integer, nullable=False),  # the state's group order in the worklist
    Column("is_open", Boolean, nullable=False),
    Column("state_since", Date, nullable=False),
    Column("next_action", String, nullable=True),
    Column("next_action_due", Date, nullable=True),
    Column("escalate_on", Date, nullable=True),
    Column("referred_on", Date, nullable=False),
    Column("sent_on", Date, nullable=True),
    Column("appointment_on", Date, nullable=True),
    Column("appointment_time", String, nullable=True),
    Column("visit_on", Date, nullable=True),
    Column("report_on", Date, nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("patient_told_how", String, nullable=True),
    Column("failed_patient_attempts", Integer, nullable=False),
    Column("rerouted_from", Integer, ForeignKey("referrals.id"), nullable=True),
    Column("entered_in_error", Boolean, nullable=False),
    *stamp_columns(),
)

referral_details = Table(
    "referral_details",
    metadata,
    Column("referral_id", Integer, ForeignKey("referrals.id"), primary_key=True),
    Column("clinical_question", Text, nullable=False),
    Column(
        "clinical_info", Text, nullable=False
    ),  # JSON: problems, medications, allergies, attachments noted
    Column("report_summary", Text, nullable=True),
    Column("review_note", Text, nullable=True),
)

referral_events = Table(
    "referral_events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("referral_id", Integer, ForeignKey("referrals.id"), nullable=False),
    Column("from_state", String, nullable=True),
    Column("to_state", String, nullable=False),
    Column("event_on", Date, nullable=False),  # the day it happened (may be earlier than `at`)
    Column("at", String, nullable=False),  # when it was recorded (UTC), from the practice clock
    Column("by_staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("by_name", String, nullable=False),
    Column("note", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

referral_views = Table(
    "referral_views",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("name", String, nullable=False),
    Column("payload", Text, nullable=False),
    *stamp_columns(),
    UniqueConstraint("staff_id", "name"),
)

# The worklist's indexes (storage/referral_worklist_repo.py): open referrals in group order, and open referrals by
# due date, each covering every filter column; and one person's referrals. As migration 0006 creates them.
REFERRAL_INDEXES: dict[str, list[str]] = {
    "ix_referrals_open": [
        "is_open",
        "state_rank",
        "next_action_due",
        "urgency",
        "specialty",
        "coordinator_id",
        "referring_provider_id",
        "referred_on",
        "requested_by",
        "entered_in_error",
    ],
    "ix_referrals_due": [
        "is_open",
        "next_action_due",
        "entered_in_error",
        "state_rank",
        "urgency",
        "specialty",
        "coordinator_id",
        "referring_provider_id",
        "referred_on",
        "requested_by",
    ],
    "ix_referrals_coordinator": ["coordinator_id", "is_open", "state_rank", "next_action_due"],
    "ix_referrals_provider": ["referring_provider_id", "is_open", "state_rank", "next_action_due"],
    "ix_referrals_patient": ["patient_id", "is_open"],
    "ix_referrals_referred_on": ["referred_on"],
}
for _name, _columns in REFERRAL_INDEXES.items():
    Index(_name, *(referrals.c[c] for c in _columns))
Index("ix_referral_events_referral", referral_events.c.referral_id, referral_events.c.id)
