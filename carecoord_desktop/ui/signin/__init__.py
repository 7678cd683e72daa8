"""Signing in, forgotten passwords and the recovery key."""
