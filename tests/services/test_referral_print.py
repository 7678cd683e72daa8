"""The referral packet and fax cover through the printed-documents layer: content, page count, roles, disclosure."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carecoord_desktop.documents.coverage import UnprintableCharacter
from carecoord_desktop.domain.disclosures import Delivery, Purpose, Recipient
from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import (
    audit_trail,
    directory,
    disclosures,
    letterhead,
    patients,
    printing,
    referral_documents,
)
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.printing import PrintRequest
from tests.documents.samples import page_count, page_texts, pdf_text
from tests.referral_practice import ReferralPractice, acting, build, new_referral

TREATMENT = Purpose.parse("treatment")
HARBOR = Recipient.parse("provider:Harbor Cardiology")


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    built = build(vault_path)
    with acting(vault_path, "admin") as admin:
        letterhead.update_letterhead(
            admin, address_line1="12 Elm Street", phone="617 555 0100", fax="617 555 0199"
        )
    with acting(vault_path, "nina") as nurse:
        allergy = {"substance": "Penicillin", "reactions": ["Hives"], "severity": "moderate"}
        patients.update_patient(nurse, built.patient_ids[0], {"clinical": {"allergies": [allergy]}})
    return built


def _keep(name: str, pdf: bytes) -> None:
    """REFERRAL_PDF_DIR=folder keeps the PDFs for a person to look at (pdftoppm)."""
    folder = os.environ.get("REFERRAL_PDF_DIR")
    if folder:
        Path(folder, name).write_bytes(pdf)


def _prepare(practice: ReferralPractice, user: str, document: str, rid: int) -> printing.PreparedDocument:
    with acting(practice.path, user) as session:
        return printing.prepare(
            session, PrintRequest(document, practice.patient_ids[0], options={"referral_id": rid})
        )


def test_the_packet_is_a_fax_cover_counting_its_pages_then_the_letter(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice, urgency="urgent")
    doc = _prepare(practice, "priya", "referral", rid)
    _keep("packet.pdf", doc.pdf)
    pages = page_texts(doc.pdf)
    assert doc.pages == page_count(doc.pdf) == len(pages) >= 2
    cover, letter = pages[0], " ".join(pages[1:])
    assert "Fax cover sheet" in cover and f"Pages (including this cover) {doc.pages}" in cover
    assert "Harbor Cardiology" in cover and "Fax (617) 555-0142" in cover and "Urgent" in cover
    assert "AF" not in cover and "Palpitations" not in cover  # the cover says nothing clinical
    assert "Referral letter" in letter and "Alvarez, Rosa" in letter and "03/14/1950" in letter
    assert "Palpitations" in letter and "Is the new AF rate-controlled on metoprolol?" in letter
    assert "12/15/2026" in letter and "Urgent" in letter
    assert "Atrial fibrillation" in letter and "Metoprolol 25 mg" in letter
    assert "Penicillin (Hives; moderate)" in letter  # the chart's allergies, not a choice
    assert "Questions about this referral" in letter and "(617) 555-0100" in letter
    assert doc.language == "en"  # a letter to a provider is not in the patient's language by default
    assert doc.addressed_to == HARBOR


def test_a_long_letter_still_counts_every_page_on_the_cover(practice: ReferralPractice) -> None:
    problems = [f"Problem number {n} with a long description of its course" for n in range(60)]
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice, clinical_info={"problems": problems})
    doc = _prepare(practice, "nina", "referral", rid)
    assert doc.pages >= 3
    assert f"Pages (including this cover) {doc.pages}" in page_texts(doc.pdf)[0]
    cover = _prepare(practice, "fred", "fax_cover", rid)
    _keep("cover.pdf", cover.pdf)
    assert cover.pages == 1
    assert f"Pages (including this cover) {doc.pages}" in pdf_text(cover.pdf)


def test_the_spanish_packet(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        doc = printing.prepare(
            nurse,
            PrintRequest("referral", practice.patient_ids[0], language="es", options={"referral_id": rid}),
        )
    _keep("packet-es.pdf", doc.pdf)
    text = pdf_text(doc.pdf)
    assert "Portada de fax" in text and "Carta de derivación" in text and "Motivo de la derivación" in text


def test_front_desk_prints_the_cover_but_never_the_letter(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
    with pytest.raises(PermissionDenied):
        _prepare(practice, "fred", "referral", rid)
    cover = _prepare(practice, "fred", "fax_cover", rid)
    text = pdf_text(cover.pdf)
    assert "Harbor Cardiology" in text and "Alvarez, Rosa" in text
    for clinical in ("Palpitations", "AF", "Atrial fibrillation", "Metoprolol", "Penicillin"):
        assert clinical not in text
    assert not cover.clinical
    with acting(practice.path, "admin") as admin:
        entries = audit_trail.search(admin, AuditFilter(action=printing.PREPARE))
    assert [(e.username, e.outcome, e.subject) for e in entries] == [("fred", "refused", "referral")]


def test_the_packet_is_disclosed_to_its_directory_entry_only(
    practice: ReferralPractice, tmp_path: Path
) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        doc = printing.prepare(
            nurse, PrintRequest("referral", practice.patient_ids[0], options={"referral_id": rid})
        )
        with pytest.raises(ValidationFailed, match="addressed to Harbor Cardiology"):
            printing.save_pdf(
                nurse, doc, tmp_path / "wrong.pdf", Recipient.parse("provider:Elm Dermatology"), TREATMENT
            )
        assert not (tmp_path / "wrong.pdf").exists()
        patient_id, addressee = referral_documents.print_target(nurse, rid)
        assert (patient_id, addressee) == (practice.patient_ids[0], HARBOR)
        printing.save_pdf(nurse, doc, tmp_path / "packet.pdf", addressee, TREATMENT)
        [entry] = disclosures.patient_disclosures(nurse, practice.patient_ids[0])
    assert (entry.row.recipient_kind, entry.row.recipient_name) == ("provider", "Harbor Cardiology")
    assert entry.row.document == "referral" and entry.row.clinical and entry.row.page_count == doc.pages
    assert entry.row.delivery == Delivery.SAVE.value


def test_a_referral_of_another_patient_is_refused(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        rid = new_referral(nurse, practice)
        other = PrintRequest("referral", practice.patient_ids[1], options={"referral_id": rid})
        with pytest.raises(ValidationFailed, match="another patient"):
            printing.prepare(nurse, other)


def test_a_recipient_name_the_font_cannot_show_is_named(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        entry = directory.add_entry(nurse, {"name": "Harbor 🫀 Cardiology", "specialty": "Cardiology"})
        rid = new_referral(nurse, practice, directory_id=entry)
    with pytest.raises(UnprintableCharacter, match="recipient's name"):
        _prepare(practice, "nina", "referral", rid)


def test_a_recipient_named_in_chinese_prints_in_the_bundled_fallback(practice: ReferralPractice) -> None:
    with acting(practice.path, "nina") as nurse:
        entry = directory.add_entry(nurse, {"name": "Harbor 心臟 Cardiology", "specialty": "Cardiology"})
        rid = new_referral(nurse, practice, directory_id=entry)
    assert "Harbor 心臟 Cardiology" in pdf_text(_prepare(practice, "nina", "referral", rid).pdf)
