"""The reconciliation's small dialogs: start a session, enter a source list, decide a line, give a reason.

Each opens in its first field, Enter saves from any field and Escape asks before typed input is lost
(FormDialog); the service's field errors land next to their fields and nothing typed is lost on an error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.domain.med_comparison import ComparisonLine, SourceKind
from carecoord_desktop.domain.medications import Frequency
from carecoord_desktop.domain.reconciliation import (
    Intent,
    LineDecision,
    ReconciliationReason,
    Resolution,
)
from carecoord_desktop.domain.transitions import StayRecord
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.forms.fields import FormFields, blank_to_none, message_label
from carecoord_desktop.ui.medrec.comparison_model import said, source_title


class FormDialogBase(FormDialog):
    """A titled form with OK and Cancel; `save` does the work and may raise a UserError."""

    def __init__(self, name: str, title: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.fields = FormFields(message_label(f"{name}Error"), prefix=f"{name}_")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName(f"{name}Cancel")
        self.ok_button: QPushButton = self.buttons.addButton(ok_text, QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName(f"{name}Ok")
        self.ok_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        self.body = QVBoxLayout(self)
        self.body.addWidget(self.intro)
        self.body.addLayout(self.form)
        self.body.addWidget(self.fields.general)
        self.body.addWidget(self.buttons)
        self.result_value: Any = None

    def say(self, text: str) -> None:
        self.intro.setText(text)
        self.intro.show()

    def row(self, label: str, path: str) -> None:
        widget = self.fields.widgets[path]
        caption = QLabel(label)
        caption.setBuddy(widget)
        self.form.addRow(caption, self.fields.box(path))

    def save(self) -> Any:
        raise NotImplementedError

    def submit(self) -> None:
        self.fields.clear_errors()
        try:
            self.result_value = self.save()
        except UserError as exc:
            self.fields.show_error(exc)
            return
        self.accept()


class StartDialog(FormDialogBase):
    """Why the reconciliation is done; after a discharge, the date and (when recorded) the stay."""

    def __init__(
        self, stays: list[StayRecord], start: Callable[[dict[str, Any]], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__("startReconciliation", "Start a medication reconciliation", "&Start", parent)
        self._start = start
        f = self.fields
        f.combo("reason", "Reason", [(r.label, r.value) for r in ReconciliationReason])
        self.stay = f.combo(
            "stay_id",
            "Hospital stay",
            [("Not linked to a recorded stay", None)]
            + [
                (f"{s.stay.facility_name}, discharged {format_date(s.stay.discharged_on)}", s.id)
                for s in stays
            ],
        )
        f.line("discharged_on", "Discharge date", placeholder="MM/DD/YYYY")
        self.row("&Reason", "reason")
        self.row("Linked s&tay", "stay_id")
        self.row("&Discharge date", "discharged_on")
        self.stay.currentIndexChanged.connect(self._stay_chosen)
        if stays:
            f.set_value("stay_id", stays[0].id)
            self._stay_chosen()

    def _stay_chosen(self) -> None:
        linked = self.fields.value("stay_id") is not None
        self.fields.widgets["discharged_on"].setEnabled(not linked)
        if linked:
            self.fields.set_value("reason", ReconciliationReason.POST_DISCHARGE.value)

    def save(self) -> Any:
        reason = self.fields.value("reason")
        after_discharge = reason == ReconciliationReason.POST_DISCHARGE.value
        data: dict[str, Any] = {"reason": reason}
        if after_discharge:
            data["stay_id"] = self.fields.value("stay_id")
            data["discharged_on"] = blank_to_none(self.fields.value("discharged_on"))
        return self._start(data)


FREQUENCIES = {f.label: f for f in Frequency if f is not Frequency.OTHER}
MEDICINE_COLUMNS = ("Medicine (name, strength, form)", "Dose", "Route", "How often")


def medicine_from_row(cells: list[str]) -> dict[str, Any] | None:
    """One typed row as a medication's fields; how often is a structured frequency when it says one."""
    display, dose, route, how_often = (c.strip() for c in cells)
    if not any((display, dose, route, how_often)):
        return None
    data: dict[str, Any] = {"display": display, "dose": dose or None, "route": route or None}
    frequency = FREQUENCIES.get(how_often.casefold())
    if frequency is not None:
        data["frequency"] = frequency.value
    elif how_often:
        data["frequency"] = Frequency.OTHER.value
        data["frequency_text"] = how_often
    return data


