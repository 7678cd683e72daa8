"""One patient's chart: a header that is always in view, and one tab per registered section, each switching
between reading and editing."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.clinical_summary import allergy_banner
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.patients import PatientStatus
from carecoord_desktop.services.patients import Chart, StaffChoice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart import read_views
from carecoord_desktop.ui.chart.formatting import words
from carecoord_desktop.ui.chart.section import ChartContext, ChartSection
from carecoord_desktop.ui.chart.sections import CHART_SECTIONS
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.edit_form import EditForm
from carecoord_desktop.ui.printing.chart_hooks import add_printing
from carecoord_desktop.ui.registry import load_class

RISK_COLOURS = {
    "low": ("#1e6b3f", "#e3f3e9"),
    "moderate": ("#8a5a00", "#fdf1d8"),
    "high": ("#a3361b", "#fde6de"),
    "complex": ("#7a1f52", "#f8e1ee"),
}
BANNER_STYLES = {
    "allergies": "color:#8c1d18;background:#fbeceb;border:1px solid #f0c4c0;",
    "none": "color:#1e6b3f;background:#e9f5ee;border:1px solid #bfe0cc;",
    "unknown": "color:#7a4b00;background:#fff8e6;border:1px solid #e8c878;",
}


class ChartHeader(QFrame):
    """Name, age, DOB, MRN, coordinator; the allergy banner and the risk tier when the role may see them."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("chartHeader")
        self.setStyleSheet(
            "QFrame#chartHeader { background: white; border: 1px solid #cfd8df; border-radius: 8px; }"
        )
        self.name = QLabel()
        self.name.setObjectName("chartName")
        self.name.setStyleSheet("font-size: 16pt; font-weight: 600;")
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("chartStatus")
        self.status.setStyleSheet(
            "color:white;background:#5b6b78;border-radius:3px;padding:2px 8px;font-weight:600;"
        )
        self.risk = QLabel()
        self.risk.setObjectName("chartRiskTier")
        self.risk.setAccessibleName("Risk tier")
        self.details = QLabel()
        self.details.setObjectName("chartDetails")
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setWordWrap(True)
        self.banner = QLabel()
        self.banner.setObjectName("allergyBanner")
        self.banner.setAccessibleName("Allergies")
        self.banner.setWordWrap(True)
        top = QHBoxLayout()
        top.setSpacing(10)
        top.addWidget(self.name)
        top.addWidget(self.status)
        top.addStretch(1)
        top.addWidget(self.risk)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.details)
        layout.addWidget(self.banner)

    def show_chart(self, chart: Chart, today: date) -> None:
        p = chart.patient
        self.name.setText(p.display_name)
        self.status.setVisible(p.status is not PatientStatus.ACTIVE)
        self.status.setText(words(p.status) + (f" {format_date(p.date_of_death)}" if p.date_of_death else ""))
        coordinator = chart.staff_names.get(p.coordinator_id, "none") if p.coordinator_id else "none"
        pcp = chart.staff_names.get(p.pcp_id, "none") if p.pcp_id else "none"
        self.details.setText(
            f"<b>{p.age_text(today).capitalize()}</b> &nbsp;·&nbsp; DOB <b>{format_date(p.date_of_birth)}</b>"
            f" &nbsp;·&nbsp; MRN <b>{p.mrn}</b> &nbsp;·&nbsp; {words(p.sex_at_birth)}"
            f" &nbsp;·&nbsp; Coordinator: {coordinator} &nbsp;·&nbsp; PCP: {pcp}"
        )
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.banner.setVisible(chart.clinical_visible)
        self.risk.setVisible(chart.clinical_visible)
        if not chart.clinical_visible:
            self.banner.clear()
            self.risk.clear()
            return
        clinical = p.clinical
        kind = "allergies" if clinical.allergies else "none" if clinical.no_known_allergies else "unknown"
        self.banner.setText(allergy_banner(clinical))
        self.banner.setStyleSheet(
            f"QLabel#allergyBanner {{ {BANNER_STYLES[kind]} border-radius:4px; padding:5px 10px; font-weight:600; }}"
        )
        tier = clinical.risk_tier.tier.value if clinical.risk_tier else None
        fg, bg = RISK_COLOURS.get(tier or "", ("#5b6b78", "#edf1f4"))
        self.risk.setText(f"Risk: {words(tier)}" if tier else "Risk tier not set")
        self.risk.setStyleSheet(
            f"color:{fg};background:{bg};border-radius:10px;padding:3px 12px;font-weight:600;"
        )
        if clinical.risk_tier:
            self.risk.setToolTip(clinical.risk_tier.reason)


