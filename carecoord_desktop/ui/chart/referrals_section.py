"""The chart's Referrals tab: the patient's open referrals, overdue ones first and marked, each opening its
referral. An overdue referral also turns the tab itself red and names the count, so it shows from any tab."""

from __future__ import annotations

from html import escape
from typing import ClassVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from carecoord_desktop.domain.referrals import ReferralState
from carecoord_desktop.services import referral_worklist
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.referral_worklist import WorklistRow
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.dates import EM_DASH, format_date
from carecoord_desktop.ui.referrals.referral_dialog import ReferralDialog
from carecoord_desktop.ui.theme import DEMO, ERROR

TITLE = "Referr&als"


class ReferralsSection(ChartSection):
    key: ClassVar[str] = "referrals"
    title: ClassVar[str] = TITLE
    # Not lazy: the tab's own label says "overdue" as soon as the chart opens.

    def build_read_page(self) -> QWidget:
        page = super().build_read_page()
        self.alert = QLabel()
        self.alert.setObjectName("referralsOverdue")
        self.alert.setWordWrap(True)
        self.alert.setStyleSheet(
            f"background: {ERROR}; color: white; font-weight: 600; padding: 6px 8px; border-radius: 4px;"
        )
        self.alert.setVisible(False)
        holder = self.text.parentWidget()
        column = holder.layout() if holder is not None else None
        assert isinstance(column, QVBoxLayout)
        column.insertWidget(0, self.alert)  # above the list
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.text.linkActivated.connect(lambda link: self.open_referral(int(link.removeprefix("referral:"))))
        self.rows: list[WorklistRow] = []
        return page

    def load(self, chart: Chart) -> None:
        session = self.context.session
        if not session.can(Permission.VIEW_REFERRALS):
            self.rows = []
            self.text.setText("Your role does not show referrals.")
            self._flag(0)
            return
        self.rows = referral_worklist.patient_referrals(session, chart.id, include_closed=False)
        today = self.context.clock.today()
        overdue = [r for r in self.rows if r.next_action_due is not None and r.next_action_due < today]
        self.text.setText(self._html())
        self._flag(len(overdue))
        self.alert.setText(
            f"⚠ {len(overdue)} referral{'' if len(overdue) == 1 else 's'} overdue: "
            + "; ".join(
                f"{r.specialty} ({r.next_action or 'next step'}, due {format_date(r.next_action_due)})"
                for r in overdue
                if r.next_action_due
            )
        )
        self.alert.setVisible(bool(overdue))

    def _html(self) -> str:
        if not self.rows:
            return "No open referrals. Closed ones are in the Referrals worklist (include closed)."
        today = self.context.clock.today()
        lines = []
        for r in self.rows:
            due = r.next_action_due
            if due is None:
                when = EM_DASH
            elif due < today:
                when = f'<b style="color:{ERROR}">OVERDUE since {format_date(due)}</b>'
            elif due == today:
                when = f'<b style="color:{DEMO}">due today</b>'
            else:
                when = f"due {format_date(due)}"
            lines.append(
                "<tr>"
                f'<td><a href="referral:{r.id}">#{r.id}</a></td>'
                f"<td>{escape(r.directory_name)}<br><small>{escape(r.specialty)}</small></td>"
                f"<td>{escape(ReferralState(r.state).label)}<br><small>{r.urgency.capitalize()}</small></td>"
                f"<td>{escape(r.next_action or EM_DASH)}<br>{when}</td>"
                f"<td>{escape(r.reason)}</td>"
                "</tr>"
            )
        header = "".join(f"<th align='left'>{h}</th>" for h in ("", "To", "State", "Next action", "Reason"))
        return f"<table cellpadding='4' cellspacing='0'><tr>{header}</tr>{''.join(lines)}</table>"

    def _flag(self, overdue: int) -> None:
        """The tab's label names the overdue count in red, so the chart shows it whichever tab is open."""
        tabs = self._tabs()
        if tabs is None:
            return
        index = tabs.indexOf(self)
        tabs.setTabText(index, f"{TITLE} ⚠ {overdue} overdue" if overdue else TITLE)
        tabs.tabBar().setTabTextColor(index, QColor(ERROR) if overdue else QColor())

    def _tabs(self) -> QTabWidget | None:
        widget = self.parentWidget()
        while widget is not None and not isinstance(widget, QTabWidget):
            widget = widget.parentWidget()
        return widget

    def open_referral(self, referral_id: int) -> QWidget:
        session = self.context.session
        dialog = ReferralDialog(session, referral_worklist.open_referral(session, referral_id), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(self.refresh)
        dialog.show()
        return dialog
