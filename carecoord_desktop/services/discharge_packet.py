"""The discharge packet's snapshot, from the chart and the recorded stay (the print source of "discharge_packet").

Which stay: the one asked for (`options["stay_id"]`), else the latest recorded discharge. Which version:
`options["version"]` ("patient" for the patient or a caregiver, "provider" adds the transition record). Which
handouts: `options["handouts"]`, their ids in order or "matching" (every one whose condition is on the chart,
in the packet's language).
Every part comes from what the app holds; where it holds nothing (no medication list, no appointments yet), the
snapshot leaves the part empty and the document says what to ask for.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from carecoord_desktop.documents.catalogue import resolve_language
from carecoord_desktop.documents.discharge_packet import KEY
from carecoord_desktop.documents.discharge_packet_model import (
    DischargePacket,
    HandoutFile,
    MedicineSource,
    PacketAppointment,
    PacketMedicines,
    PendingFollowUp,
    TcmLine,
    TransitionRecord,
    Version,
)
from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.med_blocks import MedicineLine
from carecoord_desktop.documents.patient_summary import CareTeamEntry
from carecoord_desktop.domain.care_plan_templates import for_problems
from carecoord_desktop.domain.clinical_summary import CareTeamMemberKind, CareTeamRole
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.discharge_checklist import ChecklistTask
from carecoord_desktop.domain.errors import ValidationFailed
from carecoord_desktop.domain.handouts import HandoutCondition, HandoutInfo, conditions_named
from carecoord_desktop.domain.medication_records import ChangeMark
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.domain.transitions import ClockKind, Disposition
from carecoord_desktop.services import (
    care_plan_templates,
    care_plans,
    followups,
    handouts,
    medications,
    transitions,
)
from carecoord_desktop.services.med_list_document import latest_marks
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session

MATCHING = "matching"
NO_STAY = "This patient has no recorded hospital stay. Record the stay on the Transitions tab first."


def chosen_stay(session: Session, patient_id: int, stay_id: int | None) -> transitions.ChartStay:
    """The stay the packet is for: the one asked for, or the latest recorded discharge (an audited read)."""
    stays = transitions.stays_for_chart(session, patient_id)
    if stay_id is None:
        if not stays:
            raise ValidationFailed(NO_STAY)
        return stays[0]
    for shown in stays:
        if shown.record.id == stay_id:
            return shown
    raise ValidationFailed(f"Stay #{stay_id} is not a current stay on this patient's chart.")


def _care_team(chart: Chart) -> tuple[CareTeamEntry, ...]:
    p = chart.patient
    names = chart.staff_names
    team: list[CareTeamEntry] = []
    if p.coordinator_id is not None and p.coordinator_id in names:
        team.append(CareTeamEntry(role=CareTeamRole.CARE_COORDINATOR.value, name=names[p.coordinator_id]))
    if p.pcp_id is not None and p.pcp_id in names:
        team.append(CareTeamEntry(role=CareTeamRole.PRIMARY_CARE_PROVIDER.value, name=names[p.pcp_id]))
    for m in p.care_team:
        name = names.get(m.staff_id or 0, "") if m.kind is CareTeamMemberKind.STAFF else (m.name or "")
        if not name or any(c.name == name for c in team):
            continue
        detail = ", ".join(x for x in (m.specialty, m.organization) if x) or None
        phone = format_phone(m.phone) if m.phone else None
        team.append(CareTeamEntry(role=m.role.value, name=name, detail=detail, phone=phone))
    return tuple(team)


def _follow_up(chart: Chart, shown: transitions.ChartStay) -> PendingFollowUp | None:
    """The checklist's pending-tests task: its owner as the chart names them, and its due or done day."""
    task = next((x for x in shown.tasks if x.task is ChecklistTask.PENDING_TESTS), None)
    if task is None:
        return None
    p = chart.patient
    if task.owner is Role.PROVIDER:
        role, who = CareTeamRole.PRIMARY_CARE_PROVIDER, p.pcp_id
    else:
        role, who = CareTeamRole.CARE_COORDINATOR, p.coordinator_id
    name = chart.staff_names.get(who) if who is not None else None
    return PendingFollowUp(role=role.value, who=name, due_on=task.due_on, done_on=task.done_on)


