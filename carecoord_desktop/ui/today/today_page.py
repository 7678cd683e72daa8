"""The Today screen: who is signed in, and their role's work for the day, one table per Today source.

Every row opens what it is about (Enter or double click): a tab of the patient's chart, the referral, or the
call dialog; logging a call moves the cursor to the next call. The lists are read again each time the screen
is shown (services/today.py, one audited read). An administrator, who sees no patients, gets the practice's
system work instead (ui/today/admin_today.py).
"""

from __future__ import annotations

from functools import lru_cache
from html import escape

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QBrush, QColor, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from carecoord_desktop.domain.contact import format_phone
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.today import DueStatus, OpenKind, TodayRow
from carecoord_desktop.services import referral_worklist, today
from carecoord_desktop.services.session import Session
from carecoord_desktop.services.today import TodaySection
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.referrals.referral_dialog import ReferralDialog
from carecoord_desktop.ui.theme import ERROR
from carecoord_desktop.ui.today.admin_today import AdminToday
from carecoord_desktop.ui.today.call_dialog import CallDialog, reach_line
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

COLUMNS = ("Status", "Due", "Work", "Patient", "MRN", "What")
CALL_COLUMNS = ("Status", "Due", "Work", "Patient", "What", "Phone", "How to reach", "Last try")
WRAPPED = (
    "What",
    "How to reach",
    "Last try",
)  # the columns whose text wraps (a row is as tall as the tallest)
FIXED_CHARACTERS = {
    "How to reach": 34,
    "Last try": 16,
}  # about this wide; the rest of the width goes to "What"
STATUS_COLOURS = {DueStatus.OVERDUE: ERROR, DueStatus.DUE_TODAY: "#9a6700"}
VISIBLE_ROWS = 8  # a table shows this many rows before it scrolls
MEASURED_ROWS = 60  # column widths follow the first rows (a long list is not measured cell by cell)


@lru_cache(maxsize=4096)
def _phone(number: str | None) -> str:
    """Formatting parses the number (about a millisecond): a list repeats the same ones at every reload."""
    return format_phone(number) if number else "no phone"


_reach_line = lru_cache(maxsize=1024)(reach_line)


def _cells(row: TodayRow) -> tuple[str, ...]:
    common = (row.status.label, format_date(row.due_on) if row.due_on else "", row.kind, row.patient_name)
    if row.reach is None:
        return (*common, row.mrn, row.what)
    reach = row.reach
    how = f"{_reach_line(reach)}\n{reach.permissions}"
    return (*common, row.what, _phone(reach.phone), how, row.last_attempt)


class TodayTable(QTableWidget):
    """One Today section's rows. Built for speed at a few hundred rows: the column widths are measured on the
    first rows only, and each row's height is the wrapped height of its "What" (one text layout per row)."""

    def __init__(self, section: TodaySection) -> None:
        super().__init__(0, 0)
        self.setObjectName(f"today_{section.key}")
        self.setAccessibleName(section.title)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab goes on to the next list
        self.verticalHeader().setVisible(False)
        self.horizontalHeader().setResizeContentsPrecision(MEASURED_ROWS)
        self.setWordWrap(True)
        self.rows: list[TodayRow] = []
        self.wrapped: list[int] = []
        self.show_rows(section.rows)

    def _set_columns(self, columns: tuple[str, ...]) -> None:
        if [self.model().headerData(c, Qt.Orientation.Horizontal) for c in range(self.columnCount())] == list(
            columns
        ):
            return
        self.setColumnCount(len(columns))
        self.setHorizontalHeaderLabels(list(columns))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.wrapped = [columns.index(name) for name in WRAPPED if name in columns]
        header.setSectionResizeMode(columns.index("What"), QHeaderView.ResizeMode.Stretch)
        for name, characters in FIXED_CHARACTERS.items():
            if name in columns:
                header.setSectionResizeMode(columns.index(name), QHeaderView.ResizeMode.Fixed)
                self.setColumnWidth(columns.index(name), self.fontMetrics().averageCharWidth() * characters)

    def show_rows(self, rows: list[TodayRow]) -> None:
        self.rows = rows
        self._set_columns(CALL_COLUMNS if any(r.reach is not None for r in rows) else COLUMNS)
        self.setUpdatesEnabled(False)
        try:
            self.setRowCount(len(rows))
            for index, row in enumerate(rows):
                for column, text in enumerate(_cells(row)):
                    item = QTableWidgetItem(text)
                    if column == 0 and row.status in STATUS_COLOURS:
                        item.setForeground(QBrush(QColor(STATUS_COLOURS[row.status])))
                    self.setItem(index, column, item)
        finally:
            self.setUpdatesEnabled(True)
        self._fit_height()

    def _fit_height(self) -> None:
        """Each row as tall as its wrapped "What"; the table tall enough for VISIBLE_ROWS rows, then it scrolls."""
        metrics = self.fontMetrics()
        widths = {column: max(40, self.columnWidth(column) - 10) for column in self.wrapped}
        single = self.verticalHeader().defaultSectionSize()
        wrap = int(Qt.TextFlag.TextWordWrap)
        for index in range(self.rowCount()):
            tallest = max(
                (
                    metrics.boundingRect(QRect(0, 0, width, 10_000), wrap, item.text()).height()
                    for column, width in widths.items()
                    if (item := self.item(index, column)) is not None
                ),
                default=0,
            )
            self.setRowHeight(index, max(single, tallest + 8))
        shown = sum(self.rowHeight(i) for i in range(min(self.rowCount(), VISIBLE_ROWS)))
        height = self.horizontalHeader().sizeHint().height() + max(shown, single) + 2 * self.frameWidth() + 4
        self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():  # the wrapped "What" takes more or fewer lines
            self._fit_height()


