"""Admin → Care plan templates: the practice's condition templates in English and Spanish, edited as plain
lines (one goal, intervention or warning sign a line), and its own added beside the defaults. Plans already
made keep what they copied; only new plans take an edit."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from carecoord_desktop.domain.care_plan_templates import TEMPLATE_LANGUAGES, CarePlanTemplate, ResponsibleRole
from carecoord_desktop.domain.errors import UserError, ValidationFailed
from carecoord_desktop.services import care_plan_templates
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.area_spec import AreaHost
from carecoord_desktop.ui.widgets.notice import Notice
from carecoord_desktop.ui.widgets.page import page_layout

LANGUAGE_TABS = {"en": "English", "es": "Español"}
LINE_FIELDS = {
    "symptom_management": "Symptom management",
    "education": "Education",
    "call_us_if": "Call us if",
    "call_911_if": "Call 911 if",
}
GOAL_HINT = "One goal a line: goal | what is measured | target | months until due"
INTERVENTION_HINT = "One a line: what | who (" + ", ".join(r.value for r in ResponsibleRole) + ") | how often"


def _role(text: str, line: int) -> str:
    wanted = text.strip().casefold()
    for role in ResponsibleRole:
        if wanted in (role.value, role.label.casefold()):
            return role.value
    raise ValidationFailed(
        f"Intervention line {line}: who must be one of {', '.join(r.value for r in ResponsibleRole)}."
    )


def goals_from_text(text: str) -> list[dict[str, Any]]:
    goals = []
    for number, line in enumerate((x for x in text.splitlines() if x.strip()), start=1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 4 or not parts[3].isdigit():
            raise ValidationFailed(f"Goal line {number}: write goal | what is measured | target | months.")
        goals.append(
            {"description": parts[0], "measure": parts[1], "target": parts[2], "due_in_months": int(parts[3])}
        )
    return goals


def interventions_from_text(text: str) -> list[dict[str, Any]]:
    found = []
    for number, line in enumerate((x for x in text.splitlines() if x.strip()), start=1):
        parts = [p.strip() for p in line.split("|")]
        if len(parts) != 3:
            raise ValidationFailed(f"Intervention line {number}: write what | who | how often.")
        found.append({"description": parts[0], "responsible": _role(parts[1], number), "frequency": parts[2]})
    return found


class _LanguageTab(QWidget):
    def __init__(self, code: str) -> None:
        super().__init__()
        self.setObjectName(f"templateLanguage_{code}")
        form = QFormLayout(self)
        self.name = QLineEdit()
        self.name.setObjectName(f"templateName_{code}")
        self.outcome = QLineEdit()
        self.outcome.setObjectName(f"templateOutcome_{code}")
        self.goals = self._text(f"templateGoals_{code}", GOAL_HINT)
        self.interventions = self._text(f"templateInterventions_{code}", INTERVENTION_HINT)
        self.lines = {name: self._text(f"template_{name}_{code}", "One a line") for name in LINE_FIELDS}
        form.addRow("Name", self.name)
        form.addRow("Expected outcome", self.outcome)
        form.addRow("Goals", self.goals)
        form.addRow("Interventions", self.interventions)
        for name, label in LINE_FIELDS.items():
            form.addRow(label, self.lines[name])

    @staticmethod
    def _text(name: str, hint: str) -> QPlainTextEdit:
        edit = QPlainTextEdit()
        edit.setObjectName(name)
        edit.setPlaceholderText(hint)
        edit.setAccessibleName(hint)
        edit.setMinimumHeight(70)
        return edit

    def show_text(self, text: dict[str, Any] | None) -> None:
        text = text or {}
        self.name.setText(text.get("name", ""))
        self.outcome.setText(text.get("expected_outcome") or "")
        self.goals.setPlainText(
            "\n".join(
                f"{g['description']} | {g['measure']} | {g['target']} | {g['due_in_months']}"
                for g in text.get("goals", [])
            )
        )
        self.interventions.setPlainText(
            "\n".join(
                f"{i['description']} | {i['responsible']} | {i['frequency']}"
                for i in text.get("interventions", [])
            )
        )
        for name, edit in self.lines.items():
            edit.setPlainText("\n".join(text.get(name, [])))

    def values(self) -> dict[str, Any] | None:
        """None when this language is left empty (a Spanish text is optional)."""
        if not self.name.text().strip() and not self.goals.toPlainText().strip():
            return None
        return {
            "name": self.name.text(),
            "expected_outcome": self.outcome.text() or None,
            "goals": goals_from_text(self.goals.toPlainText()),
            "interventions": interventions_from_text(self.interventions.toPlainText()),
            **{name: edit.toPlainText().splitlines() for name, edit in self.lines.items()},
        }


class CarePlanTemplatesPage(QWidget):
    def __init__(self, session: Session, host: AreaHost | None = None) -> None:
        super().__init__()
        self.setObjectName("carePlanTemplatesPage")
        self.session = session
        layout = page_layout(
            self,
            "Care plan templates",
            "What a new care plan starts from for each condition: goals, interventions, education and warning "
            "signs, in English and Spanish. Plans already made keep their own text; only new plans take an edit.",
        )
        self.list = QListWidget()
        self.list.setObjectName("templateList")
        self.list.setAccessibleName("Templates")
        self.list.setMaximumWidth(260)
        self.list.currentItemChanged.connect(self._picked)
        self.key = QLineEdit()
        self.key.setObjectName("templateKey")
        self.key.setPlaceholderText("e.g. ckd (small letters, digits, _)")
        self.codes = QLineEdit()
        self.codes.setObjectName("templateCodes")
        self.codes.setPlaceholderText("ICD-10-CM codes or prefixes, e.g. E11, E13")
        self.review = QSpinBox()
        self.review.setObjectName("templateReviewMonths")
        self.review.setRange(1, 12)
        self.review.setSuffix(" months")
        self.active = QCheckBox("In use (offered for new plans)")
        self.active.setObjectName("templateActive")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("templateLanguages")
        self.languages = {code: _LanguageTab(code) for code in TEMPLATE_LANGUAGES}
        for code, tab in self.languages.items():
            self.tabs.addTab(tab, LANGUAGE_TABS[code])
        self.save_button = QPushButton("&Save template")
        self.save_button.setObjectName("saveTemplate")
        self.save_button.setProperty("primary", True)
        self.save_button.clicked.connect(self.save)
        self.new_button = QPushButton("&New template")
        self.new_button.setObjectName("newTemplate")
        self.new_button.clicked.connect(self.new)
        self.notice = Notice("templatesNotice")

        header = QFormLayout()
        header.addRow("Key", self.key)
        header.addRow("Fits conditions", self.codes)
        header.addRow("Review every", self.review)
        header.addRow("", self.active)
        editor = QVBoxLayout()
        editor.addLayout(header)
        editor.addWidget(self.tabs, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        editor.addLayout(buttons)
        editor.addWidget(self.notice)
        body = QHBoxLayout()
        body.addWidget(self.list)
        body.addLayout(editor, 1)
        layout.addLayout(body, 1)
        self.load()

    def load(self, select: str | None = None) -> None:
        try:
            listed = care_plan_templates.list_templates(self.session, include_retired=True)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            self.save_button.setEnabled(False)
            return
        self.templates = {t.template.key: (t.template, t.active) for t in listed}
        self.list.clear()
        for template, active in self.templates.values():
            item = QListWidgetItem(template.name + ("" if active else " (retired)"))
            item.setData(256, template.key)
            self.list.addItem(item)
        keys = list(self.templates)
        if keys:
            self.list.setCurrentRow(keys.index(select) if select in keys else 0)

    def _picked(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        template, active = self.templates[item.data(256)]
        self.show_template(template, active)

    def show_template(self, template: CarePlanTemplate | None, active: bool = True) -> None:
        data = template.model_dump(mode="json") if template else {"text": {}}
        self.key.setText(data.get("key", ""))
        self.key.setReadOnly(template is not None)
        self.codes.setText(", ".join(data.get("condition_codes", [])))
        self.review.setValue(int(data.get("review_every_months", 6)))
        self.active.setChecked(active)
        for code, tab in self.languages.items():
            tab.show_text(data["text"].get(code))

    def new(self) -> None:
        self.list.clearSelection()
        self.show_template(None)
        self.key.setFocus()

    def values(self) -> dict[str, Any]:
        texts = {code: tab.values() for code, tab in self.languages.items()}
        return {
            "key": self.key.text().strip(),
            "condition_codes": self.codes.text(),
            "review_every_months": self.review.value(),
            "text": {code: text for code, text in texts.items() if text is not None},
        }

    def save(self) -> None:
        try:
            saved = care_plan_templates.save_template(
                self.session, self.values(), active=self.active.isChecked()
            )
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.load(select=saved.key)
        self.notice.say(
            f"Template “{saved.name}” saved. New care plans start from it; plans already made keep their own text."
        )
