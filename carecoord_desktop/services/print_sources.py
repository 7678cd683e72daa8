"""Where each document's snapshot comes from: one adapter per document, reading only through services.

Adding a document: its builder module in documents/ (with one line in documents/registry.py) and one entry here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from carecoord_desktop.documents.disclosure_accounting import AccountingLine, DisclosureAccounting
from carecoord_desktop.documents.frame import FrameFacts
from carecoord_desktop.documents.patient_summary import (
    AllergyEntry,
    CaregiverEntry,
    CareTeamEntry,
    ClinicalEntries,
    PatientSummary,
    PhoneEntry,
    ProblemEntry,
    ProgramEntry,
)
from carecoord_desktop.domain.clinical_summary import CareTeamMemberKind
from carecoord_desktop.domain.contact import ContactConsent, format_phone
from carecoord_desktop.domain.disclosures import Recipient
from carecoord_desktop.services import (
    care_plan_documents,
    disclosures,
    recall_letter_source,
    reconciliation_documents,
    referral_documents,
)
from carecoord_desktop.services.discharge_packet import packet_snapshot
from carecoord_desktop.services.med_list_document import med_list_snapshot
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session


def _consent(consent: ContactConsent | None) -> bool | None:
    return None if consent is None else consent.granted


def _staff(chart: Chart, staff_id: int | None) -> str | None:
    return chart.staff_names.get(staff_id) if staff_id is not None else None


def _clinical(chart: Chart) -> ClinicalEntries:
    """The one place that knows where allergies, problems and the risk tier come from on a chart."""
    c = chart.patient.clinical
    return ClinicalEntries(
        allergies=tuple(
            AllergyEntry(
                substance=a.substance,
                reactions=a.reactions,
                severity=a.severity.value if a.severity else None,
            )
            for a in c.allergies
        ),
        no_known_allergies=c.no_known_allergies,
        problems=tuple(
            ProblemEntry(text=p.text, code=p.code, onset=p.onset, status=p.status.value) for p in c.problems
        ),
        risk_tier=c.risk_tier.tier.value if c.risk_tier else None,
        risk_reason=c.risk_tier.reason if c.risk_tier else None,
    )


def summary_snapshot(chart: Chart, frame: FrameFacts, clinical: bool) -> PatientSummary:
    """The patient summary from the chart the services returned (clinical content only when asked for)."""
    p = chart.patient
    contact = p.contact
    caregivers = tuple(
        CaregiverEntry(
            name=c.name,
            relationship=c.relationship.value,
            phone=format_phone(c.phone) if c.phone else None,
            email=c.email,
            emergency_contact=c.is_emergency_contact,
            health_care_proxy=c.is_health_care_proxy,
            sharing="not_recorded"
            if c.sharing is None
            else "authorized"
            if c.sharing.authorized
            else "declined",
            scopes=tuple(s.value for s in c.sharing.scopes) if c.sharing else (),
            authorized_on=c.sharing.authorized_on if c.sharing and c.sharing.authorized else None,
            expires_on=c.sharing.expires_on if c.sharing else None,
        )
        for c in contact.caregivers
    )
    team = tuple(
        CareTeamEntry(
            role=m.role.value,
            name=(_staff(chart, m.staff_id) or "") if m.kind is CareTeamMemberKind.STAFF else (m.name or ""),
            detail=", ".join(x for x in (m.specialty, m.organization) if x) or None,
            phone=format_phone(m.phone) if m.phone else None,
        )
        for m in p.care_team
    )
    return PatientSummary(
        frame=frame,
        mrn=p.mrn,
        name=p.display_name,
        date_of_birth=p.date_of_birth,
        sex_at_birth=p.sex_at_birth.value,
        gender_identity=p.gender_identity.value if p.gender_identity else None,
        pronouns=p.pronouns,
        status=p.status.value,
        phones=tuple(PhoneEntry(kind=k.value, number=format_phone(n)) for k, n in p.phones.numbers().items()),
        email=p.email,
        address=(p.address.one_line(),) if p.address else (),
        preferred_channel=contact.preferred_channel.value if contact.preferred_channel else None,
        best_time=contact.best_time.value if contact.best_time else None,
        best_time_note=contact.best_time_note,
        preferred_language=p.preferred_language,
        interpreter_needed=p.interpreter_needed,
        voicemail=_consent(contact.voicemail_consent),
        texts=_consent(contact.text_consent),
        emails=_consent(contact.email_consent),
        do_not_contact=tuple(c.value for c in contact.do_not_contact),
        caregivers=caregivers,
        coordinator=_staff(chart, p.coordinator_id),
        pcp=_staff(chart, p.pcp_id),
        care_team=team,
        programs=tuple(
            ProgramEntry(program=e.program.value, started_on=e.started_on, ended_on=e.ended_on)
            for e in p.programs
        ),
        clinical=_clinical(chart) if clinical and chart.clinical_visible else None,
    )


def accounting_snapshot(
    session: Session, chart: Chart, frame: FrameFacts, options: Mapping[str, Any]
) -> DisclosureAccounting:
    period = options.get("period") or disclosures.default_period(session)
    entries = disclosures.patient_disclosures(session, chart.id, period)
    return DisclosureAccounting(
        frame=frame,
        since=period.since,
        until=period.until,
        show_all=bool(options.get("show_all")),
        entries=tuple(
            AccountingLine(
                disclosed_on=d.at.date(),
                recipient_kind=d.row.recipient_kind,
                recipient_name=d.row.recipient_name,
                document=d.row.document,
                clinical=d.row.clinical,
                purpose=d.row.purpose,
                purpose_text=d.row.purpose_text,
                delivery=d.row.delivery,
                required=d.required,
            )
            for d in entries
        ),
    )


Load = Callable[[Session, Chart, FrameFacts, bool, Mapping[str, Any]], BaseModel]


@dataclass(frozen=True)
class Source:
    load: Load
    #: what every copy needs beyond PRINT_PATIENT_DOCUMENTS
    needs: tuple[Permission, ...] = (Permission.VIEW_PATIENT_DEMOGRAPHICS,)
    #: what a copy with clinical content needs too; empty when the document has none
    clinical_needs: tuple[Permission, ...] = field(default=())
    #: the one recipient the document may go to (a referral: its directory entry); None: whoever is chosen
    addressed_to: Callable[[Any], Recipient] | None = None


SOURCES: Mapping[str, Source] = {
    "summary": Source(
        lambda _s, chart, frame, clinical, _o: summary_snapshot(chart, frame, clinical),
        clinical_needs=(Permission.VIEW_CLINICAL,),
    ),
    "accounting": Source(
        lambda session, chart, frame, _c, options: accounting_snapshot(session, chart, frame, options),
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_DISCLOSURES),
    ),
    # The packet shows the clinical question and information: the front desk never prepares it.
    "referral": Source(
        lambda session, chart, frame, clinical, options: referral_documents.letter_snapshot(
            session, chart, frame, clinical, options
        ),
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_REFERRALS, Permission.VIEW_CLINICAL),
        clinical_needs=(Permission.VIEW_CLINICAL,),
        addressed_to=referral_documents.addressed_to,
    ),
    "fax_cover": Source(
        lambda session, chart, frame, _c, options: referral_documents.cover_snapshot(
            session, chart, frame, options
        ),
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_REFERRALS),
        addressed_to=referral_documents.addressed_to,
    ),
    "discharge_packet": Source(
        lambda session, chart, frame, _c, options: packet_snapshot(session, chart, frame, options),
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_TRANSITIONS, Permission.VIEW_CLINICAL),
        clinical_needs=(Permission.VIEW_CLINICAL,),
    ),
    # A medication list is clinical through and through: never prepared without clinical access.
    "med_list": Source(
        med_list_snapshot,
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_MEDICATIONS, Permission.VIEW_CLINICAL),
        clinical_needs=(Permission.VIEW_CLINICAL,),
    ),
    # The patient version (patient or caregiver) and the complete provider version of the active care plan.
    "care_plan": Source(
        lambda session, chart, frame, _c, options: care_plan_documents.load(
            session, chart, frame, False, options
        ),
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_CARE_PLANS),
        clinical_needs=(Permission.VIEW_CARE_PLANS,),
    ),
    "care_plan_provider": Source(
        lambda session, chart, frame, _c, options: care_plan_documents.load(
            session, chart, frame, True, options
        ),
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_CARE_PLANS),
        clinical_needs=(Permission.VIEW_CARE_PLANS,),
    ),
    "recall_letter": Source(
        lambda session, chart, frame, _c, options: recall_letter_source.letter_snapshot(
            session, chart, frame, options
        )
    ),
    "med_rec": Source(
        reconciliation_documents.provider_copy_snapshot,
        needs=(Permission.VIEW_PATIENT_DEMOGRAPHICS, Permission.VIEW_MEDICATIONS, Permission.VIEW_CLINICAL),
        clinical_needs=(Permission.VIEW_CLINICAL,),
    ),
}