class TodayPage(QWidget):
    def __init__(self, session: Session, host: AreaHost) -> None:
        super().__init__()
        self.setObjectName("homePage")
        self.session, self.host = session, host
        user = session.user
        layout = page_layout(self, f"Today, {format_date(session.clock.today())}")
        self.identity = QLabel(
            f"<b>{escape(user.full_name)}</b> ({escape(user.username)}) · {escape(user.role.label)} · "
            f"{escape(host.practice_name)}"
        )
        self.identity.setObjectName("homeIdentity")
        bar = QHBoxLayout()
        bar.addWidget(self.identity, 1)
        self.refresh_button = QPushButton("&Refresh")
        self.refresh_button.setObjectName("todayRefresh")
        self.refresh_button.clicked.connect(self.reload)
        bar.addWidget(self.refresh_button)
        layout.addLayout(bar)
        self.notice = Notice("todayNotice")
        layout.addWidget(self.notice)
        self.headings: dict[str, QLabel] = {}
        self.tables: dict[str, TodayTable] = {}
        self.empties: dict[str, QLabel] = {}
        self.sources = today.sources_for(user.role)
        self.admin: AdminToday | None = None
        if not self.sources:
            self.admin = AdminToday(session, host)
            layout.addWidget(self.admin)
        self._layout = layout
        self.dialog: QDialog | None = None
        layout.addStretch(1)
        hint = QLabel(
            "Enter or a double click opens a row. Lock the window with Ctrl+L whenever you step away."
        )
        hint.setProperty("hint", True)
        hint.setWordWrap(True)
        layout.addWidget(hint)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()  # the work moves with the day and with what others did

    # -- reading ------------------------------------------------------------------------------------
    def reload(self) -> None:
        self.notice.retire()
        if self.admin is not None:
            self.admin.reload()
            return
        try:
            sections = today.today_for(self.session)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        for position, section in enumerate(sections):
            self._show_section(position, section)

    def _show_section(self, position: int, section: TodaySection) -> None:
        table = self.tables.get(section.key)
        if table is None:
            heading = QLabel()
            heading.setObjectName(f"todayHeading_{section.key}")
            heading.setProperty("sectionTitle", True)
            empty = QLabel(section.empty)
            empty.setObjectName(f"todayEmpty_{section.key}")
            empty.setProperty("hint", True)
            table = TodayTable(section)
            table.cellActivated.connect(lambda row, _c, t=table: self.open_row(t, row))
            table.cellDoubleClicked.connect(lambda row, _c, t=table: self.open_row(t, row))
            at = 3 + 3 * position  # after the title, the identity bar and the notice
            for offset, widget in enumerate((heading, empty, table)):
                self._layout.insertWidget(at + offset, widget)
            self.headings[section.key], self.empties[section.key], self.tables[section.key] = (
                heading,
                empty,
                table,
            )
        else:
            table.show_rows(section.rows)
        overdue = sum(r.overdue for r in section.rows)
        due_today = sum(r.status is DueStatus.DUE_TODAY for r in section.rows)
        counts = [f"the {len(section.rows)} most urgent" if section.cut else f"{len(section.rows)}"]
        if due_today:
            counts.append(f"{due_today} due today")
        if overdue:
            counts.append(f"{overdue} overdue")
        self.headings[section.key].setText(f"<b>{escape(section.title)}</b> ({', '.join(counts)})")
        self.empties[section.key].setVisible(not section.rows)
        table.setVisible(bool(section.rows))

    # -- opening ------------------------------------------------------------------------------------
    def open_row(self, table: TodayTable, index: int) -> QWidget | None:
        if not 0 <= index < len(table.rows):
            return None
        row = table.rows[index]
        self.notice.retire()
        if row.opens.kind is OpenKind.CHART:
            view = self.host.open_chart(row.patient_id)
            if isinstance(view, ChartView) and row.opens.section in view.sections:
                view.tabs.setCurrentWidget(view.sections[row.opens.section])
            return view
        if row.opens.kind is OpenKind.REFERRAL:
            return self._open_referral(row.opens.record_id)
        dialog = CallDialog(self.session, row, self)
        dialog.accepted.connect(lambda t=table, r=row: self._called(t, r))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _open_referral(self, referral_id: int) -> QWidget | None:
        try:
            view = referral_worklist.open_referral(self.session, referral_id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return None
        dialog = ReferralDialog(self.session, view, self)
        dialog.changed.connect(self.reload)
        self.dialog = dialog
        dialog.open()
        return dialog

    def _called(self, table: TodayTable, called: TodayRow) -> None:
        """The call is logged: read the lists again and put the cursor on the next call."""
        before = [r.about for r in table.rows]
        self.reload()
        self.notice.say(f"Logged the call to {called.patient_name}.")
        after = [r.about for r in table.rows]
        position = before.index(called.about) if called.about in before else 0
        following = [a for a in before[position + 1 :] if a in after]
        target = after.index(following[0]) if following else min(position, len(after) - 1)
        if target >= 0:
            table.setCurrentCell(target, 0)
        table.setFocus(Qt.FocusReason.OtherFocusReason)
