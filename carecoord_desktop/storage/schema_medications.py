"""Medication lists (migration 0008_medications): one row per medication entry, versioned in record_history.

The structured columns are the ones lists, filters and printouts sort or select on (status, kind, RxCUI,
dates); `medication_ingredients` holds the normalized ingredient names of the current entries, indexed, so the
panel's "on a high-alert medication" filter is one indexed lookup rather than a scan of JSON text.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata

medications = Table(
    "medications",
    metadata,
    *clinical_row_columns(),  # status: active / on_hold / stopped
    Column("display", String, nullable=False),
    Column("rxnorm", String, nullable=True),
    Column("ingredients", Text, nullable=False),  # JSON list of lower-case ingredient names
    Column("strength", String, nullable=True),
    Column("form", String, nullable=True),
    Column("dose", String, nullable=True),
    Column("route", String, nullable=True),
    Column("frequency", String, nullable=True),
    Column("frequency_text", String, nullable=True),
    Column("prn", Boolean, nullable=False),
    Column("prn_reason", String, nullable=True),
    Column("indication", String, nullable=True),
    Column("prescriber", String, nullable=True),
    Column("start_date", Date, nullable=True),
    Column("last_dose_taken", String, nullable=True),  # ISO date-time as entered
    Column("actual_use", Text, nullable=True),
    Column("notes", Text, nullable=True),
    Column("kind", String, nullable=False),
    Column("hold_until", Date, nullable=True),
    Column("hold_reason", String, nullable=True),
    Column("stopped_on", Date, nullable=True),
    Column("stop_reason", String, nullable=True),
    Index("ix_medications_patient", "patient_id", "status"),
)

medication_ingredients = Table(
    "medication_ingredients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("medication_id", Integer, ForeignKey("medications.id"), nullable=False),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("ingredient", String, nullable=False),
    Index("ix_medication_ingredients_ingredient", "ingredient", "patient_id"),
    Index("ix_medication_ingredients_medication", "medication_id"),
)
