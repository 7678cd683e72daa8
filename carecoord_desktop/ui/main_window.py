"""The main window: navigation over the registered areas (ui/areas.py), menus, status bar, locking and
hand-over. Areas are built the first time they are shown."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.backup_policy import BackupEvent
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.practice import PracticeSettings
from carecoord_desktop.services import auth, backup, drafts, stay_signed_in
from carecoord_desktop.services.session import Session, StaffMember
from carecoord_desktop.ui.app_config import WorkstationConfig
from carecoord_desktop.ui.area_spec import AreaSpec, OpensCharts, RunsVaultWork
from carecoord_desktop.ui.areas import AREAS, CHART_AREA
from carecoord_desktop.ui.backup_schedule import BackupSchedule
from carecoord_desktop.ui.dialogs.about import AboutDialog
from carecoord_desktop.ui.dialogs.change_password import ChangePasswordDialog
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.drafts import HoldsDraft
from carecoord_desktop.ui.idle import IdleWatcher
from carecoord_desktop.ui.printing.chart_hooks import add_print_menu
from carecoord_desktop.ui.registry import load_class
from carecoord_desktop.ui.search.shortcut import WindowShortcutWins
from carecoord_desktop.ui.theme import MARGIN
from carecoord_desktop.ui.widgets.elided_label import ElidedLabel
from carecoord_desktop.ui.widgets.lock_overlay import LockOverlay
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.screen_fit import fit_to_screen
from carecoord_desktop.ui.workers import Task, run_in_worker

STAY_TEXT = "&Stay signed in on this computer"
log = logging.getLogger(__name__)


@dataclass
class UnsavedInput:
    """Input held at a hand-over that the vault would not take (a full disk): kept in this window instead."""

    owner_name: str
    forms: dict[str, dict[str, Any]] = field(default_factory=dict)


class MainWindow(QMainWindow):
    signed_out = Signal()
    quit_requested = Signal()

    def __init__(
        self,
        session: Session,
        *,
        demo: bool = False,
        config: WorkstationConfig | None = None,
        areas: tuple[AreaSpec, ...] = AREAS,
    ) -> None:
        super().__init__()
        self.setObjectName("mainWindow")
        self.demo = demo
        self.config = config
        self.session = session
        self.specs = {spec.key: spec for spec in areas}
        self.permitted: list[AreaSpec] = []  # the areas the signed-in role may open, in navigation order
        self.locked = False
        self._closing = False
        self._held_drafts: dict[str, dict[str, Any]] = {}
        self._unsaved: dict[int, UnsavedInput] = {}  # by owner's staff id
        self.areas: dict[str, QWidget] = {}  # the areas built so far, by key
        self._area_actions: dict[str, QAction] = {}
        self._menus: dict[str, QMenu] = {}

        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setAccessibleName("Areas")
        self.navigation.setFixedWidth(210)
        self.navigation.setIconSize(QSize(18, 18))
        self.area_stack = QStackedWidget()
        self.area_stack.setObjectName("areaStack")
        self.navigation.currentRowChanged.connect(self._row_changed)
        # What concerns the whole window, such as input kept over a hand-over.
        self.notice = Notice("windowNotice", lasting=True)
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
        # On a small screen or at a large scale factor an area scrolls rather than clips or pushes the window
        # off the screen.
        self.area_scroll = QScrollArea()
        self.area_scroll.setObjectName("areaScroll")
        self.area_scroll.setWidgetResizable(True)
        self.area_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.area_scroll.setWidget(self.area_stack)
        column.addWidget(self.area_scroll, 1)
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
        self.backups = BackupSchedule(self, self._area_tasks)
        self.backups.status.connect(self.show_backup_status)
        self._build_status_bar()
        self._build_menus()
        self.set_session(session)
        fit_to_screen(self, 1240, 820)  # or smaller, to fit the screen the window opens on

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
        self.stay_action = self._action(STAY_TEXT, "staySignedInAction", lambda: None)
        self.stay_action.setCheckable(True)
        self.stay_action.toggled.connect(self._toggle_stay_signed_in)
        self.account_menu.addAction(self.change_password_action)
        self.account_menu.addAction(self.stay_action)

        self.admin_menu = self._menu("&Admin")
        self.patients_menu = self._menu("&Patients")
        self.find_patient_action = self._action(
            "&Find patient…", "findPatientAction", self.find_patient, "Ctrl+K"
        )
        self.patients_menu.addAction(self.find_patient_action)
        self.print_summary_action = add_print_menu(self)
        WindowShortcutWins(self, QKeySequence("Ctrl+K"))  # beats "delete to end of line" in text fields

        for spec in self.specs.values():  # each area's entry, in the menu its spec names
            if spec.menu:
                action = self._action(
                    spec.menu_text or spec.title,
                    spec.action_name,
                    lambda _checked=False, key=spec.key: self.show_area(key),
                    spec.shortcut or None,
                )
                self._menu(spec.menu).addAction(action)
                self._area_actions[spec.key] = action
            elif spec.shortcut:
                self._area_actions[spec.key] = self._action(
                    spec.title,
                    spec.action_name,
                    lambda _c=False, key=spec.key: self.show_area(key),
                    spec.shortcut,
                )

        self.help_menu = bar.addMenu("&Help")
        self.help_menu.setObjectName("helpMenu")
        self.about_action = self._action("&About CareCoord Desktop", "aboutAction", self.show_about)
        self.help_menu.addAction(self.about_action)

    def _menu(self, title: str) -> QMenu:
        """The menu called `title`, made on first use ("&Admin" is objectName adminMenu)."""
        if title not in self._menus:
            menu = self.menuBar().addMenu(title)
            menu.setObjectName(title.replace("&", "").lower().replace(" ", "_") + "Menu")
            self._menus[title] = menu
        return self._menus[title]

    def area_action(self, key: str) -> QAction:
        """The menu entry (or shortcut) that shows area `key`."""
        return self._area_actions[key]

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
        self.backup_label = ElidedLabel()  # shortens with "…" on a narrow window, whole in its tooltip
        self.backup_label.setObjectName("statusBackup")
        for label in (self.user_label, self.role_label):
            bar.addWidget(label)
        bar.addPermanentWidget(self.backup_label, 1)
        bar.addPermanentWidget(self.vault_label)
        bar.addPermanentWidget(self.demo_label)

    # -- areas -------------------------------------------------------------------------------------
    def may_open(self, key: str) -> bool:
        return any(spec.key == key for spec in self.permitted)

    def area(self, key: str) -> QWidget:
        """Area `key`, built now if this is its first use (KeyError when the role may not open it)."""
        widget = self.areas.get(key)
        if widget is None:
            spec = next((s for s in self.permitted if s.key == key), None)
            if spec is None:
                raise KeyError(key)
            make: Callable[[Session, MainWindow], QWidget] = load_class(spec.widget, QWidget)
            widget = make(self.session, self)
            self.area_stack.addWidget(widget)
            self.areas[key] = widget
        return widget

    def show_area(self, key: str) -> QWidget:
        widget = self.area(key)
        row = next(i for i, spec in enumerate(self.permitted) if spec.key == key)
        self.navigation.setCurrentRow(row)
        self._show_in_stack(widget)
        return widget

    def _show_in_stack(self, widget: QWidget) -> None:
        """Only the shown area counts for the window's size: a wide area opened earlier does not make every
        later one scroll sideways (a stack's minimum is otherwise that of its widest page)."""
        for page in self.areas.values():
            shown = page is widget
            policy = QSizePolicy.Policy.Preferred if shown else QSizePolicy.Policy.Ignored
            page.setSizePolicy(policy, policy)
        self.area_stack.setCurrentWidget(widget)
        self.area_stack.updateGeometry()

    def current_area(self) -> str:
        row = self.navigation.currentRow()
        return self.permitted[row].key if 0 <= row < len(self.permitted) else ""

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(self.permitted):
            self._show_in_stack(self.area(self.permitted[row].key))

    def _clear_areas(self) -> None:
        self.navigation.blockSignals(True)
        self.navigation.clear()
        self.navigation.blockSignals(False)
        for widget in self.areas.values():
            self.area_stack.removeWidget(widget)
            widget.deleteLater()
        self.areas = {}

    def open_chart(self, patient_id: int) -> QWidget | None:
        """Show a patient's chart (from a worklist, the Today screen, a search): None when it cannot open."""
        if self.locked or not self.may_open(CHART_AREA):
            return None
        area = self.show_area(CHART_AREA)
        return area.open_chart(patient_id) if isinstance(area, OpensCharts) else None

    def set_session(self, session: Session) -> None:
        """(Re)build the window for whoever is signed in: the navigation lists the areas their role may
        open; only the first area shown is built now, the others on their first visit."""
        self.session = session
        settings = auth.practice_settings(session)
        self.practice_name = settings.practice_name
        self.idle_minutes = settings.idle_lock_minutes
        self._clear_areas()
        self.permitted = [s for s in self.specs.values() if s.permission is None or session.can(s.permission)]
        self.navigation.blockSignals(True)
        for spec in self.permitted:
            item = QListWidgetItem(spec.title)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, spec.title)
            self.navigation.addItem(item)
        self.navigation.blockSignals(False)
        for key, action in self._area_actions.items():
            action.setVisible(self.may_open(key))
        self.find_patient_action.setVisible(self.may_open(CHART_AREA))
        self.find_patient_action.setEnabled(self.may_open(CHART_AREA))
        for menu in self._menus.values():  # a menu with nothing this role may use is not shown
            menu.menuAction().setVisible(any(a.isVisible() for a in menu.actions()))
        first = next((s for s in self.permitted if s.landing), self.permitted[0] if self.permitted else None)
        if first is not None:
            self.show_area(first.key)
        if session.warnings:  # a vault behind its anchor, found at sign-in: the user must see it
            self.notice.say(" ".join(session.warnings), error=True)
        self._refresh_identity()
        self._refresh_stay_signed_in()
        self.idle.start(self.idle_minutes)
        self.show_backup_status(*backup.last_backup_status(session))
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

    def practice_settings_changed(self, settings: PracticeSettings) -> None:
        self.practice_name = settings.practice_name
        self.idle_minutes = settings.idle_lock_minutes
        self._refresh_identity()
        self.idle.start(self.idle_minutes)
        self._refresh_stay_signed_in()

    # -- stay signed in ------------------------------------------------------------------------------
    def _refresh_stay_signed_in(self) -> None:
        ok, reason = stay_signed_in.stay_signed_in_status(self.session)
        on = self.session.user.stay_signed_in
        self.stay_action.blockSignals(True)
        self.stay_action.setChecked(on)
        self.stay_action.blockSignals(False)
        self.stay_action.setEnabled(ok or on)
        # the reason in the item itself and the status bar, not only in a tooltip nobody hovers for
        self.stay_action.setText(
            STAY_TEXT if ok or on else f"{STAY_TEXT} (unavailable: {reason.rstrip('.')})"
        )
        self.stay_action.setStatusTip(reason if not ok else "")
        self.stay_action.setToolTip(
            reason
            if not ok
            else "Open CareCoord without a password on this computer, until you turn this off."
        )

    def _toggle_stay_signed_in(self, on: bool) -> None:
        try:
            if on:
                stay_signed_in.remember_this_computer(self.session)
            else:
                stay_signed_in.forget_this_computer(self.session)
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
        """The areas built so far that hold input, by draft key (an area not yet built holds none)."""
        return {
            spec.draft_key: widget
            for key, widget in self.areas.items()
            if (spec := self.specs[key]).draft_key and isinstance(widget, HoldsDraft)
        }

    def _draft_areas(self) -> dict[str, AreaSpec]:
        """Where each kind of kept input goes back: the areas this role may open that hold drafts."""
        return {spec.draft_key: spec for spec in self.permitted if spec.draft_key}

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
            if dialog.isVisible():  # its input was kept above: closed without asking
                (dialog.dismiss if isinstance(dialog, FormDialog) else dialog.reject)()
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

    def _keep_own_drafts(self, session: Session) -> None:
        """Signing out or quitting with typed input: it is kept for its author (the one rule, ui/unsaved.py)
        and offered back at their next sign-in. What the vault refuses is said, never dropped silently."""
        for key, payload in (self._held_drafts | self.collect_drafts()).items():
            try:
                drafts.save_draft(session, key, payload)
            except UserError as exc:
                label = self._draft_areas()[key].draft_label if key in self._draft_areas() else key
                QMessageBox.warning(
                    self, "Unsaved input", f"{label.capitalize()} could not be kept: {exc.message}"
                )

    def offer_drafts(self) -> None:
        try:
            kept = drafts.my_drafts(self.session)
        except UserError as exc:
            kept = {}
            self.notice.say(f"Your kept input could not be read: {exc.message}", error=True)
        held = self._unsaved.pop(self.session.user.id, None)
        in_window = held.forms if held is not None else {}
        holders = self._draft_areas()
        usable = {k: v for k, v in (kept | in_window).items() if k in holders}
        if held is not None and (left := {k: v for k, v in in_window.items() if k not in usable}):
            self._unsaved[self.session.user.id] = UnsavedInput(held.owner_name, left)
        if not usable:
            return
        names = ", ".join(holders[k].draft_label or k for k in usable)
        answer = QMessageBox.question(
            self,
            "Unsaved input kept for you",
            f"Your unsaved input was kept when you last left it: {names}.\n\nPut it back now?",
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
            holder = self.show_area(holders[key].key)
            try:
                if isinstance(holder, HoldsDraft):
                    holder.restore_draft(payload)
            except (ValueError, TypeError, KeyError, AttributeError):
                # Plain JSON but not this form's shape: dropped, never a crash at every sign-in.
                log.warning("A kept draft for %s did not fit its form and was dropped.", key)
                label = self._draft_areas()[key].draft_label if key in self._draft_areas() else key
                self.notice.say(f"Kept input for {label} could not be put back.", error=True)
            if key not in kept:
                continue
            try:
                drafts.discard_draft(self.session, key)
            except UserError as exc:  # put back all the same; the stored copy is offered again later
                log.warning("A restored draft could not be discarded: %s", type(exc).__name__)

    def find_patient(self) -> None:
        """Ctrl+K from anywhere: the quick patient search."""
        if self.locked or not self.may_open(CHART_AREA):
            return
        area = self.show_area(CHART_AREA)
        if isinstance(area, OpensCharts):
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
    def _area_tasks(self) -> list[Task | None]:
        return [w.task for w in self.areas.values() if isinstance(w, RunsVaultWork)]

    def show_backup_status(self, text: str, overdue: bool) -> None:
        self.backup_label.setText(text)
        self.backup_label.setProperty("warning", overdue)
        self.backup_label.setStyleSheet("color: #a4262c; font-weight: 600;" if overdue else "")

    def _leave(self, session: Session, event: BackupEvent) -> None:
        """What signing out and closing share: stop the timers, back up if due, record the sign-out."""
        self._closing = True
        self.idle.stop()
        if session is self.session:
            self._keep_own_drafts(session)
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
