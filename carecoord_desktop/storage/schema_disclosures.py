"""The disclosure log (migration 0005): every print or save of a patient document, for the accounting of
disclosures (45 CFR 164.528). Rows are never changed or deleted; HIPAA keeps them six years at least."""

from __future__ import annotations

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, String, Table

from carecoord_desktop.storage.schema import metadata, stamp_columns

disclosures = Table(
    "disclosures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("disclosed_at", String, nullable=False),  # UTC ISO, from the practice clock
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("staff_name", String, nullable=False),
    Column("delivery", String, nullable=False),  # print | save
    Column("document", String, nullable=False),  # a document key (documents/registry.py)
    Column("clinical", Boolean, nullable=False),  # whether the copy carried clinical content
    Column("language", String, nullable=False),
    Column("large_print", Boolean, nullable=False),
    Column("recipient_kind", String, nullable=False),
    Column("recipient_name", String, nullable=True),
    Column("purpose", String, nullable=False),
    Column("purpose_text", String, nullable=True),
    Column("page_count", Integer, nullable=False),
    Column("sha256", String, nullable=False),
    Column("audit_seq", Integer, nullable=True),  # the audit entry that records it
    *stamp_columns(),
)

Index("ix_disclosures_patient", disclosures.c.patient_id, disclosures.c.disclosed_at)
