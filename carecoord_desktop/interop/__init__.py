"""Interchange with the outside world: bundled drug tables and FHIR files in, iCalendar out."""
