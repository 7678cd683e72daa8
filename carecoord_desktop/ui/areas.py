"""The areas of the main window, in navigation order. A new area is one entry here (docs/ui-seams.md)."""

from __future__ import annotations

from carecoord_desktop.services.permissions import Permission as P
from carecoord_desktop.ui.area_spec import AreaSpec

CHART_AREA = "patients"  # where MainWindow.open_chart shows a chart

# fmt: off
AREAS: tuple[AreaSpec, ...] = (
    AreaSpec("home", "Today", "carecoord_desktop.ui.today.today_page:TodayPage"),
    AreaSpec("patients", "Patients", "carecoord_desktop.ui.panel.patients_area:PatientsArea",
             permission=P.VIEW_PATIENT_DEMOGRAPHICS, landing=True,
             draft_key="patients", draft_label="patient chart edits"),
    AreaSpec("referrals", "Referrals", "carecoord_desktop.ui.referrals.worklist:ReferralWorklist",
             permission=P.VIEW_REFERRALS, draft_key="referrals", draft_label="referral edits"),
    AreaSpec("transitions", "TCM clocks", "carecoord_desktop.ui.transitions.clocks_area:TcmClocksArea",
             permission=P.VIEW_TRANSITIONS, menu="&Patients", menu_text="&TCM clocks…"),
    AreaSpec("followups", "Follow-ups & letters", "carecoord_desktop.ui.followups.letters_area:FollowUpLettersArea",
             permission=P.SCHEDULE_FOLLOW_UPS, menu="&Patients", menu_text="&Follow-ups, letters and calendar…"),
    AreaSpec("care_gaps", "Care gaps", "carecoord_desktop.ui.followups.care_gaps_area:CareGapsArea",
             permission=P.EDIT_CLINICAL, menu="&Patients", menu_text="Care &gaps…"),
    AreaSpec("staff", "Staff accounts", "carecoord_desktop.ui.admin.staff_accounts:StaffAccountsPage",
             permission=P.MANAGE_STAFF, menu="&Admin", menu_text="&Staff accounts",
             draft_key="admin.staff.add", draft_label="the new staff account form"),
    AreaSpec("settings", "Practice settings", "carecoord_desktop.ui.admin.practice_settings:PracticeSettingsPage",
             permission=P.MANAGE_PRACTICE_SETTINGS, menu="&Admin", menu_text="&Practice settings",
             draft_key="admin.practice_settings", draft_label="practice settings"),
    AreaSpec("referral_timers", "Referral timers", "carecoord_desktop.ui.admin.referral_timers:ReferralTimersPage",
             permission=P.MANAGE_PRACTICE_SETTINGS, menu="&Admin", menu_text="&Referral timers"),
    AreaSpec("handouts", "Patient handouts", "carecoord_desktop.ui.admin.handouts:HandoutsPage",
             permission=P.MANAGE_PRACTICE_SETTINGS, menu="&Admin", menu_text="Patient hand&outs"),
    AreaSpec("high_alert", "High-alert medicines", "carecoord_desktop.ui.admin.high_alert_page:HighAlertPage",
             permission=P.MANAGE_PRACTICE_SETTINGS, menu="&Admin", menu_text="&High-alert medicines"),
    AreaSpec("care_plan_templates", "Care plan templates",
             "carecoord_desktop.ui.care_plans.templates_page:CarePlanTemplatesPage", permission=P.EDIT_CARE_PLAN_TEMPLATES),
    AreaSpec("interaction_pairs", "Interaction pairs", "carecoord_desktop.ui.medrec.pairs_page:InteractionPairsPage",
             permission=P.MANAGE_PRACTICE_SETTINGS, menu="&Admin", menu_text="&Interaction pairs"),
    AreaSpec("audit", "Audit trail", "carecoord_desktop.ui.admin.audit_viewer:AuditViewerPage",
             permission=P.VIEW_AUDIT, menu="&Admin", menu_text="&Audit trail"),
    AreaSpec("backups", "Backups", "carecoord_desktop.ui.admin.backups:BackupsPanel",
             permission=P.RESTORE, menu="&Admin", menu_text="&Backups"),
    AreaSpec("security", "Security", "carecoord_desktop.ui.admin.security_page:SecurityPage",
             permission=P.MANAGE_STAFF, menu="&Admin", menu_text="S&ecurity"),
)
# fmt: on
