"""A programme enrolment as stored: its own row with a stable id, stamps and entered-in-error.

The enrolment as entered is :class:`~carecoord_desktop.domain.patients.ProgramEnrolment`; a saved enrolment
is ended (an end date), never removed. Status is "active" for every row not entered in error: whether an
enrolment is open is a question about a day (`ProgramEnrolment.is_open(today)`), asked at query time.
"""

from __future__ import annotations

from typing import Final

from pydantic import BaseModel, ConfigDict

from carecoord_desktop.domain.patients import ProgramEnrolment
from carecoord_desktop.domain.stored import EnteredInError, Stamps

_MODEL_CONFIG: Final = ConfigDict(frozen=True, extra="forbid")
ACTIVE: Final = "active"


class EnrolmentRecord(BaseModel):
    model_config = _MODEL_CONFIG

    id: int
    patient_id: int
    enrolment: ProgramEnrolment
    entered_in_error: EnteredInError | None
    stamps: Stamps

    @property
    def key(self) -> tuple[str, str]:
        """An enrolment is the same one while its program and start date are: (program, ISO start)."""
        return enrolment_key(self.enrolment)


def enrolment_key(enrolment: ProgramEnrolment) -> tuple[str, str]:
    return (enrolment.program.value, enrolment.started_on.isoformat())
