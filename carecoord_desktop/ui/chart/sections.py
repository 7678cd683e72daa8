"""The sections of a patient's chart, in tab order. A new section is one line here (docs/ui-seams.md)."""

from __future__ import annotations

CHART_SECTIONS: tuple[str, ...] = (
    "carecoord_desktop.ui.chart.record_sections:SummarySection",
    "carecoord_desktop.ui.chart.record_sections:ContactSection",
    "carecoord_desktop.ui.chart.record_sections:ClinicalSection",
    "carecoord_desktop.ui.chart.record_sections:CareTeamSection",
    "carecoord_desktop.ui.chart.referrals_section:ReferralsSection",
    "carecoord_desktop.ui.chart.transitions_section:TransitionsSection",
    "carecoord_desktop.ui.chart.medications_section:MedicationsSection",
    "carecoord_desktop.ui.chart.followups_section:FollowUpsSection",
    "carecoord_desktop.ui.chart.care_plan_section:CarePlanSection",
    "carecoord_desktop.ui.chart.history_section:HistorySection",
)
