"""Tables, as SQLAlchemy Core: one `schema_<aggregate>.py` module each, re-exported here.

Migrations in migrations/versions create them; this is what code queries. Every table knows who created and
last changed each row and when (UTC ISO text). Clinical tables keep earlier versions in `record_history`
(see history.py). A new aggregate declares its tables into `metadata` (importable from here) in its own module.
"""

from __future__ import annotations

from carecoord_desktop.storage.schema_allergies import allergies
from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata, stamp_columns
from carecoord_desktop.storage.schema_care_plans import care_plan_reviews, care_plan_templates, care_plans
from carecoord_desktop.storage.schema_contact_attempts import contact_attempts
from carecoord_desktop.storage.schema_due_items import patient_due_items
from carecoord_desktop.storage.schema_followups import appointments, care_gap_decisions, follow_ups
from carecoord_desktop.storage.schema_medications import medication_ingredients, medications
from carecoord_desktop.storage.schema_patients import (
    patient_conditions,
    patient_phones,
    patient_records,
    patients,
    saved_views,
)
from carecoord_desktop.storage.schema_programs import patient_programs
from carecoord_desktop.storage.schema_reconciliations import (
    med_rec_acknowledgements,
    med_rec_decisions,
    med_rec_sources,
    med_reconciliations,
    practice_interaction_pairs,
)
from carecoord_desktop.storage.schema_system import (
    audit_head,
    audit_log,
    drafts,
    meta,
    record_history,
    settings,
    staff,
)
from carecoord_desktop.storage.schema_transitions import transition_stays, transition_tasks

__all__ = [
    "allergies",
    "appointments",
    "audit_head",
    "audit_log",
    "care_gap_decisions",
    "care_plan_reviews",
    "care_plan_templates",
    "care_plans",
    "clinical_row_columns",
    "contact_attempts",
    "drafts",
    "follow_ups",
    "med_rec_acknowledgements",
    "med_rec_decisions",
    "med_rec_sources",
    "med_reconciliations",
    "medication_ingredients",
    "medications",
    "meta",
    "metadata",
    "patient_conditions",
    "patient_due_items",
    "patient_phones",
    "patient_programs",
    "patient_records",
    "patients",
    "practice_interaction_pairs",
    "record_history",
    "saved_views",
    "settings",
    "staff",
    "stamp_columns",
    "transition_stays",
    "transition_tasks",
]
