"""The main window: navigation over the areas that exist, menus, status bar, locking and hand-over."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.backup_policy import BackupEvent
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import auth, backup, drafts, staff
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.session import Session, StaffMember
from carecoord_desktop.ui.admin.audit_viewer import AuditViewerPage
from carecoord_desktop.ui.admin.backups import BackupsPanel
from carecoord_desktop.ui.admin.practice_settings import PracticeSettingsPage
from carecoord_desktop.ui.admin.staff_accounts import StaffAccountsPage
from carecoord_desktop.ui.app_config import WorkstationConfig
from carecoord_desktop.ui.backup_schedule import BackupSchedule
from carecoord_desktop.ui.dialogs.about import AboutDialog
from carecoord_desktop.ui.dialogs.change_password import ChangePasswordDialog
from carecoord_desktop.ui.drafts import HoldsDraft
from carecoord_desktop.ui.home import HomePage
from carecoord_desktop.ui.idle import IdleWatcher
from carecoord_desktop.ui.panel.patients_area import PatientsArea
from carecoord_desktop.ui.referrals.worklist import REFERRALS_AREA, ReferralWorklist
from carecoord_desktop.ui.search.shortcut import WindowShortcutWins
from carecoord_desktop.ui.theme import MARGIN
from carecoord_desktop.ui.widgets.lock_overlay import LockOverlay
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.workers import Task, run_in_worker

log = logging.getLogger(__name__)

STAFF_AREA, SETTINGS_AREA, AUDIT_AREA, HOME_AREA = (
    "Staff accounts",
    "Practice settings",
    "Audit trail",
    "Home",
)
PATIENTS_AREA = "Patients"
BACKUPS_AREA = "Backups"
FORM_NAMES = {
    "admin.staff.add": "the new staff account form",
    "admin.practice_settings": "practice settings",
    "patients": "patient chart edits",
    "referrals": "referral edits",
}


@dataclass
class UnsavedInput:
    """Input held at a hand-over that the vault would not take (a full disk): kept in this window instead."""

    owner_name: str
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)


class MainWindow(QMainWindow):
    signed_out = Signal()
    quit_requested = Signal()

    def __init__(
        self, session: Session, *, demo: bool = False, config: WorkstationConfig | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.demo = demo
        self.config = config
        self.session = session
        self.locked = False
        self._closing = False
        self._held_drafts: dict[str, dict[str, Any]] = {}
        self._unsaved: dict[int, UnsavedInput] = {}  # by owner's staff id
        self.areas: dict[str, QWidget] = {}

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.setFixedWidth(210)
        self.navigation.setIconSize(QSize(18, 18))
        self.area_stack = QStackedWidget()
        self.area_stack.setObjectName("areaStack")
        self.navigation.currentRowChanged.connect(self.area_stack.setCurrentIndex)
        # What concerns the whole window, such as input kept over a hand-over.
        self.notice = Notice("windowNotice")
        self.content = QWidget()
        self.content.setObjectName("content")
        row = QHBoxLayout(self.content)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.navigation)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        notice_row = QHBoxLayout()
        notice_row.setContentsMargins(MARGIN + 4, MARGIN // 2, MARGIN + 4, 0)
        notice_row.addWidget(self.notice)
        column.addLayout(notice_row)
        column.addWidget(self.area_stack, 1)
        row.addLayout(column, 1)

        self.overlay = LockOverlay(lambda username: auth.retry_after(self.session.vault.path, username))
        self.overlay.unlock_requested.connect(self._unlock)
        self.root = QStackedWidget()
        self.root.setObjectName("rootStack")
        self.root.addWidget(self.content)
        self.root.addWidget(self.overlay)
        self.setCentralWidget(self.root)

        self.idle = IdleWatcher(self)
        self.idle.idle.connect(lambda: self.lock(idle=True))
        self.backups = BackupSchedule(self, self._backups_area_tasks)
        self.backups.status.connect(self._show_backup_status)
        self._build_status_bar()
        self._build_menus()
        self.set_session(session)
        self.resize(1180, 760)

    # -- building ----------------------------------------------------------------------------------
    def _action(
        self,
        text: str,
        name: str,
        slot: Any,
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    ) -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.triggered.connect(slot)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.addAction(action)  # shortcuts work even while the menu bar is hidden
        return action

    def _build_menus(self) -> None:
        bar = self.menuBar()
        self.file_menu = bar.addMenu("&File")
        self.file_menu.setObjectName("fileMenu")
        self.lock_action = self._action("&Lock", "lockAction", lambda: self.lock(idle=False), "Ctrl+L")
        self.sign_out_action = self._action("Sign &out", "signOutAction", self.sign_out)
        self.quit_action = self._action("&Quit", "quitAction", self.quit, QKeySequence.StandardKey.Quit)
        self.file_menu.addAction(self.lock_action)
        self.file_menu.addAction(self.sign_out_action)
        self.file_menu.addSeparator()
        self.file_menu.addAction(self.quit_action)

        self.account_menu = bar.addMenu("A&ccount")
        self.account_menu.setObjectName("accountMenu")
        self.account_menu.setToolTipsVisible(True)
        self.change_password_action = self._action(
            "&Change password…", "changePasswordAction", self.change_password
        )
        self.stay_action = self._action(
            "&Stay signed in on this computer", "staySignedInAction", lambda: None
        )
        self.stay_action.setCheckable(True)
        self.stay_action.toggled.connect(self._toggle_stay_signed_in)
        self.account_menu.addAction(self.change_password_action)
        self.account_menu.addAction(self.stay_action)

        self.admin_menu = bar.addMenu("&Admin")
        self.admin_menu.setObjectName("adminMenu")
        self.staff_action = self._action("&Staff accounts", "staffAction", lambda: self.show_area(STAFF_AREA))
        self.settings_action = self._action(
            "&Practice settings", "settingsAction", lambda: self.show_area(SETTINGS_AREA)
        )
        self.audit_action = self._action("&Audit trail", "auditAction", lambda: self.show_area(AUDIT_AREA))
        self.backups_action = self._action("&Backups", "backupsAction", lambda: self.show_area(BACKUPS_AREA))
        for action in (self.staff_action, self.settings_action, self.audit_action, self.backups_action):
            self.admin_menu.addAction(action)

        self.patients_menu = bar.addMenu("&Patients")
        self.patients_menu.setObjectName("patientsMenu")
        self.find_patient_action = self._action(
            "&Find patient…", "findPatientAction", self.find_patient, "Ctrl+K"
        )
        self.patients_menu.addAction(self.find_patient_action)
        WindowShortcutWins(self, QKeySequence("Ctrl+K"))  # beats "delete to end of line" in text fields

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.setObjectName("helpMenu")
        self.about_action = self._action("&About CareCoord Desktop", "aboutAction", self.show_about)
        self.help_menu.addAction(self.about_action)

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setSizeGripEnabled(False)
        self.user_label = QLabel()
        self.user_label.setObjectName("statusUser")
        self.role_label = QLabel()
        self.role_label.setObjectName("statusRole")
        self.vault_label = QLabel()
        self.vault_label.setObjectName("statusVault")
        self.demo_label = QLabel("DEMO")
        self.demo_label.setObjectName("demoBadge")
        self.backup_label = QLabel()
        self.backup_label.setObjectName("statusBackup")
        for label in (self.user_label, self.role_label):
            bar.addWidget(label)
        bar.addPermanentWidget(self.backup_label)
        bar.addPermanentWidget(self.vault_label)
        bar.addPermanentWidget(self.demo_label)

    def add_area(self, name: str, widget: QWidget, icon: QIcon | None = None) -> QWidget:
        """The one call a feature makes to appear in the window."""
        item = QListWidgetItem(icon or QIcon(), name)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, name)
        self.navigation.addItem(item)
        self.area_stack.addWidget(widget)
        self.areas[name] = widget
        return widget

    def show_area(self, name: str) -> QWidget:
        widget = self.areas[name]
        self.navigation.setCurrentRow(self.area_stack.indexOf(widget))
        return widget

    def _clear_areas(self) -> None:
        self.navigation.clear()
        for widget in self.areas.values():
            self.area_stack.removeWidget(widget)
            widget.deleteLater()
        self.areas = {}

    def set_session(self, session: Session) -> None:
        """(Re)build everything for whoever is signed in."""
        self.session = session
        settings = auth.practice_settings(session)
        self.practice_name = settings.practice_name
        self.idle_minutes = settings.idle_lock_minutes
        self._clear_areas()
        self.add_area(HOME_AREA, HomePage(session, settings.practice_name))
        if session.can(Permission.VIEW_PATIENT_DEMOGRAPHICS):
            self.add_area(PATIENTS_AREA, PatientsArea(session))
        if session.can(Permission.VIEW_REFERRALS):
            self.add_area(REFERRALS_AREA, ReferralWorklist(session))
        if session.can(Permission.MANAGE_STAFF):
            self.add_area(STAFF_AREA, StaffAccountsPage(session))
        if session.can(Permission.MANAGE_PRACTICE_SETTINGS):
            page = PracticeSettingsPage(session)
            page.saved.connect(self._settings_saved)
            self.add_area(SETTINGS_AREA, page)
        if session.can(Permission.VIEW_AUDIT):
            self.add_area(AUDIT_AREA, AuditViewerPage(session))
        if session.can(Permission.RESTORE):
            panel = BackupsPanel(session)
            panel.status_changed.connect(self._show_backup_status)
            self.add_area(BACKUPS_AREA, panel)
        self.navigation.setCurrentRow(0)
        if PATIENTS_AREA in self.areas:
            self.show_area(PATIENTS_AREA)
        self.patients_menu.menuAction().setVisible(PATIENTS_AREA in self.areas)
        self.find_patient_action.setEnabled(PATIENTS_AREA in self.areas)
        self.staff_action.setVisible(STAFF_AREA in self.areas)
        self.settings_action.setVisible(SETTINGS_AREA in self.areas)
        self.audit_action.setVisible(AUDIT_AREA in self.areas)
        self.backups_action.setVisible(BACKUPS_AREA in self.areas)
        self.admin_menu.menuAction().setVisible(
            any(a in self.areas for a in (STAFF_AREA, SETTINGS_AREA, AUDIT_AREA, BACKUPS_AREA))
        )
        self._refresh_identity()
        self._refresh_stay_signed_in()
        self.idle.start(self.idle_minutes)
        self._show_backup_status(*backup.last_backup_status(session))
        self.backups.start(session)

    def _refresh_identity(self) -> None:
        user = self.session.user
        self.user_label.setText(user.full_name)
        self.role_label.setText(user.role.label)
        self.vault_label.setText(f"Vault: {self.session.vault.name}")
        self.vault_label.setToolTip(str(self.session.vault.path))
        self.demo_label.setVisible(self.demo)
        shown = self.practice_name.removesuffix(" (DEMO)")
        self.setWindowTitle(("DEMO — " if self.demo else "") + f"{shown} — CareCoord Desktop")

    def _settings_saved(self, settings: Any) -> None:
        self.practice_name = settings.practice_name
        self.idle_minutes = settings.idle_lock_minutes
        self._refresh_identity()
        self.idle.start(self.idle_minutes)
        self._refresh_stay_signed_in()

    # -- stay signed in ------------------------------------------------------------------------------
    def _refresh_stay_signed_in(self) -> None:
        ok, reason = staff.stay_signed_in_status(self.session)
        on = self.session.user.stay_signed_in
        self.stay_action.blockSignals(True)
        self.stay_action.setChecked(on)
        self.stay_action.blockSignals(False)
        self.stay_action.setEnabled(ok or on)
        self.stay_action.setToolTip(
            reason
            if not ok
            else "Open CareCoord without a password on this computer, until you turn this off."
        )

    def _toggle_stay_signed_in(self, on: bool) -> None:
        try:
            if on:
                staff.remember_this_computer(self.session)
            else:
                staff.forget_this_computer(self.session)
        except UserError as exc:
            QMessageBox.warning(self, "Stay signed in", exc.message)
        if self.config is not None:
            remembered = self.session.user.username if self.session.user.stay_signed_in else None
            if (
                remembered
                or self.config.remembered_user(self.session.vault.path) == self.session.user.username
            ):
                self.config.set_remembered_user(self.session.vault.path, remembered)
        self._refresh_stay_signed_in()

    # -- locking -------------------------------------------------------------------------------------
    def _draft_holders(self) -> dict[str, HoldsDraft]:
        return {w.draft_key: w for w in self.areas.values() if isinstance(w, HoldsDraft)}

    def collect_drafts(self) -> dict[str, dict[str, Any]]:
        held: dict[str, dict[str, Any]] = {}
        for key, holder in self._draft_holders().items():
            state = holder.draft_state()
            if state:
                held[key] = state
        return held

    def lock(self, *, idle: bool = False) -> None:
        if self.locked:
            return
        self.locked = True
        self.backups.paused = True
        self.idle.stop()
        self._held_drafts = self.collect_drafts()
        for dialog in self.findChildren(QDialog):
            if dialog.isVisible():
                dialog.reject()
        auth.lock(self.session, idle=idle)
        self.menuBar().hide()
        self.statusBar().hide()
        for action in self.actions():
            action.setEnabled(False)
        self.root.setCurrentWidget(self.overlay)
        user = self.session.user
        self.overlay.prepare(self.practice_name, user.full_name, user.username)
        log.info("Window locked (%s)", "idle" if idle else "manual")

    def _unlock(self, username: str, password: str) -> None:
        previous = self.session
        run_in_worker(
            lambda: auth.unlock(previous, username, password), self._unlocked, self.overlay.show_error
        )

    def _unlocked(self, session: Session) -> None:
        previous = self.session
        if session is previous:
            self._show_content()
            for key, payload in self._held_drafts.items():
                holder = self._draft_holders().get(key)
                if holder is not None:
                    holder.restore_draft(payload)
            self._held_drafts = {}
            return
        self._keep_drafts(session, previous.user, self._held_drafts)
        self._held_drafts = {}
        if session.user.must_change_password:
            dialog = ChangePasswordDialog(session, required=True, parent=self)
            dialog.accepted.connect(lambda: self._take_over(session))
            dialog.rejected.connect(lambda: self._sign_out_session(session))
            self.password_dialog = dialog
            dialog.open()
            return
        self._take_over(session)

    def _take_over(self, session: Session) -> None:
        self._show_content()
        self.set_session(session)
        self.offer_drafts()

    def _show_content(self) -> None:
        self.locked = False
        self.backups.paused = False
        for action in self.actions():
            action.setEnabled(True)
        self.menuBar().show()
        self.statusBar().show()
        self.root.setCurrentWidget(self.content)
        self._refresh_stay_signed_in()
        self.idle.start(self.idle_minutes)

    # -- drafts kept for this user -----------------------------------------------------------------
    def _keep_drafts(self, session: Session, owner: StaffMember, held: dict[str, dict[str, Any]]) -> None:
        """At a hand-over: keep `owner`'s unsaved input in the vault for them, through the new `session`.

        What the vault refuses (a full disk) stays in this window, is tried again at the next hand-over and
        is offered to its owner when they are back; the notice says so, so nobody closes the app on it.
        """
        self.notice.hide()
        if held:
            self._unsaved.setdefault(owner.id, UnsavedInput(owner.full_name)).forms.update(held)
        problem = ""
        for owner_id, unsaved in list(self._unsaved.items()):
            if owner_id == session.user.id:
                continue  # back in person: offered to them from here
            for key, payload in list(unsaved.forms.items()):
                try:
                    drafts.save_draft(session, key, payload, owner_id=owner_id)
                except UserError as exc:
                    problem = exc.message
                else:
                    del unsaved.forms[key]
            if not unsaved.forms:
                del self._unsaved[owner_id]
        if problem:
            names = " and ".join(u.owner_name for i, u in self._unsaved.items() if i != session.user.id)
            self.notice.say(
                f"The unsaved input of {names} could not be kept in the vault: {problem} It is held in this "
                "window until they sign in here again, so keep CareCoord open.",
                error=True,
            )

    def offer_drafts(self) -> None:
        try:
            kept = drafts.my_drafts(self.session)
        except UserError as exc:
            kept = {}
            self.notice.say(f"Your kept input could not be read: {exc.message}", error=True)
        held = self._unsaved.pop(self.session.user.id, None)
        in_window = held.forms if held is not None else {}
        holders = self._draft_holders()
        usable = {k: v for k, v in (kept | in_window).items() if k in holders}
        if held is not None and (left := {k: v for k, v in in_window.items() if k not in usable}):
            self._unsaved[self.session.user.id] = UnsavedInput(held.owner_name, left)
        if not usable:
            return
        names = ", ".join(FORM_NAMES.get(k, k) for k in usable)
        answer = QMessageBox.question(
            self,
            "Unsaved input kept for you",
            f"When someone else signed in on this computer, your unsaved input was kept: {names}.\n\n"
            "Put it back now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            if held is not None:  # still theirs: offered again at their next hand-over
                self._unsaved.setdefault(self.session.user.id, UnsavedInput(held.owner_name)).forms.update(
                    {k: v for k, v in in_window.items() if k in usable}
                )
            return
        for key, payload in usable.items():
            for name, widget in self.areas.items():
                if isinstance(widget, HoldsDraft) and widget is holders[key]:
                    self.show_area(name)
            holders[key].restore_draft(payload)
            if key not in kept:
                continue
            try:
                drafts.discard_draft(self.session, key)
            except UserError as exc:  # put back all the same; the stored copy is offered again later
                log.warning("A restored draft could not be discarded: %s", type(exc).__name__)

    def find_patient(self) -> None:
        """Ctrl+K from anywhere: the quick patient search."""
        area = self.areas.get(PATIENTS_AREA)
        if isinstance(area, PatientsArea) and not self.locked:
            self.show_area(PATIENTS_AREA)
            area.open_quick_search()

    # -- account -----------------------------------------------------------------------------------
    def change_password(self) -> ChangePasswordDialog:
        dialog = ChangePasswordDialog(self.session, parent=self)
        dialog.accepted.connect(lambda: self.statusBar().showMessage("Your password was changed.", 5000))
        self.password_dialog = dialog
        dialog.open()
        return dialog

    def show_about(self) -> AboutDialog:
        dialog = AboutDialog(self.session, self)
        self.about_dialog = dialog
        dialog.open()
        return dialog

    # -- backups ---------------------------------------------------------------------------------------
    def _backups_area_tasks(self) -> list[Task | None]:
        panel = self.areas.get(BACKUPS_AREA)
        return [panel.task if isinstance(panel, BackupsPanel) else None]

    def _show_backup_status(self, text: str, overdue: bool) -> None:
        self.backup_label.setText(text)
        self.backup_label.setProperty("warning", overdue)
        self.backup_label.setStyleSheet("color: #a4262c; font-weight: 600;" if overdue else "")

    def _leave(self, session: Session, event: BackupEvent) -> None:
        """What signing out and closing share: stop the timers, back up if due, record the sign-out."""
        self._closing = True
        self.idle.stop()
        self.backups.before_leaving(session, event)
        try:
            auth.sign_out(session)
        except UserError as exc:
            log.warning("Sign-out could not be recorded: %s", type(exc).__name__)

    def _sign_out_session(self, session: Session) -> None:
        self._leave(session, "sign_out")
        self.close()
        self.signed_out.emit()

    def sign_out(self) -> None:
        self._sign_out_session(self.session)

    def quit(self) -> None:
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._closing:
            self._leave(self.session, "close")
            self.quit_requested.emit()
        super().closeEvent(event)
