"""Views of the mediation line, one module per subject (cases, committees, screening, centre)."""
