"""The vault's own tables (migration 0001): meta, settings, staff, the audit trail, record history, drafts."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from carecoord_desktop.storage.schema_base import metadata, stamp_columns

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
    Index("ix_audit_username", "username", "seq"),
    Index("ix_audit_patient", "patient_id", "seq"),
    Index("ix_audit_action", "action", "seq"),
    Index("ix_audit_at", "at"),
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
    # The patient the row belongs to (migration 0003), so a chart shows one timeline across tables.
    Column("patient_id", Integer, nullable=True),
    UniqueConstraint("table_name", "record_id", "version"),
    Index("ix_record_history_patient", "patient_id", "changed_at"),
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
