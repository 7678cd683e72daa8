"""The Patients area: the panel, with each opened chart (and a new-patient form) as a tab beside it.

Charts live inside the main window rather than in windows of their own, so locking the window hides them
and their unsaved input is handed over as a draft like any other area's.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QTabBar, QTabWidget, QVBoxLayout, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import patients
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.chart.chart_view import ChartView
from carecoord_desktop.ui.chart.new_patient import NewPatientView
from carecoord_desktop.ui.panel.panel_page import PatientPanel
from carecoord_desktop.ui.search.quick_search import QuickSearchDialog
from carecoord_desktop.ui.unsaved import may_discard


class PatientsArea(QWidget):
    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("patientsArea")
        self.session = session
        self._staff: list[patients.StaffChoice] | None = None
        self.quick_search: QuickSearchDialog | None = None
        self.panel = PatientPanel(session)
        self.panel.open_patient.connect(self.open_chart)
        self.panel.new_patient_requested.connect(self.new_patient)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("patientTabs")
        self.tabs.setDocumentMode(True)
        self.tabs.setTabsClosable(True)
        self.tabs.setMovable(False)
        self.tabs.setTabBarAutoHide(False)  # the strip is always there: opening a chart never moves the panel
        self.tabs.addTab(self.panel, "Panel")
        self.tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.RightSide, None)
        self.tabs.tabBar().setTabButton(0, QTabBar.ButtonPosition.LeftSide, None)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        close = QShortcut(QKeySequence.StandardKey.Close, self, self.close_current)
        close.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @property
    def staff(self) -> list[patients.StaffChoice]:
        if self._staff is None:
            self._staff = patients.staff_choices(self.session)
        return self._staff

    # -- charts ------------------------------------------------------------------------------------
    def charts(self) -> list[ChartView]:
        return [w for i in range(self.tabs.count()) if isinstance(w := self.tabs.widget(i), ChartView)]

    def chart_for(self, patient_id: int) -> ChartView | None:
        return next((c for c in self.charts() if c.patient_id == patient_id), None)

    def open_chart(self, patient_id: int) -> ChartView | None:
        """Show the chart (opening it is audited by the service); an open chart's tab is reused."""
        view = self.chart_for(patient_id)
        if view is None:
            try:
                staff = self.staff
                chart = patients.open_chart(self.session, patient_id)
            except UserError as exc:
                QMessageBox.warning(self, "Open chart", exc.message)
                return None
            view = ChartView(self.session, chart, staff)
            view.changed.connect(self._chart_changed)
            index = self.tabs.addTab(view, self._tab_title(view))
            self.tabs.setTabToolTip(index, f"{chart.patient.display_name} · MRN {chart.patient.mrn}")
        self.tabs.setCurrentWidget(view)
        view.tabs.setFocus()
        return view

    @staticmethod
    def _tab_title(view: ChartView) -> str:
        p = view.chart.patient
        return f"{p.family_name}, {p.given_name}".replace("&", "&&")

    def _chart_changed(self, patient_id: int) -> None:
        view = self.chart_for(patient_id)
        if view is not None:
            self.tabs.setTabText(self.tabs.indexOf(view), self._tab_title(view))
        self.panel.refresh()

    def close_tab(self, index: int) -> None:
        widget = self.tabs.widget(index)
        if widget is None or widget is self.panel:
            return
        unsaved = isinstance(widget, ChartView | NewPatientView) and widget.draft_state()
        if unsaved and not may_discard(self, "this tab"):
            return
        self.tabs.removeTab(index)
        widget.deleteLater()
        if self.tabs.currentWidget() is self.panel:
            self.panel.table.setFocus()

    def close_current(self) -> None:
        self.close_tab(self.tabs.currentIndex())

    # -- new patient -------------------------------------------------------------------------------
    def new_patient_view(self) -> NewPatientView | None:
        return next(
            (w for i in range(self.tabs.count()) if isinstance(w := self.tabs.widget(i), NewPatientView)),
            None,
        )

    def new_patient(self) -> NewPatientView | None:
        view = self.new_patient_view()
        if view is None:
            try:
                staff = self.staff
            except UserError as exc:
                QMessageBox.warning(self, "New patient", exc.message)
                return None
            view = NewPatientView(self.session, staff)
            view.created.connect(lambda new_id, v=view: self._patient_created(v, new_id))
            view.open_patient.connect(self.open_chart)
            view.cancelled.connect(lambda v=view: self.close_tab(self.tabs.indexOf(v)))
            self.tabs.addTab(view, "New patient")
        self.tabs.setCurrentWidget(view)
        view.identity.fields.widgets["given_name"].setFocus()
        return view

    def _patient_created(self, view: NewPatientView, new_id: int) -> None:
        self.tabs.removeTab(self.tabs.indexOf(view))
        view.deleteLater()
        self.panel.refresh()
        self.open_chart(new_id)

    # -- quick search ------------------------------------------------------------------------------
    def open_quick_search(self) -> QuickSearchDialog:
        if self.quick_search is None:
            self.quick_search = QuickSearchDialog(self.session, self)
            self.quick_search.patient_chosen.connect(self.open_chart)
        self.quick_search.start()
        return self.quick_search

    # -- drafts (HoldsDraft) -----------------------------------------------------------------------
    def draft_state(self) -> dict[str, Any] | None:
        charts = [
            {"patient_id": view.patient_id, "draft": state}
            for view in self.charts()
            if (state := view.draft_state())
        ]
        new = self.new_patient_view()
        new_state = new.draft_state() if new is not None else None
        if not charts and not new_state:
            return None
        return {"charts": charts, "new_patient": new_state}

    def restore_draft(self, payload: dict[str, Any]) -> None:
        for item in payload.get("charts") or []:
            view = self.open_chart(int(item["patient_id"]))
            if view is not None:
                view.restore_draft(item["draft"])
        if payload.get("new_patient") and (form := self.new_patient()) is not None:
            form.restore_draft(payload["new_patient"])
