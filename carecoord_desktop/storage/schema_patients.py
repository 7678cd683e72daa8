"""Patients (migrations 0002, 0003): identity record JSON, panel columns, lookups, saved views."""

from __future__ import annotations

from sqlalchemy import Column, Date, ForeignKey, Index, Integer, String, Table, Text, UniqueConstraint

from carecoord_desktop.storage.schema_base import metadata, stamp_columns

patients = Table(
    "patients",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("mrn", String, nullable=False, unique=True),
    Column("family_name", String, nullable=False),
    Column("given_name", String, nullable=False),
    Column("preferred_name", String, nullable=True),
    Column("sort_name", String, nullable=False),  # normalized "family given", for sorting and prefix lookups
    Column("date_of_birth", Date, nullable=False),
    Column("phone", String, nullable=True),  # first number on file, E.164
    Column("coordinator_id", Integer, ForeignKey("staff.id"), nullable=True),
    Column("coordinator_name", String, nullable=True),
    Column("pcp_id", Integer, ForeignKey("staff.id"), nullable=True),
    Column("pcp_name", String, nullable=True),
    Column("risk_tier", String, nullable=True),
    Column("risk_rank", Integer, nullable=False),
    # The programs open on any day in [programs_from, programs_until): a sort key only, recomputed before
    # every panel query whose today falls outside that range (patients_panel_repo.refresh_programs).
    Column("programs", String, nullable=False),
    Column("status", String, nullable=False),
    # The earliest open due item (patient_due_items), kept current by due_items_repo; "overdue" is computed
    # at query time against the practice's today.
    Column("next_due_on", Date, nullable=True),
    Column("next_due_label", String, nullable=True),
    Column("last_contact_on", Date, nullable=True),
    *stamp_columns(),
    Column("programs_from", Date, nullable=True),
    Column("programs_until", Date, nullable=True),
    # The readmission risk of the latest hospital stay (migration 0013, storage/readmission_repo.py): the band's
    # rank (3 high, 2 intermediate, 1 low, 0 not scorable yet; NULL no hospital stay) and what the panel shows.
    Column("readmission_rank", Integer, nullable=True),
    Column("readmission_risk", String, nullable=True),
    Index("ix_patients_sort_name", "sort_name", "id"),
    Index("ix_patients_dob", "date_of_birth", "sort_name"),
    Index("ix_patients_coordinator", "coordinator_id", "status", "sort_name"),
    Index("ix_patients_coordinator_name", "coordinator_name", "sort_name"),
    Index("ix_patients_pcp", "pcp_id", "status", "sort_name"),
    Index("ix_patients_pcp_name", "pcp_name", "sort_name"),
    Index("ix_patients_risk_tier", "risk_tier", "status", "sort_name"),
    Index("ix_patients_risk", "risk_rank", "sort_name"),
    Index("ix_patients_status", "status", "sort_name"),
    Index("ix_patients_programs", "programs", "sort_name"),
    Index("ix_patients_phone", "phone", "sort_name"),
    Index("ix_patients_next_due", "next_due_on", "sort_name"),
    Index("ix_patients_last_contact", "last_contact_on", "sort_name"),
    Index("ix_patients_programs_from", "programs_from"),
    Index("ix_patients_programs_until", "programs_until"),
    Index("ix_patients_readmission", "readmission_rank", "sort_name"),
)

patient_records = Table(
    "patient_records",
    metadata,
    Column("patient_id", Integer, ForeignKey("patients.id"), primary_key=True),
    # The validated Patient as JSON with its "schema_version"; allergies live in their own table.
    Column("record", Text, nullable=False),
)

patient_conditions = Table(
    "patient_conditions",
    metadata,
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("condition", String, nullable=False),  # normalized text, for the condition filter
    Column("code", String, nullable=True),
    Index("ix_patient_conditions_condition", "condition", "patient_id"),
    Index("ix_patient_conditions_patient", "patient_id"),
    Index("ix_patient_conditions_code", "code", "patient_id"),
)

patient_phones = Table(
    "patient_phones",
    metadata,
    Column("patient_id", Integer, ForeignKey("patients.id"), nullable=False),
    Column("digits", String, nullable=False),  # national number, digits only
    Column("reversed_digits", String, nullable=False),  # for "last four digits" lookups through an index
    Index("ix_patient_phones_digits", "digits"),
    Index("ix_patient_phones_reversed", "reversed_digits"),
    Index("ix_patient_phones_patient", "patient_id"),
)

saved_views = Table(
    "saved_views",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("staff_id", Integer, ForeignKey("staff.id"), nullable=False),
    Column("name", String, nullable=False),
    Column("payload", Text, nullable=False),
    *stamp_columns(),
    UniqueConstraint("staff_id", "name"),
)
