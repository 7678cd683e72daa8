"""One patient's chart: a header that is always in view, and tabs that switch between reading and editing."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.clinical_summary import allergy_banner
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.patients import PatientStatus
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import Chart, StaffChoice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.chart import read_views
from carecoord_desktop.ui.chart.clinical_forms import CareTeamForm, ClinicalForm
from carecoord_desktop.ui.chart.demographics_forms import ContactForm, IdentityForm
from carecoord_desktop.ui.chart.formatting import history_value, local_time, us_date, words
from carecoord_desktop.ui.forms.edit_form import EditForm
from carecoord_desktop.ui.widgets.notice import Notice

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
        self.status.setText(words(p.status) + (f" {us_date(p.date_of_death)}" if p.date_of_death else ""))
        coordinator = chart.staff_names.get(p.coordinator_id, "none") if p.coordinator_id else "none"
        pcp = chart.staff_names.get(p.pcp_id, "none") if p.pcp_id else "none"
        self.details.setText(
            f"<b>{p.age_on(today)} years</b> &nbsp;·&nbsp; DOB <b>{us_date(p.date_of_birth)}</b>"
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


class Section(QStackedWidget):
    """A tab's read view with an Edit button, and its edit form once the person starts editing."""

    def __init__(self, name: str, edit_text: str, can_edit: bool, make_form: Callable[[], EditForm]) -> None:
        super().__init__()
        self.setObjectName(name)
        self.make_form = make_form
        self.form: EditForm | None = None
        self.text = QLabel()
        self.text.setObjectName(f"{name}Text")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.extra = QVBoxLayout()
        self.edit_button = QPushButton(edit_text)
        self.edit_button.setObjectName(f"{name}Edit")
        self.edit_button.setVisible(can_edit)
        self.notice = Notice(f"{name}Notice")
        read = QWidget()
        column = QVBoxLayout(read)
        column.setContentsMargins(4, 4, 12, 4)
        column.addWidget(self.text)
        column.addLayout(self.extra)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(read)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.notice, 1)
        buttons.addStretch(0)
        buttons.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        self.addWidget(page)

    @property
    def editing(self) -> bool:
        return self.form is not None and self.currentWidget() is self.form

    def start_editing(self) -> EditForm:
        if self.form is None:
            self.form = self.make_form()
            self.addWidget(self.form)
        self.setCurrentWidget(self.form)
        return self.form

    def stop_editing(self) -> None:
        self.setCurrentIndex(0)
        if self.form is not None:
            self.removeWidget(self.form)
            self.form.deleteLater()
            self.form = None
        self.edit_button.setFocus()


