"""The Follow-ups area (letters in a worker with progress and cancel; the calendar export) and the Care gaps
area (accept, dismiss with a reason)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from pytestqt.qtbot import QtBot

from carecoord_desktop.services import appointments, followups, patients, transitions
from carecoord_desktop.ui.followups.care_gaps_area import CareGapsArea
from carecoord_desktop.ui.followups.letters_area import FollowUpLettersArea
from tests.documents.samples import page_texts
from tests.referral_practice import ReferralPractice, acting, build

ADDRESS = {"line1": "14 Orchard Lane", "city": "Salem", "state": "MA", "postal_code": "01970"}


class Host:
    practice_name = "Elm Street Family Practice"

    def __init__(self) -> None:
        self.opened: list[int] = []

    def open_chart(self, patient_id: int) -> None:
        self.opened.append(patient_id)


@pytest.fixture
def practice(vault_path: Path) -> ReferralPractice:
    built = build(vault_path)
    rosa, tom = built.patient_ids
    with acting(vault_path, "nina") as nurse:
        patients.update_patient(nurse, rosa, {"address": ADDRESS, "preferred_language": "es"})
        patients.update_patient(nurse, tom, {"address": {**ADDRESS, "line1": "3 Pier Road"}})
    window = {"due_from": "2026-11-16", "due_to": "2026-12-11"}
    with acting(vault_path, "fred") as desk:
        followups.create_follow_up(desk, rosa, {"reason": "Control de la presión arterial", **window})
        booked = followups.create_follow_up(desk, tom, {"reason": "Diabetes review", **window})
        appointments.book(
            desk,
            tom,
            {"on": "2026-11-30", "at": "14:00", "with_whom": "Dr Priya Raman", "where": "Room 2"},
            about=("follow_ups", booked.id),
        )
    return built


def test_letters_are_built_in_a_worker_and_saved_with_their_mailing_list(
    qtbot: QtBot, practice: ReferralPractice, tmp_path: Path
) -> None:
    with acting(practice.path, "fred") as desk:
        host = Host()
        area = FollowUpLettersArea(desk, host)  # type: ignore[arg-type]
        qtbot.addWidget(area)
        area.show()
        assert [area.table.item(i, 2).text() for i in range(area.table.rowCount())] == [
            "Alvarez, Rosa",
            "Baker, Tom",
        ]
        area.write_letters()
        assert area.notice.text() == "Tick the follow-ups to write to first."
        area.tick(0, 1)
        saved_to = tmp_path / "letters.pdf"
        area._built = lambda batch: (setattr(area, "batch", batch), area.save_batch(saved_to))  # type: ignore[method-assign]
        task = area.write_letters()
        assert task is not None and area.progress.isVisible() and not area.write_button.isEnabled()
        assert area.write_letters() is None  # a second click while it runs starts nothing
        qtbot.waitUntil(lambda: task.done, timeout=20_000)
        qtbot.waitUntil(lambda: saved_to.exists(), timeout=5_000)
        assert area.notice.text() == "2 letters saved to letters.pdf, mailing list letters.csv."
        pages = page_texts(saved_to.read_bytes())
        assert "Es hora de pedir su cita" in pages[0] and "Reminder of your appointment" in pages[1]
        rows = list(csv.DictReader(io.StringIO(saved_to.with_suffix(".csv").read_text(encoding="utf-8"))))
        assert [(r["name"], r["letter"], r["language"]) for r in rows] == [
            ("Rosa Alvarez", "recall", "es"),
            ("Tom Baker", "reminder", "en"),
        ]
        area.table.cellDoubleClicked.emit(1, 2)
        assert host.opened == [practice.patient_ids[1]]

        out = tmp_path / "range.ics"
        area.export_to.setText("12/31/2026")
        area.export_range(out)
        (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
        assert str(event["summary"]) == "T.B. (R-0002): Office visit"
        assert (
            area.notice.text() == "1 appointments of 1 patients saved to range.ics (initials and MRN only)."
        )


def test_a_cancelled_batch_writes_nothing(qtbot: QtBot, practice: ReferralPractice) -> None:
    with acting(practice.path, "fred") as desk:
        area = FollowUpLettersArea(desk, Host())  # type: ignore[arg-type]
        qtbot.addWidget(area)
        area.show()
        area.tick(0, 1)
        task = area.write_letters()
        assert task is not None
        area.cancel()  # before the first letter is checked, or between the two
        qtbot.waitUntil(lambda: task.done, timeout=20_000)
        assert area.notice.text() == "Cancelled: no letter was written."
        assert area.batch is None and area.write_button.isEnabled() and not area.progress.isVisible()


def test_a_coordinator_accepts_one_gap_and_dismisses_another(
    qtbot: QtBot, practice: ReferralPractice
) -> None:
    rosa = practice.patient_ids[0]
    discharge = {
        "kind": "inpatient",
        "facility_name": "Mercy General Hospital",
        "admitted_on": "2026-10-20",
        "discharged_on": "2026-10-23",
        "disposition": "home",
    }
    with acting(practice.path, "nina", datetime(2026, 10, 23, 16, 0)) as nurse:
        transitions.record_stay(nurse, rosa, discharge)
    with acting(practice.path, "nina") as nurse:  # 11/18: contact and med rec (due 11/22) ... contact missed
        area = CareGapsArea(nurse, Host())  # type: ignore[arg-type]
        qtbot.addWidget(area)
        area.show()
        gaps = [area.table.item(i, 0).text() for i in range(area.table.rowCount())]
        assert gaps == ["No contact after discharge"]
        area.dismiss()
        assert area.notice.text() == "Say why the gap is dismissed."
        area.reason.setText("Reached by the hospital's transition nurse")
        area.dismiss()
        assert area.notice.text() == "Dismissed for Alvarez, Rosa." and area.table.rowCount() == 0
    with acting(practice.path, "nina", datetime(2026, 11, 23, 9, 0)) as nurse:
        area = CareGapsArea(nurse, Host())  # type: ignore[arg-type]
        qtbot.addWidget(area)
        area.show()
        assert [area.table.item(i, 0).text() for i in range(area.table.rowCount())] == [
            "No medication reconciliation after discharge"
        ]
        area.accept()
        assert area.notice.text() == (
            "Follow-up added for Alvarez, Rosa: Medication reconciliation after discharge."
        )
        reasons = [r.follow_up.reason for r in followups.for_chart(nurse, rosa).follow_ups]
        assert "Medication reconciliation after discharge" in reasons
