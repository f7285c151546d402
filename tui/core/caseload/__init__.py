"""A therapist's caseload: many patients' histories in one SQLite file (docs/clinic.md)."""