class MedicineTable(QTableWidget):
    """Rows of medicines typed like a spreadsheet: Tab moves across, a new row appears below the last."""

    def __init__(self, name: str) -> None:
        super().__init__(1, len(MEDICINE_COLUMNS))
        self.setObjectName(name)
        self.setAccessibleName("Medicines on this list")
        self.setHorizontalHeaderLabels(MEDICINE_COLUMNS)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.setTabKeyNavigation(True)
        self.setMinimumHeight(220)
        self.cellChanged.connect(self._grow)

    def _grow(self, row: int, _column: int) -> None:
        if row == self.rowCount() - 1 and any(self._text(row, c) for c in range(self.columnCount())):
            self.insertRow(self.rowCount())

    def _text(self, row: int, column: int) -> str:
        item = self.item(row, column)
        return item.text() if item is not None else ""

    def set_rows(self, rows: list[list[str]]) -> None:
        self.setRowCount(len(rows) + 1)
        for r, cells in enumerate(rows):
            for c, text in enumerate(cells):
                self.setItem(r, c, QTableWidgetItem(text))

    def medicines(self) -> list[dict[str, Any]]:
        rows = (
            medicine_from_row([self._text(r, c) for c in range(self.columnCount())])
            for r in range(self.rowCount())
        )
        return [row for row in rows if row is not None]


