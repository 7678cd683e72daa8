"""The referral packet: a fax cover sheet (with the packet's page count) and the referral letter.

The letter carries the patient's demographics, the reason and clinical question, urgency and requested-by date,
the relevant problems, current medications and allergies, the referring provider and a contact for questions.
The fax cover alone (what the front desk may print) names the recipient, the sender and the page count, and
nothing clinical.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict
from reportlab.lib.pagesizes import A4, letter
from reportlab.platypus import Flowable, PageBreak, Spacer

from carecoord_desktop.documents.blocks import label_rows, section
from carecoord_desktop.documents.catalogue import Catalogue
from carecoord_desktop.documents.frame import (
    MARGIN,
    BuiltDocument,
    FrameFacts,
    age_words,
    paragraph,
    render,
)
from carecoord_desktop.documents.patient_summary import PhoneEntry
from carecoord_desktop.documents.spec import FRAME_LABELS, DocumentSpec
from carecoord_desktop.documents.typescale import Styles, styles
from carecoord_desktop.domain.letterhead import Paper

_FROZEN = ConfigDict(frozen=True, extra="forbid")


class Party(BaseModel):
    """Who the packet goes to (the directory entry) or comes from (the practice and its provider)."""

    model_config = _FROZEN
    name: str
    detail: str | None = None  # specialty, or the referring provider's practice
    phone: str | None = None  # formatted for reading
    fax: str | None = None
    address: str | None = None


class FaxCover(BaseModel):
    model_config = _FROZEN
    frame: FrameFacts
    to: Party
    sender: Party
    contact: str  # who to call with questions, and how
    urgency: str
    #: every page of the fax, this cover included
    pages: int


class ReferralClinical(BaseModel):
    """What the front desk never sees: the clinical question and the clinical information sent with it."""

    model_config = _FROZEN
    question: str | None = None
    problems: tuple[str, ...] = ()
    medications: tuple[str, ...] = ()
    allergies: tuple[str, ...] = ()
    no_known_allergies: bool = False
    attachments: tuple[str, ...] = ()


class ReferralLetter(BaseModel):
    model_config = _FROZEN
    frame: FrameFacts
    referral_id: int
    to: Party
    sender: Party
    contact: str
    specialty: str
    reason: str
    urgency: str  # routine, urgent, stat
    requested_by: date
    mrn: str
    sex_at_birth: str
    phones: tuple[PhoneEntry, ...] = ()
    address: str | None = None
    preferred_language: str = "en"
    interpreter_needed: bool = False
    prior_auth: str | None = None  # number and status, when one is needed
    #: None on a copy without clinical content
    clinical: ReferralClinical | None = None


def _party_labels(prefix: str, who: str) -> dict[str, str]:
    return {
        f"{prefix}": who,
        f"{prefix}.name": f"{who}'s name",
        f"{prefix}.detail": f"{who}'s details",
        f"{prefix}.address": f"{who}'s address",
    }


COVER_LABELS = {
    **FRAME_LABELS,
    **_party_labels("to", "the recipient"),
    **_party_labels("sender", "the referring provider"),
    "contact": "the contact for questions",
}
LETTER_LABELS = {
    **COVER_LABELS,
    "specialty": "the specialty",
    "reason": "the reason for referral",
    "mrn": "the MRN",
    "phones": "a phone number",
    "address": "the patient's address",
    "prior_auth": "the prior authorization",
    "clinical.question": "the clinical question",
    "clinical.problems": "a problem",
    "clinical.medications": "a medication",
    "clinical.allergies": "an allergy",
    "clinical.attachments": "an attachment",
}


def _width(frame: FrameFacts) -> float:
    return float((A4 if frame.practice.letterhead.paper is Paper.A4 else letter)[0] - 2 * MARGIN)


def _party(t: Catalogue, p: Party) -> str:
    reach = [t("phone", number=p.phone) if p.phone else "", t("fax", number=p.fax) if p.fax else ""]
    lines = [p.name, p.detail or "", p.address or "", "   ".join(x for x in reach if x)]
    return "\n".join(line for line in lines if line)


def _cover_story(c: FaxCover, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    urgency = t.label("urgency", c.urgency)
    rows = [
        (t("cover_to"), _party(t, c.to)),
        (t("cover_from"), _party(t, c.sender)),
        (t("cover_date"), t.date(c.frame.printed_at.date())),
        (t("cover_pages"), str(c.pages)),
        (t("cover_re"), t("cover_subject", urgency=urgency)),
        (t("contact"), c.contact),
    ]
    return [
        paragraph(t("cover_title"), st.title),
        label_rows(rows, st, width),
        Spacer(1, st.scale.padding * 4),
        paragraph(t("cover_notice"), st.small),
    ]


def _items(t: Catalogue, items: tuple[str, ...], empty: str) -> str:
    return "\n".join(f"• {item}" for item in items) if items else t(empty)


def _letter_story(s: ReferralLetter, t: Catalogue, st: Styles, width: float) -> list[Flowable]:
    today = s.frame.printed_at.date()
    requested = t("requested_by", urgency=t.label("urgency", s.urgency), date=t.date(s.requested_by))
    story: list[Flowable] = [
        paragraph(t("letter_title", number=s.referral_id), st.title),
        label_rows(
            [
                (t("to"), _party(t, s.to)),
                (t("referring_provider"), _party(t, s.sender)),
                (t("contact"), s.contact),
                (t("date"), t.date(today)),
                (t("specialty"), s.specialty),
                (t("urgency"), requested),
            ],
            st,
            width,
        ),
    ]
    if s.clinical is None:
        story.append(paragraph(t("without_clinical"), st.small))
    language = t.get(f"language.{s.preferred_language.split('-')[0]}", s.preferred_language)
    if s.interpreter_needed:
        language += f"; {t('interpreter_needed')}"
    born = f"{t.date(s.frame.date_of_birth)} {age_words(s.frame)}".strip()
    patient = [
        (t("name"), t("name_mrn", name=s.frame.patient_name, mrn=s.mrn)),
        (t("date_of_birth"), f"{born}, {t.label('sex', s.sex_at_birth)}"),
        (
            t("phone_label"),
            "\n".join(f"{p.number} ({t.label('phone', p.kind)})" for p in s.phones) or t("none"),
        ),
        (t("address"), s.address or t("none")),
        (t("language"), language),
    ]
    story += section(t("patient"), label_rows(patient, st, width), st)
    story += section(t("reason"), s.reason, st)
    c = s.clinical
    if c is not None:
        story += section(t("question"), c.question or t("no_question"), st)
        story += section(t("problems"), _items(t, c.problems, "no_problems"), st)
        story += section(t("medications"), _items(t, c.medications, "no_medications"), st)
        allergies = "nka" if c.no_known_allergies else "allergies_not_recorded"
        story += section(t("allergies"), _items(t, c.allergies, allergies), st)
        if c.attachments:
            story += section(t("attachments"), _items(t, c.attachments, "none"), st)
    if s.prior_auth:
        story += section(t("prior_auth"), s.prior_auth, st)
    story.append(Spacer(1, st.scale.padding * 3))
    story.append(paragraph(t("closing"), st.body))
    return story


def _cover_of(s: ReferralLetter, pages: int) -> FaxCover:
    return FaxCover(
        frame=s.frame, to=s.to, sender=s.sender, contact=s.contact, urgency=s.urgency, pages=pages
    )


def _render_packet(s: ReferralLetter, pages: int) -> BuiltDocument:
    t = Catalogue(PACKET.key, s.frame.language)
    st = styles(s.frame.large_print)
    width = _width(s.frame)
    story = [*_cover_story(_cover_of(s, pages), t, st, width), PageBreak()]
    story += _letter_story(s, t, st, width)
    return render(s.frame, t("title"), story)


def packet_pages(s: ReferralLetter) -> int:
    """How many pages the whole packet (cover and letter) prints on."""
    return _render_packet(s, 0).pages


def build_packet(s: ReferralLetter) -> BuiltDocument:
    """The cover sheet, then the letter; the cover's page count is the packet's own (the cover is one page,
    whatever number it shows, so laying it out again with the count cannot change the count)."""
    return _render_packet(s, packet_pages(s))


def build_cover(c: FaxCover) -> BuiltDocument:
    t = Catalogue(PACKET.key, c.frame.language)
    st = styles(c.frame.large_print)
    return render(c.frame, t("cover_title"), _cover_story(c, t, st, _width(c.frame)))


PACKET = DocumentSpec(
    key="referral",
    snapshot=ReferralLetter,
    build=build_packet,
    field_labels=LETTER_LABELS,
    patient_facing=False,
)
FAX_COVER = DocumentSpec(
    key="fax_cover",  # its title and description in its own catalogue; the cover's text in the letter's
    snapshot=FaxCover,
    build=build_cover,
    field_labels=COVER_LABELS,
    patient_facing=False,
)
