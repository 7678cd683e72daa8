"""Staff accounts (admin): list, add, disable (never delete), reset password, change role."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import staff
from carecoord_desktop.services.session import Session, StaffMember
from carecoord_desktop.ui.admin.security_page import ROTATE_QUESTION, rotate_with_confirmation
from carecoord_desktop.ui.admin.staff_dialogs import AddStaffDialog, ChangeRoleDialog, ResetPasswordDialog
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.models.staff_model import StaffModel
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout


class StaffAccountsPage(QWidget):
    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("staffAccountsPage")
        self.session = session
        layout = page_layout(
            self,
            "Staff accounts",
            "Everyone who uses CareCoord has their own account. Accounts are never deleted: disable them "
            "when someone leaves, so the audit trail keeps its names.",
        )
        self.add_button = self._button("&Add…", "addStaff", self.open_add)
        self.disable_button = self._button("&Disable…", "disableStaff", self.disable_selected)
        self.reset_button = self._button("&Reset password…", "resetStaffPassword", self.open_reset)
        self.role_button = self._button("Change r&ole…", "changeStaffRole", self.open_change_role)
        self.add_button.setProperty("primary", True)
        actions = QHBoxLayout()
        for button in (self.add_button, self.disable_button, self.reset_button, self.role_button):
            actions.addWidget(button)
        actions.addStretch(1)
        layout.addLayout(actions)
        self.message = Notice("staffMessage")
        layout.addWidget(self.message)

        self.model = StaffModel(self)
        self.table = QTableView()
        self.table.setObjectName("staffTable")
        self.table.setAccessibleName("Staff accounts")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(StaffModel.FULL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.table.doubleClicked.connect(lambda _i: self.open_reset())
        layout.addWidget(self.table, 1)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.add_dialog: AddStaffDialog | None = None
        self.refresh()

    @staticmethod
    def _button(text: str, name: str, slot: Any) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def refresh(self, select: str | None = None) -> None:
        selected = self.selected()
        current = select or (selected.username if selected else None)
        self.model.set_staff(staff.list_staff(self.session))
        if current:
            self.select(current)
        self._update_buttons()

    def select(self, username: str) -> None:
        row = self.model.row_of(username)
        if row >= 0:
            self.table.selectRow(row)

    def selected(self) -> StaffMember | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.member(rows[0].row()) if rows else None

    def _update_buttons(self) -> None:
        member = self.selected()
        for button in (self.reset_button, self.role_button):
            button.setEnabled(member is not None)
        self.disable_button.setEnabled(
            member is not None and member.active and member.id != self.session.user.id
        )

    def _say(self, text: str, *, error: bool = False) -> None:
        self.message.say(text, error=error)

    # -- actions ---------------------------------------------------------------------------------
    def open_add(self) -> AddStaffDialog:
        dialog = AddStaffDialog(self.session, self)
        self.add_dialog = dialog

        def added() -> None:
            name = dialog.username.text().strip().lower()
            self.refresh(select=name)
            self._say(f"Added {dialog.full_name.text().strip()} ({name}).")

        dialog.accepted.connect(added)
        dialog.finished.connect(lambda _r: setattr(self, "add_dialog", None))
        dialog.open()
        return dialog

    def disable_selected(self) -> None:
        member = self.selected()
        if member is None:
            return
        answer = QMessageBox.question(
            self,
            "Disable account",
            f"Disable {member.full_name} ({member.username})?\n\nThey will no longer be able to sign in. "
            "The account and its history stay; an administrator can re-enable it by resetting its password.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            staff.disable_staff(self.session, member.username)
        except UserError as exc:
            self._say(exc.message, error=True)
            return
        self.refresh(select=member.username)
        self._say(f"{member.full_name} ({member.username}) is disabled.")
        self.offer_rotation(f"{member.full_name} can no longer sign in")

    def open_reset(self) -> ResetPasswordDialog | None:
        member = self.selected()
        if member is None:
            return None
        dialog = ResetPasswordDialog(self.session, member, self)

        def reset() -> None:
            self.refresh()
            self._say(f"Password reset for {member.username}.")
            self.offer_rotation(f"{member.full_name}'s old password no longer opens the current keys file")

        dialog.accepted.connect(reset)
        dialog.open()
        return dialog

    def offer_rotation(self, done: str) -> bool:
        """What disabling or a reset does not revoke, and the rotation that does."""
        question = (
            f"{done}. But a copy of the keys file or a backup taken before now still opens the vault with "
            "the old password.\n\n" + ROTATE_QUESTION
        )
        return rotate_with_confirmation(self, self.session, self.message, question)

    def open_change_role(self) -> ChangeRoleDialog | None:
        member = self.selected()
        if member is None:
            return None
        dialog = ChangeRoleDialog(self.session, member, self)

        def changed() -> None:
            self.refresh()
            self._say(f"Role changed for {member.username}.")

        dialog.accepted.connect(changed)
        dialog.open()
        return dialog

    # -- the draft protocol ----------------------------------------------------------------------
    def draft_state(self) -> dict[str, Any] | None:
        return self.add_dialog.draft_state() if self.add_dialog is not None else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        dialog = self.add_dialog or self.open_add()
        dialog.restore_draft(payload)
