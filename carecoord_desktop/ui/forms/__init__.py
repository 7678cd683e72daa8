"""One form system for every screen: `FormFields` (fields keyed by record path, each with its error line,
values and drafts) and `EditForm` (a form with Save and Cancel, repeating rows and draft state)."""
