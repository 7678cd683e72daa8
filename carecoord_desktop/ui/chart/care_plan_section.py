"""The chart's Care plan tab: the patient's active plan (the nine elements, reviews, earlier versions);
a new plan from condition templates; correct, revise (a new version) or review it; record the copy given;
print it for the patient or as the provider copy."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from carecoord_desktop.domain.errors import UserError
from carecoord_desktop.services import care_plan_templates, care_plans, directory, referral_worklist
from carecoord_desktop.services.care_plans import ChartCarePlan
from carecoord_desktop.services.patients import Chart
from carecoord_desktop.services.permissions import Permission
from carecoord_desktop.services.printing import PrintRequest
from carecoord_desktop.ui.care_plans.plan_form import CarePlanForm, PlanChoices
from carecoord_desktop.ui.care_plans.plan_view import chart_html
from carecoord_desktop.ui.care_plans.review_dialog import ReviewDialog
from carecoord_desktop.ui.chart.section import ChartSection
from carecoord_desktop.ui.dates import format_date
from carecoord_desktop.ui.forms.edit_form import EditForm
from carecoord_desktop.ui.printing.document_window import open_document

CREATE, CORRECT, REVISE = "create", "correct", "revise"


def _button(text: str, name: str) -> QPushButton:
    button = QPushButton(text)
    button.setObjectName(name)
    return button


class CarePlanSection(ChartSection):
    key: ClassVar[str] = "care_plan"
    title: ClassVar[str] = "Care plan && re&views"  # the only free letter in reach (test_keyboard_flow)
    edit_text: ClassVar[str] = "New care plan…"
    lazy: ClassVar[bool] = True
    saved_text: ClassVar[str] = "Care plan saved. Its next review is on the patient's due items."

    shown: ChartCarePlan | None

    @classmethod
    def shown_for(cls, chart: Chart) -> bool:
        return chart.clinical_visible

    def build_read_page(self) -> QWidget:
        page = super().build_read_page()
        self.shown = None
        self.mode = CREATE
        self.templates_row = QWidget()
        self.templates_row.setObjectName("carePlanTemplatesRow")
        row = QHBoxLayout(self.templates_row)
        row.setContentsMargins(0, 4, 0, 0)
        row.addWidget(QLabel("Start from:"))
        self.template_boxes: dict[str, QCheckBox] = {}
        self.template_holder = QHBoxLayout()
        row.addLayout(self.template_holder)
        row.addStretch(1)
        self.plan_language = QComboBox()
        self.plan_language.setObjectName("carePlanLanguage")
        self.plan_language.setAccessibleName("Language of the new plan")
        self.plan_language.addItem("English", "en")
        self.plan_language.addItem("Spanish", "es")
        row.addWidget(QLabel("written in"))
        row.addWidget(self.plan_language)

        self.actions_row = QWidget()
        self.actions_row.setObjectName("carePlanActions")
        actions = QHBoxLayout(self.actions_row)
        actions.setContentsMargins(0, 4, 0, 0)
        self.review_button = _button("Review…", "carePlanReview")
        self.revise_button = _button("Revise…", "carePlanRevise")
        self.copy_button = _button("Copy given today", "carePlanCopyGiven")
        self.print_button = _button("Print for the patient…", "carePlanPrint")
        self.provider_button = _button("Provider copy…", "carePlanPrintProvider")
        for button in (self.review_button, self.revise_button, self.copy_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.provider_button)
        self.review_button.clicked.connect(self.review)
        self.revise_button.clicked.connect(self.revise)
        self.copy_button.clicked.connect(self.copy_given)
        self.print_button.clicked.connect(lambda: self.print_plan("care_plan"))
        self.provider_button.clicked.connect(lambda: self.print_plan("care_plan_provider"))
        self.edit_button.clicked.disconnect()
        self.edit_button.clicked.connect(self._edit_or_create)

        layout = page.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.templates_row)
        layout.insertWidget(2, self.actions_row)
        return page

    # -- reading -------------------------------------------------------------------------------------
    def load(self, chart: Chart) -> None:
        session, today = self.context.session, self.context.clock.today()
        self.shown = care_plans.for_chart(session, chart.id)  # audited by the service
        self.text.setText(chart_html(self.shown, today))
        has_plan = self.shown.active is not None
        editable = self.can_edit(chart)
        self.edit_button.setText("Correct…" if has_plan else self.edit_text)
        self.templates_row.setVisible(editable and not has_plan)
        self.actions_row.setVisible(has_plan)
        for button in (self.review_button, self.revise_button, self.copy_button):
            button.setVisible(editable)
        self.review_button.setProperty("primary", self.shown.review_due)
        if editable and not has_plan and not self.template_boxes:
            self._fill_templates(chart)

    def _fill_templates(self, chart: Chart) -> None:
        """One tick per template; those that fit the chart's problems start ticked."""
        session = self.context.session
        problems = [p for p in chart.patient.clinical.problems if p.status.is_current]
        fitting = {
            t.key
            for t in care_plan_templates.templates_for_problems(
                session, [p.code for p in problems], [p.text for p in problems]
            )
        }
        for listing in care_plan_templates.list_templates(session):
            template = listing.template
            box = QCheckBox(template.name)
            box.setObjectName(f"carePlanTemplate_{template.key}")
            box.setChecked(template.key in fitting)
            self.template_holder.addWidget(box)
            self.template_boxes[template.key] = box
        language = chart.patient.preferred_language.split("-")[0]
        self.plan_language.setCurrentIndex(max(0, self.plan_language.findData(language)))

    # -- editing -------------------------------------------------------------------------------------
    def can_edit(self, chart: Chart) -> bool:
        return self.context.session.can(Permission.EDIT_CARE_PLANS)

    def _edit_or_create(self) -> None:
        self.mode = CORRECT if self.shown is not None and self.shown.active is not None else CREATE
        self.edit_requested.emit()

    def revise(self) -> None:
        self.mode = REVISE
        self.edit_requested.emit()

    def _choices(self) -> PlanChoices:
        session = self.context.session
        assert self.chart is not None
        outside: list[tuple[str, int]] = []
        referrals: list[tuple[str, int]] = []
        if session.can(Permission.VIEW_REFERRALS):
            outside = [(d.entry.name, d.id) for d in directory.search_directory(session, "", limit=200)]
            referrals = [
                (f"#{r.id} {r.specialty}: {r.directory_name}", r.id)
                for r in referral_worklist.patient_referrals(session, self.chart.id)
            ]
        return PlanChoices(staff=self.context.staff, outside=outside, referrals=referrals)

    def make_form(self) -> EditForm:
        return CarePlanForm(self._choices(), revising=self.mode == REVISE)

    def load_form(self, form: EditForm, chart: Chart) -> None:
        assert isinstance(form, CarePlanForm)
        session = self.context.session
        active = self.shown.active if self.shown is not None else None
        if self.mode == CREATE or active is None:
            self.mode = CREATE
            keys = [key for key, box in self.template_boxes.items() if box.isChecked()]
            try:
                draft = care_plans.draft_from_templates(
                    session, chart.id, keys, self.plan_language.currentData()
                )
            except UserError as exc:
                form.fields.show_message(exc.message)
                return
            form.load(draft)
        else:
            form.load(active.plan.model_dump(mode="json"))

    def save(self, form: EditForm) -> Chart | None:
        assert self.chart is not None and isinstance(form, CarePlanForm)
        session, patient_id = self.context.session, self.chart.id
        active = self.shown.active if self.shown is not None else None
        if self.mode == CREATE or active is None:
            care_plans.create_plan(session, patient_id, form.changes())
        elif self.mode == REVISE:
            care_plans.revise_plan(session, patient_id, active.id, form.changes(), form.reason())
        else:
            care_plans.correct_plan(session, patient_id, active.id, form.changes())
        return None  # the patient record did not change: only this tab is reloaded

    # -- actions -------------------------------------------------------------------------------------
    def review(self) -> None:
        active = self.shown.active if self.shown is not None else None
        if active is None:
            return
        dialog = ReviewDialog(self.context.session, active, self)
        if dialog.exec():
            self.refresh()
            self.notice.say("Review recorded. The next review is on the patient's due items.")

    def copy_given(self) -> None:
        active = self.shown.active if self.shown is not None else None
        if active is None or self.chart is None:
            return
        try:
            record = care_plans.record_copy_given(self.context.session, self.chart.id, active.id)
        except UserError as exc:
            self.notice.say(exc.message, error=True)
            return
        self.refresh()
        self.notice.say(f"Copy given to the patient on {format_date(record.copy_given_on)}.")

    def print_plan(self, document: str) -> None:
        if self.chart is None:
            return
        open_document(self, self.context.session, PrintRequest(document, self.chart.id))
