"""Tables, as SQLAlchemy Core. Migrations in migrations/versions create them; this is what code queries.

Every table knows who created and last changed each row and when (UTC ISO text).
Clinical tables keep earlier versions in `record_history` (see history.py).
"""

from __future__ import annotations

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

metadata = MetaData()


def stamp_columns() -> list[Column[object]]:
    return [
        Column("created_at", String, nullable=False),
        Column("created_by", String, nullable=False),
        Column("updated_at", String, nullable=False),
        Column("updated_by", String, nullable=False),
    ]


meta = Table(
    "meta",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
    *stamp_columns(),
)

settings = Table(
    "settings",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", Text, nullable=False),
    *stamp_columns(),
)

staff = Table(
    "staff",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String, nullable=False, unique=True),
    Column("full_name", String, nullable=False),
    Column("role", String, nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("must_change_password", Boolean, nullable=False, default=False),
    Column("stay_signed_in", Boolean, nullable=False, default=False),
    *stamp_columns(),
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", String, nullable=False),
    Column("staff_id", Integer, nullable=True),
    Column("username", String, nullable=False),
    Column("action", String, nullable=False),
    Column("outcome", String, nullable=False),
    Column("patient_id", Integer, nullable=True),
    Column("subject", String, nullable=False),
    Column("detail", Text, nullable=False),
    Column("workstation", String, nullable=False),
    Column("prev_hash", String, nullable=False),
    Column("entry_hash", String, nullable=False),
)

audit_head = Table(
    "audit_head",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("seq", Integer, nullable=False),
    Column("entry_hash", String, nullable=False),
    Column("mac", String, nullable=False),
    Column("updated_at", String, nullable=False),
)

record_history = Table(
    "record_history",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("table_name", String, nullable=False),
    Column("record_id", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("operation", String, nullable=False),
    Column("data", Text, nullable=False),
    Column("changed_at", String, nullable=False),
    Column("changed_by", String, nullable=False),
    UniqueConstraint("table_name", "record_id", "version"),
)

drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("form_key", String, nullable=False),
    Column("payload", Text, nullable=False),
    *stamp_columns(),
    UniqueConstraint("staff_id", "form_key"),
)

# -- patients (migration 0002) -------------------------------------------------------------------
patients = Table(
    "patients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mrn", String, nullable=False, unique=True),
    Column("family_name", String, nullable=False),
    Column("given_name", String, nullable=False),
    Column("preferred_name", String, nullable=True),
    Column("sort_name", String, nullable=False),  # normalized "family given", for sorting and prefix lookups
    Column("date_of_birth", Date, nullable=False),
    Column("phone", String, nullable=True),  # first number on file, E.164
    Column("coordinator_id", Integer, ForeignKey("staff.id"), nullable=True),
    Column("coordinator_name", String, nullable=True),
    Column("pcp_id", Integer, ForeignKey("staff.id"), nullable=True),
    Column("pcp_name", String, nullable=True),
    Column("risk_tier", String, nullable=True),
    Column("risk_rank", Integer, nullable=False),
    Column("programs", String, nullable=False),
    Column("status", String, nullable=False),
    Column("next_due_on", Date, nullable=True),
    Column("next_due_label", String, nullable=True),
    Column("last_contact_on", Date, nullable=True),
    *stamp_columns(),
)

patient_records = Table(
    "patient_records",
    metadata,
    Column("patient_id", Integer, ForeignKey("patients.id"), primary_key=True),
    Column("record", Text, nullable=False),  # the whole validated Patient as JSON
)

patient_programs = Table(
    "patient_programs",
    metadata,
    Column("patient_id", Integer, ForeignKey("patients.id"), primary_key=True),
    Column("program", String, primary_key=True),
)

patient_conditions = Table(
    "patient_conditions",
    metadata,
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("condition", String, nullable=False),  # normalized text, for the condition filter
    Column("code", String, nullable=True),
)

patient_phones = Table(
    "patient_phones",
    metadata,
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("digits", String, nullable=False),  # national number, digits only
    Column("reversed_digits", String, nullable=False),  # for "last four digits" lookups through an index
)

saved_views = Table(
    "saved_views",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("name", String, nullable=False),
    Column("payload", Text, nullable=False),
    *stamp_columns(),
    UniqueConstraint("staff_id", "name"),
)
