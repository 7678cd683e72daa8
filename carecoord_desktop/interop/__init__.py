"""Interchange formats in and out (iCalendar now; FHIR R4 later): pure functions of domain records, no I/O."""
