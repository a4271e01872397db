"""Reads of the assessment line, always through `sifa.orgs.access.scope()`."""
