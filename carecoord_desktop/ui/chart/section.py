"""What a chart section is: one tab of a patient's chart that loads its part, offers its edit form and
hands over its draft by its own key. Sections are registered in `ui/chart/sections.py`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.clock import PracticeClock
from carecoord_desktop.services import patients
from carecoord_desktop.services.patients import Chart, StaffChoice
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.forms.edit_form import EditForm
from carecoord_desktop.ui.widgets.notice import Notice


@dataclass(frozen=True)
class ChartContext:
    """What every section of one open chart shares."""

    session: Session
    staff: list[StaffChoice]

    @property
    def clock(self) -> PracticeClock:
        return self.session.clock


class ChartSection(QStackedWidget):
    """A tab's read view (page 0) and, while the person edits, its edit form.

    A subclass sets `key`, `title` and, when it can be edited, `edit_text`; it says what it shows
    (`read_html`, or its own `build_read_page` and `load`) and how it edits (`make_form`, `load_form`, `save`).
    A `lazy` section reads its own data through its own service the first time its tab is shown.
    """

    key: ClassVar[str] = ""
    title: ClassVar[str] = ""  # the tab's text, with its mnemonic ("C&ontact && preferences")
    edit_text: ClassVar[str] = ""  # the Edit button's text; "" for a section that is only read
    lazy: ClassVar[bool] = False
    saved_text: ClassVar[str] = "Saved. The History tab shows what changed."

    edit_requested = Signal()

    @classmethod
    def shown_for(cls, chart: Chart) -> bool:
        """Whether this chart (as the person's role sees it) has this tab at all."""
        return True

    def __init__(self, context: ChartContext) -> None:
        super().__init__()
        self.setObjectName(f"{self.key}Section")
        self.context = context
        self.chart: Chart | None = None
        self.form: EditForm | None = None
        self.stale = True
        self.notice = Notice(f"{self.key}SectionNotice")
        self.edit_button = QPushButton(self.edit_text)
        self.edit_button.setObjectName(f"{self.key}SectionEdit")
        self.edit_button.setVisible(False)
        self.edit_button.clicked.connect(self.edit_requested)
        self.addWidget(self.build_read_page())

    # -- reading -----------------------------------------------------------------------------------
    def build_read_page(self) -> QWidget:
        """The default read view: a notice and the Edit button above scrolling rich text (`self.text`)."""
        self.text = QLabel()
        self.text.setObjectName(f"{self.key}SectionText")
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.extra = QVBoxLayout()
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
        buttons.addStretch(0)  # keeps the button its own size while the notice is hidden
        buttons.addWidget(self.edit_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(buttons)
        layout.addWidget(scroll, 1)
        return page

    def read_html(self, chart: Chart) -> str:
        return ""

    def load(self, chart: Chart) -> None:
        """Show this section's part of `chart` (a lazy section fetches its own rows here)."""
        self.text.setText(self.read_html(chart))

    def set_chart(self, chart: Chart, *, showing: bool) -> None:
        """The chart was opened or saved: show it now, or (lazy and out of sight) when the tab is shown."""
        self.chart = chart
        self.edit_button.setVisible(bool(self.edit_text) and self.can_edit(chart))
        self.stale = True
        if showing or not self.lazy:
            self.refresh()

    def refresh(self) -> None:
        if self.chart is not None:
            self.load(self.chart)
            self.stale = False

    # -- editing -----------------------------------------------------------------------------------
    def can_edit(self, chart: Chart) -> bool:
        return False

    @property
    def may_edit(self) -> bool:
        return not self.edit_button.isHidden()

    def make_form(self) -> EditForm:
        raise NotImplementedError(f"{type(self).__name__} has no edit form")

    def load_form(self, form: EditForm, chart: Chart) -> None:
        """Fill a new form from the chart."""

    def save(self, form: EditForm) -> Chart | None:
        """Save through the services; the new chart when the patient record changed (the header is redrawn)."""
        assert self.chart is not None
        return patients.update_patient(self.context.session, self.chart.id, form.changes())

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

    def draft_state(self) -> dict[str, Any] | None:
        return self.form.state() if self.form is not None and self.form.has_changes() else None
