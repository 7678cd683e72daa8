"""Follow-ups and appointments: the chart tab's forms and dialogs, and the recalls area."""
