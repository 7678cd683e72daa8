"""Admin areas: staff accounts, practice settings and the audit trail viewer."""

from __future__ import annotations

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QModelIndex, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox
from pytestqt.qtbot import QtBot

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.domain.errors import StorageUnavailable, ValidationFailed
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import audit_trail, auth, practice, staff
from carecoord_desktop.services.audit_trail import AuditFilter
from carecoord_desktop.ui.admin.audit_viewer import AuditViewerPage
from carecoord_desktop.ui.admin.practice_settings import PracticeSettingsPage
from carecoord_desktop.ui.admin.staff_accounts import StaffAccountsPage
from carecoord_desktop.ui.admin.staff_dialogs import choose_role
from carecoord_desktop.ui.models.audit_log_model import AuditLogModel
from carecoord_desktop.ui.models.staff_model import StaffModel
from tests.conftest import sign_in
from tests.ui.helpers import failing

NEW_PASSWORD = "granite hollow 6620 teacup"


@pytest.fixture
def admin(practice: Path):  # type: ignore[no-untyped-def]
    session = sign_in(practice, "admin")
    yield session
    session.vault.close()


def _page(qtbot: QtBot, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    return widget


def test_staff_table_lists_accounts(qtbot: QtBot, admin) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, StaffAccountsPage(admin))
    model = page.model
    rows = {model.index(r, StaffModel.USERNAME).data(): r for r in range(model.rowCount())}
    assert set(rows) == {"admin", "nina", "fred", "priya"}
    assert model.index(rows["fred"], StaffModel.ROLE).data() == "Front desk"
    assert model.index(rows["fred"], StaffModel.ACTIVE).data() == "Active"


def test_add_staff_shows_field_error_then_adds(qtbot: QtBot, admin, practice: Path) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, StaffAccountsPage(admin))
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    dialog = page.add_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClicks(dialog.full_name, "Nina Again")
    qtbot.keyClicks(dialog.username, "nina")
    choose_role(dialog.role, Role.PROVIDER)
    qtbot.keyClicks(dialog.password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.confirm, NEW_PASSWORD)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    error = dialog.errors.error_label("username")
    qtbot.waitUntil(error.isVisible, timeout=10_000)
    assert "is taken" in error.text()
    assert dialog.isVisible()
    assert dialog.full_name.text() == "Nina Again"  # nothing typed is lost

    dialog.username.clear()
    qtbot.keyClicks(dialog.username, "nagain")
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.selected() is not None and page.selected().username == "nagain"
    assert "Added Nina Again" in page.message.text()
    member = page.selected()
    assert member.role is Role.PROVIDER and member.must_change_password
    assert auth.verify_password(admin, "nagain", NEW_PASSWORD).must_change_password


