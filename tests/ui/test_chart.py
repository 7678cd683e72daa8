"""The chart: header, tabs, edits validated by the service with errors beside their fields, history,
role limits for the front desk, new patients with the duplicate check, and drafts kept over a lock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.clinical_summary import allergy_banner
from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.errors import PermissionDenied
from carecoord_desktop.services import audit_trail, drafts, patients
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.services.patients import PanelFilter, PanelQuery, PanelRow
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.read_views import CLINICAL_HIDDEN
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from tests.conftest import FRONT_PASSWORD, NURSE_PASSWORD, sign_in
from tests.ui.helpers import choose, everyone, open_main


def show_area(qtbot: QtBot, session: Session) -> PatientsArea:
    area = PatientsArea(session)
    qtbot.addWidget(area)
    area.resize(1300, 860)
    area.show()
    return area


def retype(qtbot: QtBot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def click(qtbot: QtBot, widget: object) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[arg-type]


def tab_titles(view: ChartView) -> list[str]:
    return [
        view.tabs.tabText(i).replace("&&", "\0").replace("&", "").replace("\0", "&")
        for i in range(view.tabs.count())
    ]


def test_opening_a_chart_shows_the_header_and_is_audited(qtbot: QtBot, filled: Path) -> None:
    session = sign_in(filled, "nina")
    area = show_area(qtbot, session)
    area.panel.table.setFocus()
    row = area.panel.model.row(0)
    qtbot.keyClick(area.panel.table, Qt.Key.Key_Return)
    view = area.chart_for(row.id)
    assert isinstance(view, ChartView) and area.tabs.currentWidget() is view
    patient = view.chart.patient
    details = view.header.details.text()
    assert view.header.name.text() == patient.display_name
    assert patient.mrn in details and patient.date_of_birth.strftime("%m/%d/%Y") in details
    assert f"{patient.age_on(session.clock.today())} years" in details
    assert "Nina Okafor" in details
    assert view.header.banner.text() == allergy_banner(patient.clinical)
    assert view.header.risk.isVisibleTo(view)
    assert tab_titles(view) == [
        "Summary",
        "Contact & preferences",
        "Problems & allergies",
        "Care team",
        "Referrals",
        "Transitions",
        "Medications",
        "Follow-ups",
        "Care plan & reviews",
        "History",
        "Disclosures",
    ]
    session.vault.close()
    admin = sign_in(filled, "admin")
    entries = audit_trail.search(admin, AuditFilter(action="chart.open", patient_id=row.id))
    assert [e.username for e in entries] == ["nina"]
    admin.vault.close()


def test_invalid_phone_shows_next_to_the_field_keeps_input_then_saves_with_history(
    qtbot: QtBot, nina: Session
) -> None:
    area = show_area(qtbot, nina)
    target = next(r for r in everyone(nina) if r.phone and r.phone.startswith("+1"))
    view = area.open_chart(target.id)
    assert view is not None
    old_mobile = view.chart.patient.phones.mobile
    section = view.sections["contact"]
    view.tabs.setCurrentWidget(section)
    click(qtbot, section.edit_button)
    form = section.form
    assert form is not None and form.isVisible()
    mobile = form.fields.widgets["phones.mobile"]
    best_time_note = form.fields.widgets["contact.best_time_note"]
    assert isinstance(mobile, QLineEdit) and isinstance(best_time_note, QLineEdit)
    retype(qtbot, mobile, "555-12")
    retype(qtbot, best_time_note, "After 3 pm, not Fridays")
    click(qtbot, form.save_button)

    error = form.fields.errors["phones.mobile"]
    assert error.isVisible()
    assert "area code" in error.text()
    assert error.parentWidget() is mobile.parentWidget()  # right under the phone field
    assert mobile.text() == "555-12"  # nothing typed is lost
    assert best_time_note.text() == "After 3 pm, not Fridays"
    assert form.general.isVisible()
    assert patients.open_chart(nina, target.id).patient.phones.mobile == old_mobile  # nothing saved

    retype(qtbot, mobile, "(617) 555-0199")
    click(qtbot, form.save_button)
    assert section.form is None  # back to reading
    stored = patients.open_chart(nina, target.id).patient
    assert stored.phones.mobile == "+16175550199"
    assert stored.contact.best_time_note == "After 3 pm, not Fridays"
    assert "(617) 555-0199" in section.text.text()
    assert section.notice.isVisible()

    view.tabs.setCurrentWidget(view.sections["history"])
    rows = [
        [view.sections["history"].table.item(r, c).text() for c in range(5)]
        for r in range(view.sections["history"].table.rowCount())
    ]
    assert [r[2:] for r in rows if r[2] == "Phones › Mobile"] == [
        ["Phones › Mobile", format_phone(old_mobile) if old_mobile else "—", "(617) 555-0199"]
    ]
    assert any(r[2] == "Contact › Best time note" and r[4] == "After 3 pm, not Fridays" for r in rows)
    assert all(r[1] == "nina" for r in rows if r[2].startswith(("Phones", "Contact")))
    created = [r[2] for r in rows].index("Chart created")  # the oldest, but for what predates the chart
    assert all(r[2].endswith("(before the chart was created here)") for r in rows[created + 1 :])


def test_clinical_edit_updates_banner_and_records_the_risk_tier_reason(qtbot: QtBot, nina: Session) -> None:
    area = show_area(qtbot, nina)
    target = everyone(nina)[7]
    view = area.open_chart(target.id)
    assert view is not None
    form = view.edit("clinical")
    form.fields.set_value("clinical.no_known_allergies", False)
    rows = form.lists["clinical.allergies"]
    click(qtbot, rows.add_button)
    index = rows.count - 1
    qtbot.keyClicks(form.fields.widgets[f"clinical.allergies.{index}.substance"], "Sulfa drugs")
    choose(qtbot, form.fields.widgets[f"clinical.allergies.{index}.severity"], "Severe")
    qtbot.keyClicks(form.fields.widgets[f"clinical.allergies.{index}.reactions"], "Rash, swelling")
    choose(qtbot, form.fields.widgets["clinical.risk_tier.tier"], "Complex")
    retype(qtbot, form.fields.widgets["clinical.risk_tier.reason"], "")
    click(qtbot, form.save_button)
    assert form.fields.errors["clinical.risk_tier.reason"].isVisible()  # a new tier needs a reason
    retype(qtbot, form.fields.widgets["clinical.risk_tier.reason"], "Two admissions this quarter")
    click(qtbot, form.save_button)
    assert view.sections["clinical"].form is None
    assert "Sulfa drugs (severe)" in view.header.banner.text()
    assert view.header.risk.text() == "Risk: Complex"
    risk = patients.open_chart(nina, target.id).patient.clinical.risk_tier
    assert risk is not None and risk.set_by == nina.user.id and risk.reason == "Two admissions this quarter"


def test_front_desk_sees_no_clinical_detail_and_a_clinical_edit_is_refused(
    qtbot: QtBot, filled: Path
) -> None:
    fred = sign_in(filled, "fred")
    area = show_area(qtbot, fred)
    target = everyone(fred)[11]
    view = area.open_chart(target.id)
    assert view is not None
    assert "Problems & allergies" not in tab_titles(view)
    assert view.header.banner.isHidden() and view.header.risk.isHidden()
    assert not view.header.banner.text() and not view.header.risk.text()
    assert (
        view.sections["summary"].clinical_hidden.isVisibleTo(view)
        and view.sections["summary"].clinical_hidden.text() == CLINICAL_HIDDEN
    )
    summary = view.sections["summary"].text.text()
    assert "Risk tier" not in summary and "Allergies" not in summary
    assert not view.sections["contact"].edit_button.isHidden()
    assert view.sections["careTeam"].edit_button.isHidden()

    # If a clinical edit is attempted anyway, the service refuses it and the form shows why.
    form = view.edit("careTeam")
    form.members.add_row({"kind": "staff", "role": "other", "staff_id": form.staff[0].id})
    click(qtbot, form.save_button)
    assert form.general.isVisible()
    assert "not allowed to edit clinical information" in form.general.text()
    with pytest.raises(PermissionDenied):
        patients.update_patient(fred, target.id, {"clinical": {"no_known_allergies": True}})
    fred.vault.close()
    admin = sign_in(filled, "admin")
    refused = audit_trail.search(
        admin, AuditFilter(username="fred", action="patient.edit", outcome="refused")
    )
    assert len(refused) == 2 and {e.patient_id for e in refused} == {target.id}
    admin.vault.close()


def test_new_patient_with_the_same_name_and_birth_date_shows_the_duplicates(
    qtbot: QtBot, nina: Session
) -> None:
    area = show_area(qtbot, nina)
    existing = everyone(nina)[5]
    before = patients.panel_count(nina, PanelFilter())
    click(qtbot, area.panel.new_button)
    view = area.new_patient_view()
    assert view is not None and area.tabs.currentWidget() is view
    identity = view.identity.fields.widgets
    qtbot.keyClicks(identity["given_name"], existing.given_name)
    qtbot.keyClicks(identity["family_name"], existing.family_name)
    qtbot.keyClicks(identity["date_of_birth"], existing.date_of_birth.strftime("%m/%d/%Y"))
    qtbot.keyClicks(identity["mrn"], "NEW-00017")
    choose(qtbot, identity["sex_at_birth"], "Unknown")
    click(qtbot, view.save_button)

    assert view.duplicates.isVisible()
    shown = [
        [view.duplicate_list.item(r, c).text() for c in range(5)]
        for r in range(view.duplicate_list.rowCount())
    ]
    assert [existing.mrn, "Same name and date of birth"] in [[r[2], r[4]] for r in shown]
    assert patients.panel_count(nina, PanelFilter()) == before  # nothing saved yet

    # Opening the existing chart instead is one click; here the person confirms it really is someone new.
    click(qtbot, view.confirm_button)
    assert patients.panel_count(nina, PanelFilter()) == before + 1
    assert area.new_patient_view() is None
    chart = area.tabs.currentWidget()
    assert isinstance(chart, ChartView) and chart.chart.patient.mrn == "NEW-00017"


def test_new_patient_errors_land_on_their_fields_and_a_duplicate_can_be_opened(
    qtbot: QtBot, nina: Session
) -> None:
    area = show_area(qtbot, nina)
    existing = everyone(nina)[9]
    view = area.new_patient()
    click(qtbot, view.save_button)
    fields = view.identity.fields
    assert "given (first) name" in fields.errors["given_name"].text()
    assert fields.errors["date_of_birth"].isVisible() and fields.errors["mrn"].isVisible()
    qtbot.keyClicks(fields.widgets["given_name"], "Zebedee")
    qtbot.keyClicks(fields.widgets["family_name"], "Quartermaine")
    qtbot.keyClicks(fields.widgets["date_of_birth"], "4/1/61")
    qtbot.keyClicks(fields.widgets["mrn"], existing.mrn)
    choose(qtbot, fields.widgets["sex_at_birth"], "Female")
    click(qtbot, view.save_button)
    assert view.duplicates.isVisible()
    assert not view.confirm_button.isEnabled()  # an MRN clash can never be saved
    click(qtbot, view.open_duplicate_button)
    assert area.tabs.currentWidget() is area.chart_for(existing.id)
    assert fields.widgets["given_name"].text() == "Zebedee"  # the new-patient tab keeps its input


def test_unsaved_chart_edit_goes_back_to_its_author_after_a_takeover(
    qtbot: QtBot, filled: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = open_main(qtbot, sign_in(filled, "nina"))
    area = window.area("patients")
    target = everyone(window.session)[3]
    view = area.open_chart(target.id)
    assert view is not None
    form = view.edit("contact")
    retype(qtbot, form.fields.widgets["email"], "new.address@example.org")

    window.lock()
    overlay = window.overlay
    overlay.username.clear()
    qtbot.keyClicks(overlay.username, "fred")
    qtbot.keyClicks(overlay.password, FRONT_PASSWORD)
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.user.username == "fred", timeout=10_000)
    assert window.area("patients").charts() == []  # Fred does not see Nina's open chart

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.lock()
    overlay.username.clear()
    qtbot.keyClicks(overlay.username, "nina")
    qtbot.keyClicks(overlay.password, NURSE_PASSWORD)
    qtbot.mouseClick(overlay.unlock_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.session.user.username == "nina", timeout=10_000)
    area = window.area("patients")
    restored = area.chart_for(target.id)
    assert restored is not None and area.tabs.currentWidget() is restored
    form = restored.sections["contact"].form
    assert form is not None and form.fields.value("email") == "new.address@example.org"
    assert drafts.my_drafts(window.session) == {}
    window.sign_out()


def test_closing_a_chart_asks_only_when_something_was_typed(
    qtbot: QtBot, nina: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    area = show_area(qtbot, nina)
    target = everyone(nina)[2]
    asked: list[str] = []

    def cancel(*args: object, **kw: object) -> QMessageBox.StandardButton:
        asked.append(str(args[2]))
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", cancel)
    view = area.open_chart(target.id)
    assert view is not None
    view.edit("contact")
    area.close_tab(area.tabs.indexOf(view))  # an untouched form: nothing to lose
    assert asked == [] and area.chart_for(target.id) is None

    view = area.open_chart(target.id)
    assert view is not None
    form = view.edit("contact")
    qtbot.keyClicks(form.fields.widgets["contact.best_time_note"], " (ask for Sam)")
    area.close_tab(area.tabs.indexOf(view))
    assert len(asked) == 1 and "not saved" in asked[0]
    assert area.chart_for(target.id) is view  # Cancel keeps the tab and its input


def program_target(session: Session) -> PanelRow:
    """One of Nina's active patients, so her default panel ("My patients", active) lists them, not in CCM."""
    mine = PanelFilter(coordinator_id=session.user.id, statuses=("active",))
    rows = patients.panel_page(session, PanelQuery(mine), limit=1000)
    return next(r for r in rows if "CCM" not in r.programs.split(", "))


