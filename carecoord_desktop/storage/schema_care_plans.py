"""Care plans (migration 0011): one row per version of a patient's plan, its reviews, and the practice's
condition templates.

A plan version holds the nine CMS elements as one JSON document (domain/care_plans.py CarePlan), with its
next review date beside it so the panel and the batch printout can find plans due a review in SQL. A
revision inserts the next version and marks the one before superseded; a correction edits the current
version in place (the previous text goes to record_history). Templates are the practice's own copies of the
default templates (resources/care_plan_templates), edited in Admin; a plan copies what it takes from them.
"""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text

from carecoord_desktop.storage.schema_base import clinical_row_columns, metadata, stamp_columns

care_plans = Table(
    "care_plans",
    metadata,
    *clinical_row_columns(),
    Column("version", Integer, nullable=False),
    Column("plan", Text, nullable=False),  # JSON: domain CarePlan
    Column("next_review_on", Date, nullable=False),
    Column("changes", Text, nullable=True),  # what a revision changed
    Column("supersedes_id", Integer, ForeignKey("care_plans.id"), nullable=True),
    Column("copy_given_on", Date, nullable=True),
    Index("ix_care_plans_patient", "patient_id", "status"),
    Index("ix_care_plans_review", "status", "next_review_on"),
)

care_plan_reviews = Table(
    "care_plan_reviews",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("plan_id", Integer, ForeignKey("care_plans.id"), nullable=False),
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("reviewed_on", Date, nullable=False),
    Column("reviewer", String, nullable=False),
    Column("progress", Text, nullable=False),  # JSON: goal progress
    Column("note", Text, nullable=True),
    Column("next_review_on", Date, nullable=False),
    *stamp_columns(),
    Index("ix_care_plan_reviews_plan", "plan_id"),
)

care_plan_templates = Table(
    "care_plan_templates",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String, nullable=False, unique=True),
    Column("status", String, nullable=False),  # active, retired
    Column("template", Text, nullable=False),  # JSON: domain CarePlanTemplate
    *stamp_columns(),
)
