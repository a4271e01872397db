"""Writes of the assessment line (docs/assessment.md)."""