def panel_lists(area: PatientsArea, patient_id: int) -> bool:
    model = area.panel.model
    while model.canFetchMore():
        model.fetchMore()
    return model.row_of(patient_id) >= 0


def test_ccm_enrolment_needs_consent_then_shows_in_summary_history_and_panel(
    qtbot: QtBot, nina: Session
) -> None:
    area = show_area(qtbot, nina)
    target = program_target(nina)
    choose(qtbot, area.panel.filters.program, "CCM")
    qtbot.waitUntil(lambda: area.panel.model.query.filter.program == "ccm")
    assert not panel_lists(area, target.id)

    view = area.open_chart(target.id)
    assert view is not None
    section = view.sections["summary"]
    click(qtbot, section.edit_button)
    form = section.form
    assert form is not None and form.isVisible()
    rows = form.lists["programs"]
    saved = rows.count
    started = date(date.today().year - 1, 3, 2)
    consented = date(date.today().year - 1, 2, 24)
    ccm, tcm = saved, saved + 1
    fields = form.fields.widgets

    click(qtbot, rows.add_button)
    assert area.window().focusWidget() is fields[f"programs.{ccm}.program"]  # Add goes to the new row
    choose(qtbot, fields[f"programs.{ccm}.program"], "Chronic Care Management (CCM)")
    qtbot.keyClicks(fields[f"programs.{ccm}.started_on"], started.strftime("%m/%d/%Y"))
    click(qtbot, rows.add_button)
    choose(qtbot, fields[f"programs.{tcm}.program"], "Transitional Care Management (TCM)")
    qtbot.keyClicks(fields[f"programs.{tcm}.started_on"], "1/10/2024")
    qtbot.keyClicks(fields[f"programs.{tcm}.ended_on"], "2/8/2024")
    click(qtbot, form.save_button)

    consent = fields[f"programs.{ccm}.consent_date"]
    assert isinstance(consent, QLineEdit)
    error = form.fields.errors[f"programs.{ccm}.consent_date"]
    assert error.isVisible() and "consented to CCM" in error.text()
    assert error.parentWidget() is consent.parentWidget()  # right under the consent date
    assert area.window().focusWidget() is consent  # the cursor goes to the field to fix
    assert not form.fields.errors[f"programs.{tcm}.consent_date"].isVisible()  # TCM needs no consent
    assert rows.count == saved + 2  # the typed rows stay, as typed
    assert form.fields.value(f"programs.{ccm}.program") == "ccm"
    assert form.fields.value(f"programs.{ccm}.started_on") == started.strftime("%m/%d/%Y")
    assert form.fields.value(f"programs.{tcm}.ended_on") == "2/8/2024"
    assert len(patients.open_chart(nina, target.id).patient.programs) == saved  # nothing saved

    qtbot.keyClicks(consent, consented.strftime("%m/%d/%Y"))
    click(qtbot, form.save_button)
    assert section.form is None
    stored = patients.open_chart(nina, target.id).patient.programs
    assert [(e.program.value, e.started_on, e.consent_date, e.ended_on) for e in stored[saved:]] == [
        ("ccm", started, consented, None),
        ("tcm", date(2024, 1, 10), None, date(2024, 2, 8)),
    ]
    summary = section.text.text()
    assert (
        f"Chronic Care Management (CCM) — started {started:%m/%d/%Y}, consent {consented:%m/%d/%Y}" in summary
    )
    assert "Transitional Care Management (TCM) — started 01/10/2024, ended 02/08/2024" in summary

    view.tabs.setCurrentWidget(view.sections["history"])
    history = [
        [view.sections["history"].table.item(r, c).text() for c in range(5)]
        for r in range(view.sections["history"].table.rowCount())
    ]
    assert [f"Programs {ccm + 1} › Program", "—", "CCM"] in [r[2:] for r in history]
    assert [f"Programs {ccm + 1} › Consent date", "—", f"{consented:%m/%d/%Y}"] in [r[2:] for r in history]

    assert panel_lists(area, target.id)  # the panel re-read itself after the save
    row = area.panel.model.row(area.panel.model.row_of(target.id))
    assert "CCM" in row.programs.split(", ") and "TCM" not in row.programs  # TCM ended: not current


