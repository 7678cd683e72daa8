"""Patients: the validated record as JSON plus the columns the panel sorts and filters on.

The panel's queries are in patients_panel_repo.py and saved views in saved_views_repo.py (re-exported here).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from carecoord_desktop.domain.errors import NotFound, ValidationFailed
from carecoord_desktop.domain.patients import ProgramsWindow
from carecoord_desktop.storage import history, search
from carecoord_desktop.storage.clock import utc_now
from carecoord_desktop.storage.patients_panel_repo import (
    SORT_KEYS,
    PanelFilter,
    PanelRow,
    panel_count,
    panel_page,
    rows_by_id,
)
from carecoord_desktop.storage.saved_views_repo import delete_view, save_view, views_for
from carecoord_desktop.storage.schema import (
    patient_conditions,
    patient_phones,
    patient_records,
    patients,
)

__all__ = [
    "SORT_KEYS",
    "PanelFilter",
    "PanelRow",
    "PatientColumns",
    "StoredPatient",
    "add",
    "add_many",
    "delete_view",
    "get",
    "id_for_mrn",
    "panel_count",
    "panel_page",
    "possible_duplicates",
    "replace",
    "rows_by_id",
    "save_view",
    "versions",
    "views_for",
]


@dataclass(frozen=True)
class PatientColumns:
    """What services derive from a Patient for storage: panel columns and lookup rows."""

    mrn: str
    family_name: str
    given_name: str
    preferred_name: str | None
    sort_name: str
    date_of_birth: date
    phone: str | None
    coordinator_id: int | None
    pcp_id: int | None
    risk_tier: str | None
    risk_rank: int
    #: Every enrolment as (program, started_on, ended_on) (their rows: programs_repo), and what the
    #: Programs column shows on the day saved.
    enrolments: tuple[tuple[str, date, date | None], ...]
    programs: ProgramsWindow
    status: str
    conditions: tuple[tuple[str, str | None], ...]
    phone_digits: tuple[str, ...]
    names: search.NameEntry
    record_json: str


def _row_values(cols: PatientColumns, staff_names: dict[int, str]) -> dict[str, Any]:
    return {
        "mrn": cols.mrn,
        "family_name": cols.family_name,
        "given_name": cols.given_name,
        "preferred_name": cols.preferred_name,
        "sort_name": cols.sort_name,
        "date_of_birth": cols.date_of_birth,
        "phone": cols.phone,
        "coordinator_id": cols.coordinator_id,
        "coordinator_name": staff_names.get(cols.coordinator_id) if cols.coordinator_id else None,
        "pcp_id": cols.pcp_id,
        "pcp_name": staff_names.get(cols.pcp_id) if cols.pcp_id else None,
        "risk_tier": cols.risk_tier,
        "risk_rank": cols.risk_rank,
        "programs": ", ".join(p.upper() for p in cols.programs.programs),
        "programs_from": cols.programs.since,
        "programs_until": cols.programs.until,
        "status": cols.status,
    }


def _write_lookups(conn: Connection, patient_id: int, cols: PatientColumns) -> None:
    record = cols.record_json
    if not conn.execute(
        update(patient_records).where(patient_records.c.patient_id == patient_id).values(record=record)
    ).rowcount:
        conn.execute(insert(patient_records).values(patient_id=patient_id, record=record))
    conn.execute(delete(patient_conditions).where(patient_conditions.c.patient_id == patient_id))
    if cols.conditions:
        conn.execute(
            insert(patient_conditions),
            [{"patient_id": patient_id, "condition": c, "code": code} for c, code in cols.conditions],
        )
    search.index_phones(conn, patient_id, cols.phone_digits)
    search.index_names(conn, patient_id, cols.names)


@contextmanager
def _unique_mrn(mrn: str) -> Iterator[None]:
    """The unique index on the MRN is the last word: a clash becomes the plain error, never a crash."""
    try:
        yield
    except IntegrityError as exc:
        if "patients.mrn" not in str(exc.orig):
            raise
        message = f"Another patient already has MRN {mrn}."
        raise ValidationFailed(message, {"mrn": message}) from None


def add(conn: Connection, cols: PatientColumns, staff_names: dict[int, str], actor: str) -> int:
    now = utc_now()
    stamps = {"created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor}
    with _unique_mrn(cols.mrn):
        result = conn.execute(insert(patients).values(**_row_values(cols, staff_names), **stamps))
    pk = result.inserted_primary_key
    assert pk is not None
    patient_id = int(pk[0])
    _write_lookups(conn, patient_id, cols)
    return patient_id


def _insert_rows(conn: Connection, table: Table, columns: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """A plain executemany: for bulk loads, SQLAlchemy's per-row parameter handling costs more than SQLite."""
    if rows:
        marks = ", ".join("?" * len(columns))
        conn.exec_driver_sql(f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({marks})", rows)


def add_many(
    conn: Connection, rows: Sequence[PatientColumns], staff_names: dict[int, str], actor: str
) -> list[int]:
    """Bulk insert for the synthetic practice: one statement per table. Returns the new ids, in order."""
    now = utc_now()
    stamps = {"created_at": now, "created_by": actor, "updated_at": now, "updated_by": actor}
    start = int(conn.execute(select(func.coalesce(func.max(patients.c.id), 0))).scalar_one()) + 1
    values = [{"id": start + i, **_row_values(c, staff_names), **stamps} for i, c in enumerate(rows)]
    names = list(values[0]) if values else []
    # Dates as ISO text, exactly as SQLAlchemy's Date type stores them (no reliance on sqlite3's adapters).
    _insert_rows(
        conn,
        patients,
        names,
        [tuple(x.isoformat() if isinstance(x, date) else x for x in (v[n] for n in names)) for v in values],
    )
    _insert_rows(
        conn,
        patient_records,
        ("patient_id", "record"),
        [(start + i, c.record_json) for i, c in enumerate(rows)],
    )
    _insert_rows(
        conn,
        patient_conditions,
        ("patient_id", "condition", "code"),
        [(start + i, t, code) for i, c in enumerate(rows) for t, code in c.conditions],
    )
    _insert_rows(
        conn,
        patient_phones,
        ("patient_id", "digits", "reversed_digits"),
        [(start + i, d, d[::-1]) for i, c in enumerate(rows) for d in c.phone_digits],
    )
    search.index_names_bulk(conn, [(start + i, c.names) for i, c in enumerate(rows)])
    return [start + i for i in range(len(rows))]


def replace(
    conn: Connection, patient_id: int, cols: PatientColumns, staff_names: dict[int, str], actor: str
) -> None:
    """Keep the current version (panel row and record) in history, then write the new one."""
    previous = conn.execute(
        select(patient_records.c.record).where(patient_records.c.patient_id == patient_id)
    ).scalar_one()
    with _unique_mrn(cols.mrn):
        history.versioned_update(
            conn,
            patients,
            patient_id,
            _row_values(cols, staff_names),
            actor,
            patient_id=patient_id,
            extra={"record": previous},
        )
    _write_lookups(conn, patient_id, cols)


@dataclass(frozen=True)
class StoredPatient:
    id: int
    record: dict[str, Any]
    created_at: str
    created_by: str
    updated_at: str
    updated_by: str


def get(conn: Connection, patient_id: int) -> StoredPatient:
    row = conn.execute(
        select(
            patients.c.id,
            patient_records.c.record,
            patients.c.created_at,
            patients.c.created_by,
            patients.c.updated_at,
            patients.c.updated_by,
        )
        .join(patient_records, patient_records.c.patient_id == patients.c.id)
        .where(patients.c.id == patient_id)
    ).first()
    if row is None:
        raise NotFound(f"There is no patient #{patient_id}.")
    return StoredPatient(
        row.id, json.loads(row.record), row.created_at, row.created_by, row.updated_at, row.updated_by
    )


def id_for_mrn(conn: Connection, mrn: str) -> int | None:
    value = conn.execute(select(patients.c.id).where(patients.c.mrn == mrn)).scalar_one_or_none()
    return None if value is None else int(value)


def versions(conn: Connection, patient_id: int) -> list[dict[str, Any]]:
    return history.versions(conn, patients.name, patient_id)


def possible_duplicates(
    conn: Connection,
    *,
    mrn: str,
    family: str,
    birth_dates: Sequence[date],
    phone_digits: Sequence[str],
    exclude: int | None,
) -> list[int]:
    """Candidates for the duplicate check, each through an index (never a scan of every patient): the same
    MRN, a date of birth in `birth_dates` (as typed, and with day and month swapped), a shared phone number,
    the same normalized family name. The domain (domain/duplicates.py) judges each one."""
    lookups = [
        select(patients.c.id).where(patients.c.mrn == mrn),
        select(patients.c.id).where(patients.c.date_of_birth.in_(list(birth_dates))).limit(200),
        select(patients.c.id)
        .where(patients.c.sort_name >= family + " ", patients.c.sort_name < family + " \U0010ffff")
        .limit(100),
    ]
    if phone_digits:
        lookups.append(
            select(patient_phones.c.patient_id)
            .where(patient_phones.c.digits.in_(list(phone_digits)))
            .limit(50)
        )
    ids: dict[int, None] = {}
    for lookup in lookups:
        ids.update(dict.fromkeys(int(i) for i in conn.execute(lookup).scalars() if i != exclude))
    return list(ids)