def _transition(chart: Chart, shown: transitions.ChartStay, session: Session) -> TransitionRecord:
    stay = shown.record.stay
    clinical = chart.patient.clinical
    clocks = shown.record.clocks(session.clock.today(), session.clock.calendar)
    return TransitionRecord(
        stay_kind=stay.kind.value,
        admission_type=stay.admission_type.value if stay.admission_type else None,
        procedure_during_stay=stay.procedure_during_stay,
        allergies=tuple(
            f"{a.substance} ({', '.join(a.reactions)})" if a.reactions else a.substance
            for a in clinical.allergies
        ),
        no_known_allergies=clinical.no_known_allergies,
        allergies_recorded=chart.clinical_visible,
        summary_received_on=stay.summary_received_on,
        tcm=tuple(TcmLine(clock=c.kind.value, due_on=c.due_on, status=c.status.value) for c in clocks),
        note=stay.note,
    )


def _visit_due_by(shown: transitions.ChartStay, session: Session) -> date | None:
    """The TCM visit's deadline while the visit is neither done nor booked."""
    record = shown.record
    booked = any(x.task is ChecklistTask.BOOK_VISIT and x.done_on is not None for x in shown.tasks)
    for clock in record.clocks(session.clock.today(), session.clock.calendar):
        if clock.kind is ClockKind.VISIT and clock.met_on is None and not booked:
            return clock.due_on
    return None


def patient_conditions(
    session: Session, chart: Chart, shown: transitions.ChartStay
) -> frozenset[HandoutCondition]:
    """What the chart names: its problems (words and ICD-10 codes), the stay's discharge diagnoses, and the
    conditions of the active care plan's templates."""
    problems = chart.patient.clinical.problems
    texts = [p.text for p in problems] + list(shown.record.stay.diagnoses)
    named = conditions_named(texts, [p.code for p in problems if p.code])
    active = (
        care_plans.for_chart(session, chart.id).active if session.can(Permission.VIEW_CARE_PLANS) else None
    )
    keys = active.plan.template_keys if active is not None else ()
    return named | {c for c in HandoutCondition if c.value in keys}


@dataclass(frozen=True)
class HandoutOffer:
    handout: HandoutInfo
    matches: bool  # its condition is on the chart and it is in the packet's language


def packet_language(preferred: str | None, version: Version) -> str:
    """The patient version speaks the patient's language where the packet has it; the provider copy English."""
    return resolve_language(KEY, preferred if version is Version.PATIENT else None)


def offered_handouts(
    session: Session, chart: Chart, stay_id: int | None, language: str
) -> list[HandoutOffer]:
    """Every handout in use, those matching the patient (on this chart, for this stay) first: the ones to
    tick by default."""
    conditions = patient_conditions(session, chart, chosen_stay(session, chart.id, stay_id))
    offers = [HandoutOffer(x, x.matches(conditions, language)) for x in handouts.list_handouts(session)]
    return sorted(offers, key=lambda o: (not o.matches, handouts.offer_order(o.handout)))


def _handouts(
    session: Session, chart: Chart, shown: transitions.ChartStay, language: str, wanted: object
) -> tuple[HandoutFile, ...]:
    """`wanted`: handout ids in order, or "matching" for every handout that matches the patient."""
    if wanted == MATCHING:
        found = handouts.matching(
            handouts.list_handouts(session), patient_conditions(session, chart, shown), language
        )
        return handouts.handout_files(session, [x.id for x in found])
    ids = [int(i) for i in wanted] if isinstance(wanted, list | tuple) else []
    return handouts.handout_files(session, ids) if ids else ()


def _medicines(session: Session, chart: Chart, discharged_on: date) -> PacketMedicines:
    """The list with its NEW / CHANGED / STOPPED / SAME marks when a reconciliation was signed on or after the
    discharge; otherwise the current list, headed as not yet reconciled; nothing for a role without the list."""
    if not session.can(Permission.VIEW_MEDICATIONS):
        return PacketMedicines()
    entries = [e.record for e in medications.chart_medications(session, chart.id).entries]  # an audited read
    marks = latest_marks(session, chart.id)
    if marks is None or marks.signed_on < discharged_on:
        lines = tuple(MedicineLine.of(r.medication) for r in entries if r.is_current)
        source = MedicineSource.CURRENT_LIST if lines else MedicineSource.NONE
        return PacketMedicines(source=source, medicines=lines)
    given = marks.marks
    stopped_here = {i for i, (mark, _why) in given.items() if mark is ChangeMark.STOPPED}
    return PacketMedicines(
        source=MedicineSource.RECONCILIATION,
        reconciled_on=marks.signed_on,
        reconciled_by=marks.signed_by,
        medicines=tuple(
            MedicineLine.of(r.medication, *given.get(r.id, (None, None)))
            for r in entries
            if r.is_current or (r.id in stopped_here and r.entered_in_error is None)
        ),
    )


