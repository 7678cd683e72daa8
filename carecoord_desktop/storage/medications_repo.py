"""Medication entries: one row each, versioned in record_history on every change, never deleted.

Each entry's ingredient names are kept twice: as JSON on the row (what the entry says, versioned with it) and,
while the entry is current (active or on hold, not entered in error), as rows of `medication_ingredients`
(rewritten with every change). The panel's high-alert filter reads only that index, never the entries: a
lookup per name, not a visit to every matching entry (seconds at 100,000 patients).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Connection, Select, case, delete, func, insert, or_, select, union

from carecoord_desktop.domain.errors import NotFound, RecordUnreadable
from carecoord_desktop.domain.medication_records import CURRENT_STATUSES, MedicationRecord
from carecoord_desktop.domain.medications import Medication, MedicationStatus
from carecoord_desktop.domain.validation import DEFAULT_RULES
from carecoord_desktop.storage import history
from carecoord_desktop.storage.clinical_rows import (
    entered_in_error_of,
    entered_in_error_values,
    new_stamps,
    stamps_of,
)
from carecoord_desktop.storage.schema import medication_ingredients, medications

_FACTS = (
    "display",
    "rxnorm",
    "strength",
    "form",
    "dose",
    "route",
    "frequency_text",
    "prn",
    "prn_reason",
    "indication",
    "prescriber",
    "start_date",
    "actual_use",
    "notes",
    "hold_until",
    "hold_reason",
    "stopped_on",
    "stop_reason",
)
_STORED = DEFAULT_RULES.for_stored().context()


def _values(medication: Medication) -> dict[str, Any]:
    """The row's columns for `medication` (its status is the row's status)."""
    return {
        **{name: getattr(medication, name) for name in _FACTS},
        "ingredients": json.dumps(list(medication.ingredients), ensure_ascii=False),
        "frequency": medication.frequency.value if medication.frequency else None,
        "last_dose_taken": medication.last_dose_taken.isoformat() if medication.last_dose_taken else None,
        "kind": medication.kind.value,
        "status": medication.status.value,
    }


def medication_of(row: Any) -> Medication:
    """The medicine a stored row (or a version of one in history) says, read without input rules."""
    data = {name: row[name] for name in _FACTS}
    data.update(
        ingredients=json.loads(row["ingredients"]),
        frequency=row["frequency"],
        last_dose_taken=datetime.fromisoformat(row["last_dose_taken"]) if row["last_dose_taken"] else None,
        kind=row["kind"],
        status=row["status"],
    )
    return Medication.model_validate(data, context=_STORED)


def _record(row: Any) -> MedicationRecord:
    try:
        return MedicationRecord(
            id=row.id,
            patient_id=row.patient_id,
            medication=medication_of(row._mapping),
            entered_in_error=entered_in_error_of(row),
            stamps=stamps_of(row),
        )
    except (ValidationError, ValueError) as exc:
        raise RecordUnreadable(
            f"Medication entry #{row.id} could not be read: it is damaged or was saved by a newer version "
            "of CareCoord."
        ) from exc


_CURRENT = (
    medications.c.status.in_([s.value for s in CURRENT_STATUSES]),
    medications.c.entered_in_error_reason.is_(None),
)
#: active first, then on hold, then stopped; alphabetical within each
_LIST_ORDER = (
    case(
        (medications.c.status == MedicationStatus.ACTIVE.value, 0),
        (medications.c.status == MedicationStatus.ON_HOLD.value, 1),
        else_=2,
    ),
    func.lower(medications.c.display),
    medications.c.id,
)


def for_patient(conn: Connection, patient_id: int, *, include_all: bool = False) -> list[MedicationRecord]:
    """The patient's current list (active and on hold), or every entry (stopped and in error too)."""
    query = select(medications).where(medications.c.patient_id == patient_id).order_by(*_LIST_ORDER)
    if not include_all:
        query = query.where(*_CURRENT)
    return [_record(row) for row in conn.execute(query)]


def get(conn: Connection, medication_id: int) -> MedicationRecord:
    row = conn.execute(select(medications).where(medications.c.id == medication_id)).first()
    if row is None:
        raise NotFound(f"There is no medication entry #{medication_id}.")
    return _record(row)