class SourceDialog(FormDialogBase):
    """A source list typed in: what kind, who provided it, when, and its medicines (one per row)."""

    def __init__(
        self, today_text: str, add: Callable[[dict[str, Any]], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__("sourceDialog", "Add a source list", "&Add source", parent)
        self._add = add
        f = self.fields
        f.combo("kind", "Kind of source", [(source_title(k), k.value) for k in SourceKind])
        f.line("provided_by", "Provided by", placeholder="the patient, the daughter, Main St Pharmacy…")
        f.line("obtained_on", "Obtained on", placeholder="MM/DD/YYYY")
        f.set_value("obtained_on", today_text)
        self.table = MedicineTable("sourceMedicines")
        f.wrap("medications", self.table)
        self.row("&Kind", "kind")
        self.row("&Provided by", "provided_by")
        self.row("&Obtained on", "obtained_on")
        self.say(
            "Ask about over-the-counter medicines, herbals, vitamins, inhalers, eye/ear/nose drops, patches, "
            "injections, as-needed medicines, samples and cannabis. How often: once a day, twice a day, at "
            "bedtime, as needed… (other words are kept as typed)."
        )
        self.body.insertWidget(2, f.box("medications"))

    def has_typed_input(self) -> bool:
        return super().has_typed_input() or bool(self.table.medicines())

    def submit(self) -> None:
        if (
            self.fields.widgets["medications"].hasFocus()
            and self.table.state() == QTableWidget.State.EditingState
        ):
            return
        super().submit()

    def save(self) -> Any:
        f = self.fields
        return self._add(
            {
                "kind": f.value("kind"),
                "provided_by": f.value("provided_by"),
                "obtained_on": blank_to_none(f.value("obtained_on")),
                "medications": self.table.medicines(),
            }
        )


class DecisionDialog(FormDialogBase):
    """One line's decision in full: the resolution and what it needs, the intent, the double-check."""

    def __init__(
        self,
        line: ComparisonLine,
        decision: LineDecision | None,
        resolution: Resolution,
        decide: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("decisionDialog", "Decide this line", "&Save decision", parent)
        self._decide = decide
        self.line = line
        f = self.fields
        self.resolution = f.combo("resolution", "Resolution", [(r.label, r.value) for r in Resolution])
        f.combo(
            "intent", "Intent", [("Not said (no discrepancy)", None), *((i.label, i.value) for i in Intent)]
        )
        f.line("reason", "Reason", placeholder="why it changes, stops, is held or starts")
        f.line("hold_until", "Hold until", placeholder="MM/DD/YYYY (optional)")
        f.line("medication.display", "New medicine", placeholder="e.g. Lisinopril 20 mg tablet")
        f.line("medication.dose", "New dose", placeholder="e.g. 1 tablet")
        f.line("medication.route", "New route", placeholder="e.g. by mouth")
        f.line("medication.frequency_text", "New frequency", placeholder="e.g. once a day")
        f.line("question", "Question for the prescriber")
        f.line("prescriber_response", "Prescriber's response")
        f.check("double_checked", "High-alert medicine &double-checked")
        base = line.current or next((m for m in line.by_source.values() if m is not None), None)
        self.say(f"<b>{said(base)}</b><br>" + "<br>".join(d.explanation for d in line.discrepancies))
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        for label, path in (
            ("&Resolution", "resolution"),
            ("&Intent", "intent"),
            ("Rea&son", "reason"),
            ("Hold &until", "hold_until"),
            ("New &medicine", "medication.display"),
            ("New d&ose", "medication.dose"),
            ("New ro&ute", "medication.route"),
            ("New &frequency", "medication.frequency_text"),
            ("&Question for the prescriber", "question"),
            ("Prescriber's res&ponse", "prescriber_response"),
        ):
            self.row(label, path)
        self.form.addRow("", self.fields.box("double_checked"))
        f.widgets["double_checked"].setVisible(line.high_alert)
        if decision is not None:
            self._fill(decision)
        elif base is not None:
            for name in ("display", "dose", "route"):
                f.set_value(f"medication.{name}", getattr(base, name))
            f.set_value("medication.frequency_text", base.how_often)
        f.set_value("resolution", resolution.value)
        self.resolution.currentIndexChanged.connect(lambda _i: self._shape())
        self._shape()

    def _fill(self, decision: LineDecision) -> None:
        f = self.fields
        f.set_value("intent", decision.intent.value if decision.intent else None)
        for name in ("reason", "question", "prescriber_response", "double_checked"):
            f.set_value(name, getattr(decision, name))
        f.set_value("hold_until", format_date(decision.hold_until) if decision.hold_until else "")
        if decision.medication is not None:
            for name in ("display", "dose", "route"):
                f.set_value(f"medication.{name}", getattr(decision.medication, name))
            f.set_value("medication.frequency_text", decision.medication.how_often)

    def _shape(self) -> None:
        """Only the fields this resolution uses are offered."""
        resolution = Resolution(self.fields.value("resolution"))
        wanted = {
            "hold_until": resolution is Resolution.HOLD,
            "question": resolution is Resolution.CLARIFY,
        }
        for path in ("display", "dose", "route", "frequency_text"):
            wanted[f"medication.{path}"] = resolution in (Resolution.MODIFY, Resolution.NEW)
        for path, shown in wanted.items():
            self.fields.box(path).setVisible(shown)
            label = self.form.labelForField(self.fields.box(path))
            if label is not None:
                label.setVisible(shown)

    def changes(self) -> dict[str, Any]:
        f = self.fields
        resolution = Resolution(f.value("resolution"))
        data: dict[str, Any] = {
            "resolution": resolution.value,
            "intent": f.value("intent"),
            "reason": blank_to_none(f.value("reason")),
            "question": blank_to_none(f.value("question")) if resolution is Resolution.CLARIFY else None,
            "prescriber_response": blank_to_none(f.value("prescriber_response")),
            "double_checked": bool(f.value("double_checked")) and self.line.high_alert,
        }
        if resolution is Resolution.HOLD:
            data["hold_until"] = blank_to_none(f.value("hold_until"))
        if resolution in (Resolution.MODIFY, Resolution.NEW):
            row = medicine_from_row(
                [f.value(f"medication.{n}") for n in ("display", "dose", "route", "frequency_text")]
            )
            base = self.line.current or next((m for m in self.line.by_source.values() if m is not None), None)
            if row is not None and base is not None:
                row = {
                    **base.model_dump(
                        mode="json",
                        include={
                            "rxnorm",
                            "ingredients",
                            "form",
                            "strength",
                            "kind",
                            "indication",
                            "prescriber",
                        },
                    ),
                    **row,
                }
            data["medication"] = row
        return data

    def save(self) -> Any:
        return self._decide(self.changes())


class RemoveSourceDialog(FormDialogBase):
    """A source list added by mistake: which one, and why (it stays on record as entered in error)."""

    def __init__(
        self, sources: list[tuple[str, int]], remove: Callable[[int, str], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__("removeSourceDialog", "Remove a source list", "&Remove", parent)
        self._remove = remove
        self.fields.combo("source", "Source list", sources)
        self.fields.line("reason", "Why it was a mistake")
        self.row("&Source list", "source")
        self.row("&Why", "reason")
        self.say(
            "The list leaves this reconciliation; it stays on record as entered in error, with the reason."
        )

    def save(self) -> Any:
        return self._remove(self.fields.value("source"), self.fields.value("reason"))


class ReasonDialog(FormDialogBase):
    """One reason, for an acknowledgement or a step that could not be done."""

    def __init__(
        self,
        name: str,
        title: str,
        explanation: str,
        save: Callable[[str], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(name, title, "&Record", parent)
        self._save = save
        self.fields.line("reason", "Reason")
        self.row("&Reason", "reason")
        self.say(explanation)

    def save(self) -> Any:
        return self._save(self.fields.value("reason"))
