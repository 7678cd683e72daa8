"""The patient chart: header, tabs (summary, contact, problems and allergies, care team, history) and edit forms."""
