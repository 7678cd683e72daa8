"""Allergies (migration 0003): one row per allergy, the pattern every clinical aggregate follows."""

from __future__ import annotations

from sqlalchemy import Column, Index, String, Table, Text

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata

allergies = Table(
    "allergies",
    metadata,
    *clinical_row_columns(),
    Column("substance", String, nullable=False),
    Column("category", String, nullable=True),
    Column("reactions", Text, nullable=False),  # JSON list of texts
    Column("severity", String, nullable=True),
    Column("code_system", String, nullable=True),
    Column("code", String, nullable=True),
    Index("ix_allergies_patient", "patient_id", "status"),
)
