"""Programme enrolments (CCM, PCM, TCM) and consent: clinical-programme data under EDIT_PROGRAMS.

Saved with the chart (patient_chart.update_patient) inside its audited write. An enrolment is matched by
program and start date; a saved one is ended with an end date, never removed: the rule is enforced here.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection

from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.patients import ProgramEnrolment
from carecoord_desktop.domain.programs import enrolment_key
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import programs_repo

ENDED_NOT_REMOVED = "A saved program enrolment is ended, not removed: enter its end date instead."


def check_kept(saved: Sequence[ProgramEnrolment], wanted: Sequence[ProgramEnrolment]) -> None:
    """Every saved enrolment (program and start date) is still in `wanted`."""
    if {enrolment_key(e) for e in saved} - {enrolment_key(e) for e in wanted}:
        raise ValidationFailed(ENDED_NOT_REMOVED, {"programs": ENDED_NOT_REMOVED})


def save_list(
    session: Session, conn: Connection, patient_id: int, wanted: Sequence[ProgramEnrolment]
) -> None:
    """Make the patient's enrolments `wanted`, inside the caller's audited write (which checked
    EDIT_PROGRAMS if they changed)."""
    actor = session.user.username
    current = {row.key: row for row in programs_repo.for_patient(conn, patient_id)}
    check_kept([row.enrolment for row in current.values()], wanted)
    for enrolment in wanted:
        row = current.get(enrolment_key(enrolment))
        if row is None:
            programs_repo.add(conn, patient_id, enrolment, actor)
        elif row.enrolment != enrolment:
            programs_repo.update(conn, row.id, enrolment, actor)
