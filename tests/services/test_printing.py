"""Printing through the services: permissions, the disclosure log, the audit entries, the saved file."""

from __future__ import annotations

import hashlib
import io
import stat
from pathlib import Path

import pytest
from pypdf import PdfReader

from carecoord_desktop.documents.coverage import UnprintableCharacter
from carecoord_desktop.domain.disclosures import Delivery, Purpose, Recipient
from carecoord_desktop.domain.errors import PermissionDenied, StorageUnavailable, ValidationFailed
from carecoord_desktop.services import auth, disclosures, letterhead, patient_lookup, printing
from carecoord_desktop.services.printing import PrintFailed, PrintRequest
from carecoord_desktop.services.session import Session
from carecoord_desktop.storage import audit
from carecoord_desktop.storage.audit import AuditEntry, AuditFilter
from tests.conftest import sign_in
from tests.documents.samples import (
    add,
    clinic,
    front_desk,
    full_patient,
    nurse,
    page_count,
    pdf_text,
    session_for,
)

__all__ = ["clinic", "front_desk", "nurse"]

PROVIDER = Recipient(kind="provider", name="Dr Ana Costa")
TREATMENT = Purpose(kind="treatment")


def _entries(session: Session, action: str) -> list[AuditEntry]:
    """The audit entries with this action, read from the storage the session has open (oldest first)."""
    with session.vault.read() as conn:
        return list(reversed(audit.search(conn, AuditFilter(action=action))))


def test_a_saved_summary_is_a_disclosure_with_recipient_purpose_pages_and_hash(
    nurse: Session, clinic: Path, tmp_path: Path
) -> None:
    doc = printing.prepare(nurse, PrintRequest("summary", 1))
    assert doc.language == "es"  # the patient's preferred language
    out = tmp_path / "summary.pdf"
    printing.save_pdf(nurse, doc, out, PROVIDER, TREATMENT)

    saved = out.read_bytes()
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert hashlib.sha256(saved).hexdigest() == doc.sha256
    assert page_count(saved) == doc.pages
    [entry] = disclosures.patient_disclosures(nurse, 1)
    assert entry.row.recipient_kind == "provider" and entry.row.recipient_name == "Dr Ana Costa"
    assert entry.row.purpose == "treatment" and entry.row.delivery == "save"
    assert entry.row.sha256 == doc.sha256 and entry.row.page_count == doc.pages
    assert entry.row.clinical is True and entry.row.staff_name == "Nina Okafor"
    assert entry.at.strftime("%Y-%m-%d %H:%M") == "2026-11-28 15:40"  # the practice clock, practice time
    assert not entry.required  # treatment is not in the 164.528 accounting
    [audit] = _entries(nurse, "disclosure.save")
    assert audit.outcome == "ok" and audit.patient_id == 1
    assert audit.detail["sha256"] == doc.sha256 and audit.detail["purpose"] == "treatment"
    assert audit.detail["recipient"] == "provider" and audit.detail["pages"] == doc.pages


def test_front_desk_copy_leaves_clinical_content_out(front_desk: Session) -> None:
    doc = printing.prepare(front_desk, PrintRequest("summary", 1, language="en"))
    text = pdf_text(doc.pdf)
    assert not doc.clinical
    assert "Núñez, José (Pepe)" in text and "María Núñez" in text
    assert "Penicillin" not in text and "diabetes" not in text and "Risk tier" not in text
    assert "leaves out clinical information" in text


def test_front_desk_asking_for_clinical_content_is_refused_and_audited(
    front_desk: Session, clinic: Path
) -> None:
    with pytest.raises(PermissionDenied, match="not allowed to view clinical information"):
        printing.prepare(front_desk, PrintRequest("summary", 1, include_clinical=True))
    [refusal] = _entries(front_desk, "disclosure.prepare")
    assert refusal.outcome == "refused" and refusal.username == "fred" and refusal.patient_id == 1
    assert refusal.detail["missing_permission"] == "view_clinical"


def test_front_desk_may_not_print_the_accounting(front_desk: Session, clinic: Path) -> None:
    with pytest.raises(PermissionDenied):
        printing.prepare(front_desk, PrintRequest("accounting", 1))
    assert [e.outcome for e in _entries(front_desk, "disclosure.prepare")] == ["refused"]


def test_a_failed_print_is_audited_and_leaves_no_disclosure(nurse: Session, clinic: Path) -> None:
    doc = printing.prepare(nurse, PrintRequest("summary", 1))

    def jammed(_pdf: bytes) -> None:
        raise PrintFailed("The printer is out of paper.")

    with pytest.raises(PrintFailed):
        printing.disclose(nurse, doc, Delivery.PRINT, Recipient(kind="patient"), TREATMENT, jammed)
    assert disclosures.patient_disclosures(nurse, 1) == []
    [failed] = _entries(nurse, "disclosure.print")
    assert failed.outcome == "failed" and failed.detail["error"] == "PrintFailed"


def test_a_save_that_the_disk_refuses_is_audited_and_writes_nothing(
    nurse: Session, clinic: Path, tmp_path: Path
) -> None:
    doc = printing.prepare(nurse, PrintRequest("summary", 1))
    with pytest.raises(StorageUnavailable, match="The PDF could not be saved"):
        printing.save_pdf(nurse, doc, tmp_path / "missing-folder" / "x.pdf", PROVIDER, TREATMENT)
    assert disclosures.patient_disclosures(nurse, 1) == []
    assert [e.outcome for e in _entries(nurse, "disclosure.save")] == ["failed"]