def test_a_saved_enrolment_is_ended_not_removed_and_survives_a_draft(qtbot: QtBot, nina: Session) -> None:
    target = program_target(nina)
    started = date(date.today().year - 1, 5, 1)
    existing = [e.model_dump(mode="json") for e in patients.open_chart(nina, target.id).patient.programs]
    ccm = {"program": "ccm", "started_on": started.isoformat(), "consent_date": started.isoformat()}
    patients.update_patient(nina, target.id, {"programs": [*existing, ccm]})
    area = show_area(qtbot, nina)
    today = nina.clock.today()  # the practice's today, whatever the workstation's time zone
    view = area.open_chart(target.id)
    assert view is not None
    form = view.edit("summary")
    rows = form.lists["programs"]
    index = len(existing)

    def find(name: str) -> QPushButton | None:
        QApplication.processEvents()  # new rows show on the next turn of the event loop; old ones are hidden
        return next((b for b in form.findChildren(QPushButton, name) if b.isVisibleTo(form)), None)

    assert find(f"programs_{index}_remove") is None  # saved: end it instead
    assert find(f"programs_{index}_end") is not None
    click(qtbot, rows.add_button)
    fields = form.fields.widgets
    qtbot.keyClicks(fields[f"programs.{index + 1}.started_on"], f"{started:%m/%d/%Y}")
    qtbot.keyClicks(fields[f"programs.{index + 1}.consent_date"], f"{started:%m/%d/%Y}")
    click(qtbot, form.save_button)  # a second open CCM enrolment: the message goes on the repeating row
    error = form.fields.errors[f"programs.{index + 1}.program"]
    qtbot.waitUntil(error.isVisible)  # the new row itself shows on the next turn of the event loop
    assert "already has an open CCM enrolment" in error.text()
    assert not form.fields.errors[f"programs.{index}.program"].isVisible()
    remove = find(f"programs_{index + 1}_remove")  # not saved yet: removable
    assert remove is not None and find(f"programs_{index + 1}_end") is None
    click(qtbot, remove)
    assert rows.count == index + 1

    end = find(f"programs_{index}_end")
    assert end is not None
    click(qtbot, end)
    ended_on = form.fields.widgets[f"programs.{index}.ended_on"]
    assert form.fields.value(f"programs.{index}.ended_on") == f"{today:%m/%d/%Y}"
    assert area.window().focusWidget() is ended_on
    assert find(f"programs_{index}_end") is None  # ended: nothing more to end

    draft = view.draft_state()
    assert draft is not None
    again = ChartView(nina, view.chart, area.staff)
    qtbot.addWidget(again)
    again.restore_draft(draft)
    restored = again.sections["summary"].form
    assert restored is not None and restored.lists["programs"].count == index + 1
    assert restored.fields.value(f"programs.{index}.ended_on") == f"{today:%m/%d/%Y}"

    click(qtbot, form.save_button)
    assert view.sections["summary"].form is None
    stored = patients.open_chart(nina, target.id).patient.programs
    assert stored[index].ended_on == today
    assert f"ended {today:%m/%d/%Y}" in view.sections["summary"].text.text()
