"""Transitions of care (migration 0007): one row per hospital stay, ED visit, observation or SNF stay, and
the discharge checklist of a qualifying discharge (one row per task, with its owner and due date).

The row holds the stay as entered (facility, dates, type, disposition, diagnoses, the LACE and HOSPITAL inputs,
each nullable where "not known" is an answer) and the days its TCM work was done. The TCM deadlines
themselves are computed (domain/transitions.py) and mirrored in patient_due_items for the panel.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, Float, ForeignKey, Index, Integer, String, Table, Text

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata, stamp_columns

transition_stays = Table(
    "transition_stays",
    metadata,
    *clinical_row_columns(),
    Column("kind", String, nullable=False),
    Column("facility_id", Integer, ForeignKey("directory_entries.id"), nullable=True),
    Column("facility_name", String, nullable=False),
    Column("admitted_on", Date, nullable=False),
    Column("discharged_on", Date, nullable=False),
    Column("admission_type", String, nullable=True),
    Column("disposition", String, nullable=False),
    Column("diagnoses", Text, nullable=False),  # JSON list of texts
    Column("ed_visits_6m", Integer, nullable=True),
    Column("admissions_12m", Integer, nullable=True),
    Column("summary_received_on", Date, nullable=True),
    Column("complexity", String, nullable=False),
    Column("charlson_items", Text, nullable=True),  # JSON list; NULL: not assessed
    Column("haemoglobin_g_dl", Float, nullable=True),
    Column("sodium_mmol_l", Float, nullable=True),
    Column("oncology_service", Boolean, nullable=True),
    Column("procedure_during_stay", Boolean, nullable=True),
    Column("note", Text, nullable=True),
    Column("contact_on", Date, nullable=True),
    Column("visit_on", Date, nullable=True),
    Column("med_rec_on", Date, nullable=True),
    Index("ix_transition_stays_patient", "patient_id", "discharged_on"),
    Index("ix_transition_stays_discharged", "discharged_on"),
)

transition_tasks = Table(
    "transition_tasks",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("stay_id", Integer, ForeignKey("transition_stays.id"), nullable=False),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("task", String, nullable=False),
    Column("owner_role", String, nullable=False),
    Column("due_on", Date, nullable=False),
    Column("done_on", Date, nullable=True),
    Column("done_by", String, nullable=True),
    *stamp_columns(),
    Index("ix_transition_tasks_stay", "stay_id"),
)
