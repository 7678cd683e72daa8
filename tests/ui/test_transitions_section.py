"""The chart's Transitions tab: record a stay, see its TCM clocks and risk scores, mark the contact done."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import patients
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.transitions_section import TransitionsSection
from tests.ui.helpers import choose, everyone

MONDAY = datetime(2026, 11, 23, 10, 0)  # after a Friday discharge


def _section(qtbot: QtBot, session: Session) -> tuple[ChartView, TransitionsSection]:
    session.clock = PracticeClock.fixed(MONDAY)
    patient = everyone(session)[0]
    view = ChartView(session, patients.open_chart(session, patient.id), patients.staff_choices(session))
    qtbot.addWidget(view)
    view.resize(1100, 800)
    view.show()
    section = view.sections["transitions"]
    assert isinstance(section, TransitionsSection)
    view.tabs.setCurrentWidget(section)
    return view, section


def _type(qtbot: QtBot, field: object, text: str) -> None:
    assert isinstance(field, QLineEdit)
    field.clear()
    qtbot.keyClicks(field, text)


def test_a_recorded_discharge_shows_its_clocks_and_the_contact_can_be_marked_done(
    qtbot: QtBot, nina: Session
) -> None:
    view, section = _section(qtbot, nina)
    assert "No hospital stays" in section.text.text()
    assert section.done_row.isHidden()
    form = view.edit("transitions")
    f = form.fields.widgets
    choose(qtbot, f["kind"], "Inpatient stay")  # type: ignore[arg-type]
    f["facility_name"].setFocus()
    qtbot.keyClicks(f["facility_name"], "Mercy General Hospital")
    _type(qtbot, f["admitted_on"], "11/14/2026")
    _type(qtbot, f["discharged_on"], "11/20/2026")
    choose(qtbot, f["admission_type"], "Emergent")  # type: ignore[arg-type]
    _type(qtbot, f["ed_visits_6m"], "1")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)

    assert section.form is None, form.general.text()
    shown = section.text.text()
    assert "Inpatient stay · Mercy General Hospital · 11/14/2026 – 11/20/2026 · Home" in shown
    assert "Interactive contact</td><td>11/24/2026" in shown  # Friday discharge: due Tuesday
    assert "Face-to-face visit</td><td>11/27/2026" in shown  # high complexity: discharge + 7
    assert "LACE incomplete: 9 points so far; missing Charlson score" in shown  # missing is not zero
    assert "HOSPITAL incomplete" in shown

    assert not section.done_row.isHidden()
    assert section.done_clock.currentText().startswith("Interactive contact")
    qtbot.mouseClick(section.done_button, Qt.MouseButton.LeftButton)
    assert "Interactive contact marked done on 11/23/2026." in section.notice.text()
    assert (
        'Interactive contact</td><td>11/24/2026</td><td><b style="color:#1b6e3a">Met</b>'
        in section.text.text()
    )
    assert [section.done_clock.itemText(i).split(":")[0] for i in range(section.done_clock.count())] == [
        "Face-to-face visit",
        "Medication reconciliation",
        "Home health and equipment in place",  # the discharge checklist, earliest due first
        "Book the face-to-face visit",
        "Pending tests followed up",
        "Discharge summary reviewed",
        "Referrals arranged",
    ]
    assert "Book the face-to-face visit</td><td>Front desk</td><td>11/25/2026" in section.text.text()
    section.done_clock.setCurrentIndex(3)
    qtbot.mouseClick(section.done_button, Qt.MouseButton.LeftButton)
    assert section.notice.text() == "Book the face-to-face visit marked done on 11/23/2026."
    assert "Book the face-to-face visit" not in [
        section.done_clock.itemText(i).split(":")[0] for i in range(section.done_clock.count())
    ]


def test_a_discharge_before_the_admission_is_shown_next_to_the_field_and_the_input_kept(
    qtbot: QtBot, nina: Session
) -> None:
    view, section = _section(qtbot, nina)
    form = view.edit("transitions")
    f = form.fields.widgets
    f["facility_name"].setFocus()
    qtbot.keyClicks(f["facility_name"], "Mercy General Hospital")
    _type(qtbot, f["admitted_on"], "11/14/2026")
    _type(qtbot, f["discharged_on"], "11/10/2026")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert section.form is form
    error = form.fields.error_label("discharged_on")
    assert error.isVisible() and "before the admission" in error.text()
    assert form.fields.value("discharged_on") == "11/10/2026"


def test_a_future_done_date_is_refused_in_plain_words(qtbot: QtBot, nina: Session) -> None:
    from carecoord_desktop.services import transitions

    session = nina
    session.clock = PracticeClock.fixed(MONDAY)
    patient = everyone(session)[0]
    transitions.record_stay(
        session,
        patient.id,
        {
            "kind": "snf",
            "facility_name": "Harbor Rehab",
            "admitted_on": "2026-11-01",
            "discharged_on": "2026-11-20",
            "disposition": "home_health",
        },
    )
    _view, section = _section(qtbot, session)
    assert "SNF stay · Harbor Rehab" in section.text.text()
    _type(qtbot, section.done_on, "11/30/2026")
    qtbot.mouseClick(section.done_button, Qt.MouseButton.LeftButton)
    assert section.notice.text() == "That date is in the future."
    assert "Met" not in section.text.text()


def test_two_unanswered_calls_logged_from_the_tab_meet_the_contact_clock(qtbot: QtBot, nina: Session) -> None:
    from carecoord_desktop.services import transitions

    nina.clock = PracticeClock.fixed(MONDAY)
    patient = everyone(nina)[0]
    patients.update_patient(
        nina, patient.id, {"contact": {"do_not_contact": ["text"]}}
    )  # no voicemail consent
    transitions.record_stay(
        nina,
        patient.id,
        {
            "kind": "inpatient",
            "facility_name": "Mercy General Hospital",
            "admitted_on": "2026-11-18",
            "discharged_on": "2026-11-20",
            "disposition": "home",
        },
    )
    _view, section = _section(qtbot, nina)
    channels = [section.attempt_channel.itemText(i) for i in range(section.attempt_channel.count())]
    outcomes = [section.attempt_outcome.itemText(i) for i in range(section.attempt_outcome.count())]
    assert "Text" not in channels and "Phone" in channels  # the patient blocked texts
    assert "Left voicemail" not in outcomes  # no voicemail consent on file
    choose(qtbot, section.attempt_channel, "Phone")
    choose(qtbot, section.attempt_outcome, "No answer")
    qtbot.mouseClick(section.attempt_button, Qt.MouseButton.LeftButton)
    assert section.notice.text() == "No answer logged."
    assert "11/23/2026: phone, no answer (Nina Okafor)" in section.text.text()
    choose(qtbot, section.attempt_outcome, "No answer")
    qtbot.mouseClick(section.attempt_button, Qt.MouseButton.LeftButton)
    assert section.notice.text() == "No answer logged. The TCM contact is met (11/23/2026)."
    assert section.attempt_row.isHidden()  # no open contact clock left


def test_a_stay_recorded_by_mistake_is_marked_entered_in_error_with_a_reason(
    qtbot: QtBot, nina: Session
) -> None:
    from carecoord_desktop.services import due_items, transitions

    nina.clock = PracticeClock.fixed(MONDAY)
    patient = everyone(nina)[0]
    transitions.record_stay(
        nina,
        patient.id,
        {
            "kind": "inpatient",
            "facility_name": "Wrong Hospital",
            "admitted_on": "2026-11-18",
            "discharged_on": "2026-11-20",
            "disposition": "home",
        },
    )
    _view, section = _section(qtbot, nina)
    assert section.error_stay.currentText().startswith("Inpatient stay · Wrong Hospital")
    qtbot.mouseClick(section.error_button, Qt.MouseButton.LeftButton)
    assert section.notice.text() == "Say why this stay was entered in error."
    _type(qtbot, section.error_reason, "Wrong patient")
    qtbot.mouseClick(section.error_button, Qt.MouseButton.LeftButton)
    assert "entered in error" in section.notice.text()
    assert "Wrong Hospital" not in section.text.text() and section.error_row.isHidden()
    assert not [i for i in due_items.open_items(nina, patient.id) if i.item.kind.startswith("tcm.")]
