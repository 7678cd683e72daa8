"""What the discharge packet prints: its snapshot models (filled by services/discharge_packet.py)."""

from __future__ import annotations

from datetime import date, time
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.med_blocks import MEDICINE_LABELS, MedicineLine
from carecoord_desktop.documents.patient_summary import CareTeamEntry
from carecoord_desktop.documents.spec import FRAME_LABELS

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Version(StrEnum):
    PATIENT = "patient"  # for the patient or a caregiver
    PROVIDER = "provider"  # adds the transition record for the next provider


class MedicineSource(StrEnum):
    RECONCILIATION = "reconciliation"  # a signed reconciliation: the groups are real
    CURRENT_LIST = "current_list"  # the practice's list, not yet reconciled after this stay
    NONE = "none"  # no medication data in the app


class PacketMedicines(BaseModel):
    model_config = _FROZEN
    source: MedicineSource = MedicineSource.NONE
    reconciled_on: date | None = None
    reconciled_by: str | None = None
    #: the medicine blocks' lines (documents/med_blocks.py), each with its mark after a signed reconciliation
    medicines: tuple[MedicineLine, ...] = ()


class PacketAppointment(BaseModel):
    model_config = _FROZEN
    on: date
    at: time | None = None
    with_whom: str
    where: str | None = None
    kind: str | None = None  # domain/appointments.py AppointmentKind, said in the packet's language
    what_for: str | None = None


class PendingTest(BaseModel):
    model_config = _FROZEN
    test: str
    follow_up_by: str
    by_when: date | None = None


class PendingFollowUp(BaseModel):
    """The discharge checklist's "pending tests" task: who checks them, by when, and whether it is done."""

    model_config = _FROZEN
    role: str  # the task's owner, a care team role (care_coordinator, primary_care_provider)
    who: str | None = None  # the named person in that role on the chart
    due_on: date
    done_on: date | None = None


class TcmLine(BaseModel):
    model_config = _FROZEN
    clock: str  # contact, visit, med_rec
    due_on: date
    status: str  # met, met_late, due, due_today, overdue


class TransitionRecord(BaseModel):
    """The provider copy: the HEDIS TRC discharge elements as recorded in the app (domain.md 3.5 item 10)."""

    model_config = _FROZEN
    inpatient_practitioner: str | None = None
    stay_kind: str
    admission_type: str | None = None  # elective, urgent, emergent
    procedure_during_stay: bool | None = None
    allergies: tuple[str, ...] = ()
    no_known_allergies: bool = False
    allergies_recorded: bool = True
    summary_received_on: date | None = None
    tcm: tuple[TcmLine, ...] = ()  # empty: the stay does not start TCM
    note: str | None = None


class HandoutFile(BaseModel):
    """A practice handout merged after the packet (its bytes come from the vault)."""

    model_config = _FROZEN
    title: str
    pdf: bytes


class DischargePacket(BaseModel):
    """Everything the packet prints, taken from the chart and the stay at one moment."""

    model_config = _FROZEN

    frame: FrameFacts
    version: Version = Version.PATIENT
    facility: str
    stay_kind: str  # inpatient, observation, snf, ed_visit
    admitted_on: date
    discharged_on: date
    disposition: str
    reasons: tuple[str, ...] = ()  # the discharge diagnoses, in the words the chart has them
    care_team: tuple[CareTeamEntry, ...] = ()  # the summary's entries: role (a CareTeamRole), name, ...
    practice_phone: str | None = None
    after_hours_phone: str | None = None
    medicines: PacketMedicines = PacketMedicines()
    appointments: tuple[PacketAppointment, ...] = ()
    visit_due_by: date | None = None  # the TCM visit's deadline while no visit is booked
    pending_tests: tuple[PendingTest, ...] = ()
    pending_follow_up: PendingFollowUp | None = None
    education: tuple[str, ...] = ()  # what to know about the conditions (the care plan or its templates)
    diet: tuple[str, ...] = ()
    activity: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    home_health: bool = False
    call_us_if: tuple[str, ...] = ()
    call_911_if: tuple[str, ...] = ()
    advance_directive: str | None = None
    health_care_proxy: str | None = None
    diagnoses: tuple[str, ...] = ()
    transition: TransitionRecord | None = None
    handouts: tuple[HandoutFile, ...] = ()


FIELD_LABELS = {
    **FRAME_LABELS,
    "facility": "the facility's name",
    "reasons": "a discharge diagnosis",
    "diagnoses": "a discharge diagnosis",
    "care_team": "a care team member's details",
    "care_team.name": "a care team member's name",
    **{f"medicines.{k}": v for k, v in MEDICINE_LABELS.items()},
    "appointments": "an appointment",
    "pending_tests": "a pending test",
    "pending_follow_up": "who follows up the pending tests",
    "education": "what to know about the conditions",
    "diet": "the diet instructions",
    "activity": "the activity instructions",
    "equipment": "the equipment",
    "call_us_if": "a warning sign",
    "call_911_if": "an emergency sign",
    "advance_directive": "the advance directive",
    "health_care_proxy": "the health care proxy's name",
    "transition": "the transition record",
    "transition.inpatient_practitioner": "the inpatient practitioner's name",
    "transition.allergies": "an allergy",
    "transition.note": "the stay's note",
    "handouts.title": "a handout's title",
}