def _index_ingredients(conn: Connection, rows: Iterable[tuple[int, int, Medication]]) -> None:
    """Index the ingredients of the current entries among `rows` (medication id, patient id, medicine)."""
    values = [
        {"medication_id": medication_id, "patient_id": patient_id, "ingredient": ingredient}
        for medication_id, patient_id, medication in rows
        if medication.status in CURRENT_STATUSES
        for ingredient in medication.ingredients
    ]
    if values:
        conn.execute(insert(medication_ingredients), values)


def _unindex(conn: Connection, medication_id: int) -> None:
    conn.execute(
        delete(medication_ingredients).where(medication_ingredients.c.medication_id == medication_id)
    )


def add(conn: Connection, patient_id: int, medication: Medication, actor: str) -> int:
    result = conn.execute(
        insert(medications).values(patient_id=patient_id, **_values(medication), **new_stamps(actor))
    )
    pk = result.inserted_primary_key
    assert pk is not None
    medication_id = int(pk[0])
    _index_ingredients(conn, [(medication_id, patient_id, medication)])
    return medication_id


def add_many(conn: Connection, rows: Sequence[tuple[int, Medication]], actor: str) -> None:
    """Bulk insert for the demo and synthetic practices (one statement for the rows, one for ingredients)."""
    if not rows:
        return
    stamps = new_stamps(actor)
    first = conn.execute(select(func.coalesce(func.max(medications.c.id), 0))).scalar_one() + 1
    conn.execute(
        insert(medications),
        [{"id": first + i, "patient_id": p, **_values(m), **stamps} for i, (p, m) in enumerate(rows)],
    )
    _index_ingredients(conn, [(first + i, p, m) for i, (p, m) in enumerate(rows)])


def update(conn: Connection, medication_id: int, medication: Medication, actor: str) -> None:
    """A new version of the entry (the old one goes to history); its indexed ingredients follow."""
    history.versioned_update(conn, medications, medication_id, _values(medication), actor)
    _unindex(conn, medication_id)
    row = conn.execute(
        select(medications.c.patient_id, medications.c.entered_in_error_reason).where(
            medications.c.id == medication_id
        )
    ).one()
    if row.entered_in_error_reason is None:
        _index_ingredients(conn, [(medication_id, row.patient_id, medication)])


def mark_entered_in_error(conn: Connection, medication_id: int, reason: str, actor: str) -> None:
    history.versioned_update(conn, medications, medication_id, entered_in_error_values(reason, actor), actor)
    _unindex(conn, medication_id)


def versions(conn: Connection, patient_id: int) -> dict[int, list[dict[str, Any]]]:
    """Earlier versions of each of the patient's entries, by entry id, oldest first."""
    return history.patient_versions(conn, patient_id, medications.name)


def _names_containing(words: Sequence[str]) -> Select[Any]:
    """The distinct indexed ingredient names containing one of `words`, found by stepping through the index
    from one name to the next (a seek per distinct name) rather than reading every row."""
    mi = medication_ingredients
    names = select(func.min(mi.c.ingredient).label("name")).cte("ingredient_names", recursive=True)
    following = select(
        select(func.min(mi.c.ingredient)).where(mi.c.ingredient > names.c.name).scalar_subquery()
    ).where(names.c.name.is_not(None))
    names = names.union_all(following)
    return select(names.c.name).where(or_(*(names.c.name.contains(w, autoescape=True) for w in words)))


def patients_on(ingredients: Sequence[str], words: Sequence[str] = ()) -> Select[Any]:
    """Ids of patients with a current entry containing one of `ingredients`, or an ingredient containing one
    of `words` ("insulin"): the panel filter's subquery, answered from the ingredient index alone."""
    mi = medication_ingredients
    named = select(mi.c.patient_id).where(mi.c.ingredient.in_(list(ingredients)))
    if not words:
        return named
    worded = select(mi.c.patient_id).where(mi.c.ingredient.in_(_names_containing(words)))
    return select(union(named, worded).subquery().c.patient_id)
