"""Clinical data in its own tables: allergies and programme enrolments out of the record JSON (the program
column is then computed at query time), due items, and a patient id on record history.

The record JSON gets "schema_version": 2 (version 1 had no such key and carried clinical.allergies and
programs).
Frozen: this file does not import the app's code, so later changes to it cannot change what it does.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

import json
from datetime import date, timedelta

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

RECORD_SCHEMA_VERSION = 2


def _stamps():
    return [
        sa.Column("created_at", sa.String, nullable=False),
        sa.Column("created_by", sa.String, nullable=False),
        sa.Column("updated_at", sa.String, nullable=False),
        sa.Column("updated_by", sa.String, nullable=False),
    ]


def _schema() -> None:
    op.create_table(
        "allergies",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("entered_in_error_reason", sa.String, nullable=True),
        sa.Column("entered_in_error_by", sa.String, nullable=True),
        sa.Column("entered_in_error_at", sa.String, nullable=True),
        *_stamps(),
        sa.Column("substance", sa.String, nullable=False),
        sa.Column("category", sa.String, nullable=True),
        sa.Column("reactions", sa.Text, nullable=False),
        sa.Column("severity", sa.String, nullable=True),
        sa.Column("code_system", sa.String, nullable=True),
        sa.Column("code", sa.String, nullable=True),
    )
    op.create_index("ix_allergies_patient", "allergies", ["patient_id", "status"])
    op.create_table(
        "patient_due_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("due_on", sa.Date, nullable=False),
        sa.Column("kind", sa.String, nullable=False),
        sa.Column("source_table", sa.String, nullable=False),
        sa.Column("source_id", sa.Integer, nullable=False),
        sa.Column("label", sa.String, nullable=False),
        sa.Column("done", sa.Boolean, nullable=False),
        sa.Column("done_at", sa.String, nullable=True),
        *_stamps(),
        sa.UniqueConstraint("source_table", "source_id", "kind"),
    )
    op.create_index("ix_patient_due_items_patient", "patient_due_items", ["patient_id", "done", "due_on"])
    op.create_index("ix_patient_due_items_due", "patient_due_items", ["done", "due_on"])
    # Enrolments become clinical rows of their own (0002 kept them in the record JSON and listed only the
    # programs open on the day of saving here).
    op.drop_table("patient_programs")
    op.create_table(
        "patient_programs",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("patient_id", sa.Integer, sa.ForeignKey("patients.id"), nullable=False),
        sa.Column("status", sa.String, nullable=False),
        sa.Column("entered_in_error_reason", sa.String, nullable=True),
        sa.Column("entered_in_error_by", sa.String, nullable=True),
        sa.Column("entered_in_error_at", sa.String, nullable=True),
        *_stamps(),
        sa.Column("program", sa.String, nullable=False),
        sa.Column("started_on", sa.Date, nullable=False),
        sa.Column("consent_date", sa.Date, nullable=True),
        sa.Column("ended_on", sa.Date, nullable=True),
    )
    op.create_index(
        "ix_patient_programs_program",
        "patient_programs",
        ["program", "entered_in_error_reason", "started_on", "ended_on", "patient_id"],
    )
    op.create_index("ix_patient_programs_patient", "patient_programs", ["patient_id"])
    op.add_column("patients", sa.Column("programs_from", sa.Date, nullable=True))
    op.add_column("patients", sa.Column("programs_until", sa.Date, nullable=True))
    op.create_index("ix_patients_programs_from", "patients", ["programs_from"])
    op.create_index("ix_patients_programs_until", "patients", ["programs_until"])
    op.add_column("record_history", sa.Column("patient_id", sa.Integer, nullable=True))
    op.create_index("ix_record_history_patient", "record_history", ["patient_id", "changed_at"])


def _programs_on(enrolments: list[tuple[str, date, date | None]], today: date):
    """The open programs on `today` and the days between which that stays true (as the app computes it)."""
    open_now = sorted({p for p, start, end in enrolments if start <= today and (end is None or today <= end)})
    changes = [start for _, start, _ in enrolments] + [end + timedelta(days=1) for *_, end in enrolments if end]
    since = max((d for d in changes if d <= today), default=None)
    until = min((d for d in changes if d > today), default=None)
    return ", ".join(p.upper() for p in open_now), since, until


def _data() -> None:
    conn = op.get_bind()
    today = date.today()  # only a starting point: the app recomputes the program column against its clock
    rows = conn.execute(
        sa.text(
            "SELECT r.patient_id, r.record, p.updated_at, p.updated_by FROM patient_records r "
            "JOIN patients p ON p.id = r.patient_id"
        )
    ).fetchall()
    for patient_id, raw, updated_at, updated_by in rows:
        record = json.loads(raw)
        clinical = record.get("clinical") or {}
        for allergy in clinical.pop("allergies", None) or []:
            conn.execute(
                sa.text(
                    "INSERT INTO allergies (patient_id, status, substance, category, reactions, severity, "
                    "code_system, code, created_at, created_by, updated_at, updated_by) VALUES (:patient_id, "
                    "'active', :substance, :category, :reactions, :severity, NULL, NULL, :at, :by, :at, :by)"
                ),
                {
                    "patient_id": patient_id,
                    "substance": allergy["substance"],
                    "category": allergy.get("category"),
                    "reactions": json.dumps(allergy.get("reactions") or [], ensure_ascii=False),
                    "severity": allergy.get("severity"),
                    "at": updated_at,
                    "by": updated_by,
                },
            )
        if "clinical" in record:
            record["clinical"] = clinical
        programs = record.pop("programs", None) or []
        record["schema_version"] = RECORD_SCHEMA_VERSION
        conn.execute(
            sa.text("UPDATE patient_records SET record = :record WHERE patient_id = :id"),
            {"record": json.dumps(record, ensure_ascii=False), "id": patient_id},
        )
        enrolments = [
            (
                e["program"],
                date.fromisoformat(e["started_on"]),
                date.fromisoformat(e["ended_on"]) if e.get("ended_on") else None,
            )
            for e in programs
        ]
        for enrolment in programs:
            conn.execute(
                sa.text(
                    "INSERT INTO patient_programs (patient_id, status, program, started_on, consent_date, "
                    "ended_on, created_at, created_by, updated_at, updated_by) VALUES (:id, 'active', :program, "
                    ":start, :consent, :end, :at, :by, :at, :by)"
                ),
                {
                    "id": patient_id,
                    "program": enrolment["program"],
                    "start": enrolment["started_on"],
                    "consent": enrolment.get("consent_date"),
                    "end": enrolment.get("ended_on"),
                    "at": updated_at,
                    "by": updated_by,
                },
            )
        text, since, until = _programs_on(enrolments, today)
        conn.execute(
            sa.text(
                "UPDATE patients SET programs = :text, programs_from = :since, programs_until = :until "
                "WHERE id = :id"
            ),
            {"text": text, "since": since and since.isoformat(), "until": until and until.isoformat(), "id": patient_id},
        )
    # Record history is append-only; lift the guard for this one backfill, inside the migration's transaction.
    op.execute("DROP TRIGGER record_history_no_update")
    op.execute("UPDATE record_history SET patient_id = record_id WHERE table_name = 'patients'")
    op.execute(
        "CREATE TRIGGER record_history_no_update BEFORE UPDATE ON record_history "
        "BEGIN SELECT RAISE(ABORT, 'record history is append-only'); END"
    )


def upgrade() -> None:
    _schema()
    _data()


def downgrade() -> None:
    raise RuntimeError("CareCoord vaults are never downgraded; restore the copy taken before migrating.")
