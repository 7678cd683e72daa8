"""Review a care plan: each open goal's progress (FHIR achievement status) with a note, a note on the whole
review and the next review date (blank: the plan's interval from today). Date and reviewer are stamped by
the service."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from carecoord_desktop.domain.care_plans import CarePlanRecord, GoalAchievement
from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import care_plans
from carecoord_desktop.services.session import Session
from carecoord_desktop.ui.dialogs.form_dialog import FormDialog
from carecoord_desktop.ui.forms.fields import FormFields, blank_to_none, message_label


class ReviewDialog(FormDialog):
    def __init__(self, session: Session, record: CarePlanRecord, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("carePlanReviewDialog")
        self.setWindowTitle("Review the care plan")
        self.setModal(True)
        self.setMinimumWidth(620)
        self.session = session
        self.record = record
        self.fields = FormFields(message_label("carePlanReviewError"), prefix="review_")
        intro = QLabel(
            f"Review of “{record.plan.title}” today by {session.user.full_name}. Set each goal's progress; "
            "the plan's goals take the new status."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.goal_paths: list[tuple[int, str]] = []
        choices = [(a.label, a.value) for a in GoalAchievement]
        for progress in care_plans.progress_choices(record):
            goal = record.plan.goals[progress.goal]
            path = f"progress.{progress.goal}"
            combo = self.fields.combo(f"{path}.achievement", f"Progress of goal {progress.goal + 1}", choices)
            self.fields.set_value(f"{path}.achievement", progress.achievement.value)
            self.fields.line(
                f"{path}.note", f"Note on goal {progress.goal + 1}", placeholder="e.g. A1C 7.4 today"
            )
            caption = QLabel(f"{progress.goal + 1}. {goal.description} (target: {goal.target})")
            caption.setWordWrap(True)
            caption.setBuddy(combo)
            form.addRow(caption)
            form.addRow(self.fields.box(f"{path}.achievement"), self.fields.box(f"{path}.note"))
            self.goal_paths.append((progress.goal, path))
        if not self.goal_paths:
            form.addRow(QLabel("The plan has no open goals; the review records the note and the next date."))
        self.fields.line("note", "Review note")
        self.fields.line(
            "next_review_on", "Next review", placeholder="MM/DD/YYYY (blank: the plan's interval)"
        )
        form.addRow("Review &note", self.fields.box("note"))
        form.addRow("Ne&xt review", self.fields.box("next_review_on"))
        self.buttons = QDialogButtonBox()
        self.ok_button = self.buttons.addButton("Record &review", QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("carePlanReviewSave")
        self.ok_button.setDefault(True)
        cancel = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("carePlanReviewCancel")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.fields.general)
        layout.addWidget(self.buttons)

    def data(self) -> dict[str, Any]:
        f = self.fields
        return {
            "progress": [
                {
                    "goal": goal,
                    "achievement": f.value(f"{path}.achievement"),
                    "note": blank_to_none(f.value(f"{path}.note")),
                }
                for goal, path in self.goal_paths
            ],
            "note": blank_to_none(f.value("note")),
            "next_review_on": blank_to_none(f.value("next_review_on")),
        }

    def submit(self) -> None:
        self.fields.clear_errors()
        try:
            care_plans.record_review(self.session, self.record.patient_id, self.record.id, self.data())
        except UserError as exc:
            self.fields.show_error(exc)
            return
        self.accept()
