"""Medication reconciliation (migration 0009): the session, its source lists, the nurse's decision on each
comparison line, the acknowledged warnings, and the practice's own interaction pairs.

A session in progress is worked on line by line; at sign-off its whole outcome (lines, findings, decisions,
the reconciled list) is frozen as JSON in `signed_record`, and the row never changes again. A correction is
a new session whose `corrects_id` names the one it corrects.
"""

from __future__ import annotations

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Text

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata, stamp_columns

med_reconciliations = Table(
    "med_reconciliations",
    metadata,
    *clinical_row_columns(),  # status: in_progress / signed
    Column("reason", String, nullable=False),
    Column("discharged_on", Date, nullable=True),
    Column("stay_id", Integer, ForeignKey("transition_stays.id"), nullable=True),
    Column("corrects_id", Integer, ForeignKey("med_reconciliations.id"), nullable=True),
    Column("interview_not_done_reason", Text, nullable=True),
    Column("interactions_unavailable_ack", Text, nullable=True),
    Column("checklist", Text, nullable=False),  # JSON list of the items the nurse ticked
    Column("signed_at", String, nullable=True),
    Column("signed_by", String, nullable=True),
    Column("signed_by_name", String, nullable=True),
    Column("signed_record", Text, nullable=True),  # JSON: the frozen outcome
    Index("ix_med_reconciliations_patient", "patient_id", "status"),
)

med_rec_sources = Table(
    "med_rec_sources",
    metadata,
    *clinical_row_columns(),
    Column("reconciliation_id", Integer, ForeignKey("med_reconciliations.id"), nullable=False),
    Column("kind", String, nullable=False),
    Column("provided_by", String, nullable=False),
    Column("obtained_on", Date, nullable=False),
    Column("medications", Text, nullable=False),  # JSON list of medications
    Column("imported_from", String, nullable=True),
    Column("unread", Text, nullable=True),  # JSON list: what an import could not read, and why
    Index("ix_med_rec_sources_session", "reconciliation_id"),
)

med_rec_decisions = Table(
    "med_rec_decisions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reconciliation_id", Integer, ForeignKey("med_reconciliations.id"), nullable=False),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("line_key", String, nullable=False),
    Column("decision", Text, nullable=False),  # JSON: resolution, intent, reasons, new values, double-check
    *stamp_columns(),
    Index("ux_med_rec_decisions_line", "reconciliation_id", "line_key", unique=True),
)

med_rec_acknowledgements = Table(
    "med_rec_acknowledgements",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("reconciliation_id", Integer, ForeignKey("med_reconciliations.id"), nullable=False),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("finding_key", String, nullable=False),
    Column("reason", Text, nullable=False),
    *stamp_columns(),
    Index("ux_med_rec_acknowledgements_finding", "reconciliation_id", "finding_key", unique=True),
)

practice_interaction_pairs = Table(
    "practice_interaction_pairs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("ingredient_a", String, nullable=False),
    Column("ingredient_b", String, nullable=False),
    Column("explanation", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    *stamp_columns(),
    Index("ux_practice_interaction_pairs", "ingredient_a", "ingredient_b", unique=True),
)
