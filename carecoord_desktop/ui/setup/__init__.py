"""The first-run set-up wizard."""
