"""What each role may do: the one table, enforced in services (the UI only mirrors it)."""

from __future__ import annotations

from enum import StrEnum

from carecoord_desktop.domain.roles import Role


class Permission(StrEnum):
    MANAGE_STAFF = "manage_staff"
    MANAGE_PRACTICE_SETTINGS = "manage_practice_settings"
    VIEW_AUDIT = "view_audit"
    EXPORT_AUDIT = "export_audit"
    VIEW_VAULT_INFO = "view_vault_info"
    BACKUP = "backup"
    RESTORE = "restore"
    # Patients (issue 3 onward)
    VIEW_PATIENT_DEMOGRAPHICS = "view_patient_demographics"
    EDIT_PATIENT_DEMOGRAPHICS = "edit_patient_demographics"
    VIEW_CLINICAL = "view_clinical"
    EDIT_CLINICAL = "edit_clinical"
    SET_RISK_TIER = "set_risk_tier"
    EXPORT_PATIENT_DATA = "export_patient_data"
    # Programmes (CCM, PCM, TCM) and the patient's consent to them: clinical-programme data, not demographics.
    EDIT_PROGRAMS = "edit_programs"
    # The features ahead (issues 10 to 14): declared once here, used by their services.
    VIEW_MEDICATIONS = "view_medications"
    EDIT_MEDICATIONS = "edit_medications"
    SIGN_OFF_RECONCILIATION = "sign_off_reconciliation"
    VIEW_REFERRALS = "view_referrals"
    REFERRAL_LOGISTICS = "referral_logistics"
    EDIT_REFERRALS = "edit_referrals"
    VIEW_TRANSITIONS = "view_transitions"
    EDIT_TRANSITIONS = "edit_transitions"
    RECORD_CONTACT_ATTEMPTS = "record_contact_attempts"
    SCHEDULE_FOLLOW_UPS = "schedule_follow_ups"
    VIEW_CARE_PLANS = "view_care_plans"
    EDIT_CARE_PLANS = "edit_care_plans"
    EDIT_CARE_PLAN_TEMPLATES = "edit_care_plan_templates"
    PRINT_PATIENT_DOCUMENTS = "print_patient_documents"
    VIEW_DISCLOSURES = "view_disclosures"


# Front desk: demographics, contact preferences, appointments and follow-up logistics; no clinical detail
# (architecture.md "Roles"). Referral logistics is the scheduling side of a referral (who, when, calls),
# not its clinical question or report. A printout that shows clinical data also needs the clinical view.
_FRONT_DESK = {
    Permission.VIEW_PATIENT_DEMOGRAPHICS,
    Permission.EDIT_PATIENT_DEMOGRAPHICS,
    Permission.VIEW_REFERRALS,
    Permission.REFERRAL_LOGISTICS,
    Permission.RECORD_CONTACT_ATTEMPTS,
    Permission.SCHEDULE_FOLLOW_UPS,
    Permission.PRINT_PATIENT_DOCUMENTS,
}
_NURSE = _FRONT_DESK | {
    Permission.VIEW_CLINICAL,
    Permission.EDIT_CLINICAL,
    Permission.SET_RISK_TIER,
    Permission.EXPORT_PATIENT_DATA,
    Permission.EDIT_PROGRAMS,
    Permission.VIEW_MEDICATIONS,
    Permission.EDIT_MEDICATIONS,
    Permission.SIGN_OFF_RECONCILIATION,
    Permission.EDIT_REFERRALS,
    Permission.VIEW_TRANSITIONS,
    Permission.EDIT_TRANSITIONS,
    Permission.VIEW_CARE_PLANS,
    Permission.EDIT_CARE_PLANS,
    Permission.EDIT_CARE_PLAN_TEMPLATES,
    Permission.VIEW_DISCLOSURES,
}
_PROVIDER = set(_NURSE)
# Admins run the practice's system: users, settings, audit, backups. No patient records by default
# (HIPAA minimum necessary, domain.md 8.3).
_ADMIN = {
    Permission.MANAGE_STAFF,
    Permission.MANAGE_PRACTICE_SETTINGS,
    Permission.VIEW_AUDIT,
    Permission.EXPORT_AUDIT,
    Permission.VIEW_VAULT_INFO,
    Permission.BACKUP,
    Permission.RESTORE,
    # The accounting of disclosures (HIPAA 164.528) is the privacy officer's report.
    Permission.VIEW_DISCLOSURES,
    # Condition templates hold no patient data: the practice's admin may keep them too.
    Permission.EDIT_CARE_PLAN_TEMPLATES,
}

ROLE_PERMISSIONS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(_ADMIN),
    Role.PROVIDER: frozenset(_PROVIDER | {Permission.BACKUP}),
    Role.NURSE_COORDINATOR: frozenset(_NURSE | {Permission.BACKUP}),
    Role.FRONT_DESK: frozenset(_FRONT_DESK | {Permission.BACKUP}),
}


DESCRIPTIONS: dict[Permission, str] = {
    Permission.MANAGE_STAFF: "manage staff accounts",
    Permission.MANAGE_PRACTICE_SETTINGS: "change the practice settings",
    Permission.VIEW_AUDIT: "view the audit trail",
    Permission.EXPORT_AUDIT: "export the audit trail",
    Permission.VIEW_VAULT_INFO: "view the vault's technical details",
    Permission.BACKUP: "make backups",
    Permission.RESTORE: "restore backups",
    Permission.VIEW_PATIENT_DEMOGRAPHICS: "view patient details",
    Permission.EDIT_PATIENT_DEMOGRAPHICS: "edit patient details",
    Permission.VIEW_CLINICAL: "view clinical information",
    Permission.EDIT_CLINICAL: "edit clinical information",
    Permission.SET_RISK_TIER: "set a patient's risk tier",
    Permission.EXPORT_PATIENT_DATA: "export or print patient records",
    Permission.EDIT_PROGRAMS: "enrol patients in care programmes or record their consent",
    Permission.VIEW_MEDICATIONS: "view medication lists",
    Permission.EDIT_MEDICATIONS: "change medication lists",
    Permission.SIGN_OFF_RECONCILIATION: "sign off a medication reconciliation",
    Permission.VIEW_REFERRALS: "view referrals",
    Permission.REFERRAL_LOGISTICS: "schedule referrals and log their appointments",
    Permission.EDIT_REFERRALS: "create, review or close referrals",
    Permission.VIEW_TRANSITIONS: "view transitions of care",
    Permission.EDIT_TRANSITIONS: "record transitions of care",
    Permission.RECORD_CONTACT_ATTEMPTS: "record calls and other contact attempts",
    Permission.SCHEDULE_FOLLOW_UPS: "schedule follow-ups",
    Permission.VIEW_CARE_PLANS: "view care plans",
    Permission.EDIT_CARE_PLANS: "write or review care plans",
    Permission.EDIT_CARE_PLAN_TEMPLATES: "edit the practice's care plan templates",
    Permission.PRINT_PATIENT_DOCUMENTS: "print documents for patients or other providers",
    Permission.VIEW_DISCLOSURES: "view the accounting of disclosures",
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
