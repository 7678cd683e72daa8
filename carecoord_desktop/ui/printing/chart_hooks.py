"""Where printing joins the existing windows: a Print button and a Disclosures tab on each chart, and
Patients → Print patient summary in the main window. Each is one call from the window it joins."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QPushButton

from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.ui.printing.disclosures_panel import DisclosuresPanel
from carecoord_desktop.ui.printing.document_window import open_document

if TYPE_CHECKING:
    from carecoord_desktop.ui.chart.chart_view import ChartView
    from carecoord_desktop.ui.main_window import MainWindow


def add_printing(view: ChartView) -> None:
    """A Print summary button beside the chart's tabs, and a Disclosures tab for those who may see it."""
    session = view.session
    if not session.can(Permission.PRINT_PATIENT_DOCUMENTS):
        return
    panel = None
    if session.can(Permission.VIEW_DISCLOSURES):
        panel = DisclosuresPanel(session, view.patient_id)
        view.tabs.addTab(panel, "&Disclosures")
    button = QPushButton("P&rint summary…")
    button.setObjectName("printSummary")
    button.setToolTip("Preview the patient summary, then print it or save it as a PDF")
    button.setProperty("link", True)  # as tall as the tab bar: never over the section's own Edit button
    view.tabs.setCornerWidget(button, Qt.Corner.TopRightCorner)
    refresh = panel.refresh if panel is not None else None
    button.clicked.connect(
        lambda: setattr(
            view,
            "print_window",
            open_document(view, session, PrintRequest("summary", view.patient_id), refresh),
        )
    )


def add_print_menu(window: MainWindow) -> QAction:
    """Patients → Print patient summary… (Ctrl+P): for the chart in front."""
    action = QAction("&Print patient summary…", window)
    action.setObjectName("printSummaryAction")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.Print))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    window.addAction(action)
    window.patients_menu.addAction(action)

    def print_current() -> None:
        from carecoord_desktop.ui.areas import CHART_AREA
        from carecoord_desktop.ui.chart.chart_view import ChartView

        area = window.area(CHART_AREA) if window.may_open(CHART_AREA) else None
        current = getattr(area, "tabs", None)
        view = current.currentWidget() if current is not None else None
        button = view.tabs.cornerWidget(Qt.Corner.TopRightCorner) if isinstance(view, ChartView) else None
        if isinstance(button, QPushButton):
            button.click()
        else:
            window.statusBar().showMessage("Open a patient's chart first, then print its summary.", 5000)

    action.triggered.connect(print_current)
    return action