def test_disable_asks_first_then_disables(
    qtbot: QtBot,
    admin,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    page = _page(qtbot, StaffAccountsPage(admin))
    page.select("fred")
    no = QMessageBox.StandardButton.No
    answers = iter([QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Yes, no])
    questions: list[str] = []

    def question(*args: object, **kw: object) -> QMessageBox.StandardButton:
        questions.append(str(args[2]))
        return next(answers)

    monkeypatch.setattr(QMessageBox, "question", question)
    qtbot.mouseClick(page.disable_button, Qt.MouseButton.LeftButton)
    assert "Disable Fred Lindqvist" in questions[0]
    assert page.selected().active
    qtbot.mouseClick(page.disable_button, Qt.MouseButton.LeftButton)
    assert not page.selected().active
    assert "still opens the vault with the old password" in questions[2]  # the rotation is offered
    row = page.model.row_of("fred")
    assert page.model.index(row, StaffModel.ACTIVE).data() == "Disabled"
    assert not page.disable_button.isEnabled()
    page.select("admin")
    assert not page.disable_button.isEnabled()  # never yourself


def test_reset_password_and_change_role(
    qtbot: QtBot, admin, practice: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    offered: list[str] = []
    monkeypatch.setattr(
        QMessageBox, "question", lambda *a, **_k: offered.append(str(a[2])) or QMessageBox.StandardButton.No
    )
    page = _page(qtbot, StaffAccountsPage(admin))
    page.select("nina")
    qtbot.mouseClick(page.reset_button, Qt.MouseButton.LeftButton)
    dialog = page.findChild(type(page.add_dialog or page), "resetPasswordDialog") or page.open_reset()
    qtbot.keyClicks(dialog.password, "short")
    qtbot.keyClicks(dialog.confirm, "short")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.errors.error_label("password").isVisible, timeout=10_000)
    assert "at least 12 characters" in dialog.errors.error_label("password").text()
    dialog.password.clear()
    dialog.confirm.clear()
    qtbot.keyClicks(dialog.password, NEW_PASSWORD)
    qtbot.keyClicks(dialog.confirm, NEW_PASSWORD)
    with qtbot.waitSignal(dialog.accepted, timeout=10_000):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.model.index(page.model.row_of("nina"), StaffModel.MUST_CHANGE).data() == "Yes"
    assert auth.verify_password(admin, "nina", NEW_PASSWORD).must_change_password
    assert len(offered) == 1 and "old password" in offered[0] and "new database key" in offered[0]

    page.select("priya")
    role_dialog = page.open_change_role()
    assert role_dialog is not None
    choose_role(role_dialog.role, Role.NURSE_COORDINATOR)
    with qtbot.waitSignal(role_dialog.accepted, timeout=10_000):
        qtbot.mouseClick(role_dialog.ok_button, Qt.MouseButton.LeftButton)
    assert page.model.index(page.model.row_of("priya"), StaffModel.ROLE).data() == "Nurse coordinator"

    page.select("admin")
    own_role = page.open_change_role()
    choose_role(own_role.role, Role.PROVIDER)
    qtbot.mouseClick(own_role.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(own_role.errors.general.isVisible, timeout=10_000)
    assert "cannot change your own role" in own_role.errors.general.text()
    own_role.reject()


def test_practice_settings_save_and_field_error(qtbot: QtBot, admin) -> None:  # type: ignore[no-untyped-def]
    page = _page(qtbot, PracticeSettingsPage(admin))
    assert page.name.text() == "Elm Street Family Practice"
    assert page.idle.value() == 10
    page.time_zone.setEditText("Mars/Olympus_Mons")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors.error_label("time_zone").isVisible()
    assert "not a known time zone" in page.errors.error_label("time_zone").text()
    page.time_zone.set_zone("America/Denver")
    page.idle.setValue(5)
    page.allow_stay.setChecked(True)
    with qtbot.waitSignal(page.saved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    settings = auth.practice_settings(admin)
    assert (settings.time_zone, settings.idle_lock_minutes, settings.allow_stay_signed_in) == (
        "America/Denver",
        5,
        True,
    )
    assert page.message.text() == "Settings saved."


def test_audit_viewer_filters_by_user_and_exports_csv(
    qtbot: QtBot, practice: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    auth.sign_out(sign_in(practice, "nina"))
    admin = sign_in(practice, "admin")
    page = _page(qtbot, AuditViewerPage(admin))
    assert len(audit_trail.search(admin, AuditFilter(action="audit.view"))) == 1  # looking is recorded
    everything = page.model.total
    assert everything > 0 and page.count_label.text().endswith("entries")
    page.user.setCurrentText("nina")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    users = {page.model.index(r, AuditLogModel.USER).data() for r in range(page.model.rowCount())}
    assert users == {"nina"}
    assert page.model.total == 2 < everything  # her sign-in and sign-out
    page.user.setCurrentText("admin")
    page.action.setCurrentText("staff.add")
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.model.total == 3
    subjects = sorted(page.model.index(r, AuditLogModel.SUBJECT).data() for r in range(3))
    assert subjects == ["fred", "nina", "priya"]

    target = tmp_path / "audit.csv"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "CSV files (*.csv)"))
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    with target.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert sorted(r["subject"] for r in rows) == ["fred", "nina", "priya"]
    assert {r["username"] for r in rows} == {"admin"}
    exports = audit_trail.search(admin, AuditFilter(action="audit.export"))
    assert len(exports) == 1 and exports[0].detail["rows"] == 3
    assert "Exported 3 entries" in page.message.text()
    admin.vault.close()


def test_audit_viewer_verify_and_date_range(qtbot: QtBot, admin) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QDate

    page = _page(qtbot, AuditViewerPage(admin))
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.message.text().startswith("Audit trail intact")
    page.date_from.setDate(QDate.currentDate().addDays(1))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.model.total == 0
    page.date_from.setDate(QDate.currentDate().addDays(-1))
    page.date_to.setDate(QDate.currentDate().addDays(1))
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.model.total > 0
    qtbot.mouseClick(page.clear_button, Qt.MouseButton.LeftButton)
    assert page.date_from.text() == "Any"


def test_audit_model_fetches_in_pages(qtbot: QtBot, admin) -> None:  # type: ignore[no-untyped-def]
    from pytestqt.modeltest import ModelTester

    page_size = AuditLogModel.PAGE_SIZE
    for _ in range(page_size + 20):
        admin.audit_separately("test.filler", "ok")
    model = AuditLogModel(admin.clock)
    flt = AuditFilter()
    model.reset(
        lambda offset, limit: audit_trail.search(admin, flt, limit=limit, offset=offset),
        audit_trail.count(admin, flt),
    )
    assert model.rowCount() == page_size
    assert model.canFetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == model.total
    assert not model.canFetchMore(QModelIndex())
    ModelTester(qtbot._request.config).check(model)  # type: ignore[attr-defined]
    ModelTester(qtbot._request.config).check(StaffModel())  # type: ignore[attr-defined]


def test_audit_viewer_records_the_look_on_first_show_only(qtbot: QtBot, admin) -> None:  # type: ignore[no-untyped-def]
    def looks() -> int:
        return len(audit_trail.search(admin, AuditFilter(action="audit.view")))

    page = AuditViewerPage(admin)
    qtbot.addWidget(page)
    assert looks() == 0 and page.model.rowCount() == 0  # built (as at every admin sign-in), not looked at
    page.show()
    assert looks() == 1 and page.model.rowCount() > 0
    page.hide()
    page.show()
    assert looks() == 1


def test_audit_viewer_storage_error_is_a_message_not_a_crash(  # type: ignore[no-untyped-def]
    qtbot: QtBot, admin, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = StorageUnavailable("The disk is full, so the audit entry could not be saved.")
    failing(monkeypatch, audit_trail, "open_viewer", full)
    page = _page(qtbot, AuditViewerPage(admin))
    assert page.message.isVisible() and page.message.text() == full.message
    assert page.model.rowCount() == 0  # no entries shown when the look cannot be recorded
    monkeypatch.undo()
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)  # tries the look again, now it works
    assert page.message.isHidden() and page.model.rowCount() > 0
    assert len(audit_trail.search(admin, AuditFilter(action="audit.view"))) == 1

    failing(monkeypatch, audit_trail, "search", full)
    qtbot.mouseClick(page.apply_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == full.message and page.model.rowCount() == 0
    failing(monkeypatch, audit_trail, "verify", full)
    qtbot.mouseClick(page.verify_button, Qt.MouseButton.LeftButton)
    assert page.message.text() == full.message


def test_non_admin_cannot_open_staff_page(practice: Path) -> None:
    nurse = sign_in(practice, "nina")
    from carecoord_desktop.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        StaffAccountsPage(nurse)
    assert not nurse.can(staff.Permission.MANAGE_STAFF)
    nurse.vault.close()


def test_practice_settings_closures_and_the_next_public_holidays(qtbot: QtBot, admin) -> None:  # type: ignore[no-untyped-def]
    admin.clock = PracticeClock.fixed(datetime(2026, 11, 20, 9, 0))
    page = _page(qtbot, PracticeSettingsPage(admin))
    assert page.closures.count() == 0
    assert "<b>11/26/2026</b> Thanksgiving" in page.holidays.text()
    assert page.holidays.text().index("11/26/2026") < page.holidays.text().index("12/25/2026")
    for day in (QDate(2026, 12, 24), QDate(2026, 11, 27), QDate(2026, 12, 24)):
        page.closure_date.setDate(day)
        qtbot.mouseClick(page.add_closure, Qt.MouseButton.LeftButton)
    assert [page.closures.item(i).text() for i in range(page.closures.count())] == [
        "11/27/2026",
        "12/24/2026",
    ]
    assert page.draft_state() is not None  # unsaved closures are input worth keeping
    with qtbot.waitSignal(page.saved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert auth.practice_settings(admin).closures == (date(2026, 11, 27), date(2026, 12, 24))
    assert page.draft_state() is None
    assert admin.clock.calendar.holiday_name(date(2026, 11, 27)) == "Practice closure"

    page.closures.setCurrentRow(0)
    qtbot.mouseClick(page.remove_closure, Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(page.saved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert auth.practice_settings(admin).closures == (date(2026, 12, 24),)

    page.country.set_code("GB")  # the state list follows the country; the holidays shown follow both
    assert page.state.code() == "" and page.state.findData("SCT") > 0 and page.state.findData("MA") < 0


def test_country_and_state_come_from_the_holiday_lists_and_a_bad_value_is_an_error_beside_its_field(
    qtbot: QtBot,
    admin,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(ValidationFailed) as refused:  # what "USA" / "Massachusetts" did: cut, then saved
        practice.update_settings(admin, country="USA", state="Massachusetts")
    assert set(refused.value.field_errors) == {"country"}
    assert "USA" in refused.value.field_errors["country"]
    with pytest.raises(ValidationFailed) as refused:
        practice.update_settings(admin, country="US", state="Massachusetts")
    assert "'Massachusetts' is not a state or region of United States" in refused.value.field_errors["state"]
    assert auth.practice_settings(admin).state == ""  # nothing saved

    page = _page(qtbot, PracticeSettingsPage(admin))
    assert page.country.currentText() == "United States (US)"
    page.state.setCurrentIndex(page.state.findText("Massachusetts (MA)"))
    with qtbot.waitSignal(page.saved):
        qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert (auth.practice_settings(admin).country, auth.practice_settings(admin).state) == ("US", "MA")
    page.country.set_code("XX")  # a value stored before the lists: shown, and refused beside its field
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors.error_label("country").isVisible()
    assert "Choose the country from the list" in page.errors.error_label("country").text()
