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


_FRONT_DESK = {
    Permission.VIEW_PATIENT_DEMOGRAPHICS,
    Permission.EDIT_PATIENT_DEMOGRAPHICS,
}
_NURSE = _FRONT_DESK | {
    Permission.VIEW_CLINICAL,
    Permission.EDIT_CLINICAL,
    Permission.SET_RISK_TIER,
    Permission.EXPORT_PATIENT_DATA,
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
}


def allowed(role: Role, permission: Permission) -> bool:
    return permission in ROLE_PERMISSIONS[role]
