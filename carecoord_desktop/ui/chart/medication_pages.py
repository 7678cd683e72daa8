"""The pages of the chart's Medications tab after its current list, in order: one line each.

A page is a `MedicationPage` built as `Page(context)` the first time its tab is built, and given the chart
with `load(chart)` whenever the Medications tab loads. The reconciliation feature adds its page here
(e.g. "carecoord_desktop.ui.medrec.chart_page:ReconciliationsPage").
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QWidget

from carecoord_desktop.services.patients import Chart
from carecoord_desktop.ui.chart.section import ChartContext

MEDICATION_PAGES: tuple[str, ...] = ("carecoord_desktop.ui.medrec.chart_page:ReconciliationsPage",)


class MedicationPage(QWidget):
    """One page of the Medications tab beside the current list."""

    title: ClassVar[str] = ""  # the page's tab text, with a free mnemonic

    def __init__(self, context: ChartContext) -> None:
        super().__init__()
        self.context = context

    def load(self, chart: Chart) -> None:
        """Show this page's part of `chart`, read through its own service."""
