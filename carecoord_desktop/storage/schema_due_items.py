"""Due items (migration 0003): anything with a due date, one row per (source row, kind).

Features write them in the same transaction as their own rows (storage/due_items_repo.py); the panel's
"Next due" reads the earliest open one; "overdue" is computed at query time against the practice's today.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, UniqueConstraint

from carecoord_desktop.storage.schema_base import metadata, stamp_columns

patient_due_items = Table(
    "patient_due_items",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("due_on", Date, nullable=False),
    Column("kind", String, nullable=False),  # e.g. "referral.report", "tcm.contact", "follow_up"
    Column("source_table", String, nullable=False),
    Column("source_id", Integer, nullable=False),
    Column("label", String, nullable=False),  # what the panel shows beside the date
    Column("done", Boolean, nullable=False, default=False),
    Column("done_at", String, nullable=True),
    *stamp_columns(),
    UniqueConstraint("source_table", "source_id", "kind"),
    Index("ix_patient_due_items_patient", "patient_id", "done", "due_on"),
    Index("ix_patient_due_items_due", "done", "due_on"),
)
