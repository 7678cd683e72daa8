"""Reading data from outside the vault: bundled drug tables, FHIR files."""
