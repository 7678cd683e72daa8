"""The saved-views row every filtered screen shares (the patient panel, the referral worklist): pick a view,
save what is shown as one, delete one. The screen says what a view holds and how to show it again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QInputDialog, QLabel, QMessageBox, QPushButton, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import saved_views
from carecoord_desktop.services.saved_views import ViewScreen
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.widgets.notice import Notice

NO_VIEW = "Saved views…"
Payload = dict[str, Any]


class SavedViewsBar(QWidget):
    def __init__(
        self,
        session: Session,
        screen: ViewScreen,
        notice: Notice,
        payload: Callable[[], Payload],
        show: Callable[[Payload], bool],
    ) -> None:
        """`payload()` is what the screen shows now, as plain data; `show(payload)` shows a saved one again
        and says whether it could (a refused query leaves the screen as it was)."""
        super().__init__()
        self.setObjectName(f"{screen.key}SavedViews")
        self.session = session
        self.view_screen = screen
        self.notice = notice
        self.payload = payload
        self.show_payload = show
        self._views: dict[str, Payload] = {}
        self.name_dialog: QInputDialog | None = None
        self.views = QComboBox()
        self.views.setObjectName("savedViews")
        self.views.setAccessibleName("Saved views")
        self.views.setMinimumWidth(200)
        self.views.activated.connect(self._picked)
        self.save_button = QPushButton("Sa&ve view…")
        self.save_button.setObjectName("saveViewButton")
        self.save_button.clicked.connect(self.ask_name)
        self.delete_button = QPushButton("De&lete view")
        self.delete_button.setObjectName("deleteViewButton")
        self.delete_button.clicked.connect(self.delete_current)
        label = QLabel("&View")
        label.setBuddy(self.views)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(8)
        for widget in (label, self.views, self.save_button, self.delete_button):
            row.addWidget(widget)
        row.addStretch(1)

    def reload(self, current: str | None = None) -> None:
        try:
            self._views = saved_views.saved_views(self.session, self.view_screen)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.views.blockSignals(True)
        self.views.clear()
        self.views.addItem(NO_VIEW, None)
        for name in self._views:
            self.views.addItem(name, name)
        self.views.setCurrentIndex(max(self.views.findData(current), 0) if current else 0)
        self.views.blockSignals(False)
        self.delete_button.setEnabled(bool(current))

    def _picked(self, index: int) -> None:
        name = self.views.itemData(index)
        self.delete_button.setEnabled(bool(name))
        if name:
            self.apply_view(name)

    def apply_view(self, name: str) -> None:
        if name in self._views and self.show_payload(self._views[name]):
            self.notice.say(f"Showing the view “{name}”.")

    def ask_name(self) -> QInputDialog:
        dialog = QInputDialog(self)
        dialog.setObjectName("viewNameDialog")
        dialog.setWindowTitle("Save view")
        dialog.setLabelText("Name this view (its filters and sort order are saved for you):")
        dialog.setTextValue(self.views.currentData() or "")
        dialog.textValueSelected.connect(self.save_view)
        self.name_dialog = dialog
        dialog.open()
        return dialog

    def save_view(self, name: str) -> None:
        try:
            clean = saved_views.save_view(self.session, name, self.payload(), self.view_screen)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.reload(current=clean)
        self.notice.say(f"Saved the view “{clean}”.")

    def delete_current(self) -> None:
        name = self.views.currentData()
        if not name:
            return
        answer = QMessageBox.question(
            self,
            "Delete view",
            f"Delete the saved view “{name}”? Nothing else is affected.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            saved_views.delete_view(self.session, name, self.view_screen)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.reload()
        self.notice.say(f"Deleted the view “{name}”.")
