"""The Referrals area: every referral that needs action, overdue and due today first, then by state.

Filters (coordinator, referring provider, specialty, urgency, overdue only, referral dates) and sorting run in
SQL through the services; saved views keep a person's filters. Opening a row opens the referral dialog.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.referrals import ReferralState, TransitionRequest
from carecoord_desktop.domain.roles import Role
from carecoord_desktop.services import patients, referral_worklist, referrals
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.referral_worklist import WorklistFilter, WorklistQuery
from carecoord_desktop.services.saved_views import REFERRALS as REFERRAL_VIEWS
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.referrals.directory_dialog import DirectoryDialog
from carecoord_desktop.ui.referrals.figures_dialog import ReferralFiguresDialog
from carecoord_desktop.ui.referrals.new_referral import NewReferralDialog
from carecoord_desktop.ui.referrals.referral_dialog import ReferralDialog, pydate
from carecoord_desktop.ui.referrals.worklist_model import ReferralWorklistModel
from carecoord_desktop.ui.widgets.flow import FlowLayout, captioned
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout
from carecoord_desktop.ui.widgets.saved_views import SavedViewsBar

REFERRALS_AREA = "referrals"  # its key in ui/areas.py
ANY = "Any"
NO_DATE = QDate(2000, 1, 1)  # the date boxes' "any" value
URGENCIES = {ANY: (), "Routine": ("routine",), "Urgent or stat": ("urgent", "stat"), "Stat": ("stat",)}


def _combo(name: str, label: str) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(name)
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setAccessibleName(label)
    return combo


def _date_box(name: str, label: str) -> QDateEdit:
    box = QDateEdit(NO_DATE)
    box.setObjectName(name)
    box.setAccessibleName(label)
    box.setMinimumDate(NO_DATE)
    box.setSpecialValueText(ANY)
    box.setCalendarPopup(True)
    box.setDisplayFormat("MM/dd/yyyy")
    return box


class ReferralWorklist(QWidget):
    draft_key = "referrals"

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referralWorklist")
        self.session = session
        self._opened = False
        self.dialog: ReferralDialog | None = None
        self.new_dialog: NewReferralDialog | None = None
        layout = page_layout(
            self, "Referrals", "Every referral until the specialist's report is back and reviewed."
        )
        self.count_label = QLabel()
        self.count_label.setObjectName("referralCount")
        self.new_button = QPushButton("&New referral…")
        self.new_button.setObjectName("newReferralButton")
        self.new_button.setProperty("primary", True)
        self.new_button.setVisible(session.can(Permission.EDIT_REFERRALS))
        self.new_button.clicked.connect(self.new_referral)
        self.bulk_button = QPushButton("Log &fax sent for selected drafts")
        self.bulk_button.setObjectName("bulkFaxSent")
        self.bulk_button.setVisible(session.can(Permission.REFERRAL_LOGISTICS))
        self.bulk_button.clicked.connect(self.log_fax_sent)
        self.directory_button = QPushButton("&Directory…")
        self.directory_button.setObjectName("directoryButton")
        self.directory_button.clicked.connect(self.open_directory)
        self.figures_button = QPushButton("F&igures…")
        self.figures_button.setObjectName("figuresButton")
        self.figures_button.clicked.connect(self.open_figures)
        top = QWidget()
        top_row = FlowLayout(top)  # the buttons wrap under the count rather than leave the screen
        for item in (self.count_label, self.directory_button, self.figures_button, self.bulk_button):
            top_row.addWidget(item)
        top_row.addWidget(self.new_button)
        layout.addWidget(top)

        self.coordinator = _combo("coordinatorFilter", "Coordinator")
        self.provider = _combo("providerFilter", "Referring provider")
        self.specialty = _combo("specialtyFilter", "Specialty")
        self.urgency = _combo("urgencyFilter", "Urgency")
        self.urgency.addItems(list(URGENCIES))
        self.overdue_only = QCheckBox("&Overdue only")
        self.overdue_only.setObjectName("overdueOnly")
        self.include_closed = QCheckBox("Include &ended")
        self.include_closed.setObjectName("includeClosed")
        self.referred_from = _date_box("referredFrom", "Referred from")
        self.referred_to = _date_box("referredTo", "Referred to")
        # Captions above their fields, the two checks stacked at the end; the row wraps where it does not fit.
        filters = QWidget()
        flow = FlowLayout(filters)
        fields: tuple[tuple[str, QWidget], ...] = (
            ("Coordinator", self.coordinator),
            ("Provider", self.provider),
            ("Specialty", self.specialty),
            ("Urgency", self.urgency),
            ("Referred from", self.referred_from),
            ("to", self.referred_to),
        )
        for caption, field in fields:
            flow.addWidget(captioned(caption, field, hint=False))
        checks = QWidget()
        stacked = QVBoxLayout(checks)
        stacked.setContentsMargins(0, 0, 0, 0)
        stacked.addWidget(self.overdue_only)
        stacked.addWidget(self.include_closed)
        flow.addWidget(checks)
        layout.addWidget(filters)

        self.notice = Notice("referralNotice")
        self.saved = SavedViewsBar(session, REFERRAL_VIEWS, self.notice, self.view_payload, self.show_view)
        views_row = QHBoxLayout()
        views_row.addWidget(self.saved)
        views_row.addWidget(self.notice, 1)
        layout.addLayout(views_row)

        self.model = ReferralWorklistModel(session, self)
        self.model.load_failed.connect(lambda message: self.notice.say(message, error=True))
        self.model.modelReset.connect(self._lay_out_groups)
        self.model.rowsInserted.connect(self._lay_out_groups)
        self.table = QTableView()
        self.table.setObjectName("referralTable")
        self.table.setAccessibleName("Referral worklist")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setSortIndicator(ReferralWorklistModel.DUE, Qt.SortOrder.AscendingOrder)
        for column, width in enumerate((210, 180, 110, 170, 80, 130, 230, 90, 110)):
            self.table.setColumnWidth(column, width)
        self.table.activated.connect(lambda index: self.open_row(index.row()))
        layout.addWidget(self.table, 1)

    # -- first show --------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._opened:
            self.open_worklist()

    def open_worklist(self) -> None:
        """The first look: audited once; a coordinator starts on their own referrals."""
        self._opened = True
        try:
            referral_worklist.open_worklist(self.session)
            staff = patients.staff_choices(self.session)
            specialties = referral_worklist.specialties(self.session)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.coordinator.addItem(ANY, None)
        self.provider.addItem(ANY, None)
        for choice in staff:
            if choice.role is Role.NURSE_COORDINATOR:
                self.coordinator.addItem(choice.full_name, choice.id)
            elif choice.role is Role.PROVIDER:
                self.provider.addItem(choice.full_name, choice.id)
        self.specialty.addItem(ANY, None)
        for name in specialties:
            self.specialty.addItem(name, name)
        if self.session.user.role is Role.NURSE_COORDINATOR:
            self.coordinator.setCurrentIndex(max(0, self.coordinator.findData(self.session.user.id)))
        for combo in (self.coordinator, self.provider, self.specialty, self.urgency):
            combo.currentIndexChanged.connect(self.apply_filters)
        for box in (self.overdue_only, self.include_closed):
            box.toggled.connect(self.apply_filters)
        for date_box in (self.referred_from, self.referred_to):
            date_box.dateChanged.connect(self.apply_filters)
        self.table.setSortingEnabled(True)
        self.saved.reload()
        self.apply_filters()

    # -- filters -----------------------------------------------------------------------------------
    def current_filter(self) -> WorklistFilter:
        def day(box: QDateEdit) -> date | None:
            return None if box.date() == NO_DATE else pydate(box.date())

        return WorklistFilter(
            coordinator_id=self.coordinator.currentData(),
            provider_id=self.provider.currentData(),
            specialty=self.specialty.currentData(),
            urgencies=URGENCIES[self.urgency.currentText()],
            overdue_only=self.overdue_only.isChecked(),
            include_closed=self.include_closed.isChecked(),
            referred_from=day(self.referred_from),
            referred_to=day(self.referred_to),
        )

    def apply_filters(self) -> None:
        query = WorklistQuery(self.current_filter(), self.model.query.sort, self.model.query.descending)
        if self.model.set_query(query):
            self._show_count()

    def refresh(self) -> None:
        if self.model.refresh():
            self._show_count()

    def _show_count(self) -> None:
        overdue = self.model.groups.get(referral_worklist.OVERDUE_GROUP, 0)
        total = self.model.total
        self.count_label.setText(
            f"{total:,} referral{'' if total == 1 else 's'} · {overdue:,} overdue or due today"
        )

    def _lay_out_groups(self) -> None:
        """A group's title row spans the table."""
        for row in self.model.title_rows():
            if self.table.columnSpan(row, 0) == 1:
                self.table.setSpan(row, 0, 1, self.model.columnCount())

    # -- saved views -------------------------------------------------------------------------------
    def view_payload(self) -> dict[str, Any]:
        return {
            "coordinator": self.coordinator.currentData(),
            "provider": self.provider.currentData(),
            "specialty": self.specialty.currentData(),
            "urgency": self.urgency.currentText(),
            "overdue_only": self.overdue_only.isChecked(),
            "include_closed": self.include_closed.isChecked(),
            "from": self.referred_from.date().toString(Qt.DateFormat.ISODate),
            "to": self.referred_to.date().toString(Qt.DateFormat.ISODate),
            "sort": self.model.query.sort,
            "descending": self.model.query.descending,
        }

    def show_view(self, payload: dict[str, Any]) -> bool:
        widgets: list[QWidget] = [
            self.coordinator, self.provider, self.specialty, self.urgency,
            self.overdue_only, self.include_closed, self.referred_from, self.referred_to,
        ]  # fmt: skip
        for widget in widgets:
            widget.blockSignals(True)
        self.coordinator.setCurrentIndex(max(0, self.coordinator.findData(payload.get("coordinator"))))
        self.provider.setCurrentIndex(max(0, self.provider.findData(payload.get("provider"))))
        self.specialty.setCurrentIndex(max(0, self.specialty.findData(payload.get("specialty"))))
        self.urgency.setCurrentText(str(payload.get("urgency") or ANY))
        self.overdue_only.setChecked(bool(payload.get("overdue_only")))
        self.include_closed.setChecked(bool(payload.get("include_closed")))
        self.referred_from.setDate(QDate.fromString(str(payload.get("from")), Qt.DateFormat.ISODate))
        self.referred_to.setDate(QDate.fromString(str(payload.get("to")), Qt.DateFormat.ISODate))
        for widget in widgets:
            widget.blockSignals(False)
        query = WorklistQuery(
            self.current_filter(), str(payload.get("sort", "due")), bool(payload.get("descending"))
        )
        if not self.model.set_query(query):
            return False
        self._show_count()
        return True

    # -- acting ------------------------------------------------------------------------------------
    def open_row(self, row: int) -> ReferralDialog | None:
        referral = self.model.referral_at(row)
        if referral is None:
            return None
        return self.open_referral(referral.id)

    def open_referral(self, referral_id: int) -> ReferralDialog | None:
        try:
            view = referral_worklist.open_referral(self.session, referral_id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return None
        self.dialog = ReferralDialog(self.session, view, self)
        self.dialog.changed.connect(self.refresh)
        self.dialog.open()
        return self.dialog

    def open_figures(self) -> ReferralFiguresDialog:
        dialog = ReferralFiguresDialog(self.session, self)
        dialog.open()
        return dialog

    def open_directory(self) -> DirectoryDialog:
        dialog = DirectoryDialog(self.session, self)
        dialog.open()
        return dialog

    def new_referral(self) -> NewReferralDialog:
        dialog = NewReferralDialog(self.session, self)
        dialog.created.connect(self._created)
        dialog.open()
        self.new_dialog = dialog
        return dialog

    # -- drafts: a referral being moved or written is kept over a lock or a hand-over -----------------
    def draft_state(self) -> dict[str, Any] | None:
        """The open dialogs' unsaved input (read before the window locks and closes them)."""
        referral = self.dialog.draft_state() if self.dialog is not None and self.dialog.isVisible() else None
        new = (
            self.new_dialog.draft_state()
            if self.new_dialog is not None and self.new_dialog.isVisible()
            else None
        )
        return {"referral": referral, "new_referral": new} if referral or new else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        referral = payload.get("referral")
        if referral and (dialog := self.open_referral(int(referral["referral_id"]))) is not None:
            dialog.restore_draft(referral)
        if payload.get("new_referral"):
            self.new_referral().restore_draft(payload["new_referral"])

    def _created(self, referral_id: int) -> None:
        self.refresh()
        self.notice.say("The referral was saved as a draft.")
        self.open_referral(referral_id)

    def log_fax_sent(self) -> None:
        """Each selected draft is sent (its own audited move); the others are left as they are."""
        drafts = [
            r.id
            for row in sorted({i.row() for i in self.table.selectionModel().selectedRows()})
            if (r := self.model.referral_at(row)) is not None and r.state == ReferralState.DRAFT.value
        ]
        if not drafts:
            self.notice.say("Select one or more draft referrals first.", error=True)
            return
        result = referrals.bulk_transition(
            self.session, drafts, TransitionRequest(to=ReferralState.SENT, note="Fax sent")
        )
        self.refresh()
        message = f"Logged the fax for {len(result.done)} referral(s)."
        if result.refused:
            message += f" {len(result.refused)} could not be sent: {next(iter(result.refused.values()))}"
        self.notice.say(message, error=bool(result.refused))
