"""The sections that read and edit the patient record itself: summary and identity, contact, problems and
allergies, care team."""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtWidgets import QLabel

from carecoord_desktop.services.patients import Chart
from carecoord_desktop.ui.chart import read_views
from carecoord_desktop.ui.chart.clinical_forms import CareTeamForm, ClinicalForm
from carecoord_desktop.ui.chart.demographics_forms import ContactForm, IdentityForm
from carecoord_desktop.ui.chart.section import ChartContext, ChartSection
from carecoord_desktop.ui.forms.edit_form import EditForm


class SummarySection(ChartSection):
    key: ClassVar[str] = "summary"
    title: ClassVar[str] = "&Summary"
    edit_text: ClassVar[str] = "Edit &identity…"

    def __init__(self, context: ChartContext) -> None:
        super().__init__(context)
        self.clinical_hidden = QLabel(read_views.CLINICAL_HIDDEN)
        self.clinical_hidden.setObjectName("clinicalHidden")
        self.clinical_hidden.setProperty("hint", True)
        self.extra.addWidget(self.clinical_hidden)

    def load(self, chart: Chart) -> None:
        self.text.setText(read_views.summary_html(chart, self.context.clock))
        self.clinical_hidden.setVisible(not chart.clinical_visible)

    def can_edit(self, chart: Chart) -> bool:
        return chart.can_edit_demographics

    def make_form(self) -> EditForm:
        return IdentityForm(self.context.staff, clock=self.context.clock)

    def load_form(self, form: EditForm, chart: Chart) -> None:
        assert isinstance(form, IdentityForm)
        form.load(chart.patient, chart.staff_names)


class ContactSection(ChartSection):
    key: ClassVar[str] = "contact"
    title: ClassVar[str] = "C&ontact && preferences"
    edit_text: ClassVar[str] = "Edit co&ntact…"

    def read_html(self, chart: Chart) -> str:
        return read_views.contact_html(chart)

    def can_edit(self, chart: Chart) -> bool:
        return chart.can_edit_demographics

    def make_form(self) -> EditForm:
        return ContactForm(clock=self.context.clock)

    def load_form(self, form: EditForm, chart: Chart) -> None:
        assert isinstance(form, ContactForm)
        form.load(chart.patient)


class ClinicalSection(ChartSection):
    key: ClassVar[str] = "clinical"
    title: ClassVar[str] = "Pro&blems && allergies"
    edit_text: ClassVar[str] = "Edit problems && a&llergies…"

    @classmethod
    def shown_for(cls, chart: Chart) -> bool:
        return chart.clinical_visible

    def read_html(self, chart: Chart) -> str:
        return read_views.clinical_html(chart)

    def can_edit(self, chart: Chart) -> bool:
        return chart.can_edit_clinical

    def make_form(self) -> EditForm:
        assert self.chart is not None
        return ClinicalForm(
            self.context.session.user.id,
            can_set_risk_tier=self.chart.can_set_risk_tier,
            clock=self.context.clock,
        )

    def load_form(self, form: EditForm, chart: Chart) -> None:
        assert isinstance(form, ClinicalForm)
        form.load(chart.patient)


class CareTeamSection(ChartSection):
    key: ClassVar[str] = "careTeam"
    title: ClassVar[str] = "Care t&eam"
    edit_text: ClassVar[str] = "Edit care tea&m…"

    def read_html(self, chart: Chart) -> str:
        return read_views.care_team_html(chart)

    def can_edit(self, chart: Chart) -> bool:
        return chart.can_edit_clinical

    def make_form(self) -> EditForm:
        return CareTeamForm(self.context.staff)

    def load_form(self, form: EditForm, chart: Chart) -> None:
        assert isinstance(form, CareTeamForm)
        form.load(chart.patient, chart.staff_names)
