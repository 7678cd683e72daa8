"""Programme enrolments (migration 0003): CCM, PCM and TCM with consent, one clinical row each.

The table keeps its 0002 name, patient_programs; the panel's program filter and column read it against the
practice's today at query time."""

from __future__ import annotations

from sqlalchemy import Column, Date, Index, String, Table

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata

patient_programs = Table(
    "patient_programs",
    metadata,
    *clinical_row_columns(),
    Column("program", String, nullable=False),
    Column("started_on", Date, nullable=False),
    Column("consent_date", Date, nullable=True),
    Column("ended_on", Date, nullable=True),
    Index(
        "ix_patient_programs_program",
        "program",
        "entered_in_error_reason",
        "started_on",
        "ended_on",
        "patient_id",
    ),
    Index("ix_patient_programs_patient", "patient_id"),
)
