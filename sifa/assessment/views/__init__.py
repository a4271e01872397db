"""Pages of the assessment line (docs/assessment.md)."""
