"""The patient panel: the table of patients, its filters, saved views and the in-panel search."""
