"""The one MetaData every table module declares into, and the columns every kind of row shares.

A new aggregate's tables go in their own `schema_<aggregate>.py` (import `metadata` from here or from
`storage.schema`) and are created by an Alembic migration; tests/storage/test_schema_matches_migrations.py
checks the two agree.
"""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, Integer, MetaData, String

metadata = MetaData()


def stamp_columns() -> list[Column[object]]:
    """Who created and last changed the row, and when (UTC ISO text)."""
    return [
        Column("created_at", String, nullable=False),
        Column("created_by", String, nullable=False),
        Column("updated_at", String, nullable=False),
        Column("updated_by", String, nullable=False),
    ]


def clinical_row_columns() -> list[Column[object]]:
    """What every clinical row carries besides its facts: id, patient, status, entered-in-error, stamps.

    Clinical rows are never deleted: a mistake is marked entered-in-error with a reason, by whom and when,
    and every change keeps the previous version in record_history (storage/history.py)."""
    return [
        Column("id", Integer, primary_key=True),
        Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
        Column("status", String, nullable=False),
        Column("entered_in_error_reason", String, nullable=True),
        Column("entered_in_error_by", String, nullable=True),
        Column("entered_in_error_at", String, nullable=True),
        *stamp_columns(),
    ]
