"""Follow-ups, appointments and care-gap decisions (migration 0010).

`appointments.about_table`/`about_id` name what a visit closes (a follow-up, a referral, a transition stay);
`follow_ups.serves`/`serves_id` what a follow-up is for. `care_gap_decisions` keeps a coordinator's answer to
each proposal (accepted with its follow-up, or dismissed with a reason), so a dismissed gap is not proposed
again.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata, stamp_columns

appointments = Table(
    "appointments",
    metadata,
    *clinical_row_columns(),  # status: booked, arrived, fulfilled, cancelled, no_show
    Column("about_table", String, nullable=True),
    Column("about_id", Integer, nullable=True),
    Column("appointment_on", Date, nullable=False),
    Column("start_time", String, nullable=True),  # HH:MM, practice-local; NULL: time not known
    Column("minutes", Integer, nullable=False),
    Column("kind", String, nullable=False),
    Column("with_whom", String, nullable=False),
    Column("location", String, nullable=False),
    Column("note", Text, nullable=True),
    Column("status_on", Date, nullable=True),
    Column("status_reason", Text, nullable=True),
    Index("ix_appointments_patient", "patient_id", "appointment_on"),
    Index("ix_appointments_day", "appointment_on", "status"),
    Index("ix_appointments_about", "about_table", "about_id"),
)

follow_ups = Table(
    "follow_ups",
    metadata,
    *clinical_row_columns(),  # status: open, scheduled, done, cancelled, no_show
    Column("reason", String, nullable=False),
    Column("due_from", Date, nullable=False),
    Column("due_to", Date, nullable=False),
    Column("owner_role", String, nullable=True),
    Column("owner_staff_id", Integer, ForeignKey("staff.id"), nullable=True),
    Column("serves", String, nullable=False),
    Column("serves_id", Integer, nullable=True),
    Column("note", Text, nullable=True),
    Column("appointment_id", Integer, ForeignKey("appointments.id"), nullable=True),
    Column("closed_on", Date, nullable=True),
    Column("close_reason", Text, nullable=True),
    Index("ix_follow_ups_patient", "patient_id", "status"),
    Index("ix_follow_ups_due", "status", "due_to"),
)

care_gap_decisions = Table(
    "care_gap_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("rule", String, nullable=False),
    Column("about_table", String, nullable=False),
    Column("about_id", Integer, nullable=False),
    Column("decision", String, nullable=False),  # accepted | dismissed
    Column("reason", Text, nullable=True),
    Column("follow_up_id", Integer, ForeignKey("follow_ups.id"), nullable=True),
    *stamp_columns(),
    UniqueConstraint("rule", "about_table", "about_id", name="uq_care_gap_decisions_gap"),
    Index("ix_care_gap_decisions_patient", "patient_id"),
)