def test_a_caregiver_recipient_must_be_named_on_the_chart(nurse: Session, tmp_path: Path) -> None:
    doc = printing.prepare(nurse, PrintRequest("summary", 1))
    with pytest.raises(ValidationFailed, match="named on the chart"):
        printing.save_pdf(
            nurse, doc, tmp_path / "a.pdf", Recipient(kind="caregiver", name="Someone Else"), TREATMENT
        )
    assert not (tmp_path / "a.pdf").exists()
    printing.save_pdf(
        nurse, doc, tmp_path / "b.pdf", Recipient(kind="caregiver", name="maría núñez"), TREATMENT
    )
    assert len(disclosures.patient_disclosures(nurse, 1)) == 1


def test_accounting_lists_only_what_164_528_requires_unless_show_all(nurse: Session, tmp_path: Path) -> None:
    doc = printing.prepare(nurse, PrintRequest("summary", 1, language="en"))
    printing.save_pdf(
        nurse, doc, tmp_path / "1.pdf", Recipient(kind="patient"), Purpose(kind="patient-request")
    )
    printing.save_pdf(nurse, doc, tmp_path / "2.pdf", PROVIDER, Purpose(kind="care-coordination"))
    lawyer = Recipient(kind="other", name="Hill & Partners LLP")
    printing.save_pdf(
        nurse, doc, tmp_path / "3.pdf", lawyer, Purpose(kind="other", text="Court order 26-114")
    )

    required = pdf_text(printing.prepare(nurse, PrintRequest("accounting", 1, language="en")).pdf)
    assert "Hill & Partners LLP" in required and "Court order 26-114" in required
    assert "Dr Ana Costa" not in required and "At the patient's request" not in required
    assert "11/28/2026" in required

    everything = pdf_text(
        printing.prepare(nurse, PrintRequest("accounting", 1, language="en", options={"show_all": True})).pdf
    )
    assert "Dr Ana Costa" in everything and "Care coordination" in everything
    assert "Practice review copy" in everything


def test_the_letterhead_prints_on_the_first_page(clinic: Path) -> None:
    admin = sign_in(clinic, "admin")
    try:
        letterhead.update_letterhead(
            admin,
            address_line1="12 Elm Street",
            city_line="Springfield, IL 62701",
            phone="217 555 0100",
            fax="217 555 0101",
            paper="a4",
        )
    finally:
        auth.sign_out(admin)
    nurse = session_for(clinic, "nina")
    try:
        doc = printing.prepare(nurse, PrintRequest("summary", 1, language="en"))
    finally:
        auth.sign_out(nurse)
    text = pdf_text(doc.pdf)
    assert "Elm Street Family Practice" in text and "Springfield, IL 62701" in text
    assert "Phone (217) 555-0100" in text and "Fax (217) 555-0101" in text
    box = PdfReader(io.BytesIO(doc.pdf)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4


def test_patient_search_for_scripts_is_audited(nurse: Session, clinic: Path) -> None:
    [row] = patient_lookup.search(nurse, "nunez jose")
    assert row.mrn == "F-0001"
    assert patient_lookup.patient_id_for_mrn(nurse, "f-0001") == 1
    [entry] = _entries(nurse, "patient.search")
    assert entry.detail == {"matches": 1}


def test_printing_in_a_language_without_a_catalogue_is_refused(nurse: Session) -> None:
    with pytest.raises(ValidationFailed, match="has no translation"):
        printing.prepare(nurse, PrintRequest("summary", 1, language="vi"))


def test_session_clock_is_used_for_the_printed_time(clinic: Path) -> None:
    session = session_for(clinic, "nina")
    try:
        text = pdf_text(printing.prepare(session, PrintRequest("summary", 1, language="en")).pdf)
    finally:
        auth.sign_out(session)
    assert "Printed 11/28/2026 3:40 PM EST" in text


def test_a_name_the_fonts_cannot_draw_is_reported_by_field_and_audited(nurse: Session) -> None:
    patient_id = add(
        nurse, full_patient(mrn="C-0002", family_name="𠀋", given_name="芳", preferred_name=None)
    )
    with pytest.raises(
        UnprintableCharacter, match="The patient's name contains a character the printout cannot"
    ):
        printing.prepare(nurse, PrintRequest("summary", patient_id))
    [failure] = _entries(nurse, "disclosure.prepare")
    assert failure.outcome == "failed" and failure.detail["field"] in ("frame.patient_name", "name")


def test_saving_a_clinical_copy_without_clinical_access_is_refused_and_audited(
    clinic: Path, tmp_path: Path
) -> None:
    nurse = session_for(clinic, "nina")
    doc = printing.prepare(nurse, PrintRequest("summary", 1))
    auth.sign_out(nurse)
    front = session_for(clinic, "fred")
    try:
        with pytest.raises(PermissionDenied):
            printing.save_pdf(front, doc, tmp_path / "x.pdf", PROVIDER, TREATMENT)
        assert not (tmp_path / "x.pdf").exists()
        [refusal] = _entries(front, "disclosure.save")
        assert refusal.outcome == "refused" and refusal.detail["missing_permission"] == "view_clinical"
    finally:
        auth.sign_out(front)


def test_a_deceased_patient_prints_marked_with_the_age_at_death(nurse: Session) -> None:
    patient_id = add(
        nurse, full_patient(mrn="C-0003", status="deceased", date_of_death="2016-05-01", programs=[])
    )
    text = pdf_text(printing.prepare(nurse, PrintRequest("summary", patient_id, language="en")).pdf)
    assert "Died 05/01/2016" in text  # in the band on every page
    assert "Date of birth 03/14/1952 (died at 64)" in text and "(74 years)" not in text
    assert "Status Deceased (05/01/2016)" in text