def _appointments(session: Session, chart: Chart, discharged_on: date) -> tuple[PacketAppointment, ...]:
    """The appointments still ahead of the patient (booked or arrived) from the discharge day on."""
    booked = followups.for_chart(session, chart.id).appointments  # an audited read
    return tuple(
        PacketAppointment(
            on=a.appointment.on,
            at=a.appointment.at,
            with_whom=a.appointment.with_whom,
            where=a.appointment.where,
            kind=a.appointment.kind.value,
        )
        for a in booked
        if a.status.is_open and a.appointment.on >= discharged_on
    )


@dataclass(frozen=True)
class ConditionText:
    """What the packet says about the patient's conditions: the warning signs and what to know."""

    call_us_if: tuple[str, ...] = ()
    call_911_if: tuple[str, ...] = ()
    education: tuple[str, ...] = ()


def _unique(lines: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(line for line in lines if line))


def _condition_text(
    session: Session, chart: Chart, shown: transitions.ChartStay, language: str
) -> ConditionText:
    """The active care plan's own red flags and education when it is written in the packet's language; else
    those of its templates (in that language), or of the templates that fit the chart's problems and the
    stay's diagnoses when there is no plan."""
    if not session.can(Permission.VIEW_CARE_PLANS):
        return ConditionText()
    active = care_plans.for_chart(session, chart.id).active  # an audited read
    if active is not None and active.plan.language == language:
        plan = active.plan
        return ConditionText(plan.call_us_if, plan.call_911_if, plan.education)
    templates = [t.template for t in care_plan_templates.list_templates(session)]
    if active is not None:
        chosen = [t for t in templates if t.key in active.plan.template_keys]
    else:
        problems = chart.patient.clinical.problems
        names = [p.text for p in problems] + list(shown.record.stay.diagnoses)
        chosen = for_problems(templates, [p.code for p in problems], names)
    texts = [t.in_language(language) for t in chosen]
    return ConditionText(
        _unique(line for x in texts for line in x.call_us_if),
        _unique(line for x in texts for line in x.call_911_if),
        _unique(line for x in texts for line in x.education),
    )


def packet_snapshot(
    session: Session, chart: Chart, frame: FrameFacts, options: Mapping[str, Any]
) -> DischargePacket:
    shown = chosen_stay(session, chart.id, options.get("stay_id"))
    stay = shown.record.stay
    version = Version(options.get("version") or Version.PATIENT)
    phone, after_hours = frame.practice.letterhead.phone, frame.practice.letterhead.after_hours_phone
    proxies = [c.name for c in chart.patient.contact.caregivers if c.is_health_care_proxy]
    conditions = _condition_text(session, chart, shown, frame.language)
    return DischargePacket(
        frame=frame,
        version=version,
        facility=stay.facility_name,
        stay_kind=stay.kind.value,
        admitted_on=stay.admitted_on,
        discharged_on=stay.discharged_on,
        disposition=stay.disposition.value,
        reasons=stay.diagnoses,
        care_team=_care_team(chart),
        practice_phone=format_phone(phone) if phone else None,
        after_hours_phone=format_phone(after_hours) if after_hours else None,
        visit_due_by=_visit_due_by(shown, session),
        pending_follow_up=_follow_up(chart, shown),
        medicines=_medicines(session, chart, stay.discharged_on),
        appointments=_appointments(session, chart, stay.discharged_on),
        education=conditions.education,
        home_health=stay.disposition is Disposition.HOME_HEALTH,
        call_us_if=conditions.call_us_if,
        call_911_if=conditions.call_911_if,
        health_care_proxy=", ".join(proxies) or None,
        diagnoses=stay.diagnoses,
        transition=_transition(chart, shown, session) if version is Version.PROVIDER else None,
        handouts=_handouts(session, chart, shown, frame.language, options.get("handouts")),
    )
