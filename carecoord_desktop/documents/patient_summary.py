"""The patient summary (face sheet): identity, contact details and preferences, caregivers with their sharing
authorization, care team and programs; for clinical roles also allergies, problems and the risk tier."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from reportlab.lib.pagesizes import A4, letter
from reportlab.platypus import Flowable, Spacer

from carecoord_desktop.documents.blocks import label_rows, list_table, section
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.frame import (
    MARGIN,
    BuiltDocument,
    FrameFacts,
    age_words,
    paragraph,
    render,
)
from carecoord_desktop.documents.spec import FRAME_LABELS, DocumentSpec
from carecoord_desktop.documents.typescale import Styles, styles
from carecoord_desktop.domain.letterhead import Paper

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class PhoneEntry(BaseModel):
    model_config = _FROZEN
    kind: str  # mobile, home, work
    number: str  # formatted for reading


class CaregiverEntry(BaseModel):
    model_config = _FROZEN
    name: str
    relationship: str
    phone: str | None = None
    email: str | None = None
    emergency_contact: bool = False
    health_care_proxy: bool = False
    sharing: str = "not_recorded"  # authorized, declined, not_recorded
    scopes: tuple[str, ...] = ()
    authorized_on: date | None = None
    expires_on: date | None = None


class CareTeamEntry(BaseModel):
    model_config = _FROZEN
    role: str
    name: str
    detail: str | None = None
    phone: str | None = None


class ProgramEntry(BaseModel):
    model_config = _FROZEN
    program: str
    started_on: date
    ended_on: date | None = None


class ProblemEntry(BaseModel):
    model_config = _FROZEN
    text: str
    code: str | None = None
    onset: date | None = None
    status: str = "active"


class AllergyEntry(BaseModel):
    model_config = _FROZEN
    substance: str
    reactions: tuple[str, ...] = ()
    severity: str | None = None


class ClinicalEntries(BaseModel):
    model_config = _FROZEN
    allergies: tuple[AllergyEntry, ...] = ()
    no_known_allergies: bool = False
    problems: tuple[ProblemEntry, ...] = ()
    risk_tier: str | None = None
    risk_reason: str | None = None


class PatientSummary(BaseModel):
    """Everything the summary prints, taken from the chart at one moment."""

    model_config = _FROZEN

    frame: FrameFacts
    mrn: str
    name: str
    date_of_birth: date
    sex_at_birth: str
    gender_identity: str | None = None
    pronouns: str | None = None
    status: str = "active"
    phones: tuple[PhoneEntry, ...] = ()
    email: str | None = None
    address: tuple[str, ...] = ()
    preferred_channel: str | None = None
    best_time: str | None = None
    best_time_note: str | None = None
    preferred_language: str = "en"
    interpreter_needed: bool = False
    voicemail: bool | None = None
    texts: bool | None = None
    emails: bool | None = None
    do_not_contact: tuple[str, ...] = ()
    caregivers: tuple[CaregiverEntry, ...] = ()
    coordinator: str | None = None
    pcp: str | None = None
    care_team: tuple[CareTeamEntry, ...] = ()
    programs: tuple[ProgramEntry, ...] = ()
    #: None on a copy without clinical content (the front desk's)
    clinical: ClinicalEntries | None = None


FIELD_LABELS = {
    **FRAME_LABELS,
    "mrn": "the MRN",
    "name": "the patient's name",
    "pronouns": "the patient's pronouns",
    "phones": "a phone number",
    "email": "the patient's email address",
    "address": "the patient's address",
    "best_time_note": "the best-time note",
    "caregivers": "a caregiver's details",
    "caregivers.name": "a caregiver's name",
    "coordinator": "the care coordinator's name",
    "pcp": "the primary care provider's name",
    "care_team": "a care team member's details",
    "care_team.name": "a care team member's name",
    "clinical.allergies": "an allergy",
    "clinical.problems": "a problem",
    "clinical.risk_reason": "the risk tier's reason",
}


def _consent(t: Catalogue, value: bool | None) -> str:
    return t("not_asked") if value is None else t("yes") if value else t("no")


def _sharing(t: Catalogue, c: CaregiverEntry) -> str:
    if c.sharing != "authorized":
        return t.label("sharing", c.sharing)
    scopes = ", ".join(t.label("scope", s) for s in c.scopes)
    since = t("authorized_since", date=t.date(c.authorized_on)) if c.authorized_on else t("authorized")
    until = f" {t('until', date=t.date(c.expires_on))}" if c.expires_on else ""
    return f"{since}{until}: {scopes}"


def _identity(s: PatientSummary, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    status = t.label("status", s.status)
    if s.frame.date_of_death is not None:
        status += f" ({t.date(s.frame.date_of_death)})"
    rows = [
        (t("name"), s.name),
        (t("mrn"), s.mrn),
        (t("date_of_birth"), f"{t.date(s.date_of_birth)} {age_words(s.frame)}".strip()),
        (t("sex_at_birth"), t.label("sex", s.sex_at_birth)),
        (
            t("gender_identity"),
            t.label("gender", s.gender_identity) if s.gender_identity else t("not_recorded"),
        ),
        (t("pronouns"), s.pronouns or t("not_recorded")),
        (t("status"), status),
    ]
    return section(t("identity"), label_rows(rows, st, width), st)


def _contact(s: PatientSummary, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    rows = [(t.label("phone", p.kind), p.number) for p in s.phones] or [(t("phone_label"), t("none"))]
    rows.append((t("email"), s.email or t("none")))
    rows.append((t("address"), "\n".join(s.address) or t("none")))
    return section(t("contact_details"), label_rows(rows, st, width), st)


def _preferences(s: PatientSummary, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    best = t.label("best_time", s.best_time) if s.best_time else t("any_time")
    if s.best_time_note:
        best += f" ({s.best_time_note})"
    language = t.get(f"language.{s.preferred_language.split('-')[0]}", s.preferred_language)
    if s.interpreter_needed:
        language += f"; {t('interpreter_needed')}"
    channel = t.label("channel", s.preferred_channel) if s.preferred_channel else t("no_preference")
    blocked = ", ".join(t.label("channel", c) for c in s.do_not_contact) or t("no_restrictions")
    rows = [
        (t("preferred_channel"), channel),
        (t("best_time"), best),
        (t("language"), language),
        (t("voicemail"), _consent(t, s.voicemail)),
        (t("texts"), _consent(t, s.texts)),
        (t("emails"), _consent(t, s.emails)),
        (t("do_not_contact"), blocked),
    ]
    return section(t("preferences"), label_rows(rows, st, width), st)


def _caregivers(s: PatientSummary, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    if not s.caregivers:
        return section(t("caregivers"), t("no_caregivers"), st)
    rows = []
    for c in s.caregivers:
        relation = t.label("relationship", c.relationship)
        roles = [t("emergency_contact")] * c.emergency_contact + [
            t("health_care_proxy")
        ] * c.health_care_proxy
        reach = "\n".join(x for x in (c.phone, c.email) if x) or t("none")
        rows.append([c.name, "\n".join([relation, *roles]), reach, _sharing(t, c)])
    header = [t("caregiver_name"), t("relationship"), t("reach"), t("sharing")]
    return section(t("caregivers"), list_table(header, rows, (3, 2.2, 3, 4), st, width), st)


def _care_team(s: PatientSummary, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    rows = [
        (t("coordinator"), s.coordinator or t("not_assigned")),
        (t("pcp"), s.pcp or t("not_assigned")),
    ]
    flow = section(t("care_team"), label_rows(rows, st, width), st)
    if s.care_team:
        members = [[t.label("care_role", m.role), m.name, m.detail or "", m.phone or ""] for m in s.care_team]
        header = [t("role"), t("member_name"), t("details"), t("phone_label")]
        flow += [Spacer(1, st.scale.padding * 2), list_table(header, members, (3, 3, 3.5, 2.5), st, width)]
    return flow


def _programs(s: PatientSummary, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    if not s.programs:
        return section(t("programs"), t("no_programs"), st)
    rows = [
        [
            t.label("program", p.program),
            t.date(p.started_on),
            t.date(p.ended_on) if p.ended_on else t("ongoing"),
        ]
        for p in s.programs
    ]
    header = [t("program"), t("started"), t("ended")]
    return section(t("programs"), list_table(header, rows, (6, 2.5, 2.5), st, width), st)


def _clinical(c: ClinicalEntries, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    if c.allergies:
        rows = [
            [
                a.substance,
                ", ".join(a.reactions) or t("none"),
                t.label("severity", a.severity) if a.severity else t("not_recorded"),
            ]
            for a in c.allergies
        ]
        header = [t("substance"), t("reactions"), t("severity")]
        flow = section(t("allergies"), list_table(header, rows, (4, 5, 2.5), st, width), st)
    else:
        flow = section(t("allergies"), t("nka") if c.no_known_allergies else t("allergies_not_recorded"), st)
    if c.problems:
        rows = [
            [p.text, p.code or "", t.date(p.onset) if p.onset else "", t.label("problem_status", p.status)]
            for p in c.problems
        ]
        header = [t("problem"), t("code"), t("onset"), t("problem_status")]
        flow += section(t("problems"), list_table(header, rows, (6, 2, 2.2, 2.2), st, width), st)
    else:
        flow += section(t("problems"), t("no_problems"), st)
    risk = t.label("risk", c.risk_tier) if c.risk_tier else t("risk_not_set")
    if c.risk_tier and c.risk_reason:
        risk += f": {c.risk_reason}"
    flow += section(t("risk_tier"), risk, st)
    return flow


def build(summary: PatientSummary) -> BuiltDocument:
    t = Catalogue(SPEC.key, summary.frame.language)
    st = styles(summary.frame.large_print)
    width = (A4 if summary.frame.practice.letterhead.paper is Paper.A4 else letter)[0] - 2 * MARGIN
    story: list[Flowable] = [paragraph(t("title"), st.title)]
    if summary.clinical is None:
        story.append(paragraph(t("without_clinical"), st.small))
    for part in (_identity, _contact, _preferences, _caregivers, _care_team, _programs):
        story += part(summary, t, st, width)
    if summary.clinical is not None:
        story += _clinical(summary.clinical, t, st, width)
    return render(summary.frame, t("title"), story)


SPEC = DocumentSpec(key="summary", snapshot=PatientSummary, build=build, field_labels=FIELD_LABELS)
