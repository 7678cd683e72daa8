"""Admin areas: staff accounts, practice settings, the audit trail."""
