"""The chart's Follow-ups tab, and the walk issue 13 asks for: a discharge recorded, two failed calls, the
patient reached, the visit booked from its follow-up and seen, and the TCM clocks met."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.appointments import AppointmentStatus
from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.contact import ContactChannel, may_contact
from carecoord_desktop.services import patients, transitions
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.followups_section import FollowUpsSection
from carecoord_desktop.ui.chart.transitions_section import TransitionsSection
from carecoord_desktop.ui.followups.forms import AppointmentDialog
from tests.conftest import sign_in
from tests.ui.helpers import choose, everyone

MONDAY = datetime(2026, 11, 23, 10, 0)  # the Monday after a Friday discharge


def _callable_patient(session: Session) -> int:
    """A patient who may be phoned (the synthetic practice has do-not-contact patients too)."""
    for row in everyone(session):
        chart = patients.open_chart(session, row.id)
        if (
            may_contact(chart.patient.contact, ContactChannel.PHONE)
            and chart.patient.status.value == "active"
        ):
            return row.id
    raise AssertionError("no patient may be phoned")


def _chart(qtbot: QtBot, session: Session, patient_id: int) -> ChartView:
    view = ChartView(session, patients.open_chart(session, patient_id), patients.staff_choices(session))
    qtbot.addWidget(view)
    view.resize(1200, 860)
    view.show()
    return view


def _type(qtbot: QtBot, field: QWidget, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.clear()
    qtbot.keyClicks(field, text)


def _click(qtbot: QtBot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_discharge_calls_booking_and_visit_meet_the_tcm_clocks(qtbot: QtBot, nina: Session) -> None:
    nina.clock = PracticeClock.fixed(MONDAY)
    patient_id = _callable_patient(nina)
    view = _chart(qtbot, nina, patient_id)
    stays = view.sections["transitions"]
    assert isinstance(stays, TransitionsSection)
    view.tabs.setCurrentWidget(stays)

    form = view.edit("transitions")
    f = form.fields.widgets
    choose(qtbot, f["kind"], "Inpatient stay")  # type: ignore[arg-type]
    f["facility_name"].setFocus()
    qtbot.keyClicks(f["facility_name"], "Mercy General Hospital")
    _type(qtbot, f["admitted_on"], "11/16/2026")
    _type(qtbot, f["discharged_on"], "11/20/2026")
    _click(qtbot, form.save_button)
    assert stays.form is None, form.general.text()

    choose(qtbot, stays.attempt_channel, "Phone")
    choose(qtbot, stays.attempt_outcome, "No answer")
    _click(qtbot, stays.attempt_button)
    assert stays.notice.text() == "No answer logged."
    choose(qtbot, stays.attempt_outcome, "No answer")  # the tab reloaded after the first call
    _click(qtbot, stays.attempt_button)  # the second documented unsuccessful call meets the contact
    assert stays.notice.text() == "No answer logged. The TCM contact is met (11/23/2026)."
    record = transitions.stays_for_chart(nina, patient_id)[0]
    assert len(record.attempts) == 2

    section = view.sections["followups"]
    assert isinstance(section, FollowUpsSection)
    view.tabs.setCurrentWidget(section)
    assert "Post-discharge visit (TCM face-to-face)" in section.text.text()
    assert section.follow_up.currentText().startswith("Post-discharge visit")
    choose(qtbot, section.channel, "Phone")
    choose(qtbot, section.outcome, "Reached")
    _click(qtbot, section.call_button)  # the patient is reached to agree the visit
    assert section.notice.text() == "Reached logged."

    dialog = section.book()
    assert isinstance(dialog, AppointmentDialog)
    fields = dialog.fields.widgets
    assert fields["kind"].currentText() == "Post-discharge (TCM) visit"  # type: ignore[attr-defined]
    _type(qtbot, fields["on"], "11/25/2026")
    _type(qtbot, fields["at"], "10:30")
    _type(qtbot, fields["with_whom"], "Dr Priya Raman")
    _type(qtbot, fields["where"], "Elm Street Family Practice")
    _click(qtbot, dialog.book_button)
    assert not dialog.isVisible(), dialog.fields.general.text()
    assert section.notice.text() == "Booked for Wed 11/25/2026 10:30. The follow-up is scheduled."
    assert "Scheduled<br><small>Wed 11/25/2026 10:30</small>" in section.text.text()

    nina.clock = PracticeClock.fixed(datetime(2026, 11, 25, 11, 0))
    section.refresh()
    _click(qtbot, section.visit_buttons[next(iter(section.visit_buttons))])  # arrived
    assert not section.visit_buttons[AppointmentStatus.ARRIVED].isEnabled()  # not twice
    assert not section.visit_buttons[AppointmentStatus.NO_SHOW].isEnabled()  # an arrived patient came
    _click(qtbot, section.visit_buttons[list(section.visit_buttons)[1]])  # seen
    assert section.notice.text() == "Visit marked fulfilled."
    assert "Done" in section.text.text() and section.visit_row.isHidden()

    view.tabs.setCurrentWidget(stays)
    stays.refresh()
    shown = stays.text.text()
    assert 'Interactive contact</td><td>11/24/2026</td><td><b style="color:#1b6e3a">Met</b>' in shown
    assert 'Face-to-face visit</td><td>11/27/2026</td><td><b style="color:#1b6e3a">Met</b>' in shown
    tasks = {t.task.value: t.done_on for t in transitions.stays_for_chart(nina, patient_id)[0].tasks}
    assert tasks["book_visit"] == MONDAY.date()


def test_front_desk_adds_a_follow_up_cancels_it_and_exports_a_visit(
    qtbot: QtBot, filled: Path, tmp_path: Path
) -> None:
    fred = sign_in(filled, "fred")
    try:
        fred.clock = PracticeClock.fixed(MONDAY)
        patient_id = everyone(fred)[0].id
        view = _chart(qtbot, fred, patient_id)
        section = view.sections["followups"]
        assert isinstance(section, FollowUpsSection)
        view.tabs.setCurrentWidget(section)
        assert "No follow-ups." in section.text.text()
        form = view.edit("followups")
        _type(qtbot, form.fields.widgets["reason"], "Annual wellness visit recall")
        _type(qtbot, form.fields.widgets["due_to"], "11/01/2026")
        _click(qtbot, form.save_button)
        assert section.form is form  # refused: the window ends before it starts
        assert "on or after its first day" in form.fields.error_label("due_to").text()
        _type(qtbot, form.fields.widgets["due_to"], "12/18/2026")
        _click(qtbot, form.save_button)
        assert section.form is None, form.general.text()
        assert "Annual wellness visit recall" in section.text.text()

        dialog = section.book()
        assert dialog is not None
        _type(qtbot, dialog.fields.widgets["on"], "12/02/2026")
        _type(qtbot, dialog.fields.widgets["with_whom"], "Dr Priya Raman")
        _click(qtbot, dialog.book_button)
        assert "Say where the appointment is" in dialog.fields.error_label("where").text()
        _type(qtbot, dialog.fields.widgets["where"], "Room 2")
        _click(qtbot, dialog.book_button)
        assert not dialog.isVisible()

        out = tmp_path / "visit.ics"
        section.export_to(out, section.export_choice.currentData())
        (event,) = Calendar.from_ical(out.read_bytes()).walk("VEVENT")
        chart = patients.open_chart(fred, patient_id)
        assert str(event["summary"]).endswith(f"({chart.patient.mrn}): Office visit")
        assert chart.patient.family_name not in out.read_text(encoding="utf-8")

        _click(qtbot, section.cancel_button)
        assert section.notice.text() == "Say why the follow-up is cancelled."
        _type(qtbot, section.cancel_reason, "Seen at another practice")
        _click(qtbot, section.cancel_button)
        assert "Seen at another practice" in section.text.text()
        assert section.follow_up_row.isHidden()
    finally:
        fred.vault.close()
