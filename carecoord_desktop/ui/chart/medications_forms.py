"""The medication entry form (type-ahead over the drug vocabulary, free text allowed and shown as uncoded),
and the small dialogs that hold, stop or mark an entry entered in error with a reason."""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from PySide6.QtCore import QStringListModel, QTimer
from PySide6.QtWidgets import (
    QCompleter,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.drug_vocabulary import Vocabulary, VocabularyEntry
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.domain.medications import Frequency, Medication, MedicationKind
from carecoord_desktop.domain.validation import parse_date_text
from carecoord_desktop.services import medication_vocabulary
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.forms.edit_form import EditForm, add_field, section_title
from carecoord_desktop.ui.forms.fields import FormFields, blank_to_none, message_label

UNKNOWN = ""
CODED_FIELDS = ("rxnorm", "ingredients", "strength", "form")
_TIME = re.compile(r"^(\d{1,2})(?::(\d{2}))?\s*([ap]\.?m\.?)?$", re.IGNORECASE)


def _label(entry: VocabularyEntry) -> str:
    """A type-ahead line: the name, and the generic for a brand ("Coumadin — warfarin")."""
    return f"{entry.name} — {entry.hint}" if entry.hint else entry.name


def parse_moment(text: str, today: date) -> datetime | None:
    """ "11/22/2026 8:00 pm", "11/22/2026 20:00" or a date alone; None when it cannot be read."""
    day_text, _, time_text = text.strip().partition(" ")
    day = parse_date_text(day_text, today)
    if day is None:
        return None
    if not time_text.strip():
        return datetime.combine(day, time())
    found = _TIME.match(time_text.strip())
    if found is None:
        return None
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if found.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if found.group(3).lower().startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return datetime.combine(day, time(hour, minute))


class MedicationForm(EditForm):
    """A new entry, or the facts of an existing one (`medication_id`); its status changes elsewhere."""

    def __init__(self, *, medication_id: int | None = None, today: date) -> None:
        super().__init__("medicationForm")
        self.medication_id = medication_id
        self.today = today
        self.save_button.setText("&Save medication")
        self.vocabulary: Vocabulary | None = None
        self.found: dict[str, VocabularyEntry] = {}
        self.coding: dict[str, Any] = {}
        f = self.fields
        self.display = f.line("display", "Medicine", placeholder="type a name: warfarin, Coumadin, Aleve…")
        self.suggestions = QStringListModel(self)
        self.completer = QCompleter(self.suggestions, self.display)
        self.completer.setObjectName("medicationCompleter")
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.display.setCompleter(self.completer)
        self.completer.activated[str].connect(self.choose)  # type: ignore[index]
        self.display.textEdited.connect(self._typed)
        self.pending = QTimer(self)
        self.pending.setSingleShot(True)
        self.pending.setInterval(120)  # search when typing pauses, not on every key
        self.pending.timeout.connect(self._search)
        self.coded_label = QLabel()
        self.coded_label.setObjectName("medicationCoding")
        self.coded_label.setProperty("hint", True)
        f.combo("kind", "Kind of product", [(k.label, k.value) for k in MedicationKind])
        f.line("dose", "Dose", placeholder="e.g. 1 tablet, 10 units")
        f.line("route", "Route", placeholder="e.g. by mouth")
        f.combo(
            "frequency", "How often", [("Not recorded", UNKNOWN), *((q.label, q.value) for q in Frequency)]
        )
        f.line("frequency_text", "How often, in words", placeholder="e.g. Mon, Wed, Fri at 9 am")
        f.check("prn", "Taken as needed (&PRN)")
        f.line("prn_reason", "Taken as needed for", placeholder="e.g. pain, shortness of breath")
        f.line("indication", "What it is for", placeholder="e.g. atrial fibrillation")
        f.line("prescriber", "Prescriber")
        f.line("start_date", "Start date", placeholder="MM/DD/YYYY")
        f.line("last_dose_taken", "Last dose taken", placeholder="MM/DD/YYYY HH:MM")
        f.line("actual_use", "Actual use, where it differs", placeholder="e.g. takes only half a tablet")
        f.line("notes", "Notes")

        self.body_layout.addWidget(section_title("The medicine"))
        grid = self.grid()
        add_field(grid, 0, 0, "&Medicine (type to search; free text allowed)", f, "display", span=3)
        add_field(grid, 0, 3, "Kin&d", f, "kind")
        grid.addWidget(self.coded_label, 1, 0, 1, 4)
        add_field(grid, 2, 0, "D&ose", f, "dose")
        add_field(grid, 2, 1, "Rout&e", f, "route")
        add_field(grid, 2, 2, "How &often", f, "frequency")
        add_field(grid, 2, 3, "In &words", f, "frequency_text")
        grid.addWidget(f.box("prn"), 3, 0)
        add_field(grid, 3, 1, "As needed &for", f, "prn_reason", span=3)
        self.body_layout.addWidget(section_title("Why, who and how it is really taken"))
        grid = self.grid()
        add_field(grid, 0, 0, "What it is f&or", f, "indication", span=2)
        add_field(grid, 0, 2, "Prescri&ber", f, "prescriber", span=2)
        add_field(grid, 1, 0, "S&tart date", f, "start_date")
        add_field(grid, 1, 1, "&Last dose taken", f, "last_dose_taken")
        add_field(grid, 1, 2, "Act&ual use", f, "actual_use", span=2)
        add_field(grid, 2, 0, "&Notes", f, "notes", span=4)
        self._show_coding()

    # -- coding --------------------------------------------------------------------------------------
    def choose(self, label: str) -> None:
        """A vocabulary line was picked: the display becomes its name and the entry is coded."""
        entry = self.found.get(label)
        if entry is None:
            return
        self.pending.stop()
        self.display.setText(entry.name)
        self.coding = {
            "rxnorm": entry.rxcui,
            "ingredients": list(entry.ingredients),
            "strength": entry.strength,
            "form": entry.form,
            "display": entry.name,
        }
        self._show_coding()

    def set_vocabulary(self, vocabulary: Vocabulary | None, problem: str | None = None) -> None:
        """The vocabulary once loaded (None with the reason when it cannot be: free text only)."""
        self.vocabulary = vocabulary
        if problem:
            self.coded_label.setText(
                f"The drug list is unavailable ({problem}); type the medicine as free text."
            )
        elif self.display.hasFocus() and self.display.isModified():
            self.pending.start()

    def _typed(self, text: str) -> None:
        if self.coding and text.strip() != self.coding.get("display"):
            self.coding = {}  # typed over a vocabulary name: free text now
            self._show_coding()
        self.pending.start()

    def _search(self) -> None:
        if self.vocabulary is None:
            return
        entries = medication_vocabulary.search(self.vocabulary, self.display.text())
        self.found = {_label(e): e for e in entries}
        self.suggestions.setStringList(list(self.found))
        if self.found and self.display.hasFocus():
            self.completer.complete()

    def _show_coding(self) -> None:
        if self.coding:
            code = f"RxNorm {self.coding['rxnorm']}, " if self.coding.get("rxnorm") else ""
            self.coded_label.setText(f"Coded: {code}{', '.join(self.coding['ingredients'])}")
        else:
            self.coded_label.setText("Uncoded: free text, not checked for interactions or allergies")

    def load(self, medication: Medication) -> None:
        f = self.fields
        for path in ("display", "dose", "route", "frequency_text", "prn_reason", "indication", "prescriber"):
            f.set_value(path, getattr(medication, path))
        f.set_value("actual_use", medication.actual_use)
        f.set_value("notes", medication.notes)
        f.set_value("kind", medication.kind.value)
        f.set_value("frequency", medication.frequency.value if medication.frequency else UNKNOWN)
        f.set_value("prn", medication.prn)
        f.set_value("start_date", format_date(medication.start_date) if medication.start_date else "")
        last = medication.last_dose_taken
        f.set_value("last_dose_taken", f"{format_date(last)} {last:%H:%M}" if last else "")
        if medication.coded or medication.rxnorm:
            self.coding = {
                "rxnorm": medication.rxnorm,
                "ingredients": list(medication.ingredients),
                "strength": medication.strength,
                "form": medication.form,
                "display": medication.display,
            }
        self._show_coding()

    # -- values --------------------------------------------------------------------------------------
    def changes(self) -> dict[str, Any]:
        f = self.fields
        data: dict[str, Any] = {
            path: blank_to_none(f.value(path))
            for path in (
                "display",
                "dose",
                "route",
                "frequency_text",
                "prn_reason",
                "indication",
                "prescriber",
                "start_date",
                "actual_use",
                "notes",
            )
        }
        data["kind"] = f.value("kind")
        data["frequency"] = f.value("frequency") or None
        data["prn"] = f.value("prn")
        typed = f.value("last_dose_taken").strip()
        data["last_dose_taken"] = parse_moment(typed, self.today) if typed else None
        if typed and data["last_dose_taken"] is None:
            message = "Enter the last dose as MM/DD/YYYY HH:MM (the time may be left out)"
            raise ValidationFailed(message + ".", {"last_dose_taken": message})
        coding = {k: v for k, v in self.coding.items() if k != "display"}
        data.update(coding or {"rxnorm": None, "ingredients": [], "strength": None, "form": None})
        return data

    def state(self) -> dict[str, Any]:
        return {**super().state(), "_coding": self.coding, "_medication_id": self.medication_id}

    def restore(self, state: dict[str, Any]) -> None:
        super().restore({k: v for k, v in state.items() if not k.startswith("_")})
        self.coding = dict(state.get("_coding") or {})
        self.medication_id = state.get("_medication_id")
        self._show_coding()


class ReasonDialog(FormDialog):
    """Hold, stop or entered-in-error: a reason and, for hold and stop, a date; `act` saves through the
    services and a UserError keeps the dialog open with the message beside its field."""

    def __init__(
        self, parent: QWidget | None, *, title: str, name: str, what: str, date_label: str | None, today: date
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWindowTitle(title)
        self.today = today
        self.general = message_label(f"{name}Error")
        self.fields = FormFields(self.general, prefix=f"{name}_")
        layout = QVBoxLayout(self)
        intro = QLabel(what)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.general)
        form = QFormLayout()
        self.reason = self.fields.line("reason", "Reason")
        caption = QLabel("&Reason")
        caption.setBuddy(self.reason)
        form.addRow(caption, self.fields.box("reason"))
        self.day: QLineEdit | None = None
        if date_label is not None:
            self.day = self.fields.line("day", date_label, placeholder="MM/DD/YYYY")
            day_caption = QLabel(date_label)
            day_caption.setBuddy(self.day)
            form.addRow(day_caption, self.fields.box("day"))
        layout.addLayout(form)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.setObjectName(f"{name}Buttons")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.act: Any = None

    def chosen_day(self) -> date | None:
        """The typed date (None when left blank); a date that cannot be read is a field error."""
        text = self.day.text().strip() if self.day is not None else ""
        if not text:
            return None
        day = parse_date_text(text, self.today)
        if day is None:
            raise ValidationFailed("Enter the date as MM/DD/YYYY.", {"day": "Enter the date as MM/DD/YYYY"})
        return day

    def submit(self) -> None:
        self.fields.clear_errors()
        try:
            self.act(self.reason.text(), self.chosen_day())
        except UserError as exc:
            if isinstance(exc, ValidationFailed):
                exc = ValidationFailed(
                    exc.message,
                    {_field(path): message for path, message in exc.field_errors.items()},
                )
            self.fields.show_error(exc)
            return
        self.accept()


def _field(path: str) -> str:
    """A service's field name as this dialog calls it."""
    if path.endswith("reason"):
        return "reason"
    if path in ("hold_until", "stopped_on", "day"):
        return "day"
    return path
