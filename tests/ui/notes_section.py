"""A chart section that exists only for the registry tests: read lazily, edited with a one-field form."""

from __future__ import annotations

from typing import Any, ClassVar

from carecoord_desktop.services.patients import Chart
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.forms.edit_form import EditForm

LOADS: list[int] = []  # the patient id of each load
SAVED: list[str] = []


class NoteForm(EditForm):
    def __init__(self) -> None:
        super().__init__("noteForm")
        self.fields.line("note", "Note")
        self.body_layout.addWidget(self.fields.box("note"))

    def changes(self) -> dict[str, Any]:
        return {"note": self.fields.value("note")}


class NotesSection(ChartSection):
    key: ClassVar[str] = "notes"
    title: ClassVar[str] = "&Notes"
    edit_text: ClassVar[str] = "Add a &note…"
    lazy: ClassVar[bool] = True
    saved_text: ClassVar[str] = "Note added."

    def load(self, chart: Chart) -> None:
        LOADS.append(chart.id)
        self.text.setText("<br>".join(SAVED) or "No notes.")

    def can_edit(self, chart: Chart) -> bool:
        return True

    def make_form(self) -> EditForm:
        return NoteForm()

    def save(self, form: EditForm) -> Chart | None:
        SAVED.append(form.changes()["note"])
        return None
