"""Contact attempts (migration 0007): one row per call, message or visit attempt, and what it serves.

`about_table`/`about_id` name the row the attempt serves (a transition stay now; a follow-up or referral
later); both are NULL for a general attempt.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata

contact_attempts = Table(
    "contact_attempts",
    metadata,
    *clinical_row_columns(),
    Column("about_table", String, nullable=True),
    Column("about_id", Integer, nullable=True),
    Column("attempted_on", Date, nullable=False),
    Column("channel", String, nullable=False),
    Column("outcome", String, nullable=False),
    Column("note", Text, nullable=True),
    Column("next_try_on", Date, nullable=True),
    Column("by_staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("by_name", String, nullable=False),
    Column(
        "target", String, nullable=True
    ),  # NULL: the patient; "specialist": a referral's specialist office
    Index("ix_contact_attempts_patient", "patient_id", "attempted_on"),
    Index("ix_contact_attempts_about", "about_table", "about_id"),
)