class ChartView(QWidget):
    """The chart of one patient, opened (and audited) through services.patients.open_chart.

    Its tabs are the registered sections (`ui/chart/sections.py`) this chart's role may see.
    """

    changed = Signal(int)  # patient id, after a save

    def __init__(
        self,
        session: Session,
        chart: Chart,
        staff: list[StaffChoice],
        *,
        sections: tuple[str, ...] = CHART_SECTIONS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chartView")
        self.session = session
        self.chart = chart
        self.staff = staff
        self.context = ChartContext(session, staff)
        self.header = ChartHeader()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("chartTabs")
        self.tabs.setDocumentMode(True)
        self.sections: dict[str, ChartSection] = {}
        for ref in sections:
            kind = load_class(ref, ChartSection)
            if not kind.shown_for(chart):
                continue
            section = kind(self.context)
            section.edit_requested.connect(lambda key=kind.key: self.edit(key))
            self.sections[kind.key] = section
            self.tabs.addTab(section, kind.title)
        add_printing(self)  # Print summary… beside the tabs, and the Disclosures tab
        self.tabs.currentChanged.connect(self._tab_changed)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        self.updated = QLabel()
        self.updated.setObjectName("chartUpdated")
        self.updated.setProperty("hint", True)
        layout.addWidget(self.updated)
        self.show_chart(chart)

    @property
    def patient_id(self) -> int:
        return self.chart.id

    def current_section(self) -> ChartSection | None:
        widget = self.tabs.currentWidget()
        return widget if isinstance(widget, ChartSection) else None

    # -- showing -----------------------------------------------------------------------------------
    def show_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.header.show_chart(chart, self.session.clock.today())
        current = self.current_section()
        for section in self.sections.values():
            section.set_chart(chart, showing=section is current)
        self.updated.setText(read_views.updated_line(chart, self.session.clock))

    def _tab_changed(self, _index: int) -> None:
        section = self.current_section()
        if section is not None and section.stale:
            section.refresh()

    # -- editing -----------------------------------------------------------------------------------
    def edit(self, key: str) -> EditForm:
        section = self.sections[key]
        was_editing = section.form is not None
        form = section.start_editing()
        self.tabs.setCurrentWidget(section)
        if not was_editing:
            section.load_form(form, self.chart)
            form.mark_clean()
            form.save_requested.connect(lambda: self.save(key))
            form.cancelled.connect(section.stop_editing)
        form.setFocus()
        first = next(iter(form.fields.widgets.values()), None)
        if first is not None:
            first.setFocus()
        return form

    def save(self, key: str) -> None:
        section = self.sections[key]
        form = section.form
        if form is None:
            return
        form.clear_errors()
        try:
            chart = section.save(form)
        except UserError as exc:
            form.show_error(exc)  # everything typed stays in the form
            return
        section.stop_editing()
        if chart is not None:
            self.show_chart(chart)
        else:
            section.refresh()
        section.notice.say(section.saved_text)
        self.changed.emit(self.chart.id)

    # -- drafts: by section key, so adding or hiding a tab never sends input to the wrong one ----------
    def draft_state(self) -> dict[str, Any] | None:
        forms = {key: state for key, s in self.sections.items() if (state := s.draft_state())}
        current = self.current_section()
        return {"forms": forms, "section": current.key if current else ""} if forms else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        for key, state in (payload.get("forms") or {}).items():
            if key in self.sections and self.sections[key].may_edit:
                self.edit(key).restore(state)
        shown = payload.get("section")
        if shown in self.sections:
            self.tabs.setCurrentWidget(self.sections[shown])
