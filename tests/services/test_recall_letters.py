"""Recall and reminder letters: each patient's language, the batch PDF and mailing list, who gets none and
why, each letter a disclosure and a mailed attempt, cancelling a batch."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest

from carecoord_desktop.domain.errors import PermissionDenied, ValidationFailed
from carecoord_desktop.services import (
    appointments,
    audit_trail,
    disclosures,
    followups,
    letterhead,
    patients,
    recall_letters,
)
from carecoord_desktop.services.audit_trail import AuditFilter
from tests.documents.samples import page_texts
from tests.referral_practice import ReferralPractice, acting, build

ADDRESS = {"line1": "14 Orchard Lane", "city": "Salem", "state": "MA", "postal_code": "01970"}


class Stop(Exception):
    pass


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    built = build(vault_path)
    with acting(vault_path, "admin") as admin:
        letterhead.update_letterhead(admin, address_line1="12 Elm Street", phone="617 555 0100")
    with acting(vault_path, "nina") as nurse:
        patients.update_patient(nurse, built.patient_ids[0], {"address": ADDRESS, "preferred_language": "es"})
    return built


def _follow_ups(practice: ReferralPractice) -> tuple[int, int, int]:
    """Rosa (Spanish, an address) gets a recall and a reminder; Tom has no address."""
    rosa, tom = practice.patient_ids
    window = {"due_from": "2026-11-18", "due_to": "2026-12-18"}
    with acting(practice.path, "fred") as desk:
        recall = followups.create_follow_up(
            desk, rosa, {"reason": "Control de la presión arterial", **window}
        )
        reminder = followups.create_follow_up(desk, rosa, {"reason": "Annual wellness visit", **window})
        appointments.book(
            desk,
            rosa,
            {"on": "2026-12-02", "at": "09:30", "with_whom": "Dr Priya Raman", "where": "12 Elm Street"},
            about=("follow_ups", reminder.id),
        )
        no_address = followups.create_follow_up(desk, tom, {"reason": "Flu shot", **window})
    return recall.id, reminder.id, no_address.id


def _keep(name: str, pdf: bytes) -> None:
    """RECALL_PDF_DIR=folder keeps the PDF for a person to look at (pdftoppm)."""
    folder = os.environ.get("RECALL_PDF_DIR")
    if folder:
        Path(folder, name).write_bytes(pdf)


def test_a_batch_speaks_each_patients_language_and_says_who_got_none(
    practice: ReferralPractice, tmp_path: Path
) -> None:
    recall, reminder, no_address = _follow_ups(practice)
    stages: list[str] = []
    with acting(practice.path, "fred") as desk:
        batch = recall_letters.build_batch(
            desk, [recall, reminder, no_address], progress=lambda stage, _f: stages.append(stage)
        )
        _keep("recall-batch.pdf", batch.pdf)
        assert [(s.follow_up_id, s.why) for s in batch.skipped] == [
            (no_address, "The patient has no postal address on the chart.")
        ]
        pages = page_texts(batch.pdf)
        assert len(pages) == batch.pages == 2
        assert "Es hora de pedir su cita" in pages[0] and "Control de la presión arterial" in pages[0]
        assert "14 Orchard Lane" in pages[0] and "617" in pages[0]
        assert (
            "Recordatorio de su cita" in pages[1] and "02/12/2026 09:30" in pages[1]
        )  # Spanish dates: day first
        assert stages[0] == "Letter 1 of 3" and stages[-1] == "Putting the batch together"
        saved = recall_letters.save_batch(desk, batch, tmp_path / "letters.pdf", tmp_path / "mailing.csv")
        assert saved == 2
        chart = followups.for_chart(desk, practice.patient_ids[0])
        assert {k: [(a.channel.value, a.outcome.value) for a in v] for k, v in chart.attempts.items()} == {
            recall: [("mail", "sent")],
            reminder: [("mail", "sent")],
        }
    rows = list(csv.DictReader(io.StringIO((tmp_path / "mailing.csv").read_text(encoding="utf-8"))))
    assert [(r["name"], r["line1"], r["postal_code"], r["letter"], r["language"]) for r in rows] == [
        ("Rosa Alvarez", "14 Orchard Lane", "01970", "recall", "es"),
        ("Rosa Alvarez", "14 Orchard Lane", "01970", "reminder", "es"),
    ]
    assert (tmp_path / "letters.pdf").read_bytes() == batch.pdf
    with acting(practice.path, "nina") as nurse:
        shown = disclosures.patient_disclosures(nurse, practice.patient_ids[0])
    assert [(d.row.document, d.row.recipient_kind, d.row.language) for d in shown] == [
        ("recall_letter", "patient", "es"),
        ("recall_letter", "patient", "es"),
    ]


def test_do_not_contact_and_closed_follow_ups_get_no_letter(practice: ReferralPractice) -> None:
    recall, reminder, _ = _follow_ups(practice)
    with acting(practice.path, "nina") as nurse:
        patients.update_patient(nurse, practice.patient_ids[0], {"contact": {"do_not_contact": ["mail"]}})
    with acting(practice.path, "fred") as desk:
        followups.mark_done(desk, practice.patient_ids[0], reminder)
        with pytest.raises(ValidationFailed) as refused:
            recall_letters.build_batch(desk, [recall, reminder])
    assert "rule out mail" in refused.value.message and "done: no letter is needed" in refused.value.message


def test_cancelling_stops_the_batch_and_nothing_is_disclosed(practice: ReferralPractice) -> None:
    recall, reminder, _ = _follow_ups(practice)
    calls: list[int] = []

    def check() -> None:
        calls.append(1)
        if len(calls) == 2:
            raise Stop

    with acting(practice.path, "fred") as desk, pytest.raises(Stop):
        recall_letters.build_batch(desk, [recall, reminder], check=check)
    with acting(practice.path, "admin") as admin:
        assert audit_trail.search(admin, AuditFilter(action="disclosure.save")) == []


def test_an_administrator_writes_no_letters(practice: ReferralPractice) -> None:
    recall, _, _ = _follow_ups(practice)
    with acting(practice.path, "admin") as admin, pytest.raises(PermissionDenied):
        recall_letters.build_batch(admin, [recall])