class ChartView(QWidget):
    """The chart of one patient, opened (and audited) through services.patients.open_chart."""

    changed = Signal(int)  # patient id, after a save
    open_patient = Signal(int)

    SUMMARY, CONTACT, CLINICAL, CARE_TEAM = "summary", "contact", "clinical", "careTeam"

    def __init__(
        self,
        session: Session,
        chart: Chart,
        staff: list[StaffChoice],
        *,
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("chartView")
        self.session = session
        self.chart = chart
        self.staff = staff
        self.today = today
        self.header = ChartHeader()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("chartTabs")
        self.tabs.setDocumentMode(True)
        self.sections: dict[str, Section] = {}
        self._add_section(
            self.SUMMARY, "&Summary", "Edit &identity…", chart.can_edit_demographics, self._identity_form
        )
        self.clinical_hidden = QLabel(read_views.CLINICAL_HIDDEN)
        self.clinical_hidden.setObjectName("clinicalHidden")
        self.clinical_hidden.setProperty("hint", True)
        self.clinical_hidden.setVisible(not chart.clinical_visible)
        self.sections[self.SUMMARY].extra.addWidget(self.clinical_hidden)
        self._add_section(
            self.CONTACT,
            "C&ontact && preferences",
            "Edit &contact…",
            chart.can_edit_demographics,
            ContactForm,
        )
        if chart.clinical_visible:
            self._add_section(
                self.CLINICAL,
                "&Problems && allergies",
                "Edit problems && &allergies…",
                chart.can_edit_clinical,
                lambda: ClinicalForm(self.session.user.id, can_set_risk_tier=self.chart.can_set_risk_tier),
            )
        self._add_section(
            self.CARE_TEAM,
            "Care t&eam",
            "Edit care &team…",
            chart.can_edit_clinical,
            lambda: CareTeamForm(self.staff),
        )
        self.history = QTableWidget(0, 5)
        self.history.setObjectName("historyTable")
        self.history.setAccessibleName("Chart history")
        self.history.setHorizontalHeaderLabels(["When", "Who", "What changed", "Before", "After"])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history.setWordWrap(True)
        self.history.verticalHeader().hide()
        self.history.setAlternatingRowColors(True)
        header = self.history.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setStretchLastSection(True)
        char = self.fontMetrics().averageCharWidth()
        for column, chars in enumerate((22, 12, 34, 34)):
            self.history.setColumnWidth(column, chars * char)
        self.tabs.addTab(self.history, "&History")
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
        self._history_stale = True
        self.show_chart(chart)

    # -- building ----------------------------------------------------------------------------------
    def _add_section(
        self, key: str, title: str, edit_text: str, can_edit: bool, make_form: Callable[[], EditForm]
    ) -> None:
        section = Section(f"{key}Section", edit_text, can_edit, make_form)
        section.edit_button.clicked.connect(lambda: self.edit(key))
        self.sections[key] = section
        self.tabs.addTab(section, title)

    def _identity_form(self) -> IdentityForm:
        return IdentityForm(self.staff)

    # -- showing -----------------------------------------------------------------------------------
    @property
    def patient_id(self) -> int:
        return self.chart.id

    def show_chart(self, chart: Chart) -> None:
        self.chart = chart
        today = self.today()
        self.header.show_chart(chart, today)
        self.sections[self.SUMMARY].text.setText(read_views.summary_html(chart, today))
        self.sections[self.CONTACT].text.setText(read_views.contact_html(chart))
        if self.CLINICAL in self.sections:
            self.sections[self.CLINICAL].text.setText(read_views.clinical_html(chart))
        self.sections[self.CARE_TEAM].text.setText(read_views.care_team_html(chart))
        self.updated.setText(read_views.updated_line(chart))
        self._history_stale = True
        if self.tabs.currentWidget() is self.history:
            self.load_history()

    def _tab_changed(self, _index: int) -> None:
        if self.tabs.currentWidget() is self.history and self._history_stale:
            self.load_history()

    def load_history(self) -> None:
        try:
            entries = patients.history(self.session, self.chart.id)
        except UserError as exc:
            self.history.setRowCount(1)
            self.history.setItem(0, 0, QTableWidgetItem(exc.message))
            return
        rows: list[tuple[str, str, str, str, str]] = []
        for entry in entries:
            when = local_time(entry.changed_at)
            if not entry.changes:
                rows.append((when, entry.changed_by, "Chart created", "", ""))
            for change in entry.changes:
                rows.append(
                    (
                        when,
                        entry.changed_by,
                        change.label,
                        history_value(change.old),
                        history_value(change.new),
                    )
                )
        self.history.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.history.setItem(r, c, item)
        self.history.resizeRowsToContents()
        self._history_stale = False

    # -- editing -----------------------------------------------------------------------------------
    def edit(self, key: str) -> EditForm:
        section = self.sections[key]
        was_editing = section.form is not None
        form = section.start_editing()
        self.tabs.setCurrentWidget(section)
        if not was_editing:
            self._load_form(form)
            form.save_requested.connect(lambda: self.save(key))
            form.cancelled.connect(lambda: section.stop_editing())
        form.setFocus()
        first = next(iter(form.fields.widgets.values()), None)
        if first is not None:
            first.setFocus()
        return form

    def _load_form(self, form: EditForm) -> None:
        if isinstance(form, IdentityForm | CareTeamForm):
            form.load(self.chart.patient, self.chart.staff_names)
        elif isinstance(form, ContactForm | ClinicalForm):
            form.load(self.chart.patient)
        form.mark_clean()

    def save(self, key: str) -> None:
        section = self.sections[key]
        form = section.form
        if form is None:
            return
        form.clear_errors()
        try:
            chart = patients.update_patient(self.session, self.chart.id, form.changes())
        except UserError as exc:
            form.show_error(exc)  # everything typed stays in the form
            return
        section.stop_editing()
        self.show_chart(chart)
        section.notice.say("Saved. The History tab shows what changed.")
        self.changed.emit(chart.id)

    # -- drafts ------------------------------------------------------------------------------------
    def draft_state(self) -> dict[str, Any] | None:
        forms = {
            key: s.form.state()
            for key, s in self.sections.items()
            if s.form is not None and s.form.has_changes()
        }
        return {"forms": forms, "tab": self.tabs.currentIndex()} if forms else None

    def restore_draft(self, payload: dict[str, Any]) -> None:
        for key, state in (payload.get("forms") or {}).items():
            if key in self.sections and not self.sections[key].edit_button.isHidden():
                form = self.edit(key)
                form.restore(state)
        self.tabs.setCurrentIndex(int(payload.get("tab", 0)))
