"""Printing the medication list: built from the current list through the printed-documents layer, an audited
disclosure, refused to the front desk; marks only from a signed reconciliation (the MARKS_SOURCE seam)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from carecoord_desktop.domain.disclosures import Purpose, Recipient
from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.domain.medication_records import ChangeMark, ListMarks
from carecoord_desktop.services import disclosures, med_list_document, medications, printing
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.services.session import Session
from tests.cli.helpers import run
from tests.conftest import NURSE_PASSWORD
from tests.documents.samples import clinic, front_desk, nurse, pdf_text

__all__ = ["clinic", "front_desk", "nurse"]
SIGNED: dict[int, ListMarks] = {}


def signed_marks(_session: Session, patient_id: int) -> ListMarks | None:
    """What the reconciliation feature registers: here, whatever a test put in SIGNED."""
    return SIGNED.get(patient_id)


def _list(session: Session) -> tuple[int, int]:
    kept = medications.add_medication(
        session,
        1,
        {
            "display": "Warfarin 5 mg tablet",
            "ingredients": ["warfarin"],
            "dose": "1 tablet",
            "frequency": "at_bedtime",
            "indication": "atrial fibrillation",
        },
    ).id
    stopped = medications.add_medication(
        session, 1, {"display": "Ibuprofen 200 mg", "ingredients": ["ibuprofen"]}
    )
    medications.stop_medication(session, 1, stopped.id, reason="bleeding risk with warfarin")
    return kept, stopped.id


def test_the_list_prints_in_the_patients_language_and_is_a_disclosure(nurse: Session, tmp_path: Path) -> None:
    _list(nurse)
    doc = printing.prepare(nurse, PrintRequest("med_list", 1))
    assert doc.language == "es" and doc.clinical  # José prefers Spanish
    text = pdf_text(doc.pdf)
    assert "Mis medicamentos" in text and "Todavía no conciliada" in text
    assert "Warfarin 5 mg tablet" in text and "al acostarse" in text and "Penicillin" in text
    assert "Ibuprofen" not in text  # stopped, and no reconciliation says so
    printing.save_pdf(
        nurse, doc, tmp_path / "lista.pdf", Recipient.parse("patient"), Purpose.parse("treatment")
    )
    [entry] = disclosures.patient_disclosures(nurse, 1)
    assert entry.row.document == "med_list"


def test_marks_come_from_the_signed_reconciliation(nurse: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    kept, stopped = _list(nurse)
    monkeypatch.setattr(med_list_document, "MARKS_SOURCE", f"{__name__}:signed_marks")
    SIGNED[1] = ListMarks(
        signed_on=date(2026, 11, 27),
        signed_by="Nina Okafor",
        marks={kept: (ChangeMark.CHANGED, "dose lowered"), stopped: (ChangeMark.STOPPED, "bleeding risk")},
    )
    try:
        text = pdf_text(printing.prepare(nurse, PrintRequest("med_list", 1, language="en")).pdf)
    finally:
        SIGNED.clear()
    assert "Checked with your care team on 11/27/2026 by Nina Okafor" in text
    assert "CHANGED" in text and "dose lowered" in text
    assert "Stop taking these medicines" in text and "Ibuprofen 200 mg" in text


def test_front_desk_cannot_print_a_medication_list(front_desk: Session) -> None:
    with pytest.raises(PermissionDenied):
        printing.prepare(front_desk, PrintRequest("med_list", 1))


def test_carecoord_print_med_list(
    clinic: Path,
    nurse: Session,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _list(nurse)
    nurse.vault.close()
    out = tmp_path / "meds.pdf"
    argv = ["print", "med-list", "--patient", "F-0001", "--out", str(out), "--recipient", "patient"]
    argv += ["--purpose", "treatment", "--language", "en"]
    argv += ["--vault", str(clinic), "--user", "nina", "--password-stdin"]
    code, printed, err = run(monkeypatch, capsys, argv, NURSE_PASSWORD + "\n")
    assert code == 0, err
    assert "Saved My medicines" in printed and "recorded as a disclosure" in printed
    text = pdf_text(out.read_bytes())
    assert "My medicines" in text and "Not yet reconciled" in text and "Warfarin 5 mg tablet" in text
