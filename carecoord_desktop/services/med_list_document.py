"""The patient medication list's snapshot, from the services: the current list (and, after a signed
reconciliation, the medicines it stopped), each with its NEW / CHANGED / STOPPED / SAME mark, the patient's
allergies and who to call.

The marks come from the latest signed reconciliation, which the reconciliation feature owns: it names its
function in MARKS_SOURCE (one line). Without one, or before any signing, the list prints as not yet reconciled.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import import_module
from typing import Any, cast

from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.med_blocks import MedicineLine
from carecoord_desktop.documents.med_list import CallEntry, MedicationList, Reconciled
from carecoord_desktop.documents.patient_summary import AllergyEntry
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.medication_records import ChangeMark, ListMarks
from carecoord_desktop.services import medications
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.session import Session

#: "module:function", (session, patient_id) -> ListMarks | None: the latest signed reconciliation's marks.
MARKS_SOURCE: str | None = "carecoord_desktop.services.reconciliation_signoff:latest_marks"

MarksSource = Callable[[Session, int], ListMarks | None]


def latest_marks(session: Session, patient_id: int) -> ListMarks | None:
    if MARKS_SOURCE is None:
        return None
    module, _, name = MARKS_SOURCE.partition(":")
    source = cast(MarksSource, getattr(import_module(module), name))
    return source(session, patient_id)


def _calls(chart: Chart, frame: FrameFacts) -> tuple[CallEntry, ...]:
    """The practice, then the coordinator and the PCP at the practice's number."""
    phone = frame.practice.letterhead.phone
    number = format_phone(phone) if phone else None
    calls = [CallEntry(role="practice", name=frame.practice.practice_name, phone=number)]
    p = chart.patient
    for role, staff_id in (("coordinator", p.coordinator_id), ("pcp", p.pcp_id)):
        if staff_id is not None and staff_id in chart.staff_names:
            calls.append(CallEntry(role=role, name=chart.staff_names[staff_id], phone=number))
    return tuple(calls)


def med_list_snapshot(
    session: Session, chart: Chart, frame: FrameFacts, _clinical: bool, _options: Mapping[str, Any]
) -> MedicationList:
    listed = medications.chart_medications(session, chart.id)  # an audited read
    marks = latest_marks(session, chart.id)
    given = marks.marks if marks is not None else {}
    lines: list[MedicineLine] = []
    for entry in listed.entries:
        record = entry.record
        mark, reason = given.get(record.id, (None, None))
        stopped_here = mark is ChangeMark.STOPPED and record.entered_in_error is None
        if record.is_current or stopped_here:
            lines.append(MedicineLine.of(record.medication, mark, reason))
    clinical = chart.patient.clinical
    return MedicationList(
        frame=frame,
        medicines=tuple(lines),
        reconciled=Reconciled(signed_on=marks.signed_on, signed_by=marks.signed_by) if marks else None,
        allergies=tuple(
            AllergyEntry(
                substance=a.substance,
                reactions=a.reactions,
                severity=a.severity.value if a.severity else None,
            )
            for a in clinical.allergies
        ),
        no_known_allergies=clinical.no_known_allergies,
        calls=_calls(chart, frame),
    )
